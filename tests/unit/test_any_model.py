"""Packs of other maturity models, in the shapes of OWASP SAMM v2 and the W3C Accessibility Maturity
Model (small test models in our own words, `tests/fixtures/packs/`), scored by the rules those
models publish."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from statistics import fmean, median_low

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cxworkbook.model import Answer, Assessment, Participant
from cxworkbook.packs import load_packs
from cxworkbook.questionnaire import MaturityPack
from cxworkbook.scoring import answers_off_options, score_round, shown

PACKS = Path(__file__).parents[1] / "fixtures" / "packs"


@pytest.fixture(scope="module")
def samm() -> MaturityPack:
    return load_packs(PACKS).get("samm-shaped", 1)


@pytest.fixture(scope="module")
def w3c() -> MaturityPack:
    return load_packs(PACKS).get("w3c-shaped", 1)


def person(name: str, answers: dict[str, float]) -> Participant:
    return Participant(
        id=name, name=name, answers={q: Answer(current=v) for q, v in answers.items()}
    )


def test_both_shapes_load_without_a_problem():
    packs = load_packs(PACKS)
    assert packs.problems == []
    assert set(packs.packs) == {("samm-shaped", 1), ("w3c-shaped", 1)}


def samm_practice(pack: MaturityPack, team: dict[str, float], practice: str) -> float:
    """SAMM's published rule: a stream's score is the sum of its levels' answer weights (an
    unanswered question counts 0), and a practice's score the mean of its two streams."""
    dimension = pack.dimension(practice)
    streams = [
        sum(team.get(q.id, 0.0) for q in dimension.questions if q.stream == s.id)
        for s in dimension.streams
    ]
    return sum(streams) / len(streams)


weights = st.sampled_from([0, 0.25, 0.5, 1])


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_samm_shaped_scores_follow_samms_rule(samm, data):
    question_ids = sorted(samm.question_ids)
    people = [
        person(
            f"p{i}",
            data.draw(st.dictionaries(st.sampled_from(question_ids), weights, max_size=24)),
        )
        for i in range(data.draw(st.integers(1, 4)))
    ]
    team = {}
    for q in question_ids:
        given_answers = [p.answers[q].current for p in people if q in p.answers]
        if given_answers:
            team[q] = median_low(given_answers)
    score = score_round(samm, people)
    practices = {d.id: samm_practice(samm, team, d.id) for d in samm.dimensions}
    for d in score.dimensions:
        assert d.current == pytest.approx(practices[d.dimension_id])
    functions = [fmean(practices[p] for p in area.dimensions) for area in samm.areas]
    assert score.current == pytest.approx(fmean(functions))
    for q in score.questions:
        assert q.value_current is None or q.value_current in {0, 0.25, 0.5, 1}


def test_a_partial_samm_assessment_counts_what_is_unanswered_as_zero(samm):
    full = {q.id: 1 for q in samm.dimension("strategy").questions}
    full |= {q.id: 1 for q in samm.dimension("training").questions}
    score = score_round(samm, [person("a", full)])
    assert [d.current for d in score.dimensions] == [3.0, 3.0, 0.0, 0.0]
    assert [(a.id, a.current) for a in score.areas] == [("governance", 3.0), ("verification", 0.0)]
    assert score.current == 1.5
    assert score.stage is not None and score.stage.id == "level-1"
    streams = score.dimension("strategy").streams
    assert [(s.id, s.current) for s in streams] == [("a", 3.0), ("b", 3.0)]


def test_the_team_value_is_always_one_of_the_options(samm):
    """Two people answer 0.25 and 1: the median would be 0.625, which no option has."""
    people = [person("a", {"strategy.a1": 0.25}), person("b", {"strategy.a1": 1})]
    question = score_round(samm, people).question("strategy.a1")
    assert question is not None
    assert question.value_current == 0.25
    assert question.current.median == 0.625  # the spread still shows the plain median


def test_w3c_shaped_dimensions_are_the_mean_of_their_outcomes_levels(w3c):
    people = [
        person("a", {"communications.statement": 2, "communications.formats": 3}),
        person("b", {"communications.statement": 4, "communications.formats": 3}),
        person("c", {"communications.statement": 1}),
    ]
    score = score_round(w3c, people)
    communications = score.dimension("communications")
    assert communications.current == fmean([2, 3])  # lower median of 2, 4, 1 is 2
    assert score.dimension("procurement").current is None  # unanswered is left out here
    assert shown(score.current) == 2.5
    assert score.stage is not None and score.stage.id == "integrate"


def test_a_question_can_have_options_of_its_own(w3c):
    _, question = next((d, q) for d, q in w3c.questions if q.id == "procurement.checks")
    assert [o.value for o in w3c.options(question)] == [1, 2, 4]
    assert [o.label.get("en") for o in w3c.options(question)] == ["Never", "Sometimes", "Always"]


def test_an_english_only_pack_reads_as_it_is_in_a_finnish_ui(w3c):
    assert w3c.title.get("fi") == w3c.title.get("en") == "Accessibility maturity (test shape)"


def test_values_no_option_offers_are_named(w3c):
    assessment = Assessment(
        id="r1",
        date=dt.date(2026, 12, 4),
        questionnaire=w3c.ref,
        participants=[person("a", {"procurement.checks": 3, "support.help": 4})],
    )
    assert answers_off_options(w3c, assessment) == [("procurement.checks", 3)]


def test_evidence_and_short_labels_are_carried(samm, w3c):
    dimension = samm.dimension("strategy")
    assert (dimension.label, dimension.questions[0].label) == ("SM", "SM-A1")
    assert [c.get("en") for c in dimension.questions[0].criteria] == [
        "Known to the teams it concerns",
        "Has a named owner",
    ]
    assert w3c.dimension("communications").questions[0].proof[1].get("fi") == (
        "A way to report barriers"
    )
    assert (samm.model_version, samm.licence) == ("2.0-shaped", "CC0-1.0 (the test's own text)")
