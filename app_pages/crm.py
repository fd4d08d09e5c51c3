"""Step 2: the CRM starting point, its ratings and the next steps the team commits to, read
together with the assessment's customer data dimension."""

import streamlit as st

from cxworkbook import ops
from cxworkbook.crm import Fit, crm_fit
from cxworkbook.model import Workbook
from cxworkbook.questionnaire import MaturityPack
from cxworkbook.scoring import team_score
from cxworkbook.tables import score_text
from cxworkbook.templates import CrmPack, CrmState
from cxworkbook.ui.cards import hidden_note
from cxworkbook.ui.context import lang, packs, t
from cxworkbook.ui.derived import derived
from cxworkbook.ui.fields import bound, sync
from cxworkbook.ui.layout import side_by_side
from cxworkbook.ui.nav import link_to
from cxworkbook.ui.outcome import apply, show_outcome
from cxworkbook.ui.page import open_step

SCALE = [1, 2, 3, 4, 5]
RATINGS = ("data_quality", "usability", "channel_coverage")


def choose_state(workbook: Workbook, content: CrmPack) -> CrmState | None:
    titles = {s.id: s.title.get(lang()) for s in content.states}
    bound(
        st.radio,
        t("crm.state"),
        workbook,
        ("crm", "state"),
        shown=lambda stored: stored if stored in titles else None,
        options=list(titles),
        format_func=titles.__getitem__,
        captions=[s.description.get(lang()) for s in content.states],
    )
    state = workbook.crm.state
    return content.state(state) if state in titles else None


def ratings(workbook: Workbook) -> None:
    with side_by_side(align="top"):
        for field in RATINGS:
            with st.container(width="content"):
                bound(
                    st.segmented_control,
                    t(f"crm.{field}"),
                    workbook,
                    ("crm", field),
                    options=SCALE,
                    help=t(f"crm.{field}_help"),
                )


def commit(step_id: str, key: str) -> None:
    apply(ops.commit_crm_step(step_id, bool(st.session_state[key])), key)


def next_steps(workbook: Workbook, state: CrmState) -> None:
    st.header(t("crm.next_steps"))
    st.caption(t("crm.next_steps_help"))
    for step in state.next_steps:
        key = f"crm_step_{step.id}"
        sync(key, step.id in workbook.crm.next_steps)
        st.checkbox(step.text.get(lang()), key=key, on_change=commit, args=(step.id, key))
        show_outcome(key)


def fit_message(fit: Fit, state: CrmState, dimension: str) -> None:
    values = {
        "state": state.title.get(lang()),
        "dimension": dimension,
        "score": score_text(fit.score, lang()),
        "low": score_text(state.fits.min, lang()),
        "high": score_text(state.fits.max, lang()),
    }
    if fit.verdict == "agrees":
        st.success(t("crm.fit.agrees", **values), icon=":material/check_circle:")
    elif fit.verdict == "below":
        st.warning(t("crm.fit.below", **values), icon=":material/warning:")
    else:
        st.info(t("crm.fit.above", **values), icon=":material/info:")


def assessment_side(
    workbook: Workbook, content: CrmPack, pack: MaturityPack, state: CrmState | None
) -> None:
    dimension = content.dimension_in(pack)
    if dimension is None:
        st.caption(t("crm.no_dimension"))
        return
    title = dimension.title.get(lang())
    with st.container(border=True, key="crm_assessment"):
        st.markdown(t("crm.assessment_heading", dimension=title))
        team = derived(team_score, pack, workbook.current_round)
        if team is None:
            hidden_note(workbook.current_round)
            return
        score = team.dimension(dimension.id)
        if score.current is None:
            st.info(t("crm.no_answers", dimension=title))
            link_to("assessment")
            return
        now, goal = st.columns(2)
        now.metric(t("results.current"), score_text(score.current, lang()))
        goal.metric(t("results.target"), score_text(score.target, lang()))
        if dimension.levels:
            nearest = min(dimension.levels, key=lambda level: abs(level - score.current))
            st.caption(t("crm.level", level=nearest, text=dimension.levels[nearest].get(lang())))
        if state is None:
            st.caption(t("crm.choose_to_compare"))
        else:
            fit_message(crm_fit(state, score.current), state, title)


def crm_page() -> None:
    workbook, pack = open_step("crm")
    content = packs().crm
    if content is None:
        st.error(t("crm.no_pack"))
        return
    main, side = st.columns([3, 2], gap="large")
    with main:
        state = choose_state(workbook, content)
        if state is not None:
            st.info(state.question.get(lang()), icon=":material/help:")
    with side:
        assessment_side(workbook, content, pack, state)
    st.header(t("crm.ratings"))
    ratings(workbook)
    if state is not None:
        next_steps(workbook, state)
    bound(
        st.text_area,
        t("crm.notes"),
        workbook,
        ("crm", "notes"),
        placeholder=t("crm.notes_placeholder"),
        max_chars=20_000,
    )


crm_page()
