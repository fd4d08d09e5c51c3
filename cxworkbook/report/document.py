"""The structure of the vision document, independent of any format.

User text stays plain text here; each renderer escapes it for its own format, so no text typed in
a workshop is ever read as markup.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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
class Chart:
    """A Vega-Lite spec with a text alternative; the table beside it carries the same data."""

    spec: dict[str, Any]
    alt: str


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


@dataclass
class Document:
    language: str
    title: str
    subtitle: str
    facts: list[tuple[str, str]]  # the title page: (label, value)
    sections: list[Section]
