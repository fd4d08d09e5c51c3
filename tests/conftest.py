"""Fixtures shared by every layer of tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cxworkbook import EXAMPLES_DIR, QUESTIONNAIRES_DIR
from cxworkbook.packs import Packs, load_packs
from cxworkbook.questionnaire import MaturityPack
from cxworkbook.store import DATA_ENV, Store

EXAMPLE_ID = "kaarnakoski-energia"


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder, so none can touch ./workbooks."""
    folder = tmp_path / "data"
    monkeypatch.setenv(DATA_ENV, str(folder))
    return folder


@pytest.fixture(scope="session")
def packs() -> Packs:
    return load_packs(QUESTIONNAIRES_DIR)


@pytest.fixture(scope="session")
def pack(packs: Packs) -> MaturityPack:
    return packs.latest("cx-maturity")


class Clock:
    """A clock that moves one second per call, so every save gets a distinct time."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(seconds=1)
        return self.now


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "data", clock=Clock())


@pytest.fixture
def example_store(tmp_path: Path) -> Store:
    """A store holding the shipped example workbook."""
    from cxworkbook.store import open_data_folder

    return open_data_folder(tmp_path / "data", EXAMPLES_DIR)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, to prove that nothing changed."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }
