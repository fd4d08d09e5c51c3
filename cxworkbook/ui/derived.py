"""What pages compute from the workbook, computed once per version and shared by every session.

A page reruns on every click, and most reruns show a workbook that has not changed since the last
one: the same scores, tables and chart specs. `derived(compute, *args)` keeps `compute(*args)`.

The key is what makes this safe. The workbook a page shows (`Store.read`), every part of it and
the packs are shared between sessions and never changed: a save makes a new version, a new object.
So an argument that cannot be hashed (a round, a list of goals, a pack, a table kept here) stands
for its content by its identity, and is kept alive with the result so that its identity is not
reused; an argument that can be hashed (a language, labels, a function) is compared by value.
Never pass an object that anyone changes: a copy from `Store.open`, or a table a page edits;
and never change a result. `compute` is a function of the library: a function a page defines is
made anew on every run, so it would never be found again.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

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
