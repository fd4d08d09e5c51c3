"""The YAML text of a document built part by part, so that a save rewrites only what changed.

Every item of a list of mappings is a part of its own (a round, a participant, a goal, a journey
stage, a touchpoint), and the document itself is the outermost part. A part's text is cut from a
dump of a skeleton that holds the part alone at its place in the document, under the keys that
lead to it: the emitter is then in the same state as in a dump of the whole document, so the text
is byte for byte what that dump would hold there. Inside a part, each list of mappings is written
as a marker that the text of its items replaces.

A part whose data is equal to the data of the same part last time keeps its text. Every piece of
text that is new is read back and compared with its data before it is used. (Equal data must
mean equal text, which holds when a schema fixes each field's type and the order of the keys:
in Python `1 == True`, and dicts are equal whatever their order.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cxworkbook.yamlio import FileProblems, dump, read_back

Step = str | int
Place = tuple[Step, ...]


class WouldChange(ValueError):
    """Reading the text back would not give the data it was written from."""


@dataclass(frozen=True)
class Part:
    """The data a part was written from, its text as it stands in the document (read back once),
    and the same for each list item inside it, keyed by its place relative to this part."""

    data: Any
    text: str
    items: dict[Place, Part]


def document(data: dict[str, Any], known: Part | None = None) -> Part:
    """The text of `data`, reusing the text of every part that is the same as in `known`."""
    return _part((), data, known)


def _part(place: Place, data: Any, known: Part | None) -> Part:
    if known is not None and known.data == data:
        return known
    shell, lists = _hollow(data)
    text = _cut(place, shell)
    ends = {mark: f": {mark}\n" for mark in lists}
    if any(text.count(end) != 1 for end in ends.values()):  # a marker typed into a text field
        return Part(data, _cut(place, data), {})
    items: dict[Place, Part] = {}
    pieces: list[str] = []
    start = 0
    for mark, (at, values) in lists.items():  # in the order the dump wrote them
        position = text.index(ends[mark])
        pieces.append(text[start:position] + ":\n")
        for index, value in enumerate(values):
            relative = (*at, index)
            earlier = known.items.get(relative) if known is not None else None
            item = _part((*place, *relative), value, earlier)
            items[relative] = item
            pieces.append(item.text)
        start = position + len(ends[mark])
    pieces.append(text[start:])
    return Part(data, "".join(pieces), items)


def _hollow(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, tuple[Place, list[Any]]]]:
    """`data` with each non-empty list of mappings in it replaced by a marker, and each marker's
    list with its place relative to `data`."""
    lists: dict[str, tuple[Place, list[Any]]] = {}

    def walk(mapping: dict[str, Any], at: Place) -> dict[str, Any]:
        shell: dict[str, Any] = {}
        for key, value in mapping.items():
            if isinstance(value, dict):
                shell[key] = walk(value, (*at, key))
            elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                mark = f"cxworkbook-part-{len(lists)}"
                lists[mark] = ((*at, key), value)
                shell[key] = mark
            else:
                shell[key] = value
        return shell

    return walk(data, ()), lists


def _cut(place: Place, data: Any) -> str:
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
    # Each key on the way to the part takes one line of its own ("key:" or "- key:") above it.
    keys = sum(isinstance(step, str) for step in place)
    return text.split("\n", keys)[keys] if keys else text
