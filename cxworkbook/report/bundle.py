"""The vision document's editable formats in one ZIP, with the workbook itself as YAML: what a
team goes on working with. The PDF, made to be read as it is, is its own download."""

from __future__ import annotations

import io
import zipfile

from cxworkbook.report.deck import render_pptx
from cxworkbook.report.document import Document
from cxworkbook.report.docx import render_docx
from cxworkbook.report.html import render_html
from cxworkbook.report.look import PLAIN, Look
from cxworkbook.report.markdown import render_markdown


def render_zip(
    document: Document, basename: str, workbook_yaml: bytes, look: Look = PLAIN
) -> bytes:
    """`basename` is the workbook's id (a slug), never text a user typed."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{basename}.md", render_markdown(document))
        archive.writestr(f"{basename}.html", render_html(document))
        archive.writestr(f"{basename}.docx", render_docx(document, look.docx))
        archive.writestr(f"{basename}.pptx", render_pptx(document, look.pptx))
        archive.writestr(f"{basename}.yaml", workbook_yaml)
    return out.getvalue()
