"""The app's pages in one table, for the menu and for every link from one page to another."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from cxworkbook.ui.context import lang, t

# By the name of its step (cxworkbook.progress.STEPS): the page's script and its icon.
PAGES: dict[str, tuple[str, str]] = {
    "home": ("app_pages/home.py", ":material/home:"),
    "assessment": ("app_pages/assessment.py", ":material/insights:"),
    "crm": ("app_pages/crm.py", ":material/database:"),
    "goals": ("app_pages/goals.py", ":material/flag:"),
    "journey": ("app_pages/journey.py", ":material/route:"),
    "vision": ("app_pages/vision.py", ":material/visibility:"),
}


MENU_KEY = "_menu"


def menu_pages() -> list[st.Page]:
    """The menu, made once per session and language: `st.Page` looks its script up on disk,
    which took a twentieth of a short page's run. Kept in the session, not shared between
    sessions, as `st.navigation` marks the page it returns as the one to run."""
    made = st.session_state.setdefault(MENU_KEY, {})
    language = lang()
    if language not in made:
        made[language] = [
            st.Page(script, title=t(f"nav.{page}"), icon=icon, default=page == "home")
            for page, (script, icon) in PAGES.items()
        ]
    return made[language]


def link_to(
    page: str,
    *,
    label: str | None = None,
    icon: str | None = None,
    where: DeltaGenerator | None = None,
) -> None:
    """A link to the page, named and drawn as in the menu unless told otherwise."""
    script, page_icon = PAGES[page]
    (where or st).page_link(script, label=label or t(f"nav.{page}"), icon=icon or page_icon)
