"""Edits of one field as tests write them: `set_field` at the path of a workbook's part."""

from __future__ import annotations

from typing import Any

from cxworkbook.edits import UNSET, Data, Operation, chain, set_field
from cxworkbook.ops import answer_path, round_path


def answer(round_id: str, person: str, question: str, field: str, value: Any, expected=UNSET):
    return set_field((*answer_path(round_id, person, question), field), value, expected)


def agreed(round_id: str, question: str, field: str, value: Any, expected=UNSET) -> Operation:
    return set_field((*round_path(round_id), "agreed", question, field), value, expected)


def participant(round_id: str, person: str, field: str, value: Any, expected=UNSET) -> Operation:
    return set_field((*round_path(round_id), "participants", person, field), value, expected)


def meta(field: str, value: Any, expected=UNSET) -> Operation:
    return set_field(("meta", field), value, expected)


def crm(field: str, value: Any, expected=UNSET) -> Operation:
    return set_field(("crm", field), value, expected)


def goal(goal_id: str, field: str, value: Any, expected=UNSET) -> Operation:
    return set_field(("goals", goal_id, field), value, expected)


def journey(field: str, value: Any, expected=UNSET) -> Operation:
    return set_field(("journey", field), value, expected)


def stage(stage_id: str, field: str, value: Any, expected=UNSET) -> Operation:
    return set_field(("journey", "stages", stage_id, field), value, expected)


def touchpoint(touchpoint_id: str, field: str, value: Any, expected=UNSET) -> Operation:
    """A touchpoint's field, wherever on the map the touchpoint stands."""

    def op(data: Data) -> None:
        stages = data["journey"]["stages"]
        where = next(
            (s["id"] for s in stages for t in s["touchpoints"] if t["id"] == touchpoint_id), "-"
        )
        path = ("journey", "stages", where, "touchpoints", touchpoint_id, field)
        set_field(path, value, expected)(data)

    return op


def promise(promise_id: str, field: str, value: Any, expected=UNSET) -> Operation:
    return set_field(("promises", promise_id, field), value, expected)


def vision(field: str, value: Any, expected=UNSET) -> Operation:
    return set_field(("vision", field), value, expected)


def details(organisation: str, title: str, language: str) -> Operation:
    """The workbook's organisation, title and language at once, as the rename form sends them."""
    return chain(
        meta("organisation", organisation), meta("title", title), meta("language", language)
    )


def person(round_id: str, person_id: str, name: str, role: str) -> Operation:
    """A participant's name and role at once, as their form sends them."""
    return chain(
        participant(round_id, person_id, "name", name),
        participant(round_id, person_id, "role", role),
    )


def stage_name(stage_id: str, name: str, expected=UNSET) -> Operation:
    return stage(stage_id, "name", name, expected)
