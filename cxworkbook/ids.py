"""Stable ids: what a workbook, a round, a participant, a goal or a question is called in files
and URLs. An id is a slug, made once from a name and never reused for something else."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

SLUG_PATTERN = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"
QUESTION_ID_PATTERN = r"^[a-z0-9][a-z0-9-]*(?:\.[a-z0-9][a-z0-9-]*)*$"
# What each pattern asks for, in words a person writing a file can act on.
PATTERN_WORDS = {
    SLUG_PATTERN: (
        "use lowercase letters a–z, digits and hyphens, at most 64, starting and ending with a "
        "letter or digit (for example kaarnakoski-2026)"
    ),
    QUESTION_ID_PATTERN: (
        "use lowercase letters a–z, digits and hyphens, with a dot between the parts (for "
        "example data-crm.enrichment)"
    ),
}
_SLUG = re.compile(SLUG_PATTERN)


def is_slug(text: str) -> bool:
    return _SLUG.match(text) is not None


def slugify(text: str, fallback: str = "workbook") -> str:
    """A file-safe id from any text: 'Pyörä – työpaja 2026' -> 'pyora-tyopaja-2026'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:48].strip("-")
    return slug or fallback


def unique_id(base: str, taken: Collection[str]) -> str:
    """`base`, or `base-2`, `base-3`… : the first that is not `taken`."""
    if base not in taken:
        return base
    n = 2
    while f"{base[:44]}-{n}" in taken:
        n += 1
    return f"{base[:44]}-{n}"
