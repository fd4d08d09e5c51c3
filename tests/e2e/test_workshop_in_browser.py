"""The reveal in a real browser: two participants' answers stay hidden until the facilitator
reveals them, and then everyone, in any tab, sees the results."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cxworkbook import QUESTIONNAIRES_DIR, ops
from cxworkbook.packs import load_packs
from cxworkbook.store import FileStore
from tests import edits
from tests.conftest import create
from tests.e2e.conftest import assert_no_exception
from tests.e2e.tabs import open_tab, wait_idle

pytestmark = pytest.mark.e2e


def test_the_facilitator_reveals_the_answers_to_everyone(server, browser, page):
    store = FileStore(server.data_dir)
    created = create(
        store, "Testi Oy", "Työpaja", "en", load_packs(QUESTIONNAIRES_DIR).latest("cx-maturity").ref
    )
    round_id = created.current_round.id
    for name, value in (("Anna", 5), ("Pekka", 1)):
        store.update(created.id, ops.add_participant(round_id, name, "CX"))
        pid = name.lower()
        store.update(
            created.id, edits.answer(round_id, pid, "strategy.definition", "current", value)
        )

    results = f"{server.url}/assessment?lang=en&wb={created.id}&view=results"
    page.goto(results)
    wait_idle(page)
    expect(page.get_by_text("The answers are hidden.")).to_be_visible()
    expect(page.locator("[data-testid=stVegaLiteChart]")).to_have_count(0)

    other = open_tab(browser)
    other.goto(results)
    wait_idle(other)
    expect(other.get_by_text("The answers are hidden.")).to_be_visible()

    page.get_by_role("button", name="Reveal the answers to everyone").click()
    wait_idle(page)
    expect(page.get_by_text("Overall 3.0 of 5")).to_be_visible()
    expect(page.locator("[data-testid=stVegaLiteChart]").first).to_be_visible()

    other.reload()
    wait_idle(other)
    expect(other.get_by_text("The answers are hidden.")).to_have_count(0)
    expect(other.locator("[data-testid=stVegaLiteChart]").first).to_be_visible()
    assert_no_exception(page)
    assert_no_exception(other)
    other.context.close()
