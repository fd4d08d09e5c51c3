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


class Sign(Strict):
    """One mark of a development stage in the answers: the team's value today of a dimension or
    of a question is at least, or at most, a level."""

    dimension: Slug | None = None
    question: QuestionId | None = None
    at_least: Annotated[float, Field(ge=1, le=5)] | None = None
    at_most: Annotated[float, Field(ge=1, le=5)] | None = None

    @property
    def about(self) -> str:
        return self.dimension or self.question or ""

    def holds(self, value: float | None) -> bool:
        if value is None:
            return False
        if self.at_least is not None and value < self.at_least:
            return False
        return self.at_most is None or value <= self.at_most


class Stage(Strict):
    """A step on the CX development path of the seeds: a story a team recognises itself in. It is
    suggested from the answers only when all of its `signs` hold; a stage without signs is
    never suggested, only chosen."""

    id: Slug
    label: Text
    description: Text
    trap: Text
    signs: list[Sign] = Field(default_factory=list)


class Question(Strict):
    """A statement rated 1–5. `levels` says what each value looks like for this question;
    `continues` names the questions of earlier versions of the pack it carries on, so rounds
    compare across versions."""

    id: QuestionId
    text: Text
    help: Text | None = None
    levels: dict[int, Text] = Field(default_factory=dict)
    continues: list[QuestionId] = Field(default_factory=list)


class Dimension(Strict):
    id: Slug
    title: Text
    description: Text
    levels: dict[int, Text] = Field(default_factory=dict)
    next_steps: list[Text] = Field(min_length=1)
    questions: list[Question] = Field(min_length=1)


class MaturityPack(Strict):
    kind: Literal["maturity"]
    id: Slug
    version: Annotated[int, Field(ge=1)]
    targets: Literal["question", "dimension"] = "question"
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

    def stage(self, stage_id: str) -> Stage | None:
        return next((s for s in self.stages if s.id == stage_id), None)

    @property
    def question_ids(self) -> set[str]:
        return {q.id for _, q in self.questions}


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
    dimensions, questions = {d.id for d in pack.dimensions}, pack.question_ids
    for i, stage in enumerate(pack.stages):
        for j, sign in enumerate(stage.signs):
            loc: Loc = ("stages", i, "signs", j)
            if (sign.dimension is None) == (sign.question is None):
                found.append((loc, "a sign names either a dimension or a question"))
            elif sign.dimension is not None and sign.dimension not in dimensions:
                found.append(((*loc, "dimension"), f"no dimension {sign.dimension!r} in the pack"))
            elif sign.question is not None and sign.question not in questions:
                found.append(((*loc, "question"), f"no question {sign.question!r} in the pack"))
            if sign.at_least is None and sign.at_most is None:
                found.append((loc, "a sign needs at_least or at_most"))
    return found


def _check_levels(
    levels: dict[int, Text], loc: Loc, needed: tuple[int, ...]
) -> list[tuple[Loc, str]]:
    """Levels are values of the scale, and at least `needed` of them are described."""
    found: list[tuple[Loc, str]] = [
        ((*loc, level), "levels must be between 1 and 5") for level in levels if level not in SCALE
    ]
    missing = [str(v) for v in needed if v not in levels]
    if missing:
        wanted = ", ".join(map(str, needed))
        found.append((loc, f"describe levels {wanted} (missing {', '.join(missing)})"))
    return found


def _check_dimensions(pack: MaturityPack) -> list[tuple[Loc, str]]:
    found: list[tuple[Loc, str]] = []
    found += duplicates([d.id for d in pack.dimensions], ("dimensions",), "dimension")
    seen_questions: set[str] = set()
    for i, d in enumerate(pack.dimensions):
        if d.levels:
            found += _check_levels(d.levels, ("dimensions", i, "levels"), (SCALE[0], SCALE[-1]))
        for j, q in enumerate(d.questions):
            loc = ("dimensions", i, "questions", j, "id")
            if not q.id.startswith(f"{d.id}."):
                found.append((loc, f"question ids start with their dimension's id: {d.id}.…"))
            if q.id in seen_questions:
                found.append((loc, f"duplicate question id {q.id!r}"))
            seen_questions.add(q.id)
            if q.levels:
                found += _check_levels(q.levels, ("dimensions", i, "questions", j, "levels"), SCALE)
    return found


def check_maturity(pack: MaturityPack) -> list[tuple[Loc, str]]:
    """What the types alone cannot say is wrong with a pack, each with where it is."""
    return (
        _check_scale(pack)
        + duplicates([s.id for s in pack.stages], ("stages",), "stage")
        + _check_stages(pack)
        + _check_dimensions(pack)
    )
