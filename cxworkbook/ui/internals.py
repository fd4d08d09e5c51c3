"""Everything the app relies on that Streamlit does not promise, in one place.

Checked against the Streamlit version in `CHECKED_WITH`; `tests/unit/test_layers.py` fails on any
other, so an upgrade comes with a look at each item here (README: "Upgrading Streamlit"):

- `browser.js`, the one script the app adds to the page (`keep_in_browser`), reads Streamlit's
  `data-test-script-state` and `data-test-connection-state` attributes, reruns a page with
  Streamlit's own "R" shortcut, answers a question by clicking its scale's `role=radio` options,
  and hides the English `InputInstructions` under text fields;
- the type of a table column's settings, `ColumnConfig`, is imported from where Streamlit keeps it;
- charts and tables are handed over already in Arrow (`arrow_bytes`, `arrow_table`), made by
  Streamlit's own conversion in `streamlit.dataframe_util`, which Streamlit then sends as it is.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import streamlit as st
from streamlit import dataframe_util

if TYPE_CHECKING:
    import pyarrow as pa
    from streamlit.elements.lib.column_types import ColumnConfig  # noqa: F401 (for charts.py)

CHECKED_WITH = "1.67.0"
BROWSER_SCRIPT = Path(__file__).with_name("browser.js").read_text(encoding="utf-8")


def keep_in_browser() -> None:
    """What the browser holds of a user's typing is not lost: the app's own script (browser.js),
    with no user text in it. It draws nothing; the frame puts it last in the sidebar, where it
    moves nothing either."""
    st.sidebar.html(f"<script>{BROWSER_SCRIPT}</script>", unsafe_allow_javascript=True)


def arrow_bytes(rows: Any) -> bytes:
    """Data as the Arrow bytes Streamlit would make of it for a chart's dataset."""
    return dataframe_util.convert_anything_to_arrow_bytes(rows)


def arrow_table(table: pd.DataFrame) -> pa.Table:
    """A table as Streamlit would convert it for `st.dataframe`."""
    return dataframe_util.convert_pandas_df_to_arrow_table(table)
