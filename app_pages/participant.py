"""A participant's own view of the room, made for a phone held in one hand: join with the code on
the projector, answer one dimension per screen, and after the reveal see the team's result. It
reaches nothing else: no other participant, workbook, export or facilitator action."""

import streamlit as st

from cxworkbook import ops
from cxworkbook.charts import GapLabels
from cxworkbook.errors import StoreError, WorkbookNotFound
from cxworkbook.model import Assessment, Workbook
from cxworkbook.questionnaire import MaturityPack
from cxworkbook.room import (
    followed,
    is_open,
    link_key,
    new_link_secret,
    numbered_name,
    participant_with_link,
    prepared,
    shown_code,
)
from cxworkbook.scoring import answered_questions, dimension_answered, shown_gap, team_score
from cxworkbook.tables import dimension_table, level_text, scale_words, score_text
from cxworkbook.ui.answers import dimension_target, question_card, stream_heading
from cxworkbook.ui.charts import number_column, show_chart_with_numbers
from cxworkbook.ui.context import lang, set_workbook, store, t
from cxworkbook.ui.derived import derived
from cxworkbook.ui.outcome import apply, refuse, show_outcome
from cxworkbook.ui.page import pack_for
from cxworkbook.ui.room import (
    Link,
    check_code,
    found_room,
    joined,
    keep_link,
    own_link,
    wait_before_joining,
    wait_before_trying,
    wrong_link,
)
from cxworkbook.ui.text import md
from cxworkbook.yamlio import FileProblems

CODE_FORM, JOIN_FORM = "room_code_form", "room_join_form"
DIMENSION_KEY = "_room_dimension"
SEEN_KEY = "_room_seen"
WATCH_SECONDS = 3  # how soon a phone notices the room closing or the answers revealed


class Unreachable(Exception):
    """The store cannot be read just now (the database went away): the phone waits."""


def read(workbook_id: str) -> Workbook | None:
    """The workbook, or None if it is gone or cannot be read; Unreachable for a store that
    cannot be reached just now."""
    try:
        return store().read(workbook_id)
    except WorkbookNotFound:
        return None
    except StoreError as exc:
        if exc.reason == "unavailable":
            raise Unreachable from exc
        return None
    except FileProblems:
        return None


def ask_the_facilitator(text: str) -> None:
    st.info(text, icon=":material/front_hand:")


# ---- joining --------------------------------------------------------------------------------
def take_code() -> None:
    wait = wait_before_trying()
    if wait > 0:
        refuse(CODE_FORM, t("room.wait", seconds=round(wait) or 1))
    elif check_code(st.session_state.get("room_code", "")) is None:
        refuse(CODE_FORM, t("room.wrong_code"))


def code_form() -> None:
    st.title(t("room.join_title"))
    ask_the_facilitator(t("room.ask"))
    with st.form(CODE_FORM, enter_to_submit=True):
        st.text_input(
            t("room.code"),
            key="room_code",
            max_chars=12,
            placeholder="ABCD-2345",
            autocomplete="off",
        )
        st.form_submit_button(t("room.continue"), type="primary", on_click=take_code)
    show_outcome(CODE_FORM)


def join(workbook_id: str, code: str, round_id: str, numbered: str) -> None:
    state = st.session_state
    wait = wait_before_joining()
    if wait > 0:
        refuse(JOIN_FORM, t("room.wait_joining", seconds=round(wait) or 1))
        return
    name, role = state.get("room_name", ""), state.get("room_role", "")
    listed = state.get("room_listed")
    secret = new_link_secret()
    if listed:
        operation = ops.claim_participant(round_id, code, listed, link_key(secret))
    elif not numbered and not name.strip():
        refuse(JOIN_FORM, t("assessment.participant.name_missing"))
        return
    else:
        operation = ops.join_room(round_id, code, link_key(secret), name, role, numbered=numbered)
    if apply(operation, JOIN_FORM) is not None:
        joined()
        state["_room_new_link"] = Link(workbook_id, secret)


def join_form(workbook: Workbook, code: str) -> None:
    assessment = workbook.current_round
    st.title(t("room.join_title"))
    st.markdown(f"**{md(workbook.meta.organisation)}** · {md(workbook.meta.title)}")
    numbered = numbered_name(workbook)
    with st.form(JOIN_FORM, enter_to_submit=True):
        if numbered:
            st.markdown(t("room.anonymous_join"))
        else:
            listed = {p.id: p.name for p in prepared(assessment)}
            if listed:
                st.selectbox(
                    t("room.listed"),
                    list(listed),
                    format_func=listed.__getitem__,
                    index=None,
                    placeholder=t("room.not_listed"),
                    key="room_listed",
                )
            st.text_input(t("room.name"), key="room_name", max_chars=200, autocomplete="name")
        st.text_input(
            t("assessment.participant.role"),
            key="room_role",
            max_chars=200,
            placeholder=t("assessment.participant.role_placeholder"),
        )
        st.form_submit_button(
            t("room.join"),
            type="primary",
            on_click=join,
            args=(workbook.id, code, assessment.id, numbered),
            use_container_width=True,
        )
    show_outcome(JOIN_FORM)


# ---- answering ------------------------------------------------------------------------------
def turn(index: int) -> None:
    st.session_state[DIMENSION_KEY] = index


@st.fragment
def answering(link: Link) -> None:
    """One dimension's questions; a tap saves and reruns this part of the page only."""
    try:
        workbook = read(link.workbook_id)
    except Unreachable:
        st.rerun()  # the whole page says the workbook cannot be reached, and waits
    assessment = workbook.current_round if workbook else None
    participant = participant_with_link(assessment, link.secret) if assessment else None
    pack = pack_for(assessment) if assessment else None
    if participant is None or pack is None:
        st.rerun()  # the room closed meanwhile: the whole page says so
    dimensions = pack.dimensions
    index = min(st.session_state.get(DIMENSION_KEY, 0), len(dimensions) - 1)
    dimension = dimensions[index]
    done = answered_questions(pack, [participant])
    st.progress(
        done / pack.question_count, text=t("room.progress", done=done, total=pack.question_count)
    )
    st.subheader(
        t(
            "room.dimension",
            number=index + 1,
            count=len(dimensions),
            title=dimension.name(lang()),
        )
    )
    if dimension.description is not None:
        st.caption(dimension.description.get(lang()))
    for number, question in enumerate(dimension.questions, start=1):
        stream_heading(dimension, question, number, level=4)
        question_card(
            workbook, assessment, participant, pack, number, question, scale_width="stretch"
        )
    if pack.targets == "dimension":
        dimension_target(workbook, assessment, participant, pack, dimension, scale_width="stretch")
    here = dimension_answered(participant, dimension)
    if here < len(dimension.questions):
        st.caption(t("room.left_here", left=len(dimension.questions) - here))
    back, forward = st.columns(2)
    back.button(
        t("room.back"),
        on_click=turn,
        args=(index - 1,),
        disabled=index == 0,
        icon=":material/arrow_back:",
        key="room_back",
        width="stretch",
    )
    forward.button(
        t("room.forward"),
        on_click=turn,
        args=(index + 1,),
        disabled=index == len(dimensions) - 1,
        icon=":material/arrow_forward:",
        icon_position="right",
        type="primary",
        key="room_forward",
        width="stretch",
    )
    if done == pack.question_count:
        st.success(t("room.all_done"), icon=":material/check_circle:")


def results(assessment: Assessment, pack: MaturityPack) -> None:
    """The team's result, as the projector shows it once revealed."""
    score = derived(team_score, pack, assessment)
    st.subheader(t("room.results"))
    if score is None or score.current is None:
        st.info(t("results.no_answers"))
        return
    st.markdown(f"**{level_text(pack, score, lang())}**")
    now, goal, gap = st.columns(3)
    now.metric(t("results.current"), score_text(score.current, lang()))
    goal.metric(t("results.target"), score_text(score.target, lang()))
    gap.metric(t("results.gap"), score_text(shown_gap(score.target, score.current), lang()))
    labels = GapLabels(
        current=t("results.current"),
        target=t("results.target"),
        axis=t("results.axis", **scale_words(pack, lang())),
        title=t("results.chart_title"),
        scale=pack.score_range,
    )
    show_chart_with_numbers(
        "gap_chart",
        derived(dimension_table, score, pack, lang()),
        labels,
        key="room_gap_chart",
        alt=t("results.chart_alt"),
        numbers_key="room_gap_table",
        columns={
            "dimension": st.column_config.TextColumn(t("results.dimension")),
            "current": number_column(t("results.current")),
            "target": number_column(t("results.target")),
            "gap": number_column(t("results.gap"), signed=True),
        },
    )


@st.fragment(run_every=WATCH_SECONDS)
def watch(link: Link) -> None:
    """Reruns the page when the facilitator closes the room or reveals the answers, or when the
    store can be reached again."""
    try:
        now = followed(read(link.workbook_id))
    except Unreachable:
        now = None
    if now != st.session_state.get(SEEN_KEY):
        st.rerun()


def participant_view(link: Link) -> None:
    try:
        workbook = read(link.workbook_id)
    except Unreachable:
        st.session_state[SEEN_KEY] = None
        st.warning(t("room.unreachable"), icon=":material/cloud_off:")
        watch(link)
        return
    assessment = workbook.current_round if workbook else None
    participant = participant_with_link(assessment, link.secret) if assessment else None
    st.session_state[SEEN_KEY] = followed(workbook)
    if participant is None:
        if workbook is None or assessment is None or not is_open(assessment):
            st.title(t("room.closed_title"))
            ask_the_facilitator(t("room.closed"))
        else:
            wrong_link()
            keep_link(None)
            st.title(t("room.join_title"))
            ask_the_facilitator(t("room.link_unknown"))
        return
    keep_link(link)
    set_workbook(workbook.id)
    pack = pack_for(assessment)  # says why, if the pack is not installed
    if pack is None:
        return
    st.caption(t("room.you", name=md(assessment.label(participant))))
    if assessment.revealed and assessment.room.results:
        results(assessment, pack)
    else:
        if assessment.revealed:
            st.info(t("room.revealed"))
        answering(link)
    watch(link)


def participant_page() -> None:
    state = st.session_state
    new = state.pop("_room_new_link", None)
    if new is not None:
        keep_link(new)
    link = own_link()
    if link is not None:
        participant_view(link)
        return
    code = st.query_params.get("code")
    if code and found_room() is None and "_room_url_code" not in state:
        state["_room_url_code"] = code  # a code in the address is tried once, then typed
        if wait_before_trying() == 0:
            check_code(code)
    found = found_room()
    try:
        workbook = read(found[0]) if found else None
    except Unreachable:
        st.warning(t("room.unreachable"), icon=":material/cloud_off:")
        return
    if workbook is None or found is None or not is_open(workbook.current_round):
        code_form()
        return
    set_workbook(workbook.id)
    st.caption(t("room.code_taken", code=shown_code(found[1])))
    join_form(workbook, found[1])


participant_page()
