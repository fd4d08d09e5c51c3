"""Choices that survive a refresh or a shared link because they are mirrored in the URL.

Streamlit's `bind="query-params"` writes a widget's *label* into the URL and drops a value that no
longer matches a label, which breaks for titles and for labels that change (progress marks). Here
the URL holds the stable id: a fresh session starts from `?key=…`, and every run writes the current
value back (page switches clear the query string; the frame runs on every page and restores it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st


def start_from_url(key: str, options: Sequence[str], default: str | None) -> None:
    """Before the widget `key` is drawn: on a fresh session take `?key=` if it is a valid option,
    else `default`; later, a value that is no longer an option falls back to `default`."""
    if key not in st.session_state:
        wanted = st.query_params.get(key)
        st.session_state[key] = wanted if wanted in options else default
    elif st.session_state[key] is not None and st.session_state[key] not in options:
        st.session_state[key] = default


def keep_in_url(*keys: str) -> None:
    """Write the current values of `keys` into the URL (and remove the ones that are unset)."""
    for key in keys:
        value = st.session_state.get(key)
        if value is None:
            if key in st.query_params:
                del st.query_params[key]
        elif st.query_params.get(key) != str(value):
            st.query_params[key] = str(value)


def view_picker(key: str, labels: dict[str, str], label: str) -> str:
    """The row of views a page offers (Answer · Results · …), kept in the URL and the session."""
    views = list(labels)
    start_from_url(key, views, views[0])
    return st.segmented_control(
        label,
        views,
        format_func=labels.__getitem__,
        required=True,
        key=key,
        persist_state="session",
        label_visibility="collapsed",
    )


def show_view(key: str, label: str, views: dict[str, tuple[str, Callable[[], None]]]) -> None:
    """A page's views (name: its label and what draws it): the row to pick one, then the one
    picked, the first by default; the choice is kept in the URL."""
    chosen = view_picker(key, {name: shown for name, (shown, _) in views.items()}, label)
    views[chosen][1]()
    keep_in_url(key)
