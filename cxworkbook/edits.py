"""Edits by path: a field of a workbook addressed by where it is, written only if it still holds
the value the person started from.

A path leads from the workbook to one field: a name for a field of a model, an id for an item of
a list of items (a round, a participant, a goal, a stage, a touchpoint, a promise), a key for an
entry of a mapping (a question's answer), a position for a value in a list of values:
`("goals", "churn-halves", "target")`, `("assessments", "2026-11", "participants", "anna",
"answers", "data-crm.enrichment", "current")`. An edit works on the workbook's plain data (its
`model_dump()`), and the store validates the result as a whole, so every rule of a field lives in
the model and holds for every way of changing it.

An entry of a mapping that is not there yet reads as the entry's defaults (an unanswered question
is an answer with nothing in it) and is made when a field of it is written.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel

from cxworkbook.errors import InvalidEdit, StaleEdit
from cxworkbook.model import Workbook

Step = str | int
FieldPath = tuple[Step, ...]
Data = dict[str, Any]
Operation = Callable[[Data], None]
"""A change of a workbook's plain data, made in place; it raises StaleEdit or InvalidEdit to
refuse. The store applies it to the workbook as it is on disk at that moment."""

UNSET: Any = object()


def path_key(path: FieldPath) -> str:
    """A path as one text, usable as a widget key: `goals/churn-halves/target`."""
    return "/".join(str(step) for step in path)


def _plain(annotation: Any) -> Any:
    """The type inside `Annotated[…]` and `X | None`."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            kinds = [a for a in get_args(annotation) if a is not type(None)]
            if len(kinds) != 1:
                return annotation
            annotation = kinds[0]
        else:
            return annotation


@cache
def _inner(kind: Any, step: Step) -> Any:
    """The type one step down from `kind`: a model's field, a list's item, a mapping's value."""
    kind = _plain(kind)
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        field = kind.model_fields.get(str(step))
        return None if field is None else field.annotation
    args = get_args(kind)
    if get_origin(kind) is list and args:
        return args[0]
    if get_origin(kind) is dict and len(args) == 2:
        return args[1]
    return None


def _default_entry(kind: Any) -> Any:
    """What a missing mapping entry of type `kind` reads as: a model's defaults, else nothing."""
    kind = _plain(kind)
    if isinstance(kind, type) and issubclass(kind, BaseModel):
        return kind().model_dump()
    return None


def _step(node: Any, step: Step, kind: Any, *, make: bool) -> Any:
    """`node`'s child at `step`. A missing mapping entry is made when `make`, else read as its
    defaults; a missing item of a list is gone, and the edit is refused."""
    if isinstance(node, list):
        if isinstance(step, int):
            if 0 <= step < len(node):
                return node[step]
        else:
            for item in node:
                if isinstance(item, dict) and item.get("id") == step:
                    return item
        raise InvalidEdit(f"{step!r} is no longer in the workbook", code="gone")
    if isinstance(node, dict):
        if step in node:
            return node[step]
        entry = _default_entry(_inner(kind, step))
        if make and isinstance(entry, dict):
            node[step] = entry
        return entry
    raise InvalidEdit(f"nothing is at {step!r}", code="gone")


def value_at(data: Data, path: FieldPath) -> Any:
    """The value at `path` in a workbook's plain data (a missing entry reads as its defaults)."""
    node: Any = data
    kind: Any = Workbook
    for step in path:
        node = _step(node, step, kind, make=False)
        kind = _inner(kind, step)
    return node


def set_at(data: Data, path: FieldPath, value: Any) -> None:
    """Write `value` at `path` in a workbook's plain data, making the entries on the way."""
    node: Any = data
    kind: Any = Workbook
    for step in path[:-1]:
        node = _step(node, step, kind, make=True)
        kind = _inner(kind, step)
    last = path[-1]
    if (isinstance(node, list) and isinstance(last, int) and 0 <= last < len(node)) or isinstance(
        node, dict
    ):
        node[last] = value
    else:
        raise InvalidEdit(f"nothing is at {last!r}", code="gone")


def check_unchanged(path: FieldPath, on_disk: Any, expected: Any, new: Any) -> None:
    """Refuse to overwrite a value someone else saved since `expected` was read, unless the new
    value is the one already there (two people agreeing is not a conflict)."""
    if expected is not UNSET and on_disk != expected and on_disk != new:
        raise StaleEdit(path, on_disk)


def set_field(path: FieldPath, value: Any, expected: Any = UNSET) -> Operation:
    """Set the field at `path` to `value`, if it still holds `expected` (when given)."""

    def op(data: Data) -> None:
        check_unchanged(path, value_at(data, path), expected, value)
        set_at(data, path, value)

    return op


def chain(*operations: Operation) -> Operation:
    """Several operations applied as one save: all land, or none."""

    def op(data: Data) -> None:
        for operation in operations:
            operation(data)

    return op
