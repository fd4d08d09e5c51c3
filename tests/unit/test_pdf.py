"""The PDF, read back with pypdf: A4, its fonts embedded, its charts drawn as vectors, the title
page bare and every later page under a running header with its number, the journey on pages on
their side, its properties and contents true, and hostile text (Typst's markup among it) kept as
text."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from cxworkbook import EXAMPLES_DIR
from cxworkbook.report.build import build_document
from cxworkbook.report.document import Chart
from cxworkbook.report.pdf import render_pdf
from cxworkbook.store import open_data_folder
from tests import edits
from tests.conftest import EXAMPLE_ID
from tests.unit.test_report import HOSTILE

TYPST_MARKUP = '#panic("x") $x^2$ @ref <label> `raw` _em_ = Heading \\ //'
A4 = (595, 842)  # points


@pytest.fixture(scope="module")
def document(tmp_path_factory, packs):
    """The shipped example, its vision statement hostile."""
    store = open_data_folder(tmp_path_factory.mktemp("pdf") / "data", EXAMPLES_DIR)
    store.update(EXAMPLE_ID, edits.vision("statement", HOSTILE + TYPST_MARKUP))
    return build_document(store.read(EXAMPLE_ID), packs)


def fonts_and_images(reader: PdfReader) -> tuple[set[bool], int]:
    """Whether each font carries its glyphs, and how many raster images there are."""
    embedded, images = set(), 0
    for page in reader.pages:
        resources = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            descendant = font.get("/DescendantFonts", [font])[0].get_object()
            descriptor = descendant.get("/FontDescriptor", {})
            embedded.add(any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")))
        for thing in resources.get("/XObject", {}).values():
            images += thing.get_object().get("/Subtype") == "/Image"
    return embedded, images


def test_the_pdf_is_a4_with_embedded_fonts_vector_charts_and_numbered_pages(document):
    reader = PdfReader(io.BytesIO(render_pdf(document)))
    pages = [page.extract_text() for page in reader.pages]
    sizes = {(round(p.mediabox.width), round(p.mediabox.height)) for p in reader.pages}
    assert sizes == {A4, A4[::-1]}  # upright, and the journey's pages on their side
    assert fonts_and_images(reader) == ({True}, 0)
    assert "Sivu" not in pages[0] and "Kaarnakoski Energia Oy" in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        assert f"Sivu {number}/{len(pages)}" in text
    text = "\n".join(pages)
    for section in document.sections:
        assert section.heading in text
    assert "Ihmiset ja valtuudet" in text  # a chart's label, drawn as text, not as a picture
    assert "<script>alert(1)</script>" in text  # hostile text is text
    assert '#panic("x") $x^2$ @ref <label> `raw` _em_' in text


def test_the_pdf_says_what_it_is_and_lists_its_sections(document):
    reader = PdfReader(io.BytesIO(render_pdf(document)))
    assert reader.metadata.title == document.title
    assert reader.metadata.author == "Kaarnakoski Energia Oy"
    assert reader.trailer["/Root"]["/Lang"] == "fi"
    bookmarks = [item.title for item in reader.outline if not isinstance(item, list)]
    assert bookmarks == [section.heading for section in document.sections]
    contents = reader.pages[0].extract_text()
    assert document.frame.contents in contents
    for section in document.sections:
        assert section.heading in contents


def figures(node) -> list[str]:
    """The text alternatives of the figures in a tagged PDF's structure, in order."""
    node = node.get_object()
    if isinstance(node, list):
        return [alt for kid in node for alt in figures(kid)]
    if not isinstance(node, dict):
        return []
    own = [str(node["/Alt"])] if node.get("/S") == "/Figure" and "/Alt" in node else []
    return own + (figures(node["/K"]) if "/K" in node else [])


def test_every_chart_and_the_canvas_are_figures_a_screen_reader_can_name(document):
    reader = PdfReader(io.BytesIO(render_pdf(document)))
    charts = [b.alt for s in document.sections for b in s.blocks if isinstance(b, Chart)]
    assert figures(reader.trailer["/Root"]["/StructTreeRoot"]) == charts
