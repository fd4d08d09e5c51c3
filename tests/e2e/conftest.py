"""Playwright driving the real app (`streamlit run app.py`) in Debian's Chromium.

No browser is downloaded: Chromium is launched from the system (`apt-get install chromium`).
Without it these tests skip, saying why; CI sets CXWORKBOOK_REQUIRE_BROWSER=1, which turns the
skip into a failure.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Locator, expect

from benchmarks.team import free_port
from cxworkbook import PROJECT_ROOT
from cxworkbook.store import DATA_ENV, FileStore, open_data_folder
from cxworkbook.store.workbooks import seed_examples
from tests.e2e.tabs import one_run, open_tab

REQUIRE_ENV = "CXWORKBOOK_REQUIRE_BROWSER"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        if found := shutil.which(name):
            return found
    return None


def installed(path: str | None, package: str) -> str:
    """`path`, the program a browser test needs; without it the test skips, or fails where
    CXWORKBOOK_REQUIRE_BROWSER=1 requires the browser tests."""
    if path is None:
        message = f"Debian's {package} is not installed (apt-get install {package})"
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"{message}, and {REQUIRE_ENV}=1 requires the browser tests")
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def chromium_path() -> str:
    return installed(_chromium(), "chromium")


class AppServer:
    """`streamlit run app.py` on a free localhost port, with its own data folder, or with the
    environment variables and the command-line flags given (the port among them)."""

    def __init__(
        self,
        data_dir: Path,
        port: int | None = None,
        *,
        env: dict[str, str] | None = None,
        flags: list[str] | None = None,
    ) -> None:
        self.data_dir = data_dir
        self.port = port or free_port()
        self.url = f"http://localhost:{self.port}"
        env = {**os.environ, DATA_ENV: str(data_dir), **(env or {})}
        command = [sys.executable, "-m", "streamlit", "run", "app.py"]
        command += flags or ["--server.port", str(self.port)]
        self.process = subprocess.Popen(
            command,
            cwd=PROJECT_ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self._wait_healthy()

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"streamlit exited: {self.process.stderr.read().decode()[-2000:]}"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("streamlit did not become healthy within 60 s")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def first_run_server(tmp_path: Path, chromium_path: str) -> Iterator[AppServer]:
    """A freshly started app whose data folder does not exist yet: its first page seeds the
    shipped example, as on a newcomer's laptop."""
    app = AppServer(tmp_path / "data")
    yield app
    app.stop()


@pytest.fixture
def fresh_server(
    tmp_path: Path, chromium_path: str, assessed_examples: Path
) -> Iterator[AppServer]:
    """A freshly started app whose data folder holds the example with its assessment only: for
    a test that stops, kills or restarts it."""
    open_data_folder(tmp_path / "data", assessed_examples)
    app = AppServer(tmp_path / "data")
    yield app
    app.stop()


@pytest.fixture(scope="module")
def module_server(
    tmp_path_factory: pytest.TempPathFactory, chromium_path: str, assessed_examples: Path
) -> Iterator[AppServer]:
    app = AppServer(tmp_path_factory.mktemp("e2e") / "data")
    yield app
    app.stop()


@pytest.fixture
def server(module_server: AppServer, assessed_examples: Path) -> AppServer:
    """The module's app, its data folder emptied and holding the example with its assessment
    only, as a fresh one's would: one server start per module instead of one per test."""
    module_server.data_dir.mkdir(parents=True, exist_ok=True)
    for entry in module_server.data_dir.iterdir():
        if entry.is_dir():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    seed_examples(FileStore(module_server.data_dir), assessed_examples)
    return module_server


@pytest.fixture(scope="session")
def browser(chromium_path: str):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    opened = open_tab(browser)
    yield opened
    opened.context.close()


def assert_no_exception(page) -> None:
    assert page.locator("[data-testid=stException]").count() == 0
    assert page.get_by_text("This app has encountered an error").count() == 0


AXE = Axe()  # axe-core, the engine behind Lighthouse's accessibility audit, run inside Chromium


def accessibility_failures(page, *, sidebar: bool = True) -> list[str]:
    """What axe-core counts as serious or critical on the page as it is drawn now (contrast, names,
    roles, labels), and headings out of order, by which a screen reader finds its way: one line
    per rule and element. `sidebar=False` leaves out the sidebar, the same frame on every page,
    for a test that has checked it once (it takes half of axe's time)."""
    context = None if sidebar else {"exclude": [["[data-testid=stSidebar]"]]}
    # Streamlit fades an element in after a run: half-faded text is a contrast failure that no
    # reader ever sees, so axe looks once every transition has ended (endless ones, a spinner's,
    # never do)
    page.wait_for_function(
        """() => document.getAnimations().every(animation => animation.playState !== 'running'
            || animation.effect.getComputedTiming().endTime === Infinity)"""
    )
    violations = AXE.run(page, context=context).response["violations"]
    return [
        f"{violation['id']} ({violation['impact']}): {node['target']}"
        for violation in violations
        if violation["impact"] in ("serious", "critical") or violation["id"] == "heading-order"
        for node in violation["nodes"]
    ]


def open_cell_editor(page, row: int, column: int) -> Locator:
    """Select a cell of the page's data editor and open its editor with Enter.

    The editor draws on a canvas; its hidden accessible table says which cell is selected
    (`glide-cell-<column>-<row>`, column 0 being the row marker), so every step waits for the
    selection it expects instead of for time to pass. The click lands in column 2.
    """
    grid = page.locator("[data-testid=stDataFrame]").first
    expect(grid.locator("canvas").first).to_be_visible()
    header, row_height = 35, 35
    selected = page.locator("[data-testid=stDataFrame] td[aria-selected=true]")
    for attempt in range(3):  # a click on a grid that is still setting up selects nothing
        box = grid.bounding_box()  # measured again: a notice drawn above may have moved the grid
        page.mouse.click(box["x"] + 250, box["y"] + header + row_height * row + row_height / 2)
        try:
            expect(selected).to_have_id(f"glide-cell-2-{row}", timeout=3000)
            break
        except AssertionError:
            if attempt == 2:
                raise
    for step in range(3, column + 1):  # one cell at a time: the grid drops keys pressed too fast
        page.keyboard.press("ArrowRight")
        expect(selected).to_have_id(f"glide-cell-{step}-{row}")
    page.keyboard.press("Enter")
    editor = page.locator(".gdg-input")
    expect(editor).to_be_visible()
    return editor


def edit_table_cell(page, row: int, column: int, text: str, *, lands: bool = True) -> None:
    """Type `text` into a cell of the page's data editor and commit it with Enter; wait for the
    run that saves it, and for the saved value in the page's table (the editor stays on screen:
    `cxworkbook.journey_table`). An edit that is not to land is only waited for."""
    editor = open_cell_editor(page, row, column)
    editor.fill(text)
    with one_run(page):
        page.keyboard.press("Enter")
    if lands:
        cell = page.locator(f"[data-testid=stDataFrame] #glide-cell-{column}-{row}")
        expect(cell).to_have_text(text)
