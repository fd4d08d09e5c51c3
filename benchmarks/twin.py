"""Bare twins of a page: Streamlit pages that draw what the page drew, with no work of their own.

Both are read from a page's element tree in AppTest (`screen_of`):

- the same screen: every element and container the page drew, with the same text, tables (and
  their columns' set-up), chart specs and keys, through the same public Streamlit calls; its
  widgets as below. The page's rerun time over this twin's is
  what the page's own work (reading the workbook, scoring, building tables and charts) costs on
  top of Streamlit drawing the same screen;
- the same widgets (`widgets_of`): the page's widgets, kind by kind, with their labels, options,
  help, placeholders and state (greyed out, label hidden), and nothing else.

Everything a twin needs is prepared before it runs, so its runs time only Streamlit.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.proto.Dataframe_pb2 import Dataframe
from streamlit.runtime.state.common import user_key_from_element_id
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block

LABEL_VISIBILITY = {0: "visible", 1: "hidden", 2: "collapsed"}  # LabelVisibility's values
WIDGETS = {
    "button",
    "button_group",
    "checkbox",
    "date_input",
    "download_button",
    "file_uploader",
    "multiselect",
    "number_input",
    "radio",
    "select_slider",
    "selectbox",
    "text_area",
    "text_input",
    "toggle",
}


@dataclass
class Node:
    """One thing to draw: a Streamlit call's name and arguments, and what goes inside it."""

    call: str
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)
    widget: bool = False


def _option_labels(kind: str, proto: Any) -> list[str]:
    options = getattr(proto, "options", ())
    return [option.content for option in options] if kind == "button_group" else list(options)


def _looks(proto: Any) -> dict[str, Any]:
    """What a widget shows besides its label and options: its help, its placeholder, whether it
    is greyed out and whether its label is hidden."""
    looks: dict[str, Any] = {"disabled": proto.disabled}
    if proto.help:
        looks["help"] = proto.help
    if getattr(proto, "placeholder", ""):
        looks["placeholder"] = proto.placeholder
    hidden = proto.label_visibility.value if hasattr(proto, "label_visibility") else 0
    if hidden:
        looks["label_visibility"] = LABEL_VISIBILITY[hidden]
    return looks


def _widget(kind: str, proto: Any, *, in_form: bool) -> Node:
    label = getattr(proto, "label", "") or kind
    options = _option_labels(kind, proto)
    text = getattr(proto, "default", "")
    call, args, kwargs = {
        "button": ("form_submit_button" if in_form else "button", (label,), {}),
        "button_group": ("segmented_control", (label, options), {}),
        "checkbox": ("checkbox", (label,), {}),
        "date_input": ("date_input", (label, dt.date(2026, 11, 24)), {}),
        "download_button": ("download_button", (label, b""), {}),
        "file_uploader": ("file_uploader", (label,), {}),
        "multiselect": ("multiselect", (label, options), {}),
        "number_input": ("number_input", (label,), {"value": 1.0}),
        "radio": ("radio", (label, options), {"horizontal": True}),
        "selectbox": ("selectbox", (label, options), {}),
        "select_slider": ("select_slider", (label, options), {}),
        "text_area": ("text_area", (label, text), {}),
        "text_input": ("text_input", (label, text), {}),
        "toggle": ("toggle", (label,), {}),
    }[kind]
    return Node(call, args, {**kwargs, **_looks(proto)}, widget=True)


def user_key(proto: Any) -> dict[str, str]:
    """The key the page gave an element or a container, to give it again: Streamlit registers
    each one and writes it into the page as a CSS class."""
    element_id = getattr(proto, "id", "")
    key = user_key_from_element_id(element_id) if element_id else None
    return {"key": key} if key else {}


def _table(proto: Any) -> Node:
    """A table in Arrow, as the page gives it (`cxworkbook.ui.charts`); an editor's in pandas.
    Its columns as the page set them up: headings, formats, widths, order."""
    kwargs = {
        "hide_index": True,
        "column_config": json.loads(proto.columns) if proto.columns else None,
        "column_order": list(proto.column_order) or None,
        "placeholder": proto.placeholder or None,
        **user_key(proto),
    }
    if proto.editing_mode == Dataframe.EditingMode.READ_ONLY:
        table = pa.ipc.open_stream(proto.arrow_data.data).read_all()
        return Node("dataframe", (table,), kwargs)
    table = convert_arrow_bytes_to_pandas_df(proto.arrow_data.data)
    return Node("data_editor", (table,), kwargs)


def _chart(proto: Any) -> Node:
    """A chart whose datasets are Arrow bytes, as the page gives them."""
    spec = json.loads(proto.spec)
    spec["datasets"] = {data.name: data.data.data for data in proto.datasets}
    return Node("vega_lite_chart", (spec,), {"width": "stretch", "theme": None, **user_key(proto)})


def _element(kind: str, proto: Any, *, in_form: bool) -> Node:
    if kind in WIDGETS:
        return _widget(kind, proto, in_form=in_form)
    if kind in {"title", "header", "subheader", "markdown", "caption"}:
        return Node(kind, (proto.body,))
    if kind in {"success", "info", "warning", "error"}:
        return Node(kind, (proto.body,))
    if kind == "divider":
        return Node("divider")
    if kind == "metric":
        return Node("metric", (proto.label, proto.body), {"delta": proto.delta or None})
    if kind == "progress":
        return Node("progress", (proto.value / 100,), {"text": proto.text or None})
    if kind == "page_link":  # a link to a page of the app becomes one to a page of the twin
        return Node(
            "page_link", ("https://example.com",) if proto.external else (), {"label": proto.label}
        )
    if kind == "vega_lite_chart":
        return _chart(proto)
    if kind == "dataframe":
        return _table(proto)
    if kind == "html":
        return Node(
            "html", (proto.body,), {"unsafe_allow_javascript": proto.unsafe_allow_javascript}
        )
    raise ValueError(f"the twin cannot draw a {kind!r} yet")


def _block(kind: str, proto: Any, inner: list[Node]) -> Node:
    """`proto` is the block's own message for a column or an expander, the whole block otherwise
    (as AppTest keeps them)."""
    if kind == "form":
        return Node("form", (proto.form.form_id,), {"border": proto.form.border}, inner)
    if kind == "expander":
        return Node("expander", (proto.label,), {}, inner)
    if kind == "popover":
        keyed = user_key(proto)
        state = {"on_change": "rerun"} if keyed else {}  # the app keeps a keyed popover's state
        return Node("popover", (proto.popover.label,), {**keyed, **state}, inner)
    if kind == "column":
        return Node("column", (proto.weight,), {}, inner)
    if inner and all(node.call == "column" for node in inner):
        return Node("columns", ([node.args[0] for node in inner],), {}, inner)
    flex = proto.flex_container
    horizontal = kind == "flex_container" and flex.direction == flex.Direction.HORIZONTAL
    return Node(
        "container",
        (),
        {"horizontal": horizontal, "border": flex.border, **user_key(proto)},
        inner,
    )


def _node(node: Any, *, in_form: bool = False) -> Node:
    if not isinstance(node, Block):
        return _element(node.type, node.proto, in_form=in_form)
    inner_form = in_form or node.type == "form"
    inner = [_node(child, in_form=inner_form) for child in node.children.values()]
    return _block(node.type, node.proto, inner)


def screen_of(at: AppTest) -> dict[str, list[Node]]:
    """What the page drew, in the sidebar and the main area, as calls to make again."""
    return {
        "sidebar": [_node(child) for child in at.sidebar.children.values()],
        "main": [_node(child) for child in at.main.children.values()],
    }


def widgets_of(screen: dict[str, list[Node]]) -> list[Node]:
    """The screen's widgets in order, out of their containers (a form's button as a button)."""

    def walk(nodes: list[Node]) -> list[Node]:
        return [
            found for node in nodes for found in ([node] if node.widget else walk(node.children))
        ]

    return [
        Node("button", w.args) if w.call == "form_submit_button" else w
        for w in walk(screen["sidebar"] + screen["main"])
    ]


def draw(screen: dict[str, list[Node]], pages: int) -> None:
    """Make every call again, each widget with a key of its own; with `pages`, inside a wide
    layout and a navigation menu of that many pages, as the app draws every page."""
    import streamlit as st

    keys, links = itertools.count(), itertools.count()
    others = [st.Page(lambda: None, title=f"Page {i}", url_path=f"p{i}") for i in range(1, pages)]

    def place(target: Any, nodes: list[Node]) -> None:
        for node in nodes:
            if node.call == "columns":
                columns = target.columns(*node.args)
                for column, inner in zip(columns, node.children, strict=True):
                    place(column, inner.children)
                continue
            key = {"key": f"w{next(keys)}"} if node.widget else {}
            args = node.args
            if node.call == "page_link" and not args:  # to a page of the app: one of the twin's
                args = (others[next(links) % len(others)],)
            drawn = getattr(target, node.call)(*args, **node.kwargs, **key)
            place(drawn, node.children)

    def main() -> None:
        place(st, screen["main"])

    place(st.sidebar, screen["sidebar"])
    if not pages:
        main()
        return
    st.set_page_config(layout="wide")
    st.navigation([st.Page(main, title="Page 0", default=True), *others]).run()


def _script(screen: dict, pages: int) -> None:
    """The twin page: AppTest runs this body as a script of its own, hence the import."""
    from benchmarks.twin import draw

    draw(screen, pages)


def twin(screen: dict[str, list[Node]], pages: int = 0) -> AppTest:
    """A bare page drawing `screen` (see `draw`), run once."""
    at = AppTest.from_function(
        _script, default_timeout=60, kwargs={"screen": screen, "pages": pages}
    )
    at.run()
    if at.exception:
        raise RuntimeError(at.exception[0].value)
    return at
