"""The load benchmark's client speaks Streamlit's protocol as the browser does; this keeps it honest
when Streamlit changes: its answers must land exactly as clicks do."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from benchmarks.load import Session, answer_key, prepare, prepare_room
from cxworkbook.store import FileStore
from tests.e2e.conftest import AppServer

pytestmark = pytest.mark.e2e


async def _answer_in_turn(port: int, round_id: str, workbook_id: str) -> list[Session]:
    query = f"lang=fi&wb={workbook_id}&view=answer&dimension=strategy"
    people = [Session(p, f"{query}&participant={p}") for p in ("p0", "p1")]
    for person in people:
        await person.open(port)
    first, second = people
    await first.answer(answer_key(round_id, "p0", "strategy.definition", "current"), 4)
    await second.answer(answer_key(round_id, "p1", "strategy", "target"), 2)
    await first.answer(answer_key(round_id, "p0", "strategy.vision", "current"), 1)
    await first.answer(answer_key(round_id, "p0", "strategy.definition", "current"), 5)
    for person in people:
        await person.close()
    return people


def test_the_load_client_answers_land_on_disk_as_clicks_do(tmp_path):
    root = tmp_path / "data"
    workbook_id, round_id = prepare(FileStore(root), 2)
    app = AppServer(root)
    try:
        # A thread of its own: Playwright's sync API may already run an event loop in this one.
        with ThreadPoolExecutor(1) as thread:
            people = thread.submit(
                asyncio.run, _answer_in_turn(app.port, round_id, workbook_id)
            ).result()
    finally:
        app.stop()
    assert [len(p.latencies) for p in people] == [3, 1]
    answers = {
        p.id: p.answers for p in FileStore(root).read(workbook_id).current_round.participants
    }
    assert answers["p0"]["strategy.definition"].current == 5
    assert answers["p0"]["strategy.vision"].current == 1
    assert answers["p1"]["strategy"].target == 2
    assert "strategy.definition" not in answers["p1"]


async def _tap_on_phones(port: int, round_id: str, workbook_id: str, links: list[str]) -> list:
    phones = [Session(f"p{n}", f"lang=fi&room={workbook_id}&me={s}") for n, s in enumerate(links)]
    for phone in phones:
        await phone.open(port, "")
    first, second = phones
    await first.answer(answer_key(round_id, "p0", "strategy.definition", "current"), 4)
    await second.answer(answer_key(round_id, "p1", "strategy", "target"), 2)
    await first.refresh()
    await first.answer(answer_key(round_id, "p0", "strategy.definition", "current"), 5)
    for phone in phones:
        await phone.close()
    return phones


def test_the_load_clients_phones_tap_inside_the_fragment_and_land(tmp_path):
    """A phone's tap reruns only the fragment it is in, as in the browser, and lands."""
    root = tmp_path / "data"
    workbook_id, round_id, links = prepare_room(FileStore(root), 2)
    app = AppServer(root)
    try:
        with ThreadPoolExecutor(1) as thread:
            phones = thread.submit(
                asyncio.run, _tap_on_phones(app.port, round_id, workbook_id, links)
            ).result()
    finally:
        app.stop()
    first = phones[0]
    tapped = answer_key(round_id, "p0", "strategy.definition", "current")
    assert first.fragment_of[next(i for i in first.values if i.endswith(tapped))]
    assert first.auto and len(first.refreshes) == 1
    answers = {
        p.id: p.answers for p in FileStore(root).read(workbook_id).current_round.participants
    }
    assert answers["p0"]["strategy.definition"].current == 5
    assert answers["p1"]["strategy"].target == 2
