"""The structure of the vision document, independent of any format.

User text stays plain text here; each renderer escapes it for its own format, so no text typed in
a workshop is ever read as markup.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from cxworkbook.canvas import CanvasPiece


@dataclass(frozen=True)
class Paragraph:
    text: str
    strong: bool = False


@dataclass(frozen=True)
class Bullets:
    items: list[str]


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Figures:
    """A chart's numbers, for a format that draws the chart itself so that its reader can edit
    it (the deck): one value per category in each series; None where there is none."""

    kind: Literal["bars", "stacked", "lines", "rows"]  # rows: bars lying down, for long names
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float | None, ...]], ...]
    axis: str
    scale: tuple[float, float] | None = None  # the value axis' ends, if fixed (1 to 5)
    title: str = ""  # where a chart is drawn as several (a goal's path each)


@dataclass(frozen=True)
class Chart:
    """A chart with a text alternative; the table with it carries the same data. Its Vega-Lite
    spec is built only when a format draws it (Markdown has no pictures). A format that draws
    its own charts draws them from their `figures` (one chart each), or the journey canvas from
    its `canvas` piece."""

    build: Callable[[], dict[str, Any]]
    alt: str
    figures: tuple[Figures, ...] = ()
    canvas: CanvasPiece | None = None

    @cached_property
    def spec(self) -> dict[str, Any]:
        return self.build()


@dataclass(frozen=True)
class Heading:
    """A sub-heading inside a section."""

    text: str


Block = Paragraph | Bullets | Table | Chart | Heading


@dataclass
class Section:
    id: str
    heading: str
    blocks: list[Block] = field(default_factory=list)
    notes: str = ""  # what the section's numbers mean, for a presenter


@dataclass(frozen=True)
class Frame:
    """What each page and the file's properties carry: the running header, the words around the
    page number, and the table of contents' heading."""

    organisation: str
    created: dt.datetime
    updated: dt.datetime
    page: str  # "Page {page} of {pages}", with the fields in place of {page} and {pages}
    contents: str

    def page_parts(self) -> list[str]:
        """`page` split into its words and its "{page}" and "{pages}", in order."""
        return [part for part in re.split(r"(\{page\}|\{pages\})", self.page) if part]


@dataclass
class Document:
    language: str
    title: str
    subtitle: str
    facts: list[tuple[str, str]]  # the title page: (label, value)
    sections: list[Section]
    frame: Frame
