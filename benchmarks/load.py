"""Many workshop participants answering at once against one running server.

    python -m benchmarks.load                          # 10, 25, 50, 75 and 100 sessions, 60 s each
    python -m benchmarks.load --sessions 25 150 --seconds 120 --think 10
    python -m benchmarks.load --database --servers 2   # PostgreSQL, two servers behind nginx
    python -m benchmarks.load --room --sessions 10 20 30 40 --think 3   # phones in a room

Each session speaks Streamlit's own protocol over the websocket, as the browser does: it opens the
assessment as its own participant, keeps every widget the page draws with its current value, and
every `--think` seconds (±30 %) answers one question by sending all of its widget states with that
one answer changed, exactly what a click sends. The latency is from sending the answer until the
server reports the rerun finished, so it is the server's share of what a participant waits for;
the browser's drawing comes on top and is measured by the Playwright tests, not here. A rerun that
shows an error or an exception, or does not finish within 30 s, is counted as an error. Afterwards
every session's last answer to each question is compared with the workbook on disk: a difference
is a lost answer.

With `--room` the sessions are phones in a room: each has joined the round with its own link and
answers on the participant view, where a tap reruns only the part of the page it is in (a
fragment); every `--think` seconds it also asks, as the phone's browser does by itself, whether
the room has closed or been revealed. One facilitator's view on the laptop refreshes the room's
progress every two seconds meanwhile; its refreshes are timed too.

A session needs far less of the machine than a browser tab, so on a 2-core laptop the figures show
the server's limits rather than the load generator's.

With `--database` the workbook is in a PostgreSQL cluster of the benchmark's own (fsync on); with
`--servers 2` two app servers share it behind nginx with the shipped site, each session kept on
one of them by its own `cxworkbook_server` cookie, as browsers behind one address are.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import websockets
from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from benchmarks.document import markdown_table, write_part
from benchmarks.team import Cluster, free_port, nginx_proxy, postgres_cluster, server_binaries
from cxworkbook import PROJECT_ROOT, QUESTIONNAIRES_DIR, ops
from cxworkbook.edits import chain, path_key
from cxworkbook.ops import answer_path
from cxworkbook.packs import load_packs
from cxworkbook.room import link_key, new_code, new_link_secret
from cxworkbook.store import DATA_ENV, DATABASE_ENV, FileStore, WorkbookStore
from cxworkbook.store.postgres import PostgresStore
from cxworkbook.store.workbooks import new_workbook

# What a participant answers: today's value of a strategy question, or the dimension's target.
ANSWERS = [
    *((f"strategy.{q}", "current") for q in ("definition", "vision", "measurable-goals")),
    ("strategy", "target"),
]
TIMEOUT = 30.0
# Widgets that send a value only at the moment they are pressed, never as standing state.
TRIGGERS = {"button", "download_button", "link_button", "page_link"}


def widget_state(element: Element) -> WidgetState | None:
    """The state a browser starts a widget just drawn with: the value the server set, else the
    widget's default. None for a widget with no standing value."""
    kind = element.WhichOneof("type")
    proto = getattr(element, kind)
    state = WidgetState(id=proto.id)
    if kind == "button_group":
        chosen = (
            proto.raw_values
            if proto.set_value
            else [proto.options[i].content for i in proto.default]
        )
        state.string_array_value.data.extend(chosen)
    elif kind == "selectbox":
        if proto.set_value and proto.HasField("raw_value"):
            state.string_value = proto.raw_value
        elif proto.HasField("default"):
            state.string_value = proto.options[proto.default]
        else:
            return None
    elif kind == "checkbox":
        state.bool_value = proto.value if proto.set_value else proto.default
    elif kind in ("text_area", "text_input"):
        if proto.set_value:
            state.string_value = proto.value
        elif proto.HasField("default"):
            state.string_value = proto.default
        else:
            return None
    else:
        raise RuntimeError(f"the load client does not know the widget {kind}; teach it")
    return state


@dataclass
class Session:
    """One participant's page, held as the browser would hold it."""

    participant: str
    query: str
    latencies: list[float] = field(default_factory=list)
    expected: dict[tuple[str, str], int] = field(default_factory=dict)
    errors: int = 0
    page_hash: str = ""
    drawn: dict[tuple[int, ...], tuple[WidgetState, bool]] = field(default_factory=dict)
    values: dict[str, WidgetState] = field(default_factory=dict)
    problem: bool = False
    socket: Any = None
    fragment_of: dict[str, str] = field(default_factory=dict)  # widget id: its fragment's id
    auto: list[str] = field(default_factory=list)  # fragments the browser reruns on a timer
    refreshes: list[float] = field(default_factory=list)

    def rerun_message(self, fragment: str = "", *, timer: bool = False) -> bytes:
        msg = BackMsg()
        msg.rerun_script.query_string = self.query
        msg.rerun_script.page_script_hash = self.page_hash
        msg.rerun_script.widget_states.widgets.extend(self.values.values())
        msg.rerun_script.fragment_id = fragment
        msg.rerun_script.is_auto_rerun = timer
        return msg.SerializeToString()

    def take(self, msg: ForwardMsg) -> bool:
        """Follow one message from the server; True once a whole run has finished."""
        kind = msg.WhichOneof("type")
        if kind == "new_session":
            self.drawn = {}
        elif kind == "navigation":  # the page this run shows, which the next rerun asks for
            self.page_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query = msg.page_info_changed.query_string
        elif kind == "auto_rerun" and msg.auto_rerun.fragment_id not in self.auto:
            self.auto.append(msg.auto_rerun.fragment_id)
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            kind = element.WhichOneof("type")
            if kind == "exception" or (kind == "alert" and element.alert.format == Alert.ERROR):
                self.problem = True
            proto = getattr(element, kind)
            # Form fields are sent only when their form is submitted.
            if kind in TRIGGERS or not hasattr(proto, "id") or getattr(proto, "form_id", ""):
                return False
            state = widget_state(element)
            if state is not None:
                forced = proto.set_value
                self.drawn[tuple(msg.metadata.delta_path)] = (state, forced)
                self.fragment_of[state.id] = msg.delta.fragment_id
        elif kind == "script_finished":
            if msg.script_finished == ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
                # a fragment's run redraws its own widgets only; the others keep theirs
                self.values.update(
                    (state.id, state if forced else self.values.get(state.id, state))
                    for state, forced in self.drawn.values()
                )
                self.drawn = {}
                return True
            if msg.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                # As in the browser: the page keeps only the widgets this run drew, each with the
                # value it had unless the server set a new one.
                self.values = {
                    state.id: state if forced else self.values.get(state.id, state)
                    for state, forced in self.drawn.values()
                }
                self.drawn = {}
                return True
            if msg.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                self.problem = True
                return True
        return False

    async def until_finished(self) -> None:
        async with asyncio.timeout(TIMEOUT):
            while True:
                msg = ForwardMsg()
                msg.ParseFromString(await self.socket.recv())
                if self.take(msg):
                    return

    async def open(self, port: int, page: str = "assessment") -> None:
        self.values, self.auto = {}, []
        self.socket = await websockets.connect(
            f"ws://localhost:{port}/_stcore/stream",
            subprotocols=["streamlit"],
            max_size=None,
            open_timeout=TIMEOUT,
            additional_headers={"Cookie": f"cxworkbook_server={self.participant}"},
        )
        first = BackMsg()
        first.rerun_script.query_string = self.query
        first.rerun_script.page_name = page
        await self.socket.send(first.SerializeToString())
        await self.until_finished()

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.close()
        self.socket = None

    async def answer(self, key: str, value: int) -> None:
        widget = next(s for s in self.values.values() if s.id.endswith(f"-{key}"))
        changed = WidgetState()
        changed.CopyFrom(widget)
        changed.string_array_value.ClearField("data")
        changed.string_array_value.data.append(str(value))
        self.values[widget.id] = changed
        self.latencies.append(await self.rerun(self.fragment_of.get(widget.id, "")))

    async def refresh(self) -> None:
        """What the browser does by itself: rerun the page's timed fragment."""
        self.refreshes.append(await self.rerun(self.auto[0], timer=True))

    async def rerun(self, fragment: str, *, timer: bool = False) -> float:
        """Send the page's widgets for a rerun (of one fragment, if given); the seconds until it
        finished."""
        self.problem = False
        started = time.perf_counter()
        await self.socket.send(self.rerun_message(fragment, timer=timer))
        await self.until_finished()
        if self.problem:
            raise RuntimeError("the page showed an error")
        return time.perf_counter() - started


def answer_key(round_id: str, person: str, question: str, field: str) -> str:
    """The key of the widget of a participant's answer, as the page gives it."""
    return path_key((*answer_path(round_id, person, question), field))


def prepare(store: WorkbookStore, participants: int) -> tuple[str, str]:
    pack = load_packs(QUESTIONNAIRES_DIR).latest("cx-maturity")
    wb = store.add(new_workbook("Kuorma Oy", "Load", "fi", pack.ref, store.clock()))
    round_id = wb.current_round.id

    def add_all(workbook):
        for n in range(participants):
            ops.add_participant(round_id, f"P{n}")(workbook)

    store.update(wb.id, add_all)
    return wb.id, round_id


def prepare_room(store: WorkbookStore, phones: int) -> tuple[str, str, list[str]]:
    """A workbook whose round's room is open, with `phones` participants joined from phones:
    its id, the round's and each phone's own link secret."""
    pack = load_packs(QUESTIONNAIRES_DIR).latest("cx-maturity")
    wb = store.add(new_workbook("Huone Oy", "Room", "fi", pack.ref, store.clock()))
    round_id, code = wb.current_round.id, new_code()
    secrets = [new_link_secret() for _ in range(phones)]
    joins = [
        ops.join_room(round_id, code, link_key(secret), f"P{n}") for n, secret in enumerate(secrets)
    ]
    store.update(wb.id, chain(ops.open_room(round_id, code, anonymous=False), *joins))
    return wb.id, round_id, secrets


def start_server(root: Path, port: int, database: str | None = None) -> subprocess.Popen:
    settings = {DATA_ENV: str(root)} | ({DATABASE_ENV: database} if database else {})
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)],
        cwd=PROJECT_ROOT,
        env={**os.environ, **settings},
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


async def participate(
    person: Session,
    port: int,
    round_id: str,
    stop: float,
    think: float,
    chance: random.Random,
    page: str = "assessment",
) -> None:
    await asyncio.sleep(chance.uniform(0, think))
    while time.monotonic() < stop:
        if person.socket is None:  # the participant reloads the page, which shows what is on disk
            try:
                await person.open(port, page)
            except (TimeoutError, OSError, websockets.WebSocketException):
                person.errors += 1
                await person.close()
                continue
        asked = chance.choice(ANSWERS)
        value = chance.choice([v for v in range(1, 6) if v != person.expected.get(asked)])
        key = answer_key(round_id, person.participant, *asked)
        try:
            await person.answer(key, value)
            person.expected[asked] = value
        except (RuntimeError, TimeoutError, websockets.WebSocketException):
            # Whether that answer landed is unknown, so it is not checked.
            person.errors += 1
            person.expected.pop(asked, None)
            await person.close()
            continue
        if person.auto:  # a phone asks whether the room closed or was revealed
            try:
                await person.refresh()
            except (RuntimeError, TimeoutError, websockets.WebSocketException):
                person.errors += 1
                await person.close()
        await asyncio.sleep(think * chance.uniform(0.7, 1.3))


async def facilitate(projector: Session, port: int, stop: float) -> None:
    """The projector's view of the room, refreshing itself every two seconds."""
    await projector.open(port)
    while time.monotonic() < stop:
        await asyncio.sleep(2)
        try:
            await projector.refresh()
        except (RuntimeError, TimeoutError, websockets.WebSocketException):
            projector.errors += 1
            await projector.close()
            await projector.open(port)


async def run_level(
    port: int, store: WorkbookStore, sessions: int, seconds: float, think: float, room: bool
) -> list[str]:
    chance = random.Random(sessions)
    projector = None
    if room:
        workbook_id, round_id, links = prepare_room(store, sessions)
        page = ""
        people = [
            Session(f"p{n}", f"lang=fi&room={workbook_id}&me={secret}")
            for n, secret in enumerate(links)
        ]
        projector = Session("facilitator", f"lang=fi&wb={workbook_id}&view=room")
    else:
        workbook_id, round_id = prepare(store, sessions)
        page = "assessment"
        query = f"lang=fi&wb={workbook_id}&view=answer&dimension=strategy"
        people = [Session(f"p{n}", f"{query}&participant=p{n}") for n in range(sessions)]
    for person in people:  # one after another, as people arrive in a room
        await person.open(port, page)
    stop = time.monotonic() + seconds
    work = [participate(p, port, round_id, stop, think, chance, page) for p in people]
    if projector is not None:
        work.append(facilitate(projector, port, stop))
    await asyncio.gather(*work)
    for person in [*people, *([projector] if projector else [])]:
        await person.close()
    assessment = store.read(workbook_id).current_round
    lost = sum(
        getattr(assessment.participant(p.participant).answers.get(q), f, None) != v
        for p in people
        for (q, f), v in p.expected.items()
    )
    latencies = sorted(x for p in people for x in p.latencies)
    errors = sum(p.errors for p in people)
    row = [str(sessions), str(len(latencies)), *_p50_p95(latencies), str(errors), str(lost)]
    if projector is not None:
        row += [_p50_p95(sorted(projector.refreshes))[1], str(projector.errors)]
    return row


def _p50_p95(seconds: list[float]) -> list[str]:
    """The median and the 95th percentile of sorted durations, in milliseconds."""
    if not seconds:
        return ["–", "–"]
    return [
        f"{statistics.median(seconds) * 1000:.0f}",
        f"{seconds[int(0.95 * (len(seconds) - 1))] * 1000:.0f}",
    ]


@contextmanager
def level(
    root: Path, database: Cluster | None, servers: int
) -> Iterator[tuple[int, WorkbookStore]]:
    """The app for one level: its store, and the port the sessions talk to (one server's, or
    nginx's in front of `servers` of them)."""
    url = None if database is None else database.new_database()
    store: WorkbookStore = FileStore(root) if url is None else PostgresStore(url)
    ports = [free_port() for _ in range(servers)]
    with ExitStack() as stack:
        for port in ports:
            server = start_server(root, port, url)
            stack.callback(server.wait)
            stack.callback(server.terminate)
        if servers == 1:
            yield ports[0], store
        else:
            nginx = shutil.which("nginx") or "/usr/sbin/nginx"
            proxy = stack.enter_context(nginx_proxy(nginx, root / "nginx", ports))
            yield int(proxy.url.rsplit(":", 1)[1]), store
        if isinstance(store, PostgresStore):
            store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, nargs="*", default=[10, 25, 50, 75, 100])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=10)
    parser.add_argument("--database", action="store_true", help="keep the workbook in PostgreSQL")
    parser.add_argument("--servers", type=int, choices=[1, 2], default=1)
    parser.add_argument("--room", action="store_true", help="phones in a room, and a projector")
    args = parser.parse_args()
    top = Path(tempfile.mkdtemp())
    rows = []
    with ExitStack() as stack:
        database = None
        if args.database:
            binaries = server_binaries()
            if binaries is None:
                sys.exit("PostgreSQL's server is not installed (apt-get install postgresql)")
            database = stack.enter_context(postgres_cluster(binaries, durable=True))
        for sessions in args.sessions:
            root = top / f"level-{sessions}"
            root.mkdir()
            with level(root, database, args.servers) as (port, store):
                run = run_level(port, store, sessions, args.seconds, args.think, args.room)
                rows.append(asyncio.run(run))
            print("| " + " | ".join(rows[-1]) + " |", file=sys.stderr)
    where = "PostgreSQL" if args.database else "the file store"
    servers = "one server" if args.servers == 1 else f"{args.servers} servers behind nginx"
    title = (
        f"Load: one answer per session every {args.think:.0f} s, {servers}, {where}, "
        f"{args.seconds:.0f} s per level, {os.cpu_count()} cores"
    )
    header = ["Sessions", "Answers", "p50 ms", "p95 ms", "Errors", "Lost answers"]
    part = f"load every {args.think:g} s"
    if args.room:
        title = title.replace("Load: one answer per session", "Room: one tap per phone")
        header = ["Phones", "Taps", "p50 ms", "p95 ms", "Errors", "Lost answers"]
        header += ["Projector p95 ms", "Projector errors"]
        part = f"room, a tap every {args.think:g} s"
    if args.database or args.servers > 1:
        part += f", {servers}, {where}"
    write_part(part, [markdown_table(title, header, rows)])


if __name__ == "__main__":
    main()
