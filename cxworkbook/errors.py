"""Why a change did not land, for every store and every way of changing a workbook.

Each error has a `reason` the screen translates (`store_errors.<reason>`); a refused edit may also
name the rule it breaks (`invalid.<code>`), so the reason can stand next to the field.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

REASONS = (
    "other",
    "not_found",
    "busy",
    "write_failed",
    "disk_full",
    "read_only",
    "roundtrip",
    "too_large",
    "conflict",
    "invalid",
    "not_in_history",
    "unavailable",
)
# The rules an edit can break, each with a message `invalid.<code>` in the locales.
INVALID_CODES = (
    "not_a_number",
    "target_equals_baseline",
    "deadline_not_after_baseline",
    "percent_range",
    "name_missing",
    "too_long",
    "gone",
    "journey_not_empty",
    "not_nps",
    "named_already",
    "room_closed",
    "room_full",
    "taken",
)
# Pydantic's own kinds of error that a person can cause from a screen, by the rule they break.
_PYDANTIC_CODES = {"string_too_long": "too_long", "too_long": "too_long"}


class StoreError(Exception):
    """A store action could not be done. `reason` (one of REASONS) is what the UI translates for
    the user; the message is the technical detail."""

    reason = "other"

    def __init__(self, detail: str = "", reason: str | None = None) -> None:
        super().__init__(detail)
        if reason is not None:
            self.reason = reason


class WorkbookNotFound(StoreError):
    reason = "not_found"


class SaveFailed(StoreError):
    """The disk or database refused the write, or the text would not read back the same; what
    was stored before is unchanged."""

    reason = "write_failed"


class StaleEdit(StoreError):
    """The field at `path` was changed by someone else since this edit's starting point was read;
    `theirs` is its value now."""

    reason = "conflict"

    def __init__(self, path: tuple[str | int, ...], theirs: Any) -> None:
        self.path = path
        self.theirs = theirs
        super().__init__(f"{'/'.join(map(str, path))} was changed elsewhere in the meantime")


class InvalidEdit(StoreError):
    """An edit was asked to do something the workbook does not allow. `code`, when given, names
    the rule (`invalid.<code>` in the locales)."""

    reason = "invalid"

    def __init__(self, detail: str = "", code: str | None = None) -> None:
        super().__init__(detail)
        self.code = code


def refused(exc: ValidationError) -> InvalidEdit:
    """A workbook that an edit left breaking a rule, as the refusal of that edit."""
    first = exc.errors(include_url=False)[0]
    kind = str(first["type"])
    code = kind if kind in INVALID_CODES else _PYDANTIC_CODES.get(kind)
    detail = "; ".join(
        f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors(include_url=False)
    )
    return InvalidEdit(detail, code=code)
