"""The journey map as one editable table: touchpoints as rows of what people read, and the edits
of a table turned back into operations on touchpoint ids.

Streamlit's data editor reports, after every cell, all the edits made since it was drawn: edited
cells by row position, added rows, deleted rows. Redrawing it with the saved data would reset its
selection and scroll, and what is typed next would be lost; so one drawing of the table (an
`OpenTable`) stays on screen while its edits are saved cell by cell, each carrying the value it
was made from. It is drawn anew only when what is stored differs from what it shows (another tab,
the form above it, a restore).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from cxworkbook import ops
from cxworkbook.edits import UNSET, Operation, set_field
from cxworkbook.model import Journey

# The stage, then every field of a touchpoint a row can edit.
FIELDS = (
    "name",
    "channel",
    "owner",
    "delivery",
    "effectiveness",
    "ease",
    "emotion",
    "moment_that_matters",
    "pain_point",
    "opportunity",
    "evidence",
)
COLUMNS = ["stage", *FIELDS]
RATING_COLUMNS = ("effectiveness", "ease", "emotion")
Row = dict[str, Any]


@dataclass(frozen=True)
class TableLabels:
    """What the stored ids are called on screen, and the way back. Stage labels are numbered so
    that two stages with one name stay apart."""

    stages: dict[str, str]
    channels: dict[str, str]
    channel_options: list[str]
    delivery: dict[str, str]
    evidence: dict[str, str]
    unnamed: str

    @classmethod
    def for_journey(
        cls,
        journey: Journey,
        *,
        channels: dict[str, str],
        delivery: dict[str, str],
        evidence: dict[str, str],
        unnamed: str,
    ) -> TableLabels:
        used = {tp.channel for s in journey.stages for tp in s.touchpoints if tp.channel}
        return cls(
            stages={s.id: f"{i}. {s.name}" for i, s in enumerate(journey.stages, start=1)},
            channels=channels,
            channel_options=list(channels.values()) + sorted(used - set(channels)),
            delivery=delivery,
            evidence=evidence,
            unnamed=unnamed,
        )

    def __hash__(self) -> int:
        """By value, as equality is: labels made anew on each page run find what was derived
        from equal ones (`cxworkbook.ui.derived`)."""
        return hash(
            (
                tuple(self.stages.items()),
                tuple(self.channels.items()),
                tuple(self.channel_options),
                tuple(self.delivery.items()),
                tuple(self.evidence.items()),
                self.unnamed,
            )
        )

    def channel(self, stored: str) -> str:
        return self.channels.get(stored, stored)

    def stored_channel(self, shown: str | None) -> str:
        """A listed channel is stored by id; any other text (the "other" channel) as typed."""
        by_name = {name: channel_id for channel_id, name in self.channels.items()}
        return by_name.get(shown or "", (shown or "").strip())


def _reverse(names: dict[str, str], shown: Any) -> str | None:
    return next((key for key, name in names.items() if name == shown), None)


def stored_value(column: str, value: Any, labels: TableLabels) -> Any:
    """A cell of the table as the workbook stores it (a row's stage as the stage's id)."""
    if isinstance(value, float) and math.isnan(value):
        value = None
    if column in RATING_COLUMNS:
        return None if value is None else int(value)
    if column == "moment_that_matters":
        return bool(value)
    if column == "stage":
        return _reverse(labels.stages, value) or next(iter(labels.stages))
    if column == "name":  # a row added without a name is kept under a placeholder name
        return str(value or "").strip() or labels.unnamed
    if column == "channel":
        return labels.stored_channel(value)
    if column == "delivery":
        return _reverse(labels.delivery, value)
    if column == "evidence":
        return _reverse(labels.evidence, value)
    return "" if value is None else str(value)


def table_rows(journey: Journey, labels: TableLabels) -> tuple[list[str], list[Row]]:
    """The touchpoints as table rows (what is shown) and their ids, in map order."""
    ids, rows = [], []
    for stage in journey.stages:
        for tp in stage.touchpoints:
            ids.append(tp.id)
            rows.append(
                {
                    "stage": labels.stages[stage.id],
                    "name": tp.name,
                    "channel": labels.channel(tp.channel) or None,
                    "owner": tp.owner,
                    "delivery": labels.delivery.get(tp.delivery or ""),
                    "effectiveness": tp.effectiveness,
                    "ease": tp.ease,
                    "emotion": tp.emotion,
                    "moment_that_matters": tp.moment_that_matters,
                    "pain_point": tp.pain_point,
                    "opportunity": tp.opportunity,
                    "evidence": labels.evidence.get(tp.evidence or ""),
                }
            )
    return ids, rows


def stored_rows(journey: Journey) -> dict[str, Row]:
    """Each touchpoint's fields as stored, with its stage's id, by the touchpoint's id."""
    return {
        tp.id: {"stage": stage.id, **{f: getattr(tp, f) for f in FIELDS}}
        for stage in journey.stages
        for tp in stage.touchpoints
    }


def table_frame(rows: list[Row]) -> pd.DataFrame:
    """The rows as the data editor takes them. Given a frame, it gives its edited table back as
    a frame; given rows, it turned that table back into rows on every page run, a fifth of the
    map's time."""
    return pd.DataFrame(rows, columns=COLUMNS)


def _stored(row: Row, labels: TableLabels) -> Row:
    return {column: stored_value(column, row.get(column), labels) for column in COLUMNS}


def _row_operations(touchpoint_id: str, row: Row, before: Row, check: bool) -> list[Operation]:
    """A row's changed cells as operations; a move to another stage last, since each cell is
    addressed through the stage the touchpoint stood in."""
    where = ("journey", "stages", before["stage"], "touchpoints", touchpoint_id)
    found = [
        set_field((*where, column), row[column], before[column] if check else UNSET)
        for column in FIELDS
        if row[column] != before[column]
    ]
    if row["stage"] != before["stage"]:
        found.append(ops.move_touchpoint(touchpoint_id, row["stage"]))
    return found


@dataclass
class OpenTable:
    """One drawing of the journey table, and what has been saved from it: each touchpoint's
    fields as this table last saw them stored (`saved`), the touchpoints made from its added rows
    in their order (`made`), the rows deleted (`deleted`)."""

    labels: TableLabels
    ids: list[str]
    frame: pd.DataFrame
    saved: dict[str, Row]
    made: list[str] = field(default_factory=list)
    deleted: set[str] = field(default_factory=set)
    edits: dict[str, Any] = field(default_factory=dict)  # those that did not land

    @classmethod
    def of(cls, journey: Journey, labels: TableLabels) -> OpenTable:
        ids, rows = table_rows(journey, labels)
        return cls(labels, ids, table_frame(rows), stored_rows(journey))

    def _added(self, edits: dict[str, Any]) -> list[Row]:
        return [_stored(row, self.labels) for row in edits.get("added_rows", [])]

    def _edited(self, edits: dict[str, Any]) -> dict[str, Row]:
        """The base rows with the table's edits in them, by touchpoint id."""
        rows = {}
        for index, touchpoint_id in enumerate(self.ids):
            if index in edits.get("deleted_rows", []) or touchpoint_id not in self.saved:
                continue
            row = dict(self.saved[touchpoint_id])
            for column, value in edits.get("edited_rows", {}).get(index, {}).items():
                row[column] = stored_value(column, value, self.labels)
            rows[touchpoint_id] = row
        return rows

    def shows(self, edits: dict[str, Any]) -> dict[str, Row]:
        """What the table shows of the touchpoints that are stored, as stored values."""
        shown = self._edited(edits)
        for touchpoint_id, row in zip(self.made, self._added(edits), strict=False):
            shown[touchpoint_id] = row
        return shown

    def is_current(self, journey: Journey, labels: TableLabels, edits: dict[str, Any]) -> bool:
        """Whether this drawing still shows what is stored (else it is drawn anew)."""
        return labels == self.labels and self.shows(edits) == stored_rows(journey)

    def operations(self, edits: dict[str, Any], *, check: bool = True) -> list[Operation]:
        """The table's edits not yet saved, as operations (`commit` records them once they
        land). With `check`, each carries the value it was made from, so a change made elsewhere
        meanwhile is reported, not lost."""
        found: list[Operation] = []
        added = self._added(edits)
        made = list(self.made)
        if len(added) < len(made):  # an added row was deleted again in the table
            pairs = enumerate(zip(made, added, strict=False))
            gone = next((i for i, (tp, row) in pairs if row != self.saved[tp]), len(made) - 1)
            found.append(ops.delete_touchpoint(made.pop(gone)))
        for index in edits.get("deleted_rows", []):
            if self.ids[int(index)] not in self.deleted:
                found.append(ops.delete_touchpoint(self.ids[int(index)]))
        rows = self._edited(edits) | dict(zip(made, added, strict=False))
        for touchpoint_id, row in rows.items():
            found += _row_operations(touchpoint_id, row, self.saved[touchpoint_id], check)
        for row in added[len(made) :]:
            fields = {f: row[f] for f in FIELDS if f != "name"}
            found.append(ops.add_touchpoint(row["stage"], row["name"], **fields))
        return found

    def commit(self, edits: dict[str, Any], saved: Journey) -> None:
        """The table's edits have landed: take what is stored now as what this table saved, and
        the touchpoints its added rows made, in their order."""
        stored = stored_rows(saved)
        known = set(self.ids) | set(self.made)
        added = self._added(edits)
        kept = [tp for tp in self.made if tp in stored]
        new = [tp for tp in stored if tp not in known]
        self.made = (kept + new)[: len(added)]
        self.deleted = {tp for tp in self.ids if tp not in stored}
        self.saved = stored
