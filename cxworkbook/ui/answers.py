"""A participant's answers to one dimension, drawn the same on the laptop and on a phone: a card
per question (today, and the target where the pack asks it per question; N/A, don't know, a note)
and the dimension's own target level."""

from __future__ import annotations

from typing import Literal

import streamlit as st

from cxworkbook import ops
from cxworkbook.model import Answer, Assessment, Participant, Workbook
from cxworkbook.questionnaire import Dimension, MaturityPack, Question, Text
from cxworkbook.ui.context import lang, t
from cxworkbook.ui.fields import bound
from cxworkbook.ui.layout import side_by_side

SCALE = [1, 2, 3, 4, 5]
Width = Literal["content", "stretch"]


def scale_help(pack: MaturityPack, own: dict[int, Text] | None = None) -> str:
    """What each value means: the question's or dimension's own description where the pack gives
    one, else the general scale's."""
    language = lang()
    lines = []
    for s in pack.scale:
        text = own[s.value] if own and s.value in own else s.description
        lines.append(f"**{s.value} · {s.label.get(language)}** — {text.get(language)}")
    return "\n\n".join(lines)


def chosen_level(question: Question, value: int | None) -> None:
    """The description of the level chosen, under the buttons: what the room just said."""
    own = question.levels.get(value) if value is not None else None
    if own is not None:
        st.caption(f"{value} · {own.get(lang())}")


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
        st.markdown(f"**{number}. {question.text.get(lang())}**")
        if question.help is not None:
            st.caption(question.help.get(lang()))
        with side_by_side():
            for field in fields:
                bound(
                    st.segmented_control,
                    t(f"assessment.{field}"),
                    workbook,
                    (*path, field),
                    options=SCALE,
                    disabled=not answer.counts,
                    help=scale_help(pack, question.levels),
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
            chosen_level(question, answer.current)


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
        bound(
            st.segmented_control,
            t("assessment.dimension_target", dimension=dimension.title.get(lang())),
            workbook,
            (*path, "target"),
            options=SCALE,
            help=scale_help(pack, dimension.levels),
            width=scale_width,
        )
        st.caption(t("assessment.dimension_target_help"))
