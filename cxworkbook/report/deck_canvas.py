"""The journey canvas on a slide, as shapes a client can move and retype: each box, line, dot and
card's text of `canvas.canvas_table`, at the same places, scaled to the slide.

The shapes are written as DrawingML directly: a canvas has hundreds of them, and python-pptx's
shape by shape API spends most of a large deck's time on them. What is written is what
python-pptx writes for an autoshape, a connector and a text box, without a theme's style.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml import etree
from pptx.oxml.ns import qn
from pptx.oxml.shapes.groupshape import CT_GroupShape
from pptx.slide import Slide

from cxworkbook.canvas import CURVE_COLOUR, LINE_HEIGHT, STAGE_WIDTH, CanvasPiece
from cxworkbook.report.docx import xml_safe

EMU_PER_POINT = 12_700
Line = tuple[str, bool, str, float]  # a line of text: its words, bold, colour and size in pixels


Row = dict[str, Any]  # a row of `canvas.canvas_table`, before it is a table


def lines_of_cards(rows: list[Row]) -> list[tuple[float, float, list[Line]]]:
    """The canvas's texts, those that follow each other down a card as one: (x, y, lines)."""
    groups: list[tuple[float, float, list[Line]]] = []
    below = (-1.0, -1.0)  # where a text that goes on with the last one starts
    for row in rows:
        if row["kind"] not in ("text", "title"):
            continue
        parts = row["text"].split("\n")
        lines = [(part, row["kind"] == "title", row["colour"], row["size"]) for part in parts]
        if groups and (row["x"], row["y"]) == below:
            groups[-1][2].extend(lines)
        else:
            groups.append((row["x"], row["y"], lines))
        below = (row["x"], row["y"] + len(parts) * LINE_HEIGHT)
    return groups


def _sub(parent: etree._Element, tag: str, **attributes: str) -> etree._Element:
    return etree.SubElement(parent, qn(tag), attributes)


def _fill(parent: etree._Element, colour: str) -> None:
    _sub(_sub(parent, "a:solidFill"), "a:srgbClr", val=colour.lstrip("#").upper())


@dataclass
class _Drawing:
    """Shapes added to a slide's shape tree, `scale` EMU to a pixel from (`left`, `top`)."""

    tree: CT_GroupShape
    next_id: int
    left: int
    top: int
    scale: float

    def emu(self, pixels: float) -> int:
        return max(1, int(pixels * self.scale))

    def _shape(self, tag: str, name: str, kind: str, text_box: bool = False) -> etree._Element:
        shape = etree.Element(qn(tag))
        self.tree.insert_element_before(shape, "p:extLst")
        properties = _sub(shape, f"p:nv{kind}Pr")
        _sub(properties, "p:cNvPr", id=str(self.next_id), name=f"{name} {self.next_id}")
        drawing = _sub(properties, f"p:cNv{kind}Pr")
        if text_box:
            drawing.set("txBox", "1")
        _sub(properties, "p:nvPr")
        self.next_id += 1
        return shape

    def _placed(
        self, shape: etree._Element, x: float, y: float, width: int, height: int, **flips: str
    ) -> etree._Element:
        shape_properties = _sub(shape, "p:spPr")
        frame = _sub(shape_properties, "a:xfrm", **flips)
        _sub(
            frame,
            "a:off",
            x=str(int(self.left + x * self.scale)),
            y=str(int(self.top + y * self.scale)),
        )
        _sub(frame, "a:ext", cx=str(width), cy=str(height))
        return shape_properties

    def _outline(self, shape_properties: etree._Element, colour: str, pixels: float) -> None:
        if pixels:
            _fill(_sub(shape_properties, "a:ln", w=str(self.emu(pixels))), colour)
        else:
            _sub(_sub(shape_properties, "a:ln"), "a:noFill")

    def box(self, row: Row) -> None:
        width, height = row["x2"] - row["x"], row["y2"] - row["y"]
        spec = self._placed(
            self._shape("p:sp", "Box", "Sp"), row["x"], row["y"], self.emu(width), self.emu(height)
        )
        geometry = _sub(_sub(spec, "a:prstGeom", prst="roundRect"), "a:avLst")
        corner = min(0.5, 4 / max(1.0, min(width, height)))
        _sub(geometry, "a:gd", name="adj", fmla=f"val {int(corner * 100_000)}")
        _fill(spec, row["fill"])
        self._outline(spec, row["colour"], row["size"])

    def mark(self, row: Row) -> None:
        """A touchpoint's dot on the emotion lane; a moment that matters as a diamond."""
        side = math.sqrt(row["size"])
        shape = self._shape("p:sp", "Mark", "Sp")
        spec = self._placed(
            shape, row["x"] - side / 2, row["y"] - side / 2, self.emu(side), self.emu(side)
        )
        _sub(
            _sub(spec, "a:prstGeom", prst="diamond" if row["kind"] == "moment" else "ellipse"),
            "a:avLst",
        )
        _fill(spec, row["colour"])
        self._outline(spec, "", 0)

    def line(self, x: float, y: float, x2: float, y2: float, colour: str, pixels: float) -> None:
        flips = {"flipH": "1"} if x2 < x else {}
        if y2 < y:
            flips["flipV"] = "1"
        shape = self._shape("p:cxnSp", "Line", "CxnSp")
        width, height = int(abs(x2 - x) * self.scale), int(abs(y2 - y) * self.scale)
        spec = self._placed(shape, min(x, x2), min(y, y2), width, height, **flips)
        _sub(_sub(spec, "a:prstGeom", prst="line"), "a:avLst")
        self._outline(spec, colour, pixels)

    def text(self, x: float, y: float, lines: list[Line], lang: str) -> None:
        points = self.scale / EMU_PER_POINT
        shape = self._shape("p:sp", "Text", "Sp", text_box=True)
        spec = self._placed(shape, x, y, self.emu(STAGE_WIDTH), self.emu(len(lines) * LINE_HEIGHT))
        _sub(_sub(spec, "a:prstGeom", prst="rect"), "a:avLst")
        _sub(spec, "a:noFill")
        body = _sub(shape, "p:txBody")
        _sub(body, "a:bodyPr", wrap="none", lIns="0", tIns="0", rIns="0", bIns="0")
        _sub(body, "a:lstStyle")
        for words, bold, colour, size in lines:
            paragraph = _sub(body, "a:p")
            spacing = _sub(_sub(paragraph, "a:pPr"), "a:lnSpc")
            _sub(spacing, "a:spcPts", val=str(int(LINE_HEIGHT * points * 100)))
            run = _sub(paragraph, "a:r")
            font = _sub(
                run, "a:rPr", lang=lang, sz=str(int(size * points * 100)), b="1" if bold else "0"
            )
            _fill(font, colour)
            _sub(run, "a:t").text = xml_safe(words)


def _curve(rows: list[Row]) -> Iterator[tuple[Row, Row]]:
    """The emotion curve's segments, from stage to stage."""
    points = sorted((row for row in rows if row["kind"] == "curve"), key=lambda row: row["x"])
    return itertools.pairwise(points)


def draw_canvas(
    slide: Slide, piece: CanvasPiece, box: tuple[int, int, int, int], scale: float, lang: str
) -> None:
    """`piece` on `slide` from the box's top left corner, `scale` EMU to a pixel, or smaller
    where the piece is taller than the box (a stage's name or a single card taller than a
    slide)."""
    left, top, _, height = box
    tree = slide.shapes.element
    first_id = max(int(number) for number in tree.xpath(".//p:cNvPr/@id")) + 1
    drawing = _Drawing(tree, first_id, left, top, min(scale, height / piece.height))
    for row in piece.rows:
        if row["kind"] == "box":
            drawing.box(row)
        elif row["kind"] == "rule":
            drawing.line(row["x"], row["y"], row["x2"], row["y2"], row["colour"], row["size"])
        elif row["kind"] in ("dot", "moment"):
            drawing.mark(row)
    for a, b in _curve(piece.rows):
        drawing.line(a["x"], a["y"], b["x"], b["y"], CURVE_COLOUR, a["size"])
    for x, y, lines in lines_of_cards(piece.rows):
        drawing.text(x, y, lines, lang)
