"""The gap chart is drawn from the results table, largest gap on top."""

from __future__ import annotations

from cxworkbook.charts import CURRENT_COLOUR, TARGET_COLOUR, GapLabels, gap_chart
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
    datasets = spec["datasets"].values()
    assert any(any(row.get("gap_text") == "+2.4" for row in rows) for rows in datasets)


def test_a_dimension_without_answers_is_left_out(pack):
    from cxworkbook.model import Answer, Participant

    only = Participant(id="a", name="A", answers={"basics.complaints": Answer(current=2, target=4)})
    table = dimension_table(score_round(pack, [only]), pack, "fi")
    spec = gap_chart(table, LABELS).to_dict()
    rows = next(iter(spec["datasets"].values()))
    assert [r["dimension"] for r in rows] == ["Palvelun perusasiat"]
