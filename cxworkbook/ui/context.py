"""What every page needs: the store, the packs, the language, `t()` and the open workbook.

The store and the packs are one per server, shared by every session. The language and the open
workbook are the session's; a page run (`page_run`, around app.py) takes them once from the
frame's pickers and keeps them until the run ends, since a page asks for them hundreds of times
and each read of `st.session_state` is a point where Streamlit checks whether to stop the run.
Callbacks run before the run, outside it, and read the session as it is.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

from cxworkbook import EXAMPLES_DIR
from cxworkbook.i18n import LANGUAGES, date_field_pattern, date_pattern, translate
from cxworkbook.packs import Packs, load_packs, pack_files, pack_folders
from cxworkbook.store import WorkbookInfo, WorkbookStore, configured_store, open_store

WORKBOOK_KEY = "wb"
SHOWN_WORKBOOK_KEY = "_workbook_shown"
LANGUAGE_KEY = "lang"
DEFAULT_LANGUAGE = "fi"
T = TypeVar("T")


@dataclass
class PageRun:
    """What this run of the page has read once and uses again: the session's choices, the
    store, the packs and the session's own records (`session_part`)."""

    language: str | None = None
    workbook_id: str | None = None
    workbooks: list[WorkbookInfo] | None = None
    store: WorkbookStore | None = None
    packs: Packs | None = None
    parts: dict[str, Any] = field(default_factory=dict)


_run: ContextVar[PageRun | None] = ContextVar("page_run", default=None)


@contextmanager
def page_run() -> Iterator[None]:
    """One script run: what the frame sets for it is kept until it ends, and no longer."""
    token = _run.set(PageRun())
    try:
        yield
    finally:
        _run.reset(token)


# One store and one set of packs for the whole server, shared by every session. Kept with
# functools rather than st.cache_resource, which hashes its arguments in Python on every call.
_creating = threading.Lock()


@cache
def _store(where: str) -> WorkbookStore:
    return open_store(where, EXAMPLES_DIR)


def _store_as_configured() -> WorkbookStore:
    where = configured_store()
    with _creating:
        return _store(where)


def _once_per_run(name: str, read: Callable[[], T]) -> T:
    """`read()`, kept as the run's `name` for the rest of the run (read anew outside a run)."""
    run = _run.get()
    if run is None:
        return read()
    if getattr(run, name) is None:
        setattr(run, name, read())
    return getattr(run, name)


def store() -> WorkbookStore:
    """The store the server is set up with (the database, or the data folder), seeded on first
    use (by one session only, hence the lock)."""
    return _once_per_run("store", _store_as_configured)


@lru_cache(maxsize=4)
def _packs(folders: tuple[Path, ...], signature: tuple[tuple[str, int], ...]) -> Packs:
    return load_packs(*folders)


def _packs_as_on_disk() -> Packs:
    folders = tuple(pack_folders())
    signature = tuple(
        (str(p), p.stat().st_mtime_ns) for folder in folders for p in pack_files(folder)
    )
    with _creating:
        return _packs(folders, signature)


def packs() -> Packs:
    """The questionnaire packs, read again when a pack file changes (handy while writing one);
    looked for once per run."""
    return _once_per_run("packs", _packs_as_on_disk)


def session_part(name: str) -> dict[str, Any]:
    """The session's record `name` (a dict, made when first asked for), read from the session
    once per run: each read of `st.session_state` is a point where Streamlit checks whether to
    stop the run, and a long page asks for its records hundreds of times."""
    run = _run.get()
    if run is None:
        return st.session_state.setdefault(name, {})
    if name not in run.parts:
        run.parts[name] = st.session_state.setdefault(name, {})
    return run.parts[name]


def workbooks() -> list[WorkbookInfo]:
    """Every workbook in the store, newest first, read once per run."""
    return _once_per_run("workbooks", lambda: store().list())


def set_language(language: str) -> None:
    """The language for the rest of this run: the language picker's value."""
    run = _run.get()
    if run is not None:
        run.language = language


def lang() -> str:
    run = _run.get()
    if run is not None and run.language is not None:
        return run.language
    value = st.session_state.get(LANGUAGE_KEY)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def date_format() -> str:
    """How table columns write a date in the chosen language."""
    return date_pattern(lang())


def date_field_format() -> str:
    """How date fields write a date in the chosen language."""
    return date_field_pattern(lang())


def t(key: str, **values: Any) -> str:
    """The UI string `key` in the chosen language."""
    return translate(lang(), key, **values)


def set_workbook(workbook: str | None) -> None:
    """The workbook for the rest of this run, the picker's value; also the workbook the page
    shows, which the callbacks of its widgets save to."""
    run = _run.get()
    if run is not None:
        run.workbook_id = workbook
    st.session_state[SHOWN_WORKBOOK_KEY] = workbook


def workbook_id() -> str | None:
    """The open workbook. In a callback, the one the page that sent the event was showing:
    callbacks run once every widget has taken its new value, the picker's too, so an edit typed
    in one workbook and sent together with a switch to another belongs to the one it was typed
    in."""
    run = _run.get()
    if run is not None and run.workbook_id is not None:
        return run.workbook_id
    state = st.session_state
    return state[SHOWN_WORKBOOK_KEY] if SHOWN_WORKBOOK_KEY in state else state.get(WORKBOOK_KEY)
