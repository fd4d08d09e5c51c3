"""The downloads of the vision document: each format built from the workbook as saved right now."""

from __future__ import annotations

from collections.abc import Callable

from cxworkbook.model import Workbook
from cxworkbook.packs import Packs
from cxworkbook.report.build import build_document
from cxworkbook.report.bundle import render_zip
from cxworkbook.report.deck import render_pptx
from cxworkbook.report.document import Document
from cxworkbook.report.docx import render_docx
from cxworkbook.report.html import render_html
from cxworkbook.report.look import PLAIN, Look
from cxworkbook.report.markdown import render_markdown
from cxworkbook.report.pdf import render_pdf
from cxworkbook.store.protocol import WorkbookStore
from cxworkbook.store.workbooks import export_yaml

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
# format: (file extension, MIME type)
FORMATS: dict[str, tuple[str, str]] = {
    "markdown": ("md", "text/markdown"),
    "html": ("html", "text/html"),
    "docx": ("docx", DOCX_MIME),
    "pptx": ("pptx", PPTX_MIME),
    "pdf": ("pdf", "application/pdf"),
    "zip": ("zip", "application/zip"),
}


def render(
    workbook: Workbook,
    packs: Packs,
    fmt: str,
    workbook_yaml: bytes,
    *,
    appendix: bool = True,
    look: Look = PLAIN,
) -> bytes:
    """One format of `workbook`'s vision document, as file bytes, with every answer as its
    appendix or without, Word and PowerPoint in the consultancy's `look`; the ZIP holds
    `workbook_yaml` too. Raises KeyError if its questionnaire is not installed."""
    document = build_document(workbook, packs, appendix=appendix)
    renderers: dict[str, Callable[[Document], str | bytes]] = {
        "markdown": render_markdown,
        "html": render_html,
        "docx": lambda doc: render_docx(doc, look.docx),
        "pptx": lambda doc: render_pptx(doc, look.pptx),
        "pdf": render_pdf,
        "zip": lambda doc: render_zip(doc, workbook.id, workbook_yaml, look),
    }
    output = renderers[fmt](document)
    return output.encode("utf-8") if isinstance(output, str) else output


def export(
    store: WorkbookStore,
    packs: Packs,
    workbook_id: str,
    fmt: str,
    *,
    appendix: bool = True,
    look: Look = PLAIN,
) -> bytes:
    """One format of the workbook's vision document as saved right now, as file bytes."""
    workbook = store.read(workbook_id)
    data = export_yaml(store, workbook_id) if fmt == "zip" else b""  # only the ZIP holds it
    return render(workbook, packs, fmt, data, appendix=appendix, look=look)
