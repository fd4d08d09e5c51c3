"""The journey canvas: the map as journey-mapping tools draw it, stages as columns and lanes under
them (touchpoints with their channel, ratings and who delivers them; the emotion curve; pain
points; opportunities; who delivers each stage), moments that matter marked.

Laid out here, in pixels, as a table of boxes, texts, dots and the curve, so that one chart
(`charts.journey_canvas`) draws the same canvas on the page and in every export. Text is wrapped
here to its box's width; a box grows with its text, so nothing is ever cut short: a wide map
scrolls sideways instead.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from functools import cached_property, partial
from statistics import mean

import pandas as pd

from cxworkbook.i18n import MISSING, translate
from cxworkbook.journey import DELIVERIES
from cxworkbook.model import Journey, JourneyStage, Touchpoint
from cxworkbook.tables import score_text

STAGE_WIDTH = 250  # px: a stage's column
LANE_LABEL_WIDTH = 170
PAD = 10
GAP = 8
FONT_SIZE = 14
TITLE_SIZE = 16
LINE_HEIGHT = 19
EMOTION_HEIGHT = 150  # px: the emotion lane, 1 at its foot and 5 at its top
# Characters to a line in a box: the widest of the fonts a browser or the exporter may draw with
# (DejaVu Sans) keeps them inside the box.
CHARACTERS = (STAGE_WIDTH - 2 * PAD - 2 * PAD) // 8
LABEL_CHARACTERS = (LANE_LABEL_WIDTH - 2 * PAD) // 9

TEXT_COLOUR = "#1A1A1A"
MOMENT_COLOUR = "#A63F00"  # text and frames of a moment that matters: 5.9:1 on white
CURVE_COLOUR = "#0072B2"
RULE_COLOUR = "#C9CED6"
LANE_FILLS = ("#F3F5F8", "#FFFFFF")
CARD_FILL = "#FFFFFF"
PAIN_FILL = "#FCE9E6"
OPPORTUNITY_FILL = "#E6F3EA"
COLUMNS = ["kind", "x", "y", "x2", "y2", "text", "colour", "fill", "size"]


@dataclass(frozen=True)
class CanvasLabels:
    lanes: tuple[str, str, str, str, str, str]  # stages, touchpoints, emotion, pains, …, delivery
    ratings: tuple[str, str, str]  # effectiveness, ease, emotion: short, before each figure
    moment: str
    channels: tuple[tuple[str, str], ...]  # (id, name) of the pack's channels
    deliveries: tuple[str, str, str, str]  # in-house, partner, outsourced, not decided
    stage_notes: tuple[str, ...]  # under each stage's name: its touchpoints and mean emotion
    owner: str  # "Owner: {owner}"
    piece: str  # "Customer journey: stages {first}–{last} of {count}"


def canvas_labels(
    journey: Journey, lang: str, channels: tuple[tuple[str, str], ...]
) -> CanvasLabels:
    """The canvas's words in `lang`; `channels` are the pack's (id, name) in that language."""
    t = partial(translate, lang)
    notes = []
    for stage in journey.stages:
        rated = [tp.emotion for tp in stage.touchpoints if tp.emotion is not None]
        note = t("journey.canvas.touchpoints", count=len(stage.touchpoints))
        if rated:
            note += " · " + t("journey.canvas.emotion_mean", mean=score_text(mean(rated), lang))
        notes.append(note)
    return CanvasLabels(
        lanes=(
            t("journey.stage"),
            t("journey.canvas.touchpoints_lane"),
            t("journey.field.emotion"),
            t("journey.field.pain_point"),
            t("journey.field.opportunity"),
            t("journey.field.delivery"),
        ),
        ratings=(
            t("journey.canvas.effectiveness"),
            t("journey.canvas.ease"),
            t("journey.canvas.emotion"),
        ),
        moment=t("journey.field.moment"),
        channels=channels,
        deliveries=(
            *(t(f"journey.delivery.{d}") for d in DELIVERIES),
            t("journey.delivery.unknown"),
        ),
        stage_notes=tuple(notes),
        owner=t("journey.canvas.owner"),
        piece=t("report.journey.canvas"),
    )


def wrapped(text: str, characters: int = CHARACTERS) -> list[str]:
    """`text` in lines of at most `characters`, broken between words (a word longer than a line,
    rare in any language, is broken where it must be)."""
    return [
        line
        for paragraph in text.splitlines() or [""]
        for line in textwrap.wrap(paragraph, characters) or [""]
    ]


def _text_height(lines: int) -> int:
    return lines * LINE_HEIGHT


@dataclass
class _Canvas:
    rows: list[dict[str, object]]

    def box(
        self, x: float, y: float, x2: float, y2: float, fill: str, frame: str, width: float
    ) -> None:
        self.rows.append(
            {
                "kind": "box",
                "x": x,
                "y": y,
                "x2": x2,
                "y2": y2,
                "colour": frame,
                "fill": fill,
                "size": width,
            }
        )

    def text(
        self,
        x: float,
        y: float,
        lines: list[str],
        *,
        bold: bool = False,
        colour: str = TEXT_COLOUR,
        size: int = FONT_SIZE,
    ) -> float:
        """Lines from (x, y) down; returns the y under them."""
        self.rows.append(
            {
                "kind": "title" if bold else "text",
                "x": x,
                "y": y,
                "text": "\n".join(lines),
                "colour": colour,
                "size": size,
            }
        )
        return y + _text_height(len(lines))


Part = tuple[tuple[str, ...], bool, str]  # lines, bold, colour


@dataclass(frozen=True)
class _Card:
    """A box of lines in a stage's column."""

    parts: tuple[Part, ...]
    fill: str = CARD_FILL
    frame: str = RULE_COLOUR
    frame_width: float = 1

    @property
    def height(self) -> int:
        return sum(_text_height(len(lines)) for lines, _, _ in self.parts) + 2 * PAD


def _part(text: str, *, bold: bool = False, colour: str = TEXT_COLOUR) -> Part:
    return (tuple(wrapped(text)), bold, colour)


def _rating(value: int | None) -> str:
    return MISSING if value is None else str(value)


def _touchpoint_card(tp: Touchpoint, labels: CanvasLabels) -> _Card:
    channels = dict(labels.channels)
    deliveries = dict(zip((*DELIVERIES, ""), labels.deliveries, strict=True))
    where = [channels.get(tp.channel, tp.channel) if tp.channel else MISSING]
    if tp.delivery:
        where.append(deliveries[tp.delivery])
    ratings = " · ".join(
        f"{label} {_rating(value)}"
        for label, value in zip(
            labels.ratings, (tp.effectiveness, tp.ease, tp.emotion), strict=True
        )
    )
    parts = [_part(tp.name, bold=True), _part(" · ".join(where)), _part(ratings)]
    if tp.owner.strip():
        parts.append(_part(labels.owner.format(owner=tp.owner.strip())))
    if tp.moment_that_matters:
        parts.append(_part(f"★ {labels.moment}", bold=True, colour=MOMENT_COLOUR))
        return _Card(tuple(parts), frame=MOMENT_COLOUR, frame_width=3)
    return _Card(tuple(parts))


def _note_card(tp: Touchpoint, text: str, fill: str) -> _Card:
    name = f"★ {tp.name}" if tp.moment_that_matters else tp.name
    colour = MOMENT_COLOUR if tp.moment_that_matters else TEXT_COLOUR
    return _Card((_part(name, bold=True, colour=colour), _part(text)), fill=fill, frame=fill)


def _delivery_card(touchpoints: list[Touchpoint], labels: CanvasLabels) -> list[_Card]:
    counts = dict.fromkeys((*DELIVERIES, ""), 0)
    for tp in touchpoints:
        counts[tp.delivery or ""] += 1
    lines = [
        f"{label}: {count}"
        for label, count in zip(labels.deliveries, counts.values(), strict=True)
        if count
    ]
    return [_Card(tuple(_part(line) for line in lines))] if lines else []


def _stage_x(index: int) -> float:
    return LANE_LABEL_WIDTH + index * STAGE_WIDTH


def _lane_of_cards(canvas: _Canvas, top: float, columns: list[list[_Card]]) -> float:
    """Cards stacked in each stage's column from `top`; returns the lane's foot."""
    foot = top + PAD
    for index, cards in enumerate(columns):
        x = _stage_x(index) + PAD
        y = top + PAD
        for card in cards:
            canvas.box(
                x,
                y,
                x + STAGE_WIDTH - 2 * PAD,
                y + card.height,
                card.fill,
                card.frame,
                card.frame_width,
            )
            line_y = y + PAD
            for lines, bold, colour in card.parts:
                line_y = canvas.text(x + PAD, line_y, list(lines), bold=bold, colour=colour)
            y += card.height + GAP
        foot = max(foot, y)
    return foot + PAD - GAP


def _emotion_y(top: float, emotion: float) -> float:
    return top + PAD + (5 - emotion) / 4 * (EMOTION_HEIGHT - 2 * PAD)


def _emotion_lane(canvas: _Canvas, top: float, stages: list[JourneyStage]) -> float:
    """The curve through each stage's mean emotion, a dot for each rated touchpoint (a moment
    that matters as a diamond), and the levels 1, 3 and 5 as guides."""
    right = _stage_x(len(stages))
    for level in (1, 3, 5):
        y = _emotion_y(top, level)
        canvas.rows.append(
            {
                "kind": "rule",
                "x": LANE_LABEL_WIDTH,
                "y": y,
                "x2": right,
                "y2": y,
                "colour": RULE_COLOUR,
                "size": 1,
            }
        )
        canvas.text(LANE_LABEL_WIDTH - PAD - 10, y - LINE_HEIGHT / 2, [str(level)])
    for index, stage in enumerate(stages):
        rated = [tp for tp in stage.touchpoints if tp.emotion is not None]
        left = _stage_x(index) + 2 * PAD
        room = STAGE_WIDTH - 4 * PAD
        for position, tp in enumerate(rated):
            canvas.rows.append(
                {
                    "kind": "moment" if tp.moment_that_matters else "dot",
                    "x": left + room * (position + 0.5) / len(rated),
                    "y": _emotion_y(top, tp.emotion),
                    "colour": MOMENT_COLOUR if tp.moment_that_matters else "#6B7480",
                    "size": 140 if tp.moment_that_matters else 60,
                }
            )
        if rated:
            canvas.rows.append(
                {
                    "kind": "curve",
                    "x": _stage_x(index) + STAGE_WIDTH / 2,
                    "y": _emotion_y(top, mean(tp.emotion for tp in rated)),
                    "colour": CURVE_COLOUR,
                    "size": 4,
                }
            )
    return top + EMOTION_HEIGHT


LANES = ("touchpoints", "emotion", "pains", "opportunities", "delivery")
# In a document the canvas is cut into pieces a page holds: a few stages at a time, and the
# lanes of long text on pieces of their own
DOCUMENT_STAGES = 3
DOCUMENT_LANES = (("touchpoints", "emotion", "delivery"), ("pains",), ("opportunities",))


def _notes(stages: list[JourneyStage], field: str, fill: str) -> list[list[_Card]]:
    return [
        [
            _note_card(tp, getattr(tp, field), fill)
            for tp in s.touchpoints
            if getattr(tp, field).strip()
        ]
        for s in stages
    ]


def _canvas_rows(
    journey: Journey,
    labels: CanvasLabels,
    first: int,
    count: int | None,
    lanes: tuple[str, ...],
) -> list[dict[str, object]]:
    stages = journey.stages[first : None if count is None else first + count]
    notes = labels.stage_notes[first : first + len(stages)]
    canvas = _Canvas([])
    right = _stage_x(len(stages))
    header = [
        _Card((_part(f"{number}. {stage.name}", bold=True), _part(note)), frame=CARD_FILL)
        for number, (stage, note) in enumerate(zip(stages, notes, strict=True), start=first + 1)
    ]
    drawn = {
        "touchpoints": lambda top: _lane_of_cards(
            canvas, top, [[_touchpoint_card(tp, labels) for tp in s.touchpoints] for s in stages]
        ),
        "emotion": lambda top: _emotion_lane(canvas, top, stages),
        "pains": lambda top: _lane_of_cards(canvas, top, _notes(stages, "pain_point", PAIN_FILL)),
        "opportunities": lambda top: _lane_of_cards(
            canvas, top, _notes(stages, "opportunity", OPPORTUNITY_FILL)
        ),
        "delivery": lambda top: _lane_of_cards(
            canvas, top, [_delivery_card(s.touchpoints, labels) for s in stages]
        ),
    }
    names = dict(zip(("stages", *LANES), labels.lanes, strict=True))
    spans = [("stages", 0.0, _lane_of_cards(canvas, 0.0, [[card] for card in header]))]
    for lane in (lane for lane in LANES if lane in lanes):
        top = spans[-1][2]
        spans.append((lane, top, drawn[lane](top)))
    foot = spans[-1][2]

    backdrop = _Canvas([])
    for index, (lane, top, bottom) in enumerate(spans):
        fill = LANE_FILLS[index % 2]
        backdrop.box(0, top, right, bottom, fill, fill, 0)
        backdrop.text(PAD, top + PAD, wrapped(names[lane], LABEL_CHARACTERS), bold=True)
    for index in range(len(stages) + 1):
        x = _stage_x(index)
        backdrop.rows.append(
            {"kind": "rule", "x": x, "y": 0, "x2": x, "y2": foot, "colour": RULE_COLOUR, "size": 1}
        )
    whole = {"kind": "space", "x": 0, "y": 0, "x2": right, "y2": foot}
    return [*backdrop.rows, *canvas.rows, whole]


def _as_table(rows: list[dict[str, object]]) -> pd.DataFrame:
    table = pd.DataFrame(rows, columns=COLUMNS)
    # what a kind of row does not use: zero or empty, never a NaN that equals nothing
    return table.fillna({"x2": 0, "y2": 0, "size": 0, "text": "", "colour": "", "fill": ""})


def canvas_table(
    journey: Journey,
    labels: CanvasLabels,
    first: int = 0,
    count: int | None = None,
    lanes: tuple[str, ...] = LANES,
) -> pd.DataFrame:
    """What the canvas draws, in pixels from its top left corner: boxes (`x`…`x2`, `y`…`y2`),
    texts (from `x`, `y` down, lines split at newlines), rules, the emotion curve's points and
    the touchpoints' dots. Its last row is a blank box the size of the whole canvas.

    `count` stages from the `first` (all by default), with the stages' names and the `lanes`
    asked for (of `LANES`, in that order)."""
    return _as_table(_canvas_rows(journey, labels, first, count, lanes))


@dataclass(frozen=True)
class CanvasPiece:
    """Part of the canvas: `count` stages from the `first`, with the `lanes` asked for."""

    journey: Journey
    labels: CanvasLabels
    first: int
    count: int
    lanes: tuple[str, ...]

    @cached_property
    def rows(self) -> list[dict[str, object]]:
        return _canvas_rows(self.journey, self.labels, self.first, self.count, self.lanes)

    @cached_property
    def table(self) -> pd.DataFrame:
        """What `canvas_table` gives for the piece."""
        return _as_table(self.rows)

    @property
    def height(self) -> float:
        return float(self.rows[-1]["y2"])  # type: ignore[arg-type]  # the whole canvas's box

    @property
    def last(self) -> int:
        """The number of its last stage, counted from 1."""
        return min(self.first + self.count, len(self.journey.stages))

    @property
    def title(self) -> str:
        stages = len(self.journey.stages)
        return self.labels.piece.format(first=self.first + 1, last=self.last, count=stages)


def document_pieces(journey: Journey, labels: CanvasLabels) -> list[CanvasPiece]:
    """The pieces a document draws the canvas in."""
    return [
        CanvasPiece(journey, labels, first, DOCUMENT_STAGES, lanes)
        for first in range(0, len(journey.stages), DOCUMENT_STAGES)
        for lanes in DOCUMENT_LANES
    ]


def canvas_width(stages: int) -> int:
    return _stage_x(stages)


# The lanes of cards whose touchpoints can be shown a few at a time: the field a card shows
# (None: every touchpoint has a card). The emotion curve and delivery count every touchpoint.
CARD_LANES = {"touchpoints": None, "pains": "pain_point", "opportunities": "opportunity"}


def _with_touchpoints(journey: Journey, field: str | None, start: int, count: int) -> Journey:
    """`journey` with only `count` of each stage's touchpoints from the `start`, of those that
    have `field` filled in (or of all)."""
    stages = [
        stage.model_copy(
            update={
                "touchpoints": [
                    tp for tp in stage.touchpoints if field is None or getattr(tp, field).strip()
                ][start : start + count]
            }
        )
        for stage in journey.stages
    ]
    return journey.model_copy(update={"stages": stages})


def _most_cards(piece: CanvasPiece, field: str | None) -> int:
    stages = piece.journey.stages[piece.first : piece.first + piece.count]
    return max(
        (sum(1 for tp in s.touchpoints if field is None or getattr(tp, field).strip()))
        for s in stages
    )


def _windows(piece: CanvasPiece, lane: str, height: float) -> list[CanvasPiece]:
    """`piece`'s `lane` of cards, the same few touchpoints of each stage at a time, as many as
    keep it within `height` (one at a time where even that is taller)."""
    field = CARD_LANES[lane]
    most = _most_cards(piece, field)
    if most == 0:
        return []
    for size in range(most, 0, -1):
        windows = [
            CanvasPiece(
                _with_touchpoints(piece.journey, field, start, size),
                piece.labels,
                piece.first,
                piece.count,
                (lane,),
            )
            for start in range(0, most, size)
        ]
        if size == 1 or all(w.height <= height for w in windows):
            return windows
    raise AssertionError("unreachable: a size of 1 always returns")


def slide_pieces(piece: CanvasPiece, stages: int, height: float) -> list[CanvasPiece]:
    """`piece` in pieces of at most `stages` stages and, where cards allow, at most `height`
    pixels: for slides, which show a piece whole at a readable size rather than shrink it. A
    piece too tall shows its lanes one at a time, and those of cards a few touchpoints at a time.
    Only a lane whose stage names, or a single card, are taller than `height` stays taller."""
    journey, labels = piece.journey, piece.labels
    pieces = []
    for first in range(piece.first, piece.last, stages):
        count = min(stages, piece.last - first)
        part = CanvasPiece(journey, labels, first, count, piece.lanes)
        if part.height <= height:
            pieces.append(part)
            continue
        cards = [lane for lane in piece.lanes if lane in CARD_LANES]
        others = tuple(lane for lane in piece.lanes if lane not in CARD_LANES)
        together = CanvasPiece(journey, labels, first, count, others)
        for lane in cards:
            pieces += _windows(part, lane, height)
        if others and together.height <= height:
            pieces.append(together)
        else:
            pieces += [CanvasPiece(journey, labels, first, count, (lane,)) for lane in others]
    return sorted(pieces, key=lambda p: (p.first, LANES.index(p.lanes[0])))


FACT_COLUMNS = [
    "stage",
    "touchpoint",
    "channel",
    "delivery",
    "owner",
    "effectiveness",
    "ease",
    "emotion",
    "moment",
    "pain_point",
    "opportunity",
]


def canvas_facts(journey: Journey, labels: CanvasLabels) -> pd.DataFrame:
    """What the canvas shows, one row per touchpoint: to read out, and for a screen reader."""
    channels = dict(labels.channels)
    deliveries = dict(zip((*DELIVERIES, ""), labels.deliveries, strict=True))
    rows = [
        [
            stage.name,
            tp.name,
            channels.get(tp.channel, tp.channel),
            deliveries[tp.delivery or ""],
            tp.owner,
            tp.effectiveness,
            tp.ease,
            tp.emotion,
            labels.moment if tp.moment_that_matters else "",
            tp.pain_point,
            tp.opportunity,
        ]
        for stage in journey.stages
        for tp in stage.touchpoints
    ]
    table = pd.DataFrame(rows, columns=FACT_COLUMNS)
    for rating in ("effectiveness", "ease", "emotion"):
        table[rating] = table[rating].astype("Int64")
    return table
