"""The vision document as a PDF: A4, fonts embedded, charts as vectors, laid out by Typst from
templates/document.typ (running header, page numbers, a table of contents, wide sections on pages
on their side).

The document goes to Typst as JSON data, never as Typst source: every text in it is shown as it
is. Typst comes as a wheel with its own fonts and needs nothing from the system."""

from __future__ import annotations

import json
import threading
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any

import typst

from cxworkbook.report.columns import (
    LANDSCAPE_WIDTH_TWIPS,
    TEXT_WIDTH_TWIPS,
    is_wide,
    section_layouts,
)
from cxworkbook.report.document import (
    Block,
    Bullets,
    Chart,
    Document,
    Heading,
    Paragraph,
    Section,
    Table,
)
from cxworkbook.report.static_charts import to_svg

_compiling = threading.Lock()  # one compiler, kept for its caches, serves one document at a time


@cache
def _compiler() -> typst.Compiler:
    return typst.Compiler()


@cache
def _template() -> bytes:
    return files("cxworkbook.report").joinpath("templates/document.typ").read_bytes()


def _block(block: Block, following: Block | None, layouts: dict[Any, Any]) -> dict[str, Any]:
    match block:
        case Heading(text=text):
            return {"kind": "heading", "text": text}
        case Paragraph(text=text, strong=strong):
            introduces = isinstance(following, Table | Chart)
            return {"kind": "paragraph", "text": text, "strong": strong, "introduces": introduces}
        case Bullets(items=items):
            return {"kind": "bullets", "items": items}
        case Table(columns=columns, rows=rows):
            points, widths = layouts[tuple(columns)]
            return {
                "kind": "table",
                "columns": columns,
                "rows": rows,
                "points": points,
                "widths": widths,
            }
        case Chart():
            return {"kind": "chart", "svg": to_svg(block.spec), "alt": block.alt}
    raise TypeError(f"no PDF form for {type(block).__name__}")


def _section(section: Section) -> dict[str, Any]:
    wide = is_wide(section.blocks)
    layouts = section_layouts(section.blocks, LANDSCAPE_WIDTH_TWIPS if wide else TEXT_WIDTH_TWIPS)
    following = [*section.blocks[1:], None]
    return {
        "heading": section.heading,
        "wide": wide,
        "blocks": [
            _block(block, after, layouts)
            for block, after in zip(section.blocks, following, strict=True)
        ],
    }


def pdf_data(document: Document) -> dict[str, Any]:
    """What the template lays out: the document's texts, tables' layouts and charts as SVG."""
    frame = document.frame
    return {
        "language": document.language,
        "title": document.title,
        "subtitle": document.subtitle,
        "organisation": frame.organisation,
        "date": [frame.updated.year, frame.updated.month, frame.updated.day],
        "header": f"{frame.organisation} · {document.title}",
        "page": frame.page_parts(),
        "contents": frame.contents,
        "facts": document.facts,
        "sections": [_section(section) for section in document.sections],
    }


@lru_cache(maxsize=8)
def _laid_out(data: str) -> bytes:
    """The PDF of `data`, kept: a second download of an unchanged document gives the same bytes."""
    with _compiling:
        return _compiler().compile(input=_template(), sys_inputs={"document": data})


def render_pdf(document: Document) -> bytes:
    return _laid_out(json.dumps(pdf_data(document), ensure_ascii=False))
