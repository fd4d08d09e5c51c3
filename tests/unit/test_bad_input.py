"""One corpus of hostile files, thrown at both doors a file comes in by: importing a workbook and
dropping a pack into `questionnaires/`. Each is refused with a message naming the file, quickly,
without the process's memory growing with the file, and without anything on disk changing."""

from __future__ import annotations

import shutil
import time
import tracemalloc
from pathlib import Path

import pytest

from cxworkbook import QUESTIONNAIRES_DIR
from cxworkbook.packs import load_packs
from tests.conftest import EXAMPLE_ID, snapshot
from tests.unit.test_yamlio import BILLION_LAUGHS

MB = 1_000_000
CORPUS: dict[str, bytes] = {
    "malformed YAML": b"kind: maturity\nid: [x\n",
    "wrong types": b"kind: maturity\nid: 7\nversion: one\n",
    "unknown fields": b"kind: maturity\nid: p\nversion: 1\nsecret: 1\n",
    "billion laughs": BILLION_LAUGHS,
    "100,000-deep nesting": b"[" * 100_000 + b"]" * 100_000,
    "2 MB": b"a: '" + b"x" * (2 * MB) + b"'\n",
    "custom tag": b"kind: !secret maturity\n",
    "python tag": b"a: !!python/object/apply:os.system [echo owned]\n",
    "several documents": b"kind: maturity\n---\nkind: crm\n",
    "invalid UTF-8": b"kind: maturity\ntitle: \xff\xfe\xfa\n",
    "binary": bytes(range(256)) * 64,
}
FIFTY_MB = 50 * MB
MEMORY_LIMIT = 20 * MB  # well below the 50 MB file: nothing reads it whole


def peak_while(call) -> tuple[int, float]:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        call()
    finally:
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak, elapsed


@pytest.mark.parametrize("name", list(CORPUS))
def test_a_hostile_import_is_refused_quickly_in_little_memory_and_changes_nothing(
    example_store, packs, name
):
    data = CORPUS[name]
    before = snapshot(example_store.root)
    problems = []

    def attempt() -> None:
        try:
            example_store.import_bytes(data, "upload.yaml", packs)
        except Exception as exc:
            problems.append(exc)

    peak, elapsed = peak_while(attempt)
    assert type(problems[0]).__name__ == "FileProblems"
    assert str(problems[0]).startswith("upload.yaml")
    assert elapsed < 1.0
    assert peak < MEMORY_LIMIT + 3 * len(data)
    assert snapshot(example_store.root) == before
    assert example_store.open(EXAMPLE_ID).revision == 1


def pack_folder(tmp_path: Path, name: str, data: bytes) -> Path:
    folder = tmp_path / "questionnaires"
    folder.mkdir()
    shutil.copy(QUESTIONNAIRES_DIR / "cx-maturity.yaml", folder / "cx-maturity.yaml")
    (folder / f"zz-{name.replace(' ', '-').replace(',', '')}.yaml").write_bytes(data)
    return folder


@pytest.mark.parametrize("name", list(CORPUS))
def test_a_hostile_pack_is_reported_and_the_good_pack_still_loads(tmp_path, name):
    folder = pack_folder(tmp_path, name, CORPUS[name])
    before = snapshot(folder)
    result = {}
    peak, elapsed = peak_while(lambda: result.update(packs=load_packs(folder)))
    loaded = result["packs"]
    assert list(loaded.packs) == [("cx-maturity", 1)]
    assert {p.file for p in loaded.problems} == {next(folder.glob("zz-*.yaml")).name}
    assert elapsed < 1.0
    assert peak < MEMORY_LIMIT + 3 * len(CORPUS[name])
    assert snapshot(folder) == before


def test_a_50_mb_pack_or_workbook_file_is_never_read_whole(tmp_path, example_store):
    folder = pack_folder(tmp_path, "huge", b"")
    huge = next(folder.glob("zz-*.yaml"))
    with huge.open("wb") as f:
        f.truncate(FIFTY_MB)
    result = {}
    peak, _ = peak_while(lambda: result.update(packs=load_packs(folder)))
    assert "50,000,000 bytes" in result["packs"].problems[0].message
    assert peak < MEMORY_LIMIT

    planted = example_store.root / "planted.yaml"
    with planted.open("wb") as f:
        f.truncate(FIFTY_MB)
    peak, _ = peak_while(example_store.list)
    assert peak < MEMORY_LIMIT
    listed = {i.id: i.problem for i in example_store.list()}
    assert "limit is 1,000,000 bytes" in listed["planted"]
