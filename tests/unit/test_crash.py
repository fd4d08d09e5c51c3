"""A save killed at any instant (SIGKILL, so no cleanup runs) leaves the workbook as it was
before that save or as it is after it: never empty, never half written; the next start removes
the temp file the killed save left behind."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

import pytest

from cxworkbook import ops
from cxworkbook.model import PackRef
from cxworkbook.store import Store

KILLS = 300
REF = PackRef(id="cx-maturity", version=1)

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL and fork are POSIX")


def keep_saving(root: Path, workbook_id: str) -> None:
    """Save forever; every version's title names its own revision, so a file mixing two
    versions would be caught."""
    store = Store(root)
    while True:
        revision = store.open(workbook_id).revision
        note = "x" * random.randint(0, 20_000)  # long saves widen the window for a kill
        store.update(
            workbook_id,
            ops.chain(
                ops.set_meta("Kill Oy", f"revision {revision + 1}", "fi"),
                lambda wb, note=note: (setattr(wb.crm, "notes", note), wb)[1],
            ),
        )


def test_a_save_killed_at_random_instants_never_breaks_the_workbook(tmp_path):
    root = tmp_path / "data"
    store = Store(root)
    workbook_id = store.create("Kill Oy", "revision 1", "fi", REF).id
    path = store.path(workbook_id)
    fork = multiprocessing.get_context("fork")
    chance = random.Random(20261123)
    seen_revisions, killed_mid_write = [], 0
    for _ in range(KILLS):
        child = fork.Process(target=keep_saving, args=(root, workbook_id), daemon=True)
        child.start()
        time.sleep(chance.uniform(0, 0.06))
        os.kill(child.pid, signal.SIGKILL)
        child.join()
        assert path.stat().st_size > 0
        killed_mid_write += bool(list(root.glob(".*.tmp")))
        reopened = Store(root)  # a fresh start: the parse cache is empty, leftovers are swept
        workbook = reopened.open(workbook_id)
        assert workbook.meta.title == f"revision {workbook.revision}"
        assert list(root.glob(".*.tmp")) == []
        seen_revisions.append(workbook.revision)
    assert seen_revisions == sorted(seen_revisions)  # nothing ever went back
    assert killed_mid_write >= 5, killed_mid_write  # some kills did land mid-write
    assert seen_revisions[-1] > KILLS // 4
    history = sorted((root / ".history" / workbook_id).glob("*.yaml"))
    for old in history:
        version = Store(root)._parse(old.read_bytes(), workbook_id)
        assert version.meta.title == f"revision {version.revision}"
