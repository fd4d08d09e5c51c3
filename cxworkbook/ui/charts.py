"""Charts and tables on a page, each converted for the browser once per table: a rerun converts
no data that has not changed. Chart specs come from `cxworkbook.charts.spec`, kept per table;
the builders stay pure functions in `cxworkbook.charts`.

`st.vega_lite_chart` and `st.dataframe` turn their data into Arrow on every rerun, which took half
of a chart view's rerun. Given Arrow already, they send it as it is (a `pyarrow.Table` to
`st.dataframe`; Arrow bytes as a chart's dataset, as Streamlit's own Altair charts do), so the
conversion is kept here with the data's other derived results. The bytes are the same ones
Streamlit would make: it is its own conversion, and a test compares the two.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd
import streamlit as st

from cxworkbook import charts
from cxworkbook.i18n import MISSING, decimal_mark
from cxworkbook.ui.context import lang, t
from cxworkbook.ui.derived import derived
from cxworkbook.ui.internals import arrow_bytes, arrow_table

if TYPE_CHECKING:
    import pyarrow as pa

    from cxworkbook.ui.internals import ColumnConfig

CHART_WIDTH = 560
"""Pixels a chart with its numbers beside it keeps: long dimension names take half of it."""


def browser_spec(
    builder: charts.Builder, table: pd.DataFrame, labels: Any, lang: str
) -> dict[str, Any]:
    """The spec of `builder(table, labels)` in `lang`, with every dataset as Arrow bytes. A copy
    of its own: Streamlit patches parts of the spec it is given (a null legend title), and the
    spec `charts.spec` keeps is shared with the exported document."""
    spec = charts.spec(builder, table, labels, lang)
    copied = copy.deepcopy({key: value for key, value in spec.items() if key != "datasets"})
    datasets = spec.get("datasets", {})
    if datasets:
        copied["datasets"] = {name: arrow_bytes(rows) for name, rows in datasets.items()}
    return copied


def columns_in_arrow(table: pd.DataFrame, columns: tuple[str, ...]) -> pa.Table:
    """`table`'s `columns`, in that order, as Streamlit would convert them."""
    return arrow_table(table[list(columns)])


def show_chart(
    builder: str,
    table: pd.DataFrame,
    labels: Any,
    *,
    key: str,
    alt: str,
    width: Literal["stretch", "content"] = "stretch",
) -> None:
    """Draw `charts.<builder>(table, labels)`; `alt` describes it for screen readers. A table
    kept by `derived` gives its spec without even being read again. A chart of `width`
    "content" keeps the width it was built with."""
    spec = derived(browser_spec, getattr(charts, builder), table, labels, lang())
    st.vega_lite_chart(spec, width=width, theme=None, key=key, alt=alt)


def number_column(
    label: str, *, decimals: int | None = 1, signed: bool = False, help: str | None = None
) -> ColumnConfig:
    """A table column of numbers, written with `decimals` places (None: as many as a value has)
    as the page's language writes them.

    Streamlit writes a table's numbers either by a printf format, which knows only the decimal
    point, or as the browser's own locale does. A language writing a decimal point (English)
    keeps the printf format, and a gap its sign; one writing a decimal comma (Finnish) takes the
    browser's locale, so that a Finnish browser writes 2,3 as the text beside it does (and a
    browser in another language as it would).
    """
    if decimal_mark(lang()) != ".":
        step = None if decimals is None else 10.0**-decimals
        return st.column_config.NumberColumn(label, format="localized", step=step, help=help)
    printf = None if decimals is None else f"%{'+' if signed else ''}.{decimals}f"
    return st.column_config.NumberColumn(label, format=printf, help=help)


def show_table(
    table: pd.DataFrame,
    *,
    key: str,
    columns: dict[str, Any],
    width: Literal["stretch", "content"] = "stretch",
) -> None:
    """The `columns` of `table` (name → Streamlit column config or label), in that order."""
    shown = derived(columns_in_arrow, table, tuple(columns))
    # MISSING rather than Streamlit's English "None" for a value not given
    st.dataframe(
        shown, hide_index=True, key=key, column_config=columns, placeholder=MISSING, width=width
    )


def show_table_on_request(table: pd.DataFrame, *, key: str, columns: dict[str, Any]) -> None:
    """A chart's numbers under it, folded away: to read out, or for a screen reader."""
    with st.expander(t("frame.as_table"), icon=":material/table:"):
        show_table(table, key=key, columns=columns)


def show_chart_with_numbers(
    builder: str,
    table: pd.DataFrame,
    labels: Any,
    *,
    key: str,
    alt: str,
    numbers_key: str,
    columns: dict[str, Any],
) -> None:
    """The chart with its numbers beside it, the `columns` of its table, to read out and for
    screen readers. Only for a table narrow enough to show every figure there; a wider one goes
    under its chart (`show_table_on_request`).

    The chart keeps `CHART_WIDTH` pixels, at which its labels leave room for the plot; where the
    screen has no room for the table beside it (a projector at 1024 px), the table goes under it.
    Columns would squeeze the chart instead, down to labels with no plot between them."""
    row = st.container(horizontal=True)
    with row.container(width=CHART_WIDTH):
        show_chart(builder, table, labels, key=key, alt=alt)
    with row:
        show_table(table, key=numbers_key, columns=columns, width="content")
