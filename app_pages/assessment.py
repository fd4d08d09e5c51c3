"""Step 1: the maturity self-assessment. Answer per participant and dimension; reveal the answers
to the room, discuss the most contested questions and record what was agreed; see the results;
start a new round and compare it with an earlier one."""

import datetime as dt

import pandas as pd
import streamlit as st

from cxworkbook import ops
from cxworkbook.charts import GapLabels, RoleLabels, SpreadLabels
from cxworkbook.i18n import MISSING, format_date
from cxworkbook.model import Agreed, Answer, Assessment, Participant
from cxworkbook.questionnaire import Dimension, MaturityPack
from cxworkbook.scoring import (
    answered_questions,
    dimension_answered,
    score_participant,
    score_team,
)
from cxworkbook.tables import dimension_table, gap_text, score_text, shown_gap
from cxworkbook.ui.charts import (
    number_column,
    show_chart,
    show_chart_with_numbers,
    show_table,
    show_table_on_request,
)
from cxworkbook.ui.context import date_format, lang, pack_for, packs, t
from cxworkbook.ui.derived import derived
from cxworkbook.ui.frame import open_page
from cxworkbook.ui.layout import side_by_side
from cxworkbook.ui.saving import bound, save, show_pending, sync
from cxworkbook.ui.text import md
from cxworkbook.ui.url import keep_in_url, start_from_url, view_picker
from cxworkbook.workshop import (
    compare_rounds,
    dimension_spread_summary,
    dimension_spread_table,
    discussion_queue,
    improved_and_slipped,
    noted_answers,
    question_labels,
    queue_summary,
    role_names,
    role_numbers,
    role_table,
    rounds_table,
    spread_table,
)

SCALE = [1, 2, 3, 4, 5]
TEAM = "__team__"
VIEWS = ["answer", "results", "discuss", "rounds"]


def answer_key(
    assessment: Assessment, participant: Participant, question_id: str, field: str
) -> str:
    """A widget key that is also a valid CSS class (Streamlit adds `st-key-<key>`)."""
    return f"ans_{assessment.id}_{participant.id}_{question_id.replace('.', '_')}_{field}"


def add_participant(round_id: str) -> None:
    name = st.session_state.get("new_participant_name", "")
    role = st.session_state.get("new_participant_role", "")
    if not name.strip():
        st.session_state["_participant_error"] = t("assessment.participant.name_missing")
        return
    saved = save(ops.add_participant(round_id, name, role))
    if saved is not None:
        st.session_state["participant"] = saved.round(round_id).participants[-1].id
        st.session_state["new_participant_name"] = st.session_state["new_participant_role"] = ""
        st.session_state["_participant_error"] = None


def edit_participant(round_id: str, participant_id: str) -> None:
    name = st.session_state.get("edit_participant_name", "")
    if not name.strip():
        st.session_state["_participant_error"] = t("assessment.participant.name_missing")
        return
    save(
        ops.edit_participant(
            round_id, participant_id, name, st.session_state.get("edit_participant_role", "")
        )
    )
    st.session_state["_participant_error"] = None


def participant_form(round_id: str, first: bool) -> None:
    with st.form("add_participant_form", border=first, enter_to_submit=True):
        if first:
            st.markdown(t("assessment.participant.first"))
        name, role = st.columns(2)
        name.text_input(t("assessment.participant.name"), key="new_participant_name", max_chars=200)
        role.text_input(
            t("assessment.participant.role"),
            key="new_participant_role",
            max_chars=200,
            placeholder=t("assessment.participant.role_placeholder"),
        )
        st.form_submit_button(
            t("assessment.participant.add"),
            on_click=add_participant,
            args=(round_id,),
            type="primary",
        )


def participant_bar(assessment: Assessment) -> Participant | None:
    error = st.session_state.get("_participant_error")
    if error:
        st.error(error)
    if not assessment.participants:
        participant_form(assessment.id, first=True)
        return None
    names = {p.id: f"{p.name} ({p.role})" if p.role else p.name for p in assessment.participants}
    start_from_url("participant", list(names), assessment.participants[0].id)
    pick, add, edit = st.columns([4, 2, 2], vertical_alignment="bottom")
    chosen = pick.selectbox(
        t("assessment.participant.pick"),
        list(names),
        format_func=names.__getitem__,
        key="participant",
        persist_state="session",
    )
    with add.popover(
        t("assessment.participant.add"), icon=":material/person_add:", width="stretch", wrap=True
    ):
        participant_form(assessment.id, first=False)
    participant = assessment.participant(chosen)
    with edit.popover(
        t("assessment.participant.edit"), icon=":material/edit:", width="stretch", wrap=True
    ):
        sync("edit_participant_name", participant.name)
        sync("edit_participant_role", participant.role)
        with st.form("edit_participant_form", border=False):
            st.text_input(
                t("assessment.participant.name"), key="edit_participant_name", max_chars=200
            )
            st.text_input(
                t("assessment.participant.role"), key="edit_participant_role", max_chars=200
            )
            st.form_submit_button(
                t("assessment.participant.save"),
                on_click=edit_participant,
                args=(assessment.id, participant.id),
            )
    return participant


def scale_help(pack: MaturityPack) -> str:
    language = lang()
    return "\n\n".join(
        f"**{s.value} · {s.label.get(language)}** — {s.description.get(language)}"
        for s in pack.scale
    )


def level_guide(pack: MaturityPack, dimension: Dimension) -> None:
    language = lang()
    with st.expander(t("assessment.levels"), icon=":material/stairs:"):
        for value in SCALE:
            level = pack.scale_level(value)
            own = dimension.levels.get(value)
            line = f"**{value} · {level.label.get(language)}** — {level.description.get(language)}"
            if own is not None:
                line += f"  \n*{t('assessment.levels_here')}:* {own.get(language)}"
            st.markdown(line)


def question_card(
    assessment: Assessment, participant: Participant, pack: MaturityPack, number: int, question
) -> None:
    answer = participant.answers.get(question.id, Answer())
    keys = {
        f: answer_key(assessment, participant, question.id, f)
        for f in ("current", "target", "na", "dont_know", "note")
    }

    def make(field):
        return lambda value, expected: ops.set_answer(
            assessment.id, participant.id, question.id, field, value, expected
        )

    with st.container(border=True, key=f"card_{question.id.replace('.', '_')}"):
        st.markdown(f"**{number}. {question.text.get(lang())}**")
        if question.help is not None:
            st.caption(question.help.get(lang()))
        with side_by_side():
            st.segmented_control(
                t("assessment.current"),
                SCALE,
                disabled=not answer.counts,
                help=scale_help(pack),
                **bound(keys["current"], answer.current, make("current")),
            )
            st.segmented_control(
                t("assessment.target"),
                SCALE,
                disabled=not answer.counts,
                help=scale_help(pack),
                **bound(keys["target"], answer.target, make("target")),
            )
            with side_by_side(width="content"):
                st.checkbox(
                    t("assessment.na"),
                    help=t("assessment.na_help"),
                    **bound(keys["na"], answer.na, make("na")),
                )
                st.checkbox(
                    t("assessment.dont_know"),
                    help=t("assessment.dont_know_help"),
                    **bound(keys["dont_know"], answer.dont_know, make("dont_know")),
                )
            st.text_input(
                t("assessment.note"),
                placeholder=t("assessment.note_placeholder"),
                max_chars=2000,
                **bound(keys["note"], answer.note, make("note")),
            )
        for key in keys.values():
            show_pending(key)


def go_to(dimension_id: str) -> None:
    st.session_state["dimension"] = dimension_id


def answer_view(assessment: Assessment, pack: MaturityPack) -> None:
    participant = participant_bar(assessment)
    if participant is None:
        return
    dimension_ids = [d.id for d in pack.dimensions]
    done = {d.id: dimension_answered(participant, d) for d in pack.dimensions}
    language = lang()
    labels = {
        d.id: ("✓ " if done[d.id] == len(d.questions) else "")
        + f"{d.title.get(language)} · {done[d.id]}/{len(d.questions)}"
        for d in pack.dimensions
    }

    start_from_url("dimension", dimension_ids, dimension_ids[0])
    chosen = st.pills(
        t("assessment.dimension"),
        dimension_ids,
        format_func=labels.__getitem__,
        required=True,
        key="dimension",
        persist_state="session",
    )
    dimension = pack.dimension(chosen)
    total = sum(done.values())
    st.caption(
        t("assessment.progress", name=md(participant.name), done=total, total=pack.question_count)
    )

    st.subheader(dimension.title.get(lang()))
    st.markdown(dimension.description.get(lang()))
    level_guide(pack, dimension)
    for number, question in enumerate(dimension.questions, start=1):
        question_card(assessment, participant, pack, number, question)

    index = dimension_ids.index(chosen)
    back, forward = st.columns(2)
    if index > 0:
        back.button(
            t("assessment.previous", title=pack.dimensions[index - 1].title.get(lang())),
            on_click=go_to,
            args=(dimension_ids[index - 1],),
            icon=":material/arrow_back:",
            key="previous_dimension",
            wrap=True,
        )
    if index < len(dimension_ids) - 1:
        forward.button(
            t("assessment.next", title=pack.dimensions[index + 1].title.get(lang())),
            on_click=go_to,
            args=(dimension_ids[index + 1],),
            icon=":material/arrow_forward:",
            icon_position="right",
            key="next_dimension",
            type="primary",
            wrap=True,
        )


def stage_path(pack: MaturityPack, stage_id: str) -> str:
    language = lang()
    return " → ".join(
        f"**{s.label.get(language)}**" if s.id == stage_id else s.label.get(language)
        for s in pack.stages
    )


def hidden_until_revealed(assessment: Assessment, pack: MaturityPack) -> bool:
    """With several participants, nobody sees the others' answers until the facilitator shows
    them to the whole room at once, so nobody anchors on the boss."""
    if len(assessment.participants) < 2:
        return False
    if assessment.revealed:
        st.button(
            t("workshop.hide"),
            key="hide_answers",
            on_click=save,
            args=(ops.set_revealed(assessment.id, False),),
            icon=":material/visibility_off:",
            help=t("workshop.hide_help"),
        )
        return False
    with st.container(border=True, key="reveal_box"):
        st.markdown(t("workshop.hidden", count=len(assessment.participants)))
        done = {p.name: answered_questions(pack, [p]) for p in assessment.participants}
        st.markdown(
            "\n".join(
                f"- {md(name)}: {count}/{pack.question_count}" for name, count in done.items()
            )
        )
        st.button(
            t("workshop.reveal"),
            key="reveal_answers",
            on_click=save,
            args=(ops.set_revealed(assessment.id, True),),
            type="primary",
            icon=":material/visibility:",
        )
    return True


def role_overlay(assessment: Assessment, pack: MaturityPack) -> None:
    table = derived(role_table, pack, assessment, lang(), t("workshop.roles.none"))
    roles = derived(role_names, table)
    if len(roles) < 2:
        return
    st.subheader(t("workshop.roles.heading"))
    labels = RoleLabels(axis=t("results.current"), title=t("workshop.roles.title"))
    show_chart("role_chart", table, labels, key="role_chart", alt=t("workshop.roles.alt"))
    columns = {"dimension": st.column_config.TextColumn(t("results.dimension"), width="medium")}
    for number, role in enumerate(roles, start=1):
        columns[f"role_{number}"] = number_column(role)
    show_table_on_request(derived(role_numbers, table), key="role_table", columns=columns)


def results_view(assessment: Assessment, pack: MaturityPack) -> None:
    if not assessment.participants:
        st.info(t("results.no_participants"))
        return
    if hidden_until_revealed(assessment, pack):
        return
    options = [TEAM] + [p.id for p in assessment.participants]
    names = {TEAM: t("results.team", count=len(assessment.participants))} | {
        p.id: p.name for p in assessment.participants
    }
    whose = st.selectbox(
        t("results.whose"), options, format_func=names.__getitem__, key="results_whose"
    )
    if whose == TEAM:
        score = derived(score_team, pack, assessment)
    else:
        score = derived(score_participant, pack, assessment.participant(whose))
    if score.current is None:
        st.info(t("results.no_answers"))
        return

    with st.container(border=True, key="stage_box"):
        st.markdown(t("results.stage_heading", stage=score.stage.label.get(lang())))
        st.markdown(stage_path(pack, score.stage.id))
        st.markdown(score.stage.description.get(lang()))
        st.warning(t("results.trap", trap=score.stage.trap.get(lang())), icon=":material/warning:")

    now, goal, gap = st.columns(3)
    now.metric(t("results.current"), score_text(score.current, lang()))
    goal.metric(t("results.target"), score_text(score.target, lang()))
    gap.metric(t("results.gap"), score_text(shown_gap(score.target, score.current), lang()))

    table = derived(dimension_table, score, pack, lang())
    labels = GapLabels(
        current=t("results.current"),
        target=t("results.target"),
        axis=t("results.axis"),
        title=t("results.chart_title"),
    )
    columns = {  # beside a half-width chart: a narrow first column leaves every figure in sight
        "dimension": st.column_config.TextColumn(t("results.dimension"), width=150),
        "current": number_column(t("results.current")),
        "target": number_column(t("results.target")),
        "gap": number_column(t("results.gap"), signed=True),
        "answered": st.column_config.TextColumn(t("results.answered")),
    }
    if whose == TEAM:  # how far apart the answers are: a team's figure only
        columns["spread"] = number_column(t("results.spread"), help=t("results.spread_help"))
    show_chart_with_numbers(
        "gap_chart",
        table,
        labels,
        key="gap_chart",
        alt=t("results.chart_alt"),
        numbers_key="gap_table",
        columns=columns,
    )

    counted = [q for q in score.questions if q.dont_know or q.agreed_current or q.agreed_target]
    dont_know = sum(q.dont_know for q in counted)
    agreed = sum(1 for q in counted if q.agreed_current or q.agreed_target)
    if whose == TEAM and (dont_know or agreed):
        st.caption(t("workshop.counted", dont_know=dont_know, agreed=agreed))
    if whose == TEAM:
        role_overlay(assessment, pack)

    st.subheader(t("results.largest_gaps"))
    largest = score.largest_gaps(3)
    if not largest:
        st.info(t("results.no_gaps"))
    for number, dim_score in enumerate(largest, start=1):
        dimension = pack.dimension(dim_score.dimension_id)
        with st.container(border=True, key=f"gap_{dimension.id}"):
            st.markdown(
                t(
                    "results.gap_line",
                    number=number,
                    title=dimension.title.get(lang()),
                    current=score_text(dim_score.current, lang()),
                    target=score_text(dim_score.target, lang()),
                    gap=gap_text(shown_gap(dim_score.target, dim_score.current), lang()),
                )
            )
            st.markdown("\n".join(f"- {step.get(lang())}" for step in dimension.next_steps))


def noted_line(name: str, answer: Answer) -> str:
    """A participant's note with who wrote it and what they answered: "**Anna** · 2 → 4 · …"."""
    if answer.na:
        values = t("assessment.na")
    elif answer.dont_know:
        values = t("assessment.dont_know")
    elif answer.current is None and answer.target is None:
        values = None
    else:
        values = f"{answer.current or MISSING} → {answer.target or MISSING}"
    return " · ".join(part for part in (f"**{md(name)}**", values, md(answer.note)) if part)


def agreed_card(assessment: Assessment, question, number: int, label: str) -> None:
    qid = question.question_id
    agreed = assessment.agreed.get(qid, Agreed())

    def make(field):
        return lambda value, expected: ops.set_agreed(assessment.id, qid, field, value, expected)

    keys = {f: f"agreed_{assessment.id}_{qid.replace('.', '_')}_{f}" for f in Agreed.model_fields}
    with st.container(border=True, key=f"queue_{qid.replace('.', '_')}"):
        st.markdown(f"**{number}. {label}**")
        st.caption(
            t(
                "workshop.queue.stats",
                median=score_text(question.current.median, lang()),
                low=score_text(question.current.min, lang()),
                high=score_text(question.current.max, lang()),
                target_low=score_text(question.target.min, lang()),
                target_high=score_text(question.target.max, lang()),
                dont_know=question.dont_know,
            )
        )
        noted = noted_answers(assessment, qid)
        if noted:
            lines = [f"- {noted_line(name, answer)}" for name, answer in noted]
            st.markdown("\n".join([f"**{t('workshop.queue.notes')}**", *lines]))
        with side_by_side():
            st.segmented_control(
                t("workshop.queue.agreed_current"),
                SCALE,
                **bound(keys["current"], agreed.current, make("current")),
            )
            st.segmented_control(
                t("workshop.queue.agreed_target"),
                SCALE,
                **bound(keys["target"], agreed.target, make("target")),
            )
        # the room reads the reason as it is typed: all of it, however long
        st.text_area(
            t("workshop.queue.rationale"),
            max_chars=2000,
            height="content",
            placeholder=t("workshop.queue.rationale_placeholder"),
            **bound(keys["rationale"], agreed.rationale, make("rationale")),
        )
        for key in keys.values():
            show_pending(key)


def spread_summary(table: pd.DataFrame, key: str, label: str, *, whole: bool) -> None:
    """A spread chart's numbers as a table under it, to read out or for a screen reader; `whole`
    when the values are answers (1–5) rather than means."""
    decimals = 0 if whole else 1
    show_table_on_request(
        table,
        key=key,
        columns={
            "label": st.column_config.TextColumn(label, width="large" if whole else "medium"),
            "median": number_column(t("workshop.spread.median")),
            "min": number_column("min", decimals=decimals),
            "max": number_column("max", decimals=decimals),
            "spread": number_column(t("results.spread"), decimals=decimals),
        },
    )


def disagreement_chart(table: pd.DataFrame, level: str, counted: str) -> None:
    """Where the room disagrees on each `level` ("dimension" or "question"): the title and what
    the marks stand for as text above the chart, where they wrap on a narrow screen."""
    st.markdown(f"**{t(f'workshop.spread.{level}_title')}**")
    st.caption(t(f"workshop.spread.{level}_key"))
    show_chart(
        "spread_chart",
        table,
        SpreadLabels(
            answers=counted, median=t("workshop.spread.median"), axis=t("results.current")
        ),
        key=f"{level}_spread_chart",
        alt=t(f"workshop.spread.{level}_alt"),
    )


def discuss_view(assessment: Assessment, pack: MaturityPack) -> None:
    if len(assessment.participants) < 2:
        st.info(t("workshop.queue.needs_two"))
        return
    if hidden_until_revealed(assessment, pack):
        return
    team = derived(score_team, pack, assessment)
    queue = derived(discussion_queue, team)
    if not queue:
        st.info(t("workshop.queue.none"))
        return
    labels = derived(question_labels, pack, lang())
    disagreement_chart(
        derived(dimension_spread_table, pack, assessment, team, lang()),
        "dimension",
        t("workshop.spread.participants"),
    )
    spread_summary(
        derived(dimension_spread_summary, pack, team, lang()),
        "dimension_spread_table",
        t("results.dimension"),
        whole=False,
    )
    st.markdown(t("workshop.queue.intro", count=len(queue)))
    limit = None if st.toggle(t("workshop.queue.all"), key="queue_all") else 10
    shown_queue = derived(discussion_queue, team, 2, limit)
    disagreement_chart(
        derived(spread_table, assessment, shown_queue, labels),
        "question",
        t("workshop.spread.answers"),
    )
    spread_summary(
        derived(queue_summary, shown_queue, labels),
        "queue_table",
        t("workshop.spread.question"),
        whole=True,
    )
    headings = derived(question_labels, pack, lang(), None)
    for number, question in enumerate(shown_queue, start=1):
        agreed_card(assessment, question, number, headings[question.question_id])


def start_round(pack: MaturityPack) -> None:
    day = st.session_state.get("new_round_date") or dt.date.today()
    latest = packs().latest(pack.id)
    if save(ops.start_round(day, latest.ref)) is not None:
        st.session_state["view"] = "answer"


def rounds_view(assessment: Assessment, pack: MaturityPack) -> None:
    st.markdown(t("workshop.rounds.intro"))
    show_table(
        derived(rounds_table, workbook),
        key="rounds_table",
        columns={
            "round": t("workshop.rounds.round"),
            "date": st.column_config.DateColumn(t("workshop.rounds.date"), format=date_format()),
            "version": t("workshop.rounds.version"),
            "participants": t("workshop.rounds.participants"),
        },
    )
    with st.form("new_round_form", border=True):
        st.markdown(t("workshop.rounds.new"))
        day, submit = st.columns([2, 3], vertical_alignment="bottom")
        day.date_input(
            t("workshop.rounds.date"),
            value=dt.date.today(),
            format=date_format(),
            key="new_round_date",
        )
        submit.form_submit_button(
            t("workshop.rounds.start"), on_click=start_round, args=(pack,), type="primary"
        )
    if len(workbook.assessments) < 2:
        st.info(t("workshop.rounds.one"))
        return
    earlier = {a.id: f"{a.id} ({format_date(a.date, lang())})" for a in workbook.assessments[:-1]}
    start_from_url("compare_with", list(earlier), list(earlier)[-1])
    chosen = st.selectbox(
        t("workshop.rounds.compare_with"),
        list(earlier),
        format_func=earlier.__getitem__,
        key="compare_with",
    )
    previous = workbook.round(chosen)
    previous_pack = pack_for(previous)
    if previous_pack is None:
        return
    table = derived(
        compare_rounds,
        derived(score_team, previous_pack, previous),
        previous_pack,
        derived(score_team, pack, assessment),
        pack,
        lang(),
    )
    if table.empty:
        st.info(
            t("workshop.rounds.nothing_shared")
            if answered_questions(pack, assessment.participants)
            else t("workshop.rounds.nobody_yet", current=assessment.id)
        )
        return
    st.subheader(t("workshop.rounds.heading", previous=previous.id, current=assessment.id))
    labels = GapLabels(
        current=t("workshop.rounds.previous"),
        target=t("workshop.rounds.this"),
        axis=t("results.axis"),
        title=t("workshop.rounds.title"),
    )
    show_chart("gap_chart", table, labels, key="compare_chart", alt=t("workshop.rounds.alt"))
    show_table_on_request(
        table,
        key="compare_table",
        columns={
            "dimension": st.column_config.TextColumn(t("results.dimension"), width="medium"),
            "current": number_column(labels.current),
            "target": number_column(labels.target),
            "gap": number_column(t("workshop.rounds.change"), signed=True),
            "shared": st.column_config.NumberColumn(t("workshop.rounds.shared")),
        },
    )
    improved, slipped = st.columns(2)
    up, down = derived(improved_and_slipped, table)
    improved.markdown(t("workshop.rounds.improved"))
    improved.markdown("\n".join(f"- {d}" for d in up) or t("workshop.rounds.none"))
    slipped.markdown(t("workshop.rounds.slipped"))
    slipped.markdown("\n".join(f"- {d}" for d in down) or t("workshop.rounds.none"))


workbook = open_page(t("assessment.title"))
assessment = workbook.current_round
pack = pack_for(assessment)
if pack is None:
    st.stop()
if len(workbook.assessments) > 1:
    when = format_date(assessment.date, lang())
    st.caption(
        t("assessment.round", round=assessment.id, date=when, count=len(workbook.assessments))
    )

view = view_picker(
    "view",
    {v: t(f"assessment.view_{v}") for v in VIEWS},
    t("assessment.view"),
)
if view == "results":
    results_view(assessment, pack)
elif view == "discuss":
    discuss_view(assessment, pack)
elif view == "rounds":
    rounds_view(assessment, pack)
else:
    answer_view(assessment, pack)
keep_in_url("view", "participant", "dimension", "compare_with")
