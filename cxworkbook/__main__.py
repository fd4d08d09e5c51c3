"""The command line:

- `python -m cxworkbook room` starts the app for a workshop room: phones on the room's Wi-Fi
  reach it (only the participant view, with the join code), and the facilitator's link is
  printed, as Jupyter prints its token URL;
- `python -m cxworkbook export PATH_OR_ID --format docx --out DIR` writes a workbook's vision
  document without the app, for batch runs and automation;
- `python -m cxworkbook migrate to-database [FOLDER]` moves a data folder's workbooks, with their
  histories and trash, into the database at $CXWORKBOOK_DATABASE_URL, and
  `python -m cxworkbook migrate to-folder FOLDER` moves the database's into a new folder.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import socket
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from cxworkbook import EXAMPLES_DIR, PROJECT_ROOT
from cxworkbook.errors import StoreError
from cxworkbook.ids import is_slug
from cxworkbook.model import Workbook
from cxworkbook.packs import load_packs, pack_folders, parse_pack
from cxworkbook.questionnaire import pack_schema
from cxworkbook.report.exports import FORMATS, render
from cxworkbook.report.look import read_look
from cxworkbook.room import ADDRESS_ENV, FACILITATOR_PARAM, ROOM_ENV, outward_address
from cxworkbook.store import (
    DATA_ENV,
    DATABASE_ENV,
    FileStore,
    configured_store,
    default_data_dir,
    is_database,
    open_store,
)
from cxworkbook.store.files import WORKBOOK_MAX_BYTES, parse_workbook
from cxworkbook.store.migrate import move
from cxworkbook.store.workbooks import export_yaml
from cxworkbook.yamlio import FileProblems, read_capped

# What a user types for each format: the file's own extension
FORMAT_NAMES = {extension: fmt for fmt, (extension, _) in FORMATS.items()}


class Refused(Exception):
    """What the command could not do, said in a line for the person who ran it."""


def _workbook(source: str) -> tuple[Workbook, bytes]:
    """A workbook file at `source`, or the workbook of that id in the data folder."""
    path = Path(source)
    if path.suffix in (".yaml", ".yml") or path.exists():
        if not path.is_file():
            raise Refused(f"no workbook file at {path}")
        if path.stat().st_size > WORKBOOK_MAX_BYTES:
            raise Refused(f"{path} is larger than a workbook may be ({WORKBOOK_MAX_BYTES} bytes)")
        data = path.read_bytes()
        return parse_workbook(data, path.name), data
    if not is_slug(source):
        raise Refused(f"{source!r} is neither a workbook file nor a workbook's id")
    where = configured_store()
    try:
        store = open_store(where, EXAMPLES_DIR)
        return store.read(source), export_yaml(store, source)
    except StoreError as exc:
        place = "the database" if is_database(where) else where
        raise Refused(f"no workbook {source!r} in {place}: {exc}") from None


def export(source: str, fmt: str, out: Path, *, appendix: bool = True) -> Path:
    workbook, data = _workbook(source)
    packs = load_packs(*pack_folders())
    try:
        look = read_look(default_data_dir())  # the consultancy's own, if given
        output = render(workbook, packs, FORMAT_NAMES[fmt], data, appendix=appendix, look=look)
    except KeyError:
        ref = workbook.current_round.questionnaire
        raise Refused(f"questionnaire {ref.id} version {ref.version} is not installed") from None
    target = out / f"{workbook.id}.{fmt}"  # the id is a slug: never a path of its own
    try:
        out.mkdir(parents=True, exist_ok=True)
        target.write_bytes(output)
    except OSError as exc:
        raise Refused(f"cannot write to {out}: {exc.strerror or exc}") from None
    return target


def migrate(direction: str, folder: Path | None) -> str:
    """Move every workbook between a data folder and the database; what was moved, in a line."""
    url = os.environ.get(DATABASE_ENV)
    if not url:
        raise Refused(f"set {DATABASE_ENV} to the database's URL first")
    if direction == "to-folder" and folder is None:
        raise Refused("say which folder to move the workbooks into")
    folder = folder or default_data_dir()
    if direction == "to-database" and not folder.is_dir():
        raise Refused(f"no data folder at {folder}")
    from cxworkbook.store.postgres import PostgresStore  # only a team server needs psycopg

    database = PostgresStore(url)
    try:
        files = FileStore(folder)
        source, target = (files, database) if direction == "to-database" else (database, files)
        kept = move(source, target)
    except StoreError as exc:
        raise Refused(f"nothing was moved: {exc}") from None
    finally:
        database.close()
    where = "the database" if direction == "to-database" else str(folder)
    return (
        f"moved {len(kept.workbooks)} workbooks, {len(kept.histories)} histories and"
        f" {len(kept.trash)} deleted workbooks into {where}"
    )


def room(port: int, host: str | None) -> NoReturn:
    """Run the app open to the room's network with a fresh secret, until Ctrl+C."""
    address = host or outward_address()
    if address is None:
        raise Refused("this laptop has no network address: join the room's Wi-Fi first")
    secret = secrets.token_urlsafe(32)
    base = f"http://{address}:{port}"
    names = dict.fromkeys(["localhost", "127.0.0.1", address, socket.gethostname()])
    # every interface, deliberately: the room's Wi-Fi is the point of this command
    flags = ["--server.address", "0.0.0.0", "--server.port", str(port)]  # noqa: S104
    for name in names:
        flags += ["--server.allowedHosts", name]
    print(
        "CX Workbook is open to the room.\n"
        f"  On this laptop:      http://localhost:{port}\n"
        f"  Facilitator's link:  {base}/?{FACILITATOR_PARAM}={secret}\n"
        "                       (for your own other devices; anyone holding it runs the workshop)\n"
        f"  Phones join at:      {base}\n"
        "                       (the assessment's Room view shows its QR code and join code)\n"
        "Stop with Ctrl+C.",
        flush=True,
    )
    os.environ.update({ROOM_ENV: secret, ADDRESS_ENV: base})
    os.environ.setdefault(DATA_ENV, str(default_data_dir().resolve()))
    os.chdir(PROJECT_ROOT)  # where Streamlit finds the shipped .streamlit/config.toml
    # The server takes this process's place: Ctrl+C, or a service manager, stops it and nothing
    # is left behind (on Windows a new process takes over the same console).
    command = [sys.executable, "-m", "streamlit", "run", "app.py", *flags]
    os.execv(sys.executable, command)  # noqa: S606 (our own app, no shell)


def check_packs(paths: list[Path]) -> int:
    """Check each pack file; print what is wrong with each, or that it is fine."""
    failed = 0
    for path in paths:
        try:
            pack = parse_pack(read_capped(path), path.name)
        except OSError as exc:
            failed += 1
            print(f"{path}: cannot be read ({exc.strerror})", file=sys.stderr)
            continue
        except FileProblems as exc:
            failed += 1
            print(f"{path.name}: {len(exc.problems)} problem(s)", file=sys.stderr)
            for problem in exc.problems:
                print(f"  {problem}", file=sys.stderr)
            continue
        print(f"{path.name}: a {pack.kind} pack, fine")
    return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cxworkbook")
    commands = parser.add_subparsers(dest="command", required=True)
    rooming = commands.add_parser("room", help="run the app for a room: phones join it")
    rooming.add_argument("--port", type=int, default=8501)
    rooming.add_argument(
        "--host", help="the address phones use (found by itself: this laptop's network address)"
    )
    exporting = commands.add_parser("export", help="write a workbook's vision document")
    exporting.add_argument("workbook", help="a workbook file (.yaml) or a workbook's id")
    exporting.add_argument("--format", choices=sorted(FORMAT_NAMES), default="docx")
    exporting.add_argument("--out", type=Path, default=Path(), help="the folder to write to")
    exporting.add_argument(
        "--no-appendix", action="store_true", help="leave out the appendix of every answer"
    )
    migrating = commands.add_parser(
        "migrate", help=f"move workbooks between a data folder and the database at {DATABASE_ENV}"
    )
    migrating.add_argument("direction", choices=["to-database", "to-folder"])
    migrating.add_argument(
        "folder", type=Path, nargs="?", help="the data folder (to-database: ./workbooks by default)"
    )
    commands.add_parser("schema", help="print the JSON Schema of a maturity pack")
    checking = commands.add_parser("check", help="check pack files as the app loads them")
    checking.add_argument("packs", type=Path, nargs="+", help="pack files (.yaml or .yml)")
    args = parser.parse_args(argv)
    if args.command == "schema":
        print(json.dumps(pack_schema(), indent=2, ensure_ascii=False))
        return 0
    if args.command == "check":
        return check_packs(args.packs)
    try:
        if args.command == "room":
            room(args.port, args.host)
        if args.command == "migrate":
            print(migrate(args.direction, args.folder))
            return 0
        written = export(args.workbook, args.format, args.out, appendix=not args.no_appendix)
    except FileProblems as exc:
        print(f"Not a workbook this app can read:\n{exc}", file=sys.stderr)
        return 1
    except Refused as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(written)
    return 0


if __name__ == "__main__":
    sys.exit(main())
