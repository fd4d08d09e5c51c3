"""Step 3: measurable goals. Add from a template or blank, edit each field in place (saved at once,
refused with the reason next to the field when it breaks a rule), reorder, delete; the NPS helper;
the path and coverage charts."""

import datetime as dt

import streamlit as st

from cxworkbook import ops
from cxworkbook.charts import CoverageLabels, PathLabels
from cxworkbook.goals import (
    GoalDraft,
    coverage_table,
    draft_from_template,
    format_number,
    goal_path_rows,
    goal_path_table,
    is_measurable,
    measures_nps,
    nps,
    pace_text,
    parse_number,
    uncovered_gaps,
    yearly_change,
)
from cxworkbook.i18n import LANGUAGE_NAMES, format_date
from cxworkbook.model import Goal, Workbook
from cxworkbook.questionnaire import MaturityPack
from cxworkbook.scoring import RoundScore, shown_gap, team_score
from cxworkbook.tables import gap_text
from cxworkbook.templates import GoalTemplate
from cxworkbook.ui.cards import hidden_note
from cxworkbook.ui.charts import (
    number_column,
    show_chart,
    show_chart_with_numbers,
    show_table_on_request,
)
from cxworkbook.ui.context import date_field_format, date_format, lang, packs, t
from cxworkbook.ui.derived import derived
from cxworkbook.ui.fields import bound
from cxworkbook.ui.layout import card, gallery, side_by_side
from cxworkbook.ui.lists import delete_button, move_buttons
from cxworkbook.ui.outcome import apply, refuse, show_outcome
from cxworkbook.ui.page import open_step
from cxworkbook.ui.text import md
from cxworkbook.ui.url import show_view

NO_STAGE = ""
FIRST_DAY, LAST_DAY = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
NEW_DIMENSIONS = "new_goal_dimensions"
NEW_GOAL = "new_goal_form"
# Up to this many goals every card is open for editing. Beyond, each opens with its switch: twenty
# open cards are some 280 fields, too long to read on a projector and half a second per rerun.
ALL_OPEN_UP_TO = 5


def dimension_names(pack: MaturityPack) -> dict[str, str]:
    language = lang()
    return {d.id: d.title.get(language) for d in pack.dimensions}


def add(draft: GoalDraft, place: str) -> None:
    apply(ops.add_goal(draft), place, saved=t("goals.added", title=draft.title.strip()))


def add_blank(today: dt.date) -> None:
    title = st.session_state.get("new_goal_title", "")
    if not title.strip():
        refuse(NEW_GOAL, t("invalid.name_missing"))
        return
    draft = GoalDraft(
        title=title,
        baseline_date=today,
        dimensions=tuple(st.session_state.get(NEW_DIMENSIONS, [])),
    )
    add(draft, NEW_GOAL)
    st.session_state["new_goal_title"] = ""
    st.session_state[NEW_DIMENSIONS] = []


def suggest(dimension_id: str) -> None:
    st.session_state[NEW_DIMENSIONS] = [dimension_id]


def suggestions(score: RoundScore, goals: list[Goal], pack: MaturityPack) -> None:
    open_gaps = uncovered_gaps(score, goals)
    if not open_gaps:
        return
    with st.container(border=True, key="goal_suggestions"):
        st.markdown(t("goals.suggest.heading"))
        for dim in open_gaps:
            title = pack.dimension(dim.dimension_id).title.get(lang())
            gap = shown_gap(dim.target, dim.current)
            with side_by_side(align="center"):
                st.markdown(t("goals.suggest.line", dimension=title, gap=gap_text(gap, lang())))
                st.button(
                    t("goals.suggest.add", dimension=title),
                    key=f"suggest_{dim.dimension_id}",
                    on_click=suggest,
                    args=(dim.dimension_id,),
                    icon=":material/add:",
                    wrap=True,
                )


def template_gallery(
    templates: list[GoalTemplate], pack: MaturityPack, today: dt.date, language: str
) -> None:
    names = dimension_names(pack)
    if language != lang():
        st.caption(t("goals.template.language", language=LANGUAGE_NAMES[language]))
    with gallery():
        for template in templates:
            template_card(template, names, today, language, pack)


def template_card(
    template: GoalTemplate,
    names: dict[str, str],
    today: dt.date,
    language: str,
    pack: MaturityPack,
) -> None:
    place = f"use_{template.id}"
    with card(f"template_{template.id}"):
        st.markdown(f"**{template.title.get(lang())}**")
        st.caption(template.description.get(lang()))
        st.caption(
            t(
                "goals.template.measured",
                source=template.source.get(lang()),
                frequency=template.frequency.get(lang()),
            )
        )
        st.caption(
            t(
                "goals.template.serves",
                dimensions=", ".join(names[d] for d in template.dimensions if d in names),
                months=template.horizon_months,
            )
        )
        st.button(
            t("goals.template.use"),
            key=place,
            on_click=add,
            args=(draft_from_template(template, language, today, pack), place),
            icon=":material/add:",
        )
        show_outcome(place)


def blank_form(pack: MaturityPack, today: dt.date) -> None:
    names = dimension_names(pack)
    with st.form(NEW_GOAL, enter_to_submit=True):
        st.markdown(t("goals.new.heading"))
        st.text_input(
            t("goals.field.title"),
            key="new_goal_title",
            max_chars=200,
            placeholder=t("goals.new.placeholder"),
        )
        st.multiselect(
            t("goals.field.dimensions"),
            list(names),
            format_func=names.__getitem__,
            placeholder=t("goals.field.dimensions_placeholder"),
            key=NEW_DIMENSIONS,
            wrap=True,
            select_all=False,  # its "Select all" is English only, and a goal rarely spans all
        )
        st.form_submit_button(t("goals.new.add"), on_click=add_blank, args=(today,), type="primary")
    show_outcome(NEW_GOAL)


def summary(goal: Goal) -> str:
    if not is_measurable(goal):
        return t("goals.summary.incomplete")
    line = t(
        "goals.summary.line",
        baseline=format_number(goal.baseline, lang()),
        target=format_number(goal.target, lang()),
        unit=goal.unit,
        deadline=format_date(goal.deadline, lang()),
    )
    change = yearly_change(goal)
    if change is not None:
        line += " · " + t("goals.summary.pace", pace=pace_text(change, goal.unit, lang()))
    return md(line)


def goal_buttons(goal: Goal, index: int, count: int) -> None:
    """↑, ↓ and delete side by side at their own width, so "Delete this goal" is never cut short."""
    row = st.container(horizontal=True, width="content", vertical_alignment="center")
    key = f"goal_{goal.id}"
    move_buttons(
        row,
        key,
        (t("goals.move_up"), t("goals.move_down")),
        (index, count),
        lambda offset: ops.move_goal(goal.id, offset),
    )
    delete_button(
        row,
        t("goals.delete"),
        t("goals.delete_explain", title=md(goal.title)),
        t("goals.delete_confirm"),
        key,
        ops.delete_goal(goal.id),
    )


def number_shown(value: float | None) -> str:
    return format_number(value, lang())


def number_stored(text: str | None) -> float | None:
    """A number as typed ("12,5"), or InvalidEdit for text that is no number."""
    return parse_number(text or "")


def goal_editor(
    goal: Goal, index: int, workbook: Workbook, pack: MaturityPack, *, compact: bool
) -> None:
    """One goal as a card with all its fields; in a `compact` list the fields show only once the
    card's switch is on."""
    names = dimension_names(pack)
    stages = {NO_STAGE: t("goals.no_stage")} | {s.id: s.name for s in workbook.journey.stages}
    if goal.stage and goal.stage not in stages:
        stages[goal.stage] = goal.stage
    path = ("goals", goal.id)
    with st.container(border=True, key=f"goal_{goal.id}"):
        with st.container(
            horizontal=True, horizontal_alignment="distribute", vertical_alignment="center"
        ):
            st.markdown(f"**{index + 1}. {md(goal.title)}**  \n{summary(goal)}")
            goal_buttons(goal, index, len(workbook.goals))
        show_outcome(f"goal_{goal.id}")
        if compact and not st.toggle(t("goals.edit"), key=f"goal_open_{goal.id}"):
            return

        def text(field: str, *, hint: bool = False) -> None:
            placeholder = t(f"goals.field.{field}_placeholder") if hint else None
            label = t(f"goals.field.{field}")
            bound(
                st.text_input,
                label,
                workbook,
                (*path, field),
                max_chars=200,
                placeholder=placeholder,
            )

        text("title")
        text("metric", hint=True)  # a whole row: a metric is often a phrase, read out in the room
        text("source", hint=True)  # a whole row: "Sopimusrekisteri (laskutusjärjestelmä)"
        with side_by_side(align="top"):
            text("frequency", hint=True)
            text("owner")
        with side_by_side(align="top"):
            text("unit", hint=True)
            for number, day in (("baseline", "baseline_date"), ("target", "deadline")):
                bound(
                    st.text_input,
                    t(f"goals.field.{number}"),
                    workbook,
                    (*path, number),
                    shown=number_shown,
                    stored=number_stored,
                    max_chars=40,
                )
                bound(
                    st.date_input,
                    t(f"goals.field.{day}"),
                    workbook,
                    (*path, day),
                    min_value=FIRST_DAY,
                    max_value=LAST_DAY,
                    format=date_field_format(),
                )
        if pack.has_step("journey"):  # a whole row: a stage's name is often long
            bound(
                st.selectbox,
                t("goals.field.stage"),
                workbook,
                (*path, "stage"),
                shown=lambda stored: stored or NO_STAGE,
                stored=lambda chosen: chosen or None,
                options=list(stages),
                format_func=stages.__getitem__,
                help=t("goals.field.stage_help"),
                placeholder=t("choose"),
            )
        bound(
            st.multiselect,
            t("goals.field.dimensions"),
            workbook,
            (*path, "dimensions"),
            shown=lambda stored: [d for d in stored if d in names],
            options=list(names),
            format_func=names.__getitem__,
            placeholder=t("goals.field.dimensions_placeholder"),
            wrap=True,
            select_all=False,
        )


def use_nps(score: float) -> None:
    goal_id = st.session_state.get("nps_goal")
    if goal_id:
        apply(
            ops.set_nps_baseline(goal_id, score),
            "nps_use",
            saved=t("goals.nps.used"),
        )


def nps_helper(workbook: Workbook) -> None:
    with st.expander(t("goals.nps.title"), icon=":material/calculate:"):
        st.caption(t("goals.nps.help"))
        groups = (
            (t("goals.nps.detractors"), range(0, 7)),
            (t("goals.nps.passives"), range(7, 9)),
            (t("goals.nps.promoters"), range(9, 11)),
        )
        with side_by_side(align="top"):
            for label, values in groups:
                with st.container(width="content", gap="xsmall"):
                    st.markdown(f"**{label}**")
                    with st.container(horizontal=True, gap="xsmall"):
                        for value in values:
                            bound(
                                st.number_input,
                                str(value),
                                workbook,
                                ("nps", "counts", value),
                                min_value=0,
                                max_value=10_000_000,
                                step=1,
                                width=64,  # a count of 10 000 in sight; 7 fit 1024 px
                            )
        result = nps(workbook.nps.counts)
        if result is None:
            st.caption(t("goals.nps.empty"))
            return
        st.metric(
            t("goals.nps.result"),
            f"{format_number(round(result.score, 1), lang())} ± "
            f"{format_number(round(result.margin, 1), lang())}",
        )
        st.caption(
            t(
                "goals.nps.counts",
                respondents=t("goals.nps.respondents", count=result.respondents),
                promoters=t("goals.nps.promoter_count", count=result.promoters),
                passives=t("goals.nps.passive_count", count=result.passives),
                detractors=t("goals.nps.detractor_count", count=result.detractors),
            )
        )
        titles = {g.id: g.title for g in workbook.goals if measures_nps(g.unit)}
        if not titles:
            st.caption(t("goals.nps.no_goal"))
        else:
            with side_by_side():
                st.selectbox(
                    t("goals.nps.goal"),
                    list(titles),
                    format_func=titles.__getitem__,
                    key="nps_goal",
                    placeholder=t("choose"),
                )
                st.button(
                    t("goals.nps.use", score=format_number(round(result.score, 1), lang())),
                    on_click=use_nps,
                    args=(result.score,),
                    key="nps_use",
                )
            show_outcome("nps_use")


def list_view(workbook: Workbook, pack: MaturityPack, score: RoundScore | None) -> None:
    today = dt.date.today()
    content = packs().goals
    templates = content.templates if content is not None and content.serves_pack(pack) else []
    if score is None:
        hidden_note(workbook.current_round)
    else:
        suggestions(score, workbook.goals, pack)
    if templates:
        with st.expander(
            t("goals.template.heading"), icon=":material/library_add:", expanded=not workbook.goals
        ):
            template_gallery(templates, pack, today, workbook.meta.language)
    blank_form(pack, today)
    if not workbook.goals:
        st.info(t("goals.none"))
    compact = len(workbook.goals) > ALL_OPEN_UP_TO
    if compact:
        st.caption(t("goals.many", count=len(workbook.goals)))
    for index, goal in enumerate(workbook.goals):
        goal_editor(goal, index, workbook, pack, compact=compact)
    if content is not None and content.serves_pack(pack):  # NPS is a CX workshop's measure
        nps_helper(workbook)


def charts_view(workbook: Workbook, pack: MaturityPack, score: RoundScore | None) -> None:
    st.header(t("goals.path.heading"))
    path = derived(goal_path_table, workbook.goals, lang(), t("goals.path.per_year"))
    if path.empty:
        st.info(t("goals.path.empty"))
    else:
        labels = PathLabels(
            baseline=t("goals.field.baseline"),
            target=t("goals.field.target"),
            title=t("goals.path.title"),
        )
        show_chart("goal_path_chart", path, labels, key="goal_path_chart", alt=t("goals.path.alt"))
        show_table_on_request(
            derived(goal_path_rows, path, labels.baseline, labels.target),
            key="goal_path_table",
            columns={
                "goal": st.column_config.TextColumn(t("goals.path.goal"), width="large"),
                "point": t("goals.path.point"),
                "date": st.column_config.DateColumn(t("goals.path.date"), format=date_format()),
                "value": number_column(t("goals.path.value"), decimals=None),
                "label": t("goals.path.pace"),
            },
        )
    st.header(t("goals.coverage.heading"))
    if score is None:
        hidden_note(workbook.current_round)
        return
    coverage = derived(coverage_table, score, pack, workbook.goals, lang())
    labels = CoverageLabels(
        goals=t("goals.coverage.goals"),
        covered=t("goals.coverage.covered"),
        uncovered=t("goals.coverage.uncovered"),
        title=t("goals.coverage.title"),
    )
    show_chart_with_numbers(
        "coverage_chart",
        coverage,
        labels,
        key="coverage_chart",
        alt=t("goals.coverage.alt"),
        numbers_key="coverage_table",
        columns={
            "dimension": st.column_config.TextColumn(t("results.dimension"), width="medium"),
            "gap": number_column(t("results.gap"), signed=True),
            "goals": st.column_config.NumberColumn(t("goals.coverage.goals")),
        },
    )


def goals_page() -> None:
    workbook, pack = open_step("goals")
    score = derived(team_score, pack, workbook.current_round)
    show_view(
        "goals_view",
        t("goals.view"),
        {
            "list": (t("goals.view_list"), lambda: list_view(workbook, pack, score)),
            "charts": (t("goals.view_charts"), lambda: charts_view(workbook, pack, score)),
        },
    )


goals_page()
