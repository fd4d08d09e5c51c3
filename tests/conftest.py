"""Fixtures shared by every layer of tests."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.team import Cluster
from cxworkbook import EXAMPLES_DIR, QUESTIONNAIRES_DIR
from cxworkbook.model import PackRef, Workbook
from cxworkbook.packs import Packs, load_packs
from cxworkbook.questionnaire import MaturityPack
from cxworkbook.steps import STEPS
from cxworkbook.store import DATA_ENV, FileStore, open_data_folder
from cxworkbook.store.workbooks import new_workbook
from cxworkbook.yamlio import dump, parse_untrusted
from tests.postgres import start_server

EXAMPLE_ID = "kaarnakoski-energia"
FIXTURES = Path(__file__).parent / "fixtures"
V1_ID = "kaarnakoski-v1"  # a workbook made with version 1 of the maturity pack
FULL_ENV = "CXWORKBOOK_FULL_TESTS"  # .ci/run sets it: every property test at its full size


def examples(full: int) -> int:
    """How many examples a slow property test tries: all of them in CI, a tenth elsewhere (the
    test is the same; a laptop's run of the suite stays short)."""
    return full if os.environ.get(FULL_ENV) == "1" else max(10, full // 10)


# The parts of a workbook that the steps after the assessment fill in.
LATER_STEPS = tuple(part for step in STEPS[1:] for part in step.parts)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder, so none can touch ./workbooks."""
    folder = tmp_path / "data"
    monkeypatch.setenv(DATA_ENV, str(folder))
    return folder


@pytest.fixture(scope="session")
def postgres() -> Iterator[Cluster]:
    """A PostgreSQL server of the tests' own, started on first use (see `tests.postgres`)."""
    yield from start_server()


@pytest.fixture(scope="session")
def packs() -> Packs:
    return load_packs(QUESTIONNAIRES_DIR)


@pytest.fixture(scope="session")
def pack(packs: Packs) -> MaturityPack:
    return packs.latest("cx-maturity")


@pytest.fixture(scope="session")
def pack_v1(packs: Packs) -> MaturityPack:
    """Version 1, which asks a target on every question: old workbooks answer on it."""
    return packs.get("cx-maturity", 1)


class Clock:
    """A clock that moves one second per call, so every save gets a distinct time."""

    def __init__(self) -> None:
        self.now = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        self.now += dt.timedelta(seconds=1)
        return self.now


def create(
    store: FileStore, organisation: str, title: str, language: str, pack: PackRef
) -> Workbook:
    """A new workbook in `store`, as the home page's form makes one."""
    return store.add(new_workbook(organisation, title, language, pack, store.clock()))


@pytest.fixture
def store(tmp_path: Path) -> FileStore:
    return FileStore(tmp_path / "data", clock=Clock())


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
def example_store(tmp_path: Path, assessed_examples: Path) -> FileStore:
    """A store holding the example workbook with its assessment only."""
    return open_data_folder(tmp_path / "data", assessed_examples)


@pytest.fixture
def v1_store(tmp_path: Path) -> FileStore:
    """A store holding a workbook made with version 1 of the maturity pack (`V1_ID`)."""
    return open_data_folder(tmp_path / "data", FIXTURES)


@pytest.fixture
def shipped_store(tmp_path: Path) -> FileStore:
    """A store seeded as a first run seeds it: the shipped example, every step filled in."""
    return open_data_folder(tmp_path / "data", EXAMPLES_DIR)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` with its bytes, to prove that nothing changed."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }
