"""Step 2: the CRM starting point, its ratings and the next steps the team commits to, read
together with the assessment's customer data dimension."""

import streamlit as st

from cxworkbook import ops
from cxworkbook.crm import Fit, crm_fit
from cxworkbook.model import Crm
from cxworkbook.questionnaire import MaturityPack
from cxworkbook.scoring import score_team
from cxworkbook.tables import score_text
from cxworkbook.templates import CrmPack, CrmState
from cxworkbook.ui.context import lang, pack_for, packs, t
from cxworkbook.ui.derived import derived
from cxworkbook.ui.frame import open_page
from cxworkbook.ui.layout import side_by_side
from cxworkbook.ui.nav import link_to
from cxworkbook.ui.saving import bound, show_pending

SCALE = [1, 2, 3, 4, 5]


def field_op(field):
    return lambda value, expected: ops.set_crm(field, value, expected)


def step_op(step_id: str):
    return lambda value, expected: ops.commit_crm_step(step_id, bool(value), expected)


def choose_state(crm: Crm, content: CrmPack) -> CrmState | None:
    titles = {s.id: s.title.get(lang()) for s in content.states}
    st.radio(
        t("crm.state"),
        list(titles),
        format_func=titles.__getitem__,
        captions=[s.description.get(lang()) for s in content.states],
        **bound("crm_state", crm.state if crm.state in titles else None, field_op("state")),
    )
    show_pending("crm_state")
    return content.state(crm.state) if crm.state in titles else None


def ratings(crm: Crm) -> None:
    labels = {
        "data_quality": (t("crm.data_quality"), t("crm.data_quality_help")),
        "usability": (t("crm.usability"), t("crm.usability_help")),
        "channel_coverage": (t("crm.channel_coverage"), t("crm.channel_coverage_help")),
    }
    with side_by_side(align="top"):
        for field, (label, help_text) in labels.items():
            with st.container(width="content"):
                st.segmented_control(
                    label,
                    SCALE,
                    help=help_text,
                    **bound(f"crm_{field}", getattr(crm, field), field_op(field)),
                )
                show_pending(f"crm_{field}")


def next_steps(crm: Crm, state: CrmState) -> None:
    st.subheader(t("crm.next_steps"))
    st.caption(t("crm.next_steps_help"))
    for step in state.next_steps:
        key = f"crm_step_{step.id}"
        st.checkbox(
            step.text.get(lang()), **bound(key, step.id in crm.next_steps, step_op(step.id))
        )
        show_pending(key)


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


def assessment_side(workbook, content: CrmPack, pack: MaturityPack, state: CrmState | None) -> None:
    try:
        dimension = pack.dimension(content.dimension)
    except KeyError:
        st.caption(t("crm.no_dimension"))
        return
    title = dimension.title.get(lang())
    with st.container(border=True, key="crm_assessment"):
        st.markdown(t("crm.assessment_heading", dimension=title))
        score = derived(score_team, pack, workbook.current_round).dimension(dimension.id)
        if score.current is None:
            st.info(t("crm.no_answers", dimension=title))
            link_to("assessment")
            return
        now, goal = st.columns(2)
        now.metric(t("results.current"), score_text(score.current, lang()))
        goal.metric(t("results.target"), score_text(score.target, lang()))
        nearest = min(dimension.levels, key=lambda level: abs(level - score.current))
        st.caption(t("crm.level", level=nearest, text=dimension.levels[nearest].get(lang())))
        if state is None:
            st.caption(t("crm.choose_to_compare"))
        else:
            fit_message(crm_fit(state, score.current), state, title)


workbook = open_page(t("crm.title"))
pack = pack_for(workbook.current_round)
content = packs().crm
if content is None:
    st.error(t("crm.no_pack"))
    st.stop()
if pack is None:
    st.stop()

st.markdown(t("crm.intro"))
main, side = st.columns([3, 2], gap="large")
with main:
    state = choose_state(workbook.crm, content)
    if state is not None:
        st.info(state.question.get(lang()), icon=":material/help:")
with side:
    assessment_side(workbook, content, pack, state)
st.subheader(t("crm.ratings"))
ratings(workbook.crm)
if state is not None:
    next_steps(workbook.crm, state)
st.text_area(
    t("crm.notes"),
    placeholder=t("crm.notes_placeholder"),
    max_chars=20_000,
    **bound("crm_notes", workbook.crm.notes, field_op("notes")),
)
show_pending("crm_notes")
