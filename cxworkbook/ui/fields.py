"""Widgets bound to a field of the workbook by its path: the widget shows what is stored, and each
change is saved at once, carrying the value the person started from.

When a change cannot land (someone else changed the field, it breaks a rule, the disk refused
it) what was typed stays in the widget, and the outcome under it says why and offers the way out
(`cxworkbook.ui.outcome`). Streamlit forgets a widget's value once a run does not draw it, so a
value that did not land is kept with its edit and put back when the widget returns. Edits are
kept per workbook, and a widget remembers which workbook filled it last: what was typed in one
workbook is never shown in, or saved to, another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from cxworkbook.edits import FieldPath, path_key, set_field, value_at
from cxworkbook.errors import InvalidEdit
from cxworkbook.model import Workbook
from cxworkbook.ui.context import session_part, t, workbook_id
from cxworkbook.ui.derived import plain_data
from cxworkbook.ui.outcome import apply, forget, outcome_at, refuse, show_outcome
from cxworkbook.ui.text import md

EDITS_KEY = "_field_edits"
SYNCED_KEY = "_synced_from_disk"
EDIT_MARK_KEY = "_edit_arrived"
_NOTHING = object()
Convert = Callable[[Any], Any]


def _same(value: Any) -> Any:
    return value


@dataclass
class FieldEdit:
    """A change of the field at `path` that did not land: `mine`, as the widget holds it, stays
    in the widget; `expected` is the stored value it was made from."""

    path: FieldPath
    mine: Any
    expected: Any
    stored: Convert
    shown: Convert


def _edits() -> dict[str, FieldEdit]:
    return session_part(EDITS_KEY).setdefault(workbook_id(), {})


def _synced() -> dict[str, tuple[str | None, Any]]:
    """Per widget key, the workbook and the value on disk it was last filled from."""
    return session_part(SYNCED_KEY)


def unsaved_count() -> int:
    return len(_edits())


def mark_edit() -> None:
    """Note that this run brought a field's edit from the browser (see `frame.stay_on_page`)."""
    st.session_state[EDIT_MARK_KEY] = True


def edit_arrived() -> bool:
    """Whether this run brought an edit; read once, first thing in the run."""
    return st.session_state.pop(EDIT_MARK_KEY, False)


def _save(key: str, edit: FieldEdit) -> bool:
    try:
        value = edit.stored(edit.mine)
    except InvalidEdit as exc:  # typed text that is no value ("twelve" for a number)
        refuse(key, t("save.failed", reason=t(f"invalid.{exc.code}")))
        _edits()[key] = edit
        return False
    if apply(set_field(edit.path, value, edit.expected), key) is None:
        _edits()[key] = edit
        return False
    _edits().pop(key, None)
    return True


def _save_and_retry(key: str, edit: FieldEdit) -> None:
    """Save an edit; once it lands, values refused earlier for breaking a rule are tried again,
    since this change may have fixed them (a target refused for equalling the baseline fits
    once the baseline moves)."""
    if _save(key, edit):
        for other, waiting in list(_edits().items()):
            held = outcome_at(other)
            if held is not None and held.kind == "refused":
                _save(other, waiting)


def _changed(key: str, path: FieldPath, on_disk: Any, stored: Convert, shown: Convert) -> None:
    """A widget's change. A value equal to what the widget showed is no change: Streamlit reports
    every field of a page it has forgotten as changed when that page's edit arrives late (see
    `frame.stay_on_page`)."""
    mine = st.session_state.get(key)
    if mine == shown(on_disk) and key not in _edits():
        return
    mark_edit()
    _save_and_retry(key, FieldEdit(path, mine, on_disk, stored, shown))


def _show_from_disk(key: str, shown_value: Any) -> None:
    st.session_state[key] = shown_value
    _synced()[key] = (workbook_id(), shown_value)


def sync(key: str, shown_value: Any) -> None:
    """Show `shown_value` in widget `key` whenever the stored value changes (another tab, a
    restore) or another workbook filled the widget last, but leave alone what the user is typing
    while the stored value stays the same."""
    if key not in st.session_state or _synced().get(key, _NOTHING) != (workbook_id(), shown_value):
        _show_from_disk(key, shown_value)


def bound_to(
    workbook: Workbook,
    path: FieldPath,
    *,
    shown: Convert = _same,
    stored: Convert = _same,
    key: str | None = None,
) -> dict[str, Any]:
    """Keyword arguments for a widget that shows the field at `path` and saves each change at
    once. `shown` turns the stored value into the widget's, `stored` the widget's back (it may
    raise InvalidEdit for text that is no value)."""
    key = key or path_key(path)
    on_disk = value_at(plain_data(workbook), path)
    edit = _edits().get(key)
    if edit is None:
        sync(key, shown(on_disk))
    else:
        st.session_state[key] = edit.mine
    return {"key": key, "on_change": _changed, "args": (key, path, on_disk, stored, shown)}


def _keep_mine(key: str, theirs: Any) -> None:
    edit = _edits().get(key)
    if edit is not None:
        edit.expected = theirs
        _save_and_retry(key, edit)


def _use_theirs(key: str, theirs: Any) -> None:
    edit = _edits().pop(key, None)
    forget(key)
    if edit is not None:
        _show_from_disk(key, edit.shown(theirs))


def describe(value: Any) -> str:
    """A field's value in words, for saying what someone else saved."""
    if value is None or value == "" or value == []:
        return t("save.empty")
    if isinstance(value, bool):
        return t("save.ticked") if value else t("save.unticked")
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def show_field_outcome(workbook: Workbook, key: str) -> None:
    """Under a bound widget: what happened to a change that did not land, and the way out. A
    conflict names the value stored now, as plain text."""
    edit = _edits().get(key)
    outcome = outcome_at(key)
    if edit is None or outcome is None:
        forget(key)
        return
    theirs = value_at(plain_data(workbook), edit.path)
    if outcome.kind == "refused":  # the user fixes the value; trying it again cannot help
        show_outcome(key)
        return
    with st.container(border=True, key=f"outcome-{key}"):
        if outcome.kind == "conflict":
            shown_theirs = describe(edit.shown(theirs))
            st.warning(
                md(outcome.text) + " " + t("save.theirs", value=md(shown_theirs)),
                icon=":material/warning:",
            )
            with st.container(horizontal=True):
                st.button(
                    t("save.keep_mine"),
                    key=f"keep-{key}",
                    on_click=_keep_mine,
                    args=(key, theirs),
                    wrap=True,
                )
                st.button(
                    t("save.use_theirs"),
                    key=f"theirs-{key}",
                    on_click=_use_theirs,
                    args=(key, theirs),
                    wrap=True,
                )
        else:
            show_outcome(key)
            st.button(
                t("save.retry"), key=f"retry-{key}", on_click=_keep_mine, args=(key, edit.expected)
            )


def bound(
    widget: Callable[..., Any],
    label: str,
    workbook: Workbook,
    path: FieldPath,
    *,
    shown: Convert = _same,
    stored: Convert = _same,
    key: str | None = None,
    **options: Any,
) -> Any:
    """Draw `widget(label, …)` bound to the field at `path`, with its outcome under it."""
    kwargs = bound_to(workbook, path, shown=shown, stored=stored, key=key)
    value = widget(label, **kwargs, **options)
    show_field_outcome(workbook, kwargs["key"])
    return value
