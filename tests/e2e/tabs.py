"""Browser tabs on the app, and waiting for what an action in one of them starts.

A module of its own rather than part of conftest.py: pytest imports conftest.py under a name of
its own, so state kept there would exist twice, once for fixtures and once for the tests.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager

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
