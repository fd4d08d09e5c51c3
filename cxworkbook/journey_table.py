"""The journey map as one editable table: touchpoints as rows of what people read, and the edits
of a table (Streamlit's data editor reports edited, added and deleted rows by position) turned back
into operations on touchpoint ids."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, get_args

import pandas as pd

from cxworkbook import ops
from cxworkbook.model import Journey
from cxworkbook.store import Operation

# The stage, then every field of a touchpoint a row can edit, in the operations' order.
COLUMNS = ["stage", *get_args(ops.TouchpointField)]
RATING_COLUMNS = ("effectiveness", "ease", "emotion")


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
    """A cell of the table as the workbook stores it."""
    if isinstance(value, float) and math.isnan(value):
        value = None
    if column in RATING_COLUMNS:
        return None if value is None else int(value)
    if column == "moment_that_matters":
        return bool(value)
    if column == "channel":
        return labels.stored_channel(value)
    if column == "delivery":
        return _reverse(labels.delivery, value)
    if column == "evidence":
        return _reverse(labels.evidence, value)
    return "" if value is None else str(value)


def table_rows(journey: Journey, labels: TableLabels) -> tuple[list[str], list[dict[str, Any]]]:
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


def table_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """The rows as the data editor takes them. Given a frame, it gives its edited table back as
    a frame; given rows, it turned that table back into rows on every page run, a fifth of the
    map's time."""
    return pd.DataFrame(rows, columns=COLUMNS)


def table_operations(
    edits: dict[str, Any],
    ids: list[str],
    rows: list[dict[str, Any]],
    labels: TableLabels,
    *,
    check: bool,
) -> list[Operation]:
    """The editor's changes as operations on touchpoint ids. With `check`, each edit carries the
    value it was made from, so a change made elsewhere meanwhile is reported, not lost. A row added
    without a name gets a placeholder name, so nothing typed into it is dropped."""
    stage_ids = {label: stage_id for stage_id, label in labels.stages.items()}
    operations: list[Operation] = []
    for row, changes in edits.get("edited_rows", {}).items():
        touchpoint_id, before = ids[int(row)], rows[int(row)]
        for column, value in changes.items():
            if column == "stage":
                operations.append(ops.move_touchpoint(touchpoint_id, stage_ids[value]))
                continue
            new = stored_value(column, value, labels)
            if check:
                old = stored_value(column, before[column], labels)
                operations.append(ops.set_touchpoint(touchpoint_id, column, new, old))
            else:
                operations.append(ops.set_touchpoint(touchpoint_id, column, new))
    for added in edits.get("added_rows", []):
        fields = {
            c: stored_value(c, v, labels) for c, v in added.items() if c not in ("stage", "name")
        }
        name = str(added.get("name") or "").strip() or labels.unnamed
        stage_id = stage_ids.get(added.get("stage"), next(iter(labels.stages)))
        operations.append(ops.add_touchpoint(stage_id, name, **fields))
    operations += [ops.delete_touchpoint(ids[int(row)]) for row in edits.get("deleted_rows", [])]
    return operations
