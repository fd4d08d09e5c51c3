"""Charts on a page, drawn from the specs `cxworkbook.charts.spec` keeps per table: a rerun
builds no chart whose data has not changed. The builders stay pure functions in
`cxworkbook.charts`."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from cxworkbook import charts
from cxworkbook.ui.derived import derived


def show_chart(builder: str, table: pd.DataFrame, labels: Any, *, key: str, alt: str) -> None:
    """Draw `charts.<builder>(table, labels)`; `alt` describes it for screen readers. A table
    kept by `derived` gives its spec without even being read again."""
    spec = derived(charts.spec, getattr(charts, builder), table, labels)
    st.vega_lite_chart(spec, width="stretch", theme=None, key=key, alt=alt)


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
    widths: tuple[int, int] = (3, 2),
) -> None:
    """The chart with its numbers in a table beside it, to read out and for screen readers."""
    chart, data = st.columns(widths)
    with chart:
        show_chart(builder, table, labels, key=key, alt=alt)
    data.dataframe(numbers, hide_index=True, key=numbers_key, column_config=columns)
