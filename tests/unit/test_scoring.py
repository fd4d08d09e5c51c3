"""Scores checked against cases worked out by hand."""

from __future__ import annotations

import pytest

from cxworkbook.i18n import MISSING
from cxworkbook.model import Answer, Participant
from cxworkbook.scoring import (
    Spread,
    answered_questions,
    dimension_answered,
    score_round,
    shown_gap,
)
from cxworkbook.steps import step_progress
from cxworkbook.tables import dimension_table, gap_text, score_text


@pytest.fixture(scope="module")
def pack(pack_v1):
    """The cases here were worked out on version 1, which asks a target on every question."""
    return pack_v1


def person(pid: str, answers: dict[str, dict]) -> Participant:
    return Participant(
        id=pid, name=pid.title(), answers={k: Answer(**v) for k, v in answers.items()}
    )


def test_a_dimension_is_the_mean_of_its_answered_questions_with_na_left_out(pack):
    anna = person(
        "anna",
        {
            "strategy.definition": {"current": 2, "target": 4},
            "strategy.vision-pillars": {"current": 3, "target": 5},
            "strategy.measurable-goals": {"current": 5, "target": 5, "na": True},
            # strategy.target-customers unanswered
        },
    )
    score = score_round(pack, [anna])
    strategy = score.dimension("strategy")
    assert strategy.current == pytest.approx(2.5)
    assert strategy.target == pytest.approx(4.5)
    assert strategy.gap == pytest.approx(2.0)
    assert strategy.answered == 2 and strategy.questions == 4
    question = next(q for q in score.questions if q.question_id == "strategy.measurable-goals")
    assert question.na == 1 and question.current.n == 0


def test_a_target_without_a_current_still_counts_for_the_target(pack):
    score = score_round(pack, [person("a", {"basics.complaints": {"target": 4}})])
    basics = score.dimension("basics")
    assert basics.current is None and basics.target == 4 and basics.gap is None


def test_the_team_value_of_a_question_is_the_median(pack):
    team = [
        person("a", {"people.skills": {"current": 1, "target": 3}}),
        person("b", {"people.skills": {"current": 2, "target": 4}}),
        person("c", {"people.skills": {"current": 5, "target": 5}}),
    ]
    q = next(q for q in score_round(pack, team).questions if q.question_id == "people.skills")
    assert (q.current.median, q.current.min, q.current.max, q.current.spread) == (2, 1, 5, 4)
    assert q.target.median == 4
    assert q.gap == 2


def test_spread_of_dimension_scores_over_participants(pack):
    team = [
        person("a", {"people.skills": {"current": 1}, "people.coaching": {"current": 3}}),
        person("b", {"people.skills": {"current": 4}, "people.coaching": {"current": 4}}),
    ]
    people = score_round(pack, team).dimension("people")
    assert people.by_participant_current == Spread(n=2, median=3.0, min=2.0, max=4.0)
    assert people.by_participant_current.spread == 2.0
    # team values per question: skills median 2.5, coaching median 3.5 -> dimension 3.0
    assert people.current == pytest.approx(3.0)


def test_overall_score_and_stage(pack):
    # every dimension: current 2, target 4 -> overall 2.0, stage "enthusiasm" (1.8-2.6)
    answers = {q.id: {"current": 2, "target": 4} for _, q in pack.questions}
    score = score_round(pack, [person("a", answers)])
    assert score.current == pytest.approx(2.0)
    assert score.target == pytest.approx(4.0)
    assert score.stage.id == "enthusiasm"


def test_no_answers_means_no_score_and_no_stage(pack):
    score = score_round(pack, [person("a", {})])
    assert score.current is None and score.stage is None and score.largest_gaps() == []


def test_largest_gaps_come_first_and_ties_keep_pack_order(pack):
    answers = {
        "strategy.definition": {"current": 3, "target": 4},  # gap 1
        "basics.complaints": {"current": 1, "target": 5},  # gap 4
        "people.skills": {"current": 2, "target": 4},  # gap 2
        "dialogue.learning": {"current": 2, "target": 4},  # gap 2
        "measurement.action": {"current": 4, "target": 4},  # gap 0: not a gap to close
    }
    largest = score_round(pack, [person("a", answers)]).largest_gaps(3)
    assert [d.dimension_id for d in largest] == ["basics", "dialogue", "people"]


def test_the_table_shows_gaps_that_add_up(pack):
    answers = {
        "strategy.definition": {"current": 2, "target": 4},
        "strategy.vision-pillars": {"current": 2, "target": 4},
        "strategy.measurable-goals": {"current": 3, "target": 4},  # current 2.25 -> "2.3"
        "strategy.target-customers": {"current": 2, "target": 4},  # target 4.0
        "basics.complaints": {"current": 1, "target": 5},
    }
    score = score_round(pack, [person("a", answers)])
    table = dimension_table(score, pack, "en")
    assert list(table["dimension_id"][:2]) == ["basics", "strategy"]
    row = table.set_index("dimension_id").loc["strategy"]
    assert (row["current"], row["target"], row["gap"]) == (2.3, 4.0, 1.7)
    assert row["target"] - row["current"] == pytest.approx(row["gap"])
    assert row["dimension"] == "Strategy & vision"
    assert table.set_index("dimension_id").loc["strategy", "answered"] == "4/4"
    assert shown_gap(4.0, None) is None


def test_scores_and_gaps_are_written_as_shown_in_each_language():
    assert score_text(2.25, "en") == "2.3"  # halves up, as `shown`
    assert score_text(2.25, "fi") == "2,3"
    assert score_text(4, "fi") == "4,0"
    assert gap_text(1.7, "en") == "+1.7"
    assert gap_text(1.7, "fi") == "+1,7"
    assert gap_text(-0.5, "fi") == "\u22120,5"  # a true minus sign
    for missing in (None, float("nan")):
        for lang in ("fi", "en"):
            assert score_text(missing, lang) == gap_text(missing, lang) == MISSING


def test_answered_counts(pack):
    a = person("a", {"strategy.definition": {"current": 2}, "basics.complaints": {"na": True}})
    b = person(
        "b", {"strategy.definition": {"target": 4}, "people.skills": {"note": "only a note"}}
    )
    assert answered_questions(pack, [a, b]) == 2
    assert dimension_answered(a, pack.dimension("strategy")) == 1
    assert dimension_answered(b, pack.dimension("people")) == 0


def test_progress_of_the_example(example_store, packs):
    workbook = example_store.read("kaarnakoski-energia")
    steps = {
        step.id: progress for step, progress in step_progress(workbook, packs.latest("cx-maturity"))
    }
    assert list(steps) == ["assessment", "crm", "goals", "journey", "vision"]
    assert (steps["assessment"].done, steps["assessment"].total) == (44, 44)
    assert steps["goals"].total == 0 and steps["goals"].fraction == 0.0
    assert steps["vision"].total == 4 and steps["vision"].done == 0
