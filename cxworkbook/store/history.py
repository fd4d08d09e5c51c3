"""Which earlier versions of a workbook are kept: by time, not by count, as document editors do.

Every save of the last hour is kept, then one version per ten minutes for the last day, one per
hour for the last month and one per day before that, and always the very first version, so "the
state at 10:15" can be brought back however long the workshop was. A history larger than its
budget is thinned further by stretching every step, never by dropping its oldest versions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

# (versions younger than this, are kept at least this far apart); None: any age
STEPS: tuple[tuple[dt.timedelta | None, dt.timedelta], ...] = (
    (dt.timedelta(hours=1), dt.timedelta(0)),
    (dt.timedelta(days=1), dt.timedelta(minutes=10)),
    (dt.timedelta(days=30), dt.timedelta(hours=1)),
    (None, dt.timedelta(days=1)),
)
BUDGET_BYTES = 200_000_000
# When a history outgrows its budget, the last hour too is thinned, to one version this far
# apart (then twice, four times… as far).
SHORTEST_STRETCHED = dt.timedelta(seconds=10)


@dataclass(frozen=True)
class Version:
    """An earlier version: the workbook as it stood at `revision`, saved at `saved`."""

    revision: int
    saved: dt.datetime
    size: int = 0


def _spacing(age: dt.timedelta, stretch: int) -> dt.timedelta:
    for younger_than, spacing in STEPS:
        if younger_than is None or age < younger_than:
            return max(spacing, SHORTEST_STRETCHED) * stretch if stretch > 1 else spacing
    raise AssertionError("the last step holds any age")


def _thinned(versions: Sequence[Version], now: dt.datetime, stretch: int) -> list[Version]:
    newest_first = sorted(versions, key=lambda v: v.revision, reverse=True)
    kept: list[Version] = []
    for version in newest_first:
        is_first = version is newest_first[-1]
        far_enough = not kept or kept[-1].saved - version.saved >= _spacing(
            now - version.saved, stretch
        )
        if is_first or far_enough:
            kept.append(version)
    return kept


def versions_to_keep(
    versions: Sequence[Version], now: dt.datetime, budget: int = BUDGET_BYTES
) -> list[Version]:
    """The versions to keep of `versions`, newest first."""
    stretch = 1
    kept = _thinned(versions, now, stretch)
    while sum(v.size for v in kept) > budget and len(kept) > 2:
        stretch *= 2
        kept = _thinned(kept, now, stretch)
    return kept
