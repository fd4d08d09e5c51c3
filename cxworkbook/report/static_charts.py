"""Charts for documents, drawn offline with vl-convert: SVG for HTML, PNG for DOCX.

On a page a chart stretches to its container; a document has no container, so every
"container" width becomes a fixed one first.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import vl_convert

WIDTH = 640
PNG_SCALE = 2  # pixels of a PNG to one of the chart's: sharp in print


def _fixed(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            k: WIDTH if (k == "width" and v == "container") else _fixed(v) for k, v in node.items()
        }
    if isinstance(node, list):
        return [_fixed(v) for v in node]
    return node


@lru_cache(maxsize=64)
def _svg(spec_json: str) -> str:
    return vl_convert.vegalite_to_svg(json.loads(spec_json))


@lru_cache(maxsize=64)
def _png(spec_json: str) -> bytes:
    """Rasterised from the SVG (the same bytes as drawing a PNG directly), so that the ZIP, which
    holds both, lays each chart out once."""
    return vl_convert.svg_to_png(_svg(spec_json), scale=PNG_SCALE)


def to_svg(spec: dict[str, Any]) -> str:
    """The chart as an SVG document (text in it escaped as XML by the converter)."""
    return _svg(json.dumps(_fixed(spec), sort_keys=True))


def to_png(spec: dict[str, Any]) -> bytes:
    return _png(json.dumps(_fixed(spec), sort_keys=True))
