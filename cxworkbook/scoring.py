"""Scores of an assessment round: per question, per dimension and overall, with the stage.

Rules, so that every chart and document says the same thing:
- A question's team value is the value the room agreed on after discussing it, if any; otherwise the
  median of the participants' answers (one loud outlier cannot move it); with one participant it is
  simply their answer. N/A and "don't know" answers are left out and counted.
- A dimension's current (or target) is the mean of its questions' team values over the questions
  that have one; its gap is target minus current.
- The overall score is the mean of the dimensions' scores; the stage is the pack's band holding the
  overall current score.
- Spread over participants (median, minimum, maximum, max − min) is given per question and per
  dimension, so a workshop can see where people disagree.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean, median

from cxworkbook.model import Agreed, Answer, Assessment, Participant
from cxworkbook.questionnaire import Dimension, MaturityPack, Stage


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


@dataclass(frozen=True)
class RoundScore:
    questions: list[QuestionScore]
    dimensions: list[DimensionScore]
    current: float | None
    target: float | None
    stage: Stage | None

    @property
    def gap(self) -> float | None:
        return _difference(self.target, self.current)

    def dimension(self, dimension_id: str) -> DimensionScore:
        return next(d for d in self.dimensions if d.dimension_id == dimension_id)

    def largest_gaps(self, count: int = 3) -> list[DimensionScore]:
        """The dimensions furthest from their target, largest first; ties keep the pack's order."""
        with_gap = [d for d in self.dimensions if d.gap is not None and d.gap > 0]
        return sorted(with_gap, key=lambda d: -(d.gap or 0))[:count]


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
    dimension: Dimension, questions: Sequence[QuestionScore], participants: Sequence[Participant]
) -> DimensionScore:
    currents = [v for q in questions if (v := q.value_current) is not None]
    targets = [v for q in questions if (v := q.value_target) is not None]
    per_person_current = [
        m for p in participants if (m := participant_mean(p, dimension, "current")) is not None
    ]
    per_person_target = [
        m for p in participants if (m := participant_mean(p, dimension, "target")) is not None
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
        question_scores += qs
        dimension_scores.append(score_dimension(dimension, qs, participants))
    current = _mean([d.current for d in dimension_scores if d.current is not None])
    target = _mean([d.target for d in dimension_scores if d.target is not None])
    return RoundScore(
        questions=question_scores,
        dimensions=dimension_scores,
        current=current,
        target=target,
        stage=pack.stage_for(current) if current is not None else None,
    )


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
