"""What every page needs: the store, the packs, the language, `t()` and the open workbook."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache, lru_cache
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

from cxworkbook import EXAMPLES_DIR, QUESTIONNAIRES_DIR
from cxworkbook.i18n import LANGUAGES, date_pattern, translate
from cxworkbook.model import Assessment, Workbook
from cxworkbook.packs import Packs, load_packs
from cxworkbook.questionnaire import MaturityPack
from cxworkbook.store import (
    Store,
    WorkbookInfo,
    WorkbookNotFound,
    default_data_dir,
    open_data_folder,
)
from cxworkbook.yamlio import FileProblems

WORKBOOK_KEY = "wb"
SHOWN_WORKBOOK_KEY = "_workbook_shown"
LANGUAGE_KEY = "lang"
DEFAULT_LANGUAGE = "fi"
T = TypeVar("T")


# What a run reads again and again and that cannot change while it runs, held from the moment it
# is known until the run ends (`one_run`). Every read of st.session_state costs about 10 µs (each
# is a point where Streamlit checks whether to stop the run), and a long page asked for the
# language, the workbook and its pending edits hundreds of times a run (3 ms of the promises
# list's). A run happens in one script thread; callbacks run before it, outside `one_run`, so they
# read the session as it is.
_run: ContextVar[dict[str, Any] | None] = ContextVar("run", default=None)


@contextmanager
def one_run() -> Iterator[None]:
    """Hold what `held` and `hold` keep for the script run inside this block, and no longer."""
    token = _run.set({})
    try:
        yield
    finally:
        _run.reset(token)


def hold(name: str, value: object) -> None:
    """Keep `value` as `name` for the rest of the run (if one is held)."""
    run = _run.get()
    if run is not None:
        run[name] = value


def held(name: str, compute: Callable[[], T]) -> T:
    """What `compute()` gives, computed once per run and kept as `name` until the run ends;
    outside a run (a callback, a test), computed on every call."""
    run = _run.get()
    if run is None:
        return compute()
    if name not in run:
        run[name] = compute()
    return run[name]


# One store and one set of packs for the whole server, shared by every session. Kept with
# functools rather than st.cache_resource, which hashes its arguments in Python on every call.
_creating = threading.Lock()


@cache
def _store(root: str) -> Store:
    return open_data_folder(Path(root), EXAMPLES_DIR)


def _store_of_the_folder() -> Store:
    root = str(default_data_dir().resolve())
    with _creating:
        return _store(root)


def store() -> Store:
    """The store of the data folder ($CXWORKBOOK_DATA or ./workbooks), seeded on first use (by
    one session only, hence the lock)."""
    return held("store", _store_of_the_folder)


@lru_cache(maxsize=4)
def _packs(signature: tuple[tuple[str, int], ...]) -> Packs:
    return load_packs(QUESTIONNAIRES_DIR)


def workbooks() -> list[WorkbookInfo]:
    """Every workbook in the data folder, newest first (`Store.list`), read once per run."""
    return held("workbooks", lambda: store().list())


def _packs_as_on_disk() -> Packs:
    files = sorted(QUESTIONNAIRES_DIR.glob("*.yaml"))
    signature = tuple((p.name, p.stat().st_mtime_ns) for p in files)
    with _creating:
        return _packs(signature)


def packs() -> Packs:
    """The questionnaire packs, read again when a pack file changes (handy while writing one)."""
    return held("packs", _packs_as_on_disk)


def _language_of_session() -> str:
    value = st.session_state.get(LANGUAGE_KEY)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def hold_language(language: str) -> None:
    """The language for the rest of this run: the language picker's value."""
    hold("language", language)


def lang() -> str:
    return held("language", _language_of_session)


def date_format() -> str:
    """How date fields and table columns write a date in the chosen language."""
    return date_pattern(lang())


def t(key: str, **values: Any) -> str:
    """The UI string `key` in the chosen language."""
    return translate(lang(), key, **values)


def hold_workbook(workbook: str | None) -> None:
    """The workbook for the rest of this run, the picker's value; also the workbook the page
    shows, which the callbacks of its widgets save to."""
    hold("workbook", workbook)
    st.session_state[SHOWN_WORKBOOK_KEY] = workbook


def _workbook_of_session() -> str | None:
    """In a callback, the workbook the page that sent the event was showing. Callbacks run once
    every widget has taken its new value, the picker's too: an edit typed in one workbook and
    sent together with a switch to another belongs to the one it was typed in."""
    state = st.session_state
    return state[SHOWN_WORKBOOK_KEY] if SHOWN_WORKBOOK_KEY in state else state.get(WORKBOOK_KEY)


def workbook_id() -> str | None:
    return held("workbook", _workbook_of_session)


def current_workbook() -> Workbook | None:
    """The open workbook as it is on disk now, for showing only (every change is an operation);
    None (with the reason shown) if it cannot be read."""
    wb_id = workbook_id()
    if not wb_id:
        return None
    try:
        return store().read(wb_id)
    except WorkbookNotFound:
        return None
    except FileProblems as exc:
        st.error(t("errors.workbook_unreadable", problems=str(exc)))
        return None


def pack_for(assessment: Assessment) -> MaturityPack | None:
    """The pack an assessment round was made with, or None (with the reason shown)."""
    ref = assessment.questionnaire
    try:
        return packs().get(ref.id, ref.version)
    except KeyError:
        st.error(t("errors.pack_missing", pack=ref.id, version=ref.version))
        return None
