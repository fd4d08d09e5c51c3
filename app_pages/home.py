"""Home: the open workbook's steps, managing it, and every workbook in the data folder."""

import datetime as dt
from functools import partial

import streamlit as st

from cxworkbook.changes import Difference
from cxworkbook.edits import chain, set_field
from cxworkbook.errors import StoreError
from cxworkbook.i18n import LANGUAGE_NAMES, LANGUAGES, format_date, format_moment
from cxworkbook.model import Workbook
from cxworkbook.packs import problem_summary
from cxworkbook.steps import differences, step_progress
from cxworkbook.store.history import Version
from cxworkbook.store.protocol import WorkbookInfo
from cxworkbook.store.workbooks import export_yaml, import_yaml, new_workbook
from cxworkbook.tables import pack_credit
from cxworkbook.ui.context import WORKBOOK_KEY, lang, packs, store, t, workbooks
from cxworkbook.ui.derived import derived
from cxworkbook.ui.fields import sync
from cxworkbook.ui.nav import link_to
from cxworkbook.ui.outcome import act, apply, explain, outcome_at, refuse, show_outcome
from cxworkbook.ui.page import current_workbook, pack_for
from cxworkbook.ui.text import md, middle_shortened
from cxworkbook.yamlio import WORKBOOK_MAX_BYTES, FileProblems

CHANGES_SHOWN = 8  # what bringing back a version changes, before "…and 5 more"
NAME_CHARACTERS = 80
CREATE, IMPORT, RENAME, HISTORY = "create_form", "import_file", "rename_form", "history"
NOTICE = "home"  # what a workbook's delete or restore brings to the top of the page
META_FIELDS = {
    "organisation": "meta_org",
    "title": "meta_title",
    "facilitator": "meta_facilitator",
    "language": "meta_lang",
}
LIST_SHOWN = 12  # workbooks listed before "Show them all": the most recently saved

PROBLEMS_SHOWN = 5  # a pack file's problems shown in full; the rest on request


def open_workbook(workbook_id: str) -> None:
    st.session_state[WORKBOOK_KEY] = workbook_id


def create() -> None:
    state = st.session_state
    organisation = state.get("create_org", "").strip()
    title = state.get("create_title", "").strip()
    facilitator = state.get("create_facilitator", "").strip()
    if not organisation or not title:
        refuse(CREATE, t("home.create.missing"))
        return
    installed = packs().latest_of_each()
    if not installed:
        refuse(CREATE, t("home.create.no_pack"))
        return
    chosen = state.get("create_pack")
    pack = next((p for p in installed if p.id == chosen), installed[0])
    language = state.get("create_lang", lang())
    made = new_workbook(
        organisation, title, language, pack.ref, dt.datetime.now(dt.UTC), facilitator
    )
    created = act(
        lambda: store().add(made),
        CREATE,
        saved=lambda wb: t("home.create.done", title=wb.meta.title),
    )
    if created is not None:
        state["create_org"] = state["create_title"] = state["create_facilitator"] = ""
        open_workbook(created.id)


def import_file() -> None:
    upload = st.session_state.get(IMPORT)
    if upload is None:
        return
    imported = act(
        lambda: import_yaml(store(), upload.getvalue(), upload.name, packs()),
        IMPORT,
        saved=lambda wb: t("home.import.done", title=wb.meta.title),
    )
    if imported is not None:
        open_workbook(imported.id)


def rename(started: dict[str, str]) -> None:
    """Save the details the person changed, each only if it still holds what the form showed: a
    rename made meanwhile in another tab is never silently undone."""
    typed = {field: st.session_state[key] for field, key in META_FIELDS.items()}
    if not typed["organisation"].strip() or not typed["title"].strip():
        refuse(RENAME, t("home.create.missing"))
        return
    changes = [
        set_field(("meta", field), value.strip(), started[field])
        for field, value in typed.items()
        if value != started[field]
    ]
    apply(chain(*changes), RENAME, saved=t("home.manage.renamed"))


def delete(workbook_id: str) -> None:
    st.session_state["delete_workbook"] = False
    gone = act(
        lambda: store().delete(workbook_id),
        NOTICE,
        saved=lambda deleted: t("home.manage.deleted", title=deleted.title),
    )
    if gone is not None:
        st.session_state[WORKBOOK_KEY] = None


def restore_deleted(key: str) -> None:
    back = act(
        lambda: store().restore_deleted(key),
        NOTICE,
        saved=lambda wb: t("home.deleted.restored", title=wb.meta.title),
    )
    if back is not None:
        open_workbook(back.id)


def restore_version(workbook_id: str, revision: int) -> None:
    act(
        lambda: store().restore_version(workbook_id, revision),
        HISTORY,
        saved=t("home.history.restored", revision=revision),
    )


def change_text(difference: Difference) -> str:
    name = middle_shortened(difference.name, NAME_CHARACTERS)
    if difference.kind == "answers":
        return t("home.history.answers", name=name, count=difference.count)
    if difference.kind == "agreed":
        return t("home.history.agreed", name=name, count=difference.count)
    thing = t(f"home.history.thing.{difference.kind}", name=name)
    return t(f"home.history.change.{difference.change}", thing=thing)


def what_it_brings_back(workbook: Workbook, version: Version) -> None:
    """What making an earlier version current again would change, so the right one is chosen."""
    try:
        earlier = store().version(workbook.id, version.revision)
    except (StoreError, FileProblems) as exc:
        st.caption(md(explain(exc)))
        return
    found = derived(differences, workbook, earlier, lang())
    if not found:
        st.caption(t("home.history.same"))
        return
    lines = [f"- {md(change_text(d))}" for d in found[:CHANGES_SHOWN]]
    st.markdown("\n".join([t("home.history.brings_back"), *lines]))
    if len(found) > CHANGES_SHOWN:
        st.caption(t("home.history.more", count=len(found) - CHANGES_SHOWN))


def model_intro(workbook: Workbook) -> None:
    """The model the workshop is on, as its pack names it, and what the pack asks the team to
    understand first, where it says."""
    ref = workbook.current_round.questionnaire
    pack = packs().packs.get((ref.id, ref.version))  # a missing pack is reported under it
    if pack is None:
        return
    credit = pack_credit(pack, lang())
    if pack.source is not None and pack.source.url is not None:
        credit += f" · {pack.source.url}"
    st.caption(t("home.model", model=md(credit)))
    if pack.framing is not None:
        with st.expander(pack.framing.heading.get(lang()), icon=":material/lightbulb:"):
            st.markdown(pack.framing.text.get(lang()))


def steps_overview(workbook: Workbook) -> None:
    pack = pack_for(workbook.current_round)
    if pack is None:
        return
    st.header(t("home.steps.title"))
    for number, (step, progress) in enumerate(derived(step_progress, workbook, pack), start=1):
        with st.container(border=True, key=f"step-{step.id}"):
            text, bar, link = st.columns([5, 4, 2], vertical_alignment="center")
            text.markdown(f"**{number}. {t(f'steps.{step.id}.title')}**")
            text.caption(t(f"steps.{step.id}.description"))
            if progress.total:
                label = t(f"steps.{step.id}.progress", done=progress.done, total=progress.total)
            else:
                label = t(f"steps.{step.id}.empty")
            bar.progress(progress.fraction, text=label)
            link_to(
                step.id, label=t("home.steps.open"), icon=":material/arrow_forward:", where=link
            )


def rename_form(workbook: Workbook) -> None:
    started = {field: getattr(workbook.meta, field) for field in META_FIELDS}
    for field, key in META_FIELDS.items():
        sync(key, started[field])
    with st.expander(t("home.manage.rename"), icon=":material/edit:"):
        with st.form(RENAME, border=False):
            st.text_input(t("home.create.organisation"), key="meta_org", max_chars=200)
            st.text_input(t("home.create.title"), key="meta_title", max_chars=200)
            st.text_input(t("home.create.facilitator"), key="meta_facilitator", max_chars=200)
            st.radio(
                t("home.create.language"),
                list(LANGUAGES),
                format_func=LANGUAGE_NAMES.__getitem__,
                key="meta_lang",
                horizontal=True,
                help=t("home.create.language_help"),
            )
            st.form_submit_button(
                t("home.manage.save"), on_click=rename, args=(started,), type="primary"
            )
        show_outcome(RENAME)


def history(workbook: Workbook) -> None:
    """Bring back the state of a moment ("as it was at 10:15"): a day, then its versions in
    time order, the latest first in view."""
    versions = store().history(workbook.id)
    st.caption(t("home.history.kept"))
    if not versions:
        st.caption(t("home.history.none"))
        return
    language = lang()
    days = sorted({v.saved.astimezone().date() for v in versions}, reverse=True)
    written = {day: format_date(day, language) for day in days}
    day = st.selectbox(
        t("home.history.day"),
        days,
        format_func=written.__getitem__,
        key="history_day",
        placeholder=t("choose"),
    )
    that_day = sorted(
        (v for v in versions if v.saved.astimezone().date() == day), key=lambda v: v.revision
    )
    times = {v.revision: f"{v.saved.astimezone():%H:%M:%S}" for v in that_day}
    chosen = st.select_slider(
        t("home.history.time"),
        list(times),
        value=that_day[-1].revision,
        format_func=times.__getitem__,
        key="history_revision",
    )
    version = next(v for v in that_day if v.revision == chosen)
    st.markdown(
        t(
            "home.history.version",
            revision=version.revision,
            time=format_moment(version.saved, language),
        )
    )
    what_it_brings_back(workbook, version)
    st.button(
        t("home.history.restore"),
        on_click=restore_version,
        args=(workbook.id, version.revision),
        key="history_restore",
    )


def manage(workbook: Workbook) -> None:
    st.header(t("home.manage.title"))
    rename_form(workbook)
    row = st.container(horizontal=True)  # each button as wide as its label, wrapping when narrow
    row.download_button(
        t("home.manage.download"),
        data=partial(export_yaml, store(), workbook.id),  # read when pressed
        file_name=f"{workbook.id}.yaml",
        mime="application/x-yaml",
        icon=":material/download:",
        key="download_yaml",
        on_click="ignore",
    )
    with row.popover(
        t("home.history.title"), icon=":material/history:", key=HISTORY, on_change="rerun"
    ):
        history(workbook)
    with row.popover(
        t("home.manage.delete"), icon=":material/delete:", key="delete_workbook", on_change="rerun"
    ):
        st.markdown(t("home.manage.delete_explain", title=md(workbook.meta.title)))
        st.button(
            t("home.manage.delete_confirm"),
            on_click=delete,
            args=(workbook.id,),
            type="primary",
            key="delete_confirm",
        )
    show_outcome(HISTORY)


def workbook_list() -> None:
    st.header(t("home.workbooks.title"))
    infos = workbooks()
    if not infos:
        st.info(t("home.workbooks.none"))
        return
    words = ""
    if len(infos) > LIST_SHOWN:
        words = st.text_input(
            t("home.workbooks.search"),
            key="workbook_search",
            max_chars=200,
            help=t("home.workbooks.search_help"),
            icon=":material/search:",
        ).strip()
    matching = [info for info in infos if info.matches(words)]
    found = len(matching)
    shown = matching if st.session_state.get("workbooks_all") else matching[:LIST_SHOWN]
    if words and not found:
        st.info(t("home.workbooks.no_match", words=words))
    elif words:
        st.caption(t("home.workbooks.found", count=found))
    elif len(shown) < found:
        st.caption(t("home.workbooks.shown", shown=len(shown), count=found))
    for info in shown:
        workbook_row(info)
    if len(shown) < found:
        st.button(t("home.workbooks.all"), key="workbooks_all_button", on_click=show_all)


def show_all() -> None:
    st.session_state["workbooks_all"] = True


def workbook_row(info: WorkbookInfo) -> None:
    with st.container(border=True, key=f"wb-row-{info.id}"):
        name, when, action = st.columns([6, 3, 2], vertical_alignment="center")
        if info.problem:
            name.markdown(f"**{md(info.id)}**")
            name.error(md(t("home.workbooks.unreadable", problem=info.problem)))
            return
        lines = [f"**{md(info.title)}**", md(info.organisation)]
        if info.facilitator:
            lines.append(md(t("home.workbooks.facilitator", name=info.facilitator)))
        name.markdown("  \n".join(lines))
        when.caption(t("home.workbooks.updated", time=format_moment(info.updated, lang())))
        if info.id == st.session_state.get(WORKBOOK_KEY):
            action.badge(t("home.workbooks.open_now"), color="green")
        else:
            action.button(
                t("home.workbooks.open"),
                key=f"open-{info.id}",
                on_click=open_workbook,
                args=(info.id,),
            )


def create_form() -> None:
    with st.expander(
        t("home.create.heading"),
        icon=":material/add:",
        expanded=not workbooks() or outcome_at(CREATE) is not None,
    ):
        with st.form(CREATE, border=False):
            st.text_input(t("home.create.organisation"), key="create_org", max_chars=200)
            st.text_input(
                t("home.create.title"),
                key="create_title",
                max_chars=200,
                placeholder=t("home.create.title_placeholder"),
            )
            st.text_input(t("home.create.facilitator"), key="create_facilitator", max_chars=200)
            st.radio(
                t("home.create.language"),
                list(LANGUAGES),
                format_func=LANGUAGE_NAMES.__getitem__,
                index=list(LANGUAGES).index(lang()),
                key="create_lang",
                horizontal=True,
                help=t("home.create.language_help"),
            )
            choices = packs().latest_of_each()
            if len(choices) > 1:
                st.selectbox(
                    t("home.create.pack"),
                    [p.id for p in choices],
                    format_func={p.id: p.title.get(lang()) for p in choices}.__getitem__,
                    key="create_pack",
                    placeholder=t("choose"),
                )
            st.form_submit_button(t("home.create.submit"), on_click=create, type="primary")
        show_outcome(CREATE)


def import_section() -> None:
    with st.expander(
        t("home.import.heading"), icon=":material/upload:", expanded=outcome_at(IMPORT) is not None
    ):
        st.caption(t("home.import.explain"))
        st.file_uploader(
            t("home.import.label", megabytes=WORKBOOK_MAX_BYTES // 1_000_000),
            type=["yaml", "yml"],
            key=IMPORT,
            on_change=import_file,
            max_upload_size=WORKBOOK_MAX_BYTES // 1_000_000,
        )
        show_outcome(IMPORT, once=False)


def deleted_section() -> None:
    trash = store().deleted()
    if not trash:
        return
    with st.expander(
        t("home.deleted.heading", count=len(trash)), icon=":material/restore_from_trash:"
    ):
        for entry in trash:
            name, action = st.columns([7, 2], vertical_alignment="center")
            when = format_moment(entry.deleted, lang())
            name.markdown(f"**{md(entry.title)}** · {t('home.deleted.when', time=when)}")
            action.button(
                t("home.deleted.restore"),
                key=f"restore-{entry.key}",
                on_click=restore_deleted,
                args=(entry.key,),
            )


def pack_problems() -> None:
    """What is wrong with the pack files, one message per file: its first problems in full, the
    rest on request."""
    for summary in problem_summary(packs().problems, first=PROBLEMS_SHOWN):
        lines = [f"- {md(str(p))}" for p in summary.first]
        heading = t("home.pack_problems", count=summary.count, file=md(summary.file))
        with st.container(key=f"pack-problems-{summary.file}"):
            st.error("\n".join([heading, *lines]), icon=":material/extension:")
            if summary.rest:
                with st.expander(t("home.pack_problems_rest", count=len(summary.rest))):
                    st.markdown("\n".join(f"- {md(str(p))}" for p in summary.rest))


def home_page() -> None:
    pack_problems()
    workbook = current_workbook()
    show_outcome(NOTICE)
    if workbook is None:
        st.title(t("home.welcome.title"))
        st.markdown(t("home.welcome.text"))
    else:
        st.title(md(workbook.meta.title))
        st.caption(
            t(
                "home.meta",
                organisation=md(workbook.meta.organisation),
                language=LANGUAGE_NAMES[workbook.meta.language],
                revision=workbook.revision,
            )
        )
        model_intro(workbook)
        steps_overview(workbook)
        manage(workbook)
    st.divider()
    workbook_list()
    create_form()
    import_section()
    deleted_section()


home_page()
