"""The gap chart is drawn from the results table, largest gap on top; the charts write numbers
and dates as their language does; the spread chart's legend shows only sizes that occur."""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator

import pandas as pd
import pytest
import vl_convert

from cxworkbook.charts import (
    CURRENT_COLOUR,
    FONT_SIZE,
    LABEL_PX_PER_CHARACTER,
    TARGET_COLOUR,
    GapLabels,
    PathLabels,
    SpreadLabels,
    gap_chart,
    goal_path_chart,
    spec,
    spread_chart,
)
from cxworkbook.goals import goal_path_table
from cxworkbook.report.build import build_document
from cxworkbook.report.document import Chart
from cxworkbook.report.static_charts import PNG_SCALE, TALLEST_PRINTED_CM, to_png, to_svg
from cxworkbook.scoring import score_round
from cxworkbook.tables import dimension_table
from tests.conftest import EXAMPLE_ID

LABELS = GapLabels(current="Today", target="Target", axis="Score (1–5)", title="Gaps")


def _spec(example_store, pack):
    workbook = example_store.read("kaarnakoski-energia")
    table = dimension_table(score_round(pack, workbook.current_round.participants), pack, "en")
    return table, gap_chart(table, LABELS).to_dict()


def test_the_chart_shows_every_dimension_in_gap_order(example_store, pack):
    table, spec = _spec(example_store, pack)
    rule = spec["layer"][0]
    assert rule["encoding"]["y"]["sort"] == list(table["dimension"])
    assert len(table) == len(pack.dimensions)
    gaps = list(table["gap"])
    assert gaps == sorted(gaps, reverse=True) or gaps[0] == max(gaps)


def test_the_chart_carries_its_labels_and_colours(example_store, pack):
    _, spec = _spec(example_store, pack)
    dots = spec["layer"][1]
    assert dots["encoding"]["color"]["scale"] == {
        "domain": ["Today", "Target"],
        "range": [CURRENT_COLOUR, TARGET_COLOUR],
    }
    assert spec["title"]["text"] == "Gaps"


@pytest.mark.parametrize(("lang", "written"), [("fi", ["+1,7", "+0,3"]), ("en", ["+1.7", "+0.3"])])
def test_the_chart_writes_each_gap_as_its_language_does(example_store, pack, lang, written):
    table, _ = _spec(example_store, pack)
    drawn = to_svg(spec(gap_chart, table, LABELS, lang))
    texts = re.findall(r">([^<]+)</text>", drawn)
    assert all(gap in texts for gap in written)
    assert len([text for text in texts if text.startswith(("+", "-"))]) == len(table)


def test_a_chart_writes_dates_and_months_as_its_language_does():
    table = pd.DataFrame(
        {
            "goal": ["1. NPS", "1. NPS"],
            "point": ["baseline", "target"],
            "date": pd.to_datetime(["2026-01-31", "2027-06-30"]),
            "value": [20.0, 35.5],
            "label": ["", "+10,3 / vuosi"],
        }
    )
    labels = PathLabels(baseline="Lähtö", target="Tavoite", title="Polku")
    for lang, written, months in (
        ("fi", "%-d.%-m.%Y", ["4/2026", "7/2026", "10/2026", "1/2027", "4/2027"]),
        ("en", "%Y-%m-%d", ["2026-04", "2026-07", "2026-10", "2027-01", "2027-04"]),
    ):
        chart = spec(goal_path_chart, table, labels, lang)
        tooltips = list(_tooltips(vl_convert.vegalite_to_vega(chart)))
        assert tooltips
        assert all(f'timeFormat(datum["date"], "{written}")' in tooltip for tooltip in tooltips)
        texts = re.findall(r">([^<]+)</text>", to_svg(chart))
        assert [text for text in texts if re.search(r"\d{4}", text)] == months  # the time axis


def _tooltips(node: object) -> Iterator[str]:
    """Every tooltip signal in a compiled Vega spec."""
    if isinstance(node, dict):
        tooltip = node.get("tooltip")
        if isinstance(tooltip, dict) and "signal" in tooltip:
            yield tooltip["signal"]
        for value in node.values():
            yield from _tooltips(value)
    elif isinstance(node, list):
        for value in node:
            yield from _tooltips(value)


def test_a_dimension_without_answers_is_left_out(pack):
    from cxworkbook.model import Answer, Participant

    only = Participant(id="a", name="A", answers={"basics.complaints": Answer(current=2, target=4)})
    table = dimension_table(score_round(pack, [only]), pack, "fi")
    spec = gap_chart(table, LABELS).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert [r["dimension"] for r in rows] == ["Palvelun perusasiat"]


@pytest.mark.parametrize(
    ("largest", "sizes"), [(1, [1]), (3, [1, 2]), (4, [1, 2, 4]), (9, [1, 2, 4, 8])]
)
def test_the_spread_legend_shows_only_dot_sizes_that_can_occur(largest, sizes):
    table = pd.DataFrame(
        {
            "question_id": ["q", "q"],
            "question": ["Q", "Q"],
            "value": [2.0, 4.0],
            "count": [1, largest],
            "median": [3.0, 3.0],
        }
    )
    chart = spread_chart(table, SpreadLabels(answers="Answers", median="Median", axis="Today"))
    assert chart.to_dict()["layer"][0]["encoding"]["size"]["legend"]["values"] == sizes


def test_each_goals_pace_is_written_clear_of_its_path_and_inside_its_panel(shipped_store):
    shipped = goal_path_table(
        shipped_store.read("kaarnakoski-energia").goals, "fi", "{pace} / vuosi"
    )
    assert {"rising", "falling"} <= set(_directions(shipped))
    soon = pd.DataFrame(  # one goal due long before the other: its end lies near the left edge
        {
            "goal": ["1. Pitkä", "1. Pitkä", "2. Pian", "2. Pian"],
            "point": ["baseline", "target"] * 2,
            "date": pd.to_datetime(["2026-01-31", "2030-01-31", "2026-01-31", "2026-07-31"]),
            "value": [10.0, 40.0, 14.0, 7.0],
            "label": ["", "+7,5 / vuosi", "", "-14 prosenttiyksikköä / vuosi"],
        }
    )
    labels = PathLabels(baseline="Lähtötaso", target="Tavoitearvo", title="Polut")
    for table in (shipped, soon):
        compiled = vl_convert.vegalite_to_scenegraph(spec(goal_path_chart, table, labels, "fi"))
        panels = list(_panels(compiled))
        assert len(panels) == table["goal"].nunique()
        for (width, height), (start, end), pace in panels:
            top = pace["y"] + pace.get("dy", 0)
            top -= {"top": 0, "middle": FONT_SIZE / 2, "bottom": FONT_SIZE}[pace["baseline"]]
            text_width = len(pace["text"]) * FONT_SIZE * 0.6  # generous for bold sans-serif
            left = pace["x"] + pace.get("dx", 0)
            left -= {"left": 0, "center": text_width / 2, "right": text_width}[pace["align"]]
            assert top >= 0 and top + FONT_SIZE <= height, pace
            assert left >= 0 and left + text_width <= width, pace
            span = (max(left, start[0]), min(left + text_width, end[0]))  # where both are
            if span[0] <= span[1]:
                slope = (end[1] - start[1]) / (end[0] - start[0])
                line_ys = [end[1] + slope * (at - end[0]) for at in span]
                dot = 8  # a circle of size 200 has a radius of 8
                assert top > max(line_ys) + dot or top + FONT_SIZE < min(line_ys) - dot, pace


def _directions(table: pd.DataFrame) -> Iterator[str]:
    for _, path in table.groupby("goal"):
        yield "falling" if path["value"].iloc[1] < path["value"].iloc[0] else "rising"


def _panels(node: object) -> Iterator[tuple[tuple[float, float], tuple, dict]]:
    """Each facet panel of a compiled goal path chart: its size, its line's two ends and its pace
    (the one text mark item with text)."""
    if isinstance(node, dict):
        marks = [item for item in node.get("items", []) if item.get("role") == "mark"]
        if marks:
            line = next(mark["items"] for mark in marks if mark["marktype"] == "line")
            paces = [
                item
                for mark in marks
                if mark["marktype"] == "text"
                for item in mark["items"]
                if item.get("text")
            ]
            assert len(paces) == 1
            ends = ((line[0]["x"], line[0]["y"]), (line[1]["x"], line[1]["y"]))
            yield (node["width"], node["height"]), ends, paces[0]
            return
        for value in node.values():
            yield from _panels(value)
    elif isinstance(node, list):
        for value in node:
            yield from _panels(value)


def _bars(height: int) -> dict:
    values = [{"name": f"row {n}", "value": n} for n in range(40)]
    return {
        "data": {"values": values},
        "mark": "bar",
        "encoding": {"y": {"field": "name"}, "x": {"field": "value", "type": "quantitative"}},
        "width": 400,
        "height": height,
    }


@pytest.mark.parametrize("height", [300, 3000])
def test_a_chart_is_rasterised_as_sharp_as_it_prints_and_no_sharper(height):
    picture = to_png(_bars(height))
    pixels_wide, pixels_high = struct.unpack(">II", picture.png[16:24])  # the PNG's header
    assert picture.height > height  # its own size, axes and all
    assert pixels_wide / pixels_high == pytest.approx(picture.width / picture.height, rel=0.01)
    printed = min(picture.height, TALLEST_PRINTED_CM / 2.54 * 96)  # a document's tallest
    assert pixels_high == pytest.approx(PNG_SCALE * printed, abs=2)


def _axes(node: object) -> Iterator[dict]:
    if isinstance(node, dict):
        if "labelLimit" in node:
            yield node
        for value in node.values():
            yield from _axes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _axes(value)


def test_a_long_label_is_cut_by_characters_not_measured_again_and_again(example_store, packs):
    """Vega cuts a label past its limit by measuring it over and over: in the documents'
    converter that took most of the disagreement chart's drawing."""
    document = build_document(example_store.read(EXAMPLE_ID), packs)
    specs = [b.spec for s in document.sections for b in s.blocks if isinstance(b, Chart)]
    axes = [axis for spec in specs for axis in _axes(spec)]
    assert axes
    for axis in axes:
        cut = axis["labelLimit"] // LABEL_PX_PER_CHARACTER
        assert axis["labelExpr"] in (
            f"truncate(datum.label, {cut})",
            "split(datum.label, '\\n')",  # the goals' names, a few short lines each
        )
