"""The team server as docs/deployment.md sets it up, on this machine: two app servers started as
`deploy/cxworkbook@.service` starts them, on one PostgreSQL database, behind nginx configured by
`deploy/nginx.conf`. An edit made through one server shows on a page served by the other at its
next run, and a stale edit across servers is a conflict, never a silent overwrite."""

from __future__ import annotations

import re
import shlex
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from benchmarks.team import DEPLOY, SERVED_BY, Proxy, free_port, nginx_proxy
from cxworkbook.room import ADDRESS_ENV, FACILITATOR_PARAM, ROOM_ENV
from cxworkbook.store import DATABASE_ENV
from cxworkbook.store.postgres import PostgresStore
from cxworkbook.store.workbooks import seed_examples
from cxworkbook.yamlio import parse_untrusted
from tests.conftest import EXAMPLE_ID
from tests.e2e.conftest import AppServer, assert_no_exception, installed
from tests.e2e.tabs import answer_css, one_run, open_tab, wait_idle

pytestmark = pytest.mark.e2e
ROOM_SECRET = "the room secret of this team server"
ANSWER = f"/assessment?lang=en&wb={EXAMPLE_ID}&view=answer&participant=anna&dimension=strategy"


def unit_flags(port: int) -> list[str]:
    """The flags `deploy/cxworkbook@.service` starts an app server with, for `port`, answering
    to localhost instead of the example name."""
    line = next(
        line
        for line in (DEPLOY / "cxworkbook@.service").read_text().splitlines()
        if line.startswith("ExecStart=")
    )
    words = shlex.split(line.removeprefix("ExecStart="))
    flags = words[words.index("app.py") + 1 :]
    return [{"%i": str(port), "cx.example.fi": "localhost"}.get(word, word) for word in flags]


def _nginx() -> str:
    return installed(shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin"), "nginx")


@pytest.fixture
def team(tmp_path, postgres, assessed_examples, chromium_path) -> Iterator[tuple[Proxy, str]]:
    url = postgres.new_database()
    store = PostgresStore(url)
    seed_examples(store, assessed_examples)
    store.close()
    ports = [free_port(), free_port()]
    settings = {
        DATABASE_ENV: url,
        "STREAMLIT_SERVER_COOKIE_SECRET": "one secret for both " * 2,
        ROOM_ENV: ROOM_SECRET,
        ADDRESS_ENV: "http://cx.example.fi",
    }
    servers = [
        AppServer(tmp_path / "unused", port, env=settings, flags=unit_flags(port)) for port in ports
    ]
    try:
        with nginx_proxy(_nginx(), tmp_path / "nginx", ports) as proxy:
            yield proxy, url
    finally:
        for server in servers:
            server.stop()


def stored_answer(url: str, question: str) -> int:
    import psycopg

    with psycopg.connect(url) as db:
        [(body,)] = db.execute("SELECT body FROM workbooks WHERE id = %s", (EXAMPLE_ID,))
    people = parse_untrusted(body.encode(), "f.yaml")["assessments"][0]["participants"]
    return people[0]["answers"][question]["current"]


def click(page: Page, question: str, value: int) -> None:
    with one_run(page):
        page.locator(answer_css(question, "current")).get_by_role("radio", name=str(value)).click()


def tab_on(browser, proxy: Proxy, cookie: str, *, facilitator: bool = True) -> Page:
    """A browser kept on the server `cookie` routes to; the facilitator's, who opened the
    facilitator's link once, or a phone's."""
    tab = open_tab(browser)
    tab.context.add_cookies([{"name": "cxworkbook_server", "value": cookie, "url": proxy.url}])
    if not facilitator:
        return tab
    tab.goto(f"{proxy.url}/?{FACILITATOR_PARAM}={ROOM_SECRET}")
    wait_idle(tab)
    response = tab.goto(proxy.url + ANSWER)
    assert response is not None and response.headers[SERVED_BY] == proxy.served_by(cookie)
    wait_idle(tab)
    return tab


def one_cookie_per_server(proxy: Proxy) -> list[str]:
    by_server: dict[str, str] = {}
    for cookie in (f"browser-{n}" for n in range(50)):
        by_server.setdefault(proxy.served_by(cookie), cookie)
        if len(by_server) == 2:
            break
    assert len(by_server) == 2, "both app servers take browsers"
    return list(by_server.values())


def test_two_app_servers_behind_nginx_share_the_database(team, browser):
    proxy, url = team
    first, second = (tab_on(browser, proxy, cookie) for cookie in one_cookie_per_server(proxy))

    click(first, "strategy.definition", 4)
    assert stored_answer(url, "strategy.definition") == 4
    click(second, "strategy.vision", 5)  # the other server's next run shows the first's edit
    assert (stored_answer(url, "strategy.definition"), stored_answer(url, "strategy.vision")) == (
        4,
        5,
    )
    shown = second.locator(answer_css("strategy.definition", "current"))
    expect(shown.get_by_role("radio", name="4")).to_be_checked()

    click(first, "strategy.definition", 1)
    click(second, "strategy.definition", 2)  # the second still shows 4: stale
    expect(
        second.get_by_text("Someone else changed this while you were editing it.")
    ).to_be_visible()
    assert stored_answer(url, "strategy.definition") == 1
    for tab in (first, second):
        assert_no_exception(tab)
        tab.context.close()


def test_the_projector_sees_phones_on_either_server(team, browser):
    """The room through the proxy: no browser is the laptop itself, so without the facilitator's
    link a browser reaches the join page only; a phone served by the other server joins with the
    code and its taps show on the projector within seconds."""
    proxy, _ = team
    on_first, on_second = one_cookie_per_server(proxy)
    projector = tab_on(browser, proxy, on_first)
    projector.goto(f"{proxy.url}/assessment?lang=en&wb={EXAMPLE_ID}&view=room")
    wait_idle(projector)
    projector.get_by_role("button", name="Open the room").click()
    code = projector.locator("h1").filter(has_text=re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}$"))
    expect(code).to_be_visible()
    wait_idle(projector)  # the run that opened the room has ended: one_run waits for the next
    # the example's round is revealed already: the phone answers rather than sees the result
    with one_run(projector):
        projector.get_by_text("Show the team's result on phones after the reveal").click()
    phone = tab_on(browser, proxy, on_second, facilitator=False)
    phone.goto(f"{proxy.url}/assessment?lang=en&wb={EXAMPLE_ID}")
    wait_idle(phone)
    expect(phone.get_by_text("Type the join code shown on the screen")).to_be_visible()
    assert phone.locator("[data-testid=stSidebarNav]").count() == 0
    phone.get_by_label("Join code").fill(code.inner_text())
    phone.get_by_role("button", name="Continue").click()
    phone.get_by_label("Your name").fill("Maija Mobiili")
    phone.get_by_role("button", name="Join and start answering").click()
    expect(phone.get_by_text("0/44 answered")).to_be_visible()
    phone.locator(".st-key-card_strategy_definition [role=radio]").first.click()
    expect(phone.get_by_text("1/44 answered")).to_be_visible()
    expect(projector.get_by_text("Maija Mobiili · 1/44")).to_be_visible(timeout=15_000)
    for tab in (projector, phone):
        assert_no_exception(tab)
        tab.context.close()
