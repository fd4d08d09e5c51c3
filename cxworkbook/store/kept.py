"""What a store keeps, as it keeps it: for moving workbooks from one store to another without
losing a byte (`migrate`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from cxworkbook.errors import StoreError


@dataclass(frozen=True)
class KeptVersion:
    revision: int
    saved: dt.datetime
    text: str


@dataclass(frozen=True)
class KeptWorkbook:
    """A workbook's current text under its id."""

    id: str
    text: str


@dataclass(frozen=True)
class KeptHistory:
    """The earlier versions kept under an id, of a workbook in the store or in its trash."""

    id: str
    versions: tuple[KeptVersion, ...]  # newest first


@dataclass(frozen=True)
class KeptDeleted:
    key: str
    id: str
    deleted: dt.datetime
    text: str


@dataclass(frozen=True)
class Kept:
    workbooks: tuple[KeptWorkbook, ...]
    histories: tuple[KeptHistory, ...]
    trash: tuple[KeptDeleted, ...]

    def ids(self) -> set[str]:
        return (
            {w.id for w in self.workbooks}
            | {h.id for h in self.histories}
            | {d.id for d in self.trash}
        )


class Collision(StoreError):
    """The target already has some of what is being moved: nothing was moved."""

    reason = "conflict"


def refuse_taken(taken: set[str], kept: Kept) -> None:
    both = sorted(taken & kept.ids())
    if both:
        raise Collision(f"already kept there: {', '.join(both)}; nothing was moved")
