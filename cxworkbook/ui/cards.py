"""Cards that several pages show the same way: the place on the development path, a largest gap
with what to do next, and what stands where results would while the answers are hidden."""

from __future__ import annotations

import streamlit as st

from cxworkbook.model import Assessment
from cxworkbook.questionnaire import MaturityPack, Stage
from cxworkbook.scoring import DimensionScore, shown_gap
from cxworkbook.tables import gap_text, score_text
from cxworkbook.ui.context import lang, t


def stage_path(pack: MaturityPack, stage_id: str | None) -> str:
    """The stages of the path in order, the given one in bold (Markdown)."""
    language = lang()
    return " → ".join(
        f"**{s.label.get(language)}**" if s.id == stage_id else s.label.get(language)
        for s in pack.stages
    )


def gap_heading(pack: MaturityPack, number: int, gap: DimensionScore) -> str:
    """ "**1. Customer data** · today 2,1 → target 4,0 (gap +1,9)" (Markdown)."""
    language = lang()
    return t(
        "results.gap_line",
        number=number,
        title=pack.dimension(gap.dimension_id).title.get(language),
        current=score_text(gap.current, language),
        target=score_text(gap.target, language),
        gap=gap_text(shown_gap(gap.target, gap.current), language),
    )


def next_steps_list(pack: MaturityPack, dimension_id: str) -> str:
    """A dimension's next steps from its pack, as a Markdown list."""
    language = lang()
    return "\n".join(f"- {step.get(language)}" for step in pack.dimension(dimension_id).next_steps)


def hidden_note(assessment: Assessment) -> None:
    """Where a page would show the team's scores while the answers are still hidden."""
    st.info(
        t("workshop.hidden_elsewhere", count=len(assessment.participants)),
        icon=":material/visibility_off:",
    )


def stage_advice(stage: Stage) -> None:
    """A stage's trap to avoid and its next steps, where the pack gives them."""
    language = lang()
    if stage.trap is not None:
        st.warning(t("results.trap", trap=stage.trap.get(language)), icon=":material/warning:")
    if stage.next_steps:
        lines = [f"- {step.get(language)}" for step in stage.next_steps]
        st.markdown("\n".join([f"**{t('results.stage_next_steps')}**", *lines]))
