"""Every chart a page draws is valid Vega-Lite: the app builds chart specs without Altair's
validation (a quarter of the time of building a chart), so the schema is checked here, on what
reaches the browser."""

from __future__ import annotations

import json

import pytest
from altair.vegalite.v6.schema.core import Root
from streamlit.testing.v1 import AppTest

from tests.app.conftest import ASSESSMENT
from tests.conftest import EXAMPLE_ID
from tests.unit.test_report import fill


@pytest.mark.parametrize(
    ("page", "query", "count"),
    [
        (ASSESSMENT, {"view": "results"}, 2),
        (ASSESSMENT, {"view": "discuss"}, 2),
        ("app_pages/goals.py", {"goals_view": "charts"}, 2),
        ("app_pages/journey.py", {"journey_view": "charts"}, 3),
        ("app_pages/journey.py", {"journey_view": "canvas"}, 1),
    ],
)
def test_every_chart_a_page_draws_is_valid_vega_lite(run_app, disk, page, query, count):
    fill(disk)
    at = run_app(page, lang="en", wb=EXAMPLE_ID, **query)
    specs = [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]
    assert len(specs) == count
    for spec in specs:
        Root.validate(spec)


def draw_both_ways() -> None:
    """A chart and a table drawn by the app's helpers, then by plain Streamlit calls."""
    import pandas as pd
    import streamlit as st

    from cxworkbook import charts
    from cxworkbook.ui.charts import show_chart, show_table

    table = pd.DataFrame(
        {
            "dimension_id": ["a", "b", "c"],
            "dimension": ["Strategia", "Asiakas <b>tieto</b>", "Kanavat"],
            "current": [2.5, None, 1.0],
            "target": [4.0, 3.5, None],
            "gap": [1.5, None, None],
            "answered": ["3/3", "1/3", "0/3"],
            "spread": [1.0, 0.0, None],
        }
    )
    labels = charts.GapLabels(current="Nyt", target="Tavoite", axis="Taso", title="Kuilut")
    columns = {
        "dimension": st.column_config.TextColumn("Osa-alue", width="medium"),
        "gap": st.column_config.NumberColumn("Kuilu", format="%+.1f"),
        "current": "Nyt",
    }
    show_chart("gap_chart", table, labels, key="app_chart", alt="Kuilut")
    st.vega_lite_chart(
        charts.spec(charts.gap_chart, table, labels, "fi"),
        width="stretch",
        theme=None,
        key="plain_chart",
        alt="Kuilut",
    )
    show_table(table, key="app_table", columns=columns)
    st.dataframe(
        table[["dimension", "gap", "current"]],
        hide_index=True,
        key="plain_table",
        column_config=columns,
    )


def test_charts_and_tables_reach_the_browser_as_plain_streamlit_sends_them():
    """The helpers give Streamlit its data in Arrow, converted once; the browser must get exactly
    what Streamlit sends for the same chart spec and the same columns of the table."""
    at = AppTest.from_function(draw_both_ways, default_timeout=30).run()
    assert not at.exception
    app_chart, plain_chart = (chart.proto for chart in at.get("vega_lite_chart"))
    assert app_chart.spec == plain_chart.spec
    assert app_chart.alt == plain_chart.alt == "Kuilut"
    assert [(d.name, d.data.data) for d in app_chart.datasets] == [
        (d.name, d.data.data) for d in plain_chart.datasets
    ]
    assert app_chart.datasets and not app_chart.HasField("data")
    app_table, plain_table = (table.proto for table in at.dataframe)
    assert app_table.arrow_data.data == plain_table.arrow_data.data
    assert app_table.columns == plain_table.columns
    assert app_table.placeholder == "–"  # a value not given, not Streamlit's English "None"
    assert list(at.dataframe[0].value.columns) == ["dimension", "gap", "current"]


def draw_the_delivery_chart() -> None:
    """The delivery chart drawn, then the spec kept for it looked up again."""
    import pandas as pd
    import streamlit as st

    from cxworkbook import charts
    from cxworkbook.ui.charts import show_chart

    table = pd.DataFrame(
        [["Haku", 2, 1, 0, 1], ["Osto", 0, 0, 3, 0]],
        columns=["stage", "in-house", "partner", "outsourced", "unknown"],
    )
    labels = charts.DeliveryLabels(
        kinds=("Itse", "Kumppani", "Ulkoistettu", "Ei päätetty"), axis="Kpl", title="Kuka"
    )
    show_chart("delivery_chart", table, labels, key="chart", alt="Kuka")
    kept = charts.spec(charts.delivery_chart, table, labels, "fi")
    st.session_state["legend_title"] = kept["encoding"]["color"]["legend"]["title"]


def test_drawing_a_chart_leaves_the_spec_the_document_shares_as_it_was():
    """Streamlit patches a null legend title in the spec it is given; the page gives it a copy, so
    the spec kept for the exported document stays what Altair built."""
    at = AppTest.from_function(draw_the_delivery_chart, default_timeout=30).run()
    assert not at.exception
    assert at.session_state["legend_title"] is None
