"""The benchmarks' tables, printed and written into their own document, docs/performance.md.

Each benchmark writes its part of the document between its own markers, with when and where it was
measured, and leaves the other parts as they are; what stands outside the markers (what the aims
are, how to read the tables) is the document's own text.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import re

from cxworkbook import PROJECT_ROOT

DOCUMENT = PROJECT_ROOT / "docs" / "performance.md"


def machine() -> str:
    return (
        f"{platform.machine()} · {os.cpu_count()} cores · Python {platform.python_version()} · "
        f"{platform.system()} {platform.release()}"
    )


def markdown_table(title: str, header: list[str], rows: list[list[str]]) -> str:
    lines = [f"### {title}", "", "| " + " | ".join(header) + " |"]
    lines.append("|" + "|".join("---:" if i else "---" for i in range(len(header))) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def write_part(part: str, tables: list[str]) -> None:
    """Print `tables` and put them in the document as its part `part`, dated."""
    measured = f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on {machine()}"
    body = "\n\n".join([f"Measured {measured}.", *tables])
    print(body)
    start, end = f"<!-- {part}: start -->", f"<!-- {part}: end -->"
    text = DOCUMENT.read_text(encoding="utf-8") if DOCUMENT.exists() else "# Performance\n"
    block = f"{start}\n{body}\n{end}"
    pattern = re.compile(f"{re.escape(start)}.*?{re.escape(end)}", re.DOTALL)
    text = pattern.sub(lambda _: block, text) if pattern.search(text) else f"{text}\n{block}\n"
    DOCUMENT.parent.mkdir(exist_ok=True)
    DOCUMENT.write_text(text, encoding="utf-8")
