"""The app's pages, from the step registry, for the menu and for every link between pages."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from cxworkbook.errors import StoreError
from cxworkbook.steps import HOME, STEPS, Step, step, steps_of
from cxworkbook.ui.context import WORKBOOK_KEY, lang, packs, store, t
from cxworkbook.yamlio import FileProblems

MENU_KEY = "_menu"
PARTICIPANT_PAGE = "app_pages/participant.py"  # not a step: a phone's page, outside the menu


def menu_pages(steps: tuple[Step, ...] = STEPS) -> list[st.Page]:
    """The menu of a workshop with `steps`, made once per session, language and steps:
    `st.Page` looks its script up on disk, which took a twentieth of a short page's run. Kept in
    the session, not shared between sessions, as `st.navigation` marks the page it returns as
    the one to run."""
    made = st.session_state.setdefault(MENU_KEY, {})
    key = (lang(), tuple(s.id for s in steps))
    if key not in made:
        made[key] = [
            st.Page(s.page, title=t(f"nav.{s.id}"), icon=s.icon, default=s is HOME)
            for s in (HOME, *steps)
        ]
    return made[key]


def open_steps() -> tuple[Step, ...]:
    """The steps of the open workbook's workshop, as its pack names them; every step where
    there is no workbook or no pack to ask (the page then says why)."""
    opened = st.session_state.get(WORKBOOK_KEY) or st.query_params.get(WORKBOOK_KEY)
    if not opened:
        return STEPS
    try:
        ref = store().read(opened).current_round.questionnaire
        return steps_of(packs().get(ref.id, ref.version))
    except (KeyError, StoreError, FileProblems):
        return STEPS


def participant_pages() -> list[st.Page]:
    """A phone's pages: the participant view, at the app's address and at the address of every
    page of the menu, so that a link to any other page shows the join page, not "page not
    found"."""
    title, icon = t("room.title"), ":material/groups:"
    return [
        st.Page(PARTICIPANT_PAGE, title=title, icon=icon, default=True),
        *(
            st.Page(PARTICIPANT_PAGE, title=title, icon=icon, url_path=Path(s.page).stem)
            for s in STEPS
        ),
    ]


def link_to(
    page: str,
    *,
    label: str | None = None,
    icon: str | None = None,
    where: DeltaGenerator | None = None,
) -> None:
    """A link to the page, named and drawn as in the menu unless told otherwise."""
    target = step(page)
    (where or st).page_link(target.page, label=label or t(f"nav.{page}"), icon=icon or target.icon)
