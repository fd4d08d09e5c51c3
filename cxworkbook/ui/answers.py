"""A participant's answers to one dimension, drawn the same on the laptop and on a phone: a card
per question (today, and the target where the pack asks it per question; N/A, don't know, a note)
and the dimension's own target level."""

from __future__ import annotations

from typing import Literal

import streamlit as st

from cxworkbook import ops
from cxworkbook.model import Answer, Assessment, Participant, Workbook
from cxworkbook.questionnaire import Dimension, MaturityPack, Option, Question, Text
from cxworkbook.ui.context import lang, t
from cxworkbook.ui.fields import bound
from cxworkbook.ui.layout import side_by_side

Width = Literal["content", "stretch"]


def value_text(value: float) -> str:
    return f"{value:g}"


def option_help(options: list[Option], own: dict[int, Text] | None = None) -> str:
    """What each answer means: the question's or dimension's own description of a value where
    the pack gives one, else the option's."""
    language = lang()
    lines = []
    for o in options:
        text = own.get(int(o.value)) if own and float(o.value).is_integer() else None
        text = text or o.description
        line = f"**{value_text(o.value)} · {o.label.get(language)}**"
        lines.append(line + (f" — {text.get(language)}" if text else ""))
    return "\n\n".join(lines)


def answer_buttons(
    label: str,
    workbook: Workbook,
    path: tuple[str, ...],
    pack: MaturityPack,
    question: Question | None,
    own: dict[int, Text] | None = None,
    **options: object,
) -> None:
    """The answers a question offers as buttons bound to `path`: the values in a row where it is
    rated on the pack's scale, the options' words where it has options of its own, wrapping onto
    more lines where they are long (a row would run out of a card on a projector)."""
    choices = pack.options(question)
    labels = {o.value: o.label.get(lang()) for o in choices}
    words = question is not None and question.options is not None
    bound(
        st.pills if words else st.segmented_control,
        label,
        workbook,
        path,
        options=[o.value for o in choices],
        format_func=labels.__getitem__ if words else value_text,
        help=option_help(choices, own),
        **options,
    )


def chosen_level(pack: MaturityPack, question: Question, value: float | None) -> None:
    """What the answer chosen says, under the buttons: what the room just said."""
    if value is None:
        return
    own = question.levels.get(int(value)) if float(value).is_integer() else None
    option = pack.option(question, value)
    text = own or (option.description if option is not None else None)
    if text is not None:
        st.caption(f"{value_text(value)} · {text.get(lang())}")


def evidence(question: Question) -> str:
    """The question's quality criteria and proof points as a list, or ""."""
    language = lang()
    lines = [f"- {c.get(language)}" for c in question.criteria]
    lines = ([f"**{t('assessment.criteria')}**", *lines] if lines else []) + (
        [f"**{t('assessment.proof')}**", *[f"- {p.get(language)}" for p in question.proof]]
        if question.proof
        else []
    )
    return "\n".join(lines)


def question_heading(question: Question, number: int | None = None) -> str:
    """ "3. SM-A1 · The question's text", with the pack's own label where it has one."""
    parts = [f"{number}." if number is not None else "", question.label or ""]
    prefix = " ".join(p for p in parts if p)
    text = question.text.get(lang())
    if question.label:
        return f"{prefix} · {text}"
    return f"{prefix} {text}".strip()


def stream_heading(dimension: Dimension, question: Question, number: int, level: int = 3) -> None:
    """Above the first question of each of the dimension's streams, the stream's name, as a
    heading of `level` under the dimension's."""
    previous = dimension.questions[number - 2].stream if number > 1 else None
    if question.stream is None or question.stream == previous:
        return
    stream = next(s for s in dimension.streams if s.id == question.stream)
    label = f"{stream.label} · " if stream.label else ""
    st.markdown(f"{'#' * level} {label}{stream.title.get(lang())}")


def question_card(
    workbook: Workbook,
    assessment: Assessment,
    participant: Participant,
    pack: MaturityPack,
    number: int,
    question: Question,
    *,
    scale_width: Width = "content",
) -> None:
    """One question's card; `scale_width="stretch"` spreads the 1–5 buttons over a phone's
    width, for a thumb."""
    answer = participant.answers.get(question.id, Answer())
    path = ops.answer_path(assessment.id, participant.id, question.id)
    fields = ("current", "target") if pack.targets == "question" else ("current",)
    with st.container(border=True, key=f"card_{question.id.replace('.', '_')}"):
        st.markdown(f"**{question_heading(question, number)}**")
        if question.help is not None:
            st.caption(question.help.get(lang()))
        if question.criteria or question.proof:
            st.caption(evidence(question))
        with side_by_side():
            for field in fields:
                answer_buttons(
                    t(f"assessment.{field}"),
                    workbook,
                    (*path, field),
                    pack,
                    question,
                    question.levels,
                    disabled=not answer.counts,
                    width=scale_width,
                )
            with side_by_side(width="content"):
                for field in ("na", "dont_know"):
                    bound(
                        st.checkbox,
                        t(f"assessment.{field}"),
                        workbook,
                        (*path, field),
                        help=t(f"assessment.{field}_help"),
                    )
            bound(
                st.text_input,
                t("assessment.note"),
                workbook,
                (*path, "note"),
                placeholder=t("assessment.note_placeholder"),
                max_chars=2000,
            )
        if answer.counts:
            chosen_level(pack, question, answer.current)


def dimension_target(
    workbook: Workbook,
    assessment: Assessment,
    participant: Participant,
    pack: MaturityPack,
    dimension: Dimension,
    *,
    scale_width: Width = "content",
) -> None:
    """The target level of a whole dimension, where the pack asks targets per dimension."""
    path = ops.answer_path(assessment.id, participant.id, dimension.id)
    with st.container(border=True, key=f"target_{dimension.id}"):
        answer_buttons(
            t("assessment.dimension_target", dimension=dimension.title.get(lang())),
            workbook,
            (*path, "target"),
            pack,
            None,
            dimension.levels,
            width=scale_width,
        )
        st.caption(t("assessment.dimension_target_help"))
