"""AppTest of the goals page: goals from templates and blank land in the YAML on disk; a value that
breaks a rule is named next to its field and not saved, while the valid fields are; reorder,
delete, the NPS helper and the charts."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from cxworkbook import ops
from cxworkbook.goals import GoalDraft, add_months
from cxworkbook.store.workbooks import export_yaml, import_yaml
from cxworkbook.yamlio import parse_untrusted
from tests.app.conftest import assert_no_exception, errors, texts
from tests.conftest import EXAMPLE_ID

GOALS = "app_pages/goals.py"
CHURN = "asiakaspoistuma-puolittuu-kahdessa-vuodessa"  # the template's title in Finnish, as an id


def goals_on_disk(data_dir) -> list[dict]:
    data = parse_untrusted((data_dir / f"{EXAMPLE_ID}.yaml").read_bytes(), "f.yaml")
    return data.get("goals", [])


def key(goal_id: str, field: str) -> str:
    return f"goals/{goal_id}/{field}"


@pytest.fixture
def page(run_app):
    return run_app(GOALS, lang="en", wb=EXAMPLE_ID)


@pytest.fixture
def churn(page, data_dir):
    """The page after adding the churn template."""
    page.button(key="use_churn-halves").click().run()
    return page


@pytest.mark.parametrize("lang", ["fi", "en"])
@pytest.mark.parametrize("view", ["list", "charts"])
def test_both_views_render_in_both_languages(run_app, disk, lang, view):
    disk.update(EXAMPLE_ID, ops.add_goal(GoalDraft(title="Churn <b>halves</b>")))
    at = run_app(GOALS, lang=lang, wb=EXAMPLE_ID, goals_view=view)
    assert_no_exception(at)
    assert at.title[0].value == {"fi": "Mitattavat tavoitteet", "en": "Measurable goals"}[lang]


def test_a_template_becomes_a_goal_on_disk_in_the_workbooks_language(churn, data_dir):
    today = dt.date.today()
    [goal] = goals_on_disk(data_dir)
    assert goal["id"] == CHURN
    assert goal["title"] == "Asiakaspoistuma puolittuu kahdessa vuodessa"
    assert goal["metric"] == "Poistuneiden osuus kauden alun asiakkaista, 12 kk liukuva"
    assert (goal["source"], goal["frequency"], goal["unit"]) == (
        "Sopimusrekisteri",
        "kuukausittain",
        "%",
    )
    assert goal["dimensions"] == ["value", "strategy", "data", "measurement"]
    assert goal["baseline_date"] == today
    assert goal["deadline"] == add_months(today, 24)
    assert "Goal added: Asiakaspoistuma puolittuu kahdessa vuodessa" in texts(churn)
    assert "Goals are written in the workbook's language (Suomi)" in texts(churn)


def test_filling_in_a_goal_saves_each_field_and_shows_the_pace(churn, data_dir):
    churn.text_input(key=key(CHURN, "baseline")).input("12,5").run()
    churn.text_input(key=key(CHURN, "target")).input("6").run()
    churn.text_input(key=key(CHURN, "owner")).input("Asiakkuusjohtaja").run()
    churn.date_input(key=key(CHURN, "baseline_date")).set_value(dt.date(2026, 1, 1)).run()
    churn.date_input(key=key(CHURN, "deadline")).set_value(dt.date(2028, 1, 1)).run()
    churn.multiselect(key=key(CHURN, "dimensions")).set_value(["basics"]).run()
    assert_no_exception(churn)
    goal = goals_on_disk(data_dir)[0]
    assert (goal["baseline"], goal["target"], goal["owner"]) == (12.5, 6.0, "Asiakkuusjohtaja")
    assert goal["baseline_date"] == dt.date(2026, 1, 1) and goal["deadline"] == dt.date(2028, 1, 1)
    assert goal["dimensions"] == ["basics"]
    assert "12.5 % → 6 % by 2028-01-01 · needs -3.25 percentage points a year" in texts(churn)


def test_a_word_for_a_number_is_named_next_to_its_field_and_valid_fields_still_save(
    churn, data_dir
):
    before = goals_on_disk(data_dir)
    churn.text_input(key=key(CHURN, "baseline")).input("twelve").run()
    assert "Not saved: Write a number, such as 12 or 12.5." in errors(churn)
    assert goals_on_disk(data_dir) == before
    assert churn.text_input(key=key(CHURN, "baseline")).value == "twelve"  # nothing typed is lost
    churn.text_input(key=key(CHURN, "owner")).input("Anna").run()
    assert goals_on_disk(data_dir)[0]["owner"] == "Anna"
    assert churn.text_input(key=key(CHURN, "baseline")).value == "twelve"
    churn.text_input(key=key(CHURN, "baseline")).input("12").run()
    assert not errors(churn)
    assert goals_on_disk(data_dir)[0]["baseline"] == 12.0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("target", "12", "The target must differ from the baseline."),
        ("target", "120", "A percentage must be between 0 and 100."),
        ("baseline", "-1", "A percentage must be between 0 and 100."),
    ],
)
def test_a_number_breaking_a_rule_is_refused_with_the_rule(churn, data_dir, field, value, message):
    churn.text_input(key=key(CHURN, "baseline")).input("12").run()
    before = goals_on_disk(data_dir)
    churn.text_input(key=key(CHURN, field)).input(value).run()
    assert message in errors(churn)
    assert goals_on_disk(data_dir) == before


def test_a_deadline_before_the_baseline_date_is_refused(churn, data_dir):
    before = goals_on_disk(data_dir)
    earlier = before[0]["baseline_date"] - dt.timedelta(days=1)
    churn.date_input(key=key(CHURN, "deadline")).set_value(earlier).run()
    assert "The deadline must come after the baseline date." in errors(churn)
    assert goals_on_disk(data_dir) == before


def test_a_value_refused_because_of_another_field_lands_once_that_field_is_fixed(churn, data_dir):
    churn.text_input(key=key(CHURN, "baseline")).input("12").run()
    churn.text_input(key=key(CHURN, "target")).input("12").run()
    assert "target" not in goals_on_disk(data_dir)[0]
    churn.text_input(key=key(CHURN, "baseline")).input("14").run()
    assert not errors(churn)
    goal = goals_on_disk(data_dir)[0]
    assert (goal["baseline"], goal["target"]) == (14.0, 12.0)


def test_a_refused_value_is_kept_and_never_saved_as_empty_by_a_change_on_another_page(
    churn, data_dir
):
    churn.text_input(key=key(CHURN, "baseline")).input("12").run()
    churn.text_input(key=key(CHURN, "target")).input("15").run()
    churn.text_input(key=key(CHURN, "target")).input("12").run()  # refused: equals the baseline
    churn.switch_page("app_pages/assessment.py").run()
    answer = "assessments/2026-10/participants/anna/answers/strategy.definition/current"
    churn.button_group(key=answer).set_value(4).run()  # a save, which retries refused values
    assert goals_on_disk(data_dir)[0]["target"] == 15.0
    churn.switch_page(GOALS).run()
    assert churn.text_input(key=key(CHURN, "target")).value == "12"
    assert "The target must differ from the baseline." in errors(churn)
    churn.text_input(key=key(CHURN, "baseline")).input("14").run()
    goal = goals_on_disk(data_dir)[0]
    assert (goal["baseline"], goal["target"]) == (14.0, 12.0)


def test_a_change_refused_in_one_workbook_is_neither_shown_in_nor_saved_to_another(
    churn, data_dir, disk, packs
):
    churn.text_input(key=key(CHURN, "baseline")).input("12").run()
    churn.text_input(key=key(CHURN, "target")).input("15").run()
    other = import_yaml(disk, export_yaml(disk, EXAMPLE_ID), "copy.yaml", packs).id
    churn.text_input(key=key(CHURN, "target")).input("12").run()  # refused in the example
    churn.selectbox(key="wb").set_value(other).run()
    assert churn.text_input(key=key(CHURN, "target")).value == "15"
    assert not errors(churn)
    churn.text_input(key=key(CHURN, "baseline")).input("14").run()  # would let 12 land
    theirs = parse_untrusted((data_dir / f"{other}.yaml").read_bytes(), "f.yaml")["goals"][0]
    assert (theirs["baseline"], theirs["target"]) == (14.0, 15.0)
    churn.selectbox(key="wb").set_value(EXAMPLE_ID).run()
    assert churn.text_input(key=key(CHURN, "baseline")).value == "12"
    assert churn.text_input(key=key(CHURN, "target")).value == "12"
    assert "The target must differ from the baseline." in errors(churn)
    assert goals_on_disk(data_dir)[0]["target"] == 15.0


def test_a_blank_goal_needs_a_title_and_a_suggestion_fills_in_its_dimension(page, data_dir):
    page.button(key="FormSubmitter:new_goal_form-Add goal").click().run()
    assert "This needs a name or a title; it cannot be left empty." in errors(page)
    assert goals_on_disk(data_dir) == []
    suggested = [b.key for b in page.button if b.key and b.key.startswith("suggest_")]
    assert suggested == ["suggest_people", "suggest_measurement", "suggest_channels"]
    page.button(key="suggest_people").click().run()
    assert page.multiselect(key="new_goal_dimensions").value == ["people"]
    page.text_input(key="new_goal_title").input("Customer history in every channel")
    page.button(key="FormSubmitter:new_goal_form-Add goal").click().run()
    [goal] = goals_on_disk(data_dir)
    assert goal["title"] == "Customer history in every channel"
    assert goal["dimensions"] == ["people"]
    assert "suggest_people" not in [b.key for b in page.button]


def test_goals_are_reordered_and_deleted(page, disk, data_dir):
    for title in ("First", "Second", "Third"):
        disk.update(EXAMPLE_ID, ops.add_goal(GoalDraft(title=title)))
    page.run()
    assert page.button(key="goal_first-up").disabled
    page.button(key="goal_third-up").click().run()
    assert [g["id"] for g in goals_on_disk(data_dir)] == ["first", "third", "second"]
    page.button(key="goal_first-down").click().run()
    assert [g["id"] for g in goals_on_disk(data_dir)] == ["third", "first", "second"]
    page.button(key="goal_first-delete").click().run()
    assert [g["id"] for g in goals_on_disk(data_dir)] == ["third", "second"]
    assert_no_exception(page)
    assert "1. Third" in texts(page) and "2. Second" in texts(page)


def test_the_nps_helper_gives_a_baseline(churn, data_dir):
    shown = texts(churn)
    groups = ["**Detractors · 0–6**", "**Passives · 7–8**", "**Promoters · 9–10**"]
    assert sorted(groups, key=shown.index) == groups
    counts = [2, 0, 0, 0, 0, 0, 0, 2, 1, 2, 3]
    for value, count in enumerate(counts):
        churn.number_input(key=f"nps/counts/{value}").set_value(count).run()
    assert [m.value for m in churn.metric] == ["30 ± 48.4"]
    assert "10 respondents: 5 promoters, 3 passives, 2 detractors" in texts(churn)
    # churn is counted in %: an NPS score is no baseline for it
    assert not [b for b in churn.button if b.key == "nps_use"]
    assert "give a goal the unit NPS points" in texts(churn)
    churn.text_input(key=key(CHURN, "unit")).input("NPS points").run()
    churn.button(key="nps_use").click().run()
    assert goals_on_disk(data_dir)[0]["baseline"] == 30.0
    assert churn.text_input(key=key(CHURN, "baseline")).value == "30"
    churn.number_input(key="nps/counts/9").set_value(0).run()
    churn.number_input(key="nps/counts/10").set_value(1).run()
    assert "6 respondents: 1 promoter, 3 passives, 2 detractors" in texts(churn)


def test_the_nps_helpers_counts_are_kept_in_the_workbook(churn, data_dir, run_app):
    """What a person enters is saved: the counts are in the file and back after a reload."""
    churn.number_input(key="nps/counts/9").set_value(12).run()
    data = parse_untrusted((data_dir / f"{EXAMPLE_ID}.yaml").read_bytes(), "f.yaml")
    assert data["nps"]["counts"] == [0] * 9 + [12, 0]
    again = run_app(GOALS, lang="en", wb=EXAMPLE_ID)
    assert again.number_input(key="nps/counts/9").value == 12
    assert [m.value for m in again.metric] == ["100 ± 0"]


def test_the_charts_show_the_path_and_the_coverage_with_their_tables(churn):
    churn.text_input(key=key(CHURN, "baseline")).input("12").run()
    churn.text_input(key=key(CHURN, "target")).input("6").run()
    churn.button_group(key="goals_view").set_value("charts").run()
    assert_no_exception(churn)
    path_spec, coverage_spec = [json.loads(c.proto.spec) for c in churn.get("vega_lite_chart")]
    assert path_spec["facet"]["row"]["field"] == "goal"
    assert coverage_spec["title"]["text"] == "Goals per dimension, largest gap on top"
    path_table, coverage = churn.dataframe
    folded = [fold for fold in churn.expander if fold.label == "The same as a table"]
    assert [fold.dataframe[0].value.equals(path_table.value) for fold in folded] == [True]
    assert list(path_table.value["value"]) == [12.0, 6.0]
    assert list(path_table.value["point"]) == ["Baseline", "Target value"]
    assert list(path_table.value.columns) == ["goal", "point", "date", "value", "label"]
    assert json.loads(path_table.proto.columns)["date"]["type_config"]["format"] == "YYYY-MM-DD"
    assert path_table.value["goal"][0] == "1. Asiakaspoistuma puolittuu kahdessa vuodessa (%)"
    assert path_table.value["label"][1] == "-3 percentage points / year"
    rows = coverage.value.set_index("dimension")["goals"].to_dict()
    assert rows["Customer data & CRM"] == 1 and rows["Service basics"] == 0


def test_without_measured_goals_the_path_chart_says_why(page):
    page.button_group(key="goals_view").set_value("charts").run()
    assert "No goal has a baseline, a target value and both dates yet" in texts(page)
    assert len(page.get("vega_lite_chart")) == 1  # the coverage chart still shows


def test_with_many_goals_each_card_opens_for_editing_with_its_switch(run_app, disk, data_dir):
    for n in range(6):
        disk.update(EXAMPLE_ID, ops.add_goal(GoalDraft(title=f"Goal {n}")))
    ids = [g["id"] for g in goals_on_disk(data_dir)]
    at = run_app(GOALS, lang="en", wb=EXAMPLE_ID)
    assert "6 goals: each opens for editing with its switch" in texts(at)
    assert any(m.value.startswith("**6. Goal 5**") for m in at.markdown)  # every card is listed
    with pytest.raises(KeyError):
        at.text_input(key=key(ids[2], "title"))
    at.toggle(key=f"goal_open_{ids[2]}").set_value(True).run()
    at.text_input(key=key(ids[2], "title")).input("Goal two, renamed").run()
    assert goals_on_disk(data_dir)[2]["title"] == "Goal two, renamed"
    with pytest.raises(KeyError):
        at.text_input(key=key(ids[3], "title"))
    disk.update(EXAMPLE_ID, ops.delete_goal(ids[0]))
    at.run()  # five goals: every card open again, no switches
    assert at.text_input(key=key(ids[3], "title")).value == "Goal 3"
    assert not at.toggle


def test_the_dimension_pickers_ask_in_the_pages_language(run_app, disk):
    disk.update(EXAMPLE_ID, ops.add_goal(GoalDraft(title="Asiakaspoistuma")))
    at = run_app(GOALS, lang="fi", wb=EXAMPLE_ID)
    pickers = at.multiselect
    assert len(pickers) == 2  # the new goal's and the open goal's
    assert {p.proto.placeholder for p in pickers} == {"Valitkaa yksi tai useampi"}
