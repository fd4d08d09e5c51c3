"""The vision document as DOCX (python-docx): real headings and tables, charts as PNG drawn offline,
so the team edits it in Word or LibreOffice. Characters XML cannot hold are removed first."""

from __future__ import annotations

import io
import re

from docx import Document as new_docx
from docx.shared import Cm, Pt

from cxworkbook.report.document import Bullets, Chart, Document, Heading, Paragraph, Table
from cxworkbook.report.static_charts import to_png

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def render_docx(document: Document) -> bytes:
    doc = new_docx()
    doc.core_properties.title = xml_safe(document.title)
    doc.core_properties.language = document.language
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading(xml_safe(document.title), level=0)
    doc.add_paragraph(xml_safe(document.subtitle), style="Subtitle")
    for label, value in document.facts:
        line = doc.add_paragraph()
        line.add_run(xml_safe(label) + ": ").bold = True
        line.add_run(xml_safe(value))
    for section in document.sections:
        doc.add_page_break()
        doc.add_heading(xml_safe(section.heading), level=1)
        for block in section.blocks:
            if isinstance(block, Heading):
                doc.add_heading(xml_safe(block.text), level=2)
            elif isinstance(block, Paragraph):
                paragraph = doc.add_paragraph()
                paragraph.add_run(xml_safe(block.text)).bold = block.strong
            elif isinstance(block, Bullets):
                for item in block.items:
                    doc.add_paragraph(xml_safe(item), style="List Bullet")
            elif isinstance(block, Table):
                table = doc.add_table(rows=1, cols=len(block.columns))
                table.style = "Table Grid"
                for cell, text in zip(table.rows[0].cells, block.columns, strict=True):
                    cell.text = xml_safe(text)
                    for run in cell.paragraphs[0].runs:
                        run.bold = True
                for row in block.rows:
                    for cell, text in zip(table.add_row().cells, row, strict=True):
                        cell.text = xml_safe(text)
            elif isinstance(block, Chart):
                doc.add_picture(io.BytesIO(to_png(block.spec)), width=Cm(16))
                doc.add_paragraph(xml_safe(block.alt), style="Caption")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
