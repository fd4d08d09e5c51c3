"""The frame around every page: language, the open workbook and its saved state in the sidebar.

The workbook id and the language live in the URL (`?wb=…&lang=…`) through bound widgets, so a
refresh, a second tab or a reconnect reopens the same workbook from disk.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from cxworkbook.i18n import LANGUAGE_NAMES, LANGUAGES
from cxworkbook.model import Workbook
from cxworkbook.ui.context import (
    DEFAULT_LANGUAGE,
    LANGUAGE_KEY,
    WORKBOOK_KEY,
    current_workbook,
    hold_language,
    hold_workbook,
    t,
    workbooks,
)
from cxworkbook.ui.nav import link_to
from cxworkbook.ui.saving import last_error, pending_count
from cxworkbook.ui.text import md, shortened_apart
from cxworkbook.ui.url import keep_in_url, start_from_url

LAST_PAGE_KEY = "_page_last_run"
KEEP_TYPING = Path(__file__).with_name("keep_typing.js").read_text(encoding="utf-8")
PICKER_CHARACTERS = 28  # about as many as the sidebar's picker shows before it cuts the rest off


def language_picker() -> None:
    start_from_url(LANGUAGE_KEY, LANGUAGES, DEFAULT_LANGUAGE)
    chosen = st.sidebar.segmented_control(
        "Kieli · Language",
        list(LANGUAGES),
        format_func=LANGUAGE_NAMES.__getitem__,
        required=True,
        key=LANGUAGE_KEY,
        persist_state="session",
    )
    hold_language(chosen)


def workbook_picker() -> None:
    """The open workbook; a first visit without `?wb=` opens the most recently saved one."""
    infos = workbooks()
    names = [i.title for i in infos]
    labels = {
        i.id: f"{i.id} ⚠"
        if i.problem
        else i.title
        if names.count(i.title) == 1
        else f"{i.title} ({i.id})"
        for i in infos
    }
    shown = dict(
        zip(labels, shortened_apart(list(labels.values()), PICKER_CHARACTERS), strict=True)
    )
    latest = next((i.id for i in infos if i.problem is None), None)
    start_from_url(WORKBOOK_KEY, list(shown), latest)
    chosen = st.sidebar.selectbox(
        t("frame.workbook"),
        options=list(shown),
        format_func=shown.__getitem__,
        placeholder=t("frame.no_workbook"),
        key=WORKBOOK_KEY,
        persist_state="session",
    )
    hold_workbook(chosen)


def save_status(workbook: Workbook | None) -> None:
    """'Saved · revision 17', or what is not saved, so nobody has to wonder."""
    error = last_error()
    unsaved = pending_count()
    with st.sidebar.container(key="save-status"):
        if error:
            st.error(error, icon=":material/error:")
        elif unsaved:
            st.error(t("frame.unsaved", count=unsaved), icon=":material/error:")
        elif workbook is not None:
            updated = workbook.meta.updated.astimezone().strftime("%H:%M")
            st.success(
                t("frame.saved", revision=workbook.revision, time=updated),
                icon=":material/check_circle:",
            )


def workbook_heading(workbook: Workbook) -> None:
    st.caption(md(f"{workbook.meta.organisation} · {workbook.meta.title}"))


def open_page(title: str) -> Workbook:
    """The heading of a step page and its open workbook; without one, say so and stop the page."""
    workbook = current_workbook()
    st.title(title)
    if workbook is None:
        st.info(t("frame.open_first"))
        link_to("home")
        st.stop()
    workbook_heading(workbook)
    return workbook


def obey_the_menu(running: st.Page, pages: list[st.Page], edit: bool) -> None:
    """Go back to the page last asked for when an edit arrives from a page already left.

    The browser commits a text field when it loses focus, and sends that edit after the click on
    the menu that took the focus: the server runs the page asked for, then the page left, with
    the edit. The edit's callback has saved it; without this the browser would stay on the page
    left, its fields drawn empty (it forgot their values when the page asked for finished).
    `st.switch_page` starts its run without the browser's widget values, so the language and the
    workbook pickers keep theirs with `persist_state`.
    """
    asked = st.session_state.get(LAST_PAGE_KEY)
    st.session_state[LAST_PAGE_KEY] = running.url_path
    if edit and asked != running.url_path:
        page = next((p for p in pages if p.url_path == asked), None)
        if page is not None:
            st.switch_page(page)


def keep_unsent_typing() -> None:
    """Ask before a tab closes or reloads with typing not yet sent, and send it; after the
    connection comes back, run the page at once and send typing it cut off (keep_typing.js).

    The one script the app runs is this file of its own; no user text goes into it. It draws
    nothing, last in the sidebar so that it moves nothing either.
    """
    st.sidebar.html(f"<script>{KEEP_TYPING}</script>", unsafe_allow_javascript=True)


def show_frame() -> None:
    """Draw the sidebar: the workbook picker, the open workbook's saved state, and the script that
    keeps unsent typing."""
    workbook_picker()
    keep_in_url(LANGUAGE_KEY, WORKBOOK_KEY)
    save_status(current_workbook())
    keep_unsent_typing()
