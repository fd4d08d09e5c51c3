"""Content packs for the steps after the assessment: CRM starting points, goal templates and
journey stage templates with the channel list.

Like the maturity pack they are YAML files under `questionnaires/`, told apart by `kind`, with every
text in both languages. What the types cannot say (ids used twice, a band upside down) is checked
here and reported with the place it was found.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from cxworkbook.model import Slug, Strict
from cxworkbook.questionnaire import (
    LANGUAGES,
    Dimension,
    MaturityPack,
    Text,
    duplicates,
    missing_languages,
)
from cxworkbook.yamlio import Loc

ScaleValue = Annotated[float, Field(ge=1, le=5)]  # the CX maturity pack's scale


class ScoreBand(Strict):
    """The assessment scores (1–5) that usually go with a CRM starting point."""

    min: ScaleValue
    max: ScaleValue

    def holds(self, score: float) -> bool:
        return self.min <= score <= self.max


class CrmStep(Strict):
    id: Slug
    text: Text


class CrmState(Strict):
    id: Slug
    title: Text
    description: Text
    question: Text  # what the team has to find out from here
    fits: ScoreBand
    next_steps: list[CrmStep] = Field(min_length=1)


class CrmPack(Strict):
    """The CRM starting points, read together with one dimension of the maturity assessment: the
    first of `dimensions` that the round's pack has, as pack versions name it differently."""

    kind: Literal["crm"]
    id: Slug
    version: Annotated[int, Field(ge=1)]
    dimensions: list[Slug] = Field(min_length=1)
    states: list[CrmState] = Field(min_length=2)

    def dimension_in(self, pack: MaturityPack) -> Dimension | None:
        ids = {d.id for d in pack.dimensions}
        found = next((d for d in self.dimensions if d in ids), None)
        return None if found is None else pack.dimension(found)

    def state(self, state_id: str) -> CrmState:
        for s in self.states:
            if s.id == state_id:
                return s
        raise KeyError(state_id)


class GoalTemplate(Strict):
    id: Slug
    title: Text
    description: Text
    metric: Text
    source: Text
    frequency: Text
    unit: Text
    horizon_months: Annotated[int, Field(ge=1, le=120)]
    dimensions: list[Slug] = Field(default_factory=list)


class GoalPack(Strict):
    """Goal templates for workshops on the maturity packs it `serves` (by id)."""

    kind: Literal["goals"]
    id: Slug
    version: Annotated[int, Field(ge=1)]
    serves: list[Slug] = Field(min_length=1)
    templates: list[GoalTemplate] = Field(min_length=1)

    def serves_pack(self, pack: MaturityPack) -> bool:
        return pack.id in self.serves

    def template(self, template_id: str) -> GoalTemplate:
        for g in self.templates:
            if g.id == template_id:
                return g
        raise KeyError(template_id)


class StageTemplate(Strict):
    id: Slug
    name: Text


class JourneyTemplate(Strict):
    id: Slug
    title: Text
    description: Text
    stages: list[StageTemplate] = Field(min_length=2)


class Channel(Strict):
    id: Slug
    name: Text


class JourneyPack(Strict):
    kind: Literal["journey"]
    id: Slug
    version: Annotated[int, Field(ge=1)]
    templates: list[JourneyTemplate] = Field(min_length=1)
    channels: list[Channel] = Field(min_length=1)

    def template(self, template_id: str) -> JourneyTemplate:
        for j in self.templates:
            if j.id == template_id:
                return j
        raise KeyError(template_id)

    def channel_names(self, lang: str) -> dict[str, str]:
        return {c.id: c.name.get(lang) for c in self.channels}


def check_crm(pack: CrmPack) -> list[tuple[Loc, str]]:
    found = missing_languages(pack, LANGUAGES)
    found += duplicates([s.id for s in pack.states], ("states",), "state")
    seen: set[str] = set()
    for i, state in enumerate(pack.states):
        if state.fits.min > state.fits.max:
            found.append((("states", i, "fits", "max"), "max must not be below min"))
        for j, step in enumerate(state.next_steps):
            if step.id in seen:
                loc = ("states", i, "next_steps", j, "id")
                found.append(
                    (loc, f"duplicate step id {step.id!r} (step ids are shared by all states)")
                )
            seen.add(step.id)
    return found


def check_goals(pack: GoalPack) -> list[tuple[Loc, str]]:
    found = missing_languages(pack, LANGUAGES)
    return found + duplicates([g.id for g in pack.templates], ("templates",), "template")


def check_journey(pack: JourneyPack) -> list[tuple[Loc, str]]:
    found = missing_languages(pack, LANGUAGES)
    found += duplicates([j.id for j in pack.templates], ("templates",), "template")
    found += duplicates([c.id for c in pack.channels], ("channels",), "channel")
    for i, template in enumerate(pack.templates):
        found += duplicates([s.id for s in template.stages], ("templates", i, "stages"), "stage")
    return found
