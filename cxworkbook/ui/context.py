"""What every page needs: the store, the packs, the language, `t()` and the open workbook."""

from __future__ import annotations

import threading
from contextvars import ContextVar
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import streamlit as st

from cxworkbook import EXAMPLES_DIR, QUESTIONNAIRES_DIR
from cxworkbook.i18n import LANGUAGES, date_pattern, translate
from cxworkbook.model import Assessment, Workbook
from cxworkbook.packs import Packs, load_packs
from cxworkbook.questionnaire import MaturityPack
from cxworkbook.store import Store, WorkbookNotFound, default_data_dir, open_data_folder
from cxworkbook.yamlio import FileProblems

WORKBOOK_KEY = "wb"
LANGUAGE_KEY = "lang"
DEFAULT_LANGUAGE = "fi"


# One store and one set of packs for the whole server, shared by every session. Kept with
# functools rather than st.cache_resource, which hashes its arguments in Python on every call:
# pages ask for them several times a run, and that hashing took a tenth of a short page's run.
_creating = threading.Lock()


@cache
def _store(root: str) -> Store:
    return open_data_folder(Path(root), EXAMPLES_DIR)


def store() -> Store:
    """The store of the data folder ($CXWORKBOOK_DATA or ./workbooks), seeded on first use (by
    one session only, hence the lock)."""
    root = str(default_data_dir().resolve())
    with _creating:
        return _store(root)


@lru_cache(maxsize=4)
def _packs(signature: tuple[tuple[str, int], ...]) -> Packs:
    return load_packs(QUESTIONNAIRES_DIR)


def packs() -> Packs:
    """The questionnaire packs, reloaded when a pack file changes (handy while writing one)."""
    files = sorted(QUESTIONNAIRES_DIR.glob("*.yaml"))
    signature = tuple((p.name, p.stat().st_mtime_ns) for p in files)
    with _creating:
        return _packs(signature)


# The language of the run in progress, held from the moment the language picker has been drawn.
# A page asks for the language a hundred times a run, and every read of st.session_state costs
# about 10 µs (each is a point where Streamlit checks whether to stop the run): a tenth of a short
# page's run. A run happens in one script thread, and a new thread starts with nothing held; a
# rerun in the same thread holds the language anew once its picker is drawn, so only callbacks,
# which run before that, may read the language of the run before: the one the user clicked in.
_language_of_run: ContextVar[str | None] = ContextVar("language_of_run", default=None)


def hold_language(language: str) -> None:
    """The language for the rest of this run: the language picker's value."""
    _language_of_run.set(language)


def lang() -> str:
    held = _language_of_run.get()
    if held is not None:
        return held
    value = st.session_state.get(LANGUAGE_KEY)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def date_format() -> str:
    """How date fields and table columns write a date in the chosen language."""
    return date_pattern(lang())


def t(key: str, **values: Any) -> str:
    """The UI string `key` in the chosen language."""
    return translate(lang(), key, **values)


def workbook_id() -> str | None:
    return st.session_state.get(WORKBOOK_KEY)


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
