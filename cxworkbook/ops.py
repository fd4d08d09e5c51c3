"""Small operations on a workbook, each applied by `Store.update` to the file as it is on disk.

An edit of one field carries the value the user started from (`expected`). If the field on disk no
longer has that value, somebody else changed it in the meantime and the edit raises StaleEdit rather
than silently overwrite them; edits of different fields never collide.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal, TypeVar

from cxworkbook.goals import GoalDraft
from cxworkbook.journey import find_stage, find_touchpoint, new_stage_id, new_touchpoint_id
from cxworkbook.model import (
    Agreed,
    Answer,
    Assessment,
    Goal,
    JourneyStage,
    PackRef,
    Participant,
    Promise,
    Touchpoint,
    Workbook,
)
from cxworkbook.store import InvalidEdit, Operation, StaleEdit, slugify, unique_id

Item = TypeVar("Item", Goal, Promise)
AnswerField = Literal["current", "target", "na", "dont_know", "note"]
_UNSET: Any = object()


def _check_unchanged(field: str, on_disk: Any, expected: Any, new: Any) -> None:
    """Refuse to overwrite a value someone else saved since `expected` was read, unless the new
    value is the one already there (two people agreeing is not a conflict)."""
    if expected is not _UNSET and on_disk not in (expected, new):
        raise StaleEdit(field, on_disk)


def set_meta(organisation: str, title: str, language: str) -> Operation:
    """Rename a workbook or change its language; its id (and so its URL) stays."""

    def op(wb: Workbook) -> Workbook:
        wb.meta.organisation = organisation.strip()
        wb.meta.title = title.strip()
        wb.meta.language = language  # type: ignore[assignment]  # validated by the store
        return wb

    return op


def add_participant(round_id: str, name: str, role: str = "") -> Operation:
    """Add a participant to a round; their id is made from the name and is never reused."""

    def op(wb: Workbook) -> Workbook:
        assessment = wb.round(round_id)
        taken = {p.id for p in assessment.participants}
        new_id = unique_id(slugify(name, fallback="participant"), taken)
        assessment.participants.append(Participant(id=new_id, name=name.strip(), role=role.strip()))
        return wb

    return op


def edit_participant(round_id: str, participant_id: str, name: str, role: str) -> Operation:

    def op(wb: Workbook) -> Workbook:
        participant = wb.round(round_id).participant(participant_id)
        participant.name = name.strip()
        participant.role = role.strip()
        return wb

    return op


def set_answer(
    round_id: str,
    participant_id: str,
    question_id: str,
    field: AnswerField,
    value: Any,
    expected: Any = _UNSET,
) -> Operation:
    """Set one field of one answer (an answer left empty is dropped by the model)."""

    def op(wb: Workbook) -> Workbook:
        try:
            participant = wb.round(round_id).participant(participant_id)
        except KeyError:
            raise InvalidEdit("this participant is no longer in the workbook") from None
        answer = participant.answers.get(question_id, Answer())
        _check_unchanged(f"{question_id}.{field}", getattr(answer, field), expected, value)
        setattr(answer, field, value)
        participant.answers[question_id] = answer
        return wb

    return op


CrmField = Literal["state", "data_quality", "usability", "channel_coverage", "notes"]


def set_crm(field: CrmField, value: Any, expected: Any = _UNSET) -> Operation:
    """Set the CRM state or one of its ratings or notes."""

    def op(wb: Workbook) -> Workbook:
        _check_unchanged(f"crm.{field}", getattr(wb.crm, field), expected, value)
        setattr(wb.crm, field, value)
        return wb

    return op


def commit_crm_step(step_id: str, committed: bool, expected: Any = _UNSET) -> Operation:
    """Tick or untick a next step the team commits to; the list keeps the order of ticking."""

    def op(wb: Workbook) -> Workbook:
        steps = wb.crm.next_steps
        _check_unchanged(f"crm.next_steps.{step_id}", step_id in steps, expected, committed)
        if committed and step_id not in steps:
            steps.append(step_id)
        elif not committed and step_id in steps:
            steps.remove(step_id)
        return wb

    return op


GoalField = Literal[
    "title",
    "metric",
    "unit",
    "baseline",
    "baseline_date",
    "target",
    "deadline",
    "owner",
    "dimensions",
    "stage",
]


def _by_id(items: list[Item], item_id: str, code: str) -> Item:
    """The item with `item_id`, or a refusal naming the rule (it was deleted meanwhile)."""
    for item in items:
        if item.id == item_id:
            return item
    raise InvalidEdit(f"{item_id!r} is no longer in the workbook", code=code)


def _goal(wb: Workbook, goal_id: str) -> Goal:
    return _by_id(wb.goals, goal_id, "goal_missing")


def _keep_goal_rules(goal: Goal) -> None:
    broken = goal.problems()
    if broken:
        field, code = broken[0]
        raise InvalidEdit(f"{field}: {code}", code=code)


def add_goal(draft: GoalDraft) -> Operation:
    """Append a goal; its id comes from the title and is never reused for another goal."""

    def op(wb: Workbook) -> Workbook:
        title = draft.title.strip()
        if not title:
            raise InvalidEdit("a goal needs a title", code="title_missing")
        new_id = unique_id(slugify(title, fallback="goal"), {g.id for g in wb.goals})
        wb.goals.append(
            Goal(
                id=new_id,
                title=title,
                metric=draft.metric.strip(),
                unit=draft.unit.strip(),
                baseline_date=draft.baseline_date,
                deadline=draft.deadline,
                dimensions=list(draft.dimensions),
            )
        )
        return wb

    return op


def set_goal(goal_id: str, field: GoalField, value: Any, expected: Any = _UNSET) -> Operation:
    """Set one field of a goal; a value breaking a goal's rule is refused with the rule's code."""

    def op(wb: Workbook) -> Workbook:
        goal = _goal(wb, goal_id)
        _check_unchanged(f"goals.{goal_id}.{field}", getattr(goal, field), expected, value)
        if field == "title" and not str(value).strip():
            raise InvalidEdit("a goal needs a title", code="title_missing")
        setattr(goal, field, value.strip() if isinstance(value, str) else value)
        _keep_goal_rules(goal)
        return wb

    return op


def move_goal(goal_id: str, offset: int) -> Operation:
    """Move a goal up (negative offset) or down the list; moving past either end stops there."""

    def op(wb: Workbook) -> Workbook:
        goal = _goal(wb, goal_id)
        _move(wb.goals, goal, offset)
        return wb

    return op


def delete_goal(goal_id: str) -> Operation:

    def op(wb: Workbook) -> Workbook:
        wb.goals.remove(_goal(wb, goal_id))
        return wb

    return op


def chain(*operations: Operation) -> Operation:
    """Several operations applied as one save: all land, or none."""

    def op(wb: Workbook) -> Workbook:
        for operation in operations:
            wb = operation(wb)
        return wb

    return op


def set_journey(
    field: Literal["segment", "segment_description"], value: str, expected: Any = _UNSET
) -> Operation:
    def op(wb: Workbook) -> Workbook:
        _check_unchanged(f"journey.{field}", getattr(wb.journey, field), expected, value)
        setattr(wb.journey, field, value)
        return wb

    return op


def _named(name: str) -> str:
    if not name.strip():
        raise InvalidEdit("a name is needed", code="name_missing")
    return name.strip()


def _stage(wb: Workbook, stage_id: str) -> JourneyStage:
    try:
        return find_stage(wb.journey, stage_id)
    except KeyError:
        raise InvalidEdit(f"stage {stage_id!r} is gone", code="stage_missing") from None


def _touchpoint(wb: Workbook, touchpoint_id: str) -> Touchpoint:
    try:
        return find_touchpoint(wb.journey, touchpoint_id)[1]
    except KeyError:
        raise InvalidEdit(
            f"touchpoint {touchpoint_id!r} is gone", code="touchpoint_missing"
        ) from None


def start_journey(stages: list[JourneyStage]) -> Operation:
    """Lay out the stages of a template; only on an empty map, so nothing is ever overwritten."""

    def op(wb: Workbook) -> Workbook:
        if wb.journey.stages:
            raise InvalidEdit("the map already has stages", code="journey_not_empty")
        wb.journey.stages = [s.model_copy(deep=True) for s in stages]
        return wb

    return op


def add_stage(name: str) -> Operation:
    def op(wb: Workbook) -> Workbook:
        title = _named(name)
        wb.journey.stages.append(JourneyStage(id=new_stage_id(title, wb.journey), name=title))
        return wb

    return op


def rename_stage(stage_id: str, name: str, expected: Any = _UNSET) -> Operation:
    def op(wb: Workbook) -> Workbook:
        stage = _stage(wb, stage_id)
        _check_unchanged(f"journey.{stage_id}.name", stage.name, expected, name)
        stage.name = _named(name)
        return wb

    return op


def _move(items: list, item: Any, offset: int) -> None:
    """Move `item` by `offset` places; past either end it stops there."""
    index = items.index(item)
    items.insert(max(0, min(len(items) - 1, index + offset)), items.pop(index))


def move_stage(stage_id: str, offset: int) -> Operation:
    def op(wb: Workbook) -> Workbook:
        _move(wb.journey.stages, _stage(wb, stage_id), offset)
        return wb

    return op


def delete_stage(stage_id: str) -> Operation:
    """Delete a stage with its touchpoints; goals that belonged to it no longer name a stage."""

    def op(wb: Workbook) -> Workbook:
        wb.journey.stages.remove(_stage(wb, stage_id))
        for goal in wb.goals:
            if goal.stage == stage_id:
                goal.stage = None
        return wb

    return op


def add_touchpoint(stage_id: str, name: str, **fields: Any) -> Operation:
    """Add a touchpoint at the end of a stage; its id is unique across the whole map."""

    def op(wb: Workbook) -> Workbook:
        stage = _stage(wb, stage_id)
        title = _named(name)
        new_id = new_touchpoint_id(title, wb.journey)
        stage.touchpoints.append(Touchpoint(id=new_id, name=title, **fields))
        return wb

    return op


TouchpointField = Literal[
    "name",
    "channel",
    "owner",
    "delivery",
    "effectiveness",
    "ease",
    "emotion",
    "moment_that_matters",
    "pain_point",
    "opportunity",
    "evidence",
]


def set_touchpoint(
    touchpoint_id: str, field: TouchpointField, value: Any, expected: Any = _UNSET
) -> Operation:
    def op(wb: Workbook) -> Workbook:
        touchpoint = _touchpoint(wb, touchpoint_id)
        _check_unchanged(f"{touchpoint_id}.{field}", getattr(touchpoint, field), expected, value)
        setattr(touchpoint, field, _named(value) if field == "name" else value)
        return wb

    return op


def move_touchpoint(touchpoint_id: str, stage_id: str) -> Operation:
    """Move a touchpoint to the end of another stage; its id stays."""

    def op(wb: Workbook) -> Workbook:
        source, touchpoint = find_touchpoint(wb.journey, touchpoint_id)
        target = _stage(wb, stage_id)
        if target is not source:
            source.touchpoints.remove(touchpoint)
            target.touchpoints.append(touchpoint)
        return wb

    return op


def delete_touchpoint(touchpoint_id: str) -> Operation:
    def op(wb: Workbook) -> Workbook:
        try:
            stage, touchpoint = find_touchpoint(wb.journey, touchpoint_id)
        except KeyError:
            return wb  # already gone: deleting twice is not an error
        stage.touchpoints.remove(touchpoint)
        return wb

    return op


def replace_stages(stages: list[JourneyStage]) -> Operation:
    """Put imported stages and touchpoints in place of the map's (earlier versions keep the old
    ones); the segment stays. Goals of a stage that is gone no longer name a stage."""

    def op(wb: Workbook) -> Workbook:
        wb.journey.stages = [s.model_copy(deep=True) for s in stages]
        kept = {s.id for s in stages}
        for goal in wb.goals:
            if goal.stage not in kept:
                goal.stage = None
        return wb

    return op


VisionField = Literal["statement", "strategy", "technology", "people", "stage", "stage_reason"]


def set_vision(field: VisionField, value: Any, expected: Any = _UNSET) -> Operation:
    def op(wb: Workbook) -> Workbook:
        _check_unchanged(f"vision.{field}", getattr(wb.vision, field), expected, value)
        setattr(wb.vision, field, value)
        return wb

    return op


def _promise(wb: Workbook, promise_id: str) -> Promise:
    return _by_id(wb.promises, promise_id, "promise_missing")


def add_promise(text: str, problem: str = "", touchpoint: str | None = None) -> Operation:
    """Add a customer promise; its id comes from its text."""

    def op(wb: Workbook) -> Workbook:
        promise_text = _named(text)
        new_id = unique_id(
            slugify(promise_text[:60], fallback="promise"), {p.id for p in wb.promises}
        )
        wb.promises.append(
            Promise(id=new_id, text=promise_text, problem=problem.strip(), touchpoint=touchpoint)
        )
        return wb

    return op


PromiseField = Literal[
    "text", "problem", "metric", "target", "compensation", "owner", "staff_involved"
]


def set_promise(
    promise_id: str, field: PromiseField, value: Any, expected: Any = _UNSET
) -> Operation:
    def op(wb: Workbook) -> Workbook:
        promise = _promise(wb, promise_id)
        _check_unchanged(f"promises.{promise_id}.{field}", getattr(promise, field), expected, value)
        setattr(promise, field, _named(value) if field == "text" else value)
        return wb

    return op


def delete_promise(promise_id: str) -> Operation:
    def op(wb: Workbook) -> Workbook:
        wb.promises.remove(_promise(wb, promise_id))
        return wb

    return op


def set_revealed(round_id: str, revealed: bool) -> Operation:
    """Show every participant's answers to the room at once, or hide them again."""

    def op(wb: Workbook) -> Workbook:
        wb.round(round_id).revealed = revealed
        return wb

    return op


def set_agreed(
    round_id: str,
    question_id: str,
    field: Literal["current", "target", "rationale"],
    value: Any,
    expected: Any = _UNSET,
) -> Operation:
    """Record one part of what the room agreed on for a question (an agreement left empty is
    dropped, and the participants' median counts again)."""

    def op(wb: Workbook) -> Workbook:
        agreed = wb.round(round_id).agreed.setdefault(question_id, Agreed())
        _check_unchanged(f"agreed.{question_id}.{field}", getattr(agreed, field), expected, value)
        setattr(agreed, field, value)
        return wb

    return op


def start_round(day: dt.date, pack: PackRef) -> Operation:
    """A new assessment round, months later: the same participants, the given pack, no answers.
    Earlier rounds stay as they were, to compare with."""

    def op(wb: Workbook) -> Workbook:
        previous = wb.current_round
        round_id = unique_id(f"{day:%Y-%m}", {a.id for a in wb.assessments})
        people = [Participant(id=p.id, name=p.name, role=p.role) for p in previous.participants]
        wb.assessments.append(
            Assessment(id=round_id, date=day, questionnaire=pack, participants=people)
        )
        return wb

    return op
