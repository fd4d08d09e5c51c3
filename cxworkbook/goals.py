"""Measurable goals: numbers as people type them, goals from templates, the pace a goal needs,
which gaps no goal serves yet, and the Net Promoter Score with its margin of error."""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from cxworkbook.errors import InvalidEdit
from cxworkbook.i18n import format_decimal, translate
from cxworkbook.model import Goal
from cxworkbook.questionnaire import MaturityPack
from cxworkbook.scoring import DimensionScore, RoundScore, shown_gap
from cxworkbook.templates import GoalTemplate

DAYS_PER_YEAR = 365.25
_SPACES = re.compile(r"[\s\u00a0\u202f]")
_MINUS = str.maketrans({"\u2212": "-", "\u2013": "-"})


def parse_number(text: str) -> float | None:
    """A number as a Finnish or English speaker types it ("12,5", "1 200", "−3", "12.5 %");
    empty text is no value. Anything else raises InvalidEdit("not_a_number")."""
    cleaned = _SPACES.sub("", text).translate(_MINUS).removesuffix("%")
    if not cleaned:
        return None
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        raise InvalidEdit(f"{text!r} is not a number", code="not_a_number") from None
    if not math.isfinite(value):
        raise InvalidEdit(f"{text!r} is not a number", code="not_a_number")
    return value


def format_number(value: float | None, lang: str) -> str:
    """A number as typed back: no trailing ".0", a decimal comma in Finnish, and every digit of
    the stored value (its shortest form that reads back the same, never as an exponent), so a
    field sent again saves what it held."""
    if value is None:
        return ""
    return format_decimal(Decimal(repr(value + 0.0)).normalize(), "f", lang)  # -0.0 as 0


def pace_text(change: float, unit: str, lang: str) -> str:
    """A yearly change as written beside a goal: signed, at most two decimals, with its unit
    ("+10,49 kpl"). A change of a percentage is in percentage points: "-3 %" a year would read as
    a relative change."""
    shown_unit = translate(lang, "goals.percentage_points") if unit.strip() == "%" else unit
    number = ("+" if change > 0 else "") + format_number(round(change, 2), lang)
    return f"{number} {shown_unit}".strip()


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or that month's last day if it is shorter (31 Jan + 1)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last_day))


@dataclass(frozen=True)
class GoalDraft:
    """What a new goal starts with."""

    title: str
    metric: str = ""
    source: str = ""
    frequency: str = ""
    unit: str = ""
    baseline_date: dt.date | None = None
    deadline: dt.date | None = None
    dimensions: tuple[str, ...] = ()


def draft_from_template(
    template: GoalTemplate, lang: str, today: dt.date, pack: MaturityPack
) -> GoalDraft:
    """A goal from `template` in the workbook's language, measured from today; dimensions the
    workbook's questionnaire does not have are left out."""
    known = {d.id for d in pack.dimensions}
    return GoalDraft(
        title=template.title.get(lang),
        metric=template.metric.get(lang),
        source=template.source.get(lang),
        frequency=template.frequency.get(lang),
        unit=template.unit.get(lang),
        baseline_date=today,
        deadline=add_months(today, template.horizon_months),
        dimensions=tuple(d for d in template.dimensions if d in known),
    )


def yearly_change(goal: Goal) -> float | None:
    """How much the metric has to move per year to get from baseline to target by the deadline."""
    if None in (goal.baseline, goal.target, goal.baseline_date, goal.deadline):
        return None
    years = (goal.deadline - goal.baseline_date).days / DAYS_PER_YEAR  # type: ignore[operator]
    return (goal.target - goal.baseline) / years  # type: ignore[operator]


def is_measurable(goal: Goal) -> bool:
    """A goal can be followed up: it has a metric, a baseline, a target and a deadline."""
    return bool(goal.metric) and None not in (goal.baseline, goal.target, goal.deadline)


def uncovered_gaps(
    score: RoundScore, goals: Sequence[Goal], count: int = 3
) -> list[DimensionScore]:
    """The dimensions with the largest gaps that no goal serves yet, largest first."""
    served = {d for g in goals for d in g.dimensions}
    return [d for d in score.largest_gaps(len(score.dimensions)) if d.dimension_id not in served][
        :count
    ]


PATH_COLUMNS = ["goal", "point", "date", "value", "label"]


def goal_path_table(goals: Sequence[Goal], lang: str, per_year: str) -> pd.DataFrame:
    """Two rows per goal that has baseline, target and both dates: where it starts and where it
    must be. The target row's label says the pace (`per_year` is e.g. "{pace} / year")."""
    rows = []
    for number, goal in enumerate(goals, start=1):
        change = yearly_change(goal)
        if change is None:
            continue
        name = f"{number}. {goal.title}" + (f" ({goal.unit})" if goal.unit else "")
        pace = per_year.format(pace=pace_text(change, goal.unit, lang))
        rows.append([name, "baseline", goal.baseline_date, goal.baseline, ""])
        rows.append([name, "target", goal.deadline, goal.target, pace])
    table = pd.DataFrame(rows, columns=PATH_COLUMNS)
    table["date"] = pd.to_datetime(table["date"])
    return table


def goal_path_rows(path: pd.DataFrame, baseline: str, target: str) -> pd.DataFrame:
    """A `goal_path_table` to read as a table: each point by its name, each date without a time."""
    return path.assign(
        point=path["point"].map({"baseline": baseline, "target": target}),
        date=path["date"].dt.date,
    )


COVERAGE_COLUMNS = ["dimension_id", "dimension", "gap", "goals", "covered"]


def coverage_table(
    score: RoundScore, pack: MaturityPack, goals: Sequence[Goal], lang: str
) -> pd.DataFrame:
    """Per dimension, largest gap first: its gap and how many goals serve it."""
    counts = {d.id: 0 for d in pack.dimensions}
    for goal in goals:
        for dimension_id in set(goal.dimensions):
            if dimension_id in counts:
                counts[dimension_id] += 1
    rows = [
        {
            "dimension_id": d.dimension_id,
            "dimension": pack.dimension(d.dimension_id).title.get(lang),
            "gap": shown_gap(d.target, d.current),
            "goals": counts[d.dimension_id],
            "covered": counts[d.dimension_id] > 0,
            "_exact": d.gap,
        }
        for d in score.dimensions
    ]
    table = pd.DataFrame(rows, columns=[*COVERAGE_COLUMNS, "_exact"])
    order = table["_exact"].astype("float64").fillna(-math.inf).sort_values(ascending=False)
    return table.loc[order.index, COVERAGE_COLUMNS].reset_index(drop=True)


@dataclass(frozen=True)
class Nps:
    """A Net Promoter Score from the counts of answers 0–10, in points from −100 to 100."""

    respondents: int
    promoters: int
    passives: int
    detractors: int

    @property
    def score(self) -> float:
        return 100 * (self.promoters - self.detractors) / self.respondents

    @property
    def margin(self) -> float:
        """The 95 % margin of error in points: 1.96 standard errors of the difference of the
        promoter and detractor shares, which come from the same respondents."""
        p, d, n = (
            self.promoters / self.respondents,
            self.detractors / self.respondents,
            self.respondents,
        )
        variance = p + d - (p - d) ** 2
        return 100 * 1.96 * math.sqrt(variance / n)


def measures_nps(unit: str) -> bool:
    """Whether a goal with this unit is counted in NPS points ("NPS-pistettä", "NPS points"), so
    an NPS score can be its baseline; a score put into a goal counted in % or euros would be a
    wrong number."""
    return "nps" in unit.casefold()


def nps(counts: Sequence[int]) -> Nps | None:
    """NPS from eleven counts: how many answered 0, 1, …, 10. None when nobody answered."""
    if len(counts) != 11 or any(c < 0 for c in counts):
        raise ValueError("give eleven counts, one for each answer 0–10, none negative")
    respondents = sum(counts)
    if respondents == 0:
        return None
    return Nps(
        respondents=respondents,
        promoters=counts[9] + counts[10],
        passives=counts[7] + counts[8],
        detractors=sum(counts[:7]),
    )
