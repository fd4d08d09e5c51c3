"""The code stays `ruff check` and `ruff format` clean (settings in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys

from cxworkbook import PROJECT_ROOT


def _ruff(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


def test_ruff_check_is_clean():
    result = _ruff("check", "--output-format", "concise", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean():
    result = _ruff("format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_test_module_has_a_name_of_its_own():
    """pytest imports test modules by base name (the test folders are not packages), so two files
    with one name stop the whole run at collection."""
    names = [p.name for p in (PROJECT_ROOT / "tests").rglob("test_*.py")]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []
