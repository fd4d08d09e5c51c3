"""The journey map: operations keep ids stable, the chart tables, pain points, the table editor's
edits as operations, and CSV export and import (formulas neutralised, everything read back)."""

from __future__ import annotations

import re

import pytest

from cxworkbook import ops
from cxworkbook.charts import EmotionLabels, emotion_chart, spec
from cxworkbook.edits import chain
from cxworkbook.errors import InvalidEdit, StaleEdit
from cxworkbook.journey import (
    delivery_table,
    emotion_table,
    journey_from_csv,
    journey_to_csv,
    neutralise,
    pain_points,
    restore,
    stages_from_template,
    touchpoint_table,
)
from cxworkbook.journey_table import COLUMNS, OpenTable, TableLabels, table_frame, table_rows
from cxworkbook.model import Goal, Journey
from cxworkbook.report.static_charts import to_svg
from cxworkbook.yamlio import FileProblems
from tests import edits
from tests.conftest import EXAMPLE_ID


@pytest.fixture
def mapped(example_store, packs):
    """The example workbook with the purchase template's stages and four touchpoints."""
    stages = stages_from_template(packs.journey.template("purchase"), "en")
    example_store.update(EXAMPLE_ID, ops.start_journey(stages))
    for stage, name, fields in [
        ("need", "Price comparison", {"emotion": 2, "channel": "web"}),
        ("need", "Friend's advice", {"emotion": 5, "moment_that_matters": True}),
        (
            "decide",
            "Contract online",
            {
                "emotion": 1,
                "moment_that_matters": True,
                "pain_point": "Asks for the meter number nobody knows",
                "delivery": "outsourced",
            },
        ),
        ("use", "Complaint by phone", {"moment_that_matters": True, "pain_point": "Queue"}),
    ]:
        example_store.update(EXAMPLE_ID, ops.add_touchpoint(stage, name, **fields))
    return example_store


def journey_of(store) -> Journey:
    return store.read(EXAMPLE_ID).journey


def test_a_template_lays_out_its_stages_in_the_workbooks_language(packs):
    stages = stages_from_template(packs.journey.template("purchase"), "fi")
    assert [s.id for s in stages][:3] == ["need", "explore", "decide"]
    assert stages[0].name == "Tarve herää"


def test_a_template_never_overwrites_a_map(mapped, packs):
    stages = stages_from_template(packs.journey.template("service"), "en")
    with pytest.raises(InvalidEdit) as caught:
        mapped.update(EXAMPLE_ID, ops.start_journey(stages))
    assert caught.value.code == "journey_not_empty"


def test_add_move_and_delete_keep_ids_stable(mapped):
    journey = journey_of(mapped)
    ids = [t.id for s in journey.stages for t in s.touchpoints]
    assert ids == ["price-comparison", "friend-s-advice", "contract-online", "complaint-by-phone"]
    mapped.update(EXAMPLE_ID, ops.add_touchpoint("renew", "Price comparison"))
    mapped.update(EXAMPLE_ID, ops.move_touchpoint("price-comparison", "explore"))
    mapped.update(EXAMPLE_ID, ops.move_stage("decide", -2))
    mapped.update(EXAMPLE_ID, edits.stage_name("decide", "Signing"))
    mapped.update(EXAMPLE_ID, ops.delete_touchpoint("friend-s-advice"))
    journey = journey_of(mapped)
    assert [s.id for s in journey.stages][:3] == ["decide", "need", "explore"]
    assert journey.stages[0].name == "Signing"
    by_stage = {s.id: [t.id for t in s.touchpoints] for s in journey.stages}
    assert by_stage["explore"] == ["price-comparison"]
    assert by_stage["renew"] == ["price-comparison-2"]
    assert by_stage["decide"] == ["contract-online"]
    assert by_stage["need"] == []
    touchpoint = journey.stages[0].touchpoints[0]
    assert touchpoint.pain_point == "Asks for the meter number nobody knows"


def test_deleting_a_stage_takes_its_touchpoints_and_frees_its_goals(mapped):
    mapped.update(
        EXAMPLE_ID,
        lambda wb: wb["goals"].append(Goal(id="g", title="G", stage="decide").model_dump()),
    )
    wb = mapped.update(EXAMPLE_ID, ops.delete_stage("decide"))
    assert "decide" not in [s.id for s in wb.journey.stages]
    assert "contract-online" not in [t.id for s in wb.journey.stages for t in s.touchpoints]
    assert wb.goals[0].stage is None


def test_touchpoint_edits_refuse_stale_values_blank_names_and_gone_ids(mapped):
    mapped.update(EXAMPLE_ID, edits.touchpoint("price-comparison", "owner", "Sales", ""))
    with pytest.raises(StaleEdit):
        mapped.update(EXAMPLE_ID, edits.touchpoint("price-comparison", "owner", "CX", ""))
    with pytest.raises(InvalidEdit) as caught:
        mapped.update(EXAMPLE_ID, edits.touchpoint("price-comparison", "name", "  "))
    assert caught.value.code == "name_missing"
    with pytest.raises(InvalidEdit) as caught:
        mapped.update(EXAMPLE_ID, edits.touchpoint("gone", "owner", "x"))
    assert caught.value.code == "gone"
    with pytest.raises(InvalidEdit) as caught:
        mapped.update(EXAMPLE_ID, ops.add_touchpoint("gone", "x"))
    assert caught.value.code == "gone"
    with pytest.raises(InvalidEdit):
        mapped.update(EXAMPLE_ID, edits.touchpoint("price-comparison", "emotion", 6))
    assert journey_of(mapped).stages[0].touchpoints[0].owner == "Sales"


def test_the_chart_tables(mapped):
    journey = journey_of(mapped)
    points = touchpoint_table(journey)
    assert list(points["touchpoint"]) == [
        "1. Price comparison",
        "2. Friend's advice",
        "3. Contract online",
        "4. Complaint by phone",
    ]
    assert list(points["moment"]) == [False, True, True, True]
    emotion = emotion_table(journey).set_index("stage")
    assert emotion.loc["A need arises", "emotion"] == 3.5
    assert emotion.loc["Deciding and buying", "emotion"] == 1.0
    assert pd_isna(emotion.loc["Exploring options", "emotion"])
    assert emotion.loc["A need arises", "moments"] == 1
    mix = delivery_table(journey).set_index("stage")
    assert mix.loc["Deciding and buying", "outsourced"] == 1
    assert mix.loc["A need arises", "unknown"] == 2
    assert mix[["in-house", "partner", "outsourced", "unknown"]].to_numpy().sum() == 4


def test_the_emotion_curve_marks_its_axis_with_whole_ratings(mapped):
    """Ratings are whole numbers: the axis reads 1–5, not 1,0–5,0, though the line is a mean."""
    labels = EmotionLabels(
        stage_mean="Keskiarvo", touchpoint="Kosketuspiste", moment="Hetki", axis="Tunne", title="T"
    )
    chart = spec(emotion_chart, touchpoint_table(journey_of(mapped)), labels, "fi")
    texts = re.findall(r">([^<]+)</text>", to_svg(chart))
    assert [text for text in texts if re.fullmatch(r"[\d,.]+", text)] == ["1", "2", "3", "4", "5"]


def pd_isna(value) -> bool:
    import pandas as pd

    return bool(pd.isna(value))


def test_pain_points_at_moments_that_matter_lowest_emotion_first(mapped):
    found = pain_points(journey_of(mapped))
    assert [p.touchpoint.id for p in found] == ["contract-online", "complaint-by-phone"]
    assert found[0].stage == "Deciding and buying"


def labels_for(journey: Journey) -> TableLabels:
    return TableLabels.for_journey(
        journey,
        channels={"web": "Website", "phone": "Phone"},
        delivery={"in-house": "In-house", "partner": "Partner", "outsourced": "Outsourced"},
        evidence={"assumed": "Assumed", "anecdotal": "Anecdotal", "measured": "Measured"},
        unnamed="(unnamed)",
    )


def test_table_edits_become_operations_on_ids(mapped):
    journey = journey_of(mapped)
    labels = labels_for(journey)
    table = OpenTable.of(journey, labels)
    assert table.frame["channel"][0] == "Website" and table.frame["stage"][0] == "1. A need arises"
    edits = {
        "edited_rows": {
            0: {"owner": "Sales", "channel": "Phone", "emotion": 3.0},
            2: {"stage": "4. Getting started", "delivery": "In-house"},
            3: {"channel": "Partner portal", "evidence": "Measured"},
        },
        "added_rows": [{"owner": "Typed before the name", "emotion": 4}],
        "deleted_rows": [1],
    }
    wb = mapped.update(EXAMPLE_ID, chain(*table.operations(edits)))
    stages = {s.id: s.touchpoints for s in wb.journey.stages}
    [price, added] = stages["need"]
    assert (price.owner, price.channel, price.emotion) == ("Sales", "phone", 3)
    assert (added.name, added.owner, added.emotion) == ("(unnamed)", "Typed before the name", 4)
    assert [t.id for t in stages["start"]] == ["contract-online"]
    assert stages["start"][0].delivery == "in-house"
    complaint = stages["use"][0]
    assert (complaint.channel, complaint.evidence) == ("Partner portal", "measured")
    assert "friend-s-advice" not in [t.id for s in wb.journey.stages for t in s.touchpoints]
    table.commit(edits, wb.journey)
    assert table.is_current(wb.journey, labels, edits)


def edit_in_table(store, table: OpenTable, edits: dict) -> None:
    """What the page does when the table reports its edits: save those not saved yet."""
    saved = store.update(EXAMPLE_ID, chain(*table.operations(edits)))
    table.commit(edits, saved.journey)


def test_a_table_kept_on_screen_saves_each_edit_once_as_its_edits_grow(mapped):
    """The editor reports every edit made since it was drawn, each time: a cell typed twice is
    saved with the value it had after the first time, and a row added once is added once."""
    journey = journey_of(mapped)
    labels = labels_for(journey)
    table = OpenTable.of(journey, labels)
    edits: dict = {"edited_rows": {0: {"pain_point": "Slow"}}}
    edit_in_table(mapped, table, edits)
    edits["edited_rows"][0]["opportunity"] = "Faster"
    edit_in_table(mapped, table, edits)
    edits["edited_rows"][0]["pain_point"] = "Very slow"
    edits["added_rows"] = [{"name": "Chat", "stage": "2. Choosing a supplier"}]
    edit_in_table(mapped, table, edits)
    edits["added_rows"][0]["owner"] = "Service"
    edit_in_table(mapped, table, edits)
    stored = journey_of(mapped)
    price = stored.stages[0].touchpoints[0]
    assert (price.pain_point, price.opportunity) == ("Very slow", "Faster")
    chats = [t for s in stored.stages for t in s.touchpoints if t.name == "Chat"]
    assert [(t.owner, t.id) for t in chats] == [("Service", "chat")]
    assert table.is_current(stored, labels, edits)
    assert table.operations(edits) == []


def test_a_row_added_then_deleted_in_the_table_is_deleted_on_disk(mapped):
    journey = journey_of(mapped)
    table = OpenTable.of(journey, labels_for(journey))
    edits: dict = {"added_rows": [{"name": "One"}, {"name": "Two"}]}
    edit_in_table(mapped, table, edits)
    edit_in_table(mapped, table, {"added_rows": [{"name": "Two"}]})
    names = [t.name for s in journey_of(mapped).stages for t in s.touchpoints]
    assert "Two" in names and "One" not in names


def test_a_change_made_elsewhere_means_the_table_is_drawn_anew(mapped):
    journey = journey_of(mapped)
    labels = labels_for(journey)
    table = OpenTable.of(journey, labels)
    assert table.is_current(journey, labels, {})
    mapped.update(EXAMPLE_ID, edits.touchpoint("price-comparison", "owner", "Elsewhere"))
    assert not table.is_current(journey_of(mapped), labels, {})


def test_a_table_edit_from_a_stale_table_is_refused_whole(mapped):
    journey = journey_of(mapped)
    table = OpenTable.of(journey, labels_for(journey))
    mapped.update(EXAMPLE_ID, edits.touchpoint("price-comparison", "owner", "Someone"))
    typed = {"edited_rows": {0: {"owner": "Me"}, 1: {"owner": "Also me"}}}
    with pytest.raises(StaleEdit):
        mapped.update(EXAMPLE_ID, chain(*table.operations(typed)))
    assert journey_of(mapped).stages[0].touchpoints[1].owner == ""
    wb = mapped.update(EXAMPLE_ID, chain(*table.operations(typed, check=False)))
    assert [t.owner for t in wb.journey.stages[0].touchpoints] == ["Me", "Also me"]


@pytest.mark.parametrize(
    "cell", ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\n=1+2", "'quoted"]
)
def test_formula_cells_are_neutralised_and_restored(cell):
    assert neutralise(cell).startswith("'")
    assert restore(neutralise(cell)) == cell


def test_csv_round_trip_keeps_the_map(mapped):
    mapped.update(EXAMPLE_ID, edits.touchpoint("price-comparison", "pain_point", '=HYPERLINK("x")'))
    mapped.update(EXAMPLE_ID, edits.touchpoint("price-comparison", "opportunity", 'a, b\n"c"'))
    journey = journey_of(mapped)
    data = journey_to_csv(journey)
    assert data.startswith("\ufeff".encode())
    assert b"'=HYPERLINK" in data
    stages = journey_from_csv(data, "map.csv")
    assert stages == journey.stages  # empty stages included


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace(",2,", ",7,", 1), "less than or equal to 5"),
        (lambda t: t.replace(",2,", ",two,", 1), "whole number"),
        (lambda t: t.replace(",outsourced,", ",abroad,", 1), "delivery"),
        (lambda t: t.replace("stage_id,stage,", "stage_id,phase,", 1), "columns missing: stage"),
    ],
)
def test_a_broken_csv_is_refused_with_its_line(mapped, change, message):
    text = journey_to_csv(journey_of(mapped)).decode("utf-8-sig")
    with pytest.raises(FileProblems) as caught:
        journey_from_csv(change(text).encode(), "map.csv")
    assert message in str(caught.value)
    assert all(p.line is not None for p in caught.value.problems)


def test_a_csv_that_is_too_large_or_not_text_is_refused():
    with pytest.raises(FileProblems, match="larger than 1 MB"):
        journey_from_csv(b"x" * 1_000_001, "big.csv")
    with pytest.raises(FileProblems, match="not UTF-8"):
        journey_from_csv(b"\xff\xfe\x00garbage", "bin.csv")


def test_an_imported_map_replaces_stages_and_keeps_the_segment(mapped):
    mapped.update(EXAMPLE_ID, edits.journey("segment", "Households"))
    text = "stage_id,stage,id,name,channel,owner,delivery,effectiveness,ease,emotion,"
    text += "moment_that_matters,pain_point,opportunity,evidence\r\n"
    text += ",Call,,Ring us,phone,,,,,3,yes,,,\r\n,Call,,Ring again,,,,,,,,,,\r\n"
    wb = mapped.update(EXAMPLE_ID, ops.replace_stages(journey_from_csv(text.encode(), "m.csv")))
    assert wb.journey.segment == "Households"
    [stage] = wb.journey.stages
    assert (stage.id, [t.id for t in stage.touchpoints]) == ("call", ["ring-us", "ring-again"])
    assert stage.touchpoints[0].moment_that_matters and stage.touchpoints[0].emotion == 3


def test_the_csv_download_is_built_from_the_saved_map(mapped):
    from cxworkbook.journey import journey_csv

    assert journey_csv(mapped, EXAMPLE_ID) == journey_to_csv(journey_of(mapped))


def test_labels_made_again_find_the_table_derived_from_equal_ones(mapped):
    """A page makes its labels anew on every run; by value they find the rows and the editor's
    frame kept for the same journey, and labels that differ do not."""
    journey = journey_of(mapped)
    first, again = labels_for(journey), labels_for(journey)
    assert first is not again
    assert hash(first) == hash(again) and {first: "kept"}[again] == "kept"
    renamed = TableLabels.for_journey(
        journey,
        channels={"web": "Verkkosivu", "phone": "Puhelin"},
        delivery=first.delivery,
        evidence=first.evidence,
        unnamed=first.unnamed,
    )
    assert renamed != first

    ids, rows = table_rows(journey, first)
    frame = table_frame(rows)
    assert list(frame.columns) == COLUMNS and len(frame) == len(ids)
    assert frame["name"].tolist() == [row["name"] for row in rows]
