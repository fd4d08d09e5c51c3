"""Goals (numbers as typed, rules, templates, pace, coverage, the NPS helper) and the CRM step."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from cxworkbook import ops
from cxworkbook.crm import committed_steps, crm_fit
from cxworkbook.errors import INVALID_CODES, InvalidEdit, StaleEdit
from cxworkbook.goals import (
    GoalDraft,
    add_months,
    coverage_table,
    draft_from_template,
    format_number,
    goal_path_table,
    is_measurable,
    nps,
    pace_text,
    parse_number,
    uncovered_gaps,
    yearly_change,
)
from cxworkbook.i18n import translate
from cxworkbook.model import Crm, Goal
from cxworkbook.scoring import score_round
from tests import edits
from tests.conftest import EXAMPLE_ID

DAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12", 12.0),
        ("12,5", 12.5),
        ("12.5", 12.5),
        (" 1 200 ", 1200.0),
        ("1\u00a0200,75", 1200.75),
        ("\u22123", -3.0),
        ("-0,5", -0.5),
        ("45 %", 45.0),
        ("", None),
        ("   ", None),
    ],
)
def test_numbers_are_read_as_people_type_them(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["abc", "12,5,1", "1.2.3", "nan", "inf", "12 kpl", "1,000.5"])
def test_what_is_not_a_number_is_refused_with_its_rule(text):
    with pytest.raises(InvalidEdit) as caught:
        parse_number(text)
    assert caught.value.code == "not_a_number"


def test_numbers_are_shown_as_they_would_be_typed():
    assert format_number(12.0, "en") == "12"
    assert format_number(12.5, "en") == "12.5"
    assert format_number(12.5, "fi") == "12,5"
    assert format_number(None, "fi") == ""
    assert parse_number(format_number(0.1 + 0.2, "fi")) == pytest.approx(0.3)


def goal(**fields) -> Goal:
    return Goal.model_validate({"id": "g", "title": "Churn halves", **fields})


def test_a_goal_with_empty_fields_breaks_no_rule():
    assert goal().title == "Churn halves"


@pytest.mark.parametrize(
    ("fields", "broken"),
    [
        ({"baseline": 12.0, "target": 12.0}, "target_equals_baseline"),
        ({"baseline_date": DAY, "deadline": DAY}, "deadline_not_after_baseline"),
        (
            {"baseline_date": DAY, "deadline": DAY - dt.timedelta(days=1)},
            "deadline_not_after_baseline",
        ),
        ({"unit": "%", "baseline": 120.0}, "percent_range"),
        ({"unit": " % ", "baseline": 20.0, "target": -1.0}, "percent_range"),
        ({"unit": "points", "baseline": -20.0, "target": 150.0}, None),
        ({"unit": "%", "baseline": 0.0, "target": 100.0}, None),
    ],
)
def test_the_rules_a_goal_keeps(fields, broken):
    try:
        goal(**fields)
    except ValidationError as exc:
        assert [e["type"] for e in exc.errors()] == [broken]
    else:
        assert broken is None


def test_every_rule_has_a_message_in_both_languages():
    for code in INVALID_CODES:
        assert translate("fi", f"invalid.{code}") != translate("en", f"invalid.{code}")


def test_a_file_with_a_goal_that_breaks_a_rule_is_refused_saying_which():
    with pytest.raises(ValidationError) as caught:
        goal(baseline=5.0, target=5.0)
    assert "the target equals the baseline" in str(caught.value)


def test_months_are_added_as_on_a_calendar():
    assert add_months(DAY, 24) == dt.date(2028, 11, 23)
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2027, 12, 31), 2) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2026, 11, 30), 14) == dt.date(2028, 1, 30)


def test_a_template_becomes_a_goal_in_the_workbooks_language(packs, pack):
    template = packs.goals.template("churn-halves")
    for lang in ("fi", "en"):
        draft = draft_from_template(template, lang, DAY, pack)
        assert draft.title == template.title.get(lang)
        assert draft.metric == template.metric.get(lang)
        assert draft.unit == "%"
        assert draft.baseline_date == DAY
        assert draft.deadline == dt.date(2028, 11, 23)
        assert set(draft.dimensions) == {"value", "strategy", "data", "measurement"}
        assert draft.source == template.source.get(lang)
        assert draft.frequency == template.frequency.get(lang)
    old = draft_from_template(template, "fi", DAY, packs.get("cx-maturity", 1))
    assert set(old.dimensions) == {"strategy", "data-crm", "measurement"}


def test_the_pace_a_goal_needs_per_year():
    churn = goal(baseline=12.0, target=6.0, baseline_date=DAY, deadline=add_months(DAY, 24))
    assert yearly_change(churn) == pytest.approx(-3.0, abs=0.01)
    assert yearly_change(goal(baseline=12.0, target=6.0)) is None
    assert is_measurable(goal(metric="churn", baseline=12.0, target=6.0, deadline=DAY))
    assert not is_measurable(goal(baseline=12.0, target=6.0, deadline=DAY))


def test_the_pace_is_written_signed_with_at_most_two_decimals_and_never_as_an_exponent():
    assert pace_text(-3.254, "", "fi") == "−3,25"
    assert pace_text(10.49, "asiakasta", "fi") == "+10,49 asiakasta"
    assert pace_text(10.49, "customers", "en") == "+10.49 customers"
    assert pace_text(50000.0, "€", "fi") == "+50000 €"  # not "+5e+04"
    sales = goal(
        unit="kpl.", baseline=1.5, target=3.0, baseline_date=DAY, deadline=add_months(DAY, 12)
    )
    path = goal_path_table([sales], "fi", translate("fi", "goals.path.per_year"))
    assert path["label"][1] == "+1,5 kpl. / vuosi"  # the unit keeps its dot


@pytest.mark.parametrize(
    ("lang", "written"), [("fi", "−3 prosenttiyksikköä"), ("en", "-3 percentage points")]
)
def test_a_percentage_changes_by_percentage_points_not_by_percent(lang, written):
    """Churn from 12 % to 6 % in two years is 3 points a year; "-3 %" would read as a relative
    change of the rate."""
    assert pace_text(-3.0, " % ", lang) == written
    churn = goal(
        unit="%",
        baseline=12.0,
        target=6.0,
        baseline_date=DAY,
        deadline=DAY.replace(year=DAY.year + 2),
    )
    assert goal_path_table([churn], lang, "{pace}")["label"][1] == written


def test_the_path_table_has_a_start_and_an_end_per_measured_goal():
    goals = [
        goal(unit="%", baseline=12.0, target=6.0, baseline_date=DAY, deadline=add_months(DAY, 24)),
        Goal(id="other", title="Not measured yet"),
    ]
    table = goal_path_table(goals, "fi", "{pace} / vuosi")
    assert list(table["point"]) == ["baseline", "target"]
    assert list(table["value"]) == [12.0, 6.0]
    assert table["goal"].iloc[0] == "1. Churn halves (%)"
    assert table["label"].iloc[1] == "−3 prosenttiyksikköä / vuosi"
    assert goal_path_table([], "en", "{pace}").empty


def example_score(example_store, pack):
    return score_round(pack, example_store.read(EXAMPLE_ID).current_round.participants)


def test_suggestions_are_the_largest_gaps_no_goal_serves(example_store, pack):
    score = example_score(example_store, pack)
    largest = [d.dimension_id for d in score.largest_gaps(10)]
    assert [d.dimension_id for d in uncovered_gaps(score, [])] == largest[:3]
    served = [Goal(id="a", title="A", dimensions=[largest[0], largest[2]])]
    assert [d.dimension_id for d in uncovered_gaps(score, served)] == [
        largest[1],
        *largest[3:5],
    ]


def test_coverage_counts_the_goals_serving_each_dimension(example_store, pack):
    score = example_score(example_store, pack)
    goals = [
        Goal(id="a", title="A", dimensions=["basics", "data"]),
        Goal(id="b", title="B", dimensions=["basics", "no-such-dimension"]),
    ]
    table = coverage_table(score, pack, goals, "en")
    counts = dict(zip(table["dimension_id"], table["goals"], strict=True))
    assert counts["basics"] == 2 and counts["data"] == 1 and counts["strategy"] == 0
    assert len(table) == len(pack.dimensions)
    gaps = table["gap"].dropna().tolist()
    assert gaps == sorted(gaps, reverse=True)
    assert table.loc[table["dimension_id"] == "basics", "covered"].item()


def test_nps_by_hand():
    # 10 answers: 0 0 | 7 7 8 | 9 9 10 10 10 -> 5 promoters, 3 passives, 2 detractors.
    counts = [2, 0, 0, 0, 0, 0, 0, 2, 1, 2, 3]
    result = nps(counts)
    assert (result.promoters, result.passives, result.detractors) == (5, 3, 2)
    assert result.score == pytest.approx(30.0)
    # variance = 0.5 + 0.2 - 0.3² = 0.61; 1.96 * sqrt(0.61 / 10) = 0.48408
    assert result.margin == pytest.approx(48.41, abs=0.01)


def test_nps_margin_shrinks_with_more_answers():
    result = nps([40, 0, 0, 0, 0, 0, 0, 0, 60, 0, 100])
    assert result.score == pytest.approx(30.0)
    assert result.margin == pytest.approx(100 * 1.96 * (0.61 / 200) ** 0.5)
    assert round(result.margin, 1) == 10.8


def test_nps_extremes_and_nothing():
    assert nps([0] * 10 + [4]).score == 100 and nps([0] * 10 + [4]).margin == 0
    assert nps([3] + [0] * 10).score == -100
    assert nps([0] * 11) is None
    with pytest.raises(ValueError):
        nps([1] * 10)
    with pytest.raises(ValueError):
        nps([-1] + [0] * 10)


def test_goal_operations_keep_ids_and_refuse_what_breaks_a_rule(example_store):
    wb = example_store.update(EXAMPLE_ID, ops.add_goal(GoalDraft(title="Churn halves")))
    wb = example_store.update(EXAMPLE_ID, ops.add_goal(GoalDraft(title="Churn halves")))
    assert [g.id for g in wb.goals][-2:] == ["churn-halves", "churn-halves-2"]
    wb = example_store.update(EXAMPLE_ID, edits.goal("churn-halves", "unit", "%"))
    wb = example_store.update(EXAMPLE_ID, edits.goal("churn-halves", "baseline", 12.0))
    before = example_store.path(EXAMPLE_ID).read_bytes()
    for field, value, code in [
        ("target", 12.0, "target_equals_baseline"),
        ("target", 101.0, "percent_range"),
        ("title", "  ", "name_missing"),
    ]:
        with pytest.raises(InvalidEdit) as caught:
            example_store.update(EXAMPLE_ID, edits.goal("churn-halves", field, value))
        assert caught.value.code == code
    with pytest.raises(InvalidEdit) as caught:
        example_store.update(EXAMPLE_ID, edits.goal("gone", "target", 1.0))
    assert caught.value.code == "gone"
    with pytest.raises(StaleEdit):
        example_store.update(EXAMPLE_ID, edits.goal("churn-halves", "baseline", 10.0, 11.0))
    assert example_store.path(EXAMPLE_ID).read_bytes() == before


def test_goals_move_and_delete_by_id(example_store):
    for title in ("A", "B", "C"):
        wb = example_store.update(EXAMPLE_ID, ops.add_goal(GoalDraft(title=title)))
    start = [g.id for g in wb.goals]
    wb = example_store.update(EXAMPLE_ID, ops.move_goal("c", -1))
    assert [g.id for g in wb.goals][-3:] == ["a", "c", "b"]
    wb = example_store.update(EXAMPLE_ID, ops.move_goal(start[0], -1))
    assert wb.goals[0].id == start[0]
    wb = example_store.update(EXAMPLE_ID, ops.move_goal("a", 10))
    assert wb.goals[-1].id == "a"
    wb = example_store.update(EXAMPLE_ID, ops.delete_goal("c"))
    assert "c" not in [g.id for g in wb.goals]
    wb = example_store.update(EXAMPLE_ID, ops.add_goal(GoalDraft(title="C")))
    assert wb.goals[-1].id == "c"


def test_crm_choices_and_committed_steps(example_store):
    wb = example_store.update(EXAMPLE_ID, edits.crm("state", "legacy"))
    wb = example_store.update(EXAMPLE_ID, edits.crm("data_quality", 2, None))
    wb = example_store.update(EXAMPLE_ID, ops.commit_crm_step("legacy-ask-users", True))
    wb = example_store.update(EXAMPLE_ID, ops.commit_crm_step("legacy-clean-core", True))
    wb = example_store.update(EXAMPLE_ID, ops.commit_crm_step("legacy-ask-users", False))
    assert wb.crm.state == "legacy" and wb.crm.data_quality == 2
    assert wb.crm.next_steps == ["legacy-clean-core"]
    with pytest.raises(StaleEdit):
        example_store.update(EXAMPLE_ID, edits.crm("usability", 4, 3))


def test_the_crm_choice_is_read_against_the_data_score(packs):
    modern, none = packs.crm.state("modern"), packs.crm.state("none")
    assert crm_fit(modern, 1.8).verdict == "below"
    assert crm_fit(modern, 3.0).verdict == "agrees"
    assert crm_fit(none, 4.2).verdict == "above"
    assert crm_fit(none, 2.5).verdict == "agrees"


def test_only_the_chosen_states_ticked_steps_count(packs):
    crm = Crm(state="legacy", next_steps=["none-owner", "legacy-clean-core", "legacy-ask-users"])
    assert [s.id for s in committed_steps(crm, packs.crm)] == [
        "legacy-ask-users",
        "legacy-clean-core",
    ]
    assert committed_steps(Crm(next_steps=["none-owner"]), packs.crm) == []
    assert committed_steps(Crm(state="retired-state"), packs.crm) == []


@given(
    value=st.floats(min_value=-1e9, max_value=1e9, allow_nan=False).map(lambda v: round(v, 4)),
    lang=st.sampled_from(["fi", "en"]),
)
def test_a_number_shown_in_a_field_reads_back_as_the_same_number(value, lang):
    """A baseline of −12,5 shown with the Finnish minus sign and comma is saved back unchanged
    when its field is sent again."""
    assert parse_number(format_number(value, lang)) == value
