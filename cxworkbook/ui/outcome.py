"""How the outcome of every change reaches the user, one way: saved, refused with a reason, in
conflict with someone else's change, or not written.

Every store action of a page goes through `act` (an update of the open workbook through `apply`)
with the place it was made from: a field's key, a form's, a button's. Callbacks run before the
page is drawn, so the outcome is kept for its place, and `show_outcome(place)` draws it there,
its text inert (user text never reads as Markdown). A field's own outcomes also keep what was
typed (`cxworkbook.ui.fields`); the sidebar counts what is not saved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, TypeVar

import streamlit as st

from cxworkbook.edits import Operation
from cxworkbook.errors import InvalidEdit, StaleEdit, StoreError
from cxworkbook.model import Workbook
from cxworkbook.ui.context import session_part, store, t, workbook_id
from cxworkbook.ui.text import md
from cxworkbook.yamlio import FileProblems

OUTCOMES_KEY = "_outcomes"
Kind = Literal["saved", "refused", "conflict", "not_written"]
T = TypeVar("T")


@dataclass(frozen=True)
class Outcome:
    kind: Kind
    text: str  # plain text, shown as it is
    problems: tuple[str, ...] = ()  # a refused file's problems, one line each


def _outcomes(workbook: str) -> dict[str, Outcome]:
    """Outcomes by place: of changes of a workbook under its id, so that what happened in one
    workbook never shows in another; of actions about no one workbook (creating, importing,
    deleting one) under ""."""
    return session_part(OUTCOMES_KEY).setdefault(workbook, {})


def record(place: str, outcome: Outcome | None, *, workbook: str = "") -> None:
    if outcome is None:
        _outcomes(workbook).pop(place, None)
    else:
        _outcomes(workbook)[place] = outcome


def _where(place: str) -> str | None:
    """Whose outcome for `place` there is: the open workbook's, else one about no workbook."""
    for workbook in (workbook_id() or "", ""):
        if place in _outcomes(workbook):
            return workbook
    return None


def outcome_at(place: str) -> Outcome | None:
    workbook = _where(place)
    return None if workbook is None else _outcomes(workbook)[place]


def forget(place: str) -> None:
    workbook = _where(place)
    if workbook is not None:
        record(place, None, workbook=workbook)


def not_written() -> list[Outcome]:
    """Outcomes of the open workbook's changes that the store did not write (a conflict, a disk
    that refused): what the sidebar warns of, whatever page is open."""
    kept = _outcomes(workbook_id() or "").values()
    return [o for o in kept if o.kind in ("conflict", "not_written")]


def explain(exc: StoreError | FileProblems) -> str:
    """Why a store action failed, in the user's language (with the technical detail, if any)."""
    if isinstance(exc, FileProblems):
        return t("errors.workbook_unreadable", problems=str(exc))
    if isinstance(exc, InvalidEdit) and exc.code:
        return t(f"invalid.{exc.code}")
    return t(f"store_errors.{exc.reason}", detail=str(exc))


def outcome_of(exc: StoreError | FileProblems) -> Outcome:
    if isinstance(exc, StaleEdit):
        return Outcome("conflict", t("save.conflict"))
    if isinstance(exc, FileProblems):
        return Outcome("refused", t("save.refused_file"), tuple(str(p) for p in exc.problems))
    if isinstance(exc, InvalidEdit):
        return Outcome("refused", t("save.failed", reason=explain(exc)))
    return Outcome("not_written", t("save.failed", reason=explain(exc)))


def act(
    action: Callable[[], T],
    place: str,
    *,
    saved: str | Callable[[T], str] | None = None,
    workbook: str = "",
) -> T | None:
    """Do a store action for `place` and keep its outcome there: `saved` (if given; a text, or
    one made from the result) when it lands, the reason when it does not (then None is
    returned). An action on the open workbook names it as `workbook`."""
    try:
        result = action()
    except (StoreError, FileProblems) as exc:
        record(place, outcome_of(exc), workbook=workbook)
        return None
    text = saved(result) if callable(saved) else saved
    record(place, Outcome("saved", text) if text else None, workbook=workbook)
    return result


def apply(operation: Operation, place: str, *, saved: str | None = None) -> Workbook | None:
    """Apply an operation to the open workbook as stored now (see `act`)."""
    opened = workbook_id()
    if not opened:
        return None
    return act(lambda: store().update(opened, operation), place, saved=saved, workbook=opened)


def refuse(place: str, reason: str) -> None:
    """Keep a refusal found before anything was asked of the store (a form left empty)."""
    record(place, Outcome("refused", reason), workbook=workbook_id() or "")


def show_outcome(place: str, *, once: bool = True) -> Outcome | None:
    """Draw the outcome kept for `place`; a success is shown `once`, then forgotten."""
    outcome = outcome_at(place)
    if outcome is None:
        return None
    if outcome.kind == "saved":
        st.success(md(outcome.text), icon=":material/check_circle:")
        if once:
            forget(place)
    elif outcome.kind == "conflict":
        st.warning(md(outcome.text), icon=":material/warning:")
    else:
        lines = [md(outcome.text), *(f"- {md(p)}" for p in outcome.problems)]
        st.error("\n".join(lines), icon=":material/error:")
    return outcome
