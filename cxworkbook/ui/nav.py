"""The app's pages in one table, for the menu and for every link from one page to another."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from cxworkbook.ui.context import t

# By the name of its step (cxworkbook.progress.STEPS): the page's script and its icon.
PAGES: dict[str, tuple[str, str]] = {
    "home": ("app_pages/home.py", ":material/home:"),
    "assessment": ("app_pages/assessment.py", ":material/insights:"),
    "crm": ("app_pages/crm.py", ":material/database:"),
    "goals": ("app_pages/goals.py", ":material/flag:"),
    "journey": ("app_pages/journey.py", ":material/route:"),
    "vision": ("app_pages/vision.py", ":material/visibility:"),
}


def menu_pages() -> list[st.Page]:
    return [
        st.Page(script, title=t(f"nav.{page}"), icon=icon, default=page == "home")
        for page, (script, icon) in PAGES.items()
    ]


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
