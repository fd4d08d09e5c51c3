"""The store keeps every answer: atomic writes, locks, revisions, history, trash, safe imports."""

from __future__ import annotations

import errno
import os
import threading
import time
from pathlib import Path

import pytest

from cxworkbook import ops
from cxworkbook.model import PackRef
from cxworkbook.store import (
    DATA_ENV,
    SaveFailed,
    StaleEdit,
    Store,
    StoreError,
    WorkbookNotFound,
    default_data_dir,
    slugify,
)
from cxworkbook.yamlio import FileProblems, dump, parse_untrusted
from tests.conftest import EXAMPLE_ID, snapshot
from tests.unit.test_yamlio import BILLION_LAUGHS

REF = PackRef(id="cx-maturity", version=1)


@pytest.fixture
def wb(store):
    created = store.create("Kaarnakoski Energia Oy", "Työpaja 2026", "fi", REF)
    store.update(created.id, ops.add_participant(created.current_round.id, "Anna Virtanen", "CDO"))
    return created.id


def answer(store: Store, wb_id: str, question: str, field: str = "current", value=3, **kw):
    round_id = store.open(wb_id).current_round.id
    return store.update(
        wb_id, ops.set_answer(round_id, "anna-virtanen", question, field, value, **kw)
    )


def test_create_writes_a_readable_yaml_file(store):
    created = store.create("Kaarnakoski Energia Oy", "CX-työpaja, syksy 2026", "fi", REF)
    assert created.id == "cx-tyopaja-syksy-2026"
    text = store.path(created.id).read_text(encoding="utf-8")
    assert "organisation: Kaarnakoski Energia Oy" in text
    assert "title: CX-työpaja, syksy 2026" in text  # Finnish letters stay readable
    assert parse_untrusted(text.encode(), "f.yaml")["revision"] == 1
    assert "&" not in text and "*" not in text  # one datetime used twice is written twice
    assert store.open(created.id) == created


def test_a_second_workbook_with_the_same_title_gets_its_own_id(store):
    first = store.create("A", "Työpaja", "fi", REF)
    second = store.create("B", "Työpaja", "en", REF)
    assert (first.id, second.id) == ("tyopaja", "tyopaja-2")
    assert [i.id for i in store.list()] == ["tyopaja-2", "tyopaja"]  # newest first


def test_every_save_bumps_the_revision_and_lands_on_disk(store, wb):
    before = store.open(wb).revision
    saved = answer(store, wb, "strategy.definition", value=2)
    assert saved.revision == before + 1
    on_disk = parse_untrusted(store.path(wb).read_bytes(), "f.yaml")
    answers = on_disk["assessments"][0]["participants"][0]["answers"]
    assert answers == {"strategy.definition": {"current": 2}}
    assert on_disk["revision"] == before + 1


def test_an_operation_that_changes_nothing_does_not_save(store, wb):
    answer(store, wb, "strategy.definition", value=2)
    revision = store.open(wb).revision
    assert answer(store, wb, "strategy.definition", value=2).revision == revision


def test_clearing_every_field_removes_the_answer(store, wb):
    answer(store, wb, "strategy.definition", value=2)
    saved = answer(store, wb, "strategy.definition", value=None)
    assert saved.current_round.participants[0].answers == {}


def test_rename_keeps_the_id(store, wb):
    store.update(wb, ops.set_meta("Uusi Oy", "Uusi nimi", "en"))
    renamed = store.open(wb)
    assert (renamed.id, renamed.meta.title, renamed.meta.language) == (wb, "Uusi nimi", "en")


def test_a_stale_edit_of_the_same_field_is_refused(store, wb):
    answer(store, wb, "basics.complaints", value=2)
    answer(store, wb, "basics.complaints", value=4, expected=2)  # another tab
    before = snapshot(store.root)
    with pytest.raises(StaleEdit) as caught:
        answer(store, wb, "basics.complaints", value=1, expected=2)  # this tab still saw 2
    assert caught.value.theirs == 4
    assert snapshot(store.root) == before


def test_a_stale_edit_that_agrees_with_the_disk_is_not_refused(store, wb):
    answer(store, wb, "basics.complaints", value=4, expected=None)  # another tab
    saved = answer(store, wb, "basics.complaints", value=4, expected=None)  # this tab, same value
    assert saved.current_round.participants[0].answers["basics.complaints"].current == 4


def test_edits_of_different_fields_from_stale_views_both_land(store, wb):
    answer(store, wb, "basics.complaints", "current", 2, expected=None)
    answer(store, wb, "basics.complaints", "target", 5, expected=None)
    answer(store, wb, "basics.complaints", "note", "hidas", expected="")
    saved = store.open(wb).current_round.participants[0].answers["basics.complaints"]
    assert (saved.current, saved.target, saved.note) == (2, 5, "hidas")


def test_updates_from_many_threads_all_land(store, wb, pack):
    questions = [q.id for _, q in pack.questions][:24]
    start = store.open(wb).revision
    errors: list[BaseException] = []

    def work(question: str) -> None:
        try:
            answer(store, wb, question, value=1 + len(question) % 5, expected=None)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(q,)) for q in questions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    final = store.open(wb)
    assert set(final.current_round.participants[0].answers) == set(questions)
    assert final.revision == start + len(questions)


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
    assert store.open(wb).current_round.participants[0].answers["strategy.definition"].current == 2


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
    store.update(wb, ops.set_meta("Kaarnakoski Energia Oy", "Uusi nimi", "fi"))
    fresh = Store(store.root)  # nothing remembered from earlier saves
    assert store.path(wb).read_text(encoding="utf-8") == dump(fresh.open(wb).to_data())
    answer(store, wb, "strategy.definition", value=5)
    fresh.update(
        wb, ops.set_meta("Kaarnakoski Energia Oy", "Toinen nimi", "fi")
    )  # another process saves in between
    answer(store, wb, "basics.complaints", value=1)
    saved = fresh.open(wb)
    assert saved.meta.title == "Toinen nimi"
    assert saved.current_round.participants[0].answers["strategy.definition"].current == 5
    assert store.path(wb).read_text(encoding="utf-8") == dump(saved.to_data())


def test_control_characters_are_stripped_on_the_way_in(store, wb):
    answer(store, wb, "strategy.definition", "note", "form\x0cfeed\x85 and NEL\r\nline")
    note = store.open(wb).current_round.participants[0].answers["strategy.definition"].note
    assert note == "formfeed and NEL\nline"


def test_earlier_versions_are_kept_and_bounded(tmp_path):
    store = Store(tmp_path / "data", history_limit=3)
    created = store.create("A", "B", "fi", REF)
    for title in ["one", "two", "three", "four", "five"]:
        store.update(created.id, ops.set_meta("A", title, "fi"))
    versions = store.history(created.id)
    assert [v.revision for v in versions] == [5, 4, 3]
    restored = store.restore_version(created.id, 4)
    assert restored.meta.title == "three" and restored.revision == 7
    assert store.history(created.id)[0].revision == 6  # the replaced version is kept too


def test_an_earlier_version_can_be_read_while_it_is_kept(tmp_path):
    store = Store(tmp_path / "data", history_limit=2)
    created = store.create("A", "B", "fi", REF)
    for title in ["one", "two", "three"]:
        store.update(created.id, ops.set_meta("A", title, "fi"))
        store.version(created.id, store.history(created.id)[0].revision)  # as the home page does
    assert store.version(created.id, 3).meta.title == "two"
    assert store.version(created.id, 2).meta.title == "one"
    with pytest.raises(StoreError, match="revision 1"):
        store.version(created.id, 1)
    held = [path for path in store._cache if ".history" in path.parts]
    assert len(held) == 2  # a version no longer kept is no longer held in memory either


def test_the_trash_is_read_once_per_file_version(store, wb, monkeypatch):
    store.delete(wb)
    assert [d.title for d in store.deleted()] == ["Työpaja 2026"]
    calls = []
    original = store._parse
    monkeypatch.setattr(store, "_parse", lambda *a: calls.append(a) or original(*a))
    store.deleted()
    store.deleted()
    assert calls == []


def test_delete_moves_to_the_trash_and_restore_brings_it_back(store, wb):
    content = store.open(wb)
    gone = store.delete(wb)
    assert not store.path(wb).exists()
    assert [d.key for d in store.deleted()] == [gone.key]
    with pytest.raises(WorkbookNotFound):
        store.open(wb)
    back = store.restore_deleted(gone.key)
    assert back.id == wb
    assert store.open(wb).current_round == content.current_round
    assert store.deleted() == []


def test_restoring_next_to_a_new_workbook_with_the_same_id_keeps_both(store, wb):
    gone = store.delete(wb)
    store.create("Other", "Työpaja 2026", "fi", REF)
    back = store.restore_deleted(gone.key)
    assert back.id == f"{wb}-2"
    assert {i.id for i in store.list()} == {wb, f"{wb}-2"}


@pytest.mark.parametrize("bad", ["../etc/passwd", "a/b", "UPPER", "", "a" * 80, "..", ".history"])
def test_ids_that_are_not_slugs_never_become_paths(store, bad):
    with pytest.raises(WorkbookNotFound):
        store.open(bad)
    with pytest.raises(WorkbookNotFound):
        store.restore_deleted(bad)


def test_a_workbook_file_linked_to_outside_the_data_folder_is_refused(store, wb, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_bytes(store.path(wb).read_bytes())
    (store.root / "leak.yaml").symlink_to(outside)
    with pytest.raises(StoreError, match="outside the data folder"):
        store.open("leak")
    with pytest.raises(StoreError, match="outside the data folder"):
        store.update("leak", ops.set_meta("Evil", "Evil", "en"))
    assert outside.read_bytes() == store.path(wb).read_bytes()

    (store.root / "alias.yaml").symlink_to(store.path(wb))  # a link within the folder is fine
    assert store.open("alias").meta.title == store.open(wb).meta.title


def test_slugify():
    assert slugify("Pyörä – työpaja 2026!") == "pyora-tyopaja-2026"
    assert slugify("???") == "workbook"
    assert len(slugify("x" * 200)) <= 48


def test_export_is_the_file_and_import_adds_a_copy(store, wb, packs):
    data = store.export_bytes(wb)
    assert data == store.path(wb).read_bytes()
    imported = store.import_bytes(data, "copy.yaml", packs)
    assert imported.id == f"{wb}-2"
    original, copy = store.open(wb), store.open(imported.id)
    assert copy.current_round == original.current_round
    assert copy.meta.title == original.meta.title


BAD_IMPORTS = {
    "not yaml": b"a: [1, 2\n",
    "a list": b"- 1\n- 2\n",
    "wrong type": None,  # filled in below from the example
    "unknown field": None,
    "unknown pack": None,
    "bomb": BILLION_LAUGHS,
    "deep": b"[" * 100_000 + b"]" * 100_000,
    "binary": os.urandom(4096),
    "too large": b"x: '" + b"y" * 2_000_000 + b"'",
}


def _bad_import(name: str, example: bytes) -> bytes:
    text = example.decode()
    if name == "wrong type":
        return text.replace("current: 3", "current: three", 1).encode()
    if name == "unknown field":
        return text.replace("revision: 1", "revision: 1\nsecret: 1", 1).encode()
    if name == "unknown pack":
        return text.replace("id: cx-maturity", "id: other-pack", 1).encode()
    return BAD_IMPORTS[name]


@pytest.mark.parametrize("name", list(BAD_IMPORTS))
def test_a_bad_import_changes_nothing_and_says_why(example_store, packs, name):
    data = _bad_import(name, example_store.export_bytes(EXAMPLE_ID))
    before = snapshot(example_store.root)
    started = time.perf_counter()
    with pytest.raises(FileProblems) as caught:
        example_store.import_bytes(data, "upload.yaml", packs)
    assert time.perf_counter() - started < 1.0
    assert snapshot(example_store.root) == before
    assert str(caught.value).startswith("upload.yaml")


def test_an_import_error_names_line_and_field(example_store, packs):
    data = _bad_import("wrong type", example_store.export_bytes(EXAMPLE_ID))
    with pytest.raises(FileProblems) as caught:
        example_store.import_bytes(data, "upload.yaml", packs)
    problem = caught.value.problems[0]
    assert problem.field == "assessments[0].participants[0].answers.strategy.definition.current"
    assert "current: three" in data.decode().splitlines()[problem.line - 1]


def test_an_import_of_an_unknown_pack_is_named(example_store, packs):
    data = _bad_import("unknown pack", example_store.export_bytes(EXAMPLE_ID))
    with pytest.raises(FileProblems, match="questionnaire other-pack version 1 is not installed"):
        example_store.import_bytes(data, "upload.yaml", packs)


def test_a_hand_broken_file_is_listed_with_its_problem(store, wb):
    path = store.path(wb)
    path.write_text(path.read_text(encoding="utf-8").replace("language: fi", "language: sv"))
    info = next(i for i in store.list() if i.id == wb)
    assert info.problem is not None and "meta.language" in info.problem
    with pytest.raises(FileProblems) as caught:
        store.open(wb)
    assert "language: sv" in path.read_text().splitlines()[caught.value.problems[0].line - 1]


def test_a_copied_file_opens_under_its_own_name(store, wb):
    copy = store.root / "kopio.yaml"
    copy.write_bytes(store.path(wb).read_bytes())
    assert store.open("kopio").id == "kopio"


def test_temp_files_left_by_a_crash_are_removed_at_the_next_start(store, wb):
    leftover = store.root / f".{wb}.yaml.abc123.tmp"
    leftover.write_text("half a workbo")
    Store(store.root)
    assert not leftover.exists()
    assert store.open(wb).id == wb


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
    example = example_store.open(EXAMPLE_ID)
    assert example.meta.language == "fi"
    assert len(example.current_round.participants) == 2
    assert all(p.answers for p in example.current_round.participants)


def test_an_existing_data_folder_is_not_seeded_again(tmp_path):
    from cxworkbook import EXAMPLES_DIR
    from cxworkbook.store import open_data_folder

    folder = tmp_path / "data"
    open_data_folder(folder, EXAMPLES_DIR).delete(EXAMPLE_ID)
    assert open_data_folder(folder, EXAMPLES_DIR).list() == []


def test_read_shares_one_instance_per_file_version_and_open_copies(store, wb):
    first, again = store.read(wb), store.read(wb)
    assert first is again
    assert store.open(wb) == first and store.open(wb) is not first
    store.update(wb, ops.set_meta("Org", "Renamed", "fi"))
    assert store.read(wb) is not first and store.read(wb).meta.title == "Renamed"
