"""Charts on a page: built once per distinct table and cached as a Vega-Lite spec.

Building and validating an Altair chart costs over 100 ms (Altair deep-copies its objects at every
step), while the same table always gives the same chart; caching the finished spec keeps a rerun
quick. The builders themselves stay pure functions in `cxworkbook.charts`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from cxworkbook import charts


@st.cache_data(show_spinner=False, max_entries=256)
def _spec(builder: str, table: pd.DataFrame, labels: Any) -> dict[str, Any]:
    return getattr(charts, builder)(table, labels).to_dict()


def show_chart(builder: str, table: pd.DataFrame, labels: Any, *, key: str, alt: str) -> None:
    """Draw `charts.<builder>(table, labels)`; `alt` describes it for screen readers."""
    st.vega_lite_chart(_spec(builder, table, labels), width="stretch", theme=None, key=key, alt=alt)


def show_chart_with_numbers(
    builder: str,
    table: pd.DataFrame,
    labels: Any,
    *,
    key: str,
    alt: str,
    numbers: pd.DataFrame,
    numbers_key: str,
    columns: dict[str, Any],
) -> None:
    """The chart with its numbers in a table beside it, to read out and for screen readers."""
    chart, data = st.columns([3, 2])
    with chart:
        show_chart(builder, table, labels, key=key, alt=alt)
    data.dataframe(numbers, hide_index=True, key=numbers_key, column_config=columns)
