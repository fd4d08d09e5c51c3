"""Workshop mode: where the participants disagree (the agenda of the discussion), how each role
sees the organisation, and what changed since the previous round.

Rounds made with different versions of a pack are compared on the questions that correspond: the
same question, or one the newer version says `continues` questions of the older. A question added
or dropped never shows up as a change.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from statistics import mean

import pandas as pd

from cxworkbook.model import Answer, Assessment, Workbook
from cxworkbook.questionnaire import MaturityPack
from cxworkbook.scoring import (
    DimensionScore,
    QuestionScore,
    RoundScore,
    Spread,
    answered_questions,
    dimension_value,
    participant_mean,
    score_round,
    shown,
)


def discussion_queue(
    score: RoundScore, minimum_answers: int = 2, limit: int | None = None
) -> list[QuestionScore]:
    """The questions people disagree on, most contested first (ties keep the pack's order), the
    first `limit` of them or all. A question needs answers from at least `minimum_answers`
    participants to be contested."""
    contested = [
        q
        for q in score.questions
        if max(q.current.n, q.target.n) >= minimum_answers and q.disagreement > 0
    ]
    return sorted(contested, key=lambda q: -q.disagreement)[:limit]


def question_labels(pack: MaturityPack, lang: str, limit: int | None = 70) -> dict[str, str]:
    """Each question as "Dimension n: text", or "SM-A1: text" by the pack's own label, its text
    cut to `limit` characters for a chart axis (None: whole, for a heading)."""
    labels = {}
    for dimension in pack.dimensions:
        for number, q in enumerate(dimension.questions, start=1):
            text = q.text.get(lang)
            if limit is not None and len(text) > limit:
                text = text[: limit - 1].rstrip() + "…"
            name = q.label or f"{dimension.title.get(lang)} {number}"
            labels[q.id] = f"{name}: {text}"
    return labels


SPREAD_COLUMNS = ["question_id", "question", "value", "count", "median"]


def spread_table(
    assessment: Assessment, questions: Sequence[QuestionScore], labels: dict[str, str]
) -> pd.DataFrame:
    """Per question and value 1–5, how many participants answered it today, with the median:
    one row per dot of the spread chart, in the order of `questions`."""
    rows = []
    for q in questions:
        values = [
            a.current
            for p in assessment.participants
            if (a := p.answers.get(q.question_id)) is not None and a.counts and a.current
        ]
        for value in sorted(set(values)):
            rows.append(
                [q.question_id, labels[q.question_id], value, values.count(value), q.current.median]
            )
    return pd.DataFrame(rows, columns=SPREAD_COLUMNS)


def noted_answers(assessment: Assessment, question_id: str) -> list[tuple[str, Answer]]:
    """Who wrote a note on the question, with their answer: the reasons behind the spread the
    room discusses. Lowest today first, as the spread chart reads; answers without a value
    today (N/A, don't know) last; ties in the participants' order."""
    noted = [
        (p.name, a)
        for p in assessment.participants
        if (a := p.answers.get(question_id)) is not None and a.note.strip()
    ]
    return sorted(noted, key=lambda pair: _without_today(pair[1]))


def _without_today(answer: Answer) -> tuple[bool, int]:
    """Sorts answers by today's value, those without one after all the others."""
    today = answer.current if answer.counts else None
    return today is None, today or 0


def dimension_spread_table(
    pack: MaturityPack, assessment: Assessment, score: RoundScore, lang: str
) -> pd.DataFrame:
    """The same dots per dimension: each participant's own mean of today's answers in it (to one
    decimal), how many share it, and the median of those means; most spread-out dimension first.
    `score` is the round's (the spreads between participants do not depend on agreed values)."""
    rows = []
    for d in _most_spread_first(score):
        dimension = pack.dimension(d.dimension_id)
        means = [
            shown(m)
            for p in assessment.participants
            if (m := participant_mean(pack, p, dimension, "current")) is not None
        ]
        if len(means) < 2:
            continue
        title = dimension.title.get(lang)
        for value in sorted(set(means)):
            rows.append(
                [d.dimension_id, title, value, means.count(value), d.by_participant_current.median]
            )
    return pd.DataFrame(rows, columns=SPREAD_COLUMNS)


def _most_spread_first(score: RoundScore) -> list[DimensionScore]:
    return sorted(score.dimensions, key=lambda d: -(d.by_participant_current.spread or 0))


SUMMARY_COLUMNS = ["label", "median", "min", "max", "spread"]


def dimension_spread_summary(pack: MaturityPack, score: RoundScore, lang: str) -> pd.DataFrame:
    """The dimension spread chart as a table: per dimension, the median, lowest and highest of the
    participants' own means, and how far apart they are; in the chart's order."""
    return pd.DataFrame(
        [
            [pack.dimension(d.dimension_id).title.get(lang), *_summary(d.by_participant_current)]
            for d in _most_spread_first(score)
        ],
        columns=SUMMARY_COLUMNS,
    )


def queue_summary(questions: Sequence[QuestionScore], labels: dict[str, str]) -> pd.DataFrame:
    """The question spread chart as a table, with the disagreement that orders the queue."""
    return pd.DataFrame(
        [[labels[q.question_id], *_summary(q.current)[:3], q.disagreement] for q in questions],
        columns=SUMMARY_COLUMNS,
    )


def _summary(spread: Spread) -> list[float | None]:
    return [spread.median, spread.min, spread.max, spread.spread]


def progress_table(pack: MaturityPack, assessment: Assessment) -> pd.DataFrame:
    """Who has joined the round, as the room may see them, whether from a phone, and how many
    questions each has answered."""
    return pd.DataFrame(
        [
            [assessment.label(p), bool(p.key), answered_questions(pack, [p])]
            for p in assessment.participants
        ],
        columns=["participant", "phone", "answered"],
    )


ROLE_COLUMNS = ["role", "dimension_id", "dimension", "current"]


def role_table(pack: MaturityPack, assessment: Assessment, lang: str, unnamed: str) -> pd.DataFrame:
    """Each role's own profile (today, per dimension), so executives and the front line can be
    laid over each other. Participants without a role are grouped under `unnamed`."""
    roles: dict[str, list] = {}
    for p in assessment.participants:
        roles.setdefault(assessment.shown_role(p) or unnamed, []).append(p)
    rows = []
    for role, people in roles.items():
        score = score_round(pack, people)
        for d in score.dimensions:
            if d.current is not None:
                title = pack.dimension(d.dimension_id).title.get(lang)
                rows.append([role, d.dimension_id, title, shown(d.current)])
    return pd.DataFrame(rows, columns=ROLE_COLUMNS)


def role_names(table: pd.DataFrame) -> list[str]:
    """The roles of a `role_table`, in the order of `role_numbers`' columns."""
    return sorted(table["role"].unique())


def role_numbers(table: pd.DataFrame) -> pd.DataFrame:
    """A `role_table` as one row per dimension and one column per role, to read with the chart.

    The roles' columns are `role_1`, `role_2`, … in `role_names` order, not the roles themselves:
    a role is whatever a participant typed, "dimension" too."""
    roles = role_names(table)
    order = list(dict.fromkeys(table["dimension"]))  # as `charts.role_chart` lists them
    wide = table.pivot(index="dimension", columns="role", values="current").loc[order, roles]
    wide.columns = [f"role_{number}" for number in range(1, len(roles) + 1)]
    return wide.reset_index()


COMPARE_COLUMNS = ["dimension_id", "dimension", "current", "target", "gap", "shared"]


def rounds_table(workbook: Workbook) -> pd.DataFrame:
    """The workbook's rounds, oldest first: id, date, pack version and how many took part."""
    return pd.DataFrame(
        [
            {
                "round": a.id,
                "date": a.date,
                "version": f"{a.questionnaire.id} v{a.questionnaire.version}",
                "participants": len(a.participants),
            }
            for a in workbook.assessments
        ]
    )


def links(newer: MaturityPack, older: MaturityPack) -> list[tuple[str, str]]:
    """Pairs (question of `newer`, question of `older`) that ask the same thing: the questions a
    newer question `continues`, else the same id in both."""
    older_ids = older.question_ids
    pairs = []
    for _, q in newer.questions:
        earlier = [c for c in q.continues if c in older_ids] or (
            [q.id] if q.id in older_ids else []
        )
        pairs += [(q.id, e) for e in earlier]
    return pairs


def corresponding(current: MaturityPack, previous: MaturityPack) -> dict[str, list[str]]:
    """For each question of `current` that has a counterpart in `previous`, its counterparts."""
    if current.version >= previous.version:
        pairs = links(current, previous)
    else:
        pairs = [(old, new) for new, old in links(previous, current)]
    found: dict[str, list[str]] = {}
    for mine, theirs in pairs:
        found.setdefault(mine, []).append(theirs)
    return found


def _compared(
    current: RoundScore, previous: RoundScore, counterparts: dict[str, list[str]]
) -> dict[str, tuple[float, float]]:
    """Per question of the current round with counterparts: (earlier value, value now). Several
    earlier questions merged into one are compared through the mean of their values."""
    earlier = {q.question_id: q.value_current for q in previous.questions}
    pairs = {}
    for q in current.questions:
        values = [
            v for e in counterparts.get(q.question_id, []) if (v := earlier.get(e)) is not None
        ]
        if values and q.value_current is not None:
            pairs[q.question_id] = (mean(values), q.value_current)
    return pairs


def _side(compared: dict[str, tuple[float, float]], question_id: str, side: int) -> float | None:
    pair = compared.get(question_id)
    return None if pair is None else pair[side]


def compare_rounds(
    previous: RoundScore,
    previous_pack: MaturityPack,
    current: RoundScore,
    current_pack: MaturityPack,
    lang: str,
) -> pd.DataFrame:
    """Today's value per dimension in the previous round and in this one, and the change, over the
    questions that correspond between the two pack versions, rolled up by this round's pack's
    rules. The columns follow
    `tables.dimension_table` ("current" is the previous round, "target" this one, "gap" the
    change) so the gap chart can draw it."""
    counterparts = corresponding(current_pack, previous_pack)
    compared = _compared(current, previous, counterparts)
    rows = []
    for dimension in current_pack.dimensions:
        if not any(q.id in compared for q in dimension.questions):
            continue
        old, new = (
            shown(dimension_value(current_pack, dimension, partial(_side, compared, side=side)))
            for side in (0, 1)
        )
        if old is None or new is None:
            continue
        count = sum(1 for q in dimension.questions if q.id in counterparts)
        rows.append([dimension.id, dimension.title.get(lang), old, new, round(new - old, 1), count])
    table = pd.DataFrame(rows, columns=COMPARE_COLUMNS)
    return table.sort_values("gap", ascending=False, kind="stable").reset_index(drop=True)


def improved_and_slipped(table: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The dimensions of a `compare_rounds` table that improved since the earlier round, and
    those that slipped, each as the table orders them."""
    return (
        table.loc[table["gap"] > 0, "dimension"].tolist(),
        table.loc[table["gap"] < 0, "dimension"].tolist(),
    )
