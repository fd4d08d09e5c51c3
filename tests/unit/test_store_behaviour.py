"""What every store promises (`cxworkbook.store.protocol`), checked on each implementation through
the protocol alone: updates land whole or not at all, stale edits are refused, revisions, the
history by time, the trash, ids never handed out again, YAML in and out."""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from collections.abc import Iterator

import pytest

from cxworkbook import ops
from cxworkbook.edits import chain, set_field
from cxworkbook.errors import InvalidEdit, SaveFailed, StaleEdit, StoreError, WorkbookNotFound
from cxworkbook.model import PackRef
from cxworkbook.store import FileStore, WorkbookStore
from cxworkbook.store.files import THIN_EVERY
from cxworkbook.store.postgres import PostgresStore
from cxworkbook.store.workbooks import export_yaml, import_yaml, new_workbook
from cxworkbook.yamlio import WORKBOOK_MAX_BYTES, FileProblems, parse_untrusted
from tests import edits
from tests.conftest import EXAMPLE_ID, Clock
from tests.unit.test_yamlio import BILLION_LAUGHS

REF = PackRef(id="cx-maturity", version=1)
PERSON = "anna-virtanen"


@pytest.fixture(params=["files", "postgres"])
def any_store(request, tmp_path) -> Iterator[WorkbookStore]:
    """Each implementation of the protocol, empty, with a clock that moves a second per save."""
    if request.param == "files":
        yield FileStore(tmp_path / "data", clock=Clock())
        return
    server = request.getfixturevalue("postgres")
    store = PostgresStore(server.new_database(), clock=Clock())
    yield store
    store.close()


def create(store: WorkbookStore, title: str = "Työpaja 2026", organisation: str = "Oy") -> str:
    return store.add(new_workbook(organisation, title, "fi", REF, store.clock())).id


@pytest.fixture
def wb(any_store) -> str:
    created = create(any_store)
    round_id = any_store.read(created).current_round.id
    any_store.update(created, ops.add_participant(round_id, "Anna Virtanen", "CDO"))
    return created


def answer(store: WorkbookStore, wb_id: str, question: str, field="current", value=3, **kw):
    round_id = store.read(wb_id).current_round.id
    return store.update(wb_id, edits.answer(round_id, PERSON, question, field, value, **kw))


def everything(store: WorkbookStore) -> tuple:
    """All a store holds, as seen through the protocol: to prove that nothing changed."""
    infos = store.list()
    return (
        infos,
        [export_yaml(store, i.id) for i in infos if not i.problem],
        [store.history(i.id) for i in infos if not i.problem],
        store.deleted(),
    )


def test_a_new_workbook_is_kept_as_readable_yaml(any_store):
    created = any_store.add(
        new_workbook("Kaarnakoski Oy", "CX-työpaja, syksy 2026", "fi", REF, any_store.clock())
    )
    assert created.id == "cx-tyopaja-syksy-2026" and created.revision == 1
    text = export_yaml(any_store, created.id).decode()
    assert "title: CX-työpaja, syksy 2026" in text  # Finnish letters stay readable
    assert "&" not in text and "*" not in text  # one datetime used twice is written twice
    assert any_store.read(created.id) == created


def test_a_second_workbook_with_the_same_title_gets_its_own_id(any_store):
    assert (create(any_store, "Työpaja"), create(any_store, "Työpaja")) == ("tyopaja", "tyopaja-2")
    assert [i.id for i in any_store.list()] == ["tyopaja-2", "tyopaja"]  # newest first


def test_every_save_bumps_the_revision(any_store, wb):
    before = any_store.read(wb).revision
    saved = answer(any_store, wb, "strategy.definition", value=2)
    assert saved.revision == before + 1 and any_store.read(wb) == saved
    data = parse_untrusted(export_yaml(any_store, wb), "f.yaml")
    assert data["assessments"][0]["participants"][0]["answers"] == {
        "strategy.definition": {"current": 2}
    }


def test_an_operation_that_changes_nothing_does_not_save(any_store, wb):
    answer(any_store, wb, "strategy.definition", value=2)
    revision = any_store.read(wb).revision
    assert answer(any_store, wb, "strategy.definition", value=2).revision == revision


def test_clearing_every_field_removes_the_answer(any_store, wb):
    answer(any_store, wb, "strategy.definition", value=2)
    saved = answer(any_store, wb, "strategy.definition", value=None)
    assert saved.current_round.participants[0].answers == {}


def test_rename_keeps_the_id(any_store, wb):
    any_store.update(wb, edits.details("Uusi Oy", "Uusi nimi", "en"))
    renamed = any_store.read(wb)
    assert (renamed.id, renamed.meta.title, renamed.meta.language) == (wb, "Uusi nimi", "en")


def test_a_stale_edit_of_the_same_field_is_refused_and_changes_nothing(any_store, wb):
    answer(any_store, wb, "basics.complaints", value=2)
    answer(any_store, wb, "basics.complaints", value=4, expected=2)  # another tab
    before = everything(any_store)
    with pytest.raises(StaleEdit) as caught:
        answer(any_store, wb, "basics.complaints", value=1, expected=2)  # this tab still saw 2
    assert caught.value.theirs == 4
    assert everything(any_store) == before


def test_a_stale_edit_that_agrees_with_what_is_stored_is_not_refused(any_store, wb):
    answer(any_store, wb, "basics.complaints", value=4, expected=None)  # another tab
    saved = answer(any_store, wb, "basics.complaints", value=4, expected=None)  # this tab too
    assert saved.current_round.participants[0].answers["basics.complaints"].current == 4


def test_edits_of_different_fields_from_stale_views_all_land(any_store, wb):
    answer(any_store, wb, "basics.complaints", "current", 2, expected=None)
    answer(any_store, wb, "basics.complaints", "target", 5, expected=None)
    answer(any_store, wb, "basics.complaints", "note", "hidas", expected="")
    saved = any_store.read(wb).current_round.participants[0].answers["basics.complaints"]
    assert (saved.current, saved.target, saved.note) == (2, 5, "hidas")


def test_a_rename_from_a_stale_form_never_undoes_another_tabs_rename(any_store, wb):
    """Tab A renames; tab B, opened earlier, changes only the organisation: A's title stays."""
    started = any_store.read(wb).meta
    any_store.update(wb, set_field(("meta", "title"), "A:n nimi", started.title))
    any_store.update(wb, set_field(("meta", "organisation"), "B Oy", started.organisation))
    meta = any_store.read(wb).meta
    assert (meta.title, meta.organisation) == ("A:n nimi", "B Oy")
    with pytest.raises(StaleEdit):
        any_store.update(wb, set_field(("meta", "title"), "B:n nimi", started.title))


def test_updates_from_many_threads_all_land(any_store, wb, pack):
    questions = [q.id for _, q in pack.questions][:24]
    start = any_store.read(wb).revision
    errors: list[BaseException] = []

    def work(question: str) -> None:
        try:
            answer(any_store, wb, question, value=4)
        except BaseException as exc:  # collected: a thread's failure must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(q,)) for q in questions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    final = any_store.read(wb)
    assert set(final.current_round.participants[0].answers) == set(questions)
    assert final.revision == start + len(questions)


@pytest.mark.parametrize(
    "edit",
    [
        edits.answer("2026-11", "ghost", "strategy.definition", "current", 3),
        edits.answer("2026-11", PERSON, "strategy.definition", "current", "6"),
        edits.details("", "title", "fi"),
        edits.details("Oy", "\t", "fi"),
        edits.person("2026-11", PERSON, "\x0c", "x"),
    ],
)
def test_an_edit_the_workbook_does_not_allow_is_refused_and_changes_nothing(any_store, wb, edit):
    before = everything(any_store)
    with pytest.raises(InvalidEdit):
        any_store.update(wb, edit)
    assert everything(any_store) == before


def test_a_save_larger_than_a_workbook_may_be_read_is_refused_before_anything_is_written(
    any_store, wb, pack
):
    """Participants with long notes on every answer (each note under its own limit): the save
    that would take the workbook past the limit that reading and importing keep is refused, and
    the workbook stays readable, exportable and importable."""
    round_id = any_store.read(wb).current_round.id
    note = "x" * 19_980
    refused = None
    for n in range(8):
        person = any_store.update(wb, ops.add_participant(round_id, f"P{n}"))
        person_id = person.current_round.participants[-1].id
        notes = [edits.answer(round_id, person_id, q.id, "note", note) for _, q in pack.questions]
        try:
            any_store.update(wb, chain(*notes))
        except SaveFailed as exc:
            refused = exc
            break
    assert refused is not None and refused.reason == "too_large"
    kept = export_yaml(any_store, wb)
    one_more = len(note) * pack.question_count  # the participant's notes that were refused
    assert WORKBOOK_MAX_BYTES - one_more < len(kept) <= WORKBOOK_MAX_BYTES
    assert import_yaml(any_store, kept, "copy.yaml", _packs()).id == f"{wb}-2"


def _packs():
    from cxworkbook import QUESTIONNAIRES_DIR
    from cxworkbook.packs import load_packs

    return load_packs(QUESTIONNAIRES_DIR)


def test_every_save_of_the_last_hour_is_kept_then_fewer_back_to_the_start(any_store):
    """Six hours of saves a minute apart: the last hour's all stay, one per ten minutes before
    that, and the very first version."""
    wb = create(any_store)
    first = any_store.read(wb).meta.updated
    for n in range(6 * 60):
        any_store.clock.now += dt.timedelta(seconds=59)  # and a second per save
        any_store.update(wb, edits.meta("title", f"title {n}"))
    now = any_store.clock.now
    versions = any_store.history(wb)
    assert versions[-1].revision == 1 and versions[-1].saved == first
    last_hour = [v for v in versions if now - v.saved <= dt.timedelta(hours=1)]
    assert len(last_hour) >= 59
    older = [v for v in versions[:-1] if now - v.saved > dt.timedelta(hours=1, minutes=20)]
    gaps = [a.saved - b.saved for a, b in itertools.pairwise(older)]
    assert gaps and all(gap >= dt.timedelta(minutes=10) for gap in gaps)
    assert len(versions) < 60 + 5 * 6 + THIN_EVERY + 2


def test_the_state_at_a_moment_can_be_brought_back(any_store, wb):
    titles = {}
    for title in ["one", "two", "three", "four"]:
        saved = any_store.update(wb, edits.meta("title", title))
        titles[saved.meta.updated] = title
    moment = sorted(titles)[1] + dt.timedelta(milliseconds=500)
    at = max((v for v in any_store.history(wb) if v.saved <= moment), key=lambda v: v.revision)
    assert any_store.version(wb, at.revision).meta.title == "two"
    restored = any_store.restore_version(wb, at.revision)
    assert (
        restored.meta.title == "two" and restored.revision == any_store.history(wb)[0].revision + 1
    )
    assert any_store.history(wb)[0].revision == restored.revision - 1  # what it replaced is kept
    with pytest.raises(StoreError):
        any_store.version(wb, 999)


def test_delete_moves_to_the_trash_and_restore_brings_it_back_with_its_history(any_store, wb):
    any_store.update(wb, edits.meta("title", "Ennen poistoa"))
    content, history = any_store.read(wb), any_store.history(wb)
    gone = any_store.delete(wb)
    assert [d.key for d in any_store.deleted()] == [gone.key]
    with pytest.raises(WorkbookNotFound):
        any_store.read(wb)
    back = any_store.restore_deleted(gone.key)
    assert back.id == wb and any_store.read(wb).current_round == content.current_round
    assert any_store.history(wb)[: len(history)] == history
    assert any_store.deleted() == []


def test_an_id_is_not_handed_out_again_while_its_trash_copy_or_history_exists(any_store, wb):
    """Delete "Työpaja 2026", create it again: the new one gets an id of its own and no history,
    and the deleted one comes back under its own id with its own history."""
    any_store.update(wb, edits.meta("title", "Työpaja 2026"))
    gone = any_store.delete(wb)
    again = create(any_store, "Työpaja 2026")
    assert again != wb and any_store.history(again) == []
    assert any_store.restore_deleted(gone.key).id == wb
    assert any_store.history(wb) != []
    imported = import_yaml(any_store, export_yaml(any_store, wb), "copy.yaml", _packs())
    assert imported.id not in (wb, again) and any_store.history(imported.id) == []


@pytest.mark.parametrize("bad", ["../etc/passwd", "a/b", "UPPER", "", "a" * 80, "..", ".history"])
def test_ids_that_are_not_slugs_are_never_found(any_store, bad):
    with pytest.raises(WorkbookNotFound):
        any_store.read(bad)
    with pytest.raises(WorkbookNotFound):
        any_store.restore_deleted(bad)


def test_export_and_import_make_a_copy(any_store, wb, packs):
    imported = import_yaml(any_store, export_yaml(any_store, wb), "copy.yaml", packs)
    assert imported.id == f"{wb}-2"
    original, copy = any_store.read(wb), any_store.read(imported.id)
    assert copy.current_round == original.current_round
    assert copy.meta.title == original.meta.title


BAD_IMPORTS = {
    "not yaml": b"a: [1, 2\n",
    "a list": b"- 1\n- 2\n",
    "wrong type": None,  # filled in below from the example
    "unknown field": None,
    "unknown pack": None,
    "a key twice": None,
    "bomb": BILLION_LAUGHS,
    "deep": b"[" * 100_000 + b"]" * 100_000,
    "binary": bytes(range(256)) * 16,
    "too large": b"x: '" + b"y" * (WORKBOOK_MAX_BYTES + 1) + b"'",
}


def _bad_import(name: str, example: bytes) -> bytes:
    text = example.decode()
    if name == "wrong type":
        return text.replace("current: 2", "current: three", 1).encode()
    if name == "unknown field":
        return text.replace("revision: 1", "revision: 1\nsecret: 1", 1).encode()
    if name == "unknown pack":
        return text.replace("id: cx-maturity", "id: other-pack", 1).encode()
    if name == "a key twice":
        return text.replace("revision: 1", "revision: 1\nrevision: 2", 1).encode()
    return BAD_IMPORTS[name]


@pytest.fixture
def with_example(any_store, assessed_examples) -> WorkbookStore:
    from cxworkbook.store.workbooks import seed_examples

    seed_examples(any_store, assessed_examples)
    return any_store


@pytest.mark.parametrize("name", list(BAD_IMPORTS))
def test_a_bad_import_changes_nothing_and_says_why(with_example, packs, name):
    data = _bad_import(name, export_yaml(with_example, EXAMPLE_ID))
    before = everything(with_example)
    with pytest.raises(FileProblems) as caught:
        import_yaml(with_example, data, "upload.yaml", packs)
    assert everything(with_example) == before
    assert str(caught.value).startswith("upload.yaml")


def test_an_import_error_names_line_and_field(with_example, packs):
    data = _bad_import("wrong type", export_yaml(with_example, EXAMPLE_ID))
    with pytest.raises(FileProblems) as caught:
        import_yaml(with_example, data, "upload.yaml", packs)
    problem = caught.value.problems[0]
    assert problem.field == "assessments[0].participants[0].answers.strategy.definition.current"
    assert "current: three" in data.decode().splitlines()[problem.line - 1]


def test_an_import_with_an_id_that_is_not_a_slug_says_so_in_words(with_example, packs):
    data = export_yaml(with_example, EXAMPLE_ID).decode().replace("id: 2026-10", "id: Loka 2026", 1)
    with pytest.raises(FileProblems) as caught:
        import_yaml(with_example, data.encode(), "upload.yaml", packs)
    message = caught.value.problems[0].message
    assert "lowercase letters a–z, digits and hyphens" in message and "^[" not in message


def test_an_import_of_an_unknown_pack_is_named(with_example, packs):
    data = _bad_import("unknown pack", export_yaml(with_example, EXAMPLE_ID))
    with pytest.raises(FileProblems, match="questionnaire other-pack version 2 is not installed"):
        import_yaml(with_example, data, "upload.yaml", packs)
