"""AppTest harness: the real app.py, a fresh data folder per test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from cxworkbook import PROJECT_ROOT
from cxworkbook.store import FileStore, open_data_folder

APP = str(PROJECT_ROOT / "frame.py")
ASSESSMENT = "app_pages/assessment.py"


@pytest.fixture
def first_run_app(data_dir: Path):
    """Start the app as a browser would, optionally with URL query parameters, on a data folder
    that may not exist yet (the app then seeds the shipped example, as on a first run)."""

    def start(page: str | None = None, **query: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        if page is not None:
            at.switch_page(page).run()
        return at

    return start


@pytest.fixture
def run_app(disk: FileStore, first_run_app):
    """`first_run_app` on a data folder already holding the example with its assessment only."""
    return first_run_app


@pytest.fixture
def disk(data_dir: Path, assessed_examples: Path) -> FileStore:
    """A second view of the data folder, as another process would see it, seeded with the
    example's assessment only (so the app finds it there and does not seed its own)."""
    return open_data_folder(data_dir, assessed_examples)


def unescape(markdown: str) -> str:
    """Markdown source as a reader sees it: backslash escapes removed."""
    return re.sub(r"\\(.)", r"\1", markdown)


def errors(at: AppTest) -> str:
    return "\n".join(unescape(e.value) for e in at.error)


def texts(at: AppTest) -> str:
    """Everything a user can read on the page, as one string."""
    parts = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "success",
        "warning",
        "error",
    ):
        parts += [str(element.value) for element in getattr(at, kind)]
    parts += [element.proto.text for element in at.get("progress")]
    return unescape("\n".join(parts))


def assert_no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
