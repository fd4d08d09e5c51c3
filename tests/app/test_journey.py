"""AppTest of the journey map page: the segment, stages from a template and by hand, touchpoints
from the short form, the charts and their tables, the pain point list, and CSV export and import.
(The table editor is driven in the browser tests.)"""

from __future__ import annotations

import json

import pytest

from cxworkbook import ops
from cxworkbook.journey import journey_to_csv, stages_from_template
from cxworkbook.journey_table import COLUMNS
from cxworkbook.yamlio import parse_untrusted
from tests.app.conftest import assert_no_exception, errors, texts
from tests.conftest import EXAMPLE_ID

JOURNEY = "app_pages/journey.py"


def journey_on_disk(data_dir) -> dict:
    data = parse_untrusted((data_dir / f"{EXAMPLE_ID}.yaml").read_bytes(), "f.yaml")
    return data.get("journey", {})


@pytest.fixture
def page(run_app):
    return run_app(JOURNEY, lang="en", wb=EXAMPLE_ID, journey_view="map")


@pytest.fixture
def mapped(disk, packs):
    stages = stages_from_template(packs.journey.template("purchase"), "fi")
    disk.update(EXAMPLE_ID, ops.start_journey(stages))
    disk.update(EXAMPLE_ID, ops.add_touchpoint("need", "Hintavertailu", emotion=2, channel="web"))
    disk.update(
        EXAMPLE_ID,
        ops.add_touchpoint(
            "decide",
            "Sopimus verkossa",
            emotion=1,
            moment_that_matters=True,
            pain_point="Kysyy <b>mittarin</b> numeroa",
            opportunity="Hae numero osoitteesta",
            delivery="outsourced",
            evidence="measured",
        ),
    )
    return disk


@pytest.mark.parametrize("lang", ["fi", "en"])
@pytest.mark.parametrize("view", ["canvas", "map", "charts", "pains"])
def test_every_view_renders_in_both_languages_empty_and_mapped(run_app, disk, packs, lang, view):
    at = run_app(JOURNEY, lang=lang, wb=EXAMPLE_ID, journey_view=view)
    assert_no_exception(at)
    assert at.title[0].value == {"fi": "Asiakaspolkukartta", "en": "Customer journey map"}[lang]
    stages = stages_from_template(packs.journey.template("service"), "fi")
    disk.update(EXAMPLE_ID, ops.start_journey(stages))
    disk.update(EXAMPLE_ID, ops.add_touchpoint("contact", "Chat", emotion=3))
    at.run()
    assert_no_exception(at)


def test_segment_and_stages_from_a_template_land_on_disk(page, data_dir):
    assert "The map has no stages yet." in texts(page)
    page.text_input(key="journey/segment").input("Kotitaloudet").run()
    page.button(key="use_journey_purchase").click().run()
    assert_no_exception(page)
    saved = journey_on_disk(data_dir)
    assert saved["segment"] == "Kotitaloudet"
    assert [s["id"] for s in saved["stages"]][:2] == ["need", "explore"]
    assert saved["stages"][0]["name"] == "Tarve herää"  # the workbook's language


def test_stages_are_added_renamed_moved_and_deleted(page, data_dir):
    page.text_input(key="new_stage_name").input("Awareness")
    page.button(key="FormSubmitter:new_stage_form-Add stage").click().run()
    page.text_input(key="new_stage_name").input("Purchase")
    page.button(key="FormSubmitter:new_stage_form-Add stage").click().run()
    assert [s["id"] for s in journey_on_disk(data_dir)["stages"]] == ["awareness", "purchase"]
    page.text_input(key="journey/stages/awareness/name").input("Finding us").run()
    page.button(key="stage_awareness-down").click().run()
    stages = journey_on_disk(data_dir)["stages"]
    assert [(s["id"], s["name"]) for s in stages] == [
        ("purchase", "Purchase"),
        ("awareness", "Finding us"),
    ]
    page.text_input(key="journey/stages/purchase/name").input("").run()
    assert "This needs a name or a title; it cannot be left empty." in errors(page)
    page.button(key="stage_purchase-delete").click().run()
    assert [s["id"] for s in journey_on_disk(data_dir)["stages"]] == ["awareness"]


def test_a_touchpoint_from_the_short_form_lands_on_disk(mapped, page, data_dir):
    page.selectbox(key="new_tp_stage").set_value("explore")
    page.text_input(key="new_tp_name").input("Vertailusivusto")
    page.selectbox(key="new_tp_channel").set_value("Social media")
    page.button_group(key="new_tp_effectiveness").set_value(3)
    page.button_group(key="new_tp_ease").set_value(2)
    page.button_group(key="new_tp_emotion").set_value(4)
    page.checkbox(key="new_tp_moment").check()
    page.button(key="FormSubmitter:new_touchpoint_form-Add").click().run()
    assert_no_exception(page)
    explore = next(s for s in journey_on_disk(data_dir)["stages"] if s["id"] == "explore")
    assert explore["touchpoints"] == [
        {
            "id": "vertailusivusto",
            "name": "Vertailusivusto",
            "channel": "social",
            "effectiveness": 3,
            "ease": 2,
            "emotion": 4,
            "moment_that_matters": True,
        }
    ]
    assert "Touchpoint added: Vertailusivusto" in texts(page)
    # the form is ready for the next one, in the same stage
    assert page.text_input(key="new_tp_name").value == ""
    assert page.button_group(key="new_tp_ease").value is None
    assert page.selectbox(key="new_tp_stage").value == "explore"


def test_a_touchpoint_needs_a_name(mapped, page, data_dir):
    before = journey_on_disk(data_dir)
    page.button(key="FormSubmitter:new_touchpoint_form-Add").click().run()
    assert "This needs a name or a title; it cannot be left empty." in errors(page)
    assert journey_on_disk(data_dir) == before


def test_the_charts_and_their_tables(mapped, run_app):
    at = run_app(JOURNEY, lang="en", wb=EXAMPLE_ID, journey_view="charts")
    assert_no_exception(at)
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert [s["title"]["text"] for s in specs] == [
        "Emotion across the journey",
        "Each touchpoint's ratings",
        "Touchpoints per stage by who delivers them",
    ]
    emotion, ratings, delivery = (d.value for d in at.dataframe)
    assert emotion.set_index("Stage" if "Stage" in emotion else "stage").shape[0] == 6
    assert list(ratings["touchpoint"]) == ["1. Hintavertailu", "2. Sopimus verkossa"]
    assert delivery["outsourced"].sum() == 1
    assert {d.proto.placeholder for d in at.dataframe} == {"–"}  # not "None" for a missing rating


def test_the_map_shows_a_missing_value_as_a_dash(mapped, run_app):
    at = run_app(JOURNEY, lang="fi", wb=EXAMPLE_ID, journey_view="map")
    assert_no_exception(at)
    assert at.dataframe[0].proto.placeholder == "–"


def test_the_pain_points_list_is_escaped_and_lowest_emotion_first(mapped, run_app):
    at = run_app(JOURNEY, lang="en", wb=EXAMPLE_ID, journey_view="pains")
    page_text = texts(at)
    assert "**1. Sopimus verkossa** · Päätös ja osto · emotion 1" in page_text
    assert "Pain point: Kysyy <b>mittarin</b> numeroa" in page_text
    assert "Evidence: Measured" in page_text
    assert not any("<b>" in m.value and "\\<" not in m.value for m in at.markdown)


def test_csv_download_and_import(mapped, page, data_dir, disk):
    button = page.get("download_button")[0]
    assert button.proto.label == "Download the map as CSV"
    exported = journey_to_csv(disk.read(EXAMPLE_ID).journey)
    edited = exported.replace(b"Hintavertailu", "Hintavertailu netissä".encode())
    page.file_uploader(key="journey_csv").upload("map.csv", edited, "text/csv").run()
    assert_no_exception(page)
    assert "Map imported: 2 touchpoints." in texts(page)
    names = [
        t["name"] for s in journey_on_disk(data_dir)["stages"] for t in s.get("touchpoints", [])
    ]
    assert names == ["Hintavertailu netissä", "Sopimus verkossa"]


def test_a_broken_csv_changes_nothing_and_says_where(mapped, page, data_dir):
    before = (data_dir / f"{EXAMPLE_ID}.yaml").read_bytes()
    broken = b"stage_id,stage\r\nneed,Tarve\r\n"
    page.file_uploader(key="journey_csv").upload("broken.csv", broken, "text/csv").run()
    assert "The file was not used. Nothing was changed:" in errors(page)
    assert "columns missing" in errors(page)
    assert (data_dir / f"{EXAMPLE_ID}.yaml").read_bytes() == before


def test_the_map_keeps_each_rows_stage_and_touchpoint_in_view_when_scrolled_sideways(
    mapped, run_app
):
    at = run_app(JOURNEY, lang="fi", wb=EXAMPLE_ID, journey_view="map")
    columns = json.loads(at.dataframe[0].proto.columns)
    assert [name for name, config in columns.items() if config.get("pinned")] == ["stage", "name"]


def test_a_map_without_touchpoints_shows_the_tables_columns_to_add_a_row_in(run_app, disk, packs):
    """The table's help says to add a row at its foot; with no touchpoints yet it still needs its
    columns for that (a table of no columns offered no row to type in)."""
    stages = stages_from_template(packs.journey.template("purchase"), "en")
    disk.update(EXAMPLE_ID, ops.start_journey(stages))
    at = run_app(JOURNEY, lang="en", wb=EXAMPLE_ID, journey_view="map")
    assert_no_exception(at)
    shown = at.dataframe[0].value
    assert list(shown.columns) == COLUMNS
    assert shown.empty


def test_the_canvas_is_the_first_view_and_draws_every_touchpoint(mapped, run_app):
    at = run_app(JOURNEY, lang="fi", wb=EXAMPLE_ID)
    assert_no_exception(at)
    [chart] = at.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    assert spec["width"] > 1000  # its own width, scrolled sideways on a narrow screen
    assert chart.proto.use_container_width is False
    facts = at.dataframe[0].value
    assert facts["touchpoint"].tolist() == ["Hintavertailu", "Sopimus verkossa"]
    assert facts["moment"].tolist() == ["", "Ratkaiseva hetki"]


def test_an_empty_map_sends_the_room_to_the_edit_view(run_app):
    at = run_app(JOURNEY, lang="en", wb=EXAMPLE_ID)
    assert "The map has no stages yet. Add them in the Edit view." in [i.value for i in at.info]
