"""A consultancy's own look: a reference Word file and a PowerPoint template, checked before they
are kept, and used by the exports: their styles, header and masters, none of their content."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest
from docx.shared import Pt
from pptx import Presentation
from pptx.util import Inches

from cxworkbook.report.deck import render_pptx
from cxworkbook.report.document import Document, Paragraph, Section
from cxworkbook.report.docx import render_docx
from cxworkbook.report.look import (
    FILES,
    BadTemplate,
    given,
    read_look,
    remove_template,
    save_template,
)
from tests.unit.test_report import FRAME


def reference_docx() -> bytes:
    """A consultancy's Word file: Georgia, its name in the header, and a letter in its body."""
    reference = docx.Document()
    reference.styles["Normal"].font.name = "Georgia"
    reference.styles["Normal"].font.size = Pt(10)
    reference.sections[0].header.paragraphs[0].text = "ACME Consulting"
    reference.add_paragraph("Dear client, this letter is not part of any report.")
    out = io.BytesIO()
    reference.save(out)
    return out.getvalue()


def template_pptx() -> bytes:
    """A consultancy's PowerPoint file: 4:3 slides, and one slide of its own."""
    template = Presentation()
    template.slide_width, template.slide_height = Inches(10), Inches(7.5)
    slide = template.slides.add_slide(template.slide_layouts[5])
    slide.shapes.title.text = "An old pitch"
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


DOCUMENT = Document(
    language="fi",
    title="Työpaja",
    subtitle="Visio",
    facts=[("Organisaatio", "Org")],
    sections=[Section("vision", "Visio", [Paragraph("Asiakas ensin.")])],
    frame=FRAME,
)


def test_a_reference_word_file_gives_its_styles_and_header_and_none_of_its_text():
    made = docx.Document(io.BytesIO(render_docx(DOCUMENT, reference_docx())))
    assert made.styles["Normal"].font.name == "Georgia"
    text = "\n".join(p.text for p in made.paragraphs)
    assert "Asiakas ensin." in text and "Dear client" not in text
    section = made.sections[0]
    assert section.header.paragraphs[0].text == "ACME Consulting"  # theirs, kept
    codes = [code.text.strip() for code in section.footer._element.iter() if code.text]
    assert "PAGE" in codes  # the page number, which theirs lacked, added
    assert [p.text for p in made.paragraphs if p.style.name == "Heading 1"] == ["Visio"]


def test_a_powerpoint_template_gives_its_masters_and_size_and_none_of_its_slides():
    deck = Presentation(io.BytesIO(render_pptx(DOCUMENT, template_pptx())))
    assert (deck.slide_width, deck.slide_height) == (Inches(10), Inches(7.5))
    titles = [slide.shapes.title.text for slide in deck.slides]
    assert titles[0] == "Työpaja" and "An old pitch" not in titles
    for slide in deck.slides:
        for shape in slide.shapes:
            assert shape.left + shape.width <= deck.slide_width  # laid out on its size


def test_a_template_is_kept_once_checked_and_can_be_taken_back(tmp_path):
    assert read_look(tmp_path).docx is None and given(tmp_path) == set()
    reference, template = reference_docx(), template_pptx()
    save_template(tmp_path, "docx", reference)
    save_template(tmp_path, "pptx", template)
    assert (read_look(tmp_path).docx, read_look(tmp_path).pptx) == (reference, template)
    assert sorted(p.name for p in (tmp_path / "look").iterdir()) == sorted(FILES.values())
    assert given(tmp_path) == {"docx", "pptx"}
    remove_template(tmp_path, "docx")
    assert read_look(tmp_path).docx is None and read_look(tmp_path).pptx is not None
    assert given(tmp_path) == {"pptx"}


def zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"0" * 60_000_000)
    return out.getvalue()


@pytest.mark.parametrize(
    ("kind", "data", "said"),
    [
        ("docx", b"not a zip at all", "not a Word or PowerPoint file"),
        ("docx", b"0" * 5_000_001, "larger than 5 MB"),
        ("docx", zip_bomb(), "unpacks to more than 50 MB"),
        ("pptx", reference_docx(), "does not open as a PPTX file"),
    ],
)
def test_a_file_that_is_not_a_template_is_refused_and_the_kept_one_stays(
    tmp_path, kind, data, said
):
    save_template(tmp_path, "docx", reference_docx())
    save_template(tmp_path, "pptx", template_pptx())
    before = read_look(tmp_path)
    with pytest.raises(BadTemplate, match=said):
        save_template(tmp_path, kind, data)
    assert read_look(tmp_path) == before
    assert not [p for p in (tmp_path / "look").iterdir() if p.suffix == ".part"]
