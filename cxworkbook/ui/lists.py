"""The controls of an item in an ordered list on a page (goals, journey stages, promises): move it
up or down, and delete it after a confirmation. Each saves at once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

from cxworkbook.store import Operation
from cxworkbook.ui.saving import save


def move_buttons(
    columns: tuple[Any, Any],
    keys: tuple[str, str],
    helps: tuple[str, str],
    position: tuple[int, int],
    move: Callable[[int], Operation],
) -> None:
    """↑ and ↓ in the two `columns`; `position` is (index, count), `move(offset)` the operation."""
    index, count = position
    for column, key, help_text, offset, disabled in (
        (columns[0], keys[0], helps[0], -1, index == 0),
        (columns[1], keys[1], helps[1], 1, index == count - 1),
    ):
        column.button(
            "↑" if offset < 0 else "↓",
            key=key,
            help=help_text,
            disabled=disabled,
            on_click=save,
            args=(move(offset),),
        )


def delete_button(
    column: Any, label: str, explain: str, confirm: str, key: str, delete: Operation
) -> None:
    """A popover that says what will go (`explain`, Markdown) and deletes only when confirmed."""
    with column.popover(label, icon=":material/delete:"):
        st.markdown(explain)
        st.button(confirm, key=key, on_click=save, args=(delete,), type="primary")
