"""The named changes of a workbook's structure: adding, removing and moving items, revealing the
answers, starting a round. (A field is changed by its path: `cxworkbook.edits.set_field`.)

Each works on the workbook's plain data as the store read it a moment ago; the store validates
the result, so an item these make must be one the model accepts. New items get an id made from
their name, never one used by another item of their kind.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cxworkbook.edits import Data, FieldPath, Operation, value_at
from cxworkbook.errors import InvalidEdit
from cxworkbook.goals import GoalDraft, measures_nps
from cxworkbook.ids import slugify, unique_id
from cxworkbook.model import (
    Goal,
    JourneyStage,
    PackRef,
    Participant,
    Promise,
    Room,
    Touchpoint,
)
from cxworkbook.room import ROOM_SIZE


def round_path(round_id: str) -> FieldPath:
    return ("assessments", round_id)


def answer_path(round_id: str, participant_id: str, question_id: str) -> FieldPath:
    """Where a participant's answer to a question is; its fields are one step further."""
    return (*round_path(round_id), "participants", participant_id, "answers", question_id)


def _items(data: Data, path: FieldPath) -> list[dict[str, Any]]:
    return value_at(data, path)


def _index(items: list[dict[str, Any]], item_id: str) -> int:
    for index, item in enumerate(items):
        if item["id"] == item_id:
            return index
    raise InvalidEdit(f"{item_id!r} is no longer in the workbook", code="gone")


def _new_id(name: str, fallback: str, taken: set[str]) -> str:
    return unique_id(slugify(name, fallback=fallback), taken)


def _named(name: str) -> str:
    if not name.strip():
        raise InvalidEdit("a name is needed", code="name_missing")
    return name.strip()


def _move(items: list[Any], item_id: str, offset: int) -> None:
    """Move an item by `offset` places; past either end it stops there."""
    index = _index(items, item_id)
    items.insert(max(0, min(len(items) - 1, index + offset)), items.pop(index))


def _remove(items: list[dict[str, Any]], item_id: str) -> None:
    items.pop(_index(items, item_id))


# ---- the assessment -------------------------------------------------------------------------
def _join(assessment: dict[str, Any], name: str, role: str, key: str, numbered: str) -> None:
    """Add a participant; in an anonymous round they are `numbered` ("Participant {number}")
    whatever name was given. Their id is made from the name and is never reused."""
    people = assessment["participants"]
    room = assessment.get("room") or {}
    if room.get("anonymous"):
        name = numbered.format(number=len(people) + 1)
    new_id = _new_id(name, "participant", {p["id"] for p in people})
    joined = Participant(id=new_id, name=_named(name), role=role.strip(), key=key)
    people.append(joined.model_dump())


def add_participant(round_id: str, name: str, role: str = "", *, numbered: str = "") -> Operation:
    """Add a participant to a round on the laptop."""

    def op(data: Data) -> None:
        _join(value_at(data, round_path(round_id)), name, role, "", numbered)

    return op


def open_room(round_id: str, code: str, *, anonymous: bool) -> Operation:
    """Open the round's room under a new join code. A round becomes anonymous only while nobody
    has joined it, and stays anonymous: names never asked for cannot leak."""

    def op(data: Data) -> None:
        assessment = value_at(data, round_path(round_id))
        earlier = assessment.get("room") or {}
        if anonymous and assessment["participants"] and not earlier.get("anonymous"):
            raise InvalidEdit("people have already given their names", code="named_already")
        assessment["room"] = Room(
            code=code,
            anonymous=anonymous or earlier.get("anonymous", False),
            results=earlier.get("results", True),
        ).model_dump()

    return op


def close_room(round_id: str) -> Operation:
    """End every phone's access to the round at once."""

    def op(data: Data) -> None:
        room = value_at(data, round_path(round_id)).get("room")
        if room is not None:
            room["open"] = False

    return op


def _open_room(data: Data, round_id: str, code: str) -> dict[str, Any]:
    """The round's plain data if its room is open under `code` (checked on the data as stored at
    that moment: a room closed a moment ago admits nobody)."""
    assessment = value_at(data, round_path(round_id))
    room = assessment.get("room")
    if room is None or not room["open"] or room["code"] != code:
        raise InvalidEdit("the room is closed", code="room_closed")
    return assessment


def join_room(
    round_id: str, code: str, key: str, name: str, role: str = "", *, numbered: str = ""
) -> Operation:
    """A phone joins the round's open room as a new participant holding the link `key`."""

    def op(data: Data) -> None:
        assessment = _open_room(data, round_id, code)
        if len(assessment["participants"]) >= ROOM_SIZE:  # the laptop may add more, by hand
            raise InvalidEdit(f"the room holds {ROOM_SIZE} people", code="room_full")
        _join(assessment, name, role, key, numbered)

    return op


def claim_participant(round_id: str, code: str, participant_id: str, key: str) -> Operation:
    """A phone joins as a name the facilitator prepared, if no phone has taken it and nobody
    has answered for it."""

    def op(data: Data) -> None:
        people = _open_room(data, round_id, code)["participants"]
        person = people[_index(people, participant_id)]
        if person.get("key") or person.get("answers"):
            raise InvalidEdit("someone has already answered as them", code="taken")
        person["key"] = key

    return op


def reveal(round_id: str, revealed: bool) -> Operation:
    """Show every participant's answers to the room at once, or hide them again."""

    def op(data: Data) -> None:
        value_at(data, round_path(round_id))["revealed"] = revealed

    return op


def start_round(day: dt.date, pack: PackRef) -> Operation:
    """A new assessment round, months later: the same participants, the given pack, no answers.
    Earlier rounds stay as they were, to compare with."""

    def op(data: Data) -> None:
        rounds = data["assessments"]
        people = [
            {"id": p["id"], "name": p["name"], "role": p["role"]}
            for p in rounds[-1]["participants"]
        ]
        round_id = unique_id(f"{day:%Y-%m}", {a["id"] for a in rounds})
        rounds.append(
            {
                "id": round_id,
                "date": day,
                "questionnaire": pack.model_dump(),
                "participants": people,
            }
        )

    return op


# ---- the CRM ---------------------------------------------------------------------------------
def commit_crm_step(step_id: str, committed: bool) -> Operation:
    """Tick or untick a next step the team commits to; the list keeps the order of ticking."""

    def op(data: Data) -> None:
        steps = data["crm"]["next_steps"]
        if committed and step_id not in steps:
            steps.append(step_id)
        elif not committed and step_id in steps:
            steps.remove(step_id)

    return op


# ---- goals -----------------------------------------------------------------------------------
def add_goal(draft: GoalDraft) -> Operation:
    """Append a goal; its id comes from the title and is never reused for another goal."""

    def op(data: Data) -> None:
        goals = data["goals"]
        title = _named(draft.title)
        goal = Goal(
            id=_new_id(title, "goal", {g["id"] for g in goals}),
            title=title,
            metric=draft.metric.strip(),
            source=draft.source.strip(),
            frequency=draft.frequency.strip(),
            unit=draft.unit.strip(),
            baseline_date=draft.baseline_date,
            deadline=draft.deadline,
            dimensions=list(draft.dimensions),
        )
        goals.append(goal.model_dump())

    return op


def move_goal(goal_id: str, offset: int) -> Operation:
    def op(data: Data) -> None:
        _move(data["goals"], goal_id, offset)

    return op


def delete_goal(goal_id: str) -> Operation:
    def op(data: Data) -> None:
        _remove(data["goals"], goal_id)

    return op


# ---- the journey -----------------------------------------------------------------------------
def _stages(data: Data) -> list[dict[str, Any]]:
    return data["journey"]["stages"]


def _touchpoint_ids(data: Data) -> set[str]:
    return {t["id"] for s in _stages(data) for t in s["touchpoints"]}


def _stage_of(data: Data, touchpoint_id: str) -> dict[str, Any]:
    for stage in _stages(data):
        if any(t["id"] == touchpoint_id for t in stage["touchpoints"]):
            return stage
    raise InvalidEdit(f"touchpoint {touchpoint_id!r} is gone", code="gone")


def _unset_goal_stages(data: Data, kept: set[str]) -> None:
    """Goals of a stage that is gone no longer name a stage."""
    for goal in data["goals"]:
        if goal["stage"] not in kept:
            goal["stage"] = None


def start_journey(stages: list[JourneyStage]) -> Operation:
    """Lay out the stages of a template; only on an empty map, so nothing is ever overwritten."""

    def op(data: Data) -> None:
        if _stages(data):
            raise InvalidEdit("the map already has stages", code="journey_not_empty")
        data["journey"]["stages"] = [s.model_dump() for s in stages]

    return op


def add_stage(name: str) -> Operation:
    def op(data: Data) -> None:
        title = _named(name)
        new_id = _new_id(title, "stage", {s["id"] for s in _stages(data)})
        _stages(data).append(JourneyStage(id=new_id, name=title).model_dump())

    return op


def move_stage(stage_id: str, offset: int) -> Operation:
    def op(data: Data) -> None:
        _move(_stages(data), stage_id, offset)

    return op


def delete_stage(stage_id: str) -> Operation:
    """Delete a stage with its touchpoints; goals that belonged to it no longer name a stage."""

    def op(data: Data) -> None:
        _remove(_stages(data), stage_id)
        _unset_goal_stages(data, {s["id"] for s in _stages(data)})

    return op


def add_touchpoint(stage_id: str, name: str, **fields: Any) -> Operation:
    """Add a touchpoint at the end of a stage; its id is unique across the whole map."""

    def op(data: Data) -> None:
        stage = _stages(data)[_index(_stages(data), stage_id)]
        title = _named(name)
        new_id = _new_id(title, "touchpoint", _touchpoint_ids(data))
        stage["touchpoints"].append(Touchpoint(id=new_id, name=title, **fields).model_dump())

    return op


def move_touchpoint(touchpoint_id: str, stage_id: str) -> Operation:
    """Move a touchpoint to the end of another stage; its id stays."""

    def op(data: Data) -> None:
        source = _stage_of(data, touchpoint_id)
        target = _stages(data)[_index(_stages(data), stage_id)]
        if target is not source:
            moved = source["touchpoints"].pop(_index(source["touchpoints"], touchpoint_id))
            target["touchpoints"].append(moved)

    return op


def delete_touchpoint(touchpoint_id: str) -> Operation:
    """Delete a touchpoint; one already gone is not an error (deleting twice)."""

    def op(data: Data) -> None:
        if touchpoint_id in _touchpoint_ids(data):
            _remove(_stage_of(data, touchpoint_id)["touchpoints"], touchpoint_id)

    return op


def replace_stages(stages: list[JourneyStage]) -> Operation:
    """Put imported stages and touchpoints in place of the map's (earlier versions keep the old
    ones); the segment stays."""

    def op(data: Data) -> None:
        data["journey"]["stages"] = [s.model_dump() for s in stages]
        _unset_goal_stages(data, {s.id for s in stages})

    return op


# ---- promises --------------------------------------------------------------------------------
def add_promise(text: str, problem: str = "", touchpoint: str | None = None) -> Operation:
    """Add a customer promise; its id comes from its text."""

    def op(data: Data) -> None:
        promises = data["promises"]
        promise_text = _named(text)
        new_id = _new_id(promise_text[:60], "promise", {p["id"] for p in promises})
        promise = Promise(
            id=new_id, text=promise_text, problem=problem.strip(), touchpoint=touchpoint
        )
        promises.append(promise.model_dump())

    return op


def delete_promise(promise_id: str) -> Operation:
    def op(data: Data) -> None:
        _remove(data["promises"], promise_id)

    return op


def set_nps_baseline(goal_id: str, score: float) -> Operation:
    """An NPS score as a goal's baseline, refused unless the goal is counted in NPS points as
    stored now (its unit may have changed in another tab since the page was drawn)."""

    def op(data: Data) -> None:
        goal = data["goals"][_index(data["goals"], goal_id)]
        if not measures_nps(goal.get("unit", "")):
            raise InvalidEdit(f"goal {goal_id!r} is not counted in NPS points", code="not_nps")
        goal["baseline"] = round(score, 1)

    return op
