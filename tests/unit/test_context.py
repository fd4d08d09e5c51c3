"""The store and the packs are made once per server and shared by every session: one store per
data folder, seeded once however many sessions ask at the same moment, and packs read again only
when a pack file changes."""

from __future__ import annotations

import os
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from cxworkbook.packs import PACKS_ENV
from cxworkbook.store import DATA_ENV
from cxworkbook.ui import context

PACKS_DIR = Path(__file__).parents[1] / "fixtures" / "packs"


def test_sessions_asking_at_once_share_one_store_of_the_folder(data_dir: Path, monkeypatch):
    with ThreadPoolExecutor(8) as pool:
        stores = list(pool.map(lambda _: context.store(), range(32)))
    assert all(s is stores[0] for s in stores)
    assert stores[0].root == data_dir.resolve()
    assert len(stores[0].ids()) == 1  # the example, seeded once

    other = data_dir.parent / "other"
    monkeypatch.setenv(DATA_ENV, str(other))
    assert context.store() is not stores[0]
    assert context.store().root == other.resolve()


@pytest.fixture
def pack_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A consultancy's own packs, beside the built-in ones."""
    folder = tmp_path / "our-packs"
    shutil.copytree(PACKS_DIR, folder)
    monkeypatch.setenv(PACKS_ENV, str(folder))
    return folder


def test_a_consultancys_own_packs_load_beside_the_built_in_ones(pack_folder: Path):
    loaded = context.packs()
    assert {("cx-maturity", 2), ("samm-shaped", 1), ("w3c-shaped", 1)} <= set(loaded.packs)
    assert loaded.goals is not None


def test_packs_are_read_again_only_when_a_pack_file_changes(pack_folder: Path):
    first = context.packs()
    assert context.packs() is first

    pack_file = pack_folder / "samm-shaped.yaml"
    pack_file.write_text(
        pack_file.read_text(encoding="utf-8").replace("version: 1", "version: 1 # edited", 1),
        encoding="utf-8",
    )
    stat = pack_file.stat()
    os.utime(pack_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    again = context.packs()
    assert again is not first
    assert context.packs() is again


def test_what_a_page_run_is_given_is_kept_for_that_run_only(data_dir):
    """What `page_run` promises: inside a run, the language and the workbook the frame set are
    the ones every call sees, and the list of workbooks is read once; once the run ends (where
    the next run's callbacks are called) and in another thread (another run, another session),
    nothing is kept and the session is read."""
    seen: dict[str, object] = {}

    def run(name: str, language: str) -> None:
        with context.page_run():
            context.set_language(language)
            listed = context.workbooks()
            seen[name] = (context.lang(), context.workbooks() is listed)
        seen[f"{name}, then"] = context.lang()

    for name, language in [("english run", "en"), ("finnish run", "fi")]:
        thread = threading.Thread(target=run, args=(name, language))
        thread.start()
        thread.join()
    assert seen == {
        "english run": ("en", True),
        "english run, then": context.DEFAULT_LANGUAGE,
        "finnish run": ("fi", True),
        "finnish run, then": context.DEFAULT_LANGUAGE,
    }
    assert context.workbooks() is not context.workbooks()  # no run: read on every call
