"""What a facilitator must be able to trust, in a real browser: two tabs on one workbook never
overwrite each other silently, a server restart loses nothing, and hostile text in every field
never runs, in the app or in the exported HTML."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, WebSocketRoute, expect
from streamlit.proto.BackMsg_pb2 import BackMsg

from cxworkbook import ops
from cxworkbook.store import Store
from cxworkbook.yamlio import parse_untrusted
from tests.conftest import EXAMPLE_ID
from tests.e2e.conftest import AppServer, assert_no_exception
from tests.e2e.tabs import is_run_end, one_run, open_tab, show, wait_idle
from tests.unit.test_report import HOSTILE, fill

pytestmark = pytest.mark.e2e
ANSWER = f"/assessment?lang=en&wb={EXAMPLE_ID}&view=answer&participant=anna&dimension=strategy"


def current(server, question: str) -> int:
    data = parse_untrusted((server.data_dir / f"{EXAMPLE_ID}.yaml").read_bytes(), "f.yaml")
    return data["assessments"][0]["participants"][0]["answers"][question]["current"]


def click(page, question: str, value: int) -> None:
    key = f".st-key-ans_2026-10_anna_{question.replace('.', '_')}_current"
    with one_run(page):
        page.locator(key).get_by_role("radio", name=str(value)).click()


def test_two_tabs_edit_different_answers_and_a_stale_edit_is_reported(server, browser, page):
    other = open_tab(browser)
    for tab in (page, other):
        tab.goto(server.url + ANSWER)
        wait_idle(tab)
    click(page, "strategy.definition", 4)
    click(other, "strategy.vision-pillars", 5)  # the other tab has not seen the first edit
    assert (current(server, "strategy.definition"), current(server, "strategy.vision-pillars")) == (
        4,
        5,
    )
    click(page, "strategy.definition", 1)
    click(other, "strategy.definition", 2)  # the other tab still shows 4: stale
    expect(
        other.get_by_text("Someone else changed this while you were editing it.")
    ).to_be_visible()
    expect(other.get_by_text("Their value: 1.")).to_be_visible()
    assert current(server, "strategy.definition") == 1
    with one_run(other):
        other.get_by_role("button", name="Save mine over theirs").click()
    assert current(server, "strategy.definition") == 2
    assert_no_exception(other)
    other.context.close()


def test_a_server_restart_loses_nothing(server, page):
    page.goto(server.url + ANSWER)
    wait_idle(page)
    click(page, "strategy.definition", 5)
    server.stop()
    restarted = AppServer(server.data_dir)
    try:
        page.goto(restarted.url + ANSWER)
        wait_idle(page)
        box = page.locator(".st-key-ans_2026-10_anna_strategy_definition_current")
        expect(box.get_by_role("radio", name="5")).to_have_attribute("aria-checked", "true")
    finally:
        restarted.stop()


def note(server, question: str) -> str | None:
    data = parse_untrusted((server.data_dir / f"{EXAMPLE_ID}.yaml").read_bytes(), "f.yaml")
    return data["assessments"][0]["participants"][0]["answers"][question].get("note")


class EditHeldBack:
    """The app's connection, with the browser's message carrying widget `key` held back while
    `holding`, until the server has finished the run in progress: what a busy server sees when
    a click on the menu and the edit that click committed arrive close together."""

    def __init__(self, page: Page, key: str) -> None:
        self.key = key
        self.holding = False
        self.held: list[bytes] = []
        self.released = False
        self.runs_after_release = 0
        page.route_web_socket(re.compile(r"/_stcore/stream"), self.route)

    def type_then_click(self, page: Page, text: str, link: str) -> None:
        """Type `text` into the field and click `link` in the menu, the field's message held
        back until the page asked for has been drawn; return once the runs that follow end."""
        self.holding = True
        page.locator(f".st-key-{self.key} input").fill(text)
        page.get_by_role("link", name=link).click()
        while self.runs_after_release == 0:
            page.wait_for_timeout(50)  # lets Playwright deliver the connection's messages
        wait_idle(page)

    def route(self, browser_side: WebSocketRoute) -> None:
        server_side = browser_side.connect_to_server()
        browser_side.on_message(lambda message: self.upward(server_side, message))
        server_side.on_message(lambda message: self.downward(browser_side, server_side, message))

    def upward(self, server_side: WebSocketRoute, message: str | bytes) -> None:
        if self.holding and self.carries_the_edit(message):
            self.held.append(message)
        else:
            server_side.send(message)

    def downward(self, browser_side, server_side, message: str | bytes) -> None:
        browser_side.send(message)
        if not is_run_end(message):
            return
        if self.held:
            self.holding = False
            for held in self.held:
                server_side.send(held)
            self.held = []
            self.released = True
        elif self.released:
            self.runs_after_release += 1

    def carries_the_edit(self, message: str | bytes) -> bool:
        if isinstance(message, str):
            return False
        widgets = BackMsg.FromString(message).rerun_script.widget_states.widgets
        return any(w.id.endswith(self.key) for w in widgets)


def test_a_note_typed_just_before_a_click_on_the_menu_is_saved_and_the_menu_obeyed(server, page):
    """The browser commits a text field when it loses focus, and sends it after the click on the
    menu that took the focus: the server runs the page asked for, then the page left, with the
    note. Holding the note back until the first of those runs has finished makes that order
    certain. The note must land, and the page asked for must be the one shown. Streamlit then
    reports every field of the page left as changed; another tab's answer saved meanwhile to one
    of them must stay, with no conflict reported for a field this tab never touched."""
    key = "ans_2026-10_anna_strategy_definition_note"
    connection = EditHeldBack(page, key)
    page.goto(server.url + ANSWER)
    wait_idle(page)
    text = "Kirjoitettu juuri ennen siirtymistä"
    other_tab = Store(server.data_dir)
    other_tab.update(
        EXAMPLE_ID, ops.set_answer("2026-10", "anna", "strategy.vision-pillars", "current", 1)
    )
    connection.type_then_click(page, text, "CRM state")
    assert note(server, "strategy.definition") == text
    expect(page).to_have_url(re.compile(r"/crm\?"))
    expect(page.get_by_role("heading", name="CRM state")).to_be_visible()
    assert current(server, "strategy.vision-pillars") == 1
    expect(page.get_by_text("Saved · revision")).to_be_visible()
    page.get_by_role("link", name="Maturity assessment").click()
    expect(page.locator(f".st-key-{key} input")).to_have_value(text)
    assert_no_exception(page)


def test_a_count_typed_in_the_nps_helper_just_before_a_click_on_the_menu_obeys_the_menu(
    server, page
):
    """The same order for a field that is not saved (a count in the NPS helper): the page asked
    for is the one shown, and nothing changes on disk."""
    connection = EditHeldBack(page, "nps_9")
    page.goto(f"{server.url}/goals?lang=en&wb={EXAMPLE_ID}")
    wait_idle(page)
    before = (server.data_dir / f"{EXAMPLE_ID}.yaml").read_bytes()
    page.get_by_text("NPS helper", exact=True).click()
    connection.type_then_click(page, "12", "CRM state")
    expect(page).to_have_url(re.compile(r"/crm\?"))
    expect(page.get_by_role("heading", name="CRM state")).to_be_visible()
    assert (server.data_dir / f"{EXAMPLE_ID}.yaml").read_bytes() == before
    assert_no_exception(page)


PAGES = [
    "/",
    "/assessment?view=answer",
    "/assessment?view=results",
    "/assessment?view=discuss",
    "/crm",
    "/goals",
    "/goals?goals_view=charts",
    "/journey",
    "/journey?journey_view=charts",
    "/journey?journey_view=pains",
    "/vision",
    "/vision?vision_view=promises",
    "/vision?vision_view=priorities",
]


def test_hostile_text_in_every_field_never_runs_in_the_app_or_the_export(
    server, browser, page, tmp_path
):
    store = Store(server.data_dir)
    fill(store, text=HOSTILE)
    store.update(EXAMPLE_ID, ops.add_participant("2026-10", "Eve" + HOSTILE, HOSTILE))
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in PAGES:
        separator = "&" if "?" in path else "?"
        show(page, f"{server.url}{path}{separator}lang=en&wb={EXAMPLE_ID}")
        assert page.locator("img[src=x]").count() == 0, path
        assert_no_exception(page)
    assert dialogs == []

    page.goto(f"{server.url}/vision?lang=en&wb={EXAMPLE_ID}&vision_view=document")
    wait_idle(page)
    with page.expect_download() as pending:
        page.get_by_role("button", name="HTML (prints to PDF)").click()
    exported = tmp_path / "vision.html"
    pending.value.save_as(exported)
    viewer = browser.new_context().new_page()
    viewer.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    viewer.goto(exported.as_uri())
    expect(viewer.get_by_text("<script>alert(1)</script>").first).to_be_attached()
    assert viewer.locator("script").count() == 0
    assert viewer.locator("img").count() == 0
    assert dialogs == []
    viewer.context.close()
