"""Every chart a page draws is valid Vega-Lite: the app builds chart specs without Altair's
validation (a quarter of the time of building a chart), so the schema is checked here, on what
reaches the browser."""

from __future__ import annotations

import json

import pytest
from altair.vegalite.v6.schema.core import Root

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
    ],
)
def test_every_chart_a_page_draws_is_valid_vega_lite(run_app, disk, page, query, count):
    fill(disk)
    at = run_app(page, lang="en", wb=EXAMPLE_ID, **query)
    specs = [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]
    assert len(specs) == count
    for spec in specs:
        Root.validate(spec)
