"""Scores of an assessment round: per question, per stream, per dimension, per area and overall.

Rules, so that every chart and document says the same thing:
- A question's team value is the value the room agreed on after discussing it, if any; otherwise
  the participants' answers by the pack's `team` rule: the lower median (always one of the
  options) or the median (one loud outlier moves neither); with one participant it is simply
  their answer. N/A and "don't know" answers are left out and counted.
- Questions roll up into their stream (where the dimension has streams), streams or questions
  into their dimension, dimensions into their area (where the pack has areas) and those into the
  overall score, each by the pack's rule for that level: the mean or the sum. A question nobody
  answered is left out, or counts as the pack's `unanswered` value.
- A dimension's target rolls up the same way from the questions' targets, or, where the pack asks
  the target per dimension, it is the team value of the dimension's own target (stored as the
  answer keyed by the dimension's id). The gap is target minus current.
- The overall level is the scale's level nearest to the score as shown (2,6 → 3), so the level
  and the shown score never disagree.
- A development stage is suggested only when the answers show its pattern: every one of its signs
  holds on the values as shown. Otherwise none is; the team places itself.
- Spread over participants (median, minimum, maximum, max − min) is given per question and per
  dimension, so a workshop can see where people disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from statistics import fmean, median, median_low

from cxworkbook.model import Agreed, Answer, Assessment, Participant
from cxworkbook.questionnaire import Dimension, MaturityPack, RollUp, Stage


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
    team_current: float | None = None
    team_target: float | None = None

    @property
    def value_current(self) -> float | None:
        """The team's value: the one the room agreed on, else the pack's rule over the answers."""
        return self.agreed_current if self.agreed_current is not None else self.team_current

    @property
    def value_target(self) -> float | None:
        return self.agreed_target if self.agreed_target is not None else self.team_target

    @property
    def gap(self) -> float | None:
        return _difference(self.value_target, self.value_current)

    @property
    def disagreement(self) -> float:
        """How far apart the participants are: the larger of the two spreads (0 if unknown)."""
        return max(self.current.spread or 0.0, self.target.spread or 0.0)


@dataclass(frozen=True)
class PartScore:
    """The rolled-up score of a stream of a dimension or of an area of dimensions."""

    id: str
    current: float | None
    target: float | None


@dataclass(frozen=True)
class DimensionScore:
    dimension_id: str
    current: float | None
    target: float | None
    questions: int
    answered: int
    by_participant_current: Spread
    by_participant_target: Spread
    streams: tuple[PartScore, ...] = ()

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
    areas: tuple[PartScore, ...] = ()

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


def team_value(values: Sequence[float], rule: str) -> float | None:
    """The team's value of a question from its answers, by the pack's rule."""
    if not values:
        return None
    return median_low(values) if rule == "lower-median" else median(values)


def roll_up(rule: RollUp, values: Sequence[float]) -> float | None:
    if not values:
        return None
    return float(sum(values)) if rule == "sum" else fmean(values)


def score_question(
    question_id: str,
    dimension_id: str,
    participants: Sequence[Participant],
    agreed: Agreed | None = None,
    rule: str = "median",
) -> QuestionScore:
    answers = [p.answers.get(question_id) for p in participants]
    current, target = _values(answers, "current"), _values(answers, "target")
    return QuestionScore(
        question_id=question_id,
        dimension_id=dimension_id,
        current=Spread.of(current),
        target=Spread.of(target),
        na=sum(1 for a in answers if a is not None and a.na),
        dont_know=sum(1 for a in answers if a is not None and a.dont_know and not a.na),
        agreed_current=None if agreed is None or agreed.current is None else float(agreed.current),
        agreed_target=None if agreed is None or agreed.target is None else float(agreed.target),
        team_current=team_value(current, rule),
        team_target=team_value(target, rule),
    )


ValueOf = Callable[[str], float | None]


def _counted(pack: MaturityPack, values: Sequence[float | None]) -> list[float]:
    """The values a roll-up takes: an unanswered question left out, or as the pack counts it."""
    fill = pack.scoring.unanswered
    if fill == "skip":
        return [v for v in values if v is not None]
    return [float(fill) if v is None else v for v in values]


def stream_values(
    pack: MaturityPack, dimension: Dimension, value_of: ValueOf
) -> list[tuple[str, float | None]]:
    """Each stream of `dimension` with its questions' values rolled up."""
    return [
        (
            stream.id,
            roll_up(
                pack.scoring.stream_roll_up,
                _counted(
                    pack, [value_of(q.id) for q in dimension.questions if q.stream == stream.id]
                ),
            ),
        )
        for stream in dimension.streams
    ]


def dimension_value(pack: MaturityPack, dimension: Dimension, value_of: ValueOf) -> float | None:
    """A dimension's score from the values `value_of` gives its questions, by the pack's rules."""
    rule = pack.scoring.dimension_roll_up
    if dimension.streams:
        streams = [v for _, v in stream_values(pack, dimension, value_of) if v is not None]
        return roll_up(rule, streams)
    return roll_up(rule, _counted(pack, [value_of(q.id) for q in dimension.questions]))


def _answer_of(participant: Participant, field: str) -> ValueOf:
    def value(question_id: str) -> float | None:
        found = _values([participant.answers.get(question_id)], field)
        return found[0] if found else None

    return value


def participant_mean(
    pack: MaturityPack, participant: Participant, dimension: Dimension, field: str
) -> float | None:
    """One participant's own score of `field` ("current" or "target") in a dimension."""
    return dimension_value(pack, dimension, _answer_of(participant, field))


def score_dimension(
    pack: MaturityPack,
    dimension: Dimension,
    questions: Sequence[QuestionScore],
    participants: Sequence[Participant],
    own_target: QuestionScore | None = None,
) -> DimensionScore:
    """A dimension's scores from its questions'; `own_target` is the dimension's own target where
    the pack asks the target per dimension."""
    by_id = {q.question_id: q for q in questions}

    def current_of(question_id: str) -> float | None:
        return by_id[question_id].value_current

    def target_of(question_id: str) -> float | None:
        return by_id[question_id].value_target

    if own_target is None:
        target = dimension_value(pack, dimension, target_of)
        per_person_target = [
            m
            for p in participants
            if (m := participant_mean(pack, p, dimension, "target")) is not None
        ]
        stream_targets = dict(stream_values(pack, dimension, target_of))
    else:
        target = own_target.value_target
        per_person_target = _values([p.answers.get(dimension.id) for p in participants], "target")
        stream_targets = {}
    per_person_current = [
        m
        for p in participants
        if (m := participant_mean(pack, p, dimension, "current")) is not None
    ]
    return DimensionScore(
        dimension_id=dimension.id,
        current=dimension_value(pack, dimension, current_of),
        target=target,
        questions=len(dimension.questions),
        answered=sum(1 for q in questions if q.value_current is not None),
        by_participant_current=Spread.of(per_person_current),
        by_participant_target=Spread.of(per_person_target),
        streams=tuple(
            PartScore(stream_id, value, stream_targets.get(stream_id))
            for stream_id, value in stream_values(pack, dimension, current_of)
        ),
    )


def _overall(
    pack: MaturityPack, dimensions: Sequence[DimensionScore]
) -> tuple[tuple[PartScore, ...], float | None, float | None]:
    """The areas' scores and the overall current and target, rolled up from the dimensions."""
    rules = pack.scoring
    by_id = {d.dimension_id: d for d in dimensions}

    def rolled(
        rule: RollUp, parts: Sequence[DimensionScore | PartScore], field: str
    ) -> float | None:
        return roll_up(rule, [v for p in parts if (v := getattr(p, field)) is not None])

    areas = tuple(
        PartScore(
            area.id,
            rolled(rules.area_roll_up, [by_id[i] for i in area.dimensions], "current"),
            rolled(rules.area_roll_up, [by_id[i] for i in area.dimensions], "target"),
        )
        for area in pack.areas
    )
    parts: Sequence[DimensionScore | PartScore] = areas or dimensions
    return (
        areas,
        rolled(rules.overall_roll_up, parts, "current"),
        rolled(rules.overall_roll_up, parts, "target"),
    )


def score_round(
    pack: MaturityPack,
    participants: Sequence[Participant],
    agreed: Mapping[str, Agreed] | None = None,
) -> RoundScore:
    """Score the given participants' answers (one person, or the whole team) against `pack`;
    values the room `agreed` on take the place of the team rule's for their questions."""
    agreed = agreed or {}
    rule = pack.scoring.team
    question_scores: list[QuestionScore] = []
    dimension_scores: list[DimensionScore] = []
    for dimension in pack.dimensions:
        qs = [
            score_question(q.id, dimension.id, participants, agreed.get(q.id), rule)
            for q in dimension.questions
        ]
        own_target = None
        if pack.targets == "dimension":
            own_target = score_question(
                dimension.id, dimension.id, participants, agreed.get(dimension.id), rule
            )
        question_scores += qs
        dimension_scores.append(score_dimension(pack, dimension, qs, participants, own_target))
    areas, current, target = _overall(pack, dimension_scores)
    partial = RoundScore(question_scores, dimension_scores, current, target, None, areas)
    stage = suggested_stage(pack, partial)
    return RoundScore(question_scores, dimension_scores, current, target, stage, areas)


def sign_value(score: RoundScore, about: str) -> float | None:
    """The team's value today, as shown, of a dimension or a question a sign is about, or of
    the whole where it names neither."""
    if not about:
        return shown(score.current)
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


def answers_off_options(pack: MaturityPack, assessment: Assessment) -> list[tuple[str, float]]:
    """Every (question id, value) answered or agreed that the question's options do not offer,
    sorted: a file edited by hand, or a pack whose options changed without a new version. Such a
    value still counts; the page names it so that it is put right."""
    questions = {q.id: q for _, q in pack.questions}
    allowed: dict[str, set[float]] = {
        key: {o.value for o in pack.options(questions.get(key))}
        for key in (*questions, *(d.id for d in pack.dimensions))
    }
    entries: list[Answer | Agreed] = [
        a for p in assessment.participants for a in p.answers.values()
    ]
    keys = [k for p in assessment.participants for k in p.answers]
    entries += list(assessment.agreed.values())
    keys += list(assessment.agreed)
    return sorted(
        {
            (key, value)
            for key, entry in zip(keys, entries, strict=True)
            if key in allowed
            for value in (entry.current, entry.target)
            if value is not None and value not in allowed[key]
        }
    )
