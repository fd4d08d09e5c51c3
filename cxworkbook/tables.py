"""Data tables shared by pages, charts and exports: every chart is drawn from one of these, and
the same table is shown beside it as the chart's text alternative."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from cxworkbook.i18n import MISSING, format_decimal
from cxworkbook.questionnaire import MaturityPack
from cxworkbook.scoring import RoundScore

DIMENSION_COLUMNS = ["dimension_id", "dimension", "current", "target", "gap", "answered", "spread"]


def shown(value: float | None) -> float | None:
    """A score as shown to people: one decimal, halves rounded up (2.25 -> 2.3, as by hand)."""
    if value is None:
        return None
    return float(Decimal(repr(float(value))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def shown_gap(target: float | None, current: float | None) -> float | None:
    """The gap between the shown target and current, so "2.1 → 4.0" is never labelled 1.8."""
    t, c = shown(target), shown(current)
    return None if t is None or c is None else round(t - c, 1)


def score_text(value: float | None, lang: str) -> str:
    """A score written out as `shown` gives it ("2,3" in Finnish, "2.3" in English), or MISSING."""
    return MISSING if value is None or pd.isna(value) else format_decimal(shown(value), ".1f", lang)


def gap_text(value: float | None, lang: str) -> str:
    """A gap written out with its sign ("+1,5" in Finnish, "+1.5" in English), or MISSING."""
    return MISSING if value is None or pd.isna(value) else format_decimal(value, "+.1f", lang)


def dimension_table(score: RoundScore, pack: MaturityPack, lang: str) -> pd.DataFrame:
    """One row per dimension, largest gap first; dimensions without a gap follow in pack order.

    Values are rounded as shown to people. `spread` is how far apart the participants' own
    dimension scores are (max − min).
    """
    rows = [
        {
            "dimension_id": d.dimension_id,
            "dimension": pack.dimension(d.dimension_id).title.get(lang),
            "current": shown(d.current),
            "target": shown(d.target),
            "gap": shown_gap(d.target, d.current),
            "answered": f"{d.answered}/{d.questions}",
            "spread": shown(d.by_participant_current.spread),
        }
        for d in score.dimensions
    ]
    exact_gaps = pd.Series([d.gap for d in score.dimensions], dtype="float64")
    order = exact_gaps.fillna(float("-inf")).sort_values(ascending=False, kind="stable").index
    return pd.DataFrame(rows, columns=DIMENSION_COLUMNS).loc[order].reset_index(drop=True)
