"""The parts of a team server, started on this machine for the tests and the benchmarks: a
PostgreSQL cluster of its own (Debian's server binaries, a temporary folder, a socket there and no
TCP port) and nginx with the shipped site (`deploy/nginx.conf`) in front of app servers."""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg

from cxworkbook import PROJECT_ROOT

DEPLOY = PROJECT_ROOT / "deploy"
USER = "cx"
SERVED_BY = "x-cxworkbook-server"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


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
class Cluster:
    folder: Path
    binaries: Path
    numbers: Iterator[int]
    durable: bool = False

    def url(self, database: str) -> str:
        return f"postgresql://{USER}@/{database}?host={self.folder}&port=5432"

    def new_database(self) -> str:
        name = f"db_{next(self.numbers)}"
        with psycopg.connect(self.url("postgres"), autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")  # type: ignore[call-overload]  # our name
        return self.url(name)

    def _pg_ctl(self, *arguments: str) -> None:
        data, log = self.folder / "data", self.folder / "log"
        command = [str(self.binaries / "pg_ctl"), "-D", str(data), "-l", str(log), *arguments]
        subprocess.run(_as_server_user(command), check=True, capture_output=True)

    def start(self) -> None:
        options = f"-k {self.folder} -c listen_addresses='' -p 5432"
        if not self.durable:
            options += " -c fsync=off"
        self._pg_ctl("-o", options, "-w", "start")

    def stop(self) -> None:
        self._pg_ctl("-m", "immediate", "-w", "stop")


@contextmanager
def postgres_cluster(binaries: Path, *, durable: bool = False) -> Iterator[Cluster]:
    """A new cluster, stopped and removed afterwards; `durable` keeps fsync on (benchmarks),
    the tests turn it off."""
    folder = Path(tempfile.mkdtemp(prefix="cx-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    command = [str(binaries / "initdb"), "-D", str(folder / "data"), "-U", USER, "-A", "trust"]
    subprocess.run(_as_server_user([*command, "--no-sync"]), check=True, capture_output=True)
    cluster = Cluster(folder, binaries, itertools.count(1), durable)
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)


@dataclass
class Proxy:
    url: str

    def served_by(self, cookie: str) -> str:
        request = urllib.request.Request(
            f"{self.url}/_stcore/health", headers={"Cookie": f"cxworkbook_server={cookie}"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.headers[SERVED_BY]


@contextmanager
def nginx_proxy(nginx: str, folder: Path, ports: list[int]) -> Iterator[Proxy]:
    """nginx with `deploy/nginx.conf` as its site, in front of the app servers on `ports`."""
    folder.mkdir(parents=True)
    folder.chmod(0o777)  # nginx's workers, as nobody, keep request bodies here
    port = free_port()
    site = (DEPLOY / "nginx.conf").read_text()
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port};")
    site = site.replace("server_name cx.example.fi;", "server_name localhost;")
    site = site.replace("127.0.0.1:8501", f"127.0.0.1:{ports[0]}")
    site = site.replace("127.0.0.1:8502", f"127.0.0.1:{ports[1]}")
    (folder / "site.conf").write_text(site)
    temp = " ".join(
        f"{kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (folder / "nginx.conf").write_text(
        f"pid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'};\nevents {{}}\n"
        f"http {{ access_log off; {temp} include {folder / 'site.conf'}; }}\n"
    )
    process = subprocess.Popen(
        [nginx, "-c", str(folder / "nginx.conf"), "-p", str(folder), "-g", "daemon off;"],
        stderr=subprocess.PIPE,
    )
    proxy = Proxy(f"http://localhost:{port}")
    deadline = time.monotonic() + 30
    while True:
        try:
            proxy.served_by("")
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"nginx did not start: {process.stderr.read().decode()}"
                ) from None
            time.sleep(0.1)
    try:
        yield proxy
    finally:
        process.terminate()
        process.wait(timeout=10)
