"""Step 5: the vision and its three pillars, the place on the CX path, customer promises, the
priorities in one view, and the vision document to take away."""

from functools import partial

import streamlit as st

from cxworkbook import ops
from cxworkbook.goals import is_measurable
from cxworkbook.i18n import LANGUAGE_NAMES
from cxworkbook.journey import pain_points
from cxworkbook.model import Promise, Workbook
from cxworkbook.packs import Packs
from cxworkbook.questionnaire import MaturityPack
from cxworkbook.report.exports import FORMATS, export
from cxworkbook.report.look import MAX_BYTES as LOOK_MAX_BYTES
from cxworkbook.report.look import (
    BadTemplate,
    Kind,
    given,
    read_look,
    remove_template,
    save_template,
)
from cxworkbook.scoring import RoundScore, team_score
from cxworkbook.store import WorkbookStore, default_data_dir
from cxworkbook.tables import workshop_words
from cxworkbook.ui.cards import gap_heading, hidden_note, next_steps_list, stage_advice, stage_path
from cxworkbook.ui.context import lang, packs, store, t
from cxworkbook.ui.derived import derived
from cxworkbook.ui.fields import bound
from cxworkbook.ui.layout import side_by_side
from cxworkbook.ui.lists import delete_button
from cxworkbook.ui.nav import link_to
from cxworkbook.ui.outcome import Outcome, apply, record, refuse, show_outcome
from cxworkbook.ui.page import open_step
from cxworkbook.ui.text import md
from cxworkbook.ui.url import show_view

AS_ASSESSED = ""
OWN_PROBLEM = "__own__"
NEW_PROMISE = "new_promise_form"


def vision_field(workbook: Workbook, field: str, placeholder: str) -> None:
    """A part of the vision as tall as its text: a room reads it whole, nothing scrolled away."""
    bound(
        st.text_area,
        t(f"vision.{field}"),
        workbook,
        ("vision", field),
        height="content",
        max_chars=20_000,
        placeholder=placeholder,
    )


def vision_view(workbook: Workbook, pack: MaturityPack, score: RoundScore | None) -> None:
    vision_field(workbook, "statement", t("vision.statement_placeholder"))
    # one under another: in three columns a projector's page left each pillar a sliver
    for field in ("strategy", "technology", "people"):
        vision_field(workbook, field, t(f"vision.{field}_placeholder"))

    st.header(t("vision.path.heading", **workshop_words(pack, lang())))
    assessed = None if score is None else score.stage
    if score is None:
        hidden_note(workbook.current_round)
    elif score.current is None:
        st.info(t("vision.path.no_answers"))
    elif assessed is None:
        st.info(t("vision.path.not_suggested"))
    else:
        st.markdown(t("vision.path.assessed", stage=assessed.label.get(lang())))
        st.markdown(stage_path(pack, assessed.id))
    stages = {AS_ASSESSED: t("vision.path.as_assessed")} | {
        s.id: s.label.get(lang()) for s in pack.stages
    }
    placed = workbook.vision.stage if workbook.vision.stage in stages else AS_ASSESSED
    with side_by_side(align="top"):
        bound(
            st.selectbox,
            t("vision.path.place"),
            workbook,
            ("vision", "stage"),
            shown=lambda stored: stored if stored in stages else AS_ASSESSED,
            stored=lambda chosen: chosen or None,
            options=list(stages),
            format_func=stages.__getitem__,
            placeholder=t("choose"),
        )
        bound(
            st.text_area,
            t("vision.path.reason"),
            workbook,
            ("vision", "stage_reason"),
            height="content",
            max_chars=20_000,
            placeholder=t("vision.path.reason_placeholder"),
        )
    if placed and (assessed is None or placed != assessed.id):
        own = pack.stage(placed)
        assert own is not None  # `placed` is one of the pack's stages
        st.markdown(t("vision.path.placed", stage=own.label.get(lang())))
        st.markdown(stage_path(pack, placed))
        stage_advice(own)
        if not workbook.vision.stage_reason.strip():
            st.warning(t("vision.path.reason_missing"), icon=":material/edit_note:")


def add_promise(problems: dict[str, tuple[str, str | None]]) -> None:
    state = st.session_state
    text = state.get("new_promise_text", "")
    if not text.strip():
        refuse(NEW_PROMISE, t("vision.promise.text_missing"))
        return
    source = state.get("new_promise_source", OWN_PROBLEM)
    if source == OWN_PROBLEM:
        problem, touchpoint = state.get("new_promise_problem", ""), None
    else:
        problem, touchpoint = problems[source]
    added = apply(
        ops.add_promise(text, problem, touchpoint), NEW_PROMISE, saved=t("vision.promise.added")
    )
    if added is not None:
        state["new_promise_text"] = state["new_promise_problem"] = ""


def promise_form(workbook: Workbook) -> None:
    pains = pain_points(workbook.journey)
    problems = {p.touchpoint.id: (p.touchpoint.pain_point, p.touchpoint.id) for p in pains}
    sources = {OWN_PROBLEM: t("vision.promise.own_problem")} | {
        p.touchpoint.id: f"{p.touchpoint.name} ({p.stage}): {p.touchpoint.pain_point}"[:160]
        for p in pains
    }
    with st.form(NEW_PROMISE, enter_to_submit=False):
        st.markdown(t("vision.promise.new"))
        st.selectbox(
            t("vision.promise.source"),
            list(sources),
            format_func=sources.__getitem__,
            key="new_promise_source",
            help=t("vision.promise.source_help"),
            placeholder=t("choose"),
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
    show_outcome(NEW_PROMISE)


def promise_editor(workbook: Workbook, promise: Promise, number: int) -> None:
    path = ("promises", promise.id)
    key = f"promise_{promise.id}"
    with st.container(border=True, key=key):
        head = st.container(
            horizontal=True, horizontal_alignment="distribute", vertical_alignment="center"
        )
        head.markdown(f"**{number}. {md(promise.text)}**")
        delete_button(
            head,
            t("vision.promise.delete"),
            t("vision.promise.delete_explain"),
            t("vision.promise.delete_confirm"),
            key,
            ops.delete_promise(promise.id),
        )
        show_outcome(key)
        if promise.is_vague:
            st.warning(t("vision.promise.vague"), icon=":material/warning:")
        for field in ("text", "problem"):
            bound(
                st.text_area,
                t(f"vision.promise.{field}"),
                workbook,
                (*path, field),
                height="content",
                max_chars=5000,
            )
        # a whole row: a metric is often a phrase, read out in the room
        bound(
            st.text_input,
            t("vision.promise.metric"),
            workbook,
            (*path, "metric"),
            max_chars=200,
            placeholder=t("vision.promise.metric_placeholder"),
        )
        with side_by_side(align="top"):
            for field in ("target", "compensation", "owner"):
                bound(
                    st.text_input,
                    t(f"vision.promise.{field}"),
                    workbook,
                    (*path, field),
                    max_chars=200,
                    placeholder=None if field == "owner" else t(f"vision.promise.{field}_hint"),
                )
        bound(
            st.checkbox,
            t("vision.promise.staff"),
            workbook,
            (*path, "staff_involved"),
            help=t("vision.promise.staff_help"),
        )


def promises_view(workbook: Workbook) -> None:
    st.markdown(t("vision.promise.intro"))
    promise_form(workbook)
    if not workbook.promises:
        st.info(t("vision.promise.none"))
    for number, promise in enumerate(workbook.promises, start=1):
        promise_editor(workbook, promise, number)


def priorities_view(workbook: Workbook, pack: MaturityPack, score: RoundScore | None) -> None:
    if score is None:
        hidden_note(workbook.current_round)
        return
    largest = score.largest_gaps(3)
    if score.current is None:
        st.info(t("vision.priorities.no_answers"))
        link_to("assessment")
    elif not largest:
        st.info(t("vision.priorities.none"))
    for number, gap in enumerate(largest, start=1):
        serving = [g for g in workbook.goals if gap.dimension_id in g.dimensions]
        with st.container(border=True, key=f"priority_{gap.dimension_id}"):
            st.markdown(gap_heading(pack, number, gap))
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
                st.markdown(next_steps_list(pack, gap.dimension_id))


def document_file(
    source: WorkbookStore, all_packs: Packs, workbook_id: str, fmt: str, appendix: bool
) -> bytes:
    """The file of one format, in the consultancy's look as it is when the button is pressed."""
    look = read_look(default_data_dir())
    return export(source, all_packs, workbook_id, fmt, appendix=appendix, look=look)


def save_look(kind: Kind) -> None:
    upload = st.session_state.get(f"look_{kind}")
    if upload is None:
        return
    try:
        save_template(default_data_dir(), kind, upload.getvalue())
    except BadTemplate as exc:
        refuse(f"look_{kind}", t("vision.look.bad", reason=str(exc)))
        return
    record(f"look_{kind}", Outcome("saved", t("vision.look.saved")))


def remove_look(kind: Kind) -> None:
    remove_template(default_data_dir(), kind)
    record(f"look_{kind}", Outcome("saved", t("vision.look.removed")))


def look_settings() -> None:
    """The consultancy's own Word and PowerPoint look, given once for every export."""
    in_use = given(default_data_dir())
    with st.expander(t("vision.look.heading"), icon=":material/palette:"):
        st.caption(t("vision.look.help"))
        states = {  # what is in use: (given, plain)
            "docx": (t("vision.look.docx_given"), t("vision.look.docx_plain")),
            "pptx": (t("vision.look.pptx_given"), t("vision.look.pptx_plain")),
        }
        for kind, (own, plain) in states.items():
            st.markdown(own if kind in in_use else plain)
            st.file_uploader(
                t(f"vision.look.{kind}_upload"),
                type=[kind],
                key=f"look_{kind}",
                on_change=save_look,
                args=(kind,),
                max_upload_size=LOOK_MAX_BYTES // 1_000_000,
            )
            if kind in in_use:
                st.button(
                    t("vision.look.remove"),
                    key=f"remove_look_{kind}",
                    on_click=remove_look,
                    args=(kind,),
                    icon=":material/restart_alt:",
                )
            show_outcome(f"look_{kind}")


def document_view(workbook: Workbook) -> None:
    st.markdown(t("vision.document.intro", language=LANGUAGE_NAMES[workbook.meta.language]))
    labels = {
        "markdown": t("vision.document.markdown"),
        "html": t("vision.document.html"),
        "docx": t("vision.document.docx"),
        "pptx": t("vision.document.pptx"),
        "pdf": t("vision.document.pdf"),
        "zip": t("vision.document.zip"),
    }
    source, all_packs = store(), packs()
    appendix = st.toggle(t("vision.document.appendix"), value=True, key="document_appendix")
    row = st.container(horizontal=True)  # each button as wide as its label, wrapping when narrow
    for fmt, (extension, mime) in FORMATS.items():
        row.download_button(
            labels[fmt],
            # built only when pressed, so drawing the page never waits for a document
            data=partial(document_file, source, all_packs, workbook.id, fmt, appendix),
            file_name=f"{workbook.id}.{extension}",
            mime=mime,
            key=f"download_{fmt}",
            on_click="ignore",
            icon=":material/folder_zip:" if fmt == "zip" else ":material/download:",
            type="primary" if fmt == "zip" else "secondary",
        )
    st.caption(t("vision.document.contents"))
    look_settings()


def vision_page() -> None:
    workbook, pack = open_step("vision")
    score = derived(team_score, pack, workbook.current_round)
    views = {
        "vision": (t("vision.view_vision"), lambda: vision_view(workbook, pack, score)),
        "promises": (t("vision.view_promises"), lambda: promises_view(workbook)),
        "priorities": (
            t("vision.view_priorities"),
            lambda: priorities_view(workbook, pack, score),
        ),
        "document": (t("vision.view_document"), lambda: document_view(workbook)),
    }
    if not pack.has_step("promises"):
        del views["promises"]
    show_view("vision_view", t("vision.view"), views)


vision_page()
