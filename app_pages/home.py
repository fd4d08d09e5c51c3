"""Home: the open workbook's five steps, managing it, and every workbook in the data folder."""

from functools import partial

import streamlit as st

from cxworkbook import ops
from cxworkbook.changes import Difference, differences
from cxworkbook.i18n import LANGUAGE_NAMES, LANGUAGES, format_moment
from cxworkbook.model import Workbook
from cxworkbook.progress import step_progress
from cxworkbook.store import StoreError
from cxworkbook.ui.context import (
    WORKBOOK_KEY,
    current_workbook,
    lang,
    pack_for,
    packs,
    store,
    t,
    workbooks,
)
from cxworkbook.ui.derived import derived
from cxworkbook.ui.nav import link_to
from cxworkbook.ui.notice import say, show_notice
from cxworkbook.ui.saving import explain, save, sync
from cxworkbook.ui.text import md, middle_shortened
from cxworkbook.yamlio import FileProblems

IMPORT_PROBLEMS_KEY = "_import_problems"
CHANGES_SHOWN = 8  # what bringing back a version changes, before "…and 5 more"
NAME_CHARACTERS = 80


def open_workbook(workbook_id: str) -> None:
    st.session_state[WORKBOOK_KEY] = workbook_id


def create() -> None:
    organisation = st.session_state.get("create_org", "").strip()
    title = st.session_state.get("create_title", "").strip()
    if not organisation or not title:
        say("error", t("home.create.missing"))
        return
    installed = packs().latest_of_each()
    if not installed:
        say("error", t("home.create.no_pack"))
        return
    chosen = st.session_state.get("create_pack")
    pack = next((p for p in installed if p.id == chosen), installed[0])
    try:
        created = store().create(
            organisation, title, st.session_state.get("create_lang", lang()), pack.ref
        )
    except StoreError as exc:
        say("error", explain(exc))
        return
    st.session_state["create_org"] = st.session_state["create_title"] = ""
    open_workbook(created.id)
    say("success", t("home.create.done", title=created.meta.title))


def import_file() -> None:
    upload = st.session_state.get("import_file")
    st.session_state[IMPORT_PROBLEMS_KEY] = []
    if upload is None:
        return
    try:
        imported = store().import_bytes(upload.getvalue(), upload.name, packs())
    except FileProblems as exc:
        st.session_state[IMPORT_PROBLEMS_KEY] = [str(p) for p in exc.problems]
        return
    except StoreError as exc:
        st.session_state[IMPORT_PROBLEMS_KEY] = [explain(exc)]
        return
    open_workbook(imported.id)
    say("success", t("home.import.done", title=imported.meta.title))


def rename() -> None:
    organisation = st.session_state["meta_org"]
    title = st.session_state["meta_title"]
    if not organisation.strip() or not title.strip():
        say("error", t("home.create.missing"))
        return
    if save(ops.set_meta(organisation, title, st.session_state["meta_lang"])) is not None:
        say("success", t("home.manage.renamed"))


def delete(workbook_id: str) -> None:
    try:
        gone = store().delete(workbook_id)
    except StoreError as exc:
        say("error", explain(exc))
        return
    st.session_state[WORKBOOK_KEY] = None
    say("success", t("home.manage.deleted", title=gone.title))


def restore_deleted(key: str) -> None:
    try:
        back = store().restore_deleted(key)
    except (StoreError, FileProblems) as exc:
        say("error", explain(exc))
        return
    open_workbook(back.id)
    say("success", t("home.deleted.restored", title=back.meta.title))


def restore_version(workbook_id: str) -> None:
    revision = st.session_state.get("history_pick")
    if revision is None:
        return
    try:
        store().restore_version(workbook_id, revision)
    except (StoreError, FileProblems) as exc:
        say("error", explain(exc))
        return
    say("success", t("home.history.restored", revision=revision))


def change_text(difference: Difference) -> str:
    name = middle_shortened(difference.name, NAME_CHARACTERS)
    if difference.kind == "answers":
        return t("home.history.answers", name=name, count=difference.count)
    if difference.kind == "agreed":
        return t("home.history.agreed", name=name, count=difference.count)
    thing = t(f"home.history.thing.{difference.kind}", name=name)
    return t(f"home.history.change.{difference.change}", thing=thing)


def what_it_brings_back(workbook: Workbook, revision: int) -> None:
    """What making an earlier version current again would change, so the right one is chosen."""
    try:
        earlier = store().version(workbook.id, revision)
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


def steps_overview(workbook) -> None:
    pack = pack_for(workbook.current_round)
    if pack is None:
        return
    st.subheader(t("home.steps.title"))
    for number, progress in enumerate(derived(step_progress, workbook, pack), start=1):
        step = progress.step
        with st.container(border=True, key=f"step-{step}"):
            text, bar, link = st.columns([5, 4, 2], vertical_alignment="center")
            text.markdown(f"**{number}. {t(f'steps.{step}.title')}**")
            text.caption(t(f"steps.{step}.description"))
            if progress.total:
                label = t(f"steps.{step}.progress", done=progress.done, total=progress.total)
            else:
                label = t(f"steps.{step}.empty")
            bar.progress(progress.fraction, text=label)
            link_to(step, label=t("home.steps.open"), icon=":material/arrow_forward:", where=link)


def manage(workbook) -> None:
    st.subheader(t("home.manage.title"))
    with st.expander(t("home.manage.rename"), icon=":material/edit:"):
        sync("meta_org", workbook.meta.organisation)
        sync("meta_title", workbook.meta.title)
        sync("meta_lang", workbook.meta.language)
        with st.form("rename_form", border=False):
            st.text_input(t("home.create.organisation"), key="meta_org", max_chars=200)
            st.text_input(t("home.create.title"), key="meta_title", max_chars=200)
            st.radio(
                t("home.create.language"),
                list(LANGUAGES),
                format_func=LANGUAGE_NAMES.__getitem__,
                key="meta_lang",
                horizontal=True,
                help=t("home.create.language_help"),
            )
            st.form_submit_button(t("home.manage.save"), on_click=rename, type="primary")

    row = st.container(horizontal=True)  # each button as wide as its label, wrapping when narrow
    row.download_button(
        t("home.manage.download"),
        data=partial(store().export_bytes, workbook.id),  # read when pressed
        file_name=f"{workbook.id}.yaml",
        mime="application/x-yaml",
        icon=":material/download:",
        key="download_yaml",
        on_click="ignore",
    )
    with row.popover(t("home.history.title"), icon=":material/history:"):
        versions = store().history(workbook.id)
        if not versions:
            st.caption(t("home.history.none"))
        else:
            labels = {
                v.revision: t(
                    "home.history.version",
                    revision=v.revision,
                    time=format_moment(v.saved, lang()),
                )
                for v in versions
            }
            st.selectbox(
                t("home.history.pick"),
                list(labels),
                format_func=labels.__getitem__,
                key="history_pick",
            )
            what_it_brings_back(workbook, st.session_state["history_pick"])
            st.button(
                t("home.history.restore"),
                on_click=restore_version,
                args=(workbook.id,),
                key="history_restore",
            )
    with row.popover(t("home.manage.delete"), icon=":material/delete:"):
        st.markdown(t("home.manage.delete_explain", title=md(workbook.meta.title)))
        st.button(
            t("home.manage.delete_confirm"),
            on_click=delete,
            args=(workbook.id,),
            type="primary",
            key="delete_confirm",
        )


def workbook_list() -> None:
    st.subheader(t("home.workbooks.title"))
    infos = workbooks()
    if not infos:
        st.info(t("home.workbooks.none"))
    for info in infos:
        with st.container(border=True, key=f"wb-row-{info.id}"):
            name, when, action = st.columns([6, 3, 2], vertical_alignment="center")
            if info.problem:
                name.markdown(f"**{md(info.id)}**")
                name.error(md(t("home.workbooks.unreadable", problem=info.problem)))
                continue
            name.markdown(f"**{md(info.title)}**  \n{md(info.organisation)}")
            when.caption(
                t(
                    "home.workbooks.updated",
                    time=format_moment(info.updated, lang()),
                )
            )
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
    with (
        st.expander(t("home.create.heading"), icon=":material/add:", expanded=not store().ids()),
        st.form("create_form", border=False),
    ):
        st.text_input(t("home.create.organisation"), key="create_org", max_chars=200)
        st.text_input(
            t("home.create.title"),
            key="create_title",
            max_chars=200,
            placeholder=t("home.create.title_placeholder"),
        )
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
            )
        st.form_submit_button(t("home.create.submit"), on_click=create, type="primary")


def import_section() -> None:
    with st.expander(t("home.import.heading"), icon=":material/upload:"):
        st.caption(t("home.import.explain"))
        st.file_uploader(
            t("home.import.label"),
            type=["yaml", "yml"],
            key="import_file",
            on_change=import_file,
            max_upload_size=1,
        )
        problems = st.session_state.get(IMPORT_PROBLEMS_KEY) or []
        if problems:
            st.error(
                t("home.import.failed") + "\n\n" + "\n".join(f"- {md(p)}" for p in problems),
                icon=":material/error:",
            )


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


for problem in packs().problems:
    st.error(md(str(problem)), icon=":material/extension:")

workbook = current_workbook()
show_notice()
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
    with st.expander(t("home.framing.heading"), icon=":material/lightbulb:"):
        st.markdown(t("home.framing.text"))
    steps_overview(workbook)
    manage(workbook)

st.divider()
workbook_list()
create_form()
import_section()
deleted_section()
