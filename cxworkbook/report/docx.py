"""The vision document as DOCX (python-docx): real headings and tables, charts as PNG drawn offline,
so the team edits it in Word or LibreOffice. Characters XML cannot hold are removed first.

The page is A4, and a table's columns are as wide as their text needs (`columns`).

Styles and table cells are set on python-docx's XML elements directly: its friendly API looks up
the default style among all ~160 on every styled paragraph and recomputes the grid on every cell,
which made a large workbook's document take a second longer to write.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any
from xml.sax.saxutils import escape

from docx import Document as new_docx
from docx.document import Document as Docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.section import Section as DocxSection
from docx.shared import Cm, Emu, Length, Pt, Twips
from docx.text.paragraph import Paragraph as DocxParagraph

from cxworkbook.report.columns import (
    CELL_MARGIN_TWIPS,
    LANDSCAPE_WIDTH_CM,
    LANDSCAPE_WIDTH_TWIPS,
    TEXT_WIDTH_CM,
    TEXT_WIDTH_TWIPS,
    Layout,
    is_wide,
    section_layouts,
)
from cxworkbook.report.document import (
    Bullets,
    Chart,
    Document,
    Frame,
    Heading,
    Paragraph,
    Table,
)
from cxworkbook.report.static_charts import TALLEST_PRINTED_CM, Picture, to_png

LANGUAGE_TAGS = {"fi": "fi-FI", "en": "en-GB"}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

A4 = (Cm(21), Cm(29.7))
TEXT_WIDTH = Cm(TEXT_WIDTH_CM)  # charts and tables are this wide
MARGIN = Cm((21 - TEXT_WIDTH_CM) / 2)  # 2.5 cm left and right
# A chart no taller than this leaves its page (24.6 cm of text) room for its caption: a picture
# taller than the page is cut off at its foot.
CHART_HEIGHT = Cm(TALLEST_PRINTED_CM)
LANDSCAPE_WIDTH = Cm(LANDSCAPE_WIDTH_CM)
WIDE_CHART_HEIGHT = Cm(13.5)  # a page on its side: 15.9 cm of text, less the caption


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def _chart_size(picture: Picture, *, wide: bool) -> dict[str, Length]:
    """The text's width, or for a chart that would then be taller than the page leaves it (the
    goal paths, the journey canvas), that height. Never wider than drawn: a narrow chart
    stretched to the page's width had its text grow past the document's."""
    width, height = (LANDSCAPE_WIDTH, WIDE_CHART_HEIGHT) if wide else (TEXT_WIDTH, CHART_HEIGHT)
    width = min(width, Emu(round(picture.width / 96 * 914_400)))  # at 96 dpi
    at_width = width * picture.height / picture.width
    return {"width": width} if at_width <= height else {"height": height}


def _style_id(doc: Docx, style_ids: dict[str, str], name: str) -> str:
    """A style's id by its name, looked up once per document. A style the document lacks (a
    reference file from Word keeps its unused built-in styles only latent) is added, plain."""
    if name not in style_ids:
        if name not in (style.name for style in doc.styles):
            kind = WD_STYLE_TYPE.TABLE if name == "Table Grid" else WD_STYLE_TYPE.PARAGRAPH
            doc.styles.add_style(name, kind)
        style_ids[name] = doc.styles[name].style_id
    return style_ids[name]


def _styled(doc: Docx, style_ids: dict[str, str], style: str, text: str) -> DocxParagraph:
    paragraph = doc.add_paragraph(xml_safe(text))
    paragraph._p.style = _style_id(doc, style_ids, style)
    return paragraph


_BREAKS = {"\n": "<w:br/>", "\t": "<w:tab/>"}
_CELL_MARGINS = (
    f"<w:tblCellMar {nsdecls('w')}>"
    f'<w:left w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/>'
    f'<w:right w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/>'
    "</w:tblCellMar>"
)


def _cell_xml(text: str, twips: int, points: int, bold: bool) -> str:
    """One table cell as WordprocessingML, its text escaped; line breaks and tabs as Word's own."""
    parts = re.split(r"([\n\t])", xml_safe(text))
    content = "".join(
        _BREAKS.get(part) or f'<w:t xml:space="preserve">{escape(part)}</w:t>'
        for part in parts
        if part
    )
    width = f'<w:tcPr><w:tcW w:type="dxa" w:w="{twips}"/></w:tcPr>'
    props = f'<w:rPr>{"<w:b/>" if bold else ""}<w:sz w:val="{points * 2}"/></w:rPr>'
    return f"<w:tc>{width}<w:p><w:r>{props}{content}</w:r></w:p></w:tc>"


def _table(doc: Docx, style_ids: dict[str, str], block: Table, layout: Layout) -> None:
    """The table's rows are parsed from one piece of XML, not built cell by cell. Its widths go
    to the grid (which LibreOffice follows) and to every cell (which Word follows)."""
    rows = [(block.columns, True)] + [(row, False) for row in block.rows]
    points, widths = layout
    table = doc.add_table(rows=0, cols=len(block.columns))
    table._tbl.tblPr.style = _style_id(doc, style_ids, "Table Grid")
    table._tbl.tblPr.insert_element_before(parse_xml(_CELL_MARGINS), "w:tblLook")
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths, strict=True):
        column.w = Twips(width)
    header_row = "<w:trPr><w:tblHeader/></w:trPr>"  # repeated on each page the table runs to
    body = "".join(
        f"<w:tr>{header_row if bold else ''}"
        + "".join(
            _cell_xml(text, width, points, bold) for text, width in zip(texts, widths, strict=True)
        )
        + "</w:tr>"
        for texts, bold in rows
    )
    table._tbl.extend(parse_xml(f"<w:tbl {nsdecls('w')}>{body}</w:tbl>"))


def _field_mark(kind: str) -> Any:
    """Where a Word field begins, where its result starts ("separate"), or where it ends."""
    return parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="{kind}"/></w:r>')


def _field_code(code: str) -> Any:
    text = f'<w:instrText xml:space="preserve"> {escape(code)} </w:instrText>'
    return parse_xml(f"<w:r {nsdecls('w')}>{text}</w:r>")


def _field(paragraph: DocxParagraph, code: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES) showing `shown` until Word or LibreOffice works it out."""
    paragraph._p.extend([_field_mark("begin"), _field_code(code), _field_mark("separate")])
    paragraph.add_run(shown)
    paragraph._p.append(_field_mark("end"))


def _page_numbers(paragraph: DocxParagraph, frame: Frame) -> None:
    """The frame's words ("Sivu {page}/{pages}") with the page's number and the count of pages
    as fields."""
    fields = {"{page}": "PAGE", "{pages}": "NUMPAGES"}
    for part in frame.page_parts():
        if part in fields:
            _field(paragraph, fields[part], "1")
        else:
            paragraph.add_run(xml_safe(part))


TOC_CODE = 'TOC \\o "1-1" \\h \\z \\u'  # the headings of level 1, as links


def _contents(doc: Docx, style_ids: dict[str, str], document: Document) -> None:
    """A table of contents: Word's own field, filled in with the sections' headings so that it
    reads before anyone updates it (an update adds the page numbers)."""
    _styled(doc, style_ids, "TOC Heading", document.frame.contents)
    headings = [section.heading for section in document.sections]
    for index, heading in enumerate(headings):
        paragraph = _styled(doc, style_ids, "toc 1", "")
        if index == 0:
            paragraph._p.extend([_field_mark("begin"), _field_code(TOC_CODE)])
            paragraph._p.append(_field_mark("separate"))
        paragraph.add_run(xml_safe(heading))
        if index == len(headings) - 1:
            paragraph._p.append(_field_mark("end"))


def _proofed_as(doc: Docx, language: str) -> None:
    """The language Word and LibreOffice check the spelling in: the document's own, not US
    English (which underlined every Finnish word)."""
    tag = LANGUAGE_TAGS[language]
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = properties.makeelement(qn("w:lang"), {})
        properties.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), tag)


def _described(doc: Docx, document: Document) -> None:
    """The file's properties: its own title, organisation, language and dates, not the library's
    ("python-docx", 2013)."""
    frame, properties = document.frame, doc.core_properties
    properties.title = xml_safe(document.title)
    properties.subject = xml_safe(document.subtitle)
    properties.author = properties.last_modified_by = xml_safe(frame.organisation)
    properties.keywords = properties.comments = properties.category = ""
    properties.language = LANGUAGE_TAGS[document.language]
    properties.created = frame.created.astimezone(dt.UTC).replace(tzinfo=None)
    properties.modified = frame.updated.astimezone(dt.UTC).replace(tzinfo=None)
    properties.revision = 1


def _holds_something(part: Any) -> bool:
    """Whether a header or footer of a reference file has text or a picture (a logo) of its own."""
    return any(p.text.strip() for p in part.paragraphs) or bool(part._element.xpath(".//w:drawing"))


def _page_frame(section: DocxSection, document: Document) -> None:
    """The running header (organisation · title) and the page number in the footer, on every page
    but the title page; a reference file's own header or footer stays as it is, and gets the
    page number if it has none."""
    section.different_first_page_header_footer = True
    if not _holds_something(section.header):
        header = section.header.paragraphs[0]
        header.text = xml_safe(f"{document.frame.organisation} · {document.title}")
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if "PAGE" not in (
        code.text.strip() for code in section.footer._element.iter(qn("w:instrText"))
    ):
        footer = section.footer.paragraphs[-1]
        if footer.text.strip():
            footer = section.footer.add_paragraph()
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_numbers(footer, document.frame)


def _emptied(doc: Docx) -> Docx:
    """A reference file without its own content: its styles, page frame and settings stay."""
    body = doc.element.body
    for element in list(body):
        if element.tag != qn("w:sectPr"):
            body.remove(element)
    return doc


def _page_setup(section: DocxSection, *, wide: bool) -> None:
    """A4, upright, or on its side for a section whose tables need the width."""
    width, height = A4
    section.orientation = WD_ORIENT.LANDSCAPE if wide else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if wide else (width, height)
    section.left_margin = section.right_margin = MARGIN


def render_docx(document: Document, reference: bytes | None = None) -> bytes:
    """The document as DOCX, in the look of a `reference` Word file if one is given."""
    doc = _emptied(new_docx(io.BytesIO(reference))) if reference else new_docx()
    style_ids: dict[str, str] = {}
    _described(doc, document)
    _proofed_as(doc, document.language)
    doc.styles["Normal"].font.size = Pt(11)
    for name in ("Heading 1", "Heading 2", "Caption"):
        doc.styles[name].paragraph_format.keep_with_next = name != "Caption"
    first = doc.sections[0]
    _page_setup(first, wide=False)
    _page_frame(first, document)
    _styled(doc, style_ids, "Title", document.title)
    _styled(doc, style_ids, "Subtitle", document.subtitle)
    for label, value in document.facts:
        line = doc.add_paragraph()
        line.add_run(xml_safe(label) + ": ").bold = True
        line.add_run(xml_safe(value))
    _contents(doc, style_ids, document)
    wide_before = False
    for section in document.sections:
        wide = is_wide(section.blocks)
        if wide or wide_before:
            turned = doc.add_section(WD_SECTION.NEW_PAGE)
            turned.different_first_page_header_footer = False  # only the title page has none
            _page_setup(turned, wide=wide)
        else:
            doc.add_page_break()
        wide_before = wide
        width = LANDSCAPE_WIDTH_TWIPS if wide else TEXT_WIDTH_TWIPS
        layouts = section_layouts(section.blocks, width)
        _styled(doc, style_ids, "Heading 1", section.heading)
        for block in section.blocks:
            if isinstance(block, Heading):
                _styled(doc, style_ids, "Heading 2", block.text)
            elif isinstance(block, Paragraph):
                paragraph = doc.add_paragraph()
                paragraph.add_run(xml_safe(block.text)).bold = block.strong
            elif isinstance(block, Bullets):
                for item in block.items:
                    _styled(doc, style_ids, "List Bullet", item)
            elif isinstance(block, Table):
                _table(doc, style_ids, block, layouts[tuple(block.columns)])
            elif isinstance(block, Chart):
                picture = doc.add_paragraph()
                picture.paragraph_format.space_before = Pt(12)  # apart from a table above it
                picture.paragraph_format.keep_with_next = True  # with its caption
                drawn = to_png(block.spec)
                size = _chart_size(drawn, wide=wide)
                picture.add_run().add_picture(io.BytesIO(drawn.png), **size)
                _styled(doc, style_ids, "Caption", block.alt)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
