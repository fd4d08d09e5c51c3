"""The room as a workshop runs it: `python -m cxworkbook room` on this machine, the facilitator's
projector on the laptop itself, and five phones (mobile viewport, touch) reaching the server
from this machine's network address, as phones on the room's Wi-Fi do."""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from benchmarks.team import free_port
from cxworkbook import PROJECT_ROOT, ops
from cxworkbook.ops import answer_path
from cxworkbook.room import outward_address
from cxworkbook.store import DATA_ENV, FileStore
from cxworkbook.yamlio import parse_untrusted
from tests.conftest import create
from tests.e2e.conftest import accessibility_failures, assert_no_exception
from tests.e2e.tabs import css, open_tab, wait_idle

pytestmark = pytest.mark.e2e
PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True, "has_touch": True}
NAMES = ["Aino", "Bertta", "Cecilia", "Daniel", "Eero"]
QUESTIONS = ["strategy.definition", "strategy.vision", "strategy.measurable-goals"]


class Room:
    """`python -m cxworkbook room` on a free port, with its own data folder: the lines it prints
    say where phones join and what the facilitator's link is."""

    def __init__(self, data_dir: Path, host: str) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "cxworkbook", "room", "--port", str(self.port)],
            cwd=PROJECT_ROOT,
            env={**os.environ, DATA_ENV: str(data_dir)},
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        printed = [self.process.stdout.readline() for _ in range(6)]
        self.facilitator_link = _after(printed, "Facilitator's link:")
        self.phones = _after(printed, "Phones join at:")
        assert self.phones == f"http://{host}:{self.port}"
        self.laptop = f"http://localhost:{self.port}"
        deadline = time.monotonic() + 60
        while not _answers(host, self.port, "/_stcore/health"):
            assert time.monotonic() < deadline, "the room's server did not start"
            time.sleep(0.2)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def _after(lines: list[str], label: str) -> str:
    return next(line.split(label, 1)[1].strip() for line in lines if label in line)


def _answers(host: str, port: int, path: str) -> int | None:
    try:
        connection = http.client.HTTPConnection(host, port, timeout=5)
        connection.request("GET", path)
        status = connection.getresponse().status
        connection.close()
        return status
    except OSError:
        return None


@pytest.fixture(scope="module")
def outward() -> str:
    address = outward_address()
    if address is None:
        pytest.skip("this machine has no network address besides loopback to reach a room on")
    return address


@pytest.fixture(scope="module")
def room_server(tmp_path_factory, outward, chromium_path) -> Iterator[Room]:
    """One room command for the module: each test opens the room of a workbook of its own. (It
    counts joins per device for the whole module: fewer than ten come from this machine.)"""
    served = Room(tmp_path_factory.mktemp("room") / "data", outward)
    yield served
    served.stop()


@pytest.fixture
def room(room_server) -> tuple[Room, FileStore, str]:
    store = FileStore(room_server.data_dir)
    created = create(store, "Testi Oy", "Työpaja", "en", _latest_ref())
    return room_server, store, created.id


def _latest_ref():
    from cxworkbook import QUESTIONNAIRES_DIR
    from cxworkbook.packs import load_packs

    return load_packs(QUESTIONNAIRES_DIR).latest("cx-maturity").ref


def phone(browser: Browser, url: str, width: int = 375) -> Page:
    context = browser.new_context(**{**PHONE, "viewport": {"width": width, "height": 740}})
    context.set_default_timeout(30_000)
    page = context.new_page()
    page.goto(url)
    expect(page.locator("h1").first).to_be_visible()
    wait_idle(page)
    return page


def open_the_room(projector: Page, room: Room, wb_id: str, *, anonymous: bool = False) -> str:
    projector.goto(f"{room.laptop}/assessment?lang=en&wb={wb_id}&view=room")
    wait_idle(projector)
    if anonymous:
        projector.get_by_text("Anonymous round", exact=True).click()
    projector.get_by_role("button", name="Open the room").click()
    code = projector.locator("h1").filter(has_text=re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}$"))
    expect(code).to_be_visible()
    expect(projector.locator("[data-testid=stImage] img")).to_be_visible()
    return code.inner_text()


def on_disk(store: FileStore, wb_id: str) -> dict:
    return parse_untrusted(store.path(wb_id).read_bytes(), "f.yaml")


def wait_for(condition, what: str, seconds: float = 30) -> None:
    """Wait until `condition()` holds (the server saves each tap as it arrives)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


def tap(page: Page, round_id: str, person: str, question: str, field: str, value: int) -> None:
    key = "-".join((*answer_path(round_id, person, question), field))
    choice = page.locator(f"{css(key)} [role=radio]").nth(value - 1)
    choice.tap()
    expect(choice).to_have_attribute("aria-checked", "true")


def test_five_phones_answer_at_once_and_the_projector_follows(browser, room):
    served, store, wb_id = room
    round_id = store.read(wb_id).current_round.id
    projector = open_tab(browser)
    code = open_the_room(projector, served, wb_id)
    assert accessibility_failures(projector, sidebar=False) == []
    join_url = f"{served.phones}/?code={code.replace('-', '')}&lang=en"
    phones = [phone(browser, join_url) for _ in NAMES]
    for page, name in zip(phones, NAMES, strict=True):
        page.get_by_label("Your name").fill(name)
        page.get_by_role("button", name="Join and start answering").tap()
    for page in phones:
        expect(page.get_by_text("0/44 answered")).to_be_visible()
        assert_no_exception(page)
    # everyone taps, one question after another, in turn: the room answering at once
    for number, question in enumerate(QUESTIONS):
        for person, page in enumerate(phones):
            tap(
                page,
                round_id,
                NAMES[person].lower(),
                question,
                "current",
                1 + (person + number) % 5,
            )
    expected = {
        name.lower(): {q: 1 + (person + n) % 5 for n, q in enumerate(QUESTIONS)}
        for person, name in enumerate(NAMES)
    }

    def landed() -> bool:
        people = on_disk(store, wb_id)["assessments"][0]["participants"]
        got = {
            p["id"]: {q: a.get("current") for q, a in p.get("answers", {}).items()} for p in people
        }
        return got == expected

    wait_for(landed, "every tap of every phone is on disk")
    # the projector follows by itself, without anyone touching it
    expect(projector.get_by_text("3/44").first).to_be_visible(timeout=15_000)
    assert projector.locator("[data-testid=stMetricValue]").first.inner_text() == "5"
    # a phone that reloads (slept, lost the Wi-Fi) comes back as itself with its answers
    first = phones[0]
    first.reload()
    expect(first.get_by_text("3/44 answered")).to_be_visible()
    expect(first.get_by_text("Aino")).to_be_visible()
    key = "-".join((*answer_path(round_id, "aino", QUESTIONS[0]), "current"))
    expect(first.locator(f"{css(key)} [role=radio]").nth(0)).to_have_attribute(
        "aria-checked", "true"
    )
    # the reveal reaches every phone within seconds
    projector.get_by_role("button", name="Reveal the answers").click()
    for page in phones:
        expect(page.get_by_text("The team's result")).to_be_visible(timeout=15_000)
    # closing the room locks every phone out at once
    projector.get_by_role("button", name="Close the room").click()
    for page in phones:
        expect(page.get_by_text("The room is closed").first).to_be_visible(timeout=15_000)
    for page in phones:
        page.context.close()


def test_without_a_code_a_phone_reaches_the_join_page_only(browser, room, outward):
    served, store, wb_id = room
    projector = open_tab(browser)
    code = open_the_room(projector, served, wb_id)
    for path in ("/", "/assessment", "/vision", f"/assessment?wb={wb_id}&view=results"):
        page = phone(browser, served.phones + path)
        expect(
            page.get_by_text("Type the join code shown on the screen").or_(
                page.get_by_text("Kirjoittakaa näytöllä näkyvä liittymiskoodi")
            )
        ).to_be_visible()
        assert page.locator("[data-testid=stSidebarNav]").count() == 0
        assert page.get_by_text("Testi Oy").count() == 0
        page.context.close()
    # uploads and the files of downloads belong to the facilitator's pages
    assert _answers(outward, served.port, "/_stcore/upload_file/x/y") == 403
    assert _answers(outward, served.port, "/media/anything.png") == 403
    # a wrong code is refused and nothing joins
    page = phone(browser, served.phones + "/?lang=en")
    page.get_by_label("Join code").fill("ABCD-2345")
    page.get_by_role("button", name="Continue").tap()
    expect(page.get_by_text("That code opens no room")).to_be_visible()
    page.get_by_label("Join code").fill(code)
    page.get_by_role("button", name="Continue").tap()
    expect(page.get_by_label("Your name")).to_be_visible()
    assert on_disk(store, wb_id)["assessments"][0].get("participants", []) == []


def test_the_facilitators_link_opens_the_facilitator_views_from_another_device(browser, room):
    served, _, wb_id = room
    other = browser.new_context()
    page = other.new_page()
    page.goto(served.facilitator_link)
    wait_idle(page)
    assert "token=" not in page.url
    expect(page.locator("[data-testid=stSidebarNav]")).to_be_visible()
    page.goto(f"{served.phones}/assessment?lang=en&wb={wb_id}")
    wait_idle(page)
    expect(page.get_by_role("heading", name="Maturity assessment")).to_be_visible()
    wrong = browser.new_context().new_page()
    wrong.goto(served.facilitator_link[:-3] + "abc")
    expect(wrong.get_by_text("not this room's")).to_be_visible()
    other.close()
    wrong.context.close()


def test_an_anonymous_round_never_shows_a_name(browser, room):
    served, store, wb_id = room
    projector = open_tab(browser)
    code = open_the_room(projector, served, wb_id, anonymous=True)
    page = phone(browser, f"{served.phones}/?code={code}&lang=en")
    assert page.get_by_label("Your name").count() == 0
    page.get_by_label("Role").fill("CEO")
    page.get_by_role("button", name="Join and start answering").tap()
    expect(page.get_by_text("Participant 1")).to_be_visible()
    expect(projector.get_by_text("Participant 1").first).to_be_visible(timeout=15_000)
    assert projector.get_by_text("CEO").count() == 0
    people = on_disk(store, wb_id)["assessments"][0]["participants"]
    assert [p["name"] for p in people] == ["Participant 1"]


@pytest.mark.parametrize(("language", "width"), [("fi", 360), ("en", 414)])
def test_the_phone_views_pass_axe(browser, room, language, width):
    """The narrowest and the widest phone a room holds, Finnish on the narrowest (its words are
    longer)."""
    served, store, wb_id = room
    round_id = store.read(wb_id).current_round.id
    code = "ABCDEFGH"
    store.update(wb_id, ops.open_room(round_id, code, anonymous=False))
    page = phone(browser, f"{served.phones}/?code={code}&lang={language}", width)
    assert accessibility_failures(page, sidebar=False) == []
    page.locator(".st-key-room_name input").fill("Aino")
    page.locator("[data-testid=stFormSubmitButton] button").tap()
    expect(page.locator("[data-testid=stProgress]")).to_be_visible()
    wait_idle(page)
    assert accessibility_failures(page, sidebar=False) == []
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, "nothing on a phone's screen is wider than the phone"
    page.context.close()
