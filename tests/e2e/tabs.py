"""Browser tabs on the app, and waiting for what an action in one of them starts.

A module of its own rather than part of conftest.py: pytest imports conftest.py under a name of
its own, so state kept there would exist twice, once for fixtures and once for the tests.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from urllib.parse import parse_qsl, urlsplit

from playwright.sync_api import Browser, Page, WebSocket, expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from cxworkbook.edits import path_key
from cxworkbook.ops import answer_path

_SOCKETS: weakref.WeakKeyDictionary[Page, WebSocket] = weakref.WeakKeyDictionary()


def open_tab(browser: Browser, locale: str | None = None) -> Page:
    """A tab in a context of its own (as a second participant's laptop, its browser in `locale`
    if given), whose connection to the app is followed so that `one_run` can wait for the run an
    action starts."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale=locale)
    context.set_default_timeout(30_000)
    tab = context.new_page()
    tab.on("websocket", lambda socket: _SOCKETS.__setitem__(tab, socket))
    return tab


def wait_idle(page) -> None:
    """Wait until the script has finished running and nothing is left loading."""
    page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]")
    page.wait_for_function("() => !document.querySelector('[data-testid=stSkeleton]')")


def show(page, url: str) -> None:
    """Open `url` and wait until its page has drawn everything: its heading first (so the run has
    begun), then the end of the run."""
    page.goto(url)
    # a page's first run on a fresh server also seeds the example: longer than expect's 5 s
    expect(page.locator("h1").first).to_be_visible(timeout=30_000)
    wait_idle(page)


def is_run_end(payload: str | bytes) -> bool:
    if isinstance(payload, str):
        return False
    message = ForwardMsg.FromString(payload)
    return (
        message.WhichOneof("type") == "script_finished"
        and message.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY
    )


@contextmanager
def one_run(page: Page, until: Callable[[], bool] = lambda: True) -> Iterator[None]:
    """Wait for the script run that the action inside the block starts (the first run to end once
    `until()` holds), and for the page to settle.

    `wait_idle` alone can return before the browser has even sent a committed text field's value:
    the page still reads "not running" then. Listening for the server's end-of-run message,
    registered before the action, cannot miss it.
    """
    with _SOCKETS[page].expect_event(
        "framereceived", predicate=lambda payload: is_run_end(payload) and until()
    ):
        yield
    wait_idle(page)


def css(key: str) -> str:
    """The CSS class Streamlit gives the element of widget key `key`: what is not a letter, a
    digit, _ or - becomes -."""
    return ".st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key.strip())


def answer_css(question: str, field: str, person: str = "anna", round_id: str = "2026-10") -> str:
    return css(path_key((*answer_path(round_id, person, question), field)))


@contextmanager
def one_message_sent(page: Page) -> Iterator[None]:
    """Wait until the action inside the block has sent a message to the server."""
    with _SOCKETS[page].expect_event("framesent"):
        yield


# Every page and view a facilitator shows
VIEWS = (
    "/",
    "/assessment",
    "/assessment?view=room",
    "/assessment?view=results",
    "/assessment?view=discuss",
    "/assessment?view=rounds",
    "/crm",
    "/goals",
    "/goals?goals_view=charts",
    "/journey",
    "/journey?journey_view=map",
    "/journey?journey_view=charts",
    "/journey?journey_view=pains",
    "/vision",
    "/vision?vision_view=promises",
    "/vision?vision_view=priorities",
    "/vision?vision_view=document",
)


def view_url(server, path: str, lang: str, workbook_id: str) -> str:
    separator = "&" if "?" in path else "?"
    return f"{server.url}{path}{separator}lang={lang}&wb={workbook_id}"


def each_view(page, server, lang: str, workbook_id: str) -> Iterator[str]:
    """Open each of VIEWS in turn as a facilitator does, and yield its path once it is drawn: the
    first by its address, the others from the sidebar's menu and the page's row of views (one
    session for all; a new address would start a new one for each). VIEWS lists a page's views in
    the order of its row, its first view first."""
    shown_page, position = None, 0
    for path in VIEWS:
        address = urlsplit(path)
        if shown_page is None:
            show(page, view_url(server, path, lang, workbook_id))
        elif address.path != shown_page:
            with one_run(page):
                page.locator(
                    f'[data-testid=stSidebarNav] a[href="{server.url}{address.path}"]'
                ).click()
            position = 0
        else:
            position += 1
            [(key, value)] = parse_qsl(address.query)
            with one_run(page):
                page.locator(f".st-key-{key} [role=radio]").nth(position).click()
            assert f"{key}={value}" in page.url
        shown_page = address.path
        yield path
