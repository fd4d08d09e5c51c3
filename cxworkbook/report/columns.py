"""Column widths of the document's tables, shared by the formats that set them (DOCX, HTML).

A table's columns are as wide as their text needs, so that no word is broken in the middle where
the page has room for it: equal columns broke "Asiakaspoistuma" and "31.10.2028" across lines in
a goal table that had room to spare beside its numbers. Widths are reckoned for the DOCX page
(A4 less 2.5 cm margins, 9 or 8 pt text) and read as shares of the width by HTML.
"""

from __future__ import annotations

from cxworkbook.report.document import Block, Table

TEXT_WIDTH_CM = 16  # A4 less its margins
TEXT_WIDTH_TWIPS = round(TEXT_WIDTH_CM / 2.54 * 1440)
LANDSCAPE_WIDTH_CM = 24.7  # A4 on its side, less its margins
LANDSCAPE_WIDTH_TWIPS = round(LANDSCAPE_WIDTH_CM / 2.54 * 1440)
TABLE_FONT_SIZES = (9, 8, 7)  # points: the first at which the table's longest words fit
CHAR_TWIPS_PER_POINT = 11  # an average character is about half as wide as its font is high
CELL_MARGIN_TWIPS = 57  # 0.1 cm left and right of a cell's text, half of Word's default
WIDEST_LINE = 40  # characters; a longer text wraps in its column

Layout = tuple[int, list[int]]  # a table's font size in points, and its column widths in twips


def _needed_twips(characters: int, points: int) -> int:
    return characters * points * CHAR_TWIPS_PER_POINT + 2 * CELL_MARGIN_TWIPS


def _longest_word(column: tuple[str, ...]) -> int:
    return max((len(word) for cell in column for word in cell.split()), default=1)


def _longest_line(column: tuple[str, ...]) -> int:
    return min(WIDEST_LINE, max(len(line) for cell in column for line in cell.split("\n")))


def table_layout(rows: list[list[str]], total: int) -> Layout:
    """The font size and the column widths in twips, summing to `total`, of a table of `rows`
    (its heading first).

    The font is the largest of `TABLE_FONT_SIZES` at which every column's longest word fits.
    Every column gets room for its longest word; what is left goes to the columns whose text
    wraps, in proportion to how much more they would take. Where even the longest words do not
    fit side by side at the smallest size, each column gets its share by its longest word."""
    columns = list(zip(*rows, strict=True))
    for points in TABLE_FONT_SIZES:
        least = [_needed_twips(_longest_word(column), points) for column in columns]
        if sum(least) <= total:
            break
    wanted = [
        max(low, _needed_twips(_longest_line(column), points))
        for low, column in zip(least, columns, strict=True)
    ]
    if sum(wanted) <= total:
        shares = [w / sum(wanted) * total for w in wanted]
    elif sum(least) <= total:
        spare = total - sum(least)
        more = sum(w - low for w, low in zip(wanted, least, strict=True))
        shares = [low + spare * (w - low) / more for w, low in zip(wanted, least, strict=True)]
    else:
        shares = [low / sum(least) * total for low in least]
    widths = [int(share) for share in shares]
    widths[-1] += total - sum(widths)
    return points, widths


def _fits(rows: list[list[str]], total: int) -> bool:
    """Whether every column's longest word fits side by side at the smallest font size."""
    points = TABLE_FONT_SIZES[-1]
    return sum(_needed_twips(_longest_word(c), points) for c in zip(*rows, strict=True)) <= total


def _tables(blocks: list[Block]) -> dict[tuple[str, ...], list[list[str]]]:
    rows: dict[tuple[str, ...], list[list[str]]] = {}
    for block in blocks:
        if isinstance(block, Table):
            rows.setdefault(tuple(block.columns), [block.columns]).extend(block.rows)
    return rows


def is_wide(blocks: list[Block]) -> bool:
    """Whether a section's tables need a page on its side: on an upright page some word of
    theirs would break in the middle ("Kumppan i")."""
    return not all(_fits(texts, TEXT_WIDTH_TWIPS) for texts in _tables(blocks).values())


def section_layouts(
    blocks: list[Block], total: int = TEXT_WIDTH_TWIPS
) -> dict[tuple[str, ...], Layout]:
    """One layout for all tables of a section that have the same heading row, from all their
    rows: the appendix's tables, one per dimension, line up and share a font size."""
    return {heading: table_layout(texts, total) for heading, texts in _tables(blocks).items()}
