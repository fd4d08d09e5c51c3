"""The app on the team server's store: with CXWORKBOOK_DATABASE_URL set, the pages read and write
the PostgreSQL database (and no data folder), and a database that goes away mid-workshop keeps
what a participant typed until it is back."""

from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from benchmarks.team import Cluster
from cxworkbook import EXAMPLES_DIR
from cxworkbook.edits import path_key
from cxworkbook.ops import answer_path
from cxworkbook.store import DATABASE_ENV, open_database
from cxworkbook.ui import context
from cxworkbook.yamlio import parse_untrusted
from tests.app.conftest import ASSESSMENT, assert_no_exception, errors, texts
from tests.conftest import EXAMPLE_ID
from tests.postgres import start_server

NOTE = path_key((*answer_path("2026-10", "anna", "strategy.definition"), "note"))


def answers_in_database(url: str, participant: str = "anna") -> dict:
    with psycopg.connect(url) as db:
        [(body,)] = db.execute("SELECT body FROM workbooks WHERE id = %s", (EXAMPLE_ID,))
    people = parse_untrusted(body.encode(), "f.yaml")["assessments"][0]["participants"]
    return next(p for p in people if p["id"] == participant).get("answers", {})


def on_database(url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The app set up with the database at `url`; its store closed once the test is done."""
    monkeypatch.setenv(DATABASE_ENV, url)
    yield url
    context._store(url).close()
    context._store.cache_clear()


@pytest.fixture
def database(postgres: Cluster, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    yield from on_database(postgres.new_database(), monkeypatch)


def test_the_first_start_on_an_empty_database_opens_onto_the_example(
    first_run_app, database, data_dir
):
    at = first_run_app()
    assert_no_exception(at)
    assert at.session_state["wb"] == EXAMPLE_ID
    assert at.title[0].value == "Digitaalisen asiakaskokemuksen työpaja"
    assert "Kypsyysarvio" in texts(at)
    assert not data_dir.exists()


def test_an_answer_lands_in_the_database(first_run_app, database):
    page = first_run_app(ASSESSMENT, lang="en", wb=EXAMPLE_ID)
    page.text_input(key=NOTE).input("Kirjattu tietokantaan").run()
    assert_no_exception(page)
    assert answers_in_database(database)["strategy.definition"]["note"] == "Kirjattu tietokantaan"


@pytest.fixture
def own_server() -> Iterator[Cluster]:
    yield from start_server()


def test_while_the_database_is_away_what_was_typed_stays_and_saves_once_it_is_back(
    first_run_app, own_server, monkeypatch
):
    url = own_server.new_database()
    open_database(url, EXAMPLES_DIR).close()
    for _ in on_database(url, monkeypatch):
        page = first_run_app(ASSESSMENT, lang="en", wb=EXAMPLE_ID)
        before = answers_in_database(url)
        own_server.stop()
        page.text_input(key=NOTE).input("Tärkeä huomio katkon aikana").run()
        assert_no_exception(page)
        assert "Not saved: The workbooks cannot be reached just now" in errors(page)
        assert page.text_input(key=NOTE).value == "Tärkeä huomio katkon aikana"
        own_server.start()
        assert answers_in_database(url) == before
        page.button(key=f"retry-{NOTE}").click().run()
        assert_no_exception(page)
        saved = answers_in_database(url)["strategy.definition"]["note"]
        assert saved == "Tärkeä huomio katkon aikana"
