"""The start of every page: the open workbook and its questionnaire, or why there is none."""

from __future__ import annotations

import streamlit as st

from cxworkbook.errors import WorkbookNotFound
from cxworkbook.model import Assessment, Workbook
from cxworkbook.questionnaire import MaturityPack
from cxworkbook.tables import workshop_words
from cxworkbook.ui.context import lang, packs, store, t, workbook_id
from cxworkbook.ui.nav import link_to
from cxworkbook.ui.text import md
from cxworkbook.yamlio import FileProblems


def current_workbook() -> Workbook | None:
    """The open workbook as stored now, for showing only (every change is an operation); None
    (with the reason shown) if it cannot be read."""
    opened = workbook_id()
    if not opened:
        return None
    try:
        return store().read(opened)
    except WorkbookNotFound:
        return None
    except FileProblems as exc:
        st.error(md(t("errors.workbook_unreadable", problems=str(exc))), icon=":material/error:")
        return None


def pack_for(assessment: Assessment) -> MaturityPack | None:
    """The pack an assessment round was made with, or None (with the reason shown)."""
    ref = assessment.questionnaire
    try:
        return packs().get(ref.id, ref.version)
    except KeyError:
        st.error(t("errors.pack_missing", pack=ref.id, version=ref.version))
        return None


def open_step(step_id: str, *, intro: bool = True) -> tuple[Workbook, MaturityPack]:
    """A step page's heading (and its introduction, `<step>.intro`) and its open workbook with
    the questionnaire of its current round; without either, the page says why and stops."""
    workbook = current_workbook()
    st.title(t(f"steps.{step_id}.title"))
    if workbook is None:
        st.info(t("frame.open_first"))
        link_to("home")
        st.stop()
    st.caption(md(f"{workbook.meta.organisation} · {workbook.meta.title}"))
    pack = pack_for(workbook.current_round)
    if pack is None:
        st.stop()
    if intro:
        st.markdown(t(f"{step_id}.intro", **workshop_words(pack, lang())))
    return workbook, pack
