"""The pages of a workshop on another maturity model (a pack shaped like OWASP SAMM v2, English
only, in a Finnish UI): its own answer options, evidence, streams, range and steps, and not one CX
word on the way."""

from __future__ import annotations

import pytest

from cxworkbook import ops
from cxworkbook.edits import path_key
from cxworkbook.i18n import translate
from cxworkbook.ops import answer_path
from cxworkbook.packs import PACKS_ENV, load_packs
from cxworkbook.store import FileStore
from tests import edits
from tests.app.conftest import ASSESSMENT, assert_no_exception, texts
from tests.conftest import EXAMPLE_ID, create
from tests.unit.test_other_model_workshop import CX_WORDS, PACKS_DIR

SAMM = load_packs(PACKS_DIR).get("samm-shaped", 1)


@pytest.fixture
def samm_workbook(disk: FileStore, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    monkeypatch.setenv(PACKS_ENV, str(PACKS_DIR))
    wb = create(disk, "Ohjelmistotalo Oy", "Tietoturvatyöpaja", "fi", SAMM.ref)
    round_id = wb.current_round.id
    for name in ("Anna", "Ben"):
        disk.update(wb.id, ops.add_participant(round_id, name, ""))
    return wb.id, round_id


def answer_key(round_id: str, person: str, question: str, field: str = "current") -> str:
    return path_key((*answer_path(round_id, person, question), field))


def on_disk(disk: FileStore, wb_id: str, person: str) -> dict:
    answers = disk.read(wb_id).current_round.participant(person).answers
    return {q: a.current for q, a in answers.items()}


def test_a_question_offers_its_own_options_and_shows_its_evidence(run_app, disk, samm_workbook):
    wb_id, round_id = samm_workbook
    at = run_app(ASSESSMENT, lang="fi", wb=wb_id, participant="anna", dimension="strategy")
    assert_no_exception(at)
    shown = texts(at)
    assert at.header[0].value == "SM · Strategy and metrics"
    assert "SM-A · Create and promote" in shown and "SM-B · Measure and improve" in shown
    assert "Laatukriteerit" in shown and "Known to the teams it concerns" in shown
    assert "A written description the teams can find" in shown
    buttons = at.button_group(key=answer_key(round_id, "anna", "strategy.a1"))
    assert buttons.options == [
        "No",
        "Yes, for some",
        "Yes, for at least half",
        "Yes, for most or all",
    ]
    buttons.set_value(0.25).run()
    assert_no_exception(at)
    assert on_disk(disk, wb_id, "anna") == {"strategy.a1": 0.25}
    assert CX_WORDS.findall(texts(at)) == []


def test_results_and_agreement_are_on_the_models_scale(run_app, disk, samm_workbook):
    wb_id, round_id = samm_workbook
    for person, first, second in (("anna", 0.25, 0.5), ("ben", 1, 0)):
        disk.update(wb_id, edits.answer(round_id, person, "strategy.a1", "current", first))
        disk.update(wb_id, edits.answer(round_id, person, "strategy.a2", "current", second))
    disk.update(wb_id, edits.answer(round_id, "ben", "strategy.a2", "note", "Ei vielä."))
    disk.update(wb_id, ops.reveal(round_id, True))
    at = run_app(ASSESSMENT, lang="fi", wb=wb_id, view="results")
    assert_no_exception(at)
    assert "asteikolla 0–3" in texts(at)
    parts = next(d.value for d in at.dataframe if "part" in d.value.columns)
    assert list(parts["part"])[:2] == ["GV · Governance", "V · Verification"]
    assert "SM-A · Create and promote" in list(parts["part"])
    assert CX_WORDS.findall(texts(at)) == []

    at.button_group(key="view").set_value("discuss").run()
    assert_no_exception(at)
    agreed = at.button_group(
        key=path_key((*ops.round_path(round_id), "agreed", "strategy.a1", "current"))
    )
    assert agreed.options[1] == "Yes, for some"
    agreed.set_value(0.5).run()
    assert disk.read(wb_id).current_round.agreed["strategy.a1"].current == 0.5
    assert "Known to the teams it concerns" in texts(at)  # the evidence, where it is discussed
    assert "**Ben** · 0 → – · Ei vielä." in texts(at)  # a 0 is an answer, not a gap
    assert CX_WORDS.findall(texts(at)) == []


def test_the_home_page_and_vision_have_the_models_steps_only(run_app, disk, samm_workbook):
    wb_id, _ = samm_workbook
    at = run_app(lang="fi", wb=wb_id)
    assert_no_exception(at)
    example = disk.read(EXAMPLE_ID).meta
    # the library lists the CX example workbook too: its own name is not the frame's wording
    shown = texts(at).replace(example.title, "").replace(example.organisation, "")
    for step in ("assessment", "goals", "vision"):
        assert translate("fi", f"steps.{step}.title") in shown
    for step in ("crm", "journey"):
        assert translate("fi", f"steps.{step}.title") not in shown
    assert CX_WORDS.findall(shown) == []

    at.switch_page("app_pages/vision.py").run()
    assert_no_exception(at)
    views = at.button_group(key="vision_view").options
    assert translate("fi", "vision.view_promises") not in views
    assert "Missä olemme: maturity levels" in texts(at)
    assert CX_WORDS.findall(texts(at)) == []


@pytest.mark.parametrize("page", ["app_pages/goals.py", "app_pages/assessment.py"])
def test_other_pages_say_nothing_of_cx(run_app, samm_workbook, page):
    wb_id, _ = samm_workbook
    at = run_app(page, lang="en", wb=wb_id)
    assert_no_exception(at)
    assert CX_WORDS.findall(texts(at)) == []
