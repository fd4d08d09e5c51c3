"""The vision document as a PDF: A4, fonts embedded, charts as vectors. WeasyPrint lays out the
HTML document with its print stylesheet (running header, page numbers, wide sections on pages on
their side), so the PDF is what printing the HTML gives, without a browser.

WeasyPrint draws text with Pango, a system library (part of every Linux desktop; Homebrew's
`pango` on macOS; GTK's runtime on Windows). Without it this export, and only this one, says so.
"""

from __future__ import annotations

import importlib
from functools import cache, lru_cache
from types import ModuleType
from typing import Any

from cxworkbook.report.document import Document
from cxworkbook.report.html import render_html


class PdfUnavailable(Exception):
    """The system library the PDF export draws text with is not installed."""


def _nothing_fetched(url: str, *_: Any, **__: Any) -> Any:
    """The document holds everything it shows (inline SVG, inline styles): it loads nothing."""
    raise ValueError(f"the document loads nothing: {url[:40]}")


@cache
def _weasyprint() -> ModuleType | None:
    """WeasyPrint, imported on first use: without Pango its import fails, and nothing else may."""
    try:
        return importlib.import_module("weasyprint")
    except OSError:
        return None


def pdf_available() -> bool:
    return _weasyprint() is not None


@lru_cache(maxsize=8)
def _laid_out(html: str) -> bytes:
    """The PDF of `html`, kept: laying out a large workbook takes WeasyPrint many seconds, and a
    second download of an unchanged document gives the same bytes."""
    weasyprint = _weasyprint()
    if weasyprint is None:
        raise PdfUnavailable("WeasyPrint cannot find Pango, the system library it draws text with")
    return weasyprint.HTML(string=html, url_fetcher=_nothing_fetched).write_pdf()


def render_pdf(document: Document) -> bytes:
    return _laid_out(render_html(document))
