"""The gap chart is drawn from the results table, largest gap on top; the charts write numbers
and dates as their language does; the spread chart's legend shows only sizes that occur."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pandas as pd
import pytest
import vl_convert

from cxworkbook.charts import (
    CURRENT_COLOUR,
    TARGET_COLOUR,
    GapLabels,
    PathLabels,
    SpreadLabels,
    gap_chart,
    goal_path_chart,
    spec,
    spread_chart,
)
from cxworkbook.report.static_charts import to_svg
from cxworkbook.scoring import score_round
from cxworkbook.tables import dimension_table

LABELS = GapLabels(current="Today", target="Target", axis="Score (1–5)", title="Gaps")


def _spec(example_store, pack):
    workbook = example_store.open("kaarnakoski-energia")
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


@pytest.mark.parametrize(("lang", "written"), [("fi", ["+2,4", "+1,4"]), ("en", ["+2.4", "+1.4"])])
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
        ("fi", "%d.%m.%Y", ["4/2026", "7/2026", "10/2026", "1/2027", "4/2027"]),
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
