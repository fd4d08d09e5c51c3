"""The vision document: each format read back finds every section, the organisation, each goal,
each promise and the charts; an empty workbook says what is missing; hostile text stays text."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from html.parser import HTMLParser

import docx
import pytest
from altair.vegalite.v6.schema.core import Root
from docx.shared import Cm, Emu

from cxworkbook import ops
from cxworkbook.goals import GoalDraft
from cxworkbook.i18n import translate
from cxworkbook.journey import stages_from_template
from cxworkbook.report.build import build_document
from cxworkbook.report.bundle import render_zip
from cxworkbook.report.columns import (
    CELL_MARGIN_TWIPS,
    CHAR_TWIPS_PER_POINT,
    LANDSCAPE_WIDTH_TWIPS,
    TABLE_FONT_SIZES,
    table_layout,
)
from cxworkbook.report.document import (
    Chart,
    Document,
    Frame,
    Heading,
    Paragraph,
    Section,
    Table,
)
from cxworkbook.report.docx import TEXT_WIDTH, render_docx, xml_safe
from cxworkbook.report.exports import export
from cxworkbook.report.html import render_html
from cxworkbook.report.markdown import escape, render_markdown
from cxworkbook.store.workbooks import export_yaml
from tests import edits
from tests.conftest import EXAMPLE_ID, create

SECTIONS_FI = [
    "Tiivistelmä",
    "Kypsyysprofiili",
    "Missä olimme eri mieltä",
    "Asiakastieto ja CRM",
    "Mitattavat tavoitteet",
    "Asiakaspolkukartta",
    "Asiakaslupaukset",
    "Visio",
    "Seuraavat askeleet",
    "Liite: kaikki vastaukset",
]
GOALS = ["Asiakaspoistuma puolittuu", "Reklamaatiot kahdessa päivässä"]
PROMISES = ["Vastaamme päivässä tai saat 10 €", "Hymyilemme aina"]


def fill(store, *, text: str = "") -> None:
    """Every step of the example workbook filled in; `text` is added to every text field."""
    wb = EXAMPLE_ID
    store.update(wb, edits.crm("state", "legacy"))
    store.update(wb, edits.crm("data_quality", 2))
    store.update(wb, ops.commit_crm_step("legacy-ask-users", True))
    store.update(wb, edits.crm("notes", "Kaksi järjestelmää" + text))
    # a note on a question the participants disagree on: the discussion shows it
    store.update(wb, edits.answer("2026-10", "anna", "leadership.owner", "note", "Vastuu" + text))
    day = dt.date(2026, 11, 1)
    for title in GOALS:
        store.update(
            wb,
            ops.add_goal(
                GoalDraft(
                    title=title + text,
                    unit="%",
                    baseline_date=day,
                    deadline=day.replace(year=2028),
                    dimensions=("data-crm",),
                )
            ),
        )
    goal_id = store.read(wb).goals[0].id
    store.update(wb, edits.goal(goal_id, "baseline", 12.0))
    store.update(wb, edits.goal(goal_id, "target", 6.0))
    store.update(wb, edits.goal(goal_id, "metric", "Poistuma" + text))
    from cxworkbook import QUESTIONNAIRES_DIR
    from cxworkbook.packs import load_packs

    packs = load_packs(QUESTIONNAIRES_DIR)
    store.update(
        wb, ops.start_journey(stages_from_template(packs.journey.template("purchase"), "fi"))
    )
    store.update(wb, edits.journey("segment", "Kotitaloudet" + text))
    store.update(
        wb,
        ops.add_touchpoint(
            "decide",
            "Sopimus verkossa" + text,
            emotion=1,
            moment_that_matters=True,
            pain_point="Mittarin numero" + text,
        ),
    )
    store.update(wb, ops.add_touchpoint("need", "Hintavertailu", emotion=3))
    store.update(wb, ops.add_promise(PROMISES[0] + text, "Odotus" + text))
    promise_id = store.read(wb).promises[0].id
    store.update(wb, edits.promise(promise_id, "metric", "vastausaika"))
    store.update(wb, edits.promise(promise_id, "target", "1 arkipäivä"))
    store.update(wb, ops.add_promise(PROMISES[1] + text))
    for field in ("statement", "strategy", "technology", "people"):
        store.update(wb, edits.vision(field, f"{field} {text}"))


WHEN = dt.datetime(2026, 10, 14, 9, 30, tzinfo=dt.UTC)
FRAME = Frame("Org", WHEN, WHEN, "Page {page} of {pages}", "Contents")


def in_language(workbook, lang: str):
    return workbook.model_copy(update={"meta": workbook.meta.model_copy(update={"language": lang})})


@pytest.fixture
def filled(example_store):
    fill(example_store)
    return example_store


@pytest.fixture
def document(filled, packs) -> Document:
    return build_document(filled.read(EXAMPLE_ID), packs)


class Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.h2: list[str] = []
        self.text: list[str] = []
        self._in_h2 = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_h2 = tag == "h2"

    def handle_endtag(self, tag):
        if tag == "h2":
            self._in_h2 = False

    def handle_data(self, data):
        self.text.append(data)
        if self._in_h2:
            self.h2.append(data)


def parse_html(html: str) -> Collect:
    parser = Collect()
    parser.feed(html)
    return parser


def docx_text(data: bytes) -> tuple[object, str]:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    return document, "\n".join(parts)


def test_markdown_has_every_section_goal_and_promise(document):
    text = render_markdown(document)
    for heading in SECTIONS_FI:
        assert f"## {escape(heading)}" in text
    assert "Kaarnakoski Energia Oy" in text
    for item in GOALS + PROMISES:
        assert item in text


POINT_DECIMAL = re.compile(r"(?<![\d.])[+-]?\d+\.\d(?![\d.])")  # 2.3, +1.2; not 24.11.2026
COMMA_DECIMAL = re.compile(r"(?<![\d,])[+-]?\d+,\d(?![\d,])")


def test_markdown_has_no_charts_and_speaks_of_none(document):
    """It has no pictures: a chart's description there spoke of "the table beside" a chart the
    reader did not have."""
    text = render_markdown(document)
    alts = [b.alt for s in document.sections for b in s.blocks if isinstance(b, Chart)]
    assert alts
    assert not any(escape(alt) in text for alt in alts)
    assert "Kaavio" not in text


def test_a_finnish_document_writes_every_decimal_with_a_comma(filled, packs, document):
    text = render_markdown(document).replace("WCAG 2.1", "WCAG")  # a version, not a decimal
    assert not POINT_DECIMAL.findall(text)
    assert "Kokonaistaso 2,3/5: lähimpänä tasoa 2, ”Alulla”." in text
    assert "| −3 prosenttiyksikköä |" in text  # the churn goal's pace, 12 % → 6 % in two years
    chart_texts = " ".join(re.findall(r">([^<]+)</text>", render_html(document)))
    assert COMMA_DECIMAL.findall(chart_texts)  # the gaps beside the dimensions
    assert not POINT_DECIMAL.findall(chart_texts)
    workbook = in_language(filled.read(EXAMPLE_ID), "en")
    english = render_markdown(build_document(workbook, packs))
    assert "Overall 2.3 of 5: nearest to level 2, “Emerging”." in english
    assert "| -3 percentage points |" in english
    assert not COMMA_DECIMAL.findall(english)


def test_html_is_self_contained_with_every_section_and_inline_charts(document):
    html = render_html(document)
    parsed = parse_html(html)
    assert parsed.h2 == SECTIONS_FI
    tags = [tag for tag, _ in parsed.tags]
    charts = [b.alt for s in document.sections for b in s.blocks if isinstance(b, Chart)]
    assert tags.count("svg") == len(charts)  # every chart the app shows, the canvas in pieces
    labels = {a.get("aria-label") for tag, a in parsed.tags if tag == "svg"}
    for alt in ("ratings_alt", "delivery_alt"):
        assert translate("fi", f"journey.charts.{alt}") in labels
    assert {translate("fi", "journey.canvas.alt"), translate("fi", "workshop.roles.alt")} <= labels
    assert "script" not in tags
    meta = [a for tag, a in parsed.tags if tag == "meta" and a.get("http-equiv")]
    assert meta[0]["content"].startswith("default-src 'none'")
    assert not [a for tag, a in parsed.tags if "src" in a]  # nothing loads
    links = [a["href"] for tag, a in parsed.tags if "href" in a]
    assert links == [f"#{section.id}" for section in document.sections]  # the contents
    body = "".join(parsed.text)
    assert "Kaarnakoski Energia Oy" in body
    for item in GOALS + PROMISES:
        assert item in body
    assert "@media print" in html


def test_docx_has_headings_tables_pictures_goals_and_promises(document):
    doc, text = docx_text(render_docx(document))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == SECTIONS_FI
    charts = [b for s in document.sections for b in s.blocks if isinstance(b, Chart)]
    assert len(doc.inline_shapes) == len(charts)
    assert len(doc.tables) >= 5
    assert "Kaarnakoski Energia Oy" in text
    for item in GOALS + PROMISES:
        assert item in text
    assert doc.core_properties.language == "fi-FI"


def _longest_word_twips(column: list[str], points: int) -> int:
    longest = max(len(word) for cell in column for word in cell.split())
    return longest * points * CHAR_TWIPS_PER_POINT + 2 * CELL_MARGIN_TWIPS


def test_docx_pages_are_a4_and_every_column_has_room_for_its_longest_word(document):
    """Equal columns broke "Asiakaspoistuma" and "31.10.2028" mid-word in the goal table while
    the columns of numbers beside them had room to spare; the journey's eight columns broke
    "Kumppan i" until its section was turned on its side."""
    doc, _ = docx_text(render_docx(document))
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    text_width = Emu(section.page_width - section.left_margin - section.right_margin)
    assert round(text_width.cm, 1) == round(TEXT_WIDTH.cm, 1)
    assert all(shape.width <= TEXT_WIDTH for shape in doc.inline_shapes)
    goal_table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Tavoite")
    assert "Asiakaspoistuma" in goal_table.rows[1].cells[0].text
    for table in doc.tables:
        grid = [column.w.twips for column in table._tbl.tblGrid.gridCol_lst]
        assert sum(grid) in (TEXT_WIDTH.twips, LANDSCAPE_WIDTH_TWIPS)  # upright, or on its side
        size = table.rows[0].cells[0].paragraphs[0].runs[0].font.size.pt
        assert size in TABLE_FONT_SIZES
        for index, width in enumerate(grid):
            cells = [row.cells[index] for row in table.rows]
            assert all(cell.width.twips == width for cell in cells)  # Word reads cells' widths
            column = [cell.text for cell in cells]
            assert width >= _longest_word_twips(column, int(size)), column[0]


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def field_codes(part) -> list[str]:
    return [code.text.strip() for code in part.iter(f"{W}instrText")]


def test_docx_is_a_deliverable_with_its_own_properties_language_and_page_frame(filled, packs):
    """Not the library's defaults ("python-docx", 2013, US English): the workbook's title,
    organisation and dates, proofed in its language; a header and a page number on every page
    but the title page; a table of contents listing every section."""
    workbook = filled.read(EXAMPLE_ID)
    document = build_document(workbook, packs)
    doc, _ = docx_text(render_docx(document))
    properties = doc.core_properties
    assert (properties.title, properties.author) == (
        "Digitaalisen asiakaskokemuksen työpaja",
        "Kaarnakoski Energia Oy",
    )
    assert (properties.last_modified_by, properties.language) == ("Kaarnakoski Energia Oy", "fi-FI")
    assert properties.created.date() == workbook.meta.created.date()
    assert properties.modified.date() == workbook.meta.updated.date()
    assert "python-docx" not in (properties.comments, properties.author, properties.keywords)
    [lang] = doc.styles.element.find(f"{W}docDefaults").iter(f"{W}lang")
    assert {lang.get(f"{W}{a}") for a in ("val", "eastAsia", "bidi")} == {"fi-FI"}

    first = doc.sections[0]
    assert first.different_first_page_header_footer  # the title page stands bare
    assert first.header.paragraphs[0].text == (
        "Kaarnakoski Energia Oy · Digitaalisen asiakaskokemuksen työpaja"
    )
    assert field_codes(first.footer._element) == ["PAGE", "NUMPAGES"]
    assert first.footer.paragraphs[0].text.startswith("Sivu 1/1")
    for section in doc.sections[1:]:  # pages turned for a wide table keep the same frame
        assert not section.different_first_page_header_footer
        assert section.header.is_linked_to_previous and section.footer.is_linked_to_previous

    body = doc.element.body
    assert [code for code in field_codes(body) if code.startswith("TOC")] == [
        'TOC \\o "1-1" \\h \\z \\u'
    ]
    listed = [p.text for p in doc.paragraphs if p.style.name == "toc 1"]
    assert listed == [section.heading for section in document.sections]
    for name in ("Heading 1", "Heading 2"):
        assert doc.styles[name].paragraph_format.keep_with_next
    pictures = [p for p in doc.paragraphs if p._p.xpath(".//pic:pic")]
    assert pictures and all(p.paragraph_format.keep_with_next for p in pictures)


def test_a_wide_table_turns_its_section_on_its_side_and_the_next_upright_again(
    shipped_store, packs
):
    """The shipped example's journey: eight columns of long words."""
    doc, _ = docx_text(render_docx(build_document(shipped_store.read(EXAMPLE_ID), packs)))
    turned = [s for s in doc.sections if s.page_width > s.page_height]
    assert len(turned) == 1
    assert (round(turned[0].page_width.cm, 1), round(turned[0].page_height.cm, 1)) == (29.7, 21.0)
    assert doc.sections[-1].page_width < doc.sections[-1].page_height
    journey = next(t for t in doc.tables if t.rows[0].cells[1].text == "Kosketuspiste")
    assert sum(c.w.twips for c in journey._tbl.tblGrid.gridCol_lst) == LANDSCAPE_WIDTH_TWIPS
    assert journey.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None  # repeats on each page


def test_docx_tables_with_the_same_heading_row_line_up(document):
    """The appendix has a table per dimension; each one laid out by its own text alone made the
    columns jump from one dimension to the next."""
    doc, _ = docx_text(render_docx(document))
    by_heading: dict[tuple[str, ...], set[tuple[int, ...]]] = {}
    for table in doc.tables:
        heading = tuple(cell.text for cell in table.rows[0].cells)
        grid = tuple(column.w.twips for column in table._tbl.tblGrid.gridCol_lst)
        size = table.rows[0].cells[0].paragraphs[0].runs[0].font.size.pt
        by_heading.setdefault(heading, set()).add((size, *grid))
    [appendix] = [heading for heading in by_heading if "Tiimi" in heading]
    assert sum(t.rows[0].cells[-2].text == "Tiimi" for t in doc.tables) == 12  # a dimension each
    assert all(len(layouts) == 1 for layouts in by_heading.values()), appendix


def test_html_tables_take_the_docx_tables_shares_of_the_width_and_font_size(document):
    """So a score such as "2,5 → 4,5" is not broken over two lines on screen, and on paper every
    table fits the page at the size at which it fits the DOCX."""
    doc, _ = docx_text(render_docx(document))
    in_docx = []
    for table in doc.tables:
        grid = [column.w.twips for column in table._tbl.tblGrid.gridCol_lst]
        size = int(table.rows[0].cells[0].paragraphs[0].runs[0].font.size.pt)
        in_docx.append((size, [f"{100 * w / sum(grid):.1f}" for w in grid]))
    in_html = [
        (int(size), re.findall(r"width: ([\d.]+)%", cols))
        for size, cols in re.findall(
            r'<table class="pt(\d+)"><colgroup>(.*?)</colgroup>', render_html(document)
        )
    ]
    assert in_html == in_docx


def test_a_table_takes_the_larger_font_where_its_words_fit_and_shares_out_the_rest():
    rows = [["Osa-alue", "Nyt"], ["Digitaalinen vuorovaikutus ja personointi", "1,6"]]
    points, widths = table_layout(rows, TEXT_WIDTH.twips)
    assert points == max(TABLE_FONT_SIZES)
    assert sum(widths) == TEXT_WIDTH.twips
    assert widths[0] > 4 * widths[1]  # the text, not the number, gets the room
    crowded = [[f"Sana{'x' * 20}{n}" for n in range(6)]]
    points, widths = table_layout(crowded, TEXT_WIDTH.twips)
    assert points == min(TABLE_FONT_SIZES)  # no size fits: the smallest, shared out evenly
    assert sum(widths) == TEXT_WIDTH.twips and max(widths) - min(widths) <= 6


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_no_heading_in_the_document_repeats_the_heading_of_its_section(filled, packs, lang):
    """The vision section began "Visio", then "Visio" again over the statement."""
    workbook = in_language(filled.read(EXAMPLE_ID), lang)
    for section in build_document(workbook, packs).sections:
        inner = [block.text for block in section.blocks if isinstance(block, Heading)]
        assert section.heading not in inner, section.heading


def test_many_goals_are_drawn_five_to_a_picture_so_each_fits_a_page(filled, packs):
    day = dt.date(2026, 11, 1)
    for n in range(11):
        draft = GoalDraft(
            title=f"Lisätavoite {n}", baseline_date=day, deadline=day.replace(year=2028)
        )
        saved = filled.update(EXAMPLE_ID, ops.add_goal(draft))
        goal_id = saved.goals[-1].id
        filled.update(EXAMPLE_ID, edits.goal(goal_id, "baseline", 1.0))
        filled.update(EXAMPLE_ID, edits.goal(goal_id, "target", 2.0 + n))
    document = build_document(filled.read(EXAMPLE_ID), packs)
    goals = next(s for s in document.sections if s.id == "goals")
    drawn = []
    for chart in (b for b in goals.blocks if isinstance(b, Chart)):
        rows = chart.spec["datasets"][chart.spec["data"]["name"]]
        drawn.append(list(dict.fromkeys(row["goal"] for row in rows)))
    assert [len(names) for names in drawn] == [5, 5, 2]  # 12 goals with a path
    assert drawn[0][0].startswith("1. " + GOALS[0]) and drawn[2][-1].startswith(
        "13. Lisätavoite 10"
    )
    doc, _ = docx_text(render_docx(document))
    others = [b for s in document.sections if s.id != "goals" for b in s.blocks]
    assert len(doc.inline_shapes) == 3 + sum(isinstance(b, Chart) for b in others)
    section = doc.sections[0]
    text_height = section.page_height - section.top_margin - section.bottom_margin
    caption = Cm(2)  # two lines under the picture
    for shape in doc.inline_shapes:
        assert shape.width <= TEXT_WIDTH and shape.height <= text_height - caption


def _charts(document: Document, section: str) -> list[dict]:
    found = next(s for s in document.sections if s.id == section)
    return [b.spec for b in found.blocks if isinstance(b, Chart)]


def test_an_export_after_an_edit_draws_the_edited_chart_anew_and_keeps_the_others(filled, packs):
    def targets(document: Document) -> list[float]:
        [paths] = _charts(document, "goals")
        rows = paths["datasets"][paths["data"]["name"]]
        return [row["value"] for row in rows if row["point"] == "target"]

    before = build_document(filled.read(EXAMPLE_ID), packs)
    goal = filled.read(EXAMPLE_ID).goals[0]
    assert goal.target in targets(before)
    after = build_document(
        filled.update(EXAMPLE_ID, edits.goal(goal.id, "target", goal.target + 7)), packs
    )
    assert goal.target + 7 in targets(after) and goal.target not in targets(after)
    [gaps_before, *_], [gaps_after, *_] = (_charts(d, "maturity") for d in (before, after))
    assert gaps_after is gaps_before  # the unchanged chart is not built again


def test_every_chart_of_the_document_is_valid_vega_lite(document):
    """Specs are built without Altair's validation (see `charts.spec`): the schema is checked
    here, on every chart the document draws."""
    specs = [b.spec for s in document.sections for b in s.blocks if isinstance(b, Chart)]
    # the gaps, the roles, the goal paths, the canvas in pieces, the emotion, ratings, delivery
    assert len(specs) >= 9
    for spec in specs:
        Root.validate(spec)


def test_a_vague_promise_and_the_crm_step_are_in_the_document(document):
    text = render_markdown(document)
    assert "epämääräinen" in text  # "Hymyilemme aina" has no metric or target
    assert "Kysykää päivittäisiltä käyttäjiltä" in text


def test_an_empty_workbook_says_what_is_missing_in_every_section(store, packs, pack):
    created = create(store, "Tyhjä Oy", "Aloitus", "en", pack.ref)
    document = build_document(created, packs)
    assert document.sections[0].heading == "Summary"
    text = render_markdown(document)
    assert text.count("Not filled in yet") >= 7
    html_sections = parse_html(render_html(document)).h2
    assert len(html_sections) == 10
    render_docx(document)


def test_the_zip_holds_every_format_and_the_workbook(filled, packs, document):
    data = render_zip(document, EXAMPLE_ID, export_yaml(filled, EXAMPLE_ID))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = sorted(archive.namelist())
        assert names == [f"{EXAMPLE_ID}.{e}" for e in ("docx", "html", "md", "pptx", "yaml")]
        assert archive.read(f"{EXAMPLE_ID}.yaml") == export_yaml(filled, EXAMPLE_ID)


def test_export_builds_each_format_from_the_saved_workbook(filled, packs):
    assert export(filled, packs, EXAMPLE_ID, "markdown").startswith(b"# ")
    assert export(filled, packs, EXAMPLE_ID, "html").startswith(b"<!DOCTYPE html>")
    assert export(filled, packs, EXAMPLE_ID, "docx")[:2] == b"PK"
    assert export(filled, packs, EXAMPLE_ID, "zip")[:2] == b"PK"


HOSTILE = (
    " <script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3))"
    " *bold* | a | # heading ![i](http://x/y.png) &amp; \x0c\x00 "
)


def test_hostile_text_exports_cleanly_in_every_format(example_store, packs):
    fill(example_store, text=HOSTILE)
    example_store.update(EXAMPLE_ID, edits.crm("notes", "x" * 10_000))
    document = build_document(example_store.read(EXAMPLE_ID), packs)

    markdown = render_markdown(document)
    assert not re.search(r"(?<!\\)[<>\[\]]", markdown)  # no tag or link syntax left unescaped
    assert "\\<script\\>alert(1)\\</script\\>" in markdown

    parsed = parse_html(render_html(document))
    tags = [tag for tag, _ in parsed.tags]
    assert "script" not in tags and "img" not in tags
    assert not [a for _, a in parsed.tags if any(k.startswith("on") for k in a)]
    assert "<script>alert(1)</script>" in "".join(parsed.text)  # shown as text

    _, text = docx_text(render_docx(document))
    assert "<script>alert(1)</script>" in text
    assert "x" * 10_000 in text


def test_docx_table_cells_keep_markup_characters_line_breaks_and_tabs_as_typed():
    typed = ["<b>&amp; \"quoted\" 'single'</b>", "first line\nsecond\tafter a tab", "  spaced  "]
    document = Document(
        language="en",
        title="T",
        subtitle="S",
        facts=[],
        sections=[Section("s", "H", [Table(["Name & <role>", "Note", "Pad"], [typed, typed])])],
        frame=FRAME,
    )
    doc, _ = docx_text(render_docx(document))
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["Name & <role>", "Note", "Pad"]
    assert [c.text for c in table.rows[2].cells] == typed
    assert table.style.name == "Table Grid"
    assert all(r.bold for r in table.rows[0].cells[0].paragraphs[0].runs)
    assert not any(r.bold for r in table.rows[1].cells[0].paragraphs[0].runs)


def test_characters_xml_forbids_are_dropped_before_docx():
    assert xml_safe("a\x00b\x0cc\x1fd\ud800e") == "abcde"
    document = Document(
        language="en",
        title="T\x0b",
        subtitle="S",
        facts=[("Org\x00", "O\x08")],
        sections=[Section("s", "H\x0c", [Paragraph("p\x01")])],
        frame=FRAME,
    )
    _, text = docx_text(render_docx(document))
    assert "Org: O" in text and "p" in text


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("---", "\\---"),
        ("+++ rule", "+++ rule"),
        ("=== ", "\\==="),
        ("* * *", "\\* \\* \\*"),
        ("-3 points", "-3 points"),
        ("# Heading", "\\# Heading"),
        ("1. first", "1\\. first"),
        ("> quote", "\\> quote"),
        ("[link](javascript:x)", "\\[link\\](javascript:x)"),
        ("a\n\n---\nb", "a --- b"),
        ("2 - 1 = 1", "2 - 1 = 1"),
    ],
)
def test_markdown_keeps_user_text_inert_and_readable(typed, written):
    """`---` in a note became a rule in the exported Markdown; a line can open nothing now."""
    assert escape(typed) == written


def test_on_screen_every_mark_streamlit_could_read_is_escaped():
    from cxworkbook.ui.text import md

    assert md(":red[x] :material/home: $x$ www.e.com") == (
        "\\:red\\[x\\] \\:material/home\\: \\$x\\$ www\\.e\\.com"
    )


def test_the_disagreement_section_gives_each_contested_answer_and_what_was_agreed(
    example_store, packs
):
    """Answers are whole numbers and are written so; a question agreed today only (the target is
    the dimension's) shows that one value, not an arrow to nothing."""
    document = build_document(example_store.read(EXAMPLE_ID), packs)
    section = next(s for s in document.sections if s.id == "disagreement")
    [table] = [b for b in section.blocks if isinstance(b, Table)]
    assert table.columns == ["Kysymys", "Pienin", "Mediaani", "Suurin", "Sovittu", "Perustelu"]
    first = table.rows[0]
    assert first[0].startswith("Strategia ja tavoitteet 1: Meillä on kirjallinen kuvaus")
    assert first[1:5] == ["1", "2", "4", "2"]
    assert first[5].startswith("Strategian sana")
    assert all("→ –" not in cell for row in table.rows for cell in row)
    assert table.rows[1][4:] == ["–", "–"]  # contested, not yet agreed
