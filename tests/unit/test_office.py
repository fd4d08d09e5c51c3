"""What a client opens: the DOCX and the deck converted to PDF by LibreOffice, read back with
pypdf. Needs LibreOffice (`soffice`): skipped without it, except where .ci/run requires it."""

from __future__ import annotations

import io
import os
import shutil
import subprocess

import pytest
from pptx import Presentation
from pypdf import PdfReader

from cxworkbook import EXAMPLES_DIR
from cxworkbook.report.build import build_document
from cxworkbook.report.deck import render_pptx
from cxworkbook.report.docx import render_docx
from cxworkbook.store import open_data_folder
from tests.conftest import EXAMPLE_ID

OFFICE = shutil.which("soffice")
REQUIRE_ENV = "CXWORKBOOK_REQUIRE_OFFICE"
pytestmark = pytest.mark.skipif(
    OFFICE is None and not os.environ.get(REQUIRE_ENV),
    reason="LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui "
    "libreoffice-impress-nogui",
)


def as_pdf(tmp_path, name: str, data: bytes) -> PdfReader:
    """`data` saved as `name` and converted by LibreOffice in a profile of its own."""
    assert OFFICE is not None, f"{REQUIRE_ENV} is set but LibreOffice is not installed"
    source = tmp_path / name
    source.write_bytes(data)
    profile = (tmp_path / "profile").as_uri()
    converting = ["--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)]
    subprocess.run(
        [OFFICE, f"-env:UserInstallation={profile}", *converting],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return PdfReader(tmp_path / f"{source.stem}.pdf")


@pytest.fixture(scope="module")
def document(tmp_path_factory, packs):
    store = open_data_folder(tmp_path_factory.mktemp("office") / "data", EXAMPLES_DIR)
    return build_document(store.read(EXAMPLE_ID), packs)


def test_the_docx_opens_in_libreoffice_with_its_pages_numbered_and_turned(tmp_path, document):
    pdf = as_pdf(tmp_path, "document.docx", render_docx(document))
    pages = [page.extract_text() for page in pdf.pages]
    assert len(pages) >= 10
    assert "Kaarnakoski Energia Oy" in pages[0]
    assert "Sisällys" in pages[0] or "Sisällys" in pages[1]
    assert f"Sivu 2/{len(pages)}" in pages[1]
    text = "\n".join(pages)
    for section in document.sections:
        assert section.heading in text
    sideways = [p for p in pdf.pages if p.mediabox.width > p.mediabox.height]
    assert sideways  # the journey's wide table


def test_the_deck_opens_in_libreoffice_a_slide_a_page(tmp_path, document):
    data = render_pptx(document)
    pdf = as_pdf(tmp_path, "deck.pptx", data)
    pages = [page.extract_text() for page in pdf.pages]
    assert len(pages) == len(Presentation(io.BytesIO(data)).slides)
    assert "Digitaalisen asiakaskokemuksen työpaja" in " ".join(pages[0].split())
    first = pdf.pages[0].mediabox
    assert round(first.width / first.height, 2) == round(16 / 9, 2)
    assert any("Asiakaspolkukartta" in page for page in pages)
