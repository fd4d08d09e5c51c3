"""Small operations on a workbook, each applied by `Store.update` to the file as it is on disk.

An edit of one field carries the value the user started from (`expected`). If the field on disk no
longer has that value, somebody else changed it in the meantime and the edit raises StaleEdit rather
than silently overwrite them; edits of different fields never collide.
"""

from __future__ import annotations

from typing import Any, Literal

from cxworkbook.model import Answer, Participant, Workbook
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
