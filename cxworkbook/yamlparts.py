"""The YAML text of a document built part by part, so that a save rewrites only what changed.

Every item of a list of mappings (a round, a participant, a goal, a journey stage, a touchpoint)
and every entry of a mapping of mappings (one participant's answer to one question) is a part of
its own, and the document itself is the outermost part. Inside a part, each such collection is
written as a marker that the text of its items replaces.

The items of a collection that changed are written together, in one dump of a skeleton that holds
them alone at the collection's place in the document, under the keys that lead to it: the emitter
is then in the same state as in a dump of the whole document, so the text is byte for byte what
that dump would hold there. The dump is read back and compared with its data before it is used,
then cut into one text per item where a line starts at the items' own indentation (their content
is always indented deeper). Were there more such lines than items, each item is written alone.

A part whose data is equal to the data of the same part last time keeps its text. (Equal data must
mean equal text, which holds when a schema fixes each field's type and the order of the keys:
in Python `1 == True`, and dicts are equal whatever their order.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from cxworkbook.yamlio import FileProblems, dump, read_back

Step = str | int
Place = tuple[Step, ...]
Collection = list[dict[str, Any]] | dict[str, Any]


class WouldChange(ValueError):
    """Reading the text back would not give the data it was written from."""


@dataclass(frozen=True)
class Part:
    """The data a part was written from, its text as it stands in the document (read back once),
    and the same for each item inside it, keyed by its place relative to this part."""

    data: Any
    text: str
    items: dict[Place, Part]


def document(data: dict[str, Any], known: Part | None = None) -> Part:
    """The text of `data`, reusing the text of every part that is the same as in `known`."""
    if known is not None and known.data == data:
        return known
    shell, collections = _shell_and_collections(data)
    text = _written_at((), shell)
    return _filled(data, text, collections, (), known) or Part(data, _written_at((), data), {})


def _filled(
    data: Any,
    text: str,
    collections: dict[str, tuple[Place, Collection]],
    place: Place,
    known: Part | None,
) -> Part | None:
    """The part of `data`, from `text`, the text of its shell, with each marker replaced by the
    text of its collection's items; None when a marker does not stand once (it was typed)."""
    ends = {mark: f": {mark}\n" for mark in collections}
    if any(text.count(end) != 1 for end in ends.values()):
        return None
    items: dict[Place, Part] = {}
    pieces: list[str] = []
    start = 0
    for mark, (at, collection) in collections.items():  # in the order the dump wrote them
        position = text.index(ends[mark])
        pieces.append(text[start:position] + ":\n")
        for step, item in _items((*place, *at), collection, known, at).items():
            items[(*at, step)] = item
            pieces.append(item.text)
        start = position + len(ends[mark])
    pieces.append(text[start:])
    return Part(data, "".join(pieces), items)


def _items(place: Place, collection: Collection, known: Part | None, at: Place) -> dict[Step, Part]:
    """The part of every item of the collection at `place`, in order: kept where its data is the
    same as last time (`known`, with the collection at `at` inside it), written anew otherwise."""
    entries: dict[Step, Any] = (
        dict(enumerate(collection)) if isinstance(collection, list) else dict(collection)
    )
    earlier = {step: known.items.get((*at, step)) if known else None for step in entries}
    kept = {
        step: part
        for step, part in earlier.items()
        if part is not None and part.data == entries[step]
    }
    new = {
        step: _shell_and_collections(value) for step, value in entries.items() if step not in kept
    }
    listed = isinstance(collection, list)
    texts = _written_items(place, {step: shell for step, (shell, _) in new.items()}, listed)
    for step, (_, collections) in new.items():
        value = entries[step]
        whole = (*place, step)
        kept[step] = _filled(value, texts[step], collections, whole, earlier[step]) or Part(
            value, _written_items(place, {step: value}, listed)[step], {}
        )
    return {step: kept[step] for step in entries}


def _written_items(place: Place, items: dict[Step, Any], listed: bool) -> dict[Step, str]:
    """The text of each item as the collection at `place` (a list or a mapping) holds it, from
    one dump of them all."""
    if not items:
        return {}
    text = _written_at(place, list(items.values()) if listed else items)
    margin = " " * (len(text) - len(text.lstrip(" ")))
    starts = [found.start() for found in re.finditer(f"^{margin}[^ \n]", text, re.MULTILINE)]
    if len(starts) != len(items):
        return {
            step: _written_at(place, [value] if listed else {step: value})
            for step, value in items.items()
        }
    ends = [*starts[1:], len(text)]
    return {step: text[first:last] for step, first, last in zip(items, starts, ends, strict=True)}


def _shell_and_collections(
    data: dict[str, Any],
) -> tuple[dict[str, Any], dict[str, tuple[Place, Collection]]]:
    """`data` with each non-empty collection in it replaced by a marker, and each marker's
    collection with its place relative to `data`."""
    collections: dict[str, tuple[Place, Collection]] = {}

    def walk(mapping: dict[str, Any], at: Place) -> dict[str, Any]:
        shell: dict[str, Any] = {}
        for key, value in mapping.items():
            if not _one_line(key):  # what lies under it is kept whole
                shell[key] = value
            elif _is_collection(value):
                mark = f"cxworkbook-part-{len(collections)}"
                collections[mark] = ((*at, key), value)
                shell[key] = mark
            elif isinstance(value, dict):
                shell[key] = walk(value, (*at, key))
            else:
                shell[key] = value
        return shell

    return walk(data, ()), collections


def _is_collection(value: Any) -> bool:
    """A non-empty list of mappings, or a non-empty mapping of mappings."""
    if isinstance(value, list):
        return bool(value) and all(isinstance(item, dict) for item in value)
    if isinstance(value, dict):
        return bool(value) and all(
            _one_line(key) and isinstance(item, dict) for key, item in value.items()
        )
    return False


def _one_line(key: Any) -> bool:
    """Whether a key is written on one line of its own. (A key of more than 128 bytes or of more
    than one line is written over several, which the cutting, one line per key on the way to a
    part, does not allow for.)"""
    return isinstance(key, str) and len(key.encode("utf-8")) < 100 and key.splitlines() == [key]


def _written_at(place: Place, data: Any) -> str:
    """The text of `data` at `place`, as a dump of the whole document would hold it there."""
    skeleton = data
    for step in reversed(place):
        skeleton = [skeleton] if isinstance(step, int) else {step: skeleton}
    text = dump(skeleton)
    try:
        same = read_back(text) == skeleton
    except FileProblems as exc:
        raise WouldChange(str(exc)) from None
    if not same:
        raise WouldChange("a character would change on reading the file back")
    # Each key on the way takes one line of its own ("key:" or "- key:") above the data.
    keys = sum(isinstance(step, str) for step in place)
    return text.split("\n", keys)[keys] if keys else text
