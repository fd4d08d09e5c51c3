"""Altair charts as pure functions: a table in, a chart out. Pages and exported documents use the
same builders, so the room and the report see the same picture.

Colours are from the Okabe–Ito palette (safe for colour-blind viewers) and text is large enough to
read on a projector.
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd

CURRENT_COLOUR = "#D55E00"
TARGET_COLOUR = "#0072B2"
RULE_COLOUR = "#8A949E"
FONT_SIZE = 14


def _configured(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return (
        chart.configure_axis(
            labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelColor="#222", titleColor="#222"
        )
        .configure_legend(labelColor="#222", labelFontSize=FONT_SIZE)
        .configure_view(stroke=None)
        .configure_title(fontSize=FONT_SIZE + 2, anchor="start")
    )


@dataclass(frozen=True)
class GapLabels:
    current: str
    target: str
    axis: str
    title: str


def _gap_text(gap: float | None) -> str:
    return "" if gap is None or pd.isna(gap) else f"{gap:+.1f}"


def gap_chart(table: pd.DataFrame, labels: GapLabels) -> alt.LayerChart:
    """Current and target per dimension as a dumbbell, largest gap on top, the gap written beside.

    `table` has the columns of `tables.dimension_table`; rows without any value are left out.
    """
    rows = table.dropna(subset=["current", "target"], how="all").copy()
    rows["gap_text"] = rows["gap"].map(_gap_text)
    rows["label_x"] = rows[["current", "target"]].max(axis=1)
    order = list(rows["dimension"])
    points = rows.melt(
        id_vars=["dimension"],
        value_vars=["current", "target"],
        var_name="series",
        value_name="value",
    ).dropna(subset=["value"])
    points["series"] = points["series"].map({"current": labels.current, "target": labels.target})

    y = alt.Y("dimension:N", sort=order, title=None, axis=alt.Axis(labelLimit=320))
    x_scale = alt.Scale(domain=[1, 5.6], nice=False)
    x_axis = alt.Axis(values=[1, 2, 3, 4, 5], title=labels.axis, grid=True)

    rule = (
        alt.Chart(rows)
        .mark_rule(strokeWidth=4, color=RULE_COLOUR)
        .encode(y=y, x=alt.X("current:Q", scale=x_scale, axis=x_axis), x2="target:Q")
    )
    dots = (
        alt.Chart(points)
        .mark_circle(size=260, opacity=1)
        .encode(
            y=y,
            x=alt.X("value:Q", scale=x_scale, axis=x_axis),
            color=alt.Color(
                "series:N",
                scale=alt.Scale(
                    domain=[labels.current, labels.target], range=[CURRENT_COLOUR, TARGET_COLOUR]
                ),
                legend=alt.Legend(title=None, orient="top"),
            ),
            tooltip=[
                alt.Tooltip("dimension:N", title=None),
                alt.Tooltip("series:N", title=None),
                alt.Tooltip("value:Q", format=".1f", title=labels.axis),
            ],
        )
    )
    gap_text = (
        alt.Chart(rows)
        .mark_text(align="left", dx=14, fontSize=FONT_SIZE, fontWeight="bold")
        .encode(y=y, x=alt.X("label_x:Q", scale=x_scale, axis=x_axis), text="gap_text:N")
    )
    return _configured(
        alt.layer(rule, dots, gap_text).properties(
            width="container", height=alt.Step(44), title=alt.TitleParams(labels.title)
        )
    )


@dataclass(frozen=True)
class PathLabels:
    baseline: str
    target: str
    title: str


def goal_path_chart(table: pd.DataFrame, labels: PathLabels) -> alt.FacetChart:
    """Each goal's straight path from baseline to target over time, one panel per goal with its own
    scale (goals have different units); the pace per year is written at the target.

    `table` has the columns of `goals.goal_path_table`.
    """
    rows = table.copy()
    rows["point_label"] = rows["point"].map({"baseline": labels.baseline, "target": labels.target})
    order = list(dict.fromkeys(rows["goal"]))
    x = alt.X("date:T", title=None, axis=alt.Axis(format="%Y-%m", tickCount=6))
    y = alt.Y("value:Q", title=None, scale=alt.Scale(zero=False, nice=True))
    line = alt.Chart().mark_line(strokeWidth=3, color=RULE_COLOUR).encode(x=x, y=y)
    dots = (
        alt.Chart()
        .mark_circle(size=200, opacity=1)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "point_label:N",
                scale=alt.Scale(
                    domain=[labels.baseline, labels.target], range=[CURRENT_COLOUR, TARGET_COLOUR]
                ),
                legend=alt.Legend(title=None, orient="top"),
            ),
            tooltip=[
                alt.Tooltip("point_label:N", title=None),
                alt.Tooltip("date:T", format="%Y-%m-%d", title=None),
                alt.Tooltip("value:Q", title=None),
            ],
        )
    )
    pace = (
        alt.Chart()
        .mark_text(align="right", dy=-16, fontSize=FONT_SIZE, fontWeight="bold")
        .encode(x=x, y=y, text="label:N")
    )
    return _configured(
        alt.layer(line, dots, pace, data=rows)
        .properties(width=640, height=110)
        .facet(
            row=alt.Row(
                "goal:N",
                sort=order,
                title=None,
                header=alt.Header(
                    labelAngle=0,
                    labelOrient="top",
                    labelAnchor="start",
                    labelFontSize=FONT_SIZE,
                    labelFontWeight="bold",
                    labelLimit=640,
                ),
            ),
            title=alt.TitleParams(labels.title, anchor="start"),
        )
        .resolve_scale(y="independent")
    )


@dataclass(frozen=True)
class CoverageLabels:
    goals: str
    covered: str
    uncovered: str
    title: str


def coverage_chart(table: pd.DataFrame, labels: CoverageLabels) -> alt.LayerChart:
    """How many goals serve each dimension, largest gap on top; a dimension no goal serves is
    marked in the warning colour so the room sees the hole.

    `table` has the columns of `goals.coverage_table`.
    """
    rows = table.copy()
    rows["status"] = rows["covered"].map({True: labels.covered, False: labels.uncovered})
    order = list(rows["dimension"])
    y = alt.Y("dimension:N", sort=order, title=None, axis=alt.Axis(labelLimit=320))
    top = max(int(rows["goals"].max()) if len(rows) else 0, 1) + 1
    x = alt.X(
        "goals:Q",
        title=labels.goals,
        scale=alt.Scale(domain=[0, top]),
        axis=alt.Axis(tickMinStep=1, format="d"),
    )
    colour = alt.Color(
        "status:N",
        scale=alt.Scale(
            domain=[labels.covered, labels.uncovered], range=[TARGET_COLOUR, CURRENT_COLOUR]
        ),
        legend=alt.Legend(title=None, orient="top"),
    )
    bars = alt.Chart(rows).mark_bar(height=22).encode(y=y, x=x, color=colour)
    marks = (
        alt.Chart(rows)
        .mark_text(align="left", dx=6, fontSize=FONT_SIZE, fontWeight="bold")
        .encode(y=y, x=x, text="goals:Q", color=colour)
    )
    return _configured(
        alt.layer(bars, marks).properties(
            width="container", height=alt.Step(40), title=alt.TitleParams(labels.title)
        )
    )
