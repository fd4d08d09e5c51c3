"""A message a callback leaves for the page it leads back to ("Goal added", "Give it a name").

Callbacks run before the page is drawn, so they cannot draw the message themselves; `say` keeps it,
and the page's `show_notice` shows it once, with user text made inert.
"""

from __future__ import annotations

from typing import Literal

import streamlit as st

from cxworkbook.ui.text import md

NOTICE_KEY = "_notice"


def say(kind: Literal["success", "error"], text: str) -> None:
    st.session_state[NOTICE_KEY] = (kind, text)


def show_notice() -> None:
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice:
        kind, text = notice
        (st.success if kind == "success" else st.error)(md(text))
