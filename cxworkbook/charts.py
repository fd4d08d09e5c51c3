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
                legend=alt.Legend(title=None, orient="top", labelFontSize=FONT_SIZE),
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
    return (
        alt.layer(rule, dots, gap_text)
        .properties(
            width="container",
            height=alt.Step(44),
            title=alt.TitleParams(labels.title, anchor="start"),
        )
        .configure_axis(
            labelFontSize=FONT_SIZE, titleFontSize=FONT_SIZE, labelColor="#222", titleColor="#222"
        )
        .configure_legend(labelColor="#222")
        .configure_view(stroke=None)
        .configure_title(fontSize=FONT_SIZE + 2)
    )
