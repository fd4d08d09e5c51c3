"""One builder from a workbook to the vision document, in the workbook's language.

Every section is always there; a step with nothing in it says so in a sentence instead of
disappearing, so a reader can tell "not done yet" from "forgotten".
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, Literal

import pandas as pd

from cxworkbook import charts
from cxworkbook.canvas import canvas_labels, document_pieces
from cxworkbook.crm import committed_steps, crm_fit
from cxworkbook.goals import format_number, goal_path_table, pace_text, yearly_change
from cxworkbook.i18n import MISSING, format_date, translate
from cxworkbook.journey import (
    DELIVERIES,
    EVIDENCE,
    RATINGS,
    delivery_table,
    emotion_table,
    pain_points,
    touchpoint_table,
)
from cxworkbook.model import Answer, Goal, Workbook
from cxworkbook.packs import Packs
from cxworkbook.questionnaire import MaturityPack
from cxworkbook.report.document import (
    Block,
    Bullets,
    Chart,
    Document,
    Figures,
    Frame,
    Heading,
    Paragraph,
    Section,
    Table,
)
from cxworkbook.scoring import (
    QuestionScore,
    RoundScore,
    answered_questions,
    answers_hidden,
    score_round,
    shown_gap,
    team_score,
)
from cxworkbook.steps import sections_of
from cxworkbook.tables import (
    answer_text,
    capitalised,
    dimension_table,
    gap_text,
    level_text,
    pack_credit,
    part_table,
    rule_words,
    scale_words,
    score_text,
    sign_texts,
    workshop_words,
)
from cxworkbook.workshop import (
    compare_rounds,
    discussion_queue,
    improved_and_slipped,
    question_labels,
    queue_summary,
    role_names,
    role_numbers,
    role_table,
    spread_table,
)

Translate = Callable[..., str]


def _values(column: pd.Series) -> tuple[float | None, ...]:
    return tuple(None if pd.isna(value) else float(value) for value in column)


def _figures(
    kind: Literal["bars", "stacked", "lines"],
    table: pd.DataFrame,
    categories: str,
    series: dict[str, str],
    axis: str,
    scale: tuple[float, float] | None = None,
) -> Figures:
    """A chart's numbers from `table`: its `categories` column, and a series (name: column) each."""
    return Figures(
        kind,
        tuple(table[categories]),
        tuple((name, _values(table[column])) for name, column in series.items()),
        axis,
        scale,
    )


Shown = Literal["both", "current", "target"]  # what an appendix cell shows of an answer
# The goal paths have a panel per goal; five panels keep one picture within a printed page.
GOALS_PER_CHART = 5
DISCUSSED = 8  # the most contested questions the document shows
# The sections whose numbers a presenter is told the meaning of, in the deck's notes
NOTED = {"summary", "maturity", "disagreement", "since-last-round", "crm", "goals", "journey"}


class _Builder:
    def __init__(self, workbook: Workbook, packs: Packs, pack: MaturityPack) -> None:
        self.wb = workbook
        self.packs = packs
        self.pack = pack
        self.lang = workbook.meta.language
        self.t: Translate = partial(translate, self.lang)
        self.score_text: Callable[[float | None], str] = partial(score_text, lang=self.lang)
        self.gap_text: Callable[[float | None], str] = partial(gap_text, lang=self.lang)
        self.round = workbook.current_round
        # While the answers are hidden, every section shows what it shows before anyone answers.
        self.hidden = answers_hidden(self.round)
        self.score: RoundScore = team_score(pack, self.round) or score_round(pack, [])
        self.axis = self.t("results.axis", **scale_words(pack, self.lang))
        self.words = workshop_words(pack, self.lang)
        self.rules = rule_words(pack, self.lang)

    def empty(self, step: str) -> Paragraph:
        t = self.t
        return Paragraph(t("report.empty", step=t(f"steps.{step}.title")))

    def no_results(self) -> Paragraph:
        """What stands where the assessment's results would: not yet answered, or hidden."""
        if self.hidden:
            return Paragraph(self.t("report.hidden", count=len(self.round.participants)))
        return self.empty("assessment")

    # --- the sections, in document order ----------------------------------------------------

    def summary(self) -> Section:
        t, score = self.t, self.score
        blocks: list[Block] = []
        if score.current is not None:
            blocks.append(Paragraph(self.stage_sentence(), strong=True))
        largest = score.largest_gaps(3)
        if largest:
            blocks.append(Heading(t("report.summary.gaps")))
            blocks.append(Bullets([self.gap_line(d.dimension_id) for d in largest]))
        if self.wb.goals:
            blocks.append(Heading(t("report.summary.goals")))
            blocks.append(Bullets([self.goal_line(g) for g in self.wb.goals]))
        if self.wb.promises:
            blocks.append(Heading(t("report.summary.promises")))
            blocks.append(Bullets([p.text for p in self.wb.promises]))
        if self.wb.vision.statement.strip():
            blocks.insert(0, Paragraph(self.wb.vision.statement))
        if self.hidden or not blocks:
            blocks.insert(0, self.no_results())
        return Section("summary", t("report.summary.heading"), blocks)

    def stage_sentence(self) -> str:
        """The overall level, the stage the answers suggest (if any) and the one the team chose."""
        t, stage = self.t, self.score.stage
        parts = [level_text(self.pack, self.score, self.lang)]
        if stage is not None:
            parts.append(t("report.summary.stage", stage=stage.label.get(self.lang), **self.words))
        placed = self.pack.stage(self.wb.vision.stage or "")
        if placed is not None and placed != stage:
            parts.append(t("report.summary.placed", stage=placed.label.get(self.lang)))
        return " ".join(parts)

    def gap_line(self, dimension_id: str) -> str:
        d = self.score.dimension(dimension_id)
        return self.t(
            "report.gap_line",
            dimension=self.pack.dimension(dimension_id).title.get(self.lang),
            current=self.score_text(d.current),
            target=self.score_text(d.target),
            gap=self.gap_text(shown_gap(d.target, d.current)),
        )

    def metric_text(self, goal: Goal) -> str:
        """ "Churn per year (billing system · monthly)": the metric with where and how often."""
        measured = " · ".join(part for part in (goal.source, goal.frequency) if part)
        metric = goal.metric or MISSING
        return f"{metric} ({measured})" if measured else metric

    def goal_line(self, goal: Any) -> str:
        if goal.baseline is None or goal.target is None:
            return goal.title
        return self.t(
            "report.goal_line",
            title=goal.title,
            baseline=format_number(goal.baseline, self.lang),
            target=format_number(goal.target, self.lang),
            unit=goal.unit,
            deadline=format_date(goal.deadline, self.lang),
        )

    def maturity(self) -> Section:
        t, score = self.t, self.score
        section = Section("maturity", t("report.maturity.heading"))
        if score.current is None:
            section.blocks.append(self.no_results())
            return section
        section.blocks.append(Paragraph(self.stage_sentence()))
        stage = score.stage
        if stage is not None:
            section.blocks.append(Paragraph(stage.description.get(self.lang)))
            section.blocks.append(Paragraph(t("results.stage_signs")))
            section.blocks.append(Bullets(sign_texts(self.pack, score, stage, self.lang)))
            if stage.trap is not None:
                section.blocks.append(Paragraph(t("results.trap", trap=stage.trap.get(self.lang))))
            if stage.next_steps:
                section.blocks.append(Paragraph(t("results.stage_next_steps")))
                section.blocks.append(Bullets([s.get(self.lang) for s in stage.next_steps]))
        table = dimension_table(score, self.pack, self.lang)
        section.blocks += self.gaps(
            table,
            (t("results.current"), t("results.target"), t("results.gap")),
            (t("results.chart_title"), t("results.chart_alt")),
            answered=(t("results.answered"), [str(r.answered) for r in table.itertuples()]),
        )
        section.blocks += self.parts()
        section.blocks += self.roles()
        return section

    def parts(self) -> list[Block]:
        """The areas' and streams' scores, where the pack rolls up through them."""
        t = self.t
        table = part_table(self.score, self.pack, self.lang)
        if table.empty:
            return []
        rows = [
            [r.part, self.score_text(r.current), self.score_text(r.target), self.gap_text(r.gap)]
            for r in table.itertuples()
        ]
        columns = [t("results.part"), t("results.current"), t("results.target"), t("results.gap")]
        return [Heading(t("results.parts")), Table(columns, rows)]

    def roles(self) -> list[Block]:
        """Each role's own profile, where the round has two roles or more: the chart and its
        numbers."""
        t = self.t
        table = role_table(self.pack, self.round, self.lang, t("workshop.roles.none"))
        roles = role_names(table)
        if len(roles) < 2:
            return []
        labels = charts.RoleLabels.worded(t, self.pack.score_range)
        numbers = role_numbers(table)
        return [
            Heading(t("workshop.roles.heading")),
            Chart(
                partial(charts.spec, charts.role_chart, table, labels, self.lang),
                t("workshop.roles.alt"),
                (
                    _figures(
                        "bars",
                        numbers,
                        "dimension",
                        {role: f"role_{number}" for number, role in enumerate(roles, start=1)},
                        t("results.current"),
                        self.pack.score_range,
                    ),
                ),
            ),
            Table(
                [t("results.dimension"), *roles],
                [
                    [dimension, *(self.score_text(value) for value in values)]
                    for dimension, *values in numbers.itertuples(index=False)
                ],
            ),
        ]

    def gaps(
        self,
        table: pd.DataFrame,
        columns: tuple[str, str, str],
        chart: tuple[str, str],
        answered: tuple[str, list[str]] | None = None,
    ) -> list[Block]:
        """Two values and the difference per dimension (today and target, or this round and the
        last): the gap chart, and its numbers as a table. `columns` name the two values and the
        difference, `chart` gives the chart's title and its text alternative."""
        t = self.t
        first, second, difference = columns
        labels = charts.GapLabels(
            current=first,
            target=second,
            axis=self.axis,
            title=chart[0],
            scale=self.pack.score_range,
        )
        rows = [
            [
                r.dimension,
                self.score_text(r.current),
                self.score_text(r.target),
                self.gap_text(r.gap),
            ]
            for r in table.itertuples()
        ]
        headings = [t("results.dimension"), first, second, difference]
        if answered is not None:
            headings.append(answered[0])
            rows = [[*row, count] for row, count in zip(rows, answered[1], strict=True)]
        series = {first: "current", second: "target"}
        figures = (_figures("bars", table, "dimension", series, self.axis, self.pack.score_range),)
        return [
            Chart(
                partial(charts.spec, charts.gap_chart, table, labels, self.lang), chart[1], figures
            ),
            Table(headings, rows),
        ]

    def disagreement(self) -> Section:
        """The questions the participants answered furthest apart, with what the room agreed."""
        t = self.t
        section = Section("disagreement", t("report.disagreement.heading"))
        if self.hidden or not answered_questions(self.pack, self.round.participants):
            section.blocks.append(self.no_results())
            return section
        if len(self.round.participants) < 2:
            section.blocks.append(Paragraph(t("workshop.queue.needs_two")))
            return section
        contested = discussion_queue(self.score)
        if not contested:
            section.blocks.append(Paragraph(t("workshop.queue.none")))
            return section
        shown = contested[:DISCUSSED]
        labels = question_labels(self.pack, self.lang)
        whole = question_labels(self.pack, self.lang, None)
        spread = spread_table(self.round, shown, labels)
        lowest, highest = t("report.disagreement.lowest"), t("report.disagreement.highest")
        median = t("workshop.spread.median")
        summary = queue_summary(shown, labels)
        section.blocks += [
            Paragraph(t("report.disagreement.intro", count=len(contested), shown=len(shown))),
            Chart(
                partial(
                    charts.spec,
                    charts.spread_chart,
                    spread,
                    charts.SpreadLabels(
                        t("workshop.spread.answers"),
                        median,
                        t("results.current"),
                        self.pack.answer_range,
                    ),
                    self.lang,
                ),
                t("workshop.spread.question_alt"),
                (
                    _figures(
                        "rows",
                        summary,
                        "label",
                        {lowest: "min", median: "median", highest: "max"},
                        t("results.current"),
                        self.pack.answer_range,
                    ),
                ),
            ),
            Table(
                [
                    t("workshop.spread.question"),
                    lowest,
                    median,
                    highest,
                    t("report.disagreement.agreed"),
                    t("report.disagreement.why"),
                ],
                [self.contested_row(q, whole[q.question_id]) for q in shown],
            ),
        ]
        return section

    def contested_row(self, question: QuestionScore, label: str) -> list[str]:
        """A contested question's answers as given (whole numbers, a median may be a half), and
        what the room agreed: today's value, and the target too where the pack asks it here."""
        agreed = self.round.agreed.get(question.question_id)
        spread = question.current
        values = [v for v in (question.agreed_current, question.agreed_target) if v is not None]
        return [
            label,
            *(
                format_number(v, self.lang) or MISSING
                for v in (spread.min, spread.median, spread.max)
            ),
            " → ".join(format_number(v, self.lang) for v in values) or MISSING,
            agreed.rationale if agreed is not None and agreed.rationale else MISSING,
        ]

    def since_last_round(self) -> Section | None:
        """Only in a workbook with an earlier round whose questionnaire is installed."""
        t = self.t
        if len(self.wb.assessments) < 2:
            return None
        previous = self.wb.assessments[-2]
        try:
            previous_pack = self.packs.get(
                previous.questionnaire.id, previous.questionnaire.version
            )
        except KeyError:
            return None
        section = Section("since-last-round", t("report.rounds.heading", previous=previous.id))
        earlier = team_score(previous_pack, previous) or score_round(previous_pack, [])
        table = compare_rounds(earlier, previous_pack, self.score, self.pack, self.lang)
        if self.hidden:
            section.blocks.append(self.no_results())
            return section
        if table.empty:
            section.blocks.append(
                Paragraph(
                    t("workshop.rounds.nothing_shared")
                    if answered_questions(self.pack, self.round.participants)
                    else t("report.rounds.nobody_yet", current=self.round.id)
                )
            )
            return section
        section.blocks += self.gaps(
            table,
            (t("workshop.rounds.previous"), t("workshop.rounds.this"), t("workshop.rounds.change")),
            (t("workshop.rounds.title"), t("workshop.rounds.alt")),
        )
        improved, slipped = improved_and_slipped(table)
        for heading, names in (
            (t("report.rounds.improved"), improved),
            (t("report.rounds.slipped"), slipped),
        ):
            section.blocks.append(Heading(heading))
            section.blocks.append(Bullets(names) if names else Paragraph(t("workshop.rounds.none")))
        return section

    def crm(self) -> Section:
        t, crm, content = self.t, self.wb.crm, self.packs.crm
        section = Section("crm", t("report.crm.heading"))
        state = None
        if content is not None and crm.state:
            state = next((s for s in content.states if s.id == crm.state), None)
        if state is None:
            section.blocks.append(self.empty("crm"))
            return section
        section.blocks.append(Paragraph(state.title.get(self.lang), strong=True))
        section.blocks.append(Paragraph(state.description.get(self.lang)))
        ratings = [
            (t("crm.data_quality"), crm.data_quality),
            (t("crm.usability"), crm.usability),
            (t("crm.channel_coverage"), crm.channel_coverage),
        ]
        section.blocks.append(
            Table(
                [t("report.crm.rating"), t("report.crm.value")],
                [[name, MISSING if v is None else f"{v}/5"] for name, v in ratings],
            )
        )
        dimension = content.dimension_in(self.pack)
        dim = None if dimension is None else self.score.dimension(dimension.id)
        if dim is not None and dim.current is not None:
            fit = crm_fit(state, dim.current)
            section.blocks.append(
                Paragraph(
                    t(
                        f"crm.fit.{fit.verdict}",
                        state=state.title.get(self.lang),
                        dimension=dimension.title.get(self.lang),
                        score=self.score_text(dim.current),
                        low=self.score_text(state.fits.min),
                        high=self.score_text(state.fits.max),
                    )
                )
            )
        steps = committed_steps(crm, content)
        section.blocks.append(Heading(t("crm.next_steps")))
        section.blocks.append(
            Bullets([s.text.get(self.lang) for s in steps])
            if steps
            else Paragraph(t("report.crm.no_steps"))
        )
        if crm.notes.strip():
            section.blocks += [Heading(t("crm.notes")), Paragraph(crm.notes)]
        return section

    def goals(self) -> Section:
        t, goals = self.t, self.wb.goals
        section = Section("goals", t("report.goals.heading"))
        if not goals:
            section.blocks.append(self.empty("goals"))
            return section
        names = {d.id: d.title.get(self.lang) for d in self.pack.dimensions}
        rows = []
        for number, g in enumerate(goals, start=1):
            change = yearly_change(g)
            rows.append(
                [
                    f"{number}. {g.title}",
                    self.metric_text(g),
                    self.change(g),
                    format_date(g.deadline, self.lang),
                    g.owner or MISSING,
                    MISSING if change is None else pace_text(change, g.unit, self.lang),
                    ", ".join(names.get(d, d) for d in g.dimensions) or MISSING,
                ]
            )
        section.blocks.append(
            Table(
                [
                    t("goals.field.title"),
                    t("goals.field.metric"),
                    t("report.goals.change"),
                    t("goals.field.deadline"),
                    t("goals.field.owner"),
                    t("goals.path.pace"),
                    t("goals.field.dimensions"),
                ],
                rows,
            )
        )
        path = goal_path_table(goals, self.lang, t("goals.path.per_year"))
        if not path.empty:
            labels = charts.PathLabels(
                baseline=t("goals.field.baseline"),
                target=t("goals.field.target"),
                title=t("goals.path.title"),
            )
            goal_names = list(dict.fromkeys(path["goal"]))
            for start in range(0, len(goal_names), GOALS_PER_CHART):
                part = path[path["goal"].isin(goal_names[start : start + GOALS_PER_CHART])]
                section.blocks.append(
                    Chart(
                        partial(charts.spec, charts.goal_path_chart, part, labels, self.lang),
                        t("goals.path.alt"),
                        self.path_figures(part, labels),
                    )
                )
        return section

    def path_figures(self, path: pd.DataFrame, labels: charts.PathLabels) -> tuple[Figures, ...]:
        """Each goal's path as a line of its own, from its baseline to its target."""
        points = {"baseline": labels.baseline, "target": labels.target}
        return tuple(
            Figures(
                "lines",
                tuple(
                    f"{points[r.point]} {format_date(r.date.date(), self.lang)}"
                    for r in rows.itertuples()
                ),
                ((goal, _values(rows["value"])),),
                "",
                title=goal,
            )
            for goal, rows in path.groupby("goal", sort=False)
        )

    def change(self, goal: Any) -> str:
        baseline = format_number(goal.baseline, self.lang) or MISSING
        target = format_number(goal.target, self.lang) or MISSING
        return f"{baseline} → {target} {goal.unit}".strip()

    def journey(self) -> Section:
        t, journey = self.t, self.wb.journey
        section = Section("journey", t("report.journey.heading"))
        if not journey.stages:
            section.blocks.append(self.empty("journey"))
            return section
        if journey.segment.strip():
            section.blocks.append(
                Paragraph(t("report.journey.segment", segment=journey.segment), strong=True)
            )
        if journey.segment_description.strip():
            section.blocks.append(Paragraph(journey.segment_description))
        channels = self.packs.journey.channel_names(self.lang) if self.packs.journey else {}
        delivery = {d: t(f"journey.delivery.{d}") for d in DELIVERIES}
        evidence = {e: t(f"journey.evidence.{e}") for e in EVIDENCE}
        rows = [
            [
                stage.name,
                tp.name + (" ★" if tp.moment_that_matters else ""),
                channels.get(tp.channel, tp.channel) or MISSING,
                delivery.get(tp.delivery or "", MISSING),
                " / ".join(
                    MISSING if v is None else str(v)
                    for v in (tp.effectiveness, tp.ease, tp.emotion)
                ),
                tp.pain_point or MISSING,
                tp.opportunity or MISSING,
                evidence.get(tp.evidence or "", MISSING),
            ]
            for stage in journey.stages
            for tp in stage.touchpoints
        ]
        section.blocks += self.canvas()
        if rows:
            section.blocks.append(Paragraph(t("report.journey.legend")))
            section.blocks.append(
                Table(
                    [
                        t("journey.stage"),
                        t("journey.field.name"),
                        t("journey.field.channel"),
                        t("journey.field.delivery"),
                        t("report.journey.ratings"),
                        t("journey.field.pain_point"),
                        t("journey.field.opportunity"),
                        t("journey.field.evidence"),
                    ],
                    rows,
                )
            )
            points = touchpoint_table(journey)
            if points["emotion"].notna().any():
                labels = charts.EmotionLabels.worded(t)
                means = emotion_table(journey)
                section.blocks.append(
                    Chart(
                        partial(charts.spec, charts.emotion_chart, points, labels, self.lang),
                        t("journey.charts.emotion_alt"),
                        (
                            _figures(
                                "lines",
                                means,
                                "stage",
                                {t("journey.charts.stage_mean"): "emotion"},
                                t("journey.field.emotion"),
                                (1, 5),
                            ),
                        ),
                    )
                )
                section.blocks.append(
                    Table(
                        [
                            t("journey.stage"),
                            t("journey.charts.stage_mean"),
                            t("journey.charts.touchpoints"),
                        ],
                        [
                            [r.stage, self.score_text(r.emotion), str(r.touchpoints)]
                            for r in means.itertuples()
                        ],
                    )
                )
            section.blocks += self.journey_charts(points)
        else:
            section.blocks.append(Bullets([s.name for s in journey.stages]))
        pains = pain_points(journey)
        if pains:
            section.blocks.append(Heading(t("report.journey.pains")))
            section.blocks.append(
                Bullets(
                    [f"{p.touchpoint.name} ({p.stage}): {p.touchpoint.pain_point}" for p in pains]
                )
            )
        return section

    def canvas(self) -> list[Block]:
        """The journey canvas as the app draws it, in pieces a page holds."""
        t, journey = self.t, self.wb.journey
        channels = self.packs.journey.channel_names(self.lang) if self.packs.journey else {}
        labels = canvas_labels(journey, self.lang, tuple(channels.items()))
        blocks: list[Block] = []
        for piece in document_pieces(journey, labels):
            title = charts.CanvasTitle(piece.title)
            blocks.append(
                Chart(
                    # laid out only for a format that draws the chart
                    lambda piece=piece, title=title: charts.spec(
                        charts.journey_canvas, piece.table, title, self.lang
                    ),
                    t("journey.canvas.alt"),
                    canvas=piece,
                )
            )
        return blocks

    def journey_charts(self, points: pd.DataFrame) -> list[Block]:
        """The ratings' heat map and who delivers each stage, as the app's charts view shows."""
        t, journey = self.t, self.wb.journey
        heat = charts.HeatLabels.worded(t)
        mix = delivery_table(journey)
        delivery = charts.DeliveryLabels.worded(t)
        measures, kinds = heat.measures, delivery.kinds
        return [
            Chart(
                partial(charts.spec, charts.ratings_heatmap, points, heat, self.lang),
                t("journey.charts.ratings_alt"),
                (
                    _figures(
                        "bars",
                        points,
                        "touchpoint",
                        dict(zip(measures, RATINGS, strict=True)),
                        t("journey.charts.score"),
                        (1, 5),
                    ),
                ),
            ),
            Chart(
                partial(charts.spec, charts.delivery_chart, mix, delivery, self.lang),
                t("journey.charts.delivery_alt"),
                (
                    _figures(
                        "stacked",
                        mix,
                        "stage",
                        dict(zip(kinds, (*DELIVERIES, "unknown"), strict=True)),
                        t("journey.charts.touchpoints"),
                    ),
                ),
            ),
            Table(
                [t("journey.stage"), *kinds],
                [[str(value) for value in row] for row in mix.itertuples(index=False)],
            ),
        ]

    def promises(self) -> Section:
        t = self.t
        section = Section("promises", t("report.promises.heading"))
        if not self.wb.promises:
            section.blocks.append(self.empty("vision"))
            return section
        for number, p in enumerate(self.wb.promises, start=1):
            section.blocks.append(Heading(f"{number}. {p.text}"))
            details = [
                (t("vision.promise.problem"), p.problem),
                (t("vision.promise.metric"), p.metric),
                (t("vision.promise.target"), p.target),
                (t("vision.promise.compensation"), p.compensation),
                (t("vision.promise.owner"), p.owner),
                (
                    t("vision.promise.staff"),
                    t("report.yes") if p.staff_involved else t("report.no"),
                ),
            ]
            section.blocks.append(
                Table(
                    [t("report.promises.what"), t("report.promises.how")],
                    [[k, v or MISSING] for k, v in details],
                )
            )
            if p.is_vague:
                section.blocks.append(Paragraph(t("vision.promise.vague")))
        return section

    def vision(self) -> Section:
        t, vision = self.t, self.wb.vision
        section = Section("vision", t("report.vision.heading"))
        parts = [
            (t("vision.statement"), vision.statement),
            (t("vision.strategy"), vision.strategy),
            (t("vision.technology"), vision.technology),
            (t("vision.people"), vision.people),
        ]
        if not any(text.strip() for _, text in parts):
            section.blocks.append(self.empty("vision"))
        for heading, text in parts:
            if text.strip():
                section.blocks += [Heading(heading), Paragraph(text)]
        if vision.stage and vision.stage_reason.strip():
            section.blocks += [Heading(t("vision.path.reason")), Paragraph(vision.stage_reason)]
        return section

    def next_steps(self) -> Section:
        t = self.t
        section = Section("next-steps", t("report.next.heading"))
        for d in self.score.largest_gaps(3):
            dimension = self.pack.dimension(d.dimension_id)
            section.blocks.append(Heading(dimension.title.get(self.lang)))
            section.blocks.append(Bullets([s.get(self.lang) for s in dimension.next_steps]))
        if self.packs.crm is not None:
            steps = committed_steps(self.wb.crm, self.packs.crm)
            if steps:
                section.blocks.append(Heading(t("crm.next_steps")))
                section.blocks.append(Bullets([s.text.get(self.lang) for s in steps]))
        if not section.blocks:
            section.blocks.append(self.empty("assessment"))
        return section

    def appendix(self) -> Section:
        t = self.t
        section = Section("appendix", t("report.appendix.heading"))
        people = self.round.participants
        if self.hidden or not any(p.answers for p in people):  # no tables of dashes only
            section.blocks.append(self.no_results())
            return section
        per_question = self.pack.targets == "question"
        if per_question:
            section.blocks.append(Paragraph(t("report.appendix.legend", **self.rules)))
        else:
            section.blocks.append(Paragraph(t("report.appendix.legend_dimension", **self.rules)))
        for dimension in self.pack.dimensions:
            section.blocks.append(Heading(dimension.title.get(self.lang)))
            shows: Shown = "both" if per_question else "current"
            rows = [
                self.answer_row(q.id, q.text.get(self.lang), shows) for q in dimension.questions
            ]
            if not per_question:
                rows.append(self.answer_row(dimension.id, t("assessment.target"), "target"))
            section.blocks.append(
                Table(
                    [
                        t("report.appendix.question"),
                        *[p.name for p in people],
                        t("report.appendix.team"),
                        t("assessment.note"),
                    ],
                    rows,
                )
            )
        return section

    def answer_row(self, key: str, label: str, shows: Shown) -> list[str]:
        """One line of the appendix: each participant's answer to `key` (a question, or a
        dimension's own target), the team's value, and the notes and the agreed reason."""
        t, people = self.t, self.round.participants
        cells = [self.answer_cell(p.answers.get(key), shows) for p in people]
        notes = "; ".join(
            f"{p.name}: {p.answers[key].note}"
            for p in people
            if key in p.answers and p.answers[key].note
        )
        if shows == "target":
            team = self.score_text(self.score.dimension(key).target)
        else:
            score = self.score.question(key)
            assert score is not None  # every question of the pack is scored
            values = (score.value_current, score.value_target)
            team = " → ".join(map(self.score_text, values if shows == "both" else values[:1]))
        agreed = self.round.agreed.get(key)
        if agreed is not None:
            team += " " + t("report.appendix.agreed")
            if agreed.rationale:
                notes = f"{t('report.appendix.agreed')} {agreed.rationale}; {notes}"
        return [label, *cells, team, notes or MISSING]

    def answer_cell(self, answer: Answer | None, shows: Shown) -> str:
        """ "2 → 4", "2" or "4" as `shows` says; N/A, don't know, or a dash if not answered."""
        if answer is None:
            return MISSING
        if answer.na:
            return self.t("report.appendix.na")
        if answer.dont_know:
            return self.t("assessment.dont_know")
        current, target = (answer_text(v, self.lang) for v in (answer.current, answer.target))
        return {"both": f"{current} → {target}", "current": current, "target": target}[shows]

    def noted(self, section: Section) -> Section:
        """`section` with what its numbers mean, if it has numbers."""
        if section.id in NOTED:
            section.notes = self.t(f"report.notes.{section.id}", **self.rules)
        return section

    def document(self, *, appendix: bool) -> Document:
        t, meta = self.t, self.wb.meta
        participants = ", ".join(self.round.label(p) for p in self.round.participants)
        return Document(
            language=self.lang,
            title=meta.title,
            subtitle=t("report.subtitle", subject=capitalised(self.words["subject"])),
            facts=[
                (t("report.facts.organisation"), meta.organisation),
                (t("report.facts.date"), format_date(meta.updated.date(), self.lang)),
                (t("report.facts.round"), format_date(self.round.date, self.lang)),
                (t("report.facts.participants"), participants or MISSING),
                (t("report.facts.model"), pack_credit(self.pack, self.lang)),
            ],
            sections=[
                self.noted(section)
                for section in (
                    self.summary(),
                    *filter(None, (getattr(self, name)() for name in sections_of(self.pack))),
                    self.next_steps(),
                    *([self.appendix()] if appendix else []),
                )
            ],
            frame=Frame(
                organisation=meta.organisation,
                created=meta.created,
                updated=meta.updated,
                page=t("report.page"),
                contents=t("report.contents"),
            ),
        )


def build_document(workbook: Workbook, packs: Packs, *, appendix: bool = True) -> Document:
    """The vision document of `workbook` in its own language, with every answer as its appendix
    or without. Raises KeyError if the questionnaire its current round was made with is not
    installed."""
    ref = workbook.current_round.questionnaire
    return _Builder(workbook, packs, packs.get(ref.id, ref.version)).document(appendix=appendix)
