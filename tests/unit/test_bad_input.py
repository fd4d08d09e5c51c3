"""One corpus of hostile files, thrown at every door a file comes in by: importing a workbook,
dropping a pack into `questionnaires/` and dropping a workbook into the data folder. Each is
refused with a message naming the file, without the process's memory growing with the file
(nothing reads it whole or builds it), and without anything on disk changing; the other files
keep working."""

from __future__ import annotations

import shutil
import tracemalloc
from pathlib import Path

import pytest

from cxworkbook import QUESTIONNAIRES_DIR
from cxworkbook.packs import load_packs
from cxworkbook.store.workbooks import export_yaml, import_yaml
from cxworkbook.yamlio import FileProblems
from tests.conftest import EXAMPLE_ID, snapshot
from tests.unit.test_yamlio import BILLION_LAUGHS

MB = 1_000_000
CORPUS: dict[str, bytes] = {
    "malformed YAML": b"kind: maturity\nid: [x\n",
    "wrong types": b"kind: maturity\nid: 7\nversion: one\n",
    "unknown fields": b"kind: maturity\nid: p\nversion: 1\nsecret: 1\n",
    "billion laughs": BILLION_LAUGHS,
    "100,000-deep nesting": b"[" * 100_000 + b"]" * 100_000,
    "5 MB": b"a: '" + b"x" * (5 * MB) + b"'\n",
    "custom tag": b"kind: !secret maturity\n",
    "python tag": b"a: !!python/object/apply:os.system [echo owned]\n",
    "several documents": b"kind: maturity\n---\nkind: crm\n",
    "invalid UTF-8": b"kind: maturity\ntitle: \xff\xfe\xfa\n",
    "binary": bytes(range(256)) * 64,
    "impossible date": b"kind: maturity\ncreated: 2026-02-30\n",
    "month 13": b"kind: maturity\ncreated: 2026-13-01\n",
    "5,000-digit number": b"kind: maturity\nversion: " + b"9" * 5000 + b"\n",
    "mapping as a key": b"kind: maturity\n? {a: 1}\n: 2\n",
    "a key twice": b"kind: maturity\nid: a\nid: b\n",
}
FIFTY_MB = 50 * MB
MEMORY_LIMIT = 20 * MB  # well below the 50 MB file: nothing reads it whole


def peak_while(call) -> int:
    tracemalloc.start()
    try:
        call()
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak


@pytest.mark.parametrize("name", list(CORPUS))
def test_a_hostile_import_is_refused_in_little_memory_and_changes_nothing(
    example_store, packs, name
):
    data = CORPUS[name]
    before = snapshot(example_store.root)
    problems = []

    def attempt() -> None:
        try:
            import_yaml(example_store, data, "upload.yaml", packs)
        except Exception as exc:
            problems.append(exc)

    peak = peak_while(attempt)
    assert type(problems[0]).__name__ == "FileProblems"
    assert str(problems[0]).startswith("upload.yaml")
    assert peak < MEMORY_LIMIT + 3 * len(data)
    assert snapshot(example_store.root) == before
    assert example_store.read(EXAMPLE_ID).revision == 1


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
    peak = peak_while(lambda: result.update(packs=load_packs(folder)))
    loaded = result["packs"]
    assert list(loaded.packs) == [("cx-maturity", 1)]
    assert {p.file for p in loaded.problems} == {next(folder.glob("zz-*.yaml")).name}
    assert peak < MEMORY_LIMIT + 3 * len(CORPUS[name])
    assert snapshot(folder) == before


def test_a_50_mb_pack_or_workbook_file_is_never_read_whole(tmp_path, example_store):
    folder = pack_folder(tmp_path, "huge", b"")
    huge = next(folder.glob("zz-*.yaml"))
    with huge.open("wb") as f:
        f.truncate(FIFTY_MB)
    result = {}
    peak = peak_while(lambda: result.update(packs=load_packs(folder)))
    assert "50,000,000 bytes" in result["packs"].problems[0].message
    assert peak < MEMORY_LIMIT

    planted = example_store.root / "planted.yaml"
    with planted.open("wb") as f:
        f.truncate(FIFTY_MB)
    peak = peak_while(example_store.list)
    assert peak < MEMORY_LIMIT
    listed = {i.id: i.problem for i in example_store.list()}
    assert "limit is 4,000,000 bytes" in listed["planted"]


@pytest.mark.parametrize("name", list(CORPUS))
def test_a_hostile_workbook_dropped_into_the_data_folder_is_listed_as_broken(example_store, name):
    """One bad file never takes the others down: it is listed with its reason, the example still
    opens."""
    (example_store.root / "dropped.yaml").write_bytes(CORPUS[name])
    listed = {i.id: i.problem for i in example_store.list()}
    assert listed["dropped"] and listed["dropped"].startswith("dropped.yaml")
    assert listed[EXAMPLE_ID] is None
    assert example_store.read(EXAMPLE_ID).id == EXAMPLE_ID


@pytest.mark.parametrize(
    ("value", "line", "says"),
    [
        ("created: 2026-02-30T09:00:00Z", 8, "is not a date that exists"),
        ("created: 2026-13-01T09:00:00Z", 8, "is not a date that exists"),
        ("created: " + "9" * 5000, 8, "has too many digits"),
        ("? {a: 1}\n  : 2", 8, "found unhashable key"),
        ("title: Toinen", 8, "the key 'title' is given twice"),
    ],
)
def test_an_import_that_python_cannot_build_is_refused_at_its_line(
    example_store, packs, value, line, says
):
    text = export_yaml(example_store, EXAMPLE_ID).decode()
    lines = text.splitlines()
    created = next(i for i, row in enumerate(lines) if row.strip().startswith("created:"))
    assert created + 1 == line
    lines.insert(created, "  " + value)
    before = snapshot(example_store.root)
    with pytest.raises(FileProblems) as caught:
        import_yaml(example_store, "\n".join(lines).encode(), "upload.yaml", packs)
    [problem] = caught.value.problems
    assert (problem.file, problem.line) == ("upload.yaml", line) and says in problem.message
    assert snapshot(example_store.root) == before
