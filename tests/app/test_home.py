"""AppTest of the home page: the example opens, workbooks are created, renamed, deleted,
restored, imported and downloaded, and every change is in the file on disk."""

from __future__ import annotations

import re

import pytest

from cxworkbook import ops
from cxworkbook.edits import chain
from cxworkbook.packs import PACKS_ENV
from cxworkbook.store.workbooks import new_workbook
from cxworkbook.yamlio import parse_untrusted
from tests import edits
from tests.app.conftest import assert_no_exception, errors, texts, unescape
from tests.conftest import EXAMPLE_ID, create, snapshot
from tests.unit.test_yamlio import BILLION_LAUGHS


def on_disk(data_dir, workbook_id):
    return parse_untrusted((data_dir / f"{workbook_id}.yaml").read_bytes(), "f.yaml")


def test_a_first_run_opens_the_example_with_every_step_filled_in(first_run_app, data_dir):
    at = first_run_app()
    assert_no_exception(at)
    assert (data_dir / f"{EXAMPLE_ID}.yaml").exists()
    assert at.session_state["wb"] == EXAMPLE_ID
    assert at.title[0].value == "Digitaalisen asiakaskokemuksen työpaja"
    page = texts(at)
    for step in ("Kypsyysarvio", "CRM-tilanne", "Mitattavat tavoitteet", "Asiakaspolku"):
        assert step in page
    for progress in (
        "44/44 kysymykseen vastattu",
        "4/4 täytetty",
        "5/5 tavoitetta mitattavissa",
        "5/5 vaiheessa kosketuspisteitä",
        "4/4 osaa kirjoitettu",
    ):
        assert progress in page
    assert re.search(r"Tallennettu \d\d\.\d\d\.\d{4} \d\d:\d\d", page)  # a Finnish date


def test_the_sidebar_shows_the_saved_revision(run_app):
    at = run_app(lang="en")
    status = [s.value for s in at.sidebar.success]
    assert any(s.startswith("Saved · revision 1") for s in status)


def test_english_throughout(run_app):
    at = run_app(lang="en")
    assert_no_exception(at)
    page = texts(at)
    assert "The steps of the workshop" in page and "Maturity assessment" in page
    assert "Työpajan vaiheet" not in page


def test_the_url_reopens_a_chosen_workbook(run_app, disk):
    other = create(
        disk, "Toinen Oy", "Toinen työpaja", "fi", disk.read(EXAMPLE_ID).current_round.questionnaire
    )
    at = run_app(wb=EXAMPLE_ID)
    assert at.session_state["wb"] == EXAMPLE_ID  # not the newer one
    assert other.id != EXAMPLE_ID


def test_the_picker_tells_apart_long_titles_that_start_alike(run_app, disk):
    """Streamlit cuts a long option at its end: both of these read "Digitaalisen
    asiakaskokemuksen työpa…" in the sidebar."""
    pack = disk.read(EXAMPLE_ID).current_round.questionnaire
    spring = create(
        disk, "Kaarnakoski Oy", "Digitaalisen asiakaskokemuksen työpaja, kevät 2027", "fi", pack
    )
    at = run_app(wb=spring.id)
    picker = at.sidebar.selectbox(key="wb")
    assert picker.options == ["Digitaalisen … kevät 2027", "Digitaalisen … työpaja"]
    assert at.title[0].value == "Digitaalisen asiakaskokemuksen työpaja, kevät 2027"


def test_the_picker_tells_apart_titles_alike_at_both_ends(run_app, disk):
    """Shortened in the middle, both of these would read "CX-työpaja, … syksy 2026"."""
    pack = disk.read(EXAMPLE_ID).current_round.questionnaire
    service = create(disk, "Kaarnakoski Oy", "CX-työpaja, asiakaspalvelu, syksy 2026", "fi", pack)
    create(disk, "Kaarnakoski Oy", "CX-työpaja, myynti, syksy 2026", "fi", pack)
    at = run_app(wb=service.id)
    assert set(at.sidebar.selectbox(key="wb").options) == {
        "… asiakaspalvelu, syksy 2026",
        "… myynti, syksy 2026",
        "Digitaalisen … työpaja",
    }


def test_switching_the_language_changes_the_page_and_the_url(run_app):
    at = run_app()
    at.sidebar.button_group(key="lang").set_value("en").run()
    assert "The steps of the workshop" in texts(at)
    assert at.sidebar.selectbox(key="wb").label == "Workbook"
    assert at.query_params["lang"] == "en"
    # and back: the language held for a run is the one picked for that run, in every text
    at.sidebar.button_group(key="lang").set_value("fi").run()
    assert "Työpajan vaiheet" in texts(at)
    assert "The steps of the workshop" not in texts(at)
    assert at.sidebar.selectbox(key="wb").label == "Työkirja"
    assert at.query_params["lang"] == "fi"


def test_a_hand_broken_workbook_file_is_reported_not_crashed_on(run_app, data_dir):
    at = run_app(lang="en")
    path = data_dir / f"{EXAMPLE_ID}.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("current: 3", "current: kolme", 1))
    at.run()
    assert_no_exception(at)
    shown = errors(at)
    assert "This workbook file cannot be opened" in shown
    assert "current: a number is needed here" in shown


def test_a_broken_pack_is_summarised_with_its_first_problems_in_full(
    run_app, monkeypatch, tmp_path
):
    """A consultant's first draft with a dozen problems: one message for the file, its first
    five problems with line and field, the other seven on request; the app still runs."""
    folder = tmp_path / "our-packs"
    folder.mkdir()
    draft = "kind: maturity\nid: Our-Model\nversion: 1\n" + "".join(
        f"x{n}: {n}\n" for n in range(8)
    )
    (folder / "our-model.yml").write_text(draft, encoding="utf-8")
    monkeypatch.setenv(PACKS_ENV, str(folder))
    at = run_app(lang="en")
    assert_no_exception(at)
    [box] = [e.value for e in at.error]
    lines = unescape(box).splitlines()
    assert lines[0].startswith("**our-model.yml** cannot be used: 13 problems.")
    assert lines[1:] == [
        "- our-model.yml, line 1: title: field required",
        "- our-model.yml, line 1: description: field required",
        "- our-model.yml, line 1: stages: field required",
        "- our-model.yml, line 1: dimensions: field required",
        "- our-model.yml, line 2: id: use lowercase letters a–z, digits and hyphens, at most 64, "
        "starting and ending with a letter or digit (for example kaarnakoski-2026)",
    ]
    [rest] = [e for e in at.expander if e.label == "The other 8 problems"]
    assert "our-model.yml, line 11: x7: unknown field (check its spelling)" in unescape(
        rest.markdown[0].value
    )


def test_create_a_workbook(run_app, data_dir):
    at = run_app(lang="en")
    at.text_input(key="create_org").input("Pohjoisen Pyörä Oy")
    at.text_input(key="create_title").input("Kevään työpaja")
    at.text_input(key="create_facilitator").input("Liisa Laine")
    at.radio(key="create_lang").set_value("en")
    at.button(key="FormSubmitter:create_form-Create workbook").click().run()
    assert_no_exception(at)
    assert at.session_state["wb"] == "kevaan-tyopaja"
    saved = on_disk(data_dir, "kevaan-tyopaja")
    assert saved["meta"]["organisation"] == "Pohjoisen Pyörä Oy"
    assert saved["meta"]["facilitator"] == "Liisa Laine"
    assert "Facilitator: Liisa Laine" in texts(at)
    assert saved["meta"]["language"] == "en"
    assert saved["assessments"][0]["questionnaire"] == {"id": "cx-maturity", "version": 2}
    assert at.title[0].value == "Kevään työpaja"


def test_a_workbook_without_a_title_is_not_created(run_app, data_dir):
    at = run_app(lang="en")
    before = snapshot(data_dir)
    at.text_input(key="create_org").input("Pohjoisen Pyörä Oy")
    at.button(key="FormSubmitter:create_form-Create workbook").click().run()
    assert "Give both the organisation and the title." in errors(at)
    assert snapshot(data_dir) == before
    assert at.text_input(key="create_org").value == "Pohjoisen Pyörä Oy"  # what was typed stays


def test_without_any_questionnaire_a_workbook_cannot_be_created(run_app, data_dir, monkeypatch):
    from cxworkbook.packs import Packs

    monkeypatch.setattr("cxworkbook.ui.context._packs", lambda folder, signature: Packs())
    at = run_app(lang="en")
    before = snapshot(data_dir)
    at.text_input(key="create_org").input("Oy")
    at.text_input(key="create_title").input("Ei kyselyä")
    at.button(key="FormSubmitter:create_form-Create workbook").click().run()
    assert "No questionnaire is installed" in errors(at)
    assert snapshot(data_dir) == before


def test_rename(run_app, data_dir):
    at = run_app(lang="en")
    at.text_input(key="meta_title").input("Syksyn työpaja")
    at.text_input(key="meta_facilitator").input("Liisa Laine")
    at.button(key="FormSubmitter:rename_form-Save").click().run()
    assert_no_exception(at)
    assert on_disk(data_dir, EXAMPLE_ID)["meta"]["title"] == "Syksyn työpaja"
    assert on_disk(data_dir, EXAMPLE_ID)["meta"]["facilitator"] == "Liisa Laine"
    assert on_disk(data_dir, EXAMPLE_ID)["revision"] == 2
    assert at.title[0].value == "Syksyn työpaja"


def test_delete_and_restore(run_app, data_dir):
    at = run_app(lang="en")
    at.button(key="delete_confirm").click().run()
    assert_no_exception(at)
    assert not (data_dir / f"{EXAMPLE_ID}.yaml").exists()
    assert len(list((data_dir / ".trash").glob("*.yaml"))) == 1
    assert "You can restore it under Recently deleted" in texts(at)
    restore = next(b for b in at.button if b.key and b.key.startswith("restore-"))
    restore.click().run()
    assert (data_dir / f"{EXAMPLE_ID}.yaml").exists()
    assert at.session_state["wb"] == EXAMPLE_ID


def pick_version(at, disk, revision: int):
    """Choose an earlier version as a person does: its day, then its time on that day."""
    saved = next(v.saved for v in disk.history(EXAMPLE_ID) if v.revision == revision)
    at.selectbox(key="history_day").set_value(saved.astimezone().date()).run()
    at.select_slider(key="history_revision").set_value(revision).run()


def test_restore_an_earlier_version(run_app, data_dir, disk):
    disk.update(EXAMPLE_ID, edits.details("Kaarnakoski Energia Oy", "Väärä nimi", "fi"))
    at = run_app(lang="en")
    assert at.title[0].value == "Väärä nimi"
    pick_version(at, disk, 1)
    at.button(key="history_restore").click().run()
    assert (
        on_disk(data_dir, EXAMPLE_ID)["meta"]["title"] == "Digitaalisen asiakaskokemuksen työpaja"
    )
    assert on_disk(data_dir, EXAMPLE_ID)["revision"] == 3


def test_each_earlier_version_tells_what_bringing_it_back_would_change(run_app, disk):
    disk.update(EXAMPLE_ID, ops.add_participant("2026-10", "Liisa Korhonen", "CX"))
    disk.update(
        EXAMPLE_ID, edits.answer("2026-10", "anna", "strategy.definition", "note", "**Uusi**")
    )
    at = run_app(lang="en")
    assert at.select_slider(key="history_revision").value == 2  # the newest earlier version
    shown = texts(at)
    assert "Making it current again:\n- Anna Virtanen: answers that change back: 1" in shown
    assert "Liisa" not in shown

    pick_version(at, disk, 1)
    shown = texts(at)
    assert "- Anna Virtanen: answers that change back: 1" in shown
    assert '- Participant "Liisa Korhonen" is removed' in shown

    at.button(key="history_restore").click().run()
    at.sidebar.button_group(key="lang").set_value("fi").run()
    pick_version(at, disk, 3)
    shown = texts(at)
    assert "Jos palautatte sen voimaan:" in shown
    assert "- Anna Virtanen: ennalleen palautuvia vastauksia 1" in shown
    assert "- Osallistuja ”Liisa Korhonen” palaa" in shown
    pick_version(at, disk, 1)
    assert "Sen sisältö on sama kuin työkirjan nyt." in texts(at)


def test_a_long_list_of_changes_shows_its_first_and_counts_the_rest(run_app, disk):
    names = [f"Osallistuja {n}" for n in range(1, 11)]
    disk.update(EXAMPLE_ID, chain(*(ops.add_participant("2026-10", n) for n in names)))
    at = run_app(lang="en")
    shown = texts(at)
    assert '- Participant "Osallistuja 8" is removed' in shown
    assert "Osallistuja 9" not in shown
    assert "…and 2 more." in [c.value for c in at.caption]


def test_download_offers_the_yaml_file(run_app, data_dir):
    at = run_app(lang="en")
    button = at.get("download_button")[0]
    assert button.proto.label == "Download as YAML"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"schema_version: 1\nid: [unclosed\n", "not valid YAML"),
        (BILLION_LAUGHS, "anchors and aliases"),
        (b"\xff\xfe\x00binary", "not UTF-8"),
        (b"schema_version: 1\nid: x\nrevision: 1\n", "meta: field required"),
    ],
)
def test_importing_a_broken_file_shows_why_and_changes_nothing(run_app, data_dir, content, words):
    at = run_app(lang="en")
    before = snapshot(data_dir)
    at.file_uploader(key="import_file").upload("broken.yaml", content, "application/x-yaml").run()
    assert_no_exception(at)
    shown = errors(at)
    assert "The file was not used. Nothing was changed:" in shown
    assert words in shown
    assert snapshot(data_dir) == before
    assert at.session_state["wb"] == EXAMPLE_ID


def test_importing_a_workbook_adds_and_opens_it(run_app, data_dir):
    at = run_app(lang="en")
    data = (data_dir / f"{EXAMPLE_ID}.yaml").read_bytes()
    at.file_uploader(key="import_file").upload("copy.yaml", data, "application/x-yaml").run()
    assert_no_exception(at)
    assert at.session_state["wb"] == f"{EXAMPLE_ID}-2"
    assert (data_dir / f"{EXAMPLE_ID}-2.yaml").exists()
    assert "Imported Digitaalisen asiakaskokemuksen työpaja." in texts(at)


def test_user_text_is_shown_as_text_not_markup(run_app, disk):
    disk.update(
        EXAMPLE_ID,
        edits.details("**Bold** <b>x</b>", "# Heading [link](javascript:alert(1))", "fi"),
    )
    at = run_app(lang="en")
    assert_no_exception(at)
    title = at.title[0].value
    assert "\\#" in title and "\\[link\\]" in title and "\\(javascript" in title


EXAMPLE_VIEWS = [
    ("app_pages/home.py", {}),
    *[("app_pages/assessment.py", {"view": v}) for v in ("answer", "results", "discuss", "rounds")],
    ("app_pages/crm.py", {}),
    *[("app_pages/goals.py", {"goals_view": v}) for v in ("list", "charts")],
    *[("app_pages/journey.py", {"journey_view": v}) for v in ("canvas", "map", "charts", "pains")],
    *[
        ("app_pages/vision.py", {"vision_view": v})
        for v in ("vision", "promises", "priorities", "document")
    ],
]


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_every_page_and_view_shows_the_first_runs_example_without_an_error(first_run_app, lang):
    for page, query in EXAMPLE_VIEWS:
        at = first_run_app(page, lang=lang, **query)
        assert_no_exception(at)
        assert not at.error, (page, query, errors(at))


@pytest.mark.parametrize(
    "broken",
    [
        "created: 2026-02-30T09:00:00Z",
        "created: 2026-13-01T09:00:00Z",
        "revision: " + "9" * 5000,
        "? [a, b]\n: 1",
    ],
)
def test_one_bad_file_in_the_data_folder_takes_no_page_down(run_app, data_dir, broken):
    """A hand-edited workbook Python cannot even build is listed as broken with its reason, and
    every page of the others works."""
    (data_dir / "hand-edited.yaml").write_text(f"schema_version: 1\n{broken}\n", encoding="utf-8")
    at = run_app(lang="en", wb=EXAMPLE_ID)
    assert_no_exception(at)
    assert "Cannot be opened: hand-edited.yaml, line" in errors(at)
    for step in ("assessment", "crm", "goals", "journey", "vision"):
        at.switch_page(f"app_pages/{step}.py").run()
        assert_no_exception(at)


def test_a_library_lists_the_latest_and_finds_any_by_its_facilitator_or_title(run_app, disk, pack):
    for number in range(20):
        facilitator = "Liisa Laine" if number % 5 == 0 else "Pekka Puro"
        disk.add(
            new_workbook("Oy", f"Työpaja {number:02d}", "fi", pack.ref, disk.clock(), facilitator)
        )
    at = run_app(lang="en")
    opens = [b.key for b in at.button if b.key and b.key.startswith("open-")]
    assert len(opens) == 11  # the twelve latest, less the one open now
    assert "The 12 most recently saved of 21 workbooks." in texts(at)
    at.text_input(key="workbook_search").input("liisa").run()
    assert "4 workbooks match." in texts(at)
    found = {b.key for b in at.button if b.key and b.key.startswith("open-")}
    assert found == {"open-tyopaja-00", "open-tyopaja-05", "open-tyopaja-10", "open-tyopaja-15"}
    at.text_input(key="workbook_search").input("kevät 2031").run()
    assert "No workbook matches “kevät 2031”." in texts(at)
    at.text_input(key="workbook_search").input("").run()
    at.button(key="workbooks_all_button").click().run()
    assert len([b for b in at.button if b.key and b.key.startswith("open-")]) == 20
