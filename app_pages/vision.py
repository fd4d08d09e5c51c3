"""Step 5: the vision and its three pillars, the place on the CX path, customer promises, the
priorities in one view, and the vision document to take away."""

from functools import partial

import streamlit as st

from cxworkbook import ops
from cxworkbook.goals import is_measurable
from cxworkbook.i18n import LANGUAGE_NAMES
from cxworkbook.journey import pain_points
from cxworkbook.model import Promise
from cxworkbook.questionnaire import MaturityPack
from cxworkbook.report.exports import FORMATS, export
from cxworkbook.scoring import RoundScore, score_team
from cxworkbook.tables import gap_text, score_text, shown_gap
from cxworkbook.ui.context import lang, pack_for, packs, store, t
from cxworkbook.ui.derived import derived
from cxworkbook.ui.frame import open_page
from cxworkbook.ui.lists import delete_button
from cxworkbook.ui.nav import link_to
from cxworkbook.ui.notice import say, show_notice
from cxworkbook.ui.saving import bound, save, show_pending
from cxworkbook.ui.text import md
from cxworkbook.ui.url import keep_in_url, view_picker

AS_ASSESSED = ""
OWN_PROBLEM = "__own__"


def vision_field(field: str, label: str, height: int, placeholder: str) -> None:
    key = f"vision_{field}"
    st.text_area(
        label,
        height=height,
        max_chars=20_000,
        placeholder=placeholder,
        **bound(
            key,
            getattr(workbook.vision, field),
            lambda value, expected: ops.set_vision(field, value, expected),
        ),
    )
    show_pending(key)


def stage_path(pack: MaturityPack, stage_id: str | None) -> str:
    return " → ".join(
        f"**{s.label.get(lang())}**" if s.id == stage_id else s.label.get(lang())
        for s in pack.stages
    )


def vision_view(pack: MaturityPack, score: RoundScore) -> None:
    vision_field("statement", t("vision.statement"), 110, t("vision.statement_placeholder"))
    strategy, technology, people = st.columns(3)
    with strategy:
        vision_field("strategy", t("vision.strategy"), 180, t("vision.strategy_placeholder"))
    with technology:
        vision_field("technology", t("vision.technology"), 180, t("vision.technology_placeholder"))
    with people:
        vision_field("people", t("vision.people"), 180, t("vision.people_placeholder"))

    st.subheader(t("vision.path.heading"))
    assessed = score.stage
    if assessed is None:
        st.info(t("vision.path.no_answers"))
    else:
        st.markdown(t("vision.path.assessed", stage=assessed.label.get(lang())))
        st.markdown(stage_path(pack, assessed.id))
    stages = {AS_ASSESSED: t("vision.path.as_assessed")} | {
        s.id: s.label.get(lang()) for s in pack.stages
    }
    placed = workbook.vision.stage if workbook.vision.stage in stages else AS_ASSESSED
    choice, reason = st.columns([2, 3])
    with choice:
        st.selectbox(
            t("vision.path.place"),
            list(stages),
            format_func=stages.__getitem__,
            **bound(
                "vision_stage",
                placed,
                lambda value, expected: ops.set_vision("stage", value or None, expected or None),
            ),
        )
        show_pending("vision_stage")
    with reason:
        vision_field(
            "stage_reason", t("vision.path.reason"), 90, t("vision.path.reason_placeholder")
        )
    if placed and assessed is not None and placed != assessed.id:
        own = next(s for s in pack.stages if s.id == placed)
        st.markdown(t("vision.path.placed", stage=own.label.get(lang())))
        st.markdown(stage_path(pack, placed))
        st.warning(t("results.trap", trap=own.trap.get(lang())), icon=":material/warning:")
        if not workbook.vision.stage_reason.strip():
            st.warning(t("vision.path.reason_missing"), icon=":material/edit_note:")


def add_promise(problems: dict[str, tuple[str, str | None]]) -> None:
    state = st.session_state
    text = state.get("new_promise_text", "")
    if not text.strip():
        say("error", t("vision.promise.text_missing"))
        return
    source = state.get("new_promise_source", OWN_PROBLEM)
    if source == OWN_PROBLEM:
        problem, touchpoint = state.get("new_promise_problem", ""), None
    else:
        problem, touchpoint = problems[source]
    if save(ops.add_promise(text, problem, touchpoint)) is not None:
        state["new_promise_text"] = state["new_promise_problem"] = ""
        say("success", t("vision.promise.added"))


def promise_form() -> None:
    pains = pain_points(workbook.journey)
    problems = {p.touchpoint.id: (p.touchpoint.pain_point, p.touchpoint.id) for p in pains}
    sources = {OWN_PROBLEM: t("vision.promise.own_problem")} | {
        p.touchpoint.id: f"{p.touchpoint.name} ({p.stage}): {p.touchpoint.pain_point}"[:160]
        for p in pains
    }
    with st.form("new_promise_form", enter_to_submit=False):
        st.markdown(t("vision.promise.new"))
        st.selectbox(
            t("vision.promise.source"),
            list(sources),
            format_func=sources.__getitem__,
            key="new_promise_source",
            help=t("vision.promise.source_help"),
        )
        st.text_area(
            t("vision.promise.problem_own"), key="new_promise_problem", height=70, max_chars=5000
        )
        st.text_area(
            t("vision.promise.text"),
            key="new_promise_text",
            height=70,
            max_chars=5000,
            placeholder=t("vision.promise.text_placeholder"),
        )
        st.form_submit_button(
            t("vision.promise.add"), on_click=add_promise, args=(problems,), type="primary"
        )


def promise_editor(promise: Promise, number: int) -> None:
    def field(name: str):
        return lambda value, expected: ops.set_promise(promise.id, name, value, expected)

    keys = {f: f"promise_{promise.id}_{f}" for f in Promise.model_fields}
    with st.container(border=True, key=f"promise_{promise.id}"):
        head = st.container(
            horizontal=True, horizontal_alignment="distribute", vertical_alignment="center"
        )
        head.markdown(f"**{number}. {md(promise.text)}**")
        delete_button(
            head,
            t("vision.promise.delete"),
            t("vision.promise.delete_explain"),
            t("vision.promise.delete_confirm"),
            f"promise_delete_{promise.id}",
            ops.delete_promise(promise.id),
        )
        if promise.is_vague:
            st.warning(t("vision.promise.vague"), icon=":material/warning:")
        text, problem = st.columns(2)
        text.text_area(
            t("vision.promise.text"),
            height=80,
            max_chars=5000,
            **bound(keys["text"], promise.text, field("text")),
        )
        problem.text_area(
            t("vision.promise.problem"),
            height=80,
            max_chars=5000,
            **bound(keys["problem"], promise.problem, field("problem")),
        )
        metric = st.container()  # a whole row: a metric is often a phrase, read out in the room
        target, compensation, owner = st.columns(3)
        for column, name, label, placeholder in (
            (metric, "metric", t("vision.promise.metric"), t("vision.promise.metric_placeholder")),
            (target, "target", t("vision.promise.target"), t("vision.promise.target_placeholder")),
            (
                compensation,
                "compensation",
                t("vision.promise.compensation"),
                t("vision.promise.compensation_placeholder"),
            ),
            (owner, "owner", t("vision.promise.owner"), None),
        ):
            column.text_input(
                label,
                max_chars=200,
                placeholder=placeholder,
                **bound(keys[name], getattr(promise, name), field(name)),
            )
        st.checkbox(
            t("vision.promise.staff"),
            help=t("vision.promise.staff_help"),
            **bound(keys["staff_involved"], promise.staff_involved, field("staff_involved")),
        )
        for key in keys.values():
            show_pending(key)


def promises_view() -> None:
    st.markdown(t("vision.promise.intro"))
    promise_form()
    show_notice()
    if not workbook.promises:
        st.info(t("vision.promise.none"))
    for number, promise in enumerate(workbook.promises, start=1):
        promise_editor(promise, number)


def priorities_view(pack: MaturityPack, score: RoundScore) -> None:
    largest = score.largest_gaps(3)
    if score.current is None:
        st.info(t("vision.priorities.no_answers"))
        link_to("assessment")
    elif not largest:
        st.info(t("vision.priorities.none"))
    for number, gap in enumerate(largest, start=1):
        dimension = pack.dimension(gap.dimension_id)
        serving = [g for g in workbook.goals if gap.dimension_id in g.dimensions]
        with st.container(border=True, key=f"priority_{dimension.id}"):
            st.markdown(
                t(
                    "results.gap_line",
                    number=number,
                    title=dimension.title.get(lang()),
                    current=score_text(gap.current, lang()),
                    target=score_text(gap.target, lang()),
                    gap=gap_text(shown_gap(gap.target, gap.current), lang()),
                )
            )
            goals_column, steps_column = st.columns(2)
            with goals_column:
                st.markdown(t("vision.priorities.goals"))
                if serving:
                    st.markdown(
                        "\n".join(
                            f"- {md(g.title)}"
                            + (
                                ""
                                if is_measurable(g)
                                else f" ({t('vision.priorities.not_measurable')})"
                            )
                            for g in serving
                        )
                    )
                else:
                    st.warning(t("vision.priorities.no_goal"), icon=":material/flag:")
                    link_to("goals")
            with steps_column:
                st.markdown(t("vision.priorities.steps"))
                st.markdown("\n".join(f"- {s.get(lang())}" for s in dimension.next_steps))


def document_view() -> None:
    st.markdown(t("vision.document.intro", language=LANGUAGE_NAMES[workbook.meta.language]))
    labels = {
        "markdown": t("vision.document.markdown"),
        "html": t("vision.document.html"),
        "docx": t("vision.document.docx"),
        "zip": t("vision.document.zip"),
    }
    source, all_packs = store(), packs()
    row = st.container(horizontal=True)  # each button as wide as its label, wrapping when narrow
    for fmt, (extension, mime) in FORMATS.items():
        row.download_button(
            labels[fmt],
            # built only when pressed, so drawing the page never waits for a document
            data=partial(export, source, all_packs, workbook.id, fmt),
            file_name=f"{workbook.id}.{extension}",
            mime=mime,
            key=f"download_{fmt}",
            on_click="ignore",
            icon=":material/folder_zip:" if fmt == "zip" else ":material/download:",
            type="primary" if fmt == "zip" else "secondary",
        )
    st.caption(t("vision.document.contents"))


workbook = open_page(t("vision.title"))
pack = pack_for(workbook.current_round)
if pack is None:
    st.stop()
score = derived(score_team, pack, workbook.current_round)
st.markdown(t("vision.intro"))
view = view_picker(
    "vision_view",
    {
        "vision": t("vision.view_vision"),
        "promises": t("vision.view_promises"),
        "priorities": t("vision.view_priorities"),
        "document": t("vision.view_document"),
    },
    t("vision.view"),
)
if view == "promises":
    promises_view()
elif view == "priorities":
    priorities_view(pack, score)
elif view == "document":
    document_view()
else:
    vision_view(pack, score)
keep_in_url("vision_view")
