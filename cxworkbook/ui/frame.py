"""The frame around every page: language, the open workbook and its saved state in the sidebar.

The workbook id and the language live in the URL (`?wb=…&lang=…`) through bound widgets, so a
refresh, a second tab or a reconnect reopens the same workbook from disk.
"""

from __future__ import annotations

from base64 import b64encode
from pathlib import Path

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from cxworkbook.i18n import LANGUAGE_NAMES, LANGUAGES
from cxworkbook.model import Workbook
from cxworkbook.ui.context import (
    DEFAULT_LANGUAGE,
    LANGUAGE_KEY,
    WORKBOOK_KEY,
    set_language,
    set_workbook,
    t,
    workbooks,
)
from cxworkbook.ui.fields import unsaved_count
from cxworkbook.ui.internals import keep_in_browser
from cxworkbook.ui.outcome import not_written
from cxworkbook.ui.page import current_workbook
from cxworkbook.ui.text import md, shortened_apart
from cxworkbook.ui.url import keep_in_url, start_from_url

LAST_PAGE_KEY = "_page_last_run"
# The page's icon, inside the page: no request for it leaves the laptop, and Streamlit does not read
# and convert an image file on every run, as it does for a file's path.
ICON = "data:image/png;base64," + b64encode(
    Path(__file__).with_name("icon.png").read_bytes()
).decode("ascii")
PICKER_CHARACTERS = 28  # about as many as the sidebar's picker shows before it cuts the rest off


def language_picker(where: DeltaGenerator) -> None:
    """The language, drawn in `where` (the sidebar; on a phone, the top of the page)."""
    start_from_url(LANGUAGE_KEY, LANGUAGES, DEFAULT_LANGUAGE)
    chosen = where.segmented_control(
        "Kieli · Language",
        list(LANGUAGES),
        format_func=LANGUAGE_NAMES.__getitem__,
        required=True,
        key=LANGUAGE_KEY,
        persist_state="session",
    )
    set_language(chosen)


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
    set_workbook(chosen)


def save_status(workbook: Workbook | None) -> None:
    """'Saved · revision 17', or what is not saved, so nobody has to wonder."""
    unsaved = max(unsaved_count(), len(not_written()))
    with st.sidebar.container(key="save-status"):
        if unsaved:
            st.error(t("frame.unsaved", count=unsaved), icon=":material/error:")
        elif workbook is not None:
            updated = workbook.meta.updated.astimezone().strftime("%H:%M")
            st.success(
                md(t("frame.saved", revision=workbook.revision, time=updated)),
                icon=":material/check_circle:",
            )


def stay_on_page(running: st.Page, pages: list[st.Page], edit: bool) -> None:
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


def show_frame() -> None:
    """Draw the sidebar: the workbook picker, the open workbook's saved state, and the script that
    keeps what the browser holds of a user's typing."""
    workbook_picker()
    keep_in_url(LANGUAGE_KEY, WORKBOOK_KEY)
    save_status(current_workbook())
    keep_in_browser()
