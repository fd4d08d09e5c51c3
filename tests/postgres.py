"""A throwaway PostgreSQL server for the tests (`benchmarks.team.Cluster`), with a fresh database
for each test.

Without Debian's server binaries these tests skip, saying why; CI installs the server and sets
CXWORKBOOK_REQUIRE_POSTGRES=1, which turns the skip into a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from benchmarks.team import Cluster, postgres_cluster, server_binaries

REQUIRE_ENV = "CXWORKBOOK_REQUIRE_POSTGRES"


def start_server() -> Iterator[Cluster]:
    binaries = server_binaries()
    if binaries is None:
        message = "PostgreSQL's server is not installed (Debian: apt-get install postgresql)"
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(message)
        pytest.skip(message)
    with postgres_cluster(binaries) as cluster:
        yield cluster
