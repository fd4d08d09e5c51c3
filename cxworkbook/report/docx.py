"""The vision document as DOCX (python-docx): real headings and tables, charts as PNG drawn offline,
so the team edits it in Word or LibreOffice. Characters XML cannot hold are removed first.

The page is A4, and a table's columns are as wide as their text needs (`columns`).

Styles and table cells are set on python-docx's XML elements directly: its friendly API looks up
the default style among all ~160 on every styled paragraph and recomputes the grid on every cell,
which made a large workbook's document take a second longer to write.
"""

from __future__ import annotations

import io
import re
from xml.sax.saxutils import escape

from docx import Document as new_docx
from docx.document import Document as Docx
from docx.image.image import Image
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Cm, Length, Pt, Twips
from docx.text.paragraph import Paragraph as DocxParagraph

from cxworkbook.report.columns import CELL_MARGIN_TWIPS, TEXT_WIDTH_CM, Layout, section_layouts
from cxworkbook.report.document import Bullets, Chart, Document, Heading, Paragraph, Table
from cxworkbook.report.static_charts import to_png

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

A4 = (Cm(21), Cm(29.7))
TEXT_WIDTH = Cm(TEXT_WIDTH_CM)  # charts and tables are this wide
MARGIN = Cm((21 - TEXT_WIDTH_CM) / 2)  # 2.5 cm left and right
# A chart no taller than this leaves its page (24.6 cm of text) room for its caption: a picture
# taller than the page is cut off at its foot.
CHART_HEIGHT = Cm(20)


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def _chart_size(png: bytes) -> dict[str, Length]:
    """The text's width, or for a chart that would then be taller than `CHART_HEIGHT` (the goal
    paths), that height."""
    image = Image.from_blob(png)
    at_text_width = TEXT_WIDTH * image.px_height / image.px_width
    return {"width": TEXT_WIDTH} if at_text_width <= CHART_HEIGHT else {"height": CHART_HEIGHT}


def _style_id(doc: Docx, style_ids: dict[str, str], name: str) -> str:
    """A style's id by its name, looked up once per document."""
    if name not in style_ids:
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
    body = "".join(
        "<w:tr>"
        + "".join(
            _cell_xml(text, width, points, bold) for text, width in zip(texts, widths, strict=True)
        )
        + "</w:tr>"
        for texts, bold in rows
    )
    table._tbl.extend(parse_xml(f"<w:tbl {nsdecls('w')}>{body}</w:tbl>"))


def render_docx(document: Document) -> bytes:
    doc = new_docx()
    style_ids: dict[str, str] = {}
    doc.core_properties.title = xml_safe(document.title)
    doc.core_properties.language = document.language
    doc.styles["Normal"].font.size = Pt(11)
    section = doc.sections[0]
    section.page_width, section.page_height = A4
    section.left_margin = section.right_margin = MARGIN
    _styled(doc, style_ids, "Title", document.title)
    _styled(doc, style_ids, "Subtitle", document.subtitle)
    for label, value in document.facts:
        line = doc.add_paragraph()
        line.add_run(xml_safe(label) + ": ").bold = True
        line.add_run(xml_safe(value))
    for section in document.sections:
        layouts = section_layouts(section.blocks)
        doc.add_page_break()
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
                png = to_png(block.spec)
                picture.add_run().add_picture(io.BytesIO(png), **_chart_size(png))
                _styled(doc, style_ids, "Caption", block.alt)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
