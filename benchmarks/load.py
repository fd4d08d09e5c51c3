"""Many workshop participants answering at once against one running server.

    python -m benchmarks.load                          # 10 and 25 sessions, 60 s each
    python -m benchmarks.load --sessions 5 25 40 --seconds 120 --think 10

Each session is a real page in one headless Chromium (Debian's, as in the tests), opened on the
assessment as its own participant. Every `--think` seconds (±30 %) it clicks one answer and waits
until the app has finished the rerun; the latency is from the click until then. Afterwards every
session's last answer to each question is compared with the workbook on disk: a difference is a
lost answer. On this 2-core machine the browser shares the cores with the server, so the figures
are an upper bound for a room of laptops.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from cxworkbook import PROJECT_ROOT, QUESTIONNAIRES_DIR, ops
from cxworkbook.packs import load_packs
from cxworkbook.store import DATA_ENV, Store

QUESTIONS = ["definition", "vision-pillars", "measurable-goals", "target-customers"]
FIELDS = ("current", "target")
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"


@dataclass
class Session:
    participant: str
    page: object = None
    next_click: float = 0.0
    latencies: list[float] = field(default_factory=list)
    expected: dict[tuple[str, str], int] = field(default_factory=dict)
    errors: int = 0


def prepare(root: Path, participants: int) -> tuple[str, str]:
    store = Store(root)
    pack = load_packs(QUESTIONNAIRES_DIR).latest("cx-maturity")
    wb = store.create("Kuorma Oy", "Load", "fi", pack.ref)
    round_id = wb.current_round.id

    def add_all(workbook):
        for n in range(participants):
            ops.add_participant(round_id, f"P{n}")(workbook)
        return workbook

    store.update(wb.id, add_all)
    return wb.id, round_id


def start_server(root: Path, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)],
        cwd=PROJECT_ROOT,
        env={**os.environ, DATA_ENV: str(root)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://localhost:{port}/_stcore/health", timeout=2):
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("the server did not start")


def run_level(
    browser, port: int, root: Path, sessions: int, seconds: float, think: float
) -> list[str]:
    workbook_id, round_id = prepare(root / f"level-{sessions}", sessions)
    chance = random.Random(sessions)
    context = browser.new_context(viewport={"width": 1200, "height": 1400})
    people = [Session(participant=f"p{n}") for n in range(sessions)]
    base = f"http://localhost:{port}/assessment?lang=fi&wb={workbook_id}&view=answer&dimension=strategy"
    for person in people:
        person.page = context.new_page()
        person.page.goto(f"{base}&participant={person.participant}")
        person.page.wait_for_selector(IDLE, timeout=60_000)
        person.next_click = time.monotonic() + chance.uniform(0, think)
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        person = min(people, key=lambda p: p.next_click)
        time.sleep(max(0.0, person.next_click - time.monotonic()))
        question, field_name = chance.choice(QUESTIONS), chance.choice(FIELDS)
        shown = person.expected.get((f"strategy.{question}", field_name))
        value = chance.choice([v for v in range(1, 6) if v != shown])  # a second click unselects
        box = person.page.locator(
            f".st-key-ans_{round_id}_{person.participant}_strategy_{question}_{field_name}"
        )
        status = person.page.locator(".st-key-save-status")
        before = status.inner_text()
        started = time.perf_counter()
        try:
            box.get_by_role("radio", name=str(value)).click(timeout=10_000)
            # saved and drawn again: the sidebar shows the new revision
            person.page.wait_for_function(
                "([selector, old]) => document.querySelector(selector)?.innerText !== old",
                arg=[".st-key-save-status", before],
                timeout=30_000,
            )
            person.page.wait_for_selector(IDLE, timeout=30_000)
            person.latencies.append(time.perf_counter() - started)
            person.expected[(f"strategy.{question}", field_name)] = value
        except Exception:
            person.errors += 1
        person.next_click = time.monotonic() + think * chance.uniform(0.7, 1.3)
    context.close()
    assessment = Store(root / f"level-{sessions}").open(workbook_id).current_round
    lost = sum(
        getattr(assessment.participant(p.participant).answers.get(q), f, None) != v
        for p in people
        for (q, f), v in p.expected.items()
    )
    latencies = sorted(x for p in people for x in p.latencies)
    p50 = statistics.median(latencies) * 1000 if latencies else float("nan")
    p95 = latencies[int(0.95 * (len(latencies) - 1))] * 1000 if latencies else float("nan")
    errors = sum(p.errors for p in people)
    return [str(sessions), str(len(latencies)), f"{p50:.0f}", f"{p95:.0f}", str(errors), str(lost)]


def main() -> None:
    from playwright.sync_api import sync_playwright

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, nargs="*", default=[10, 25])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=10)
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp())
    rows = []
    for sessions in args.sessions:
        with __import__("socket").socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        (root / f"level-{sessions}").mkdir()
        server = start_server(root / f"level-{sessions}", port)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                    args=["--headless", "--no-sandbox", "--disable-gpu"],
                )
                rows.append(run_level(browser, port, root, sessions, args.seconds, args.think))
                browser.close()
        finally:
            server.terminate()
            server.wait()
    print(
        f"\n### Load: one answer per session every {args.think:.0f} s, "
        f"{args.seconds:.0f} s per level, {os.cpu_count()} cores\n"
    )
    print("| Sessions | Answers | p50 ms | p95 ms | Errors | Lost answers |")
    print("|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
