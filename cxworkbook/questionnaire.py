"""The maturity model as data: dimensions, questions, scale and stages, looked up by language.

A maturity pack is a YAML file under `questionnaires/` with `kind: maturity` (see
docs/maturity-packs.md); `cxworkbook.packs` loads it as strictly as an upload.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence
from typing import Annotated, Literal

from pydantic import BaseModel, Field, StringConstraints

from cxworkbook.model import Language, PackRef, QuestionId, Slug, Strict
from cxworkbook.yamlio import Loc

NonEmpty = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Value = Annotated[int | float, Field(allow_inf_nan=False)]
ShortLabel = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=24)]
LANGUAGES: tuple[Language, ...] = ("fi", "en")
RollUp = Literal["mean", "sum"]
# The steps a workshop may leave out; "promises" is the vision step's customer promises.
OPTIONAL_STEPS = ("crm", "goals", "journey", "promises", "vision")


class Text(Strict):
    """A text in the pack's languages (both, unless the pack says it has only one); shown in the
    other language where its own is missing, so an English-only model reads as it is."""

    fi: NonEmpty | None = None
    en: NonEmpty | None = None

    def get(self, lang: str) -> str:
        own = self.en if lang == "en" else self.fi
        return own or self.en or self.fi or ""


class Option(Strict):
    """One answer a question offers: the value it scores (a level, a weight) and what it says."""

    value: Value
    label: Text
    description: Text | None = None


class Scoring(Strict):
    """How answers become scores. `team` is a question's value from several answers: the lower
    median is always one of the options; the median may fall between two. `unanswered` is what a
    question nobody answered counts as when rolling up ("skip" leaves it out). Each `*_roll_up`
    says how the level below rolls up into it."""

    team: Literal["median", "lower-median"] = "lower-median"
    unanswered: Literal["skip"] | Value = "skip"
    stream_roll_up: RollUp = "mean"
    dimension_roll_up: RollUp = "mean"
    area_roll_up: RollUp = "mean"
    overall_roll_up: RollUp = "mean"


class Range(Strict):
    """The scores a dimension and the whole can take, for the charts' axes."""

    min: Value
    max: Value


class Sign(Strict):
    """One mark of a development stage in the answers: the team's value today of a dimension, of
    a question, or (naming neither) of the whole, is at least, or at most, a level."""

    dimension: Slug | None = None
    question: QuestionId | None = None
    at_least: Value | None = None
    at_most: Value | None = None

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
    """A maturity level or a step on a development path: a story a team recognises itself in. It
    is suggested from the answers only when all of its `signs` hold (a band on the whole score is
    a sign naming neither a dimension nor a question); a stage without signs is never suggested,
    only chosen."""

    id: Slug
    label: Text
    description: Text
    trap: Text | None = None
    next_steps: list[Text] = Field(default_factory=list)
    signs: list[Sign] = Field(default_factory=list)


class Question(Strict):
    """A statement or question answered with its options: its own, a named answer set of the pack,
    or the pack's scale. `levels` describes the scale's values for this question; `continues` names
    the questions of earlier versions of the pack it carries on, so rounds compare across versions.
    `criteria` and `proof` are the evidence the answer should rest on."""

    id: QuestionId
    label: ShortLabel | None = None
    stream: Slug | None = None
    text: Text
    help: Text | None = None
    options: Slug | list[Option] | None = None
    levels: dict[int, Text] = Field(default_factory=dict)
    criteria: list[Text] = Field(default_factory=list)
    proof: list[Text] = Field(default_factory=list)
    continues: list[QuestionId] = Field(default_factory=list)


class Stream(Strict):
    """A part of a dimension its questions belong to, scored on its own and rolled up."""

    id: Slug
    label: ShortLabel | None = None
    title: Text


class Dimension(Strict):
    id: Slug
    label: ShortLabel | None = None
    title: Text
    description: Text | None = None
    levels: dict[int, Text] = Field(default_factory=dict)
    next_steps: list[Text] = Field(default_factory=list)
    streams: list[Stream] = Field(default_factory=list)
    questions: list[Question] = Field(min_length=1)

    def name(self, lang: str) -> str:
        """Its title, after the pack's own short label where it has one: "SM · Strategy"."""
        title = self.title.get(lang)
        return f"{self.label} · {title}" if self.label else title


class Area(Strict):
    """A group of dimensions above them (a business function), rolled up from them."""

    id: Slug
    label: ShortLabel | None = None
    title: Text
    dimensions: list[Slug] = Field(min_length=1)


class Words(Strict):
    """What the frame and the document call the pack's subject and its path of stages."""

    subject: Text
    path: Text


class Framing(Strict):
    """What a team should understand before the workshop, shown on its home page (Markdown)."""

    heading: Text
    text: Text


class Source(Strict):
    name: NonEmpty
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = None


class MaturityPack(Strict):
    kind: Literal["maturity"]
    id: Slug
    version: Annotated[int, Field(ge=1)]
    model_version: NonEmpty | None = None  # the model's own version string, as it publishes it
    source: Source | None = None
    licence: NonEmpty | None = None
    languages: list[Language] = Field(default_factory=lambda: list(LANGUAGES), min_length=1)
    steps: list[Literal["assessment", "crm", "goals", "journey", "promises", "vision"]] = Field(
        default_factory=lambda: ["assessment", *OPTIONAL_STEPS]
    )
    words: Words | None = None
    framing: Framing | None = None
    targets: Literal["question", "dimension"] = "question"
    title: Text
    description: Text
    scale: list[Option] = Field(default_factory=list)
    answer_sets: dict[Slug, list[Option]] = Field(default_factory=dict)
    scoring: Scoring = Scoring()
    range: Range | None = None
    stages: list[Stage] = Field(min_length=1)
    areas: list[Area] = Field(default_factory=list)
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

    def stage(self, stage_id: str) -> Stage | None:
        return next((s for s in self.stages if s.id == stage_id), None)

    @property
    def question_ids(self) -> set[str]:
        return {q.id for _, q in self.questions}

    def options(self, question: Question | None = None) -> list[Option]:
        """What `question` is answered with: its own options, its answer set or the scale (a
        dimension's own target, `question` None, takes the scale or the first answer set)."""
        chosen = None if question is None else question.options
        if isinstance(chosen, list):
            return chosen
        if chosen is not None:
            return self.answer_sets.get(chosen, [])
        return self.scale or next(iter(self.answer_sets.values()), [])

    def option(self, question: Question | None, value: float | None) -> Option | None:
        return next((o for o in self.options(question) if o.value == value), None)

    @property
    def score_range(self) -> tuple[float, float]:
        """The axis of every score chart: the pack's `range`, else its options' lowest and highest
        value."""
        if self.range is not None:
            return (self.range.min, self.range.max)
        values = [o.value for o in self.scale] + [
            o.value for _, q in self.questions for o in self.options(q)
        ]
        return (min(values), max(values))

    @property
    def answer_range(self) -> tuple[float, float]:
        """The lowest and highest value any question's options have: the axis of the answers."""
        values = [o.value for _, q in self.questions for o in self.options(q)]
        return (min(values), max(values))

    def has_step(self, step_id: str) -> bool:
        return step_id in self.steps


def duplicates(ids: list[str], path: tuple[str, ...], what: str) -> list[tuple[Loc, str]]:
    found, seen = [], set()
    for i, item in enumerate(ids):
        if item in seen:
            found.append(((*path, i, "id"), f"duplicate {what} id {item!r}"))
        seen.add(item)
    return found


def missing_languages(
    node: object, languages: Sequence[str], loc: Loc = ()
) -> list[tuple[Loc, str]]:
    """Every text under `node` that lacks one of `languages`, with where it is."""
    if isinstance(node, Text):
        missing = [lang for lang in languages if getattr(node, lang) is None]
        if not missing:
            return []
        if len(languages) == 1:
            return [(loc, f"needs {languages[0]}:")]
        return [(loc, f"needs both fi: and en: ({', '.join(missing)}: is missing)")]
    if isinstance(node, BaseModel):
        return [
            found
            for name in type(node).model_fields
            for found in missing_languages(getattr(node, name), languages, (*loc, name))
        ]
    if isinstance(node, list):
        return [
            f for i, item in enumerate(node) for f in missing_languages(item, languages, (*loc, i))
        ]
    if isinstance(node, dict):
        return [
            f for k, item in node.items() for f in missing_languages(item, languages, (*loc, k))
        ]
    return []


MISSING_TEXTS_LISTED = 3  # texts missing a language named one by one; more are said once


def _check_languages(pack: MaturityPack) -> list[tuple[Loc, str]]:
    """Texts missing one of the pack's languages: each where there are few; once per language,
    with the way out, where many are (a pack in one language that does not say so lacks every
    other text)."""
    found = missing_languages(pack, pack.languages)
    if len(found) <= MISSING_TEXTS_LISTED:
        return found
    summary: list[tuple[Loc, str]] = []
    for lang in pack.languages:
        places = [loc for loc, _ in missing_languages(pack, [lang])]
        if not places:
            continue
        others = ", ".join(other for other in pack.languages if other != lang)
        if not others or "languages" in pack.model_fields_set:
            way_out = f"write each in {lang} too, as the pack's languages say"
        else:
            way_out = (
                f"write each in {lang} too, or, for a pack in {others} only, say so at the top: "
                f"languages: [{others}]"
            )
        count = len(places)
        summary.append((places[0], f"{count} texts have no {lang}: (this is the first); {way_out}"))
    return summary


def _check_options(options: list[Option], loc: Loc) -> list[tuple[Loc, str]]:
    values = [o.value for o in options]
    if len(values) < 2:
        return [(loc, "give at least two answer options")]
    if len(set(values)) < len(values):
        return [(loc, "each answer option needs a value of its own")]
    if values != sorted(values):
        return [(loc, "list the answer options from the lowest value to the highest")]
    return []


def _unknown(what: str, name: str, known: set[str]) -> str:
    """ "no question 'x' in the pack", with the nearest names the pack has."""
    near = difflib.get_close_matches(name, sorted(known), n=2, cutoff=0.6)
    hint = f" (did you mean {' or '.join(near)}?)" if near else ""
    return f"no {what} {name!r} in the pack{hint}"


def _check_answers(pack: MaturityPack) -> list[tuple[Loc, str]]:
    found: list[tuple[Loc, str]] = []
    if pack.scale:
        found += _check_options(pack.scale, ("scale",))
    for name, options in pack.answer_sets.items():
        found += _check_options(options, ("answer_sets", name))
    if pack.range is not None and pack.range.min >= pack.range.max:
        found.append((("range",), "the range's min must be below its max"))
    for i, d in enumerate(pack.dimensions):
        for j, q in enumerate(d.questions):
            loc: Loc = ("dimensions", i, "questions", j, "options")
            if isinstance(q.options, list):
                found += _check_options(q.options, loc)
            elif q.options is not None and q.options not in pack.answer_sets:
                found.append((loc, _unknown("answer set", q.options, set(pack.answer_sets))))
            elif not pack.options(q):
                found.append((loc, "give the question options, or the pack a scale"))
    return found


def _check_stages(pack: MaturityPack) -> list[tuple[Loc, str]]:
    found: list[tuple[Loc, str]] = []
    dimensions, questions = {d.id for d in pack.dimensions}, pack.question_ids
    for i, stage in enumerate(pack.stages):
        for j, sign in enumerate(stage.signs):
            loc: Loc = ("stages", i, "signs", j)
            if sign.dimension is not None and sign.question is not None:
                found.append((loc, "a sign names a dimension or a question, not both"))
            elif sign.dimension is not None and sign.dimension not in dimensions:
                found.append(
                    ((*loc, "dimension"), _unknown("dimension", sign.dimension, dimensions))
                )
            elif sign.question is not None and sign.question not in questions:
                found.append(((*loc, "question"), _unknown("question", sign.question, questions)))
            if sign.at_least is None and sign.at_most is None:
                found.append((loc, "a sign needs at_least or at_most"))
            found += _sign_in_range(pack, sign, loc)
    return found


def _sign_in_range(pack: MaturityPack, sign: Sign, loc: Loc) -> list[tuple[Loc, str]]:
    """A sign's limits lie on the scale of what it is about: a question's options, else the
    scores' range."""
    question = next((q for _, q in pack.questions if q.id == sign.question), None)
    values = [o.value for o in pack.options(question)] if question else []
    low, high = (min(values), max(values)) if values else pack.score_range
    return [
        ((*loc, name), f"{name} must lie between {_number(low)} and {_number(high)}")
        for name in ("at_least", "at_most")
        if (limit := getattr(sign, name)) is not None and not low <= limit <= high
    ]


def _check_levels(
    levels: dict[int, Text], loc: Loc, values: list[float], needed: list[float]
) -> list[tuple[Loc, str]]:
    """Levels describe answer values, and at least `needed` of them."""
    found: list[tuple[Loc, str]] = [
        ((*loc, level), f"levels describe answer values: {', '.join(map(_number, values))}")
        for level in levels
        if level not in values
    ]
    missing = [_number(v) for v in needed if v not in levels]
    if missing:
        wanted = ", ".join(map(_number, needed))
        found.append((loc, f"describe levels {wanted} (missing {', '.join(missing)})"))
    return found


def _number(value: float) -> str:
    return f"{value:g}"


def _check_dimension(pack: MaturityPack, i: int, d: Dimension) -> list[tuple[Loc, str]]:
    found = duplicates([s.id for s in d.streams], ("dimensions", i, "streams"), "stream")
    streams = {s.id for s in d.streams}
    if d.levels:
        values = [o.value for o in pack.options()]
        found += _check_levels(
            d.levels, ("dimensions", i, "levels"), values, values[:1] + values[-1:]
        )
    for j, q in enumerate(d.questions):
        loc: Loc = ("dimensions", i, "questions", j)
        if not q.id.startswith(f"{d.id}."):
            found.append(((*loc, "id"), f"question ids start with their dimension's id: {d.id}.…"))
        if q.stream is not None and q.stream not in streams:
            found.append(((*loc, "stream"), f"no stream {q.stream!r} in dimension {d.id}"))
        elif q.stream is None and streams:
            found.append((loc, "name the question's stream: its dimension has streams"))
        if q.levels:
            values = [o.value for o in pack.options(q)]
            found += _check_levels(q.levels, (*loc, "levels"), values, values)
    return found


def _check_structure(pack: MaturityPack) -> list[tuple[Loc, str]]:
    found = duplicates([d.id for d in pack.dimensions], ("dimensions",), "dimension")
    seen: set[str] = set()
    for i, d in enumerate(pack.dimensions):
        found += _check_dimension(pack, i, d)
        for j, q in enumerate(d.questions):
            if q.id in seen:
                found.append(
                    (("dimensions", i, "questions", j, "id"), f"duplicate question id {q.id!r}")
                )
            seen.add(q.id)
    found += duplicates([a.id for a in pack.areas], ("areas",), "area")
    dimensions, placed = {d.id for d in pack.dimensions}, set[str]()
    for i, area in enumerate(pack.areas):
        for j, dimension_id in enumerate(area.dimensions):
            loc: Loc = ("areas", i, "dimensions", j)
            if dimension_id not in dimensions:
                found.append((loc, _unknown("dimension", dimension_id, dimensions)))
            elif dimension_id in placed:
                found.append((loc, f"dimension {dimension_id!r} is in two areas"))
            placed.add(dimension_id)
    if pack.areas and (left := [d for d in dimensions if d not in placed]):
        found.append(
            (("areas",), f"put every dimension in an area (not in one: {', '.join(sorted(left))})")
        )
    if "assessment" not in pack.steps:
        found.append((("steps",), "a maturity workshop's steps include assessment"))
    return found


def check_maturity(pack: MaturityPack) -> list[tuple[Loc, str]]:
    """What the types alone cannot say is wrong with a pack, each with where it is."""
    return (
        _check_languages(pack)
        + _check_answers(pack)
        + duplicates([s.id for s in pack.stages], ("stages",), "stage")
        + _check_stages(pack)
        + _check_structure(pack)
    )


SCHEMA_ID = "https://cxworkbook.example/maturity-pack.schema.json"


def pack_schema() -> dict[str, object]:
    """The JSON Schema of a maturity pack, for an editor to check a pack as it is typed (what
    it cannot say, such as ids used twice or a text missing a language, the app checks)."""
    schema = MaturityPack.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
        "title": "CX Workbook maturity pack",
        "description": (
            "A maturity model for CX Workbook's workshops: its questions, answer options, scoring, "
            "stages and steps. See docs/maturity-packs.md."
        ),
    }
