"""A throwaway PostgreSQL server for the tests: Debian's own server binaries, a cluster in a
temporary folder listening only on a socket there, and a fresh database for each test.

Without the binaries these tests skip, saying why; CI installs the server and sets
CXWORKBOOK_REQUIRE_POSTGRES=1, which turns the skip into a failure.
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

REQUIRE_ENV = "CXWORKBOOK_REQUIRE_POSTGRES"
USER = "cx"


def server_binaries() -> Path | None:
    """The folder of `initdb` and `pg_ctl`: $CXWORKBOOK_PG_BIN, else Debian's newest."""
    if os.environ.get("CXWORKBOOK_PG_BIN"):
        return Path(os.environ["CXWORKBOOK_PG_BIN"])
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: p.parts[-3])
    return found[-1].parent if found else None


def _as_server_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run it as Debian's `postgres` user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@dataclass
class Server:
    folder: Path
    binaries: Path
    numbers: Iterator[int]

    def url(self, database: str) -> str:
        return f"postgresql://{USER}@/{database}?host={self.folder}&port=5432"

    def new_database(self) -> str:
        name = f"test_{next(self.numbers)}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")  # type: ignore[call-overload]  # our name
        return self.url(name)

    def _pg_ctl(self, *arguments: str) -> None:
        data, log = self.folder / "data", self.folder / "log"
        command = [str(self.binaries / "pg_ctl"), "-D", str(data), "-l", str(log), *arguments]
        subprocess.run(_as_server_user(command), check=True, capture_output=True)

    def start(self) -> None:
        options = f"-k {self.folder} -c listen_addresses='' -p 5432 -c fsync=off"
        self._pg_ctl("-o", options, "-w", "start")

    def stop(self) -> None:
        self._pg_ctl("-m", "immediate", "-w", "stop")


def start_server() -> Iterator[Server]:
    binaries = server_binaries()
    if binaries is None:
        message = "PostgreSQL's server is not installed (Debian: apt-get install postgresql)"
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(message)
        pytest.skip(message)
    folder = Path(tempfile.mkdtemp(prefix="cx-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    command = [str(binaries / "initdb"), "-D", str(folder / "data"), "-U", USER, "-A", "trust"]
    subprocess.run(_as_server_user([*command, "--no-sync"]), check=True, capture_output=True)
    server = Server(folder, binaries, itertools.count(1))
    server.start()
    try:
        yield server
    finally:
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
