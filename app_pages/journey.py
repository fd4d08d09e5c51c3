"""Step 4: the customer journey map. The canvas the room reads; the editing view (the segment,
stages from a template, touchpoints added with a short form or as table rows, every edit saved at
once, CSV export and import); the charts; the pain points at moments that matter."""

from functools import partial

import streamlit as st

from cxworkbook import ops
from cxworkbook.canvas import canvas_facts, canvas_labels, canvas_table
from cxworkbook.charts import CanvasTitle, DeliveryLabels, EmotionLabels, HeatLabels
from cxworkbook.edits import chain
from cxworkbook.i18n import MISSING
from cxworkbook.journey import (
    DELIVERIES,
    EVIDENCE,
    RATINGS,
    delivery_table,
    emotion_table,
    journey_csv,
    journey_from_csv,
    pain_points,
    stages_from_template,
    touchpoint_table,
)
from cxworkbook.journey_table import COLUMNS, OpenTable, TableLabels
from cxworkbook.model import Journey, Workbook
from cxworkbook.templates import JourneyPack, JourneyTemplate
from cxworkbook.ui.charts import (
    number_column,
    show_chart,
    show_chart_with_numbers,
    show_table_on_request,
)
from cxworkbook.ui.context import lang, packs, store, t
from cxworkbook.ui.derived import derived
from cxworkbook.ui.fields import bound, mark_edit
from cxworkbook.ui.layout import SCROLLS_SIDEWAYS, card, gallery, side_by_side
from cxworkbook.ui.lists import delete_button, move_buttons
from cxworkbook.ui.outcome import act, apply, outcome_at, refuse, show_outcome
from cxworkbook.ui.page import open_step
from cxworkbook.ui.text import md
from cxworkbook.ui.url import show_view

SCALE = [1, 2, 3, 4, 5]
TABLE = "journey_table"
OPEN_TABLES = "_journey_tables"
NEW_TOUCHPOINT, NEW_STAGE = "new_touchpoint_form", "new_stage_form"


def table_labels(journey: Journey, content: JourneyPack | None) -> TableLabels:
    return TableLabels.for_journey(
        journey,
        channels=content.channel_names(lang()) if content else {},
        delivery={d: t(f"journey.delivery.{d}") for d in DELIVERIES},
        evidence={e: t(f"journey.evidence.{e}") for e in EVIDENCE},
        unnamed=t("journey.unnamed"),
    )


def open_tables() -> dict[str, tuple[str, OpenTable]]:
    """Per workbook, the table on screen: its editor's key and what was saved from it."""
    return st.session_state.setdefault(OPEN_TABLES, {})


def save_table(wb_id: str) -> None:
    """Save the table's edits not saved yet; those that do not land are kept with the table, to
    be saved over theirs."""
    key, table = open_tables()[wb_id]
    edits = st.session_state.get(key) or {}
    operations = table.operations(edits)
    if not operations:
        return
    mark_edit()
    saved = apply(chain(*operations), TABLE)
    if saved is None:
        table.edits = edits
    else:
        table.commit(edits, saved.journey)


def save_table_anyway(wb_id: str) -> None:
    """The edits that did not land, saved over what someone else saved meanwhile (the table may
    have been drawn anew since, another workbook having been opened)."""
    _, table = open_tables()[wb_id]
    saved = apply(chain(*table.operations(table.edits, check=False)), TABLE)
    if saved is not None:
        table.commit(table.edits, saved.journey)


def the_open_table(workbook: Workbook, labels: TableLabels) -> tuple[str, OpenTable]:
    """The table drawn last, as long as it shows what is stored (or holds an edit that did not
    land); otherwise a table drawn anew, under a key of its own."""
    tables = open_tables()
    if workbook.id in tables:
        key, table = tables[workbook.id]
        edits = st.session_state.get(key) or {}
        if outcome_at(TABLE) is not None or table.is_current(workbook.journey, labels, edits):
            return key, table
        number = int(key.rsplit("_", 1)[1]) + 1
    else:
        number = 0
    tables[workbook.id] = (f"{TABLE}_{number}", OpenTable.of(workbook.journey, labels))
    return tables[workbook.id]


def touchpoint_editor(workbook: Workbook, labels: TableLabels) -> None:
    """All touchpoints in one table, saved cell by cell while it stays on screen (see
    `cxworkbook.journey_table`)."""
    key, table = the_open_table(workbook, labels)
    if show_outcome(TABLE) is not None and outcome_at(TABLE).kind != "saved":
        st.button(
            t("journey.table.save_anyway"),
            on_click=save_table_anyway,
            args=(workbook.id,),
            key="table_anyway",
        )
    st.data_editor(
        table.frame,
        key=key,
        num_rows="dynamic",
        hide_index=True,
        placeholder=MISSING,
        width="stretch",
        on_change=save_table,
        args=(workbook.id,),
        column_order=COLUMNS,
        column_config={
            "stage": st.column_config.SelectboxColumn(
                t("journey.stage"),
                options=list(labels.stages.values()),
                required=True,
                default=next(iter(labels.stages.values())),
                width="medium",
                pinned=True,
            ),
            "name": st.column_config.TextColumn(
                t("journey.field.name"), max_chars=200, width="medium", pinned=True
            ),
            "channel": st.column_config.SelectboxColumn(
                t("journey.field.channel"), options=labels.channel_options
            ),
            "owner": st.column_config.TextColumn(t("journey.field.owner"), max_chars=200),
            "delivery": st.column_config.SelectboxColumn(
                t("journey.field.delivery"),
                options=list(labels.delivery.values()),
                help=t("journey.field.delivery_help"),
            ),
            **{
                rating: st.column_config.NumberColumn(
                    t(f"journey.field.{rating}"),
                    min_value=1,
                    max_value=5,
                    step=1,
                    format="%d",
                    help=t(f"journey.field.{rating}_help"),
                )
                for rating in RATINGS
            },
            "moment_that_matters": st.column_config.CheckboxColumn(
                t("journey.field.moment"), help=t("journey.field.moment_help"), default=False
            ),
            "pain_point": st.column_config.TextColumn(
                t("journey.field.pain_point"), width="medium"
            ),
            "opportunity": st.column_config.TextColumn(
                t("journey.field.opportunity"), width="medium"
            ),
            "evidence": st.column_config.SelectboxColumn(
                t("journey.field.evidence"),
                options=list(labels.evidence.values()),
                help=t("journey.field.evidence_help"),
            ),
        },
    )


def add_touchpoint(labels: TableLabels) -> None:
    state = st.session_state
    name = state.get("new_tp_name", "")
    if not name.strip():
        refuse(NEW_TOUCHPOINT, t("invalid.name_missing"))
        return
    fields = {
        "channel": labels.stored_channel(state.get("new_tp_channel")),
        **{rating: state.get(f"new_tp_{rating}") for rating in RATINGS},
        "moment_that_matters": bool(state.get("new_tp_moment")),
    }
    added = apply(
        ops.add_touchpoint(state["new_tp_stage"], name, **fields),
        NEW_TOUCHPOINT,
        saved=t("journey.added", name=name.strip()),
    )
    if added is not None:
        state["new_tp_name"] = ""
        for rating in RATINGS:
            state[f"new_tp_{rating}"] = None
        state["new_tp_moment"] = False


def touchpoint_form(labels: TableLabels) -> None:
    with st.form(NEW_TOUCHPOINT, enter_to_submit=True):
        st.markdown(t("journey.new.heading"))
        with side_by_side():
            st.selectbox(
                t("journey.stage"),
                list(labels.stages),
                format_func=labels.stages.__getitem__,
                key="new_tp_stage",
                placeholder=t("choose"),
            )
            st.text_input(
                t("journey.field.name"),
                key="new_tp_name",
                max_chars=200,
                placeholder=t("journey.new.placeholder"),
            )
        with side_by_side():
            st.selectbox(
                t("journey.field.channel"),
                labels.channel_options,
                index=None,
                key="new_tp_channel",
                accept_new_options=True,
                placeholder=t("journey.new.channel_placeholder"),
            )
            st.checkbox(
                t("journey.field.moment"), key="new_tp_moment", help=t("journey.field.moment_help")
            )
        # rated as it is added: a rating left for the table cost a click per cell
        with side_by_side():
            for rating in RATINGS:
                st.segmented_control(
                    t(f"journey.field.{rating}"),
                    SCALE,
                    key=f"new_tp_{rating}",
                    help=t(f"journey.field.{rating}_help"),
                )
            st.form_submit_button(
                t("journey.new.add"),
                on_click=add_touchpoint,
                args=(labels,),
                type="primary",
                icon=":material/add:",
            )
    show_outcome(NEW_TOUCHPOINT)


def start_from_template(workbook: Workbook, content: JourneyPack | None) -> None:
    st.info(t("journey.no_stages"))
    if content is None:
        return
    with gallery():
        for template in content.templates:
            journey_template_card(template, workbook.meta.language)


def journey_template_card(template: JourneyTemplate, language: str) -> None:
    stages = stages_from_template(template, language)
    place = f"use_journey_{template.id}"
    with card(f"journey_template_{template.id}"):
        st.markdown(f"**{template.title.get(lang())}**")
        st.caption(template.description.get(lang()))
        st.markdown(" → ".join(md(s.name) for s in stages))
        st.button(
            t("journey.template.use"),
            key=place,
            on_click=apply,
            args=(ops.start_journey(stages), place),
            icon=":material/route:",
        )
        show_outcome(place)


def add_stage() -> None:
    name = st.session_state.get("new_stage_name", "")
    if not name.strip():
        refuse(NEW_STAGE, t("invalid.name_missing"))
        return
    if apply(ops.add_stage(name), NEW_STAGE) is not None:
        st.session_state["new_stage_name"] = ""


def new_stage_form() -> None:
    with st.form(NEW_STAGE, border=False, enter_to_submit=True), side_by_side():
        st.text_input(t("journey.stages.new"), key="new_stage_name", max_chars=200)
        st.form_submit_button(t("journey.stages.add"), on_click=add_stage, icon=":material/add:")
    show_outcome(NEW_STAGE)


def stage_list(workbook: Workbook) -> None:
    stages = workbook.journey.stages
    with st.expander(
        t("journey.stages.heading", count=len(stages)),
        icon=":material/view_column:",
        expanded=not any(s.touchpoints for s in stages),
    ):
        for index, stage in enumerate(stages):
            key = f"stage_{stage.id}"
            with side_by_side():
                bound(
                    st.text_input,
                    t("journey.stages.name", number=index + 1),
                    workbook,
                    ("journey", "stages", stage.id, "name"),
                    max_chars=200,
                )
                with st.container(horizontal=True, width="content"):
                    move_buttons(
                        st,
                        key,
                        (t("journey.stages.up"), t("journey.stages.down")),
                        (index, len(stages)),
                        lambda offset, stage_id=stage.id: ops.move_stage(stage_id, offset),
                    )
                    delete_button(
                        st,
                        t("journey.stages.delete"),
                        t(
                            "journey.stages.delete_explain",
                            name=md(stage.name),
                            count=len(stage.touchpoints),
                        ),
                        t("journey.stages.delete_confirm"),
                        key,
                        ops.delete_stage(stage.id),
                    )
            show_outcome(key)
        new_stage_form()


def segment(workbook: Workbook) -> None:
    bound(
        st.text_input,
        t("journey.segment"),
        workbook,
        ("journey", "segment"),
        max_chars=200,
        placeholder=t("journey.segment_placeholder"),
        help=t("journey.segment_help"),
    )
    bound(
        st.text_area,
        t("journey.segment_description"),
        workbook,
        ("journey", "segment_description"),
        max_chars=5000,
        height="content",
    )


def import_csv(wb_id: str) -> None:
    upload = st.session_state.get("journey_csv")
    if upload is None:
        return

    def replace() -> int:
        stages = journey_from_csv(upload.getvalue(), upload.name)
        store().update(wb_id, ops.replace_stages(stages))
        return sum(len(s.touchpoints) for s in stages)

    act(replace, "journey_csv", saved=lambda count: t("journey.csv.imported", count=count))


def csv_tools(workbook: Workbook) -> None:
    with st.expander(t("journey.csv.heading"), icon=":material/table_view:"):
        st.caption(t("journey.csv.help"))
        st.download_button(
            t("journey.csv.download"),
            data=partial(journey_csv, store(), workbook.id),  # built when pressed
            file_name=f"{workbook.id}-journey.csv",
            mime="text/csv",
            key="journey_csv_download",
            on_click="ignore",
            icon=":material/download:",
        )
        st.file_uploader(
            t("journey.csv.upload"),
            type=["csv"],
            key="journey_csv",
            on_change=import_csv,
            args=(workbook.id,),
        )
    show_outcome("journey_csv")


def map_view(workbook: Workbook, content: JourneyPack | None) -> None:
    segment(workbook)
    if not workbook.journey.stages:
        start_from_template(workbook, content)
        new_stage_form()
        csv_tools(workbook)
        return
    labels = table_labels(workbook.journey, content)
    stage_list(workbook)
    touchpoint_form(labels)
    st.caption(t("journey.table.help"))
    touchpoint_editor(workbook, labels)
    csv_tools(workbook)


def canvas_view(workbook: Workbook, content: JourneyPack | None) -> None:
    """The map as the room reads it: stages as columns, lanes under them."""
    journey = workbook.journey
    if not journey.stages:
        st.info(t("journey.canvas.empty"))
        return
    if journey.segment.strip():
        st.markdown(f"**{md(journey.segment)}**")
    channels = tuple(content.channel_names(lang()).items()) if content else ()
    labels = derived(canvas_labels, journey, lang(), channels)
    st.caption(t("journey.canvas.scroll"))
    with st.container(key=SCROLLS_SIDEWAYS):
        show_chart(
            "journey_canvas",
            derived(canvas_table, journey, labels),
            CanvasTitle(t("journey.canvas.title")),
            key="journey_canvas_chart",
            alt=t("journey.canvas.alt"),
            width="content",
        )
    show_table_on_request(
        derived(canvas_facts, journey, labels),
        key="canvas_facts",
        columns={
            "stage": t("journey.stage"),
            "touchpoint": t("journey.field.name"),
            "channel": t("journey.field.channel"),
            "delivery": t("journey.field.delivery"),
            "owner": t("journey.field.owner"),
            **{
                rating: number_column(t(f"journey.field.{rating}"), decimals=0)
                for rating in RATINGS
            },
            "moment": t("journey.field.moment"),
            "pain_point": t("journey.field.pain_point"),
            "opportunity": t("journey.field.opportunity"),
        },
    )


def charts_view(workbook: Workbook) -> None:
    journey = workbook.journey
    points = derived(touchpoint_table, journey)
    if points.empty:
        st.info(t("journey.charts.empty"))
        return
    st.header(t("journey.charts.emotion_heading"))
    labels = EmotionLabels.worded(t)
    show_chart(
        "emotion_chart", points, labels, key="emotion_chart", alt=t("journey.charts.emotion_alt")
    )
    show_table_on_request(
        derived(emotion_table, journey),
        key="emotion_table",
        columns={
            "stage": t("journey.stage"),
            "emotion": number_column(t("journey.charts.stage_mean")),
            "touchpoints": t("journey.charts.touchpoints"),
            "moments": t("journey.charts.moments"),
        },
    )
    st.header(t("journey.charts.ratings_heading"))
    heat = HeatLabels.worded(t)
    measures = heat.measures
    show_chart_with_numbers(
        "ratings_heatmap",
        points,
        heat,
        key="ratings_heatmap",
        alt=t("journey.charts.ratings_alt"),
        numbers_key="ratings_table",
        columns={
            "touchpoint": t("journey.charts.touchpoint"),
            "effectiveness": measures[0],
            "ease": measures[1],
            "emotion": measures[2],
        },
    )
    st.header(t("journey.charts.delivery_heading"))
    mix = derived(delivery_table, journey)
    labels = DeliveryLabels.worded(t)
    kinds = labels.kinds
    show_chart(
        "delivery_chart", mix, labels, key="delivery_chart", alt=t("journey.charts.delivery_alt")
    )
    show_table_on_request(
        mix,
        key="delivery_table",
        columns={
            "stage": t("journey.stage"),
            "in-house": kinds[0],
            "partner": kinds[1],
            "outsourced": kinds[2],
            "unknown": kinds[3],
        },
    )


def pains_view(workbook: Workbook) -> None:
    found = pain_points(workbook.journey)
    st.markdown(t("journey.pains.intro"))
    if not found:
        st.info(t("journey.pains.none"))
        return
    evidence = {e: t(f"journey.evidence.{e}") for e in EVIDENCE}
    for number, pain in enumerate(found, start=1):
        tp = pain.touchpoint
        with st.container(border=True, key=f"pain_{tp.id}"):
            emotion = MISSING if tp.emotion is None else str(tp.emotion)
            st.markdown(
                t(
                    "journey.pains.line",
                    number=number,
                    stage=md(pain.stage),
                    touchpoint=md(tp.name),
                    emotion=emotion,
                )
            )
            st.markdown(t("journey.pains.pain", text=md(tp.pain_point)))
            if tp.opportunity.strip():
                st.markdown(t("journey.pains.opportunity", text=md(tp.opportunity)))
            if tp.evidence:
                st.caption(t("journey.pains.evidence", evidence=evidence[tp.evidence]))


def journey_page() -> None:
    workbook, _ = open_step("journey")
    show_view(
        "journey_view",
        t("journey.view"),
        {
            "canvas": (t("journey.view_canvas"), lambda: canvas_view(workbook, packs().journey)),
            "map": (t("journey.view_map"), lambda: map_view(workbook, packs().journey)),
            "charts": (t("journey.view_charts"), lambda: charts_view(workbook)),
            "pains": (t("journey.view_pains"), lambda: pains_view(workbook)),
        },
    )


journey_page()
