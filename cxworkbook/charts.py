"""Altair charts as pure functions: a table in, a chart out. Pages and exported documents use the
same builders, so the room and the report see the same picture.

Colours are from the Okabe–Ito palette (safe for colour-blind viewers) and text is large enough to
read on a projector.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import altair as alt
import pandas as pd

from cxworkbook.canvas import LINE_HEIGHT
from cxworkbook.i18n import chart_config
from cxworkbook.journey import DELIVERIES, RATINGS

CURRENT_COLOUR = "#D55E00"
TARGET_COLOUR = "#0072B2"
RULE_COLOUR = "#8A949E"
FONT_SIZE = 14
# A little under an average character's width at FONT_SIZE: a label cut at its limit in pixels
# over this many characters seldom needs cutting again.
LABEL_PX_PER_CHARACTER = 7


# One configuration set at once: each `configure_*` call would deep-copy the whole chart again.
# A screen reader hears a chart as one image with its description (the page gives it, and the
# same figures as a table beside it): Vega's own labels for each mark, axis and legend read out
# field names ("kind_order: 0") and English ("Gradient legend titled …").
_CONFIG = alt.Config(
    # Metrically the same on every system (Liberation Sans is Arial's twin), so text that fitted
    # when the chart was laid out fits wherever it is drawn: a PDF drew "sans-serif" wider, and
    # cut the ends off the longest dimension names
    font="Liberation Sans, Arial, Helvetica, sans-serif",
    axis=alt.AxisConfig(
        labelFontSize=FONT_SIZE,
        titleFontSize=FONT_SIZE,
        labelColor="#222",
        titleColor="#222",
        aria=False,
    ),
    legend=alt.LegendConfig(labelColor="#222", labelFontSize=FONT_SIZE, aria=False),
    mark=alt.MarkConfig(aria=False),
    view=alt.ViewConfig(stroke=None),
    title=alt.TitleConfig(fontSize=FONT_SIZE + 2, anchor="start"),
)


def label_axis(limit: int, **more: Any) -> alt.Axis:
    """An axis whose long labels are cut to a number of characters that fits `limit` pixels.
    Vega cuts a label longer than its limit by measuring it again and again, which took most of a
    chart's drawing in the converter the documents use."""
    cut = f"truncate(datum.label, {limit // LABEL_PX_PER_CHARACTER})"
    return alt.Axis(labelLimit=limit, labelExpr=cut, **more)


def _configured(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return chart.properties(config=_CONFIG)


class _Table:
    """A chart's table, equal to another with the same content: the same CSV text (which writes
    every number in full)."""

    def __init__(self, table: pd.DataFrame) -> None:
        self.table = table
        self.key = table.to_csv()

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Table) and self.key == other.key


Builder = Callable[[pd.DataFrame, Any], alt.TopLevelMixin]
Translate = Callable[..., str]  # a locale key and its values to the text in one language


@lru_cache(maxsize=256)
def _built(builder: Builder, table: _Table, labels: Any, lang: str) -> dict[str, Any]:
    built = builder(table.table, labels).to_dict(validate=False)
    built.setdefault("config", {}).update(chart_config(lang))
    return built


def spec(builder: Builder, table: pd.DataFrame, labels: Any, lang: str) -> dict[str, Any]:
    """The Vega-Lite spec of `builder(table, labels)`, writing numbers as `lang` does, for pages
    and documents alike.

    Kept per content: building a chart costs Altair up to a tenth of a second, while the same table
    always gives the same chart, so a rerun or an export again after an edit builds only the
    charts whose data changed. The spec is shared: never to be changed. Not validated here, which
    would take a quarter of that time again: the tests check every chart the pages and the
    document draw against the Vega-Lite schema.
    """
    return _built(builder, _Table(table), labels, lang)


Scale = tuple[float, float]  # the lowest and highest value a chart's axis shows


def scale_ticks(scale: Scale) -> list[float] | None:
    """Whole-number ticks on a scale of whole levels (1–5, 0–3); else Vega-Lite's own."""
    low, high = scale
    if float(low).is_integer() and float(high).is_integer() and high - low <= 10:
        return list(range(int(low), int(high) + 1))
    return None


def padded(scale: Scale, before: float, after: float) -> list[float]:
    """`scale` widened by the given shares of its length: room for a dot's size or a label."""
    low, high = scale
    span = high - low
    return [low - before * span, high + after * span]


@dataclass(frozen=True)
class GapLabels:
    current: str
    target: str
    axis: str
    title: str
    scale: Scale = (1, 5)


def gap_chart(table: pd.DataFrame, labels: GapLabels) -> alt.LayerChart:
    """Current and target per dimension as a dumbbell, largest gap on top, the gap written beside.

    `table` has the columns of `tables.dimension_table`; rows without any value are left out.
    """
    rows = table.dropna(subset=["current", "target"], how="all").copy()
    rows["label_x"] = rows[["current", "target"]].max(axis=1)
    order = list(rows["dimension"])
    points = rows.melt(
        id_vars=["dimension"],
        value_vars=["current", "target"],
        var_name="series",
        value_name="value",
    ).dropna(subset=["value"])
    points["series"] = points["series"].map({"current": labels.current, "target": labels.target})

    y = alt.Y("dimension:N", sort=order, title=None, axis=label_axis(320))
    x_scale = alt.Scale(domain=padded(labels.scale, 0, 0.15), nice=False)
    x_axis = alt.Axis(values=scale_ticks(labels.scale), title=labels.axis, grid=True)

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
        .transform_filter("isValid(datum.gap)")
        .mark_text(align="left", dx=14, fontSize=FONT_SIZE, fontWeight="bold")
        .encode(
            y=y,
            x=alt.X("label_x:Q", scale=x_scale, axis=x_axis),
            text=alt.Text("gap:Q", format="+.1f"),
        )
    )
    return _configured(
        alt.layer(rule, dots, gap_text).properties(
            width="container", height=alt.Step(44), title=alt.TitleParams(labels.title)
        )
    )


# The y scale keeps this much room above and below the path's ends, where the pace is written.
PACE_ROOM = FONT_SIZE + 14
# A facet cannot take its container's width, so each panel has a fixed one: with its axis it fits
# the page's column on a 1024 px projector with the sidebar open (564 px).
PATH_WIDTH = 500
# A goal's name over its panel wraps at this many characters of bold text, well inside PATH_WIDTH.
PATH_LABEL_CHARACTERS = 56


@dataclass(frozen=True)
class PathLabels:
    baseline: str
    target: str
    title: str


def goal_path_chart(table: pd.DataFrame, labels: PathLabels) -> alt.FacetChart:
    """Each goal's straight path from baseline to target over time, one panel per goal with its own
    scale (goals have different units). The pace per year is written at the panel's right edge,
    where it is clear of the path wherever its target lies: along the top for a rising path, which
    keeps below it, along the bottom for a falling one.

    `table` has the columns of `goals.goal_path_table`.
    """
    rows = table.copy()
    rows["point_label"] = rows["point"].map({"baseline": labels.baseline, "target": labels.target})
    rows["falling"] = rows["value"] < rows.groupby("goal", sort=False)["value"].transform("first")
    rows["goal"] = rows["goal"].map(
        lambda name: "\n".join(textwrap.wrap(name, PATH_LABEL_CHARACTERS))
    )
    order = list(dict.fromkeys(rows["goal"]))
    x = alt.X("date:T", title=None, axis=alt.Axis(tickCount=6))
    y = alt.Y("value:Q", title=None, scale=alt.Scale(zero=False, nice=True, padding=PACE_ROOM))
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
                alt.Tooltip("date:T", title=None),
                alt.Tooltip("value:Q", title=None),
            ],
        )
    )
    paces = [
        alt.Chart()
        .mark_text(align="right", baseline=edge, fontSize=FONT_SIZE, fontWeight="bold")
        .encode(x=alt.value("width"), y=alt.value(at), text="label:N")
        .transform_filter(f"datum.label && {side}")
        for side, edge, at in (("!datum.falling", "top", 0), ("datum.falling", "bottom", "height"))
    ]
    return _configured(
        alt.layer(line, dots, *paces, data=rows)
        .properties(width=PATH_WIDTH, height=110)
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
                    labelLimit=PATH_WIDTH,
                    labelExpr="split(datum.label, '\\n')",
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
    y = alt.Y("dimension:N", sort=order, title=None, axis=label_axis(320))
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
        # One above the other: side by side, the Finnish labels ran past a half-width chart.
        legend=alt.Legend(title=None, orient="top", direction="vertical"),
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


@dataclass(frozen=True)
class EmotionLabels:
    stage_mean: str
    touchpoint: str
    moment: str
    axis: str
    title: str

    @classmethod
    def worded(cls, t: Translate) -> EmotionLabels:
        """In the words of `t`: the page's language, or the document's."""
        return cls(
            stage_mean=t("journey.charts.stage_mean"),
            touchpoint=t("journey.charts.touchpoint"),
            moment=t("journey.field.moment"),
            axis=t("journey.field.emotion"),
            title=t("journey.charts.emotion_title"),
        )


def _stage_labels(table: pd.DataFrame) -> pd.Series:
    """Stage names numbered in map order, so two stages with one name stay apart on an axis."""
    order = list(dict.fromkeys(table["stage_id"]))
    return table["stage_id"].map({s: i for i, s in enumerate(order, start=1)}).astype(str) + (
        ". " + table["stage"]
    )


def emotion_chart(table: pd.DataFrame, labels: EmotionLabels) -> alt.LayerChart:
    """The emotion curve: a line through each stage's mean emotion, every rated touchpoint as a
    point, and the moments that matter as large diamonds in the warning colour.

    `table` has the columns of `journey.touchpoint_table`.
    """
    rows = table.copy()
    rows["stage_label"] = _stage_labels(rows)
    rows["kind"] = rows["moment"].map({True: labels.moment, False: labels.touchpoint})
    rows = rows.dropna(subset=["emotion"])
    rows["emotion"] = rows["emotion"].astype(float)
    order = list(dict.fromkeys(_stage_labels(table)))
    x = alt.X("stage_label:N", sort=order, title=None, axis=label_axis(200, labelAngle=-30))
    scale = alt.Scale(domain=[1, 5])
    axis = alt.Axis(values=[1, 2, 3, 4, 5], format="d")  # ratings are whole: 5, not 5,0
    y = alt.Y("emotion:Q", title=labels.axis, scale=scale, axis=axis)
    line = (
        alt.Chart(rows)
        .mark_line(
            strokeWidth=4,
            color=TARGET_COLOUR,
            point=alt.OverlayMarkDef(size=90, color=TARGET_COLOUR),
        )
        .encode(x=x, y=alt.Y("mean(emotion):Q", title=labels.axis, scale=scale, axis=axis))
    )
    points = (
        alt.Chart(rows)
        .mark_point(filled=True, opacity=0.85)
        .encode(
            x=alt.X("stage_label:N", sort=order, title=None),
            y=y,
            xOffset=alt.XOffset("number:N"),
            shape=alt.Shape(
                "kind:N",
                scale=alt.Scale(
                    domain=[labels.touchpoint, labels.moment], range=["circle", "diamond"]
                ),
                legend=alt.Legend(title=None, orient="top"),
            ),
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(
                    domain=[labels.touchpoint, labels.moment], range=[RULE_COLOUR, CURRENT_COLOUR]
                ),
                legend=alt.Legend(title=None, orient="top"),
            ),
            size=alt.Size(
                "kind:N",
                scale=alt.Scale(domain=[labels.touchpoint, labels.moment], range=[120, 420]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("touchpoint:N", title=None),
                alt.Tooltip("stage:N", title=None),
                alt.Tooltip("emotion:Q", title=labels.axis),
            ],
        )
    )
    return _configured(
        alt.layer(points, line).properties(
            width="container", height=360, title=alt.TitleParams(labels.title)
        )
    )


@dataclass(frozen=True)
class HeatLabels:
    measures: tuple[str, str, str]  # effectiveness, ease, emotion
    score: str
    title: str

    @classmethod
    def worded(cls, t: Translate) -> HeatLabels:
        measures = tuple(t(f"journey.field.{rating}") for rating in RATINGS)
        return cls(measures, t("journey.charts.score"), t("journey.charts.ratings_title"))


def ratings_heatmap(table: pd.DataFrame, labels: HeatLabels) -> alt.LayerChart:
    """Effectiveness, ease and emotion of each touchpoint as coloured cells with the score written
    in them; an unrated cell stays empty. `table` has the columns of `journey.touchpoint_table`."""
    names = dict(zip(("effectiveness", "ease", "emotion"), labels.measures, strict=True))
    rows = table.melt(
        id_vars=["touchpoint"], value_vars=list(names), var_name="measure", value_name="score"
    )
    rows["measure"] = rows["measure"].map(names)
    rows = rows.dropna(subset=["score"])
    rows["score"] = rows["score"].astype(float)
    y = alt.Y("touchpoint:N", sort=list(table["touchpoint"]), title=None, axis=label_axis(320))
    x = alt.X(
        "measure:N",
        sort=list(labels.measures),
        title=None,
        axis=alt.Axis(orient="top", labelAngle=0),
    )
    cells = (
        alt.Chart(rows)
        .mark_rect(stroke="white", strokeWidth=2)
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "score:Q",
                title=labels.score,
                scale=alt.Scale(domain=[1, 5], scheme="redyellowblue"),
                legend=alt.Legend(orient="bottom", values=[1, 2, 3, 4, 5]),
            ),
            tooltip=["touchpoint:N", "measure:N", "score:Q"],
        )
    )
    text = (
        alt.Chart(rows)
        .mark_text(fontSize=FONT_SIZE, fontWeight="bold")
        .encode(
            x=x,
            y=y,
            text=alt.Text("score:Q", format="d"),
            color=alt.condition(
                "datum.score <= 1.5 || datum.score >= 4.5", alt.value("white"), alt.value("#222")
            ),
        )
    )
    return _configured(
        alt.layer(cells, text).properties(
            width="container", height=alt.Step(32), title=alt.TitleParams(labels.title)
        )
    )


@dataclass(frozen=True)
class DeliveryLabels:
    kinds: tuple[str, str, str, str]  # in-house, partner, outsourced, not decided
    axis: str
    title: str

    @classmethod
    def worded(cls, t: Translate) -> DeliveryLabels:
        kinds = (*(t(f"journey.delivery.{d}") for d in DELIVERIES), t("journey.delivery.unknown"))
        return cls(kinds, t("journey.charts.touchpoints"), t("journey.charts.delivery_title"))


DELIVERY_COLOURS = ("#0072B2", "#E69F00", "#D55E00", "#BBBBBB")


def delivery_chart(table: pd.DataFrame, labels: DeliveryLabels) -> alt.Chart:
    """Per stage, how many touchpoints are kept in-house, run with a partner or outsourced.
    `table` has the columns of `journey.delivery_table`."""
    columns = ["in-house", "partner", "outsourced", "unknown"]
    rows = table.copy()
    rows["stage_order"] = range(1, len(rows) + 1)
    rows["stage_label"] = rows["stage_order"].astype(str) + ". " + rows["stage"]
    long = rows.melt(
        id_vars=["stage_label", "stage_order"],
        value_vars=columns,
        var_name="kind",
        value_name="count",
    )
    long["kind_order"] = long["kind"].map({c: i for i, c in enumerate(columns)})
    long["kind"] = long["kind"].map(dict(zip(columns, labels.kinds, strict=True)))
    long = long[long["count"] > 0]
    return _configured(
        alt.Chart(long)
        .mark_bar(height=24)
        .encode(
            y=alt.Y(
                "stage_label:N",
                sort=list(rows["stage_label"]),
                title=None,
                axis=label_axis(320),
            ),
            x=alt.X("count:Q", title=labels.axis, axis=alt.Axis(tickMinStep=1, format="d")),
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(domain=list(labels.kinds), range=list(DELIVERY_COLOURS)),
                legend=alt.Legend(title=None, orient="top"),
            ),
            order=alt.Order("kind_order:Q"),
            tooltip=["stage_label:N", "kind:N", "count:Q"],
        )
        .properties(width="container", height=alt.Step(40), title=alt.TitleParams(labels.title))
    )


@dataclass(frozen=True)
class SpreadLabels:
    answers: str
    median: str
    axis: str
    scale: Scale = (1, 5)


def _counts_to_show(counts: pd.Series) -> list[int]:
    """The sizes the legend shows: 1, 2, 4, … up to the largest count drawn, so two participants
    are never shown a dot for four."""
    largest = max(int(counts.max()), 1) if len(counts) else 1
    return [size for size in (1, 2, 4, 8, 16, 32) if size <= largest]


def spread_chart(table: pd.DataFrame, labels: SpreadLabels) -> alt.LayerChart:
    """Each question's 1–5 line with a dot per answer given (bigger where several people gave the
    same value) and the median as a tick: where the room disagrees, the dots lie far apart.
    Untitled: the page writes its title and what the marks stand for above it, where a long text
    wraps (a chart's title is cut short where the chart is narrow, as on a 1024 px projector).
    `table` has the columns of `workshop.spread_table`."""
    order = list(dict.fromkeys(table["question"]))
    y = alt.Y("question:N", sort=order, title=None, axis=label_axis(420))
    domain = padded(labels.scale, 0.075, 0.075)
    ticks = scale_ticks(labels.scale)
    x = alt.X(
        "value:Q",
        title=labels.axis,
        scale=alt.Scale(domain=domain, nice=False),
        axis=alt.Axis(values=ticks, grid=True, **({"format": "d"} if ticks else {})),
    )
    dots = (
        alt.Chart(table)
        .mark_circle(color=TARGET_COLOUR, opacity=0.85)
        .encode(
            y=y,
            x=x,
            size=alt.Size(
                "count:Q",
                title=labels.answers,
                scale=alt.Scale(range=[140, 700]),
                legend=alt.Legend(orient="top", values=_counts_to_show(table["count"]), format="d"),
            ),
            tooltip=[
                alt.Tooltip("question:N", title=None),
                "value:Q",
                alt.Tooltip("count:Q", title=labels.answers),
            ],
        )
    )
    medians = (
        alt.Chart(table.drop_duplicates("question"))
        .mark_tick(color=CURRENT_COLOUR, thickness=4, size=34)
        .encode(
            y=y,
            x=alt.X("median:Q", scale=alt.Scale(domain=domain, nice=False)),
            tooltip=[alt.Tooltip("median:Q", title=labels.median)],
        )
    )
    return _configured(alt.layer(dots, medians).properties(width="container", height=alt.Step(46)))


@dataclass(frozen=True)
class RoleLabels:
    axis: str
    title: str
    scale: Scale = (1, 5)

    @classmethod
    def worded(cls, t: Translate, scale: Scale = (1, 5)) -> RoleLabels:
        return cls(axis=t("results.current"), title=t("workshop.roles.title"), scale=scale)


ROLE_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]


def role_chart(table: pd.DataFrame, labels: RoleLabels) -> alt.LayerChart:
    """Each role's profile over the dimensions on one chart, a colour and a line per role.
    `table` has the columns of `workshop.role_table`."""
    rows = table.copy()
    order = list(dict.fromkeys(rows["dimension"]))
    rows["position"] = rows["dimension"].map({d: i for i, d in enumerate(order)})
    y = alt.Y("dimension:N", sort=order, title=None, axis=label_axis(320))
    x = alt.X(
        "current:Q",
        title=labels.axis,
        scale=alt.Scale(domain=list(labels.scale)),
        axis=alt.Axis(values=scale_ticks(labels.scale)),
    )
    colour = alt.Color(
        "role:N", scale=alt.Scale(range=ROLE_COLOURS), legend=alt.Legend(title=None, orient="top")
    )
    lines = (
        alt.Chart(rows)
        .mark_line(strokeWidth=2, opacity=0.6)
        .encode(y=y, x=x, color=colour, order="position:Q")
    )
    points = (
        alt.Chart(rows)
        .mark_point(filled=True, size=160)
        .encode(
            y=y,
            x=x,
            color=colour,
            shape=alt.Shape("role:N", legend=None),
            tooltip=["role:N", "dimension:N", alt.Tooltip("current:Q", format=".1f")],
        )
    )
    return _configured(
        alt.layer(lines, points).properties(
            width="container", height=alt.Step(40), title=alt.TitleParams(labels.title)
        )
    )


@dataclass(frozen=True)
class CanvasTitle:
    title: str


def journey_canvas(table: pd.DataFrame, labels: CanvasTitle) -> alt.LayerChart:
    """The journey canvas laid out by `canvas.canvas_table`, drawn as it was laid out: every
    position is in pixels, so no scale or axis takes part."""
    pixels = {"scale": None, "axis": None}
    x, y = alt.X("x:Q", **pixels), alt.Y("y:Q", **pixels)
    colour = alt.Color("colour:N", scale=None, legend=None)
    base = alt.Chart(table)

    def only(*kinds: str) -> alt.Chart:
        return base.transform_filter(alt.FieldOneOfPredicate(field="kind", oneOf=list(kinds)))

    boxes = (
        only("box")
        .mark_rect(cornerRadius=4)
        .encode(
            x=x,
            x2="x2:Q",
            y=y,
            y2="y2:Q",
            fill=alt.Fill("fill:N", scale=None, legend=None),
            stroke=alt.Stroke("colour:N", scale=None, legend=None),
            strokeWidth=alt.StrokeWidth("size:Q", scale=None, legend=None),
        )
    )
    rules = only("rule").mark_rule().encode(x=x, x2="x2:Q", y=y, y2="y2:Q", color=colour)
    curve = (
        only("curve")
        .mark_line(strokeWidth=4, point=alt.OverlayMarkDef(size=90, color=TARGET_COLOUR))
        .encode(x=x, y=y, color=colour, order="x:Q")
    )
    dots = (
        only("dot", "moment")
        .mark_point(filled=True, opacity=0.9)
        .encode(
            x=x,
            y=y,
            color=colour,
            size=alt.Size("size:Q", scale=None, legend=None),
            shape=alt.Shape(
                "kind:N",
                scale=alt.Scale(domain=["dot", "moment"], range=["circle", "diamond"]),
                legend=None,
            ),
        )
    )
    text = {"align": "left", "baseline": "top", "lineBreak": "\n", "lineHeight": LINE_HEIGHT}
    size = alt.Size("size:Q", scale=None, legend=None)
    titles = only("title").mark_text(fontWeight="bold", **text)
    texts = only("text").mark_text(**text)
    words = [
        chosen.encode(x=x, y=y, text="text:N", color=colour, size=size)
        for chosen in (titles, texts)
    ]
    space = only("space").mark_rect(opacity=0).encode(x=x, x2="x2:Q", y=y, y2="y2:Q")
    width, height = int(table["x2"].max()), int(table["y2"].max())
    return _configured(
        alt.layer(space, boxes, rules, curve, dots, *words).properties(
            width=width, height=height, title=alt.TitleParams(labels.title)
        )
    )
