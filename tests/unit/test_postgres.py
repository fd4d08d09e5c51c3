"""What the PostgreSQL store does beyond the promises every store keeps (those are in
`test_store_behaviour`, run on both): the first start on an empty database, servers starting at
once, a newer schema, saves from two servers at once, a database that goes away mid-workshop, and
credentials kept out of errors."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar

import psycopg
import pytest

from benchmarks.large import build_large
from benchmarks.team import USER
from cxworkbook import EXAMPLES_DIR, PROJECT_ROOT
from cxworkbook.__main__ import main
from cxworkbook.edits import Operation
from cxworkbook.errors import SaveFailed, StaleEdit, StoreError
from cxworkbook.store import DATABASE_ENV, FileStore, open_data_folder, open_database
from cxworkbook.store import postgres as pg
from cxworkbook.store.history import Version
from cxworkbook.store.postgres import PostgresStore
from cxworkbook.store.workbooks import export_yaml
from cxworkbook.ui import context
from tests import edits
from tests.conftest import EXAMPLE_ID
from tests.postgres import start_server

T = TypeVar("T")


def at_once(start: Callable[[], T], servers: int) -> list[T]:
    """`start()` in `servers` threads at the same moment, as servers starting together; each
    one's result, or the first failure raised."""
    with ThreadPoolExecutor(servers) as pool:
        return list(pool.map(lambda _: start(), range(servers)))


def test_the_first_start_makes_the_schema_and_the_example_once(postgres):
    url = postgres.new_database()
    first = open_database(url, EXAMPLES_DIR)
    assert [info.id for info in first.list()] == [EXAMPLE_ID]
    again = open_database(url, EXAMPLES_DIR)
    assert [info.id for info in again.list()] == [EXAMPLE_ID]


def test_servers_starting_at_once_on_an_empty_database_seed_it_once(postgres):
    url = postgres.new_database()
    stores = at_once(lambda: open_database(url, EXAMPLES_DIR), 4)
    assert [info.id for info in stores[0].list()] == [EXAMPLE_ID]


def test_a_newer_app_upgrades_an_older_schema_once_under_servers_starting_together(
    postgres, monkeypatch
):
    url = postgres.new_database()
    PostgresStore(url).close()  # the schema as this version makes it
    newer = (*pg.MIGRATIONS, ("ALTER TABLE workbooks ADD COLUMN unit text",))
    monkeypatch.setattr(pg, "MIGRATIONS", newer)
    for store in at_once(lambda: PostgresStore(url), 3):
        store.close()
    with psycopg.connect(url) as db:
        assert db.execute("SELECT version FROM cx_schema").fetchall() == [(len(newer),)]
        columns = db.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'workbooks'"
        ).fetchall()
    assert ("unit",) in columns


def _has_lz4(url: str) -> bool:
    with psycopg.connect(url) as db:
        try:
            db.execute("SET default_toast_compression = lz4")
        except psycopg.errors.InvalidParameterValue:
            return False
        return True


def test_workbook_texts_are_compressed_with_lz4_where_the_server_has_it(postgres):
    url = postgres.new_database()
    PostgresStore(url).close()
    with psycopg.connect(url) as db:
        methods = db.execute(
            "SELECT attrelid::regclass::text, attcompression FROM pg_attribute"
            " WHERE attname = 'body' AND attrelid IN ('workbooks'::regclass,"
            " 'history'::regclass, 'trash'::regclass)"
        ).fetchall()
    method = "l" if _has_lz4(url) else ""  # "": the server's own
    assert sorted(methods) == [("history", method), ("trash", method), ("workbooks", method)]


def two_servers(url: str) -> tuple[PostgresStore, PostgresStore]:
    """Two stores on one database, as two app servers hold them in a workshop under way: each
    has saved the example once (a server's first save of a workbook looks at its history)."""
    servers = open_database(url, EXAMPLES_DIR), PostgresStore(url)
    for number, server in enumerate(servers):
        server.update(EXAMPLE_ID, edits.meta("facilitator", f"Server {number}"))
    return servers


def notes(store: PostgresStore) -> dict[str, str]:
    [person, *_] = store.read(EXAMPLE_ID).current_round.participants
    return {question: answer.note for question, answer in person.answers.items()}


def note_edit(store: PostgresStore, question: str, note: str, shown: str) -> Operation:
    """A participant's note on `question` changed from `shown`, as a page sends it."""
    workbook = store.read(EXAMPLE_ID)
    person = workbook.current_round.participants[0]
    return edits.answer(workbook.current_round.id, person.id, question, "note", note, shown)


def test_saves_from_two_servers_land_in_turn_and_a_stale_one_is_refused(postgres):
    one, other = two_servers(postgres.new_database())
    first, second, *_ = shown = notes(one)
    start = one.read(EXAMPLE_ID).revision
    # each edit made on a page drawn before the other server's save
    from_one, again = (note_edit(one, first, note, shown[first]) for note in ("1", "1 again"))
    from_other = note_edit(other, second, "2", shown[second])
    one.update(EXAMPLE_ID, from_one)
    other.update(EXAMPLE_ID, from_other)
    with pytest.raises(StaleEdit):
        one.update(EXAMPLE_ID, again)  # the note it changes is no longer the one shown
    assert notes(one) == notes(other) == {**shown, first: "1", second: "2"}
    assert other.read(EXAMPLE_ID).revision == start + 2
    assert [v.revision for v in one.history(EXAMPLE_ID)][:2] == [start + 1, start]


def test_saves_racing_from_two_servers_all_land_one_revision_each(postgres):
    servers = two_servers(postgres.new_database())
    shown = notes(servers[0])
    questions = list(shown)[:12]
    start = servers[0].read(EXAMPLE_ID).revision

    def save(n: int) -> None:
        server = servers[n % 2]
        server.update(EXAMPLE_ID, note_edit(server, questions[n], f"note {n}", shown[questions[n]]))

    with ThreadPoolExecutor(6) as pool:
        list(pool.map(save, range(len(questions))))
    for server in servers:
        saved = notes(server)
        assert [saved[q] for q in questions] == [f"note {n}" for n in range(len(questions))]
        assert server.read(EXAMPLE_ID).revision == start + len(questions)
    kept = {v.revision for v in servers[1].history(EXAMPLE_ID)}
    assert set(range(start, start + len(questions))) <= kept  # each replaced version kept


def test_the_app_uses_the_database_when_its_url_is_set(postgres, monkeypatch, data_dir):
    monkeypatch.setenv(DATABASE_ENV, postgres.new_database())
    store = context.store()
    assert isinstance(store, PostgresStore)
    assert [info.id for info in store.list()] == [EXAMPLE_ID]
    assert not data_dir.exists()  # nothing went to a data folder


def test_a_wrong_password_is_told_without_the_password(postgres):
    url = (
        postgres.url("postgres")
        .replace("cx@", "cx:sekret-salasana@")
        .replace("host=", "host=/nonexistent-")
    )
    with pytest.raises(StoreError) as caught:
        PostgresStore(url)
    assert caught.value.reason == "unavailable"
    assert "sekret" not in str(caught.value) and "nonexistent" not in str(caught.value)


@pytest.fixture
def own_server():
    """A server of this test's own, to stop and start again."""
    yield from start_server()


def test_while_the_database_is_away_pages_show_the_last_read_and_saves_wait(own_server):
    url = own_server.new_database()
    store = open_database(url, EXAMPLES_DIR)
    shown = store.read(EXAMPLE_ID)
    listed = store.list()
    own_server.stop()
    assert store.read(EXAMPLE_ID) == shown
    assert store.list() == listed
    with pytest.raises(SaveFailed) as caught:
        store.update(EXAMPLE_ID, edits.meta("title", "Kirjoitettu katkon aikana"))
    assert caught.value.reason == "unavailable"
    own_server.start()
    saved = store.update(EXAMPLE_ID, edits.meta("title", "Kirjoitettu katkon aikana"))
    assert saved.revision == shown.revision + 1
    with psycopg.connect(url) as db:
        stored = db.execute("SELECT title FROM workbooks WHERE id = %s", (EXAMPLE_ID,)).fetchone()
    assert stored == ("Kirjoitettu katkon aikana",)


def filled_folder(root, pack) -> FileStore:
    """The example and the large benchmark workbook, each with a history, and one in the trash."""
    store = open_data_folder(root, EXAMPLES_DIR)
    large = build_large(store, pack).id
    for title in ("Ensimmäinen", "Toinen"):
        store.update(large, edits.meta("title", title))
        store.update(EXAMPLE_ID, edits.meta("title", title))
    gone = store.add(store.read(EXAMPLE_ID).model_copy(update={"id": "poistettava"})).id
    store.update(gone, edits.meta("title", "Poistettu"))
    store.delete(gone)
    return store


def test_a_folder_moves_into_the_database_and_back_out_without_losing_a_byte(
    postgres, tmp_path, pack, monkeypatch, capsys
):
    folder = filled_folder(tmp_path / "before", pack)
    url = postgres.new_database()
    monkeypatch.setenv(DATABASE_ENV, url)
    assert main(["migrate", "to-database", str(folder.root)]) == 0
    assert "moved 2 workbooks, 3 histories and 1 deleted workbooks" in capsys.readouterr().out
    database = PostgresStore(url)
    assert database.kept() == folder.kept()
    assert export_yaml(database, EXAMPLE_ID) == export_yaml(folder, EXAMPLE_ID)
    assert database.history(EXAMPLE_ID) == [
        Version(v.revision, v.saved, v.size) for v in folder.history(EXAMPLE_ID)
    ]
    database.close()

    assert main(["migrate", "to-folder", str(tmp_path / "after")]) == 0
    after = FileStore(tmp_path / "after")
    assert after.kept() == folder.kept()
    files = sorted(p.relative_to(folder.root) for p in folder.root.rglob("*.yaml"))
    assert sorted(p.relative_to(after.root) for p in after.root.rglob("*.yaml")) == files
    for name in files:
        assert (after.root / name).read_bytes() == (folder.root / name).read_bytes()


def test_moving_onto_workbooks_already_there_moves_nothing(postgres, tmp_path, monkeypatch, capsys):
    url = postgres.new_database()
    open_database(url, EXAMPLES_DIR).close()  # the database has the example already
    folder = open_data_folder(tmp_path / "data", EXAMPLES_DIR)
    folder.add(folder.read(EXAMPLE_ID).model_copy(update={"id": "toinen"}))
    monkeypatch.setenv(DATABASE_ENV, url)
    assert main(["migrate", "to-database", str(folder.root)]) == 1
    assert f"already kept there: {EXAMPLE_ID}; nothing was moved" in capsys.readouterr().err
    with psycopg.connect(url) as db:
        assert db.execute("SELECT id FROM workbooks").fetchall() == [(EXAMPLE_ID,)]


def test_migrate_says_what_it_needs(monkeypatch, tmp_path, capsys):
    monkeypatch.delenv(DATABASE_ENV, raising=False)
    assert main(["migrate", "to-database", str(tmp_path)]) == 1
    assert f"set {DATABASE_ENV}" in capsys.readouterr().err


def test_the_role_deploy_sets_up_is_enough_for_the_app_and_no_more(postgres):
    psql = postgres.binaries / "psql"
    if not psql.exists():
        psql = Path(shutil.which("psql") or "psql")
    script = PROJECT_ROOT / "deploy" / "database.sql"
    settings = ["-v", "ON_ERROR_STOP=1", "-v", "password=x", "-f", str(script)]
    subprocess.run(
        [str(psql), postgres.url("postgres"), *settings], check=True, capture_output=True
    )
    url = postgres.url("cx").replace(f"{USER}@", "cx_app@")
    store = open_database(url, EXAMPLES_DIR)  # makes its tables and the example
    store.update(EXAMPLE_ID, edits.meta("title", "Tiimin työkirja"))
    assert store.read(EXAMPLE_ID).meta.title == "Tiimin työkirja"
    store.close()
    with psycopg.connect(url, autocommit=True) as db:
        [(superuser, create_db, create_role)] = db.execute(
            "SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = current_user"
        )
        assert (superuser, create_db, create_role) == (False, False, False)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            db.execute("CREATE DATABASE another")


def test_a_folder_with_a_broken_workbook_moves_nothing_and_says_which(
    postgres, tmp_path, monkeypatch, capsys
):
    folder = open_data_folder(tmp_path / "data", EXAMPLES_DIR)
    (folder.root / "rikki.yaml").write_text("meta: [kesken\n", encoding="utf-8")
    url = postgres.new_database()
    monkeypatch.setenv(DATABASE_ENV, url)
    assert main(["migrate", "to-database", str(folder.root)]) == 1
    assert "rikki.yaml" in capsys.readouterr().err
    with psycopg.connect(url) as db:
        assert db.execute("SELECT count(*) FROM workbooks").fetchall() == [(0,)]
