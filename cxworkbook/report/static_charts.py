"""Charts for documents, drawn offline with vl-convert: SVG for HTML, PNG for DOCX.

On a page a chart stretches to its container; a document has no container, so every
"container" width becomes a fixed one first.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any, NamedTuple

import vl_convert

WIDTH = 640
PNG_SCALE = 2  # pixels of a PNG to one of the chart's: sharp in print
# As tall as a document prints a chart: a taller one is printed smaller, and is as sharp with
# fewer pixels (a long goal chart took seconds to rasterise, and its PNG swelled the DOCX).
TALLEST_PRINTED_CM = 20
_PIXELS_PER_CM = 96 / 2.54
_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)"[^>]*?\bheight="([\d.]+)"')


class Picture(NamedTuple):
    png: bytes
    width: float  # the chart's own size, in CSS pixels (96 an inch)
    height: float


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
def _png(spec_json: str) -> Picture:
    """Rasterised from the SVG (the same bytes as drawing a PNG directly), so that the ZIP, which
    holds both, lays each chart out once."""
    svg = _svg(spec_json)
    size = _SIZE.search(svg)
    if size is None:
        raise ValueError("the converter's SVG has no size")
    width, height = float(size[1]), float(size[2])
    scale = PNG_SCALE * min(1, TALLEST_PRINTED_CM * _PIXELS_PER_CM / height)
    return Picture(vl_convert.svg_to_png(svg, scale=scale), width, height)


def to_svg(spec: dict[str, Any]) -> str:
    """The chart as an SVG document (text in it escaped as XML by the converter)."""
    return _svg(json.dumps(_fixed(spec), sort_keys=True))


def to_png(spec: dict[str, Any]) -> Picture:
    return _png(json.dumps(_fixed(spec), sort_keys=True))
