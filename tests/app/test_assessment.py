"""AppTest of the assessment page: answers land in the YAML file on disk as they are given; the
results show the stage, the chart and its table; a change that cannot land is never lost."""

from __future__ import annotations

import errno
import json
import os

import pytest

from cxworkbook import ops
from cxworkbook.edits import path_key
from cxworkbook.errors import SaveFailed
from cxworkbook.ops import answer_path
from cxworkbook.scoring import score_round, shown
from cxworkbook.store import FileStore
from cxworkbook.store.workbooks import import_yaml
from cxworkbook.yamlio import parse_untrusted
from tests import edits
from tests.app.conftest import ASSESSMENT, assert_no_exception, errors, texts, unescape
from tests.conftest import EXAMPLE_ID, FIXTURES, V1_ID, create

ROUND = "2026-10"


def key(question: str, field: str, participant: str = "anna") -> str:
    return path_key((*answer_path(ROUND, participant, question), field))


def answers_on_disk(data_dir, participant: str = "anna") -> dict:
    data = parse_untrusted((data_dir / f"{EXAMPLE_ID}.yaml").read_bytes(), "f.yaml")
    people = data["assessments"][0]["participants"]
    return next(p for p in people if p["id"] == participant).get("answers", {})


@pytest.fixture
def page(run_app):
    return run_app(ASSESSMENT, lang="en", wb=EXAMPLE_ID)


@pytest.mark.parametrize("lang", ["fi", "en"])
@pytest.mark.parametrize("view", ["answer", "results"])
def test_every_view_renders_in_both_languages(run_app, lang, view):
    at = run_app(ASSESSMENT, lang=lang, view=view)
    assert_no_exception(at)
    assert at.title[0].value == {"fi": "Kypsyysarvio", "en": "Maturity assessment"}[lang]


def test_the_first_dimension_shows_its_questions_and_level_guide(page):
    page_text = texts(page)
    assert "Strategy & goals" in page_text
    assert (
        "We have a written description of what a good customer experience means in our own"
        " services." in page_text
    )
    assert "2 · It has been talked about, but nothing is written down." in page_text  # Anna's 2
    assert "In this dimension" in page_text  # the level guide
    answer_controls = [b for b in page.get("button_group") if b.key.startswith("assessments/")]
    assert len(answer_controls) == 4 + 1  # today for each of four questions, one target level
    target = page.button_group(key=key("strategy", "target"))
    assert target.value == 4 and target.label == "Target level for Strategy & goals"


def test_answering_a_question_puts_it_in_the_file_on_disk(page, data_dir):
    page.button_group(key=key("strategy.definition", "current")).set_value(5).run()
    assert_no_exception(page)
    assert answers_on_disk(data_dir)["strategy.definition"]["current"] == 5
    assert "5 · Every team can give an example" in texts(page)
    page.button_group(key=key("strategy", "target")).set_value(5).run()
    assert answers_on_disk(data_dir)["strategy"] == {"target": 5}
    assert any("revision 3" in s.value for s in page.sidebar.success)


def test_clearing_an_answer_removes_it_from_the_file(page, data_dir):
    page.button_group(key=key("strategy.definition", "current")).set_value(None).run()
    assert "current" not in answers_on_disk(data_dir).get("strategy.definition", {})


def test_na_and_note_are_saved(page, data_dir):
    page.checkbox(key=key("strategy.vision", "na")).check().run()
    page.text_input(key=key("strategy.vision", "note")).input("Ei vielä visiota").run()
    saved = answers_on_disk(data_dir)["strategy.vision"]
    assert saved["na"] is True and saved["note"] == "Ei vielä visiota"
    assert page.button_group(key=key("strategy.vision", "current")).disabled


def test_another_dimension_and_participant(page, data_dir):
    page.selectbox(key="dimension").set_value("basics").run()
    page.selectbox(key="participant").set_value("mikko").run()
    assert_no_exception(page)
    assert "Service basics" in texts(page)
    page.button_group(key=key("basics.complaints", "current", "mikko")).set_value(1).run()
    assert answers_on_disk(data_dir, "mikko")["basics.complaints"]["current"] == 1


def test_the_url_reopens_participant_and_dimension(run_app):
    at = run_app(ASSESSMENT, lang="en", participant="mikko", dimension="basics")
    assert at.session_state["participant"] == "mikko"
    assert at.header[0].value == "Service basics"
    assert at.button_group(key=key("basics.complaints", "current", "mikko")).value is not None


def test_an_unknown_dimension_in_the_url_falls_back_to_the_first(run_app):
    at = run_app(ASSESSMENT, lang="en", dimension="no-such-thing")
    assert_no_exception(at)
    assert at.header[0].value == "Strategy & goals"


def test_edit_a_participant(page, data_dir):
    page.text_input(key="edit_participant_name").input("Anna V.")
    page.text_input(key="edit_participant_role").input("CDO")
    page.button(key="FormSubmitter:edit_participant_form-Save").click().run()
    assert_no_exception(page)
    data = parse_untrusted((data_dir / f"{EXAMPLE_ID}.yaml").read_bytes(), "f.yaml")
    anna = data["assessments"][0]["participants"][0]
    assert (anna["id"], anna["name"], anna["role"]) == ("anna", "Anna V.", "CDO")
    assert anna["answers"]  # answers stay with the renamed participant


def test_the_next_button_moves_to_the_next_dimension(page):
    page.button(key="next_dimension").click().run()
    assert page.session_state["dimension"] == "value"
    assert "Value & impact" in texts(page)


def test_add_a_participant(page, data_dir):
    page.text_input(key="new_participant_name").input("Liisa Korhonen")
    page.text_input(key="new_participant_role").input("IT")
    page.button(key="FormSubmitter:add_participant_form-Add participant").click().run()
    assert_no_exception(page)
    data = parse_untrusted((data_dir / f"{EXAMPLE_ID}.yaml").read_bytes(), "f.yaml")
    assert data["assessments"][0]["participants"][-1] == {
        "id": "liisa-korhonen",
        "name": "Liisa Korhonen",
        "role": "IT",
    }
    assert page.session_state["participant"] == "liisa-korhonen"


def test_a_participant_needs_a_name(page, data_dir):
    before = (data_dir / f"{EXAMPLE_ID}.yaml").read_bytes()
    page.button(key="FormSubmitter:add_participant_form-Add participant").click().run()
    assert "A participant needs a name." in errors(page)
    assert (data_dir / f"{EXAMPLE_ID}.yaml").read_bytes() == before


def test_a_new_workbook_asks_for_the_first_participant(run_app, disk):
    created = create(disk, "A", "Tyhjä", "en", disk.read(EXAMPLE_ID).current_round.questionnaire)
    at = run_app(ASSESSMENT, lang="en", wb=created.id)
    assert_no_exception(at)
    assert "Add the first participant to begin." in texts(at)
    at.button_group(key="view").set_value("results").run()
    assert "No participants yet" in texts(at)


def test_results_show_stage_chart_table_and_next_steps(run_app):
    at = run_app(ASSESSMENT, lang="en", view="results")
    assert_no_exception(at)
    shown = texts(at)
    assert "Overall 2.3 of 5: nearest to level 2, “Emerging”." in shown
    assert "Your answers show the stage: Confusion" in shown
    assert "Measurement & feedback 1 3.0 (at least 3.0)" in shown  # why it is suggested
    assert "Trap to avoid:" in shown
    assert "The three largest gaps and what to do next" in shown
    assert "**1. People & authority** · today 2.0 → target level 4.0 (gap +2.0)" in shown
    assert "Give service staff a limit in euros" in shown
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Today": "2.3", "Target level": "3.7", "Gap": "1.4"}
    table = at.dataframe[0].value
    assert list(table["dimension"][:1]) == ["People & authority"]
    assert len(table) == 12
    gap = json.loads(at.dataframe[0].proto.columns)["gap"]["type_config"]
    assert gap == {"type": "number", "format": "%+.1f"}
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["title"]["text"] == "Today and target level by dimension, largest gap first"


def test_results_in_finnish_write_scores_with_a_decimal_comma(run_app):
    at = run_app(ASSESSMENT, lang="fi", view="results")
    assert_no_exception(at)
    assert {m.label: m.value for m in at.metric} == {
        "Nyt": "2,3",
        "Tavoitetaso": "3,7",
        "Kuilu": "1,4",
    }
    spec = json.loads(at.get("vega_lite_chart")[0].proto.spec)
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    # Streamlit's printf formats know only the point: a Finnish table takes the browser's locale.
    gap = json.loads(at.dataframe[0].proto.columns)["gap"]["type_config"]
    assert gap == {"type": "number", "format": "localized", "step": 0.1}


def test_results_of_one_participant(run_app, disk, pack):
    at = run_app(ASSESSMENT, lang="en", view="results")
    at.selectbox(key="results_whose").set_value("mikko").run()
    assert_no_exception(at)
    assert "spread" not in at.dataframe[0].value.columns
    mikko = disk.read(EXAMPLE_ID).current_round.participant("mikko")
    expected = shown(score_round(pack, [mikko]).current)
    assert {m.label: m.value for m in at.metric}["Today"] == f"{expected:.1f}"


def test_an_edit_made_elsewhere_meanwhile_is_reported_and_nothing_is_lost(page, data_dir, disk):
    question = "strategy.definition"
    disk.update(EXAMPLE_ID, edits.answer(ROUND, "anna", question, "current", 1, expected=2))
    page.button_group(key=key(question, "current")).set_value(4).run()  # this tab still showed 2
    assert_no_exception(page)
    assert answers_on_disk(data_dir)[question]["current"] == 1  # theirs is not overwritten
    assert page.button_group(key=key(question, "current")).value == 4  # mine is still shown
    assert "Someone else changed this while" in texts(page)
    assert "Their value: 1." in texts(page)
    assert any("not saved" in e.value for e in page.sidebar.error)
    page.button(key=f"keep-{key(question, 'current')}").click().run()
    assert answers_on_disk(data_dir)[question]["current"] == 4
    assert "Someone else changed this while" not in texts(page)


def test_a_conflict_names_their_value_in_words(page, disk):
    question = "strategy.measurable-goals"  # its note is filled in the example
    disk.update(EXAMPLE_ID, edits.answer(ROUND, "anna", question, "note", ""))
    page.text_input(key=key(question, "note")).input("Minun huomioni").run()
    assert "Their value: (empty)." in texts(page)
    assert page.text_input(key=key(question, "note")).value == "Minun huomioni"


def test_the_same_change_made_in_two_places_is_not_a_conflict(page, data_dir, disk):
    question = "strategy.vision"
    disk.update(EXAMPLE_ID, edits.answer(ROUND, "anna", question, "na", True))
    page.checkbox(key=key(question, "na")).check().run()
    assert "Someone else changed" not in texts(page)
    assert answers_on_disk(data_dir)[question]["na"] is True


def test_use_theirs_shows_the_value_on_disk(page, data_dir, disk):
    question = "strategy.definition"
    disk.update(EXAMPLE_ID, edits.answer(ROUND, "anna", question, "current", 1, expected=2))
    page.button_group(key=key(question, "current")).set_value(4).run()
    page.button(key=f"theirs-{key(question, 'current')}").click().run()
    assert page.button_group(key=key(question, "current")).value == 1
    assert answers_on_disk(data_dir)[question]["current"] == 1


def type_note_on_a_full_disk(page) -> str:
    """Type a note while every save fails with a full disk; the note's widget key."""

    def disk_full(self, workbook_id, operation):
        raise SaveFailed("No space left on device", "disk_full")

    note = key("strategy.definition", "note")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(FileStore, "update", disk_full)
        page.text_input(key=note).input("Tärkeä huomio").run()
    return note


def test_a_failed_save_says_so_and_keeps_what_was_typed(page, data_dir):
    before = (data_dir / f"{EXAMPLE_ID}.yaml").read_bytes()
    note = type_note_on_a_full_disk(page)
    assert_no_exception(page)
    assert "Not saved: The disk is full. The workbook on disk is unchanged." in errors(page)
    assert any("not saved" in e.value for e in page.sidebar.error)
    assert page.text_input(key=note).value == "Tärkeä huomio"
    assert (data_dir / f"{EXAMPLE_ID}.yaml").read_bytes() == before
    page.button(key=f"retry-{note}").click().run()
    assert answers_on_disk(data_dir)["strategy.definition"]["note"] == "Tärkeä huomio"


def test_a_change_that_did_not_land_is_still_there_after_a_visit_to_another_page(page, data_dir):
    """Streamlit forgets a widget's value once a page does not draw it; the typed text must not
    go with it, nor may "Try again" then save an empty field."""
    note = type_note_on_a_full_disk(page)
    page.switch_page("app_pages/crm.py").run()
    assert any("not saved" in e.value for e in page.sidebar.error)
    page.switch_page(ASSESSMENT).run()
    assert page.text_input(key=note).value == "Tärkeä huomio"
    assert "The disk is full." in errors(page)
    page.button(key=f"retry-{note}").click().run()
    assert answers_on_disk(data_dir)["strategy.definition"]["note"] == "Tärkeä huomio"
    assert page.text_input(key=note).value == "Tärkeä huomio"


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (errno.ENOSPC, "The disk is full. The workbook on disk is unchanged."),
        (errno.EROFS, "The data folder cannot be written to"),
    ],
)
def test_the_disk_refusing_a_real_write_is_reported_and_changes_nothing(
    page, data_dir, error, message
):
    """The failure comes from the operating system in the middle of the real write (the fsync of
    the new file), not from a stand-in for the store."""
    before = (data_dir / f"{EXAMPLE_ID}.yaml").read_bytes()

    def refuse(fd):
        raise OSError(error, os.strerror(error))

    note = key("strategy.definition", "note")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("cxworkbook.store.files.os.fsync", refuse)
        page.text_input(key=note).input("Ei saa kadota").run()
    assert_no_exception(page)
    assert message in errors(page)
    assert page.text_input(key=note).value == "Ei saa kadota"
    assert (data_dir / f"{EXAMPLE_ID}.yaml").read_bytes() == before
    assert not list(data_dir.glob(".*.tmp"))


def test_a_conflict_shows_what_is_stored_now_as_plain_text(page, disk):
    """The box names the value stored at the moment it is drawn, not the one that caused the
    conflict; and it shows it as typed: no link, no maths, no image fetched."""
    question = "strategy.measurable-goals"
    disk.update(EXAMPLE_ID, edits.answer(ROUND, "anna", question, "note", "first"))
    page.text_input(key=key(question, "note")).input("Minun huomioni").run()
    assert "Their value: first." in texts(page)
    markup = "**bold** [link](http://example.com) $x^2$ ![i](http://example.com/i.png)"
    disk.update(EXAMPLE_ID, edits.answer(ROUND, "anna", question, "note", markup))
    page.run()
    [warning] = [w.value for w in page.warning if "Their value" in w.value]
    assert f"Their value: {markup}." in unescape(warning)
    assert "\\[link\\]" in warning and "\\$x" in warning and "\\!\\[i\\]" in warning
    assert page.text_input(key=key(question, "note")).value == "Minun huomioni"


def test_a_participant_edited_in_a_stale_form_keeps_another_tabs_rename(page, data_dir, disk):
    """The form was opened before another tab renamed the participant; saving only a new role
    from it leaves the other tab's name as it is."""
    disk.update(EXAMPLE_ID, edits.participant(ROUND, "anna", "name", "Anna Toisesta"))
    page.text_input(key="edit_participant_role").input("CDO")
    page.button(key="FormSubmitter:edit_participant_form-Save").click().run()
    anna = on_disk_round(data_dir)["participants"][0]
    assert (anna["name"], anna["role"]) == ("Anna Toisesta", "CDO")


def on_disk_round(data_dir) -> dict:
    return parse_untrusted((data_dir / f"{EXAMPLE_ID}.yaml").read_bytes(), "f.yaml")["assessments"][
        0
    ]


@pytest.mark.parametrize(
    ("page_path", "query", "a_score_shown"),
    [
        ("app_pages/crm.py", {}, "Nearest level described"),
        ("app_pages/goals.py", {"goals_view": "list"}, "Large gaps that no goal serves yet"),
        ("app_pages/goals.py", {"goals_view": "charts"}, "gap"),
        ("app_pages/vision.py", {"vision_view": "priorities"}, "→ target"),
        ("app_pages/vision.py", {"vision_view": "vision"}, "The stage your answers suggest"),
    ],
)
def test_before_the_reveal_no_page_shows_the_teams_scores(
    run_app, disk, page_path, query, a_score_shown
):
    """The rule of the workshop is the library's: every page obeys it as the assessment does."""
    revealed = run_app(page_path, lang="en", wb=EXAMPLE_ID, **query)
    assert a_score_shown in texts(revealed) + str([d.value.columns for d in revealed.dataframe])
    disk.update(EXAMPLE_ID, ops.reveal(ROUND, False))
    at = run_app(page_path, lang="en", wb=EXAMPLE_ID, **query)
    assert_no_exception(at)
    shown = texts(at)
    assert "The team's scores are hidden until the facilitator reveals" in shown
    assert a_score_shown not in shown + str([d.value.columns for d in at.dataframe])
    assert not at.metric


def test_a_version_1_workbook_keeps_asking_a_target_on_every_question(
    run_app, disk, packs, data_dir
):
    """Old workbooks answer and score on the pack version they were made with."""
    old = import_yaml(disk, (FIXTURES / f"{V1_ID}.yaml").read_bytes(), "old.yaml", packs)
    at = run_app(ASSESSMENT, lang="en", wb=old.id)
    assert_no_exception(at)
    assert at.header[0].value == "Strategy & vision"
    path = answer_path(ROUND, "anna", "strategy.vision-pillars")
    at.button_group(key=path_key((*path, "target"))).set_value(2).run()
    saved = disk.read(old.id).current_round.participant("anna").answers["strategy.vision-pillars"]
    assert saved.target == 2
    assert not [b for b in at.button_group if b.key.endswith("/strategy/target")]
    at.button_group(key="view").set_value("results").run()
    assert_no_exception(at)
    assert "Overall" in texts(at)


@pytest.mark.parametrize(
    ("question", "value", "said"),
    [
        (  # a pack edited without raising its version renamed a question
            "strategy.old-name",
            4,
            "Some answers in this round are to ids that cx-maturity version 2 no longer has: "
            "strategy.old-name.",
        ),
        (  # a workbook edited by hand: 9 on a 1–5 scale
            "strategy.definition",
            9,
            "values that cx-maturity version 2 does not offer for their question: "
            "strategy.definition = 9.",
        ),
    ],
)
def test_answers_the_pack_has_no_place_for_are_named_not_dropped(
    run_app, disk, data_dir, question, value, said
):
    """They stay in the file, and the page names them so that someone puts them right."""
    round_id = disk.read(EXAMPLE_ID).current_round.id
    disk.update(EXAMPLE_ID, edits.answer(round_id, "anna", question, "current", value))
    at = run_app(ASSESSMENT, lang="en", wb=EXAMPLE_ID)
    assert_no_exception(at)
    assert said in texts(at)
    assert answers_on_disk(data_dir)[question]["current"] == value
