"""Every change goes to disk from a widget callback, before the page renders.

`bound()` ties a widget to one field of the workbook: the widget shows what is on disk, and a
change is saved at once through an operation that carries the value the user started from. When
the save cannot land (someone else changed the field, or the disk refused the write) the user's
value stays in the widget and the page says what happened and offers a way out; it is never
silently replaced.

Streamlit forgets a widget's value once a run does not draw it (another page, another view), so
a value that did not land is kept with its pending edit and put back when the widget returns.
Widget keys name a field within a workbook, so pending edits are kept per workbook and a widget
remembers which workbook filled it: what was typed in one workbook is never shown in, or saved
to, another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from cxworkbook.model import Workbook
from cxworkbook.store import InvalidEdit, Operation, StaleEdit, StoreError
from cxworkbook.ui.context import held, store, t, workbook_id
from cxworkbook.yamlio import FileProblems

PENDING_KEY = "_pending_edits"
SYNCED_KEY = "_synced_from_disk"
STATUS_KEY = "_save_status"
EDIT_MARK_KEY = "_edit_arrived"
_NOTHING = object()

MakeOp = Callable[[Any, Any], Operation]


@dataclass
class PendingEdit:
    """A change that did not land: `mine`, what the user entered, stays in the widget `key`."""

    kind: str  # "conflict", "failed" (the disk refused) or "invalid" (it breaks a rule)
    message: str
    mine: Any
    theirs: Any
    make_op: MakeOp


def _pending() -> dict[str, PendingEdit]:
    """The open workbook's edits that did not land."""
    wb_id = workbook_id()
    return held(
        f"pending {wb_id}",
        lambda: st.session_state.setdefault(PENDING_KEY, {}).setdefault(wb_id, {}),
    )


def _synced() -> dict[str, tuple[str | None, Any]]:
    """Per widget key, the workbook and the value on disk it was last filled from."""
    return held("synced", lambda: st.session_state.setdefault(SYNCED_KEY, {}))


def pending_count() -> int:
    return len(_pending())


def last_error() -> str | None:
    return st.session_state.get(STATUS_KEY)


def explain(exc: StoreError | FileProblems) -> str:
    """Why a store action failed, in the user's language (with the technical detail, if any)."""
    if isinstance(exc, FileProblems):
        return t("errors.workbook_unreadable", problems=str(exc))
    if isinstance(exc, InvalidEdit) and exc.code:
        return t(f"invalid.{exc.code}")
    return t(f"store_errors.{exc.reason}", detail=str(exc))


def save(operation: Operation) -> Workbook | None:
    """Apply an operation to the open workbook on disk; on failure say why and return None."""
    wb_id = workbook_id()
    if not wb_id:
        return None
    try:
        saved = store().update(wb_id, operation)
    except (StoreError, FileProblems) as exc:
        st.session_state[STATUS_KEY] = t("save.failed", reason=explain(exc))
        return None
    st.session_state[STATUS_KEY] = None
    return saved


def _try_saving(key: str, make_op: MakeOp, mine: Any, expected: Any) -> bool:
    wb_id = workbook_id()
    if not wb_id:
        return False
    try:
        store().update(wb_id, make_op(mine, expected))
    except StaleEdit as exc:
        _pending()[key] = PendingEdit("conflict", t("save.conflict"), mine, exc.theirs, make_op)
        return False
    except (StoreError, FileProblems) as exc:
        kind = "invalid" if isinstance(exc, InvalidEdit) and exc.code else "failed"
        message = t("save.failed", reason=explain(exc))
        _pending()[key] = PendingEdit(kind, message, mine, expected, make_op)
        return False
    _pending().pop(key, None)
    st.session_state[STATUS_KEY] = None
    return True


def _save(key: str, make_op: MakeOp, mine: Any, expected: Any) -> None:
    """Save `mine`; once it lands, values refused earlier for breaking a rule are tried again,
    since the change may have fixed them (a target refused for equalling the baseline fits once
    the baseline moves)."""
    if _try_saving(key, make_op, mine, expected):
        for other, edit in list(_pending().items()):
            if edit.kind == "invalid":
                _try_saving(other, edit.make_op, edit.mine, edit.theirs)


def mark_edit() -> None:
    """Note that this run brought a field's edit from the browser (see `frame.obey_the_menu`)."""
    st.session_state[EDIT_MARK_KEY] = True


def edit_arrived() -> bool:
    """Whether this run brought an edit; read once, first thing in the run."""
    return st.session_state.pop(EDIT_MARK_KEY, False)


def _save_widget(key: str, make_op: MakeOp, expected: Any) -> None:
    """Save a widget's change. A value equal to what the widget showed is no change: Streamlit
    reports every field of a page it has forgotten as changed when that page's edit arrives
    late (see `frame.obey_the_menu`)."""
    mine = st.session_state.get(key)
    if mine == expected and key not in _pending():
        return
    mark_edit()
    _save(key, make_op, mine, expected)


def _show_from_disk(key: str, on_disk: Any) -> None:
    st.session_state[key] = on_disk
    _synced()[key] = (workbook_id(), on_disk)


def sync(key: str, on_disk: Any) -> None:
    """Show `on_disk` in widget `key` whenever the value on disk changes (another tab, a restore)
    or another workbook filled the widget last, but leave alone what the user is typing while the
    disk value stays the same."""
    synced = _synced().get(key, _NOTHING)
    if key not in st.session_state or synced != (workbook_id(), on_disk):
        _show_from_disk(key, on_disk)


def bound(key: str, on_disk: Any, make_op: MakeOp) -> dict[str, Any]:
    """Keyword arguments for a widget that shows `on_disk` and saves each change at once.

    `make_op(new_value, expected)` builds the operation; `expected` is the value the widget showed
    before the change, so a field changed elsewhere in the meantime is reported, not overwritten.
    """
    edit = _pending().get(key)
    if edit is None:
        sync(key, on_disk)
    else:
        edit.theirs = on_disk
        st.session_state[key] = edit.mine
    return {"key": key, "on_change": _save_widget, "args": (key, make_op, on_disk)}


def _keep_mine(key: str) -> None:
    edit = _pending().get(key)
    if edit is not None:
        _save(key, edit.make_op, edit.mine, edit.theirs)


def _use_theirs(key: str) -> None:
    edit = _pending().pop(key, None)
    if edit is not None:
        _show_from_disk(key, edit.theirs)


def describe(value: Any) -> str:
    """A field's value in words, for saying what someone else saved."""
    if value is None or value == "":
        return t("save.empty")
    if isinstance(value, bool):
        return t("save.ticked") if value else t("save.unticked")
    return str(value)


def show_pending(key: str) -> None:
    """Under a bound widget: what happened to a change that did not land, and the way out."""
    edit = _pending().get(key)
    if edit is None:
        return
    if edit.kind == "invalid":  # the user fixes the value; trying the same one again cannot help
        st.error(edit.message, icon=":material/error:")
        return
    with st.container(border=True, key=f"pending-{key}"):
        if edit.kind == "conflict":
            st.warning(
                edit.message + " " + t("save.theirs", value=describe(edit.theirs)),
                icon=":material/warning:",
            )
            left, right = st.columns(2)
            left.button(t("save.keep_mine"), key=f"keep-{key}", on_click=_keep_mine, args=(key,))
            right.button(
                t("save.use_theirs"), key=f"theirs-{key}", on_click=_use_theirs, args=(key,)
            )
        else:
            st.error(edit.message, icon=":material/error:")
            st.button(t("save.retry"), key=f"retry-{key}", on_click=_keep_mine, args=(key,))
