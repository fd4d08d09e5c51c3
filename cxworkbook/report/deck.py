"""The vision document as a 16:9 deck (python-pptx), for a consultant to present and a client to
edit: each section's text, tables and charts on slides of their own, the charts native (their
data opens in PowerPoint or LibreOffice Impress), and what their numbers mean in the notes.

Long content flows onto more slides, never shrinks: no text is set under 12 pt. The appendix of
every answer stays in the document.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from xml.sax.saxutils import escape

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls
from pptx.presentation import Presentation as Deck
from pptx.slide import Slide, SlideLayout
from pptx.util import Emu, Inches, Pt

from cxworkbook.canvas import (
    FONT_SIZE,
    CanvasPiece,
    canvas_width,
    slide_pieces,
)
from cxworkbook.report.deck_canvas import draw_canvas
from cxworkbook.report.document import (
    Block,
    Bullets,
    Chart,
    Document,
    Figures,
    Heading,
    Paragraph,
    Section,
    Table,
)
from cxworkbook.report.docx import xml_safe

WIDTH, HEIGHT = Emu(12_192_000), Emu(6_858_000)  # 16:9, as PowerPoint makes it
MARGIN = Inches(0.6)
TOP = Inches(1.45)  # under the slide's title
TEXT_SIZE, TABLE_SIZE, CHART_SIZE = Pt(18), Pt(12), Pt(12)
# What a slide holds before its content flows onto the next one
TEXT_CHARACTERS = 900  # of paragraphs and bullets at TEXT_SIZE
TABLE_LINES = 13  # table rows of text at TABLE_SIZE, a long cell counting for its lines
CELL_CHARACTERS = 28  # to a line in a table's cell
CAPTION_CHARACTERS = 160  # a text this short goes with the table or chart after it
CAPTION_HEIGHT = Inches(0.6)
Box = tuple[Emu, Emu, Emu, Emu]  # left, top, width, height
LEFT_OUT = {"appendix"}
KINDS = {
    "bars": XL_CHART_TYPE.COLUMN_CLUSTERED,
    "stacked": XL_CHART_TYPE.COLUMN_STACKED,
    "lines": XL_CHART_TYPE.LINE_MARKERS,
    "rows": XL_CHART_TYPE.BAR_CLUSTERED,
}
FIGURES_PER_SLIDE = 2  # charts side by side (the goals' paths)
TEXT_FLOOR = Pt(12)  # no text on a slide is smaller
SERIES_COLOURS = ("D55E00", "0072B2", "009E73", "CC79A7", "E69F00", "56B4E9", "000000")


@dataclass
class _Text:
    """Paragraphs and bullets gathered for one slide: (text, is a bullet, is strong)."""

    lines: list[tuple[str, bool, bool]]

    @property
    def size(self) -> int:
        return sum(len(text) for text, _, _ in self.lines)


def _lines(block: Block) -> list[tuple[str, bool, bool]]:
    if isinstance(block, Paragraph):
        return [(block.text, False, block.strong)]
    if isinstance(block, Bullets):
        return [(item, True, False) for item in block.items]
    if isinstance(block, Heading):
        return [(block.text, False, True)]
    return []


Content = _Text | Table | tuple[Figures, ...] | CanvasPiece  # what one slide shows


def _chart_pieces(chart: Chart, body: Box) -> Iterator[tuple[str, Content]]:
    """A chart's slides: its figures a few at a time, or the canvas in pieces a slide holds
    whole, each with its title."""
    if chart.canvas is not None:
        stages, height = _canvas_room(body)
        piece = chart.canvas
        for part in slide_pieces(piece, stages, height):
            yield part.title, part
        return
    for start in range(0, len(chart.figures), FIGURES_PER_SLIDE):
        yield "", chart.figures[start : start + FIGURES_PER_SLIDE]


def _pieces(section: Section, body: Box) -> Iterator[tuple[str, Content, str]]:
    """The section's content in the pieces slides take, each with a caption and what the notes
    say of it: text gathered up to a slide's worth, a table's rows a slide at a time, charts a
    slide each (or more). A short text right before a table or a chart (a sub-heading, a
    legend) becomes its caption."""
    text = _Text([])
    for block in section.blocks:
        if isinstance(block, Table | Chart):
            caption = ""
            if text.lines and text.size <= CAPTION_CHARACTERS and len(text.lines) == 1:
                caption, text = text.lines[0][0], _Text([])
            elif text.lines:
                yield "", text, ""
                text = _Text([])
            if isinstance(block, Table):
                yield from ((caption, part, "") for part in _table_pieces(block))
            else:
                for title, part in _chart_pieces(block, body):
                    yield title or caption, part, block.alt
            continue
        for line in _lines(block):
            if text.lines and text.size + len(line[0]) > TEXT_CHARACTERS:
                yield "", text, ""
                text = _Text([])
            text.lines.append(line)
    if text.lines:
        yield "", text, ""


def _row_lines(row: list[str]) -> int:
    return max(1, *(-(-len(cell) // CELL_CHARACTERS) for cell in row))


def _table_pieces(table: Table) -> Iterator[Table]:
    rows: list[list[str]] = []
    for row in table.rows:
        if rows and sum(map(_row_lines, rows)) + _row_lines(row) > TABLE_LINES:
            yield Table(table.columns, rows)
            rows = []
        rows.append(row)
    yield Table(table.columns, rows)


def _body(deck: Deck) -> Box:
    """Where a slide's content goes: under its title, within the slide's margins."""
    width, height = deck.slide_width, deck.slide_height
    return (MARGIN, TOP, Emu(width - 2 * MARGIN), Emu(height - TOP - Inches(0.4)))


def _layout(deck: Deck, name: str, index: int) -> SlideLayout:
    """The layout of that name, as PowerPoint names its own; in a template that renamed them, the
    one at PowerPoint's index, or else the first."""
    layouts = list(deck.slide_layouts)
    named = [layout for layout in layouts if layout.name == name]
    return named[0] if named else layouts[index if index < len(layouts) else 0]


def _titled(slide: Slide, title: str) -> None:
    if slide.shapes.title is not None:
        slide.shapes.title.text = xml_safe(title)
    else:  # a template's layout without a title placeholder
        box = slide.shapes.add_textbox(MARGIN, Inches(0.4), Inches(11), Inches(0.9))
        run = box.text_frame.paragraphs[0].add_run()
        run.text, run.font.size = xml_safe(title), Pt(32)


def _new_slide(deck: Deck, title: str) -> Slide:
    slide = deck.slides.add_slide(_layout(deck, "Title Only", 5))
    _titled(slide, title)
    return slide


def _without_slides(deck: Deck) -> Deck:
    """A template's masters and layouts, without the slides it came with."""
    slides = deck.slides._sldIdLst  # python-pptx has no public way to remove a slide
    for slide_id in list(slides):
        deck.part.drop_rel(slide_id.rId)
        slides.remove(slide_id)
    return deck


def _captioned(slide: Slide, caption: str, body: Box) -> Box:
    """The caption over the slide's content, if any; the box left for the content."""
    if not caption:
        return body
    left, top, width, height = body
    frame = slide.shapes.add_textbox(left, top, width, CAPTION_HEIGHT).text_frame
    frame.word_wrap = True
    run = frame.paragraphs[0].add_run()
    run.text = xml_safe(caption)
    run.font.size, run.font.bold = Pt(16), True
    return (left, Emu(top + CAPTION_HEIGHT), width, Emu(height - CAPTION_HEIGHT))


def _text_slide(slide: Slide, text: _Text, body: Box) -> None:
    box = slide.shapes.add_textbox(*body)
    frame = box.text_frame
    frame.word_wrap = True
    for index, (line, bullet, strong) in enumerate(text.lines):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = xml_safe(("• " if bullet else "") + line)
        run.font.size = TEXT_SIZE
        run.font.bold = strong
        paragraph.space_after = Pt(8)


def _cell_xml(text: str, bold: bool) -> str:
    """A table cell as DrawingML, each line of its text a paragraph, as python-pptx writes it."""
    run = f'<a:rPr sz="{TABLE_SIZE.centipoints}" b="{int(bold)}"/>'
    paragraphs = "".join(
        f"<a:p><a:r>{run}<a:t>{escape(line)}</a:t></a:r></a:p>" if line else "<a:p/>"
        for line in xml_safe(text).split("\n")
    )
    return f"<a:tc><a:txBody><a:bodyPr/><a:lstStyle/>{paragraphs}</a:txBody><a:tcPr/></a:tc>"


def _table_slide(slide: Slide, table: Table, box: Box) -> None:
    """The table's rows are parsed from one piece of XML: set cell by cell through python-pptx,
    the tables took a third of a large deck's time."""
    shape = slide.shapes.add_table(len(table.rows) + 1, len(table.columns), *box)
    texts = [(table.columns, True), *((row, False) for row in table.rows)]
    rows = "".join(
        "<a:tr>" + "".join(_cell_xml(text, bold) for text in row) + "</a:tr>" for row, bold in texts
    )
    filled = parse_xml(f"<a:tbl {nsdecls('a')}>{rows}</a:tbl>")
    for empty, row in zip(shape.table._tbl.tr_lst, list(filled), strict=True):
        row.set("h", empty.get("h"))
        empty.getparent().replace(empty, row)


def _chart(slide: Slide, figures: Figures, box: Box) -> None:
    data = CategoryChartData()
    data.categories = [xml_safe(c) for c in figures.categories]
    for name, values in figures.series:
        data.add_series(xml_safe(name), values)
    frame = slide.shapes.add_chart(KINDS[figures.kind], *box, data)
    drawn = frame.chart
    drawn.font.size = CHART_SIZE
    if figures.title:
        drawn.has_title = True
        drawn.chart_title.text_frame.text = xml_safe(figures.title)
        drawn.chart_title.text_frame.paragraphs[0].runs[0].font.size = CHART_SIZE
    drawn.has_legend = len(figures.series) > 1
    if drawn.has_legend:
        drawn.legend.position = XL_LEGEND_POSITION.TOP
        drawn.legend.include_in_layout = False
    if figures.kind == "rows":  # the first category at the top, as the table lists them
        drawn.category_axis.reverse_order = True
    axis = drawn.value_axis
    if figures.axis:
        axis.has_title = True
        axis.axis_title.text_frame.text = xml_safe(figures.axis)
    if figures.scale is not None:
        axis.minimum_scale, axis.maximum_scale = figures.scale
        axis.major_unit = 1
    for series, colour in zip(drawn.plots[0].series, SERIES_COLOURS, strict=False):
        rgb = RGBColor.from_string(colour)
        if figures.kind == "lines":
            series.format.line.color.rgb = rgb
            series.format.line.width = Pt(3)
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = rgb


def _charts_slide(slide: Slide, charts: tuple[Figures, ...], box: Box) -> None:
    """One chart, or a few side by side."""
    left, top, width, height = box
    each = Emu(int(width / len(charts)))
    for index, figures in enumerate(charts):
        _chart(slide, figures, (Emu(left + index * each), top, each, height))


def _canvas_scale(width: int) -> tuple[int, float]:
    """How many stages of the canvas a slide of `width` shows side by side with no text under
    12 pt, and the EMU a pixel of the canvas takes then."""
    fitting = [
        stages
        for stages in range(1, 8)
        if FONT_SIZE * width / canvas_width(stages) >= TEXT_FLOOR.emu
    ]
    stages = max(fitting, default=1)
    return stages, width / canvas_width(stages)


def _canvas_room(body: Box) -> tuple[int, float]:
    """The stages a slide's canvas shows, and how many pixels tall it may be under its title."""
    _, _, width, height = body
    stages, scale = _canvas_scale(width)
    return stages, (height - CAPTION_HEIGHT) / scale


def _title_slide(deck: Deck, document: Document) -> None:
    slide = deck.slides.add_slide(_layout(deck, "Title Slide", 0))
    _titled(slide, document.title)
    placeholders = [p for p in slide.placeholders if p.placeholder_format.idx != 0]
    if placeholders:
        subtitle = placeholders[0].text_frame
    else:
        subtitle = slide.shapes.add_textbox(MARGIN, Inches(4), Inches(11), Inches(2.5)).text_frame
    subtitle.text = xml_safe(document.subtitle)
    for label, value in document.facts:
        paragraph = subtitle.add_paragraph()
        paragraph.text = xml_safe(f"{label}: {value}")
        paragraph.runs[0].font.size = Pt(14)


def render_pptx(document: Document, template: bytes | None = None) -> bytes:
    """The deck, on the masters of a PowerPoint `template` if one is given (its slide size too),
    else 16:9 on python-pptx's plain ones."""
    if template:
        deck = _without_slides(Presentation(io.BytesIO(template)))
    else:
        deck = Presentation()
        deck.slide_width, deck.slide_height = WIDTH, HEIGHT
    body = _body(deck)
    deck.core_properties.title = xml_safe(document.title)
    deck.core_properties.author = xml_safe(document.frame.organisation)
    deck.core_properties.language = document.language
    _title_slide(deck, document)
    for section in document.sections:
        if section.id in LEFT_OUT:
            continue
        for caption, piece, alt in _pieces(section, body):
            slide = _new_slide(deck, section.heading)
            box = _captioned(slide, caption, body)
            if isinstance(piece, _Text):
                _text_slide(slide, piece, box)
            elif isinstance(piece, Table):
                _table_slide(slide, piece, box)
            elif isinstance(piece, CanvasPiece):
                draw_canvas(slide, piece, box, _canvas_scale(box[2])[1], document.language)
            else:
                _charts_slide(slide, piece, box)
            notes = "\n\n".join(part for part in (alt, section.notes) if part)
            if notes:
                slide.notes_slide.notes_text_frame.text = xml_safe(notes)
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()
