"""Widgets side by side that still read on a projector."""

from __future__ import annotations

from typing import Literal

import streamlit as st
from streamlit.delta_generator import DeltaGenerator


def side_by_side(
    align: Literal["top", "center", "bottom"] = "bottom",
    width: Literal["stretch", "content"] = "stretch",
) -> DeltaGenerator:
    """A row whose widgets move, whole, to the next line when the screen is too narrow for them.

    `st.columns` keeps its widths instead: at 1024 px beside the sidebar (a projector) a 1–5 scale
    in a third of the page scrolls its 5 out of sight, and a checkbox's label is cut to "Don't kn…".
    """
    return st.container(horizontal=True, gap="medium", vertical_alignment=align, width=width)


# A container under this key scrolls sideways (browser.js): the journey canvas, wider than a
# projector's page, scrolls rather than being cut off
SCROLLS_SIDEWAYS = "journey_canvas"

# Wide enough for a long Finnish word in bold ("saavutettavuusvaatimukset") on one line, and
# narrow enough for three to a row on a laptop
CARD_WIDTH = 272


def gallery() -> DeltaGenerator:
    """Cards to choose from (templates), as many to a row as the screen holds.

    In `st.columns(3)` a card at 1024 px beside the sidebar was too narrow for a long Finnish
    word, and the browser broke it mid-word.
    """
    return st.container(horizontal=True, gap="medium")


def card(key: str) -> DeltaGenerator:
    return st.container(border=True, key=key, width=CARD_WIDTH)
