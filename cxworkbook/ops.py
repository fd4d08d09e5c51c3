"""Small operations on a workbook, each applied by `Store.update` to the file as it is on disk.

An edit of one field carries the value the user started from (`expected`). If the field on disk no
longer has that value, somebody else changed it in the meantime and the edit raises StaleEdit rather
than silently overwrite them; edits of different fields never collide.
"""

from __future__ import annotations

from typing import Any, Literal

from cxworkbook.goals import GoalDraft
from cxworkbook.model import Answer, Goal, Participant, Workbook
from cxworkbook.store import InvalidEdit, Operation, StaleEdit, slugify, unique_id

AnswerField = Literal["current", "target", "na", "note"]
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


def _goal(wb: Workbook, goal_id: str) -> Goal:
    for goal in wb.goals:
        if goal.id == goal_id:
            return goal
    raise InvalidEdit(f"goal {goal_id!r} is no longer in the workbook", code="goal_missing")


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
        index = wb.goals.index(goal)
        wb.goals.insert(max(0, min(len(wb.goals) - 1, index + offset)), wb.goals.pop(index))
        return wb

    return op


def delete_goal(goal_id: str) -> Operation:

    def op(wb: Workbook) -> Workbook:
        wb.goals.remove(_goal(wb, goal_id))
        return wb

    return op
