"""Moving workbooks between a data folder and the team server's database, losslessly: each
workbook's text as it is kept, under its id and revision, with its history (each earlier
version's text and time) and the trash.

Every text is read back as a workbook before anything is written, and nothing is written where
the target already has a workbook, a history or a trash copy under the same id or key.
"""

from __future__ import annotations

from typing import Protocol

from cxworkbook.store.files import parse_workbook
from cxworkbook.store.kept import Kept


class Keeping(Protocol):
    """A store that gives and takes what it keeps as it is (both stores do)."""

    def kept(self) -> Kept: ...

    def keep(self, kept: Kept) -> None:
        """Take `kept` as it is; nothing it holds may be in the store already."""
        ...


def check(kept: Kept) -> None:
    """Every text reads back as a workbook (FileProblems says where one does not)."""
    texts = [(w.text, f"{w.id}.yaml") for w in kept.workbooks]
    texts += [
        (v.text, f"{h.id}.yaml, revision {v.revision}") for h in kept.histories for v in h.versions
    ]
    texts += [(d.text, f"{d.key}.yaml") for d in kept.trash]
    for text, name in texts:
        parse_workbook(text.encode("utf-8"), name)


def move(source: Keeping, target: Keeping) -> Kept:
    """Copy everything `source` keeps into `target`, which must hold none of it yet."""
    kept = source.kept()
    check(kept)
    target.keep(kept)
    return kept
