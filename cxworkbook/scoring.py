"""Scores of an assessment round: per question, per dimension and overall.

Rules, so that every chart and document says the same thing:
- A question's team value is the value the room agreed on after discussing it, if any; otherwise the
  median of the participants' answers (one loud outlier cannot move it); with one participant it is
  simply their answer. N/A and "don't know" answers are left out and counted.
- A dimension's current is the mean of its questions' team values over the questions that have
  one. Its target is the same mean of the questions' targets, or, where the pack asks the target
  per dimension, the team value of the dimension's own target (stored as the answer keyed by the
  dimension's id). The gap is target minus current.
- The overall score is the mean of the dimensions' scores; its level is the scale's level nearest
  to the score as shown (2,6 → 3), so the level and the shown score never disagree.
- A development stage is suggested only when the answers show its pattern: every one of its signs
  holds on the values as shown. Otherwise none is; the team places itself.
- Spread over participants (median, minimum, maximum, max − min) is given per question and per
  dimension, so a workshop can see where people disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from statistics import fmean, median

from cxworkbook.model import Agreed, Answer, Assessment, Participant
from cxworkbook.questionnaire import Dimension, MaturityPack, Stage


def shown(value: float | None) -> float | None:
    """A score as shown to people: one decimal, halves rounded up (2.25 -> 2.3, as by hand)."""
    if value is None:
        return None
    return float(Decimal(repr(float(value))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def shown_gap(target: float | None, current: float | None) -> float | None:
    """The gap between the shown target and current, so "2,1 → 4,0" is never labelled 1,8."""
    t, c = shown(target), shown(current)
    return None if t is None or c is None else round(t - c, 1)


def nearest_level(value: float | None) -> int | None:
    """The whole level nearest to a score as shown: 2,5 and 2,6 are 3, 2,4 is 2."""
    value = shown(value)
    if value is None:
        return None
    return int(Decimal(repr(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class Spread:
    """How the participants' values of one thing are spread."""

    n: int
    median: float | None
    min: float | None
    max: float | None

    @property
    def spread(self) -> float | None:
        return None if self.min is None or self.max is None else self.max - self.min

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        if not values:
            return cls(n=0, median=None, min=None, max=None)
        return cls(n=len(values), median=median(values), min=min(values), max=max(values))


def _difference(target: float | None, current: float | None) -> float | None:
    return None if target is None or current is None else target - current


def _mean(values: Sequence[float]) -> float | None:
    return fmean(values) if values else None


@dataclass(frozen=True)
class QuestionScore:
    question_id: str
    dimension_id: str
    current: Spread
    target: Spread
    na: int
    dont_know: int = 0
    agreed_current: float | None = None
    agreed_target: float | None = None

    @property
    def value_current(self) -> float | None:
        """The team's value: the one the room agreed on, else the participants' median."""
        return self.agreed_current if self.agreed_current is not None else self.current.median

    @property
    def value_target(self) -> float | None:
        return self.agreed_target if self.agreed_target is not None else self.target.median

    @property
    def gap(self) -> float | None:
        return _difference(self.value_target, self.value_current)

    @property
    def disagreement(self) -> float:
        """How far apart the participants are: the larger of the two spreads (0 if unknown)."""
        return max(self.current.spread or 0.0, self.target.spread or 0.0)


@dataclass(frozen=True)
class DimensionScore:
    dimension_id: str
    current: float | None
    target: float | None
    questions: int
    answered: int
    by_participant_current: Spread
    by_participant_target: Spread

    @property
    def gap(self) -> float | None:
        return _difference(self.target, self.current)

    @property
    def shown_gap(self) -> float | None:
        return shown_gap(self.target, self.current)


@dataclass(frozen=True)
class RoundScore:
    questions: list[QuestionScore]
    dimensions: list[DimensionScore]
    current: float | None
    target: float | None
    stage: Stage | None
    """The development stage whose pattern the answers show, if any."""

    @property
    def gap(self) -> float | None:
        return _difference(self.target, self.current)

    @property
    def level(self) -> int | None:
        """The scale's level nearest to the overall score as shown."""
        return nearest_level(self.current)

    def dimension(self, dimension_id: str) -> DimensionScore:
        return next(d for d in self.dimensions if d.dimension_id == dimension_id)

    def question(self, question_id: str) -> QuestionScore | None:
        return next((q for q in self.questions if q.question_id == question_id), None)

    def largest_gaps(self, count: int = 3) -> list[DimensionScore]:
        """The dimensions furthest from their target as the gaps are shown, largest first; ties
        keep the pack's order."""
        with_gap = [d for d in self.dimensions if (d.shown_gap or 0) > 0]
        return sorted(with_gap, key=lambda d: -(d.shown_gap or 0))[:count]


def _values(answers: Sequence[Answer | None], field: str) -> list[float]:
    return [
        float(v)
        for a in answers
        if a is not None and a.counts and (v := getattr(a, field)) is not None
    ]


def score_question(
    question_id: str,
    dimension_id: str,
    participants: Sequence[Participant],
    agreed: Agreed | None = None,
) -> QuestionScore:
    answers = [p.answers.get(question_id) for p in participants]
    return QuestionScore(
        question_id=question_id,
        dimension_id=dimension_id,
        current=Spread.of(_values(answers, "current")),
        target=Spread.of(_values(answers, "target")),
        na=sum(1 for a in answers if a is not None and a.na),
        dont_know=sum(1 for a in answers if a is not None and a.dont_know and not a.na),
        agreed_current=None if agreed is None or agreed.current is None else float(agreed.current),
        agreed_target=None if agreed is None or agreed.target is None else float(agreed.target),
    )


def participant_mean(participant: Participant, dimension: Dimension, field: str) -> float | None:
    """One participant's own mean of `field` ("current" or "target") in a dimension."""
    answers = [participant.answers.get(q.id) for q in dimension.questions]
    return _mean(_values(answers, field))


def score_dimension(
    dimension: Dimension,
    questions: Sequence[QuestionScore],
    participants: Sequence[Participant],
    own_target: QuestionScore | None = None,
) -> DimensionScore:
    """A dimension's scores from its questions'; `own_target` is the dimension's own target where
    the pack asks the target per dimension."""
    currents = [v for q in questions if (v := q.value_current) is not None]
    if own_target is None:
        targets = [v for q in questions if (v := q.value_target) is not None]
        per_person_target = [
            m for p in participants if (m := participant_mean(p, dimension, "target")) is not None
        ]
    else:
        targets = [] if own_target.value_target is None else [own_target.value_target]
        per_person_target = _values([p.answers.get(dimension.id) for p in participants], "target")
    per_person_current = [
        m for p in participants if (m := participant_mean(p, dimension, "current")) is not None
    ]
    return DimensionScore(
        dimension_id=dimension.id,
        current=_mean(currents),
        target=_mean(targets),
        questions=len(dimension.questions),
        answered=len(currents),
        by_participant_current=Spread.of(per_person_current),
        by_participant_target=Spread.of(per_person_target),
    )


def score_round(
    pack: MaturityPack,
    participants: Sequence[Participant],
    agreed: Mapping[str, Agreed] | None = None,
) -> RoundScore:
    """Score the given participants' answers (one person, or the whole team) against `pack`;
    values the room `agreed` on take the place of the median for their questions."""
    agreed = agreed or {}
    question_scores: list[QuestionScore] = []
    dimension_scores: list[DimensionScore] = []
    for dimension in pack.dimensions:
        qs = [
            score_question(q.id, dimension.id, participants, agreed.get(q.id))
            for q in dimension.questions
        ]
        own_target = None
        if pack.targets == "dimension":
            own_target = score_question(
                dimension.id, dimension.id, participants, agreed.get(dimension.id)
            )
        question_scores += qs
        dimension_scores.append(score_dimension(dimension, qs, participants, own_target))
    current = _mean([d.current for d in dimension_scores if d.current is not None])
    target = _mean([d.target for d in dimension_scores if d.target is not None])
    partial = RoundScore(question_scores, dimension_scores, current, target, stage=None)
    return RoundScore(
        question_scores, dimension_scores, current, target, stage=suggested_stage(pack, partial)
    )


def sign_value(score: RoundScore, about: str) -> float | None:
    """The team's value today, as shown, of a dimension or a question a sign is about."""
    question = score.question(about)
    if question is not None:
        return shown(question.value_current)
    dimension = next((d for d in score.dimensions if d.dimension_id == about), None)
    return None if dimension is None else shown(dimension.current)


def suggested_stage(pack: MaturityPack, score: RoundScore) -> Stage | None:
    """The furthest stage along the path whose signs all hold, or None: a stage is offered only
    where the answers really show its pattern."""
    matching = [
        stage
        for stage in pack.stages
        if stage.signs and all(s.holds(sign_value(score, s.about)) for s in stage.signs)
    ]
    return matching[-1] if matching else None


def answers_hidden(assessment: Assessment) -> bool:
    """Whether the round's answers are hidden from the room: with several participants nobody
    sees the others' answers, or any figure made from them, until the facilitator reveals them
    to everyone at once, so that nobody anchors on the boss. (Before anyone answers there is
    nothing to hide.)"""
    people = assessment.participants
    return len(people) > 1 and not assessment.revealed and any(p.answers for p in people)


def team_score(pack: MaturityPack, assessment: Assessment) -> RoundScore | None:
    """The whole team's result of a round, agreed values included, as every page and export may
    show it: None while the answers are hidden."""
    if answers_hidden(assessment):
        return None
    return score_round(pack, assessment.participants, assessment.agreed)


def score_participant(pack: MaturityPack, participant: Participant) -> RoundScore:
    """One participant's own result, as the results view shows it when chosen."""
    return score_round(pack, [participant])


def answered_questions(pack: MaturityPack, participants: Sequence[Participant]) -> int:
    """How many of the pack's questions at least one participant has answered (or marked N/A)."""
    return sum(
        1
        for _, q in pack.questions
        if any(p.answers.get(q.id, Answer()).is_answered for p in participants)
    )


def dimension_answered(participant: Participant, dimension: Dimension) -> int:
    """How many of the dimension's questions this participant has answered (or marked N/A)."""
    return sum(
        1 for q in dimension.questions if participant.answers.get(q.id, Answer()).is_answered
    )


def answers_outside(pack: MaturityPack, assessment: Assessment) -> list[str]:
    """The ids that participants' answers (or agreed values) name but the pack has no question or
    dimension for, sorted: a pack edited without raising its version. They stay in the file but
    count nowhere, so the page says so rather than dropping them in silence."""
    known = pack.question_ids | {d.id for d in pack.dimensions}
    named = {key for p in assessment.participants for key in p.answers} | set(assessment.agreed)
    return sorted(named - known)
