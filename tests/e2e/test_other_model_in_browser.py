"""A workshop on another maturity model in the real app, on a projector: a pack shaped like OWASP
SAMM v2 from the consultancy's own folder, English-only in a Finnish UI. Its options are buttons
with their words, the keyboard picks them, and axe finds nothing serious."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cxworkbook import ops
from cxworkbook.packs import PACKS_ENV, load_packs
from cxworkbook.store import FileStore
from cxworkbook.store.workbooks import new_workbook
from cxworkbook.yamlio import parse_untrusted
from tests.e2e.conftest import AppServer, accessibility_failures, assert_no_exception
from tests.e2e.tabs import one_run, show
from tests.unit.test_other_model_workshop import PACKS_DIR

SAMM = load_packs(PACKS_DIR).get("samm-shaped", 1)


@pytest.fixture(scope="module")
def samm_server(
    tmp_path_factory: pytest.TempPathFactory, chromium_path: str
) -> Iterator[AppServer]:
    data = tmp_path_factory.mktemp("samm") / "data"
    store = FileStore(data)
    workbook = store.add(
        new_workbook("Ohjelmistotalo Oy", "Tietoturva", "fi", SAMM.ref, dt.datetime.now(dt.UTC))
    )
    store.update(workbook.id, ops.add_participant(workbook.assessments[0].id, "Anna"))
    app = AppServer(data, env={PACKS_ENV: str(PACKS_DIR)})
    yield app
    app.stop()


def answers(server: AppServer) -> dict:
    data = parse_untrusted((server.data_dir / "tietoturva.yaml").read_bytes(), "f.yaml")
    return data["assessments"][0]["participants"][0].get("answers", {})


def test_options_are_words_the_keyboard_picks_and_the_page_is_accessible(samm_server, page):
    page.set_viewport_size({"width": 1024, "height": 768})
    show(page, f"{samm_server.url}/assessment?lang=fi&wb=tietoturva")
    assert_no_exception(page)
    expect(page.get_by_role("heading", name="SM · Strategy and metrics")).to_be_visible()
    first = page.locator("[class*=st-key-card_strategy_a1] [role=radiogroup]").first
    expect(first.get_by_role("radio", name="Yes, for some")).to_be_visible()
    for key in ("Digit2", "Digit4"):  # the second option of the first, the fourth of the next
        with one_run(page):
            page.keyboard.press(key)
    assert answers(samm_server) == {
        "strategy.a1": {"current": 0.25},
        "strategy.a2": {"current": 1},
    }
    assert accessibility_failures(page) == []
    page.screenshot(path=str(Path(samm_server.data_dir).parent / "samm-assessment.png"))
