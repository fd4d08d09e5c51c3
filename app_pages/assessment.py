"""Step 1: the maturity self-assessment. Answer per participant and dimension; reveal the answers
to the room, discuss the most contested questions and record what was agreed; see the results;
start a new round and compare it with an earlier one."""

import datetime as dt

import pandas as pd
import streamlit as st

from cxworkbook import ops
from cxworkbook.charts import GapLabels, RoleLabels, SpreadLabels
from cxworkbook.edits import chain, set_field
from cxworkbook.i18n import format_date
from cxworkbook.model import Answer, Assessment, Participant, Workbook
from cxworkbook.questionnaire import Dimension, MaturityPack
from cxworkbook.room import ROOM_SIZE, new_code, numbered_name, on_the_laptop, shown_code
from cxworkbook.scoring import (
    QuestionScore,
    RoundScore,
    answered_questions,
    answers_hidden,
    answers_off_options,
    answers_outside,
    dimension_answered,
    score_participant,
    shown_gap,
    team_score,
)
from cxworkbook.tables import (
    answer_text,
    dimension_table,
    level_text,
    part_table,
    scale_words,
    score_text,
    sign_texts,
    workshop_words,
)
from cxworkbook.ui.answers import (
    answer_buttons,
    dimension_target,
    evidence,
    question_card,
    stream_heading,
)
from cxworkbook.ui.cards import gap_heading, next_steps_list, stage_advice, stage_path
from cxworkbook.ui.charts import (
    number_column,
    show_chart,
    show_chart_with_numbers,
    show_table,
    show_table_on_request,
)
from cxworkbook.ui.context import date_field_format, date_format, lang, packs, t
from cxworkbook.ui.derived import derived
from cxworkbook.ui.fields import bound, sync
from cxworkbook.ui.layout import side_by_side
from cxworkbook.ui.outcome import apply, refuse, show_outcome
from cxworkbook.ui.page import current_workbook, open_step, pack_for
from cxworkbook.ui.room import join_link, phone_address, qr_png
from cxworkbook.ui.text import md
from cxworkbook.ui.url import keep_in_url, show_view, start_from_url
from cxworkbook.workshop import (
    compare_rounds,
    dimension_spread_summary,
    dimension_spread_table,
    discussion_queue,
    improved_and_slipped,
    noted_answers,
    progress_table,
    question_labels,
    queue_summary,
    role_names,
    role_numbers,
    role_table,
    rounds_table,
    spread_table,
)

TEAM = "__team__"
PLACE_ICONS = {True: ":material/smartphone:", False: ":material/laptop:"}
ADD_FORM, EDIT_FORM = "add_participant_form", "edit_participant_form"


def add_participant(round_id: str, numbered: str) -> None:
    state = st.session_state
    name, role = state.get("new_participant_name", ""), state.get("new_participant_role", "")
    if not numbered and not name.strip():
        refuse(ADD_FORM, t("assessment.participant.name_missing"))
        return
    saved = apply(ops.add_participant(round_id, name, role, numbered=numbered), ADD_FORM)
    if saved is not None:
        state["participant"] = saved.round(round_id).participants[-1].id
        state["new_participant_name"] = state["new_participant_role"] = ""
        state["add_participant"] = False  # the popover closes: the new participant answers now


def edit_participant(round_id: str, participant_id: str, started: dict[str, str]) -> None:
    """Save the fields of the form that the person changed, each only if it still holds what the
    form showed: a rename made meanwhile in another tab is never silently undone."""
    state = st.session_state
    typed = {
        "name": state.get("edit_participant_name", ""),
        "role": state.get("edit_participant_role", ""),
    }
    if not typed["name"].strip():
        refuse(EDIT_FORM, t("assessment.participant.name_missing"))
        return
    where = (*ops.round_path(round_id), "participants", participant_id)
    changes = [
        set_field((*where, field), value.strip(), started[field])
        for field, value in typed.items()
        if value != started[field]
    ]
    apply(chain(*changes), EDIT_FORM)


def participant_form(round_id: str, first: bool, numbered: str) -> None:
    with st.form(ADD_FORM, border=first, enter_to_submit=True):
        if first:
            st.markdown(t("assessment.participant.first"))
        if numbered:
            st.caption(t("room.anonymous_round"))
        with side_by_side():
            if not numbered:
                st.text_input(
                    t("assessment.participant.name"), key="new_participant_name", max_chars=200
                )
            st.text_input(
                t("assessment.participant.role"),
                key="new_participant_role",
                max_chars=200,
                placeholder=t("assessment.participant.role_placeholder"),
            )
        st.form_submit_button(
            t("assessment.participant.add"),
            on_click=add_participant,
            args=(round_id, numbered),
            type="primary",
        )
    show_outcome(ADD_FORM)


def edit_form(round_id: str, participant: Participant) -> None:
    started = {"name": participant.name, "role": participant.role}
    sync("edit_participant_name", participant.name)
    sync("edit_participant_role", participant.role)
    with st.form(EDIT_FORM, border=False):
        st.text_input(t("assessment.participant.name"), key="edit_participant_name", max_chars=200)
        st.text_input(t("assessment.participant.role"), key="edit_participant_role", max_chars=200)
        st.form_submit_button(
            t("assessment.participant.save"),
            on_click=edit_participant,
            args=(round_id, participant.id, started),
        )
    show_outcome(EDIT_FORM)


def hand_over() -> None:
    st.session_state["participant"] = None


def participant_bar(workbook: Workbook, assessment: Assessment) -> Participant | None:
    """Who answers on the laptop now. Before the reveal the list offers only those nobody has
    answered for yet (and whoever this screen answers as), so the next person starts clean."""
    numbered = numbered_name(workbook)
    if not assessment.participants:
        participant_form(assessment.id, first=True, numbered=numbered)
        return None
    current = st.session_state.get("participant") or st.query_params.get("participant")
    people = on_the_laptop(assessment, current)
    names = {p.id: assessment.label(p) for p in people}
    alone = len(assessment.participants) == 1 and bool(people)
    default = people[0].id if people and (assessment.revealed or alone) else None
    start_from_url("participant", list(names), default)
    with side_by_side():
        chosen = st.selectbox(
            t("assessment.participant.pick"),
            list(names),
            format_func=names.__getitem__,
            key="participant",
            persist_state="session",
            placeholder=t("assessment.participant.who_next"),
        )
        # short labels beside the list, so a name and its role fit on a projector
        with st.popover(
            t("assessment.participant.add_short"),
            help=t("assessment.participant.add"),
            icon=":material/person_add:",
            key="add_participant",
            on_change="rerun",
        ):
            participant_form(assessment.id, first=False, numbered=numbered)
        if chosen is None:
            participant = None
        else:
            participant = assessment.participant(chosen)
            with st.popover(
                t("assessment.participant.edit_short"),
                help=t("assessment.participant.edit"),
                icon=":material/edit:",
                key="edit_participant",
                on_change="rerun",
            ):
                edit_form(assessment.id, participant)
        if chosen is not None and not assessment.revealed:
            st.button(
                t("assessment.participant.hand_over"),
                help=t("assessment.participant.hand_over_help"),
                icon=":material/switch_account:",
                key="hand_over",
                on_click=hand_over,
            )
    if participant is None:
        st.info(t("assessment.participant.next_person"), icon=":material/person:")
    return participant


def level_guide(pack: MaturityPack, dimension: Dimension) -> None:
    """What the pack's rating scale means, with this dimension's own words for a level; a pack
    whose questions have options of their own shows them on the buttons instead."""
    language = lang()
    if not pack.scale:
        return
    with st.expander(t("assessment.levels"), icon=":material/stairs:"):
        for level in pack.scale:
            line = f"**{level.value:g} · {level.label.get(language)}**"
            if level.description is not None:
                line += f" — {level.description.get(language)}"
            own = (
                dimension.levels.get(int(level.value)) if float(level.value).is_integer() else None
            )
            if own is not None:
                line += f"  \n*{t('assessment.levels_here')}:* {own.get(language)}"
            st.markdown(line)


def go_to(dimension_id: str) -> None:
    st.session_state["dimension"] = dimension_id


def answer_view(workbook: Workbook, assessment: Assessment, pack: MaturityPack) -> None:
    participant = participant_bar(workbook, assessment)
    if participant is None:
        return
    dimension_ids = [d.id for d in pack.dimensions]
    done = {d.id: dimension_answered(participant, d) for d in pack.dimensions}
    language = lang()
    labels = {
        d.id: ("✓ " if done[d.id] == len(d.questions) else "")
        + f"{d.name(language)} · {done[d.id]}/{len(d.questions)}"
        for d in pack.dimensions
    }

    start_from_url("dimension", dimension_ids, dimension_ids[0])
    # a list, not a row of buttons: twelve buttons took a 1024×768 projector's first screen
    chosen = st.selectbox(
        t("assessment.dimension"),
        dimension_ids,
        format_func=labels.__getitem__,
        key="dimension",
        persist_state="session",
        placeholder=t("choose"),
        label_visibility="collapsed",  # its options say what they are; a line saved for the room
    )
    dimension = pack.dimension(chosen)
    total = sum(done.values())
    st.caption(
        t("assessment.progress", name=md(participant.name), done=total, total=pack.question_count)
        + "  \n"
        + t("assessment.keyboard")
    )

    st.header(dimension.name(lang()))
    if dimension.description is not None:
        st.markdown(dimension.description.get(lang()))
    level_guide(pack, dimension)
    for number, question in enumerate(dimension.questions, start=1):
        stream_heading(dimension, question, number)
        question_card(workbook, assessment, participant, pack, number, question)
    if pack.targets == "dimension":
        dimension_target(workbook, assessment, participant, pack, dimension)

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


def reveal_button(round_id: str, revealed: bool, key: str, **options) -> None:
    """Show a round's answers to the room, or hide them again; saved at once."""
    st.button(
        t("workshop.reveal") if revealed else t("workshop.hide"),
        key=key,
        on_click=apply,
        args=(ops.reveal(round_id, revealed), key),
        icon=":material/visibility:" if revealed else ":material/visibility_off:",
        **options,
    )
    show_outcome(key)


def reveal_box(assessment: Assessment, pack: MaturityPack) -> bool:
    """The reveal, or hiding again; True while the answers are hidden (nothing else is shown)."""
    if len(assessment.participants) < 2:
        return False
    if not answers_hidden(assessment):
        reveal_button(assessment.id, False, "hide_answers", help=t("workshop.hide_help"))
        return False
    with st.container(border=True, key="reveal_box"):
        st.markdown(t("workshop.hidden", count=len(assessment.participants)))
        done = {p.name: answered_questions(pack, [p]) for p in assessment.participants}
        st.markdown(
            "\n".join(
                f"- {md(name)}: {count}/{pack.question_count}" for name, count in done.items()
            )
        )
        reveal_button(assessment.id, True, "reveal_answers", type="primary")
    return True


def role_overlay(assessment: Assessment, pack: MaturityPack) -> None:
    table = derived(role_table, pack, assessment, lang(), t("workshop.roles.none"))
    roles = derived(role_names, table)
    if len(roles) < 2:
        return
    st.header(t("workshop.roles.heading"))
    labels = RoleLabels.worded(t, pack.score_range)
    show_chart("role_chart", table, labels, key="role_chart", alt=t("workshop.roles.alt"))
    columns = {"dimension": st.column_config.TextColumn(t("results.dimension"), width="medium")}
    for number, role in enumerate(roles, start=1):
        columns[f"role_{number}"] = number_column(role)
    show_table_on_request(derived(role_numbers, table), key="role_table", columns=columns)


def stage_box(pack: MaturityPack, score: RoundScore) -> None:
    """The overall level, and the development stage the answers resemble, with why, if any."""
    stage = score.stage
    with st.container(border=True, key="stage_box"):
        st.markdown(f"**{level_text(pack, score, lang())}**")
        if stage is None:
            st.markdown(t("results.no_stage", **workshop_words(pack, lang())))
            return
        st.markdown(t("results.stage_suggested", stage=stage.label.get(lang())))
        st.markdown(stage_path(pack, stage.id))
        st.markdown(stage.description.get(lang()))
        signs = sign_texts(pack, score, stage, lang())
        st.markdown("\n".join([t("results.stage_signs"), *(f"- {line}" for line in signs)]))
        stage_advice(stage)


def results_view(assessment: Assessment, pack: MaturityPack) -> None:
    if not assessment.participants:
        st.info(t("results.no_participants"))
        return
    if reveal_box(assessment, pack):
        return
    options = [TEAM] + [p.id for p in assessment.participants]
    names = {TEAM: t("results.team", count=len(assessment.participants))} | {
        p.id: p.name for p in assessment.participants
    }
    whose = st.selectbox(
        t("results.whose"),
        options,
        format_func=names.__getitem__,
        key="results_whose",
        placeholder=t("choose"),
    )
    if whose == TEAM:
        score = derived(team_score, pack, assessment)
    else:
        score = derived(score_participant, pack, assessment.participant(whose))
    if score is None or score.current is None:
        st.info(t("results.no_answers"))
        return

    stage_box(pack, score)
    now, goal, gap = st.columns(3)
    now.metric(t("results.current"), score_text(score.current, lang()))
    goal.metric(t("results.target"), score_text(score.target, lang()))
    gap.metric(t("results.gap"), score_text(shown_gap(score.target, score.current), lang()))

    table = derived(dimension_table, score, pack, lang())
    labels = GapLabels(
        current=t("results.current"),
        target=t("results.target"),
        axis=t("results.axis", **scale_words(pack, lang())),
        title=t("results.chart_title"),
        scale=pack.score_range,
    )
    columns = {  # as wide as fits every figure beside it in a 1024 px projector's column
        "dimension": st.column_config.TextColumn(t("results.dimension"), width=230),
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

    parts = derived(part_table, score, pack, lang())
    if not parts.empty:
        st.subheader(t("results.parts"))
        show_table(
            parts,
            key="parts_table",
            columns={
                "part": st.column_config.TextColumn(t("results.part"), width="large"),
                "current": number_column(t("results.current")),
                "target": number_column(t("results.target")),
                "gap": number_column(t("results.gap"), signed=True),
            },
        )

    counted = [q for q in score.questions if q.dont_know or q.agreed_current or q.agreed_target]
    dont_know = sum(q.dont_know for q in counted)
    agreed = sum(1 for q in counted if q.agreed_current or q.agreed_target)
    if whose == TEAM and (dont_know or agreed):
        st.caption(t("workshop.counted", dont_know=dont_know, agreed=agreed))
    if whose == TEAM:
        role_overlay(assessment, pack)

    st.header(t("results.largest_gaps"))
    largest = score.largest_gaps(3)
    if not largest:
        st.info(t("results.no_gaps"))
    for number, dim_score in enumerate(largest, start=1):
        with st.container(border=True, key=f"gap_{dim_score.dimension_id}"):
            st.markdown(gap_heading(pack, number, dim_score))
            st.markdown(next_steps_list(pack, dim_score.dimension_id))


def noted_line(name: str, answer: Answer, with_target: bool) -> str:
    """A participant's note with who wrote it and what they answered: "**Anna** · 2 → 4 · …",
    or "**Anna** · 2 · …" where the target is asked per dimension."""
    if answer.na:
        values = t("assessment.na")
    elif answer.dont_know:
        values = t("assessment.dont_know")
    elif answer.current is None and (answer.target is None or not with_target):
        values = None
    elif with_target:
        values = f"{answer_text(answer.current, lang())} → {answer_text(answer.target, lang())}"
    else:
        values = answer_text(answer.current, lang())
    return " · ".join(part for part in (f"**{md(name)}**", values, md(answer.note)) if part)


def queue_stats(question: QuestionScore, with_target: bool) -> str:
    """Where the room's answers to a contested question lie, in one line."""
    language = lang()
    stats = t(
        "workshop.queue.stats",
        median=score_text(question.current.median, language),
        low=score_text(question.current.min, language),
        high=score_text(question.current.max, language),
        dont_know=question.dont_know,
    )
    if not with_target:
        return stats
    target = t(
        "workshop.queue.stats_target",
        low=score_text(question.target.min, language),
        high=score_text(question.target.max, language),
    )
    return f"{stats} · {target}"


def agreed_card(
    workbook: Workbook,
    assessment: Assessment,
    pack: MaturityPack,
    question: QuestionScore,
    number: int,
    label: str,
) -> None:
    qid = question.question_id
    path = (*ops.round_path(assessment.id), "agreed", qid)
    with_target = pack.targets == "question"
    with st.container(border=True, key=f"queue_{qid.replace('.', '_')}"):
        st.markdown(f"**{number}. {label}**")
        st.caption(queue_stats(question, with_target))
        asked = next((q for _, q in pack.questions if q.id == qid), None)
        if asked is not None and (asked.criteria or asked.proof):
            st.caption(evidence(asked))
        noted = noted_answers(assessment, qid)
        if noted:
            lines = [f"- {noted_line(name, answer, with_target)}" for name, answer in noted]
            st.markdown("\n".join([f"**{t('workshop.queue.notes')}**", *lines]))
        with side_by_side():
            for field in ("current", "target") if with_target else ("current",):
                answer_buttons(
                    t(f"workshop.queue.agreed_{field}"), workbook, (*path, field), pack, asked
                )
        # the room reads the reason as it is typed: all of it, however long
        bound(
            st.text_area,
            t("workshop.queue.rationale"),
            workbook,
            (*path, "rationale"),
            max_chars=2000,
            height="content",
            placeholder=t("workshop.queue.rationale_placeholder"),
        )


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


def disagreement_chart(
    table: pd.DataFrame, level: str, counted: str, scale: tuple[float, float]
) -> None:
    """Where the room disagrees on each `level` ("dimension" or "question"): the title and what
    the marks stand for as text above the chart, where they wrap on a narrow screen."""
    st.markdown(f"**{t(f'workshop.spread.{level}_title')}**")
    st.caption(t(f"workshop.spread.{level}_key"))
    show_chart(
        "spread_chart",
        table,
        SpreadLabels(
            answers=counted,
            median=t("workshop.spread.median"),
            axis=t("results.current"),
            scale=scale,
        ),
        key=f"{level}_spread_chart",
        alt=t(f"workshop.spread.{level}_alt"),
    )


def discuss_view(workbook: Workbook, assessment: Assessment, pack: MaturityPack) -> None:
    if len(assessment.participants) < 2:
        st.info(t("workshop.queue.needs_two"))
        return
    if reveal_box(assessment, pack):
        return
    team = derived(team_score, pack, assessment)
    queue = derived(discussion_queue, team)
    if not queue:
        st.info(t("workshop.queue.none"))
        return
    labels = derived(question_labels, pack, lang())
    disagreement_chart(
        derived(dimension_spread_table, pack, assessment, team, lang()),
        "dimension",
        t("workshop.spread.participants"),
        pack.score_range,
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
        pack.answer_range,
    )
    spread_summary(
        derived(queue_summary, shown_queue, labels),
        "queue_table",
        t("workshop.spread.question"),
        whole=True,
    )
    headings = derived(question_labels, pack, lang(), None)
    for number, question in enumerate(shown_queue, start=1):
        agreed_card(workbook, assessment, pack, question, number, headings[question.question_id])


def start_round(pack: MaturityPack) -> None:
    day = st.session_state.get("new_round_date") or dt.date.today()
    latest = packs().latest(pack.id)
    if apply(ops.start_round(day, latest.ref), "new_round_form") is not None:
        st.session_state["view"] = "answer"


def rounds_view(workbook: Workbook, assessment: Assessment, pack: MaturityPack) -> None:
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
        with side_by_side():
            st.date_input(
                t("workshop.rounds.date"),
                value=dt.date.today(),
                format=date_field_format(),
                key="new_round_date",
            )
            st.form_submit_button(
                t("workshop.rounds.start"), on_click=start_round, args=(pack,), type="primary"
            )
    show_outcome("new_round_form")
    if len(workbook.assessments) < 2:
        st.info(t("workshop.rounds.only_one"))
        return
    earlier = {a.id: f"{a.id} ({format_date(a.date, lang())})" for a in workbook.assessments[:-1]}
    start_from_url("compare_with", list(earlier), list(earlier)[-1])
    chosen = st.selectbox(
        t("workshop.rounds.compare_with"),
        list(earlier),
        format_func=earlier.__getitem__,
        key="compare_with",
        placeholder=t("choose"),
    )
    previous = workbook.round(chosen)
    previous_pack = pack_for(previous)
    if previous_pack is None:
        return
    if answers_hidden(assessment):
        reveal_box(assessment, pack)
        return
    before = derived(team_score, previous_pack, previous)
    if before is None:
        st.info(t("workshop.rounds.earlier_hidden", previous=previous.id))
        reveal_button(previous.id, True, "reveal_earlier")
        return
    now = derived(team_score, pack, assessment)
    table = derived(compare_rounds, before, previous_pack, now, pack, lang())
    if table.empty:
        st.info(
            t("workshop.rounds.nothing_shared")
            if answered_questions(pack, assessment.participants)
            else t("workshop.rounds.nobody_yet", current=assessment.id)
        )
        return
    st.header(t("workshop.rounds.heading", previous=previous.id, current=assessment.id))
    labels = GapLabels(
        current=t("workshop.rounds.previous"),
        target=t("workshop.rounds.this"),
        axis=t("results.axis", **scale_words(pack, lang())),
        title=t("workshop.rounds.title"),
        scale=pack.score_range,
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


def open_the_room(round_id: str) -> None:
    anonymous = bool(st.session_state.get("room_anonymous"))
    apply(ops.open_room(round_id, new_code(), anonymous=anonymous), "open_room")


def room_view(workbook: Workbook, assessment: Assessment, pack: MaturityPack) -> None:
    """The room: open it, and the projector shows how phones join and who has answered how
    much, updating by itself."""
    room = assessment.room
    if room is None or not room.open:
        st.markdown(t("room.intro", size=ROOM_SIZE))
        if phone_address() is None:
            st.warning(t("room.not_served"), icon=":material/wifi_off:")
        with st.form("open_room_form", border=False):
            can_choose = not assessment.participants and not assessment.anonymous
            st.checkbox(
                t("room.anonymous"),
                value=assessment.anonymous,
                disabled=not can_choose,
                help=t("room.anonymous_help"),
                key="room_anonymous",
            )
            st.form_submit_button(
                t("room.open"),
                on_click=open_the_room,
                args=(assessment.id,),
                type="primary",
                icon=":material/qr_code_2:",
            )
        show_outcome("open_room")
        if room is not None:
            room_progress(workbook.id)
        return
    address = phone_address()
    picture, words = st.columns(2, vertical_alignment="center")
    if address is not None:
        link = join_link(address, room.code)
        picture.image(qr_png(link), caption=t("room.scan"), alt=t("room.qr_alt", link=link))
        words.markdown(t("room.address"))
        words.header(address.split("://", 1)[-1], anchor=False)
    else:
        words.warning(t("room.not_served"), icon=":material/wifi_off:")
    words.markdown(t("room.code_is"))
    words.title(shown_code(room.code), anchor=False)
    if room.anonymous:
        words.caption(t("room.anonymous_round"))
    bound(
        st.toggle,
        t("room.results_on_phones"),
        workbook,
        (*ops.round_path(assessment.id), "room", "results"),
    )
    st.button(
        t("room.close"),
        on_click=apply,
        args=(ops.close_room(assessment.id), "close_room"),
        icon=":material/door_front:",
        key="close_room",
    )
    show_outcome("close_room")
    room_progress(workbook.id)


@st.fragment(run_every=2)
def room_progress(workbook_id: str) -> None:
    """Who has joined and how far each one is, read anew every two seconds without the rest of
    the page; then the reveal."""
    workbook = current_workbook()
    if workbook is None or workbook.id != workbook_id:
        return
    assessment = workbook.current_round
    pack = pack_for(assessment)
    if pack is None:
        return
    table = derived(progress_table, pack, assessment)
    done = int((table["answered"] == pack.question_count).sum())
    joined, finished = st.columns(2)
    joined.metric(t("room.joined"), len(table))
    finished.metric(t("room.done"), f"{done}/{len(table)}")
    # a list in three columns rather than a table: sixty names fit on one projected screen,
    # in text a screen reader reads
    total = pack.question_count
    lines = [
        f"- {PLACE_ICONS[phone]} {md(who)} · {count}/{total}" + (" ✓" if count == total else "")
        for who, phone, count in table.itertuples(index=False)
    ]
    for column, part in zip(st.columns(3), (lines[0::3], lines[1::3], lines[2::3]), strict=True):
        column.markdown("\n".join(part))
    st.caption(t("room.icons"))
    if answers_hidden(assessment):
        reveal_button(assessment.id, True, "room_reveal", type="primary")
    elif assessment.revealed:
        st.success(t("room.revealed_here"), icon=":material/visibility:")


def assessment_page() -> None:
    workbook, pack = open_step("assessment", intro=False)
    assessment = workbook.current_round
    if len(workbook.assessments) > 1:
        when = format_date(assessment.date, lang())
        st.caption(
            t("assessment.round", round=assessment.id, date=when, count=len(workbook.assessments))
        )
    outside = derived(answers_outside, pack, assessment)
    if outside:
        ref = assessment.questionnaire
        st.warning(
            t("assessment.outside", pack=ref.id, version=ref.version, ids=", ".join(outside)),
            icon=":material/warning:",
        )
    off = derived(answers_off_options, pack, assessment)
    if off:
        values = ", ".join(f"{question} = {value:g}" for question, value in off)
        ref = assessment.questionnaire
        st.warning(
            t("assessment.off_options", pack=ref.id, version=ref.version, values=values),
            icon=":material/warning:",
        )
    draws = {
        "answer": lambda: answer_view(workbook, assessment, pack),
        "room": lambda: room_view(workbook, assessment, pack),
        "results": lambda: results_view(assessment, pack),
        "discuss": lambda: discuss_view(workbook, assessment, pack),
        "rounds": lambda: rounds_view(workbook, assessment, pack),
    }
    views = {v: (t(f"assessment.view_{v}"), draw) for v, draw in draws.items()}
    show_view("view", t("assessment.view"), views)
    keep_in_url("participant", "dimension", "compare_with")


assessment_page()
