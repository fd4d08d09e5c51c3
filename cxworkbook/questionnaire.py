"""The maturity model as data: dimensions, questions, scale and stages, looked up by language.

A maturity pack is a YAML file under `questionnaires/` with `kind: maturity` (see README: "Write a
questionnaire pack"); `cxworkbook.packs` loads it as strictly as an upload.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from cxworkbook.model import PackRef, QuestionId, Slug, Strict
from cxworkbook.yamlio import Loc

SCALE = (1, 2, 3, 4, 5)
NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Text(Strict):
    """A text in both languages; a pack is incomplete without either."""

    fi: NonEmpty
    en: NonEmpty

    def get(self, lang: str) -> str:
        return self.en if lang == "en" else self.fi


class ScaleLevel(Strict):
    value: int
    label: Text
    description: Text


class Stage(Strict):
    """A band of overall scores, named after a step on the CX development path."""

    id: Slug
    min: float
    max: float
    label: Text
    description: Text
    trap: Text


class Question(Strict):
    id: QuestionId
    text: Text
    help: Text | None = None


class Dimension(Strict):
    id: Slug
    title: Text
    description: Text
    levels: dict[int, Text]
    next_steps: list[Text] = Field(min_length=1)
    questions: list[Question] = Field(min_length=1)


class MaturityPack(Strict):
    kind: Literal["maturity"]
    id: Slug
    version: Annotated[int, Field(ge=1)]
    title: Text
    description: Text
    scale: list[ScaleLevel]
    stages: list[Stage] = Field(min_length=1)
    dimensions: list[Dimension] = Field(min_length=1)

    @property
    def ref(self) -> PackRef:
        return PackRef(id=self.id, version=self.version)

    @property
    def questions(self) -> Iterator[tuple[Dimension, Question]]:
        for d in self.dimensions:
            for q in d.questions:
                yield d, q

    @property
    def question_count(self) -> int:
        return sum(len(d.questions) for d in self.dimensions)

    def dimension(self, dimension_id: str) -> Dimension:
        for d in self.dimensions:
            if d.id == dimension_id:
                return d
        raise KeyError(dimension_id)

    def scale_level(self, value: int) -> ScaleLevel:
        return next(s for s in self.scale if s.value == value)

    def stage_for(self, score: float) -> Stage:
        """The stage whose band holds `score`; a score on a boundary belongs to the higher band."""
        for stage in self.stages:
            if stage.min <= score < stage.max:
                return stage
        return self.stages[-1] if score >= self.stages[-1].min else self.stages[0]


def duplicates(ids: list[str], path: tuple[str, ...], what: str) -> list[tuple[Loc, str]]:
    found, seen = [], set()
    for i, item in enumerate(ids):
        if item in seen:
            found.append(((*path, i, "id"), f"duplicate {what} id {item!r}"))
        seen.add(item)
    return found


def _check_scale(pack: MaturityPack) -> list[tuple[Loc, str]]:
    values = [s.value for s in pack.scale]
    if sorted(values) == list(SCALE):
        return []
    missing = [v for v in SCALE if v not in values]
    extra = sorted({v for v in values if v not in SCALE or values.count(v) > 1})
    detail = "; ".join(
        part
        for part in (
            f"missing {', '.join(map(str, missing))}" if missing else "",
            f"unexpected or repeated {', '.join(map(str, extra))}" if extra else "",
        )
        if part
    )
    return [(("scale",), f"the scale must describe each of the values 1 to 5 once ({detail})")]


def _check_stages(pack: MaturityPack) -> list[tuple[Loc, str]]:
    found: list[tuple[Loc, str]] = []
    lo, hi = float(SCALE[0]), float(SCALE[-1])
    stages = pack.stages
    for i, s in enumerate(stages):
        if s.min >= s.max:
            found.append(
                (("stages", i, "max"), f"max ({s.max}) must be greater than min ({s.min})")
            )
    if stages[0].min != lo:
        found.append(
            (("stages", 0, "min"), f"the first stage must start at {lo} (found {stages[0].min})")
        )
    if stages[-1].max != hi:
        last = len(stages) - 1
        found.append(
            (("stages", last, "max"), f"the last stage must end at {hi} (found {stages[-1].max})")
        )
    for i in range(1, len(stages)):
        if stages[i].min != stages[i - 1].max:
            found.append(
                (
                    ("stages", i, "min"),
                    f"stage bands must follow each other without gaps or overlaps: this stage "
                    f"starts at {stages[i].min} but the one before ends at {stages[i - 1].max}",
                )
            )
    return found


def _check_dimensions(pack: MaturityPack) -> list[tuple[Loc, str]]:
    found: list[tuple[Loc, str]] = []
    found += duplicates([d.id for d in pack.dimensions], ("dimensions",), "dimension")
    seen_questions: set[str] = set()
    for i, d in enumerate(pack.dimensions):
        for level in sorted(d.levels):
            if level not in SCALE:
                found.append((("dimensions", i, "levels", level), "levels must be between 1 and 5"))
        for needed in (SCALE[0], SCALE[-1]):
            if needed not in d.levels:
                found.append(
                    (
                        ("dimensions", i, "levels"),
                        f"describe at least levels 1 and 5 (missing {needed})",
                    )
                )
        for j, q in enumerate(d.questions):
            loc = ("dimensions", i, "questions", j, "id")
            if not q.id.startswith(f"{d.id}."):
                found.append((loc, f"question ids start with their dimension's id: {d.id}.…"))
            if q.id in seen_questions:
                found.append((loc, f"duplicate question id {q.id!r}"))
            seen_questions.add(q.id)
    return found


def check_maturity(pack: MaturityPack) -> list[tuple[Loc, str]]:
    """What the types alone cannot say is wrong with a pack, each with where it is."""
    return (
        _check_scale(pack)
        + duplicates([s.id for s in pack.stages], ("stages",), "stage")
        + _check_stages(pack)
        + _check_dimensions(pack)
    )
