"""Version 2 of the maturity pack: a target per dimension, a neutral level, development stages
suggested only from their signs, and rounds that compare with version 1 where questions
correspond. Workbooks made with version 1 keep answering and scoring on it."""

from __future__ import annotations

import datetime as dt

import pytest

from cxworkbook import ops
from cxworkbook.model import Agreed, Answer, Assessment, Participant
from cxworkbook.report.build import build_document
from cxworkbook.report.document import Chart
from cxworkbook.scoring import (
    DimensionScore,
    RoundScore,
    Spread,
    nearest_level,
    score_round,
    team_score,
)
from cxworkbook.tables import dimension_table, level_text, sign_texts
from cxworkbook.workshop import compare_rounds, corresponding
from tests import edits
from tests.conftest import V1_ID


def person(pid: str, answers: dict[str, dict]) -> Participant:
    return Participant(
        id=pid, name=pid.title(), answers={k: Answer(**v) for k, v in answers.items()}
    )


def test_a_dimensions_target_is_the_teams_value_of_its_own_target(pack):
    team = [
        person("a", {"basics.complaints": {"current": 2}, "basics": {"target": 3}}),
        person("b", {"basics.complaints": {"current": 3}, "basics": {"target": 5}}),
        person("c", {"basics.complaints": {"current": 2}, "basics": {"target": 4}}),
    ]
    basics = score_round(pack, team).dimension("basics")
    assert (basics.current, basics.target, basics.gap) == (2, 4, 2)
    assert basics.by_participant_target == Spread(n=3, median=4, min=3, max=5)
    agreed = score_round(pack, team, {"basics": Agreed(target=5)}).dimension("basics")
    assert agreed.target == 5


def test_a_target_given_on_a_question_does_not_count_where_targets_are_per_dimension(pack):
    answers = {"basics.complaints": {"current": 2, "target": 5}}
    assert score_round(pack, [person("a", answers)]).dimension("basics").target is None


@pytest.mark.parametrize(
    ("score", "level"), [(1.0, 1), (2.44, 2), (2.45, 3), (2.5, 3), (4.96, 5), (None, None)]
)
def test_the_level_is_the_one_nearest_to_the_score_as_shown(score, level):
    assert nearest_level(score) == level


def test_the_level_text_names_the_scales_label(pack):
    team = [person("a", {"basics.complaints": {"current": 3}})]
    score = score_round(pack, team)
    assert level_text(pack, score, "en") == "Overall 3.0 of 5: nearest to level 3, “Defined”."


def measurement(continuous: int, action: int) -> Participant:
    return person(
        "a",
        {
            "measurement.continuous": {"current": continuous},
            "measurement.action": {"current": action},
        },
    )


def test_a_stage_is_suggested_where_its_signs_hold_and_says_why(pack):
    score = score_round(pack, [measurement(continuous=3, action=2)])
    assert score.stage is not None and score.stage.id == "confusion"
    assert sign_texts(pack, score, score.stage, "en") == [
        "Measurement & feedback 1 3.0 (at least 3.0)",
        "Measurement & feedback 2 2.0 (at most 2.0)",
    ]


def test_no_stage_is_suggested_where_no_pattern_shows(pack):
    """A team averaging 3 with no measurement is told no stage, not "it follows NPS monthly"."""
    everything_3 = {q.id: {"current": 3} for _, q in pack.questions}
    everything_3.update({q: {"current": 1} for q in ("measurement.continuous",)})
    score = score_round(pack, [person("a", everything_3)])
    assert score.stage is None and score.level == 3


def test_the_furthest_stage_whose_signs_all_hold_is_the_one_suggested(pack):
    everything_4 = {q.id: {"current": 4} for _, q in pack.questions}
    assert score_round(pack, [person("a", everything_4)]).stage.id == "change"


def test_largest_gaps_are_ordered_by_the_gap_as_shown():
    """+2,4 (exact 2,36) comes before +2,3 (exact 2,38): the order people read."""

    def dimension(did: str, current: float, target: float) -> DimensionScore:
        empty = Spread.of([])
        return DimensionScore(did, current, target, 4, 4, empty, empty)

    first = dimension("a", 1.64, 4.0)
    second = dimension("b", 1.95, 4.33)
    assert second.gap > first.gap and first.shown_gap > second.shown_gap
    score = RoundScore([], [second, first], 2.0, 4.0, None)
    assert [d.dimension_id for d in score.largest_gaps()] == ["a", "b"]


def test_the_dimension_table_is_ordered_by_the_gap_as_shown(pack):
    team = [
        person(
            "a",
            {
                "basics.complaints": {"current": 2},
                "basics.response-time": {"current": 2},
                "basics.first-contact": {"current": 1},
                "basics": {"target": 4},
                "people.authority": {"current": 2},
                "people": {"target": 4},
            },
        )
    ]
    table = dimension_table(score_round(pack, team), pack, "en")
    assert list(table["dimension_id"][:2]) == ["basics", "people"]
    assert list(table["gap"][:2]) == [2.3, 2.0]


def test_a_version_1_workbook_keeps_answering_and_scoring_on_version_1(v1_store, packs):
    wb = v1_store.read(V1_ID)
    ref = wb.current_round.questionnaire
    assert ref.version == 1
    pack = packs.get(ref.id, ref.version)
    wb = v1_store.update(
        V1_ID, edits.answer(wb.current_round.id, "anna", "people.coaching", "target", 5)
    )
    score = team_score(pack, wb.current_round)
    assert score.dimension("data-crm").target is not None
    assert score.question("people.coaching").value_target is not None


def test_a_question_of_version_2_corresponds_to_those_it_continues(pack, pack_v1):
    found = corresponding(pack, pack_v1)
    assert found["governance.owner"] == ["leadership.owner"]
    assert found["technology.architecture"] == ["technology.landscape", "technology.vendor-neutral"]
    assert "value.business-case" not in found
    back = corresponding(pack_v1, pack)
    assert back["technology.landscape"] == ["technology.architecture"]


def test_a_round_on_version_2_compares_with_one_on_version_1(v1_store, packs, pack, pack_v1):
    wb = v1_store.update(V1_ID, ops.start_round(dt.date(2027, 4, 20), pack.ref))
    new = wb.current_round.id
    for question, value in [
        ("governance.owner", 5),
        ("technology.architecture", 4),
        ("value.business-case", 3),
    ]:
        wb = v1_store.update(V1_ID, edits.answer(new, "anna", question, "current", value))
    old_score = team_score(pack_v1, wb.assessments[0])
    new_score = score_round(pack, wb.current_round.participants)
    table = compare_rounds(old_score, pack_v1, new_score, pack, "en").set_index("dimension_id")
    assert set(table.index) == {"governance", "technology"}
    owner = old_score.question("leadership.owner").value_current
    assert table.loc["governance", "current"] == pytest.approx(owner, abs=0.05)
    assert table.loc["governance", "target"] == 5
    merged = [
        old_score.question(q).value_current
        for q in ("technology.landscape", "technology.vendor-neutral")
    ]
    assert table.loc["technology", "current"] == pytest.approx(sum(merged) / 2, abs=0.05)
    document = build_document(v1_store.update(V1_ID, ops.reveal(new, True)), packs)
    since = next(s for s in document.sections if s.id == "since-last-round")
    assert any(isinstance(b, Chart) for b in since.blocks)


def test_a_round_of_version_1_and_one_of_version_2_can_be_scored_side_by_side(pack):
    """Each round keeps the pack it names: a version 2 round scores on version 2."""
    round_ = Assessment(
        id="r",
        date=dt.date(2027, 4, 20),
        questionnaire=pack.ref,
        participants=[person("a", {"value.business-case": {"current": 2}, "value": {"target": 4}})],
    )
    value = team_score(pack, round_).dimension("value")
    assert (value.current, value.target) == (2, 4)
