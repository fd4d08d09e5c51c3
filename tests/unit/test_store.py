"""The file store's own ways of keeping every answer: atomic writes, the disk's refusals, the text
written part by part, paths that stay in the data folder, the files a person may drop in or copy.
(What every store promises is in test_store_behaviour.py.)"""

from __future__ import annotations

import datetime as dt
import errno
import os
from pathlib import Path

import pytest

from cxworkbook import ops
from cxworkbook.errors import SaveFailed, StoreError
from cxworkbook.ids import slugify
from cxworkbook.model import PackRef
from cxworkbook.store import DATA_ENV, FileStore, WorkbookInfo, default_data_dir, files
from cxworkbook.store.files import INDEX_NAME
from cxworkbook.store.workbooks import new_workbook
from cxworkbook.yamlio import FileProblems, dump
from tests import edits
from tests.conftest import EXAMPLE_ID, create, snapshot

REF = PackRef(id="cx-maturity", version=1)


@pytest.fixture
def wb(store):
    created = create(store, "Kaarnakoski Energia Oy", "Työpaja 2026", "fi", REF)
    store.update(created.id, ops.add_participant(created.current_round.id, "Anna Virtanen", "CDO"))
    return created.id


def answer(store: FileStore, wb_id: str, question: str, field: str = "current", value=3, **kw):
    round_id = store.read(wb_id).current_round.id
    return store.update(
        wb_id, edits.answer(round_id, "anna-virtanen", question, field, value, **kw)
    )


def test_a_failure_in_the_middle_of_a_write_leaves_the_old_file(store, wb, monkeypatch):
    answer(store, wb, "strategy.definition", value=2)
    before = store.path(wb).read_bytes()

    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(SaveFailed) as caught:
        answer(store, wb, "strategy.definition", value=5)
    assert caught.value.reason == "disk_full"
    monkeypatch.undo()
    assert store.path(wb).read_bytes() == before
    assert list(store.root.glob(".*.tmp")) == []
    assert store.read(wb).current_round.participants[0].answers["strategy.definition"].current == 2


def test_a_read_only_folder_gives_a_clear_error(store, wb, monkeypatch):
    before = store.path(wb).read_bytes()

    def read_only(*args, **kwargs):
        raise PermissionError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr("tempfile.mkstemp", read_only)
    with pytest.raises(SaveFailed) as caught:
        answer(store, wb, "strategy.definition", value=5)
    assert caught.value.reason == "read_only"
    assert store.path(wb).read_bytes() == before


def test_a_save_that_would_not_read_back_the_same_is_refused(store, wb, monkeypatch):
    before = snapshot(store.root)
    monkeypatch.setattr("cxworkbook.yamlparts.dump", lambda data: dump(data).replace("Anna", "Ana"))
    with pytest.raises(SaveFailed) as caught:
        answer(store, wb, "strategy.definition", value=5)
    assert caught.value.reason == "roundtrip"
    assert snapshot(store.root) == before


def test_a_save_rewrites_only_what_changed_and_the_file_is_as_if_written_whole(store, wb):
    """Entries unchanged since the last save reuse their text; the file must not tell."""
    for question, value in [("strategy.definition", 2), ("basics.complaints", 4)]:
        answer(store, wb, question, value=value)
    store.update(wb, edits.details("Kaarnakoski Energia Oy", "Uusi nimi", "fi"))
    fresh = FileStore(store.root)  # nothing remembered from earlier saves
    assert store.path(wb).read_text(encoding="utf-8") == dump(fresh.read(wb).to_data())
    answer(store, wb, "strategy.definition", value=5)
    fresh.update(
        wb, edits.details("Kaarnakoski Energia Oy", "Toinen nimi", "fi")
    )  # another process saves in between
    answer(store, wb, "basics.complaints", value=1)
    saved = fresh.read(wb)
    assert saved.meta.title == "Toinen nimi"
    assert saved.current_round.participants[0].answers["strategy.definition"].current == 5
    assert store.path(wb).read_text(encoding="utf-8") == dump(saved.to_data())


def test_control_characters_are_stripped_on_the_way_in(store, wb):
    answer(store, wb, "strategy.definition", "note", "form\x0cfeed\x85 and NEL\r\nline")
    note = store.read(wb).current_round.participants[0].answers["strategy.definition"].note
    assert note == "formfeed and NEL\nline"


def test_a_version_no_longer_kept_is_no_longer_held_in_memory(store, monkeypatch):
    created = create(store, "A", "B", "fi", REF)
    for title in ["one", "two", "three"]:
        store.update(created.id, edits.details("A", title, "fi"))
        store.version(created.id, store.history(created.id)[0].revision)  # as the home page does
    monkeypatch.setattr(
        "cxworkbook.store.files.versions_to_keep", lambda versions, now: versions[:2]
    )
    store._thin_history(created.id)
    assert [v.revision for v in store.history(created.id)] == [3, 2]
    with pytest.raises(StoreError, match="revision 1"):
        store.version(created.id, 1)
    held = [path for path in store._cache if ".history" in path.parts]
    assert len(held) == 2


def test_the_trash_is_read_once_per_file_version(store, wb, monkeypatch):
    store.delete(wb)
    assert [d.title for d in store.deleted()] == ["Työpaja 2026"]
    calls = []
    original = files.parse_workbook
    monkeypatch.setattr(files, "parse_workbook", lambda *a: calls.append(a) or original(*a))
    store.deleted()
    store.deleted()
    assert calls == []


def test_a_workbook_file_linked_to_outside_the_data_folder_is_refused(store, wb, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_bytes(store.path(wb).read_bytes())
    (store.root / "leak.yaml").symlink_to(outside)
    with pytest.raises(StoreError, match="outside the data folder"):
        store.read("leak")
    with pytest.raises(StoreError, match="outside the data folder"):
        store.update("leak", edits.details("Evil", "Evil", "en"))
    assert outside.read_bytes() == store.path(wb).read_bytes()

    (store.root / "alias.yaml").symlink_to(store.path(wb))  # a link within the folder is fine
    assert store.read("alias").meta.title == store.read(wb).meta.title


def test_a_workbook_saved_with_an_emoji_is_readable_in_its_file(store, wb):
    answer(store, wb, "strategy.definition", "note", "Tavoite 🎯 selvä")
    text = store.path(wb).read_text(encoding="utf-8")
    assert "Tavoite 🎯 selvä" in text and "\\U0001F3AF" not in text


def test_slugify():
    assert slugify("Pyörä – työpaja 2026!") == "pyora-tyopaja-2026"
    assert slugify("???") == "workbook"
    assert len(slugify("x" * 200)) <= 48


def test_a_hand_broken_file_is_listed_with_its_problem(store, wb):
    path = store.path(wb)
    path.write_text(path.read_text(encoding="utf-8").replace("language: fi", "language: sv"))
    info = next(i for i in store.list() if i.id == wb)
    assert info.problem is not None and "meta.language" in info.problem
    with pytest.raises(FileProblems) as caught:
        store.read(wb)
    assert "language: sv" in path.read_text().splitlines()[caught.value.problems[0].line - 1]


def test_a_copied_file_opens_under_its_own_name(store, wb):
    copy = store.root / "kopio.yaml"
    copy.write_bytes(store.path(wb).read_bytes())
    assert store.read("kopio").id == "kopio"


def test_temp_files_left_by_a_crash_are_removed_at_the_next_start(store, wb):
    leftover = store.root / f".{wb}.yaml.abc123.tmp"
    leftover.write_text("half a workbo")
    FileStore(store.root)
    assert not leftover.exists()
    assert store.read(wb).id == wb


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_saved_files_are_ordinary_files(store, wb):
    assert store.path(wb).stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_the_data_folder_moves_with_an_environment_variable(monkeypatch, tmp_path):
    monkeypatch.delenv(DATA_ENV, raising=False)
    assert default_data_dir() == Path("workbooks")
    monkeypatch.setenv(DATA_ENV, str(tmp_path / "elsewhere"))
    assert default_data_dir() == tmp_path / "elsewhere"


def test_a_first_run_seeds_the_example(example_store, pack):
    example = example_store.read(EXAMPLE_ID)
    assert example.meta.language == "fi"
    assert len(example.current_round.participants) == 5
    assert all(p.answers for p in example.current_round.participants)


def test_an_existing_data_folder_is_not_seeded_again(tmp_path):
    from cxworkbook import EXAMPLES_DIR
    from cxworkbook.store import open_data_folder

    folder = tmp_path / "data"
    open_data_folder(folder, EXAMPLES_DIR).delete(EXAMPLE_ID)
    assert open_data_folder(folder, EXAMPLES_DIR).list() == []


def test_read_shares_one_instance_per_file_version(store, wb):
    first, again = store.read(wb), store.read(wb)
    assert first is again
    store.update(wb, edits.details("Org", "Renamed", "fi"))
    assert store.read(wb) is not first and store.read(wb).meta.title == "Renamed"


def test_a_library_is_listed_from_its_index_until_a_file_changes(tmp_path, pack, monkeypatch):
    """A new server lists a folder it has listed before without parsing one file; a file saved
    by another process since is read again, and an index lost or garbled is made again."""
    first = FileStore(tmp_path / "data")
    ids = [
        first.add(new_workbook("Oy", f"Työpaja {n}", "fi", pack.ref, first.clock(), "Liisa")).id
        for n in range(5)
    ]
    listed = first.list()
    assert {i.facilitator for i in listed} == {"Liisa"}
    first.update(ids[0], edits.meta("title", "Nimetty uudelleen"))  # after the index was made

    def no_parsing(*_args, **_kwargs):
        raise AssertionError("a file was parsed")

    second = FileStore(tmp_path / "data")
    with monkeypatch.context() as patch:
        patch.setattr("cxworkbook.store.files.parse_workbook", no_parsing)
        with pytest.raises(AssertionError, match="parsed"):
            second.list()  # the renamed file is newer than its entry
    assert {i.id: i.title for i in second.list()}[ids[0]] == "Nimetty uudelleen"
    third = FileStore(tmp_path / "data")
    with monkeypatch.context() as patch:
        patch.setattr("cxworkbook.store.files.parse_workbook", no_parsing)
        assert [i.title for i in third.list()] == [i.title for i in second.list()]

    (tmp_path / "data" / INDEX_NAME).write_text("{garbled", encoding="utf-8")
    assert [i.id for i in FileStore(tmp_path / "data").list()] == [i.id for i in second.list()]


@pytest.mark.parametrize(
    ("words", "found"),
    [
        ("kaarna", True),
        ("KAARNAKOSKI työpaja", True),
        ("liisa", True),
        ("2026-10-14", True),
        ("14.10.2026", True),
        ("kaarna kevät", False),
    ],
)
def test_a_workbook_is_found_by_organisation_title_facilitator_or_day(words, found):
    info = WorkbookInfo(
        "tyopaja",
        "CX-työpaja, syksy",
        "Kaarnakoski Energia Oy",
        dt.datetime(2026, 10, 14, 9, 30, tzinfo=dt.UTC),
        3,
        facilitator="Liisa Laine",
    )
    assert info.matches(words) is found
