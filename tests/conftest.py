"""Fixtures shared by every layer of tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from cxworkbook import EXAMPLES_DIR, QUESTIONNAIRES_DIR
from cxworkbook.packs import Packs, load_packs
from cxworkbook.questionnaire import MaturityPack
from cxworkbook.store import DATA_ENV, Store, open_data_folder
from cxworkbook.yamlio import dump, parse_untrusted

EXAMPLE_ID = "kaarnakoski-energia"
LATER_STEPS = ("crm", "goals", "journey", "promises", "vision")


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


@pytest.fixture(scope="session")
def assessed_examples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of examples holding the shipped example as it stood after its assessment, with
    nothing yet on the later steps: most tests build those steps up themselves. Tests of what a
    newcomer sees open the shipped example (`shipped_store`, or the app's own first run)."""
    folder = tmp_path_factory.mktemp("examples")
    for path in EXAMPLES_DIR.glob("*.yaml"):
        data = parse_untrusted(path.read_bytes(), path.name)
        for step in LATER_STEPS:
            data.pop(step, None)
        (folder / path.name).write_text(dump(data), encoding="utf-8")
    return folder


@pytest.fixture
def example_store(tmp_path: Path, assessed_examples: Path) -> Store:
    """A store holding the example workbook with its assessment only."""
    return open_data_folder(tmp_path / "data", assessed_examples)


@pytest.fixture
def shipped_store(tmp_path: Path) -> Store:
    """A store seeded as a first run seeds it: the shipped example, every step filled in."""
    return open_data_folder(tmp_path / "data", EXAMPLES_DIR)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, to prove that nothing changed."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }
