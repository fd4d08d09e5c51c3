"""A save killed at any instant (SIGKILL, so no cleanup runs) leaves the workbook as it was
before that save or as it is after it: never empty, never half written; the next start removes
the temp file the killed save left behind.

Kills land at every step of a write, each on purpose (the saving process kills itself there),
and at instants nobody chose, while a process saves as fast as it can."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
from pathlib import Path

import pytest

from cxworkbook.edits import chain
from cxworkbook.model import PackRef
from cxworkbook.store import FileStore
from cxworkbook.store.files import parse_workbook
from tests import edits
from tests.conftest import create

RANDOM_KILLS = 60
REF = PackRef(id="cx-maturity", version=1)
# The steps of a save, each a call the saving process makes and where it is killed on purpose.
STEPS = [
    ("os.link", 1),  # keeping the previous version in the history
    ("tempfile.mkstemp", 1),
    ("os.fsync", 1),  # the temp file's content on disk
    ("os.utime", 1),
    ("pathlib.Path.replace", 1),  # the moment the new file takes the old one's place
    ("os.fsync", 2),  # the folder, after the replace
]

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL and fork are POSIX")


def save_once(store: FileStore, workbook_id: str) -> None:
    """One save; its title names its own revision, so a file mixing two versions is caught."""
    revision = store.read(workbook_id).revision
    note = "x" * random.randint(0, 20_000)  # long saves widen the window for a random kill
    store.update(
        workbook_id,
        chain(edits.details("Kill Oy", f"revision {revision + 1}", "fi"), edits.crm("notes", note)),
    )


def keep_saving(root: Path, workbook_id: str) -> None:
    store = FileStore(root)
    while True:
        save_once(store, workbook_id)


def die_at(root: Path, workbook_id: str, target: str, nth: int) -> None:
    """Save, and kill this process at the `nth` call of `target`, before the call runs."""
    module_name, _, name = target.rpartition(".")
    owner = {"pathlib.Path": Path}.get(module_name) or __import__(module_name)
    real = getattr(owner, name)
    calls = 0

    def dying(*args, **kwargs):
        nonlocal calls
        calls += 1
        if calls == nth:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)

    setattr(owner, name, dying)
    save_once(FileStore(root), workbook_id)


def check_whole(root: Path, workbook_id: str, revisions: list[int]) -> None:
    path = root / f"{workbook_id}.yaml"
    assert path.stat().st_size > 0
    reopened = FileStore(root)  # a fresh start: the parse cache is empty, leftovers are swept
    workbook = reopened.read(workbook_id)
    assert workbook.meta.title == f"revision {workbook.revision}"
    assert list(root.glob(".*.tmp")) == []
    assert not revisions or workbook.revision >= revisions[-1]  # nothing ever goes back
    revisions.append(workbook.revision)


@pytest.fixture
def saved(tmp_path) -> tuple[Path, str]:
    root = tmp_path / "data"
    store = FileStore(root)
    workbook_id = create(store, "Kill Oy", "revision 1", "fi", REF).id
    save_once(store, workbook_id)  # so that the next save keeps a version in the history
    return root, workbook_id


@pytest.mark.parametrize(("target", "nth"), STEPS)
def test_a_save_killed_at_each_step_of_its_write_leaves_a_whole_workbook(saved, target, nth):
    root, workbook_id = saved
    child = multiprocessing.get_context("fork").Process(
        target=die_at, args=(root, workbook_id, target, nth)
    )
    child.start()
    child.join()
    assert child.exitcode == -signal.SIGKILL
    revisions: list[int] = []
    check_whole(root, workbook_id, revisions)
    assert revisions[0] in (2, 3)  # the old version or the new one
    for old in (root / ".history" / workbook_id).glob("*.yaml"):
        version = parse_workbook(old.read_bytes(), old.name)
        assert version.meta.title == f"revision {version.revision}"


def test_saves_killed_at_instants_nobody_chose_never_break_the_workbook(saved):
    """Whenever the kill lands, the workbook is whole; the instants are spread over the saves of a
    process saving without pause (no assertion depends on where they land)."""
    root, workbook_id = saved
    fork = multiprocessing.get_context("fork")
    chance = random.Random(20261123)
    revisions: list[int] = []
    for _ in range(RANDOM_KILLS):
        child = fork.Process(target=keep_saving, args=(root, workbook_id), daemon=True)
        child.start()
        child.join(timeout=chance.uniform(0, 0.06))
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        check_whole(root, workbook_id, revisions)
    for old in (root / ".history" / workbook_id).glob("*.yaml"):
        version = parse_workbook(old.read_bytes(), old.name)
        assert version.meta.title == f"revision {version.revision}"
