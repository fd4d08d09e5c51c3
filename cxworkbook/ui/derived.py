"""What pages compute from the workbook, computed once per version and shared by every session.

A page reruns on every click, and most reruns show a workbook that has not changed since the last
one: the same scores, tables and chart specs. `derived(compute, *args)` keeps `compute(*args)`.

The key is what makes this safe. A workbook the store hands out, every part of it and the packs
are frozen models shared between sessions: a save makes a new version, a new object, and a file
changed by hand is read as a new object too (even where its revision stayed the same, which is
why the key is the object and not its id and revision). So an argument that cannot be hashed (a
round, a list of goals, a pack, a table kept here) stands for its content by its identity, and
is kept alive with the result so that its identity is not reused; an argument that can be hashed
(a language, labels, a function) is compared by value. Never change a result, nor a list inside
a model. `compute` is a function of the library: a function a page defines is made anew on every
run, so it would never be found again.

The app's other caches, each keyed by what it is made from: the store's parsed files (by the
file's inode, time and size), the packs (by their files' names and times), chart specs and
drawn charts (by their table's and spec's content: `cxworkbook.charts`,
`cxworkbook.report.static_charts`), and the menu's pages (per session and language).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from cxworkbook.model import Workbook

T = TypeVar("T")
KEPT = 256  # results kept, least recently asked for dropped first: a few pages' worth per session
_BY_IDENTITY = object()
_kept: OrderedDict[tuple[Hashable, ...], tuple[tuple[Any, ...], Any]] = OrderedDict()
_lock = threading.Lock()


def _key_part(arg: Any) -> Hashable:
    try:
        hash(arg)
    except TypeError:
        return (_BY_IDENTITY, id(arg))
    return arg


def derived(compute: Callable[..., T], *args: Any) -> T:
    """`compute(*args)`, kept for as long as it is asked for (see the module's docstring)."""
    key = (compute, *map(_key_part, args))
    with _lock:
        if key in _kept:
            _kept.move_to_end(key)
            return _kept[key][1]
    result = compute(*args)
    with _lock:
        _kept[key] = (args, result)
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return result


def _dumped(workbook: Workbook) -> dict[str, Any]:
    return workbook.model_dump()


def plain_data(workbook: Workbook) -> dict[str, Any]:
    """The workbook as plain data, for reading fields by path (`cxworkbook.edits.value_at`);
    shared: never to be changed."""
    return derived(_dumped, workbook)
