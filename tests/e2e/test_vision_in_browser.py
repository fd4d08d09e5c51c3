"""The vision document a newcomer downloads from the example of a first run: the DOCX opens in
python-docx with the organisation on its title page, every step's section and chart, the PDF
has the same sections, and the ZIP holds every editable format and the workbook."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from pypdf import PdfReader

from cxworkbook.report.build import build_document
from cxworkbook.report.document import Chart
from cxworkbook.report.html import render_html
from cxworkbook.store import FileStore
from tests.conftest import EXAMPLE_ID
from tests.e2e.conftest import assert_no_exception
from tests.e2e.tabs import one_run, wait_idle

pytestmark = pytest.mark.e2e


def download(page, label: str) -> bytes:
    with page.expect_download() as pending:
        page.get_by_role("button", name=label).click()
    return pending.value.path().read_bytes()


def test_download_the_docx_the_pdf_and_the_zip(first_run_server, page, packs):
    server = first_run_server
    page.goto(f"{server.url}/vision?lang=en&wb={EXAMPLE_ID}&vision_view=document")
    wait_idle(page)

    document = docx.Document(io.BytesIO(download(page, "Word (DOCX)")))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Kaarnakoski Energia Oy" in text
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    for heading in ("Kypsyysprofiili", "Mitattavat tavoitteet", "Asiakaslupaukset", "Visio"):
        assert heading in headings
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert "Asiakaspoistuma laskee 14 prosentista 9 prosenttiin" in "\n".join(cells)
    shipped = build_document(FileStore(server.data_dir).read(EXAMPLE_ID), packs)
    charts = [b for section in shipped.sections for b in section.blocks if isinstance(b, Chart)]
    assert len(document.inline_shapes) == len(charts)  # every chart the app shows, and the canvas

    pdf = PdfReader(io.BytesIO(download(page, "PDF")))
    assert "Kaarnakoski Energia Oy" in pdf.pages[0].extract_text()
    assert [item.title for item in pdf.outline] == [s.heading for s in shipped.sections]

    with zipfile.ZipFile(io.BytesIO(download(page, "Everything (ZIP)"))) as archive:
        assert sorted(archive.namelist()) == [
            f"{EXAMPLE_ID}.{extension}" for extension in ("docx", "html", "md", "pptx", "yaml")
        ]
        on_disk = (server.data_dir / f"{EXAMPLE_ID}.yaml").read_bytes()
        assert archive.read(f"{EXAMPLE_ID}.yaml") == on_disk
    wait_idle(page)

    assert "Liite: kaikki vastaukset" in headings
    with one_run(page):  # the buttons drawn again for the shorter document before one is pressed
        page.locator(".st-key-document_appendix label").click()  # left out
    short = docx.Document(io.BytesIO(download(page, "Word (DOCX)")))
    short_headings = [p.text for p in short.paragraphs if p.style.name == "Heading 1"]
    assert short_headings == headings[:-1]
    assert_no_exception(page)


A4_TEXT_WIDTH_PX = 658  # 210 mm less the print stylesheet's 18 mm margins, at 96 px per inch
A4_SIDEWAYS_TEXT_WIDTH_PX = 986  # 297 mm less the margins


def test_every_table_of_the_html_fits_its_page_when_printed(shipped_store, packs, page):
    """The goal table and the journey map were wider than an A4 page, which cut their last
    columns off the PDF a browser prints."""
    html = render_html(build_document(shipped_store.read(EXAMPLE_ID), packs))
    page.set_viewport_size({"width": A4_TEXT_WIDTH_PX, "height": 1000})
    page.emulate_media(media="print")
    page.set_content(html)
    widths = page.evaluate(
        """() => [...document.querySelectorAll('table')].map(t => [
            t.querySelector('th').textContent, t.scrollWidth, t.parentElement.clientWidth,
            t.closest('section').classList.contains('wide')])"""
    )
    assert {"Tavoite", "Vaihe", "Kysymys"} <= {name for name, *_ in widths}
    # a section whose tables need it prints on a page on its side (its own @page)
    assert {name for name, *_, wide in widths if wide} == {"Vaihe"}
    rooms = [
        (name, width, A4_SIDEWAYS_TEXT_WIDTH_PX if wide else room)
        for name, width, room, wide in widths
    ]
    assert [(name, width) for name, width, room in rooms if width > room] == []


def test_the_printed_html_numbers_its_pages_under_a_running_header(shipped_store, packs, page):
    """What a browser prints: the title page bare, then on each page the organisation and title
    at the top and "Sivu 2/N" at the foot; the journey's section on pages turned on their side."""
    html = render_html(build_document(shipped_store.read(EXAMPLE_ID), packs))
    page.set_content(html)
    printed = PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
    pages = [p.extract_text() for p in printed.pages]
    count = len(pages)
    assert "Sivu" not in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        assert f"Sivu {number}/{count}" in text
        assert "Kaarnakoski Energia Oy · Digitaalisen asiakaskokemuksen työpaja" in text
    sideways = [
        text
        for p, text in zip(printed.pages, pages, strict=True)
        if p.mediabox.width > p.mediabox.height
    ]
    assert sideways and "Asiakaspolkukartta" in sideways[0]
    assert all("Kysymys" not in text for text in sideways)  # the appendix stands upright
