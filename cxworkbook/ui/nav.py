"""The app's pages, from the step registry, for the menu and for every link between pages."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from cxworkbook.steps import HOME, STEPS, step
from cxworkbook.ui.context import lang, t

MENU_KEY = "_menu"
PARTICIPANT_PAGE = "app_pages/participant.py"  # not a step: a phone's page, outside the menu


def menu_pages() -> list[st.Page]:
    """The menu, made once per session and language: `st.Page` looks its script up on disk,
    which took a twentieth of a short page's run. Kept in the session, not shared between
    sessions, as `st.navigation` marks the page it returns as the one to run."""
    made = st.session_state.setdefault(MENU_KEY, {})
    language = lang()
    if language not in made:
        made[language] = [
            st.Page(s.page, title=t(f"nav.{s.id}"), icon=s.icon, default=s is HOME)
            for s in (HOME, *STEPS)
        ]
    return made[language]


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
