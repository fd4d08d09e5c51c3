"""Speed of CX Workbook on this machine, measured against references taken in the same run.

    python -m benchmarks.run            # everything: its tables go into docs/performance.md

- Pages: each page's rerun time in AppTest (median of many runs) on a large workbook, beside two
  bare Streamlit pages (`benchmarks/twin.py`): one with the same widgets, kind by kind, and one
  drawing the same screen. The ratios are the figures that matter.
- The store: saving and loading the large workbook in the file store, beside plain
  yaml.safe_dump / yaml.safe_load, and in PostgreSQL; a library of 500 workbooks listed.
- Exports: each format of the vision document, cold (first in the process) and warm.
- Cold start: `streamlit run` until a real browser shows the first page.

Not part of the test suite: timings depend on the machine and belong here, not in tests.
"""

from __future__ import annotations

import gc
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

import yaml

from benchmarks import twin
from benchmarks.document import markdown_table, write_part
from benchmarks.team import Cluster, postgres_cluster, server_binaries
from cxworkbook import EXAMPLES_DIR, PROJECT_ROOT, QUESTIONNAIRES_DIR, charts
from cxworkbook.edits import set_field
from cxworkbook.ops import answer_path
from cxworkbook.packs import load_packs
from cxworkbook.report import pdf, static_charts
from cxworkbook.report.exports import FORMATS, export
from cxworkbook.steps import HOME, STEPS
from cxworkbook.store import DATA_ENV, DATABASE_ENV, FileStore, WorkbookStore
from cxworkbook.store.files import INDEX_NAME
from cxworkbook.store.postgres import PostgresStore

RUNS = 15
PAGE_RUNS = 41  # a short view's run is a few ms on a shared machine: more turns, a steadier median
MENU = len((HOME, *STEPS))  # the app's menu: the twins draw one as long
PAGES = [
    ("Home", "app_pages/home.py", {}),
    ("Assessment · answer", "app_pages/assessment.py", {"view": "answer"}),
    ("Assessment · results", "app_pages/assessment.py", {"view": "results"}),
    ("Assessment · discuss", "app_pages/assessment.py", {"view": "discuss"}),
    ("Assessment · rounds", "app_pages/assessment.py", {"view": "rounds"}),
    ("CRM", "app_pages/crm.py", {}),
    ("Goals · list", "app_pages/goals.py", {"goals_view": "list"}),
    ("Goals · charts", "app_pages/goals.py", {"goals_view": "charts"}),
    ("Journey · canvas", "app_pages/journey.py", {"journey_view": "canvas"}),
    ("Journey · edit", "app_pages/journey.py", {"journey_view": "map"}),
    ("Journey · charts", "app_pages/journey.py", {"journey_view": "charts"}),
    ("Journey · pain points", "app_pages/journey.py", {"journey_view": "pains"}),
    ("Vision", "app_pages/vision.py", {"vision_view": "vision"}),
    ("Vision · promises", "app_pages/vision.py", {"vision_view": "promises"}),
    ("Vision · priorities", "app_pages/vision.py", {"vision_view": "priorities"}),
    ("Vision · document", "app_pages/vision.py", {"vision_view": "document"}),
]


def timed_ms(call: Callable[[], object]) -> float:
    """One call's time, without the garbage collector. A full collection walks everything the
    process holds (Streamlit, pandas, the packs, every session's workbook) and took several
    milliseconds; which call it lands in depends on what ran before, not on the call. In turns
    of two calls it fell on the same one every time: the unchanged discuss view measured 0.99×
    of its twin in one run and 1.79× in the next. As `timeit` does, collect before and not
    during."""
    gc.collect()
    gc.disable()
    try:
        started = time.perf_counter()
        call()
        return (time.perf_counter() - started) * 1000
    finally:
        gc.enable()


def median_ms(call: Callable[[], object], runs: int = RUNS) -> float:
    return statistics.median(timed_ms(call) for _ in range(runs))


def interleaved_medians_ms(calls: list[Callable[[], object]], runs: int) -> list[float]:
    """The median time of each call, the calls taking turns, so that a slow spell of a shared
    machine weighs on a page and its twins alike rather than on whichever ran during it."""
    times: list[list[float]] = [[] for _ in calls]
    for _ in range(runs):
        for call, taken in zip(calls, times, strict=True):
            taken.append(timed_ms(call))
    return [statistics.median(taken) for taken in times]


TABLES: list[str] = []


def table(title: str, header: list[str], rows: list[list[str]]) -> None:
    """Keep a table for the document (written once every part has been measured)."""
    TABLES.append(markdown_table(title, header, rows))


def frame_alone() -> None:
    """frame.py's frame (language, navigation, workbook picker, saved state) around an empty
    page: the floor under every page's figure."""
    import streamlit as st

    from cxworkbook.ui.context import page_run
    from cxworkbook.ui.frame import language_picker, show_frame

    with page_run():
        st.set_page_config(layout="wide")
        language_picker(st.sidebar)
        page = st.navigation([st.Page(lambda: None, title="-", default=True)])
        show_frame()
        page.run()


def compile_once() -> None:
    """Give AppTest one script cache, as a server has. AppTest makes a new one for every run, so
    it would compile frame.py and the page (a few ms for a long page) on every rerun, which a server
    does once: a cost of the harness, not of the page, that a twin's short script hardly pays."""
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache
    from streamlit.testing.v1 import app_test, local_script_runner

    shared = ScriptCache()
    app_test.ScriptCache = local_script_runner.ScriptCache = lambda: shared


def wait_without_polling() -> None:
    """Let AppTest wait for a run by joining its script thread. It checks every millisecond
    whether the run has ended, so a run's time came in steps of about a millisecond: a tenth of a
    millisecond more on a 2 ms page could read as a whole one more, which on a short view is
    half the figure. A cost of the harness, not of the page."""
    from streamlit.testing.v1 import local_script_runner

    def wait(runner: local_script_runner.LocalScriptRunner, timeout: float = 3) -> None:
        runner._script_thread.join(timeout)
        if not runner.script_stopped():
            raise RuntimeError(f"AppTest script run timed out after {timeout}(s)")

    local_script_runner.require_widgets_deltas = wait


def pages(workbook_id: str) -> None:
    from streamlit.testing.v1 import AppTest

    compile_once()
    wait_without_polling()
    tests = [("Frame alone, empty page", AppTest.from_function(frame_alone), None)]
    tests += [
        (name, AppTest.from_file(str(PROJECT_ROOT / "frame.py")), (path, query))
        for name, path, query in PAGES
    ]
    rows = []
    for name, at, page in tests:
        at.default_timeout = 60
        path, query = page or (None, {})
        for key, value in {"lang": "fi", "wb": workbook_id, **query}.items():
            at.query_params[key] = value
        at.run()
        if path:
            at.switch_page(path).run()
        if at.exception:
            raise RuntimeError(f"{name}: {at.exception[0].value}")
        screen = twin.screen_of(at)
        widgets = twin.widgets_of(screen)
        page_ms, widgets_ms, screen_ms = interleaved_medians_ms(
            [
                at.run,
                twin.twin({"sidebar": [], "main": widgets}).run,
                twin.twin(screen, pages=MENU if path else 1).run,
            ],
            PAGE_RUNS,
        )
        rows.append(
            [
                name,
                str(len(widgets)),
                f"{page_ms:.0f}",
                f"{widgets_ms:.0f}",
                f"{page_ms / widgets_ms:.2f}×",
                f"{screen_ms:.0f}",
                f"{page_ms / screen_ms:.2f}×",
            ]
        )
    table(
        f"Page reruns (AppTest, median of {PAGE_RUNS}, page and twins taking turns; "
        "large workbook)",
        ["Page", "Widgets", "Page ms", "Same widgets ms", "Ratio", "Same screen ms", "Ratio"],
        rows,
    )


def _save(store: WorkbookStore, workbook_id: str) -> Callable[[], None]:
    """One save of the workbook: a participant's note changed, as a click sends it."""
    flip = iter(range(10_000))
    round_id = store.read(workbook_id).current_round.id

    def save() -> None:
        where = (*answer_path(round_id, "participant-1", "strategy.definition"), "note")
        store.update(workbook_id, set_field(where, f"benchmark {next(flip)}"))

    return save


def store_speed(store: FileStore, workbook_id: str, database: Cluster | None) -> None:
    """The file store beside plain PyYAML, and the PostgreSQL store over a local socket (with
    fsync on, as a server runs it) where its server is installed."""
    text = store.path(workbook_id).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    rows = [
        [
            "Save (locked, validated, durable, read back)",
            f"{median_ms(_save(store, workbook_id)):.1f}",
            f"{median_ms(lambda: yaml.safe_dump(data, allow_unicode=True, sort_keys=False)):.1f}",
        ],
        [
            "Load (cold: parse and validate)",
            f"{median_ms(lambda: FileStore(store.root).read(workbook_id)):.1f}",
            f"{median_ms(lambda: yaml.safe_load(text)):.1f}",
        ],
        ["Load (warm: unchanged)", f"{median_ms(lambda: store.read(workbook_id)):.1f}", "–"],
    ]
    header = ["Operation", "File store ms", "Plain PyYAML ms"]
    if database is not None:
        url = database.new_database()
        kept = store.kept()
        PostgresStore(url).keep(kept)
        postgres = PostgresStore(url)

        def cold() -> None:
            postgres._cache.clear()  # the next read parses the text again
            postgres.read(workbook_id)

        figures = [_save(postgres, workbook_id), cold, lambda: postgres.read(workbook_id)]
        for row, call in zip(rows, figures, strict=True):
            row.insert(2, f"{median_ms(call):.1f}")
        header.insert(2, "PostgreSQL ms")
        postgres.close()
    table(
        f"The store (large workbook, {len(text.encode()) // 1000} kB; median of {RUNS})",
        header,
        rows,
    )


LIBRARY = 500  # workbooks in a consultancy's library


def library_speed(store: FileStore, database: Cluster | None) -> None:
    """A library of `LIBRARY` workbooks listed by a server that has just started (what the home
    page and the picker read): the file store without and with its index, and PostgreSQL."""
    folder = Path(tempfile.mkdtemp()) / "library"
    library = FileStore(folder)
    example = store.read(next(EXAMPLES_DIR.glob("*.yaml")).stem)
    for number in range(LIBRARY):
        library.add(example.model_copy(update={"id": f"tyopaja-{number:03d}"}))
    index = folder / INDEX_NAME

    def without_index() -> None:
        index.unlink(missing_ok=True)
        FileStore(folder).list()

    rows = [
        ["File store, no index yet (first start)", f"{median_ms(without_index, 3):.0f}"],
        [
            "File store, its index beside the files",
            f"{median_ms(lambda: FileStore(folder).list()):.0f}",
        ],
        [
            "Home page's first run, file store with its index",
            f"{home_first_run(DATA_ENV, str(folder)):.0f}",
        ],
    ]
    if database is not None:
        url = database.new_database()
        PostgresStore(url).keep(library.kept())
        postgres = PostgresStore(url)
        rows.append(["PostgreSQL", f"{median_ms(postgres.list):.0f}"])
        postgres.close()
        rows.append(
            ["Home page's first run, PostgreSQL", f"{home_first_run(DATABASE_ENV, url):.0f}"]
        )
    table(
        f"A library of {LIBRARY} workbooks listed by a server just started (median of {RUNS})",
        ["Store", "ms"],
        rows,
    )


def home_first_run(setting: str, where: str) -> float:
    """The home page's first run (AppTest) on a server that has just opened the store `setting`
    names (a data folder or a database): it lists the library and opens the most recent
    workbook. The median of `RUNS` servers."""
    from streamlit.testing.v1 import AppTest

    from cxworkbook.ui import context

    def first_run() -> None:
        context._store.cache_clear()  # as a server just started
        at = AppTest.from_file(str(PROJECT_ROOT / "frame.py"), default_timeout=60)
        at.query_params["lang"] = "fi"
        at.run()

    before = os.environ.get(setting)
    os.environ[setting] = where
    try:
        return median_ms(first_run)
    finally:
        if before is None:
            os.environ.pop(setting)
        else:
            os.environ[setting] = before


def export_speed(store: FileStore, workbook_id: str) -> None:
    packs = load_packs(QUESTIONNAIRES_DIR)
    workbook = store.read(workbook_id)
    round_id = workbook.current_round.id
    # A workshop's case: an answer changed, then export. Each time a different answer swings to
    # the far end of the scale, so the workbook never returns to a state whose charts were drawn
    # before; a change that moves no rounded figure redraws no chart, hence the slowest of five.
    answers = iter(
        [
            (participant.id, question, 5 if answer.current < 3 else 1)
            for _ in range(5)
            for participant in workbook.current_round.participants
            for question, answer in participant.answers.items()
            if answer.current is not None
        ]
    )

    def after_an_answer(fmt: str) -> float:
        participant, question, value = next(answers)
        where = (*answer_path(round_id, participant, question), "current")
        store.update(workbook_id, set_field(where, value))
        return median_ms(lambda: export(store, packs, workbook_id, fmt), 1)

    def redrawn(fmt: str) -> None:
        charts._built.cache_clear()  # every chart built and drawn again, as after edits to all
        static_charts._svg.cache_clear()
        static_charts._png.cache_clear()
        pdf._laid_out.cache_clear()
        export(store, packs, workbook_id, fmt)

    rows = []
    for fmt in FORMATS:
        started = time.perf_counter()
        redrawn(fmt)
        cold = (time.perf_counter() - started) * 1000
        again = median_ms(lambda fmt=fmt: export(store, packs, workbook_id, fmt), 5)
        answered = max(after_an_answer(fmt) for _ in range(5))  # some move no rounded figure
        drawn = median_ms(lambda fmt=fmt: redrawn(fmt), 5)
        rows.append([fmt, f"{cold:.0f}", f"{again:.0f}", f"{answered:.0f}", f"{drawn:.0f}"])
    table(
        "Exports (large workbook; median of 5 unless said)",
        [
            "Format",
            "Cold ms",
            "Again, unchanged ms",
            "Again, one answer changed ms (slowest of 5)",
            "Again, every chart redrawn ms",
        ],
        rows,
    )


def cold_start() -> None:
    from playwright.sync_api import sync_playwright

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    data = Path(tempfile.mkdtemp()) / "data"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
            args=["--headless", "--no-sandbox", "--disable-gpu"],
        )
        page = browser.new_page()
        started = time.perf_counter()
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)],
            cwd=PROJECT_ROOT,
            env={**os.environ, DATA_ENV: str(data)},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            while True:
                try:
                    page.goto(f"http://localhost:{port}/", timeout=2000)
                    break
                except Exception:
                    time.sleep(0.05)
            page.locator("h1").first.wait_for(timeout=60_000)
            seconds = time.perf_counter() - started
        finally:
            server.terminate()
            server.wait()
            browser.close()
    table(
        "Cold start",
        ["From", "To", "Seconds"],
        [["`streamlit run app.py`", "first page drawn in Chromium", f"{seconds:.1f}"]],
    )


def main() -> None:
    root = Path(tempfile.mkdtemp()) / "data"
    os.environ[DATA_ENV] = str(root)
    from benchmarks.large import build_large
    from cxworkbook.store import open_data_folder

    store = open_data_folder(root, EXAMPLES_DIR)
    pack = load_packs(QUESTIONNAIRES_DIR).latest("cx-maturity")
    workbook_id = build_large(store, pack).id
    pages(workbook_id)
    binaries = server_binaries()
    with ExitStack() as stack:
        database = (
            None
            if binaries is None
            else stack.enter_context(postgres_cluster(binaries, durable=True))
        )
        store_speed(store, workbook_id, database)
        library_speed(store, database)
    export_speed(store, workbook_id)
    if "--no-browser" not in sys.argv:
        cold_start()
    write_part("speed", TABLES)


if __name__ == "__main__":
    main()
