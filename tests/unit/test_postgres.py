"""What the PostgreSQL store does beyond the promises every store keeps (those are in
`test_store_behaviour`, run on both): the first start on an empty database, servers starting at
once, a newer schema, a database that goes away mid-workshop, and credentials kept out of errors."""

from __future__ import annotations

import threading

import psycopg
import pytest

from cxworkbook import EXAMPLES_DIR
from cxworkbook.errors import SaveFailed, StoreError
from cxworkbook.store import DATABASE_ENV, open_database
from cxworkbook.store import postgres as pg
from cxworkbook.store.postgres import PostgresStore
from cxworkbook.ui import context
from tests import edits
from tests.conftest import EXAMPLE_ID
from tests.postgres import start_server


def test_the_first_start_makes_the_schema_and_the_example_once(postgres):
    url = postgres.new_database()
    first = open_database(url, EXAMPLES_DIR)
    assert [info.id for info in first.list()] == [EXAMPLE_ID]
    again = open_database(url, EXAMPLES_DIR)
    assert [info.id for info in again.list()] == [EXAMPLE_ID]


def test_servers_starting_at_once_on_an_empty_database_seed_it_once(postgres):
    url = postgres.new_database()
    stores, errors = [], []

    def start() -> None:
        try:
            stores.append(open_database(url, EXAMPLES_DIR))
        except BaseException as exc:  # collected: a thread's failure must fail the test
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(stores) == 4
    assert [info.id for info in stores[0].list()] == [EXAMPLE_ID]


def test_a_newer_app_upgrades_an_older_schema_once_under_servers_starting_together(
    postgres, monkeypatch
):
    url = postgres.new_database()
    PostgresStore(url).close()  # the schema as this version makes it
    newer = (*pg.MIGRATIONS, ("ALTER TABLE workbooks ADD COLUMN facilitator text",))
    monkeypatch.setattr(pg, "MIGRATIONS", newer)
    errors = []

    def start() -> None:
        try:
            PostgresStore(url).close()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with psycopg.connect(url) as db:
        assert db.execute("SELECT version FROM cx_schema").fetchall() == [(len(newer),)]
        columns = db.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'workbooks'"
        ).fetchall()
    assert ("facilitator",) in columns


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
