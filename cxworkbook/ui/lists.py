"""The controls of an item in an ordered list on a page (goals, journey stages, promises): move it
up or down, and delete it after a confirmation. Each saves at once; its outcome is kept under the
item's key, for the item's card to show."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from cxworkbook.edits import Operation
from cxworkbook.ui.outcome import apply


def move_buttons(
    where: DeltaGenerator,
    key: str,
    helps: tuple[str, str],
    position: tuple[int, int],
    move: Callable[[int], Operation],
) -> None:
    """↑ and ↓ for the item at `position` (index, count); `move(offset)` is the operation."""
    index, count = position
    for offset, disabled, arrow, help_text, side in (
        (-1, index == 0, "↑", helps[0], "up"),
        (1, index == count - 1, "↓", helps[1], "down"),
    ):
        where.button(
            arrow,
            key=f"{key}-{side}",
            help=help_text,
            disabled=disabled,
            on_click=apply,
            args=(move(offset), key),
        )


def _delete(delete: Operation, key: str) -> None:
    """Delete, and close the confirmation: it confirms one thing, once."""
    st.session_state[f"{key}-confirm"] = False
    apply(delete, key)


def delete_button(
    where: DeltaGenerator, label: str, explain: str, confirm: str, key: str, delete: Operation
) -> None:
    """A popover that says what will go (`explain`, Markdown) and deletes only when confirmed.
    Its key is the item's, so it never stays open over the next item."""
    with where.popover(label, icon=":material/delete:", key=f"{key}-confirm", on_change="rerun"):
        st.markdown(explain)
        st.button(
            confirm, key=f"{key}-delete", on_click=_delete, args=(delete, key), type="primary"
        )
