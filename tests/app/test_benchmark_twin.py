"""The page benchmark's bare twins draw what the page drew: every element and container with the
same text, options, tables and chart specs; and the same widgets, kind by kind."""

from __future__ import annotations

import json
from typing import Any

import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.runtime.state.common import user_key_from_element_id
from streamlit.testing.v1 import AppTest

from benchmarks.twin import WIDGETS, screen_of, twin, widgets_of
from tests.app.conftest import ASSESSMENT
from tests.conftest import EXAMPLE_ID
from tests.unit.test_report import fill


def content(node: Any) -> Any:
    """What a user sees of an element: its text, its options, its table or its chart."""
    proto = node.proto
    if node.type == "vega_lite_chart":
        return json.loads(proto.spec), [
            convert_arrow_bytes_to_pandas_df(d.data.data).to_dict() for d in proto.datasets
        ]
    if node.type == "dataframe":
        return (
            convert_arrow_bytes_to_pandas_df(proto.arrow_data.data).to_dict(),
            json.loads(proto.columns),
            list(proto.column_order),
            proto.placeholder,
        )
    if node.type == "column":
        return round(proto.weight, 9)  # widths come back as fractions of their sum
    if node.type == "form":
        return proto.form.form_id
    if node.type == "popover":
        return proto.popover.label
    if node.type in WIDGETS:
        options = getattr(proto, "options", ())
        return (
            proto.label,
            [getattr(option, "content", option) for option in options],
            proto.help,
            getattr(proto, "placeholder", None),
            proto.disabled,
            getattr(proto, "label_visibility", None),
        )
    return getattr(proto, "body", None) or getattr(proto, "label", None)


def key(node: Any) -> str | None:
    """The key of a container, a table or a chart (a widget's key is the twin's own)."""
    proto_id = "" if node.type in WIDGETS else getattr(node.proto, "id", "")
    return user_key_from_element_id(proto_id) if proto_id else None


def tree(node: Any) -> list[Any]:
    """The element tree as AppTest reads it from what was drawn, independent of the twin's code."""
    return [
        (child.type, content(child), key(child), tree(child))
        for child in getattr(node, "children", {}).values()
    ]


def widget_types(node: Any) -> list[str]:
    own = [node.type] if getattr(node, "type", None) in WIDGETS else []
    return own + [
        t for child in getattr(node, "children", {}).values() for t in widget_types(child)
    ]


def drawn(at: AppTest) -> list[Any]:
    return [tree(at.sidebar), tree(at.main)]


@pytest.mark.parametrize(
    ("page", "query"),
    [
        ("app_pages/home.py", {}),
        (ASSESSMENT, {"view": "answer", "participant": "anna"}),
        (ASSESSMENT, {"view": "results"}),
        ("app_pages/crm.py", {}),
        ("app_pages/goals.py", {}),
        ("app_pages/journey.py", {}),
    ],
)
def test_the_twins_draw_the_same_screen_and_the_same_widgets(run_app, disk, page, query):
    fill(disk)
    at = run_app(page, lang="en", wb=EXAMPLE_ID, **query)
    screen = screen_of(at)

    assert drawn(twin(screen, pages=6)) == drawn(at)
    bare = twin({"sidebar": [], "main": widgets_of(screen)})
    assert widget_types(bare.main) == widget_types(at.sidebar) + widget_types(at.main)
    assert widget_types(bare.main)
