"""Step 1: the maturity self-assessment. Answer per participant and dimension; see the results."""

import streamlit as st

from cxworkbook import ops
from cxworkbook.charts import GapLabels
from cxworkbook.model import Answer, Assessment, Participant
from cxworkbook.questionnaire import Dimension, MaturityPack
from cxworkbook.scoring import dimension_answered, score_round
from cxworkbook.tables import dimension_table, shown, shown_gap
from cxworkbook.ui.charts import show_chart
from cxworkbook.ui.context import lang, pack_for, t
from cxworkbook.ui.frame import open_page
from cxworkbook.ui.saving import bound, save, show_pending, sync
from cxworkbook.ui.text import md
from cxworkbook.ui.url import keep_in_url, start_from_url

SCALE = [1, 2, 3, 4, 5]
TEAM = "__team__"
VIEWS = ["answer", "results"]


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
        t("assessment.participant.add"), icon=":material/person_add:", width="stretch"
    ):
        participant_form(assessment.id, first=False)
    participant = assessment.participant(chosen)
    with edit.popover(t("assessment.participant.edit"), icon=":material/edit:", width="stretch"):
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
    return "\n\n".join(
        f"**{s.value} · {s.label.get(lang())}** — {s.description.get(lang())}" for s in pack.scale
    )


def level_guide(pack: MaturityPack, dimension: Dimension) -> None:
    with st.expander(t("assessment.levels"), icon=":material/stairs:"):
        for value in SCALE:
            level = pack.scale_level(value)
            own = dimension.levels.get(value)
            line = f"**{value} · {level.label.get(lang())}** — {level.description.get(lang())}"
            if own is not None:
                line += f"  \n*{t('assessment.levels_here')}:* {own.get(lang())}"
            st.markdown(line)


def question_card(
    assessment: Assessment, participant: Participant, pack: MaturityPack, number: int, question
) -> None:
    answer = participant.answers.get(question.id, Answer())
    keys = {
        f: answer_key(assessment, participant, question.id, f)
        for f in ("current", "target", "na", "note")
    }

    def make(field):
        return lambda value, expected: ops.set_answer(
            assessment.id, participant.id, question.id, field, value, expected
        )

    with st.container(border=True, key=f"card_{question.id.replace('.', '_')}"):
        st.markdown(f"**{number}. {question.text.get(lang())}**")
        if question.help is not None:
            st.caption(question.help.get(lang()))
        current, target, na = st.columns([5, 5, 2], vertical_alignment="bottom")
        current.segmented_control(
            t("assessment.current"),
            SCALE,
            disabled=answer.na,
            help=scale_help(pack),
            **bound(keys["current"], answer.current, make("current")),
        )
        target.segmented_control(
            t("assessment.target"),
            SCALE,
            disabled=answer.na,
            help=scale_help(pack),
            **bound(keys["target"], answer.target, make("target")),
        )
        na.checkbox(
            t("assessment.na"),
            help=t("assessment.na_help"),
            **bound(keys["na"], answer.na, make("na")),
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

    labels = {
        d.id: ("✓ " if done[d.id] == len(d.questions) else "")
        + f"{d.title.get(lang())} · {done[d.id]}/{len(d.questions)}"
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
        )


def stage_path(pack: MaturityPack, stage_id: str) -> str:
    return " → ".join(
        f"**{s.label.get(lang())}**" if s.id == stage_id else s.label.get(lang())
        for s in pack.stages
    )


def fmt(value: float | None) -> str:
    return "–" if value is None else f"{shown(value):.1f}"


def results_view(assessment: Assessment, pack: MaturityPack) -> None:
    if not assessment.participants:
        st.info(t("results.no_participants"))
        return
    options = [TEAM] + [p.id for p in assessment.participants]
    names = {TEAM: t("results.team", count=len(assessment.participants))} | {
        p.id: p.name for p in assessment.participants
    }
    whose = st.selectbox(
        t("results.whose"), options, format_func=names.__getitem__, key="results_whose"
    )
    chosen = assessment.participants if whose == TEAM else [assessment.participant(whose)]
    score = score_round(pack, chosen)
    if score.current is None:
        st.info(t("results.no_answers"))
        return

    with st.container(border=True, key="stage_box"):
        st.markdown(t("results.stage_heading", stage=score.stage.label.get(lang())))
        st.markdown(stage_path(pack, score.stage.id))
        st.markdown(score.stage.description.get(lang()))
        st.warning(t("results.trap", trap=score.stage.trap.get(lang())), icon=":material/warning:")

    now, goal, gap = st.columns(3)
    now.metric(t("results.current"), fmt(score.current))
    goal.metric(t("results.target"), fmt(score.target))
    gap.metric(t("results.gap"), fmt(shown_gap(score.target, score.current)))

    table = dimension_table(score, pack, lang())
    chart, data = st.columns(2)
    labels = GapLabels(
        current=t("results.current"),
        target=t("results.target"),
        axis=t("results.axis"),
        title=t("results.chart_title"),
    )
    with chart:
        show_chart("gap_chart", table, labels, key="gap_chart", alt=t("results.chart_alt"))
    data.dataframe(
        table.drop(columns=["dimension_id"] + ([] if whose == TEAM else ["spread"])),
        hide_index=True,
        key="gap_table",
        column_config={
            "dimension": st.column_config.TextColumn(t("results.dimension"), width="medium"),
            "current": st.column_config.NumberColumn(t("results.current"), format="%.1f"),
            "target": st.column_config.NumberColumn(t("results.target"), format="%.1f"),
            "gap": st.column_config.NumberColumn(t("results.gap"), format="%+.1f"),
            "answered": st.column_config.TextColumn(t("results.answered")),
            "spread": st.column_config.NumberColumn(
                t("results.spread"), format="%.1f", help=t("results.spread_help")
            ),
        },
    )

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
                    current=fmt(dim_score.current),
                    target=fmt(dim_score.target),
                    gap=fmt(shown_gap(dim_score.target, dim_score.current)),
                )
            )
            st.markdown("\n".join(f"- {step.get(lang())}" for step in dimension.next_steps))


workbook = open_page(t("assessment.title"))
assessment = workbook.current_round
pack = pack_for(assessment)
if pack is None:
    st.stop()

start_from_url("view", VIEWS, VIEWS[0])
view = st.segmented_control(
    t("assessment.view"),
    VIEWS,
    format_func={v: t(f"assessment.view_{v}") for v in VIEWS}.__getitem__,
    required=True,
    key="view",
    persist_state="session",
    label_visibility="collapsed",
)
if view == "results":
    results_view(assessment, pack)
else:
    answer_view(assessment, pack)
keep_in_url("view", "participant", "dimension")
