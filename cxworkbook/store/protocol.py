"""What pages, exports and imports need of a place that keeps workbooks: a small protocol.

A folder of YAML files is its first implementation (`cxworkbook.store.files`); every
implementation keeps the same promises, checked by one set of behaviour tests run against each:
an update is applied to the workbook as stored at that moment and lands whole or not at all; a
stale edit of a field is refused, never silently lost; every save gets the next revision and
leaves the one before in the history; a deleted workbook waits in the trash; an id is never
handed out again while its workbook, its trash copy or its history exists.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from cxworkbook.edits import Operation
from cxworkbook.model import Workbook
from cxworkbook.store.history import Version


@dataclass(frozen=True)
class WorkbookInfo:
    """A workbook in a list of workbooks; `problem` says why one cannot be opened."""

    id: str
    title: str
    organisation: str
    updated: dt.datetime | None
    revision: int | None
    problem: str | None = None
    facilitator: str = ""

    def matches(self, words: str) -> bool:
        """Whether every word of `words` is in its title, organisation, facilitator or the day
        it was saved (as 2026-10-14), whatever the case."""
        day = "" if self.updated is None else f"{self.updated:%Y-%m-%d %d.%m.%Y}"
        text = " ".join((self.title, self.organisation, self.facilitator, day, self.id)).casefold()
        return all(word in text for word in words.casefold().split())


@dataclass(frozen=True)
class Deleted:
    """A workbook in the trash, under the `key` that brings it back."""

    key: str
    id: str
    title: str
    deleted: dt.datetime


class WorkbookStore(Protocol):
    def read(self, workbook_id: str) -> Workbook:
        """The workbook as stored now; shared with other readers and never changed."""
        ...

    def update(self, workbook_id: str, operation: Operation) -> Workbook:
        """Apply `operation` to the workbook's plain data as stored now, validate and save the
        result as the next revision (nothing is saved when nothing changed). Raises StaleEdit,
        InvalidEdit or SaveFailed to refuse; returns the workbook as saved."""
        ...

    def add(self, workbook: Workbook) -> Workbook:
        """Keep a new workbook, as revision 1, under its id or the first free id made from it."""
        ...

    def list(self) -> list[WorkbookInfo]:
        """Every workbook, most recently saved first, each one that cannot be read saying why."""
        ...

    def delete(self, workbook_id: str) -> Deleted: ...

    def deleted(self) -> list[Deleted]:
        """The trash, most recently deleted first."""
        ...

    def restore_deleted(self, key: str) -> Workbook: ...

    def history(self, workbook_id: str) -> list[Version]:
        """The earlier versions kept, newest first."""
        ...

    def version(self, workbook_id: str, revision: int) -> Workbook: ...

    def restore_version(self, workbook_id: str, revision: int) -> Workbook:
        """Make an earlier version current again, as a new revision (nothing is dropped)."""
        ...
