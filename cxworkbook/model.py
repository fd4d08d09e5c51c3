"""Typed models of a workbook: one YAML file, everything a team entered in a workshop.

Answers are stored by stable question id, apart from the questionnaire pack, with the pack's id and
version on each assessment round. User text is cleaned of control characters on the way in.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cache
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError, PydanticKnownError

from cxworkbook.ids import QUESTION_ID_PATTERN, SLUG_PATTERN
from cxworkbook.yamlio import clean_line, clean_text

SCHEMA_VERSION = 1
Language = Literal["fi", "en"]


def cleaned(clean: Callable[[str], str], max_length: int) -> Callable[[str], str]:
    """`clean`, then the length checked on the cleaned text, in one call: pydantic would run a
    length constraint after a validator as a Python call of its own, on every text field each
    time a workbook is validated."""

    def check(value: str) -> str:
        value = clean(value)
        if len(value) > max_length:
            raise PydanticKnownError("string_too_long", {"max_length": max_length})
        return value

    return check


def named(value: str) -> str:
    if not value:
        raise PydanticCustomError("name_missing", "a name or title is needed here")
    return value


Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN)]
QuestionId = Annotated[str, StringConstraints(pattern=QUESTION_ID_PATTERN, max_length=120)]
ShortText = Annotated[str, AfterValidator(cleaned(clean_line, 200))]
Name = Annotated[ShortText, AfterValidator(named)]  # a title or name nobody may blank
LongText = Annotated[str, AfterValidator(cleaned(clean_text, 20_000))]
Score = Annotated[int, Field(ge=1, le=5)]
# An answer's value is one of its question's options, which only the pack knows: the page offers
# only those, and `scoring.answers_off_options` reports any other that a file brings.
AnswerValue = Annotated[int | float, Field(ge=-1000, le=1000, allow_inf_nan=False)]
Number = Annotated[float, Field(allow_inf_nan=False)]


class Strict(BaseModel):
    """Base of every stored model: unknown fields are errors, types are not guessed, and a model
    once built is not changed (an edit is made on the plain data and validated anew), so what a
    page shows can be shared and kept by the workbook's id and revision."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    @property
    def is_empty(self) -> bool:
        """Every field at its default. (Compared as plain dicts: this runs for every answer each
        time a workbook is validated, and building a fresh default model each time is slow.)"""
        return self.__dict__ == _defaults(type(self))


@cache
def _defaults(model: type[BaseModel]) -> dict[str, Any]:
    return model.model_construct().__dict__


Entry = TypeVar("Entry", bound=Strict)


def without_empty(entries: dict[str, Entry]) -> dict[str, Entry]:
    """The entries with something in them: an answer left empty is not kept in the file."""
    return {key: entry for key, entry in entries.items() if not entry.is_empty}


def unique(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise ValueError(f"{what} id {item!r} is used more than once")
        seen.add(item)


class PackRef(Strict):
    id: Slug
    version: Annotated[int, Field(ge=1)]


class Meta(Strict):
    organisation: Name
    title: Name
    language: Language
    created: dt.datetime
    updated: dt.datetime
    facilitator: ShortText = ""  # who runs the workshop: a library is searched by it


class Answer(Strict):
    """One participant's answer to one question.

    `na` (it does not apply to us) and `dont_know` keep the values, so un-ticking brings them back.
    """

    current: AnswerValue | None = None
    target: AnswerValue | None = None
    na: bool = False
    dont_know: bool = False
    note: LongText = ""

    @property
    def is_answered(self) -> bool:
        return self.na or self.dont_know or self.current is not None

    @property
    def counts(self) -> bool:
        """Whether its values go into the scores: N/A and "don't know" are left out."""
        return not self.na and not self.dont_know


# A room's join code: no 0/O or 1/I/L, which a room would read out wrong
JoinCode = Annotated[str, StringConstraints(pattern=r"^[A-HJKMNP-Z2-9]{8}$")]
# The SHA-256 of the secret in a participant's own link: the link itself is never stored
LinkKey = Annotated[str, StringConstraints(pattern=r"^([0-9a-f]{64})?$")]


class Participant(Strict):
    id: Slug
    name: Name
    role: ShortText = ""
    answers: dict[QuestionId, Answer] = Field(default_factory=dict)
    key: LinkKey = ""  # set when they joined from their own phone

    @field_validator("answers")
    @classmethod
    def _drop_empty_answers(cls, answers: dict[str, Answer]) -> dict[str, Answer]:
        """An answer with nothing left in it (after cleaning) is not kept in the file."""
        return without_empty(answers)


class Agreed(Strict):
    """The values the room agreed on for one question after discussing it, and why."""

    current: AnswerValue | None = None
    target: AnswerValue | None = None
    rationale: LongText = ""


class Room(Strict):
    """A round's room: phones join it with `code` while it is `open`. An `anonymous` round asks
    nobody's name; `results` shows the team's result on the phones once the answers are
    revealed."""

    code: JoinCode
    open: bool = True
    anonymous: bool = False
    results: bool = True


class Assessment(Strict):
    """One workshop round: who took part and what they answered, against one pack version.

    Answers stay hidden from the room until the facilitator sets `revealed`; `agreed` holds the
    values agreed per question, which drive the results where present.
    """

    id: Slug
    date: dt.date
    questionnaire: PackRef
    participants: list[Participant] = Field(default_factory=list)
    revealed: bool = False
    agreed: dict[QuestionId, Agreed] = Field(default_factory=dict)
    room: Room | None = None

    @model_validator(mode="after")
    def _unique_participants(self) -> Assessment:
        unique([p.id for p in self.participants], "participant")
        return self

    @field_validator("agreed")
    @classmethod
    def _drop_empty_agreements(cls, agreed: dict[str, Agreed]) -> dict[str, Agreed]:
        return without_empty(agreed)

    @property
    def anonymous(self) -> bool:
        """Whether the round asks no names (its participants are numbered)."""
        return self.room is not None and self.room.anonymous

    def shown_role(self, participant: Participant) -> str:
        """A participant's role as the room and the document may see it: in an anonymous round
        only a role that at least two people share, which points at nobody."""
        role = participant.role.strip()
        if not role or not self.anonymous:
            return role
        shared = sum(p.role.strip().casefold() == role.casefold() for p in self.participants)
        return role if shared >= 2 else ""

    def label(self, participant: Participant) -> str:
        """ "Kaisa (CEO)"; a name that already holds its role in parentheses stays as it is."""
        role = self.shown_role(participant)
        if not role or f"({role})".casefold() in participant.name.casefold():
            return participant.name
        return f"{participant.name} ({role})"

    def participant(self, participant_id: str) -> Participant:
        for p in self.participants:
            if p.id == participant_id:
                return p
        raise KeyError(participant_id)


class Crm(Strict):
    state: Slug | None = None
    data_quality: Score | None = None
    usability: Score | None = None
    channel_coverage: Score | None = None
    notes: LongText = ""
    next_steps: list[Slug] = Field(default_factory=list)


class Goal(Strict):
    id: Slug
    title: Name
    metric: ShortText = ""
    source: ShortText = ""  # where the figure comes from
    frequency: ShortText = ""  # how often it is measured
    unit: ShortText = ""
    baseline: Number | None = None
    baseline_date: dt.date | None = None
    target: Number | None = None
    deadline: dt.date | None = None
    owner: ShortText = ""
    dimensions: list[Slug] = Field(default_factory=list)
    stage: Slug | None = None

    @property
    def is_percentage(self) -> bool:
        return self.unit.strip() == "%"

    @model_validator(mode="after")
    def _keeps_its_rules(self) -> Goal:
        """A goal's rules, each with a code naming its message (`invalid.<code>`). Fields left
        empty break no rule: a goal may be written down before it is measured."""
        if self.baseline is not None and self.baseline == self.target:
            raise PydanticCustomError("target_equals_baseline", "the target equals the baseline")
        if self.baseline_date and self.deadline and self.deadline <= self.baseline_date:
            raise PydanticCustomError(
                "deadline_not_after_baseline", "the deadline is not after the baseline's date"
            )
        if self.is_percentage and any(
            value is not None and not 0 <= value <= 100 for value in (self.baseline, self.target)
        ):
            raise PydanticCustomError("percent_range", "a percentage is between 0 and 100")
        return self


class Touchpoint(Strict):
    id: Slug
    name: Name
    channel: ShortText = ""
    owner: ShortText = ""
    delivery: Literal["in-house", "partner", "outsourced"] | None = None
    effectiveness: Score | None = None
    ease: Score | None = None
    emotion: Score | None = None
    moment_that_matters: bool = False
    pain_point: LongText = ""
    opportunity: LongText = ""
    evidence: Literal["assumed", "anecdotal", "measured"] | None = None


class JourneyStage(Strict):
    id: Slug
    name: Name
    touchpoints: list[Touchpoint] = Field(default_factory=list)


class Journey(Strict):
    segment: ShortText = ""
    segment_description: LongText = ""
    stages: list[JourneyStage] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_ids(self) -> Journey:
        unique([s.id for s in self.stages], "journey stage")
        unique([t.id for s in self.stages for t in s.touchpoints], "touchpoint")
        return self


class Promise(Strict):
    """A customer promise: built on a real customer problem (a journey pain point when `touchpoint`
    names one), with a metric, a target and what the customer gets when it is broken."""

    id: Slug
    text: Annotated[LongText, AfterValidator(named)]
    problem: LongText = ""
    touchpoint: Slug | None = None
    metric: ShortText = ""
    target: ShortText = ""
    compensation: ShortText = ""
    owner: ShortText = ""
    staff_involved: bool = False

    @property
    def is_vague(self) -> bool:
        """Without a metric and a measurable target nobody can tell whether it is kept ("hymy",
        "aina")."""
        return not self.metric.strip() or not is_measurable_target(self.target)


_NUMBER = re.compile(r"\d")
_UNIT = re.compile(r"[^\W\d_]|[%€$£‰°]")  # a letter ("min", "klo", "arkipäivää") or a sign
_CLOCK = re.compile(r"\s*\d{1,2}[:.]\d{2}\s*")  # 16:00, 16.00


def is_measurable_target(target: str) -> bool:
    """A number and a unit ("95 %", "alle 5 min", "10 arkipäivää"), or a time ("klo 16", "16:00"):
    something a count or a clock can show is met."""
    return bool(_NUMBER.search(target)) and bool(_UNIT.search(target) or _CLOCK.fullmatch(target))


class Vision(Strict):
    """The vision and its three pillars; `stage` is where the team places itself on the CX path
    when it disagrees with the assessment, and `stage_reason` says why."""

    statement: LongText = ""
    strategy: LongText = ""
    technology: LongText = ""
    people: LongText = ""
    stage: Slug | None = None
    stage_reason: LongText = ""


NPS_VALUES = range(11)


class NpsCounts(Strict):
    """The counts of 0–10 answers a team enters in the NPS helper, kept so that the score they
    make can be checked later."""

    counts: list[Annotated[int, Field(ge=0, le=10_000_000)]] = Field(
        default_factory=lambda: [0] * len(NPS_VALUES),
        min_length=len(NPS_VALUES),
        max_length=len(NPS_VALUES),
    )


class Workbook(Strict):
    schema_version: Literal[1]
    id: Slug
    revision: Annotated[int, Field(ge=0)]
    meta: Meta
    assessments: list[Assessment] = Field(min_length=1)
    crm: Crm = Field(default_factory=Crm)
    goals: list[Goal] = Field(default_factory=list)
    journey: Journey = Field(default_factory=Journey)
    promises: list[Promise] = Field(default_factory=list)
    vision: Vision = Field(default_factory=Vision)
    nps: NpsCounts = Field(default_factory=NpsCounts)

    @model_validator(mode="after")
    def _unique_ids(self) -> Workbook:
        unique([a.id for a in self.assessments], "assessment round")
        unique([g.id for g in self.goals], "goal")
        unique([p.id for p in self.promises], "promise")
        return self

    @property
    def current_round(self) -> Assessment:
        """The latest assessment round, the one the assessment page works on."""
        return self.assessments[-1]

    def round(self, round_id: str) -> Assessment:
        for a in self.assessments:
            if a.id == round_id:
                return a
        raise KeyError(round_id)

    def to_data(self) -> dict:
        """The plain data written to disk, defaults left out so the file stays short to read."""
        return self.model_dump(mode="python", exclude_defaults=True)
