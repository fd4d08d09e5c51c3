"""AppTest of the CRM page: the choice, ratings, committed steps and notes land in the YAML on disk,
and the choice is read against the assessment's customer data score."""

from __future__ import annotations

import pytest

from cxworkbook.yamlio import parse_untrusted
from tests import edits
from tests.app.conftest import assert_no_exception, texts
from tests.conftest import EXAMPLE_ID, create

CRM = "app_pages/crm.py"


def crm_on_disk(data_dir) -> dict:
    return parse_untrusted((data_dir / f"{EXAMPLE_ID}.yaml").read_bytes(), "f.yaml").get("crm", {})


@pytest.fixture
def page(run_app):
    return run_app(CRM, lang="en", wb=EXAMPLE_ID)


@pytest.mark.parametrize(
    ("lang", "title", "state"),
    [("fi", "CRM-tilanne", "Ei CRM-järjestelmää"), ("en", "CRM state", "No CRM in use")],
)
def test_the_page_offers_the_three_starting_points_in_both_languages(run_app, lang, title, state):
    at = run_app(CRM, lang=lang, wb=EXAMPLE_ID)
    assert_no_exception(at)
    assert at.title[0].value == title
    radio = at.radio(key="crm/state")
    assert radio.value is None
    assert len(radio.options) == 4 and radio.options[0] == state


def test_choice_ratings_steps_and_notes_land_on_disk(page, data_dir):
    assert not [c for c in page.checkbox if c.key.startswith("crm_step_")]
    page.radio(key="crm/state").set_value("legacy").run()
    assert crm_on_disk(data_dir) == {"state": "legacy"}
    assert "refreshing the current solution" in texts(page)  # the state's question
    page.button_group(key="crm/data_quality").set_value(2).run()
    page.button_group(key="crm/usability").set_value(1).run()
    page.button_group(key="crm/channel_coverage").set_value(3).run()
    steps = [c for c in page.checkbox if c.key.startswith("crm_step_")]
    assert [c.key for c in steps] == [
        "crm_step_legacy-measure-quality",
        "crm_step_legacy-ask-users",
        "crm_step_legacy-refresh-or-replace",
        "crm_step_legacy-clean-core",
    ]
    page.checkbox(key="crm_step_legacy-ask-users").check().run()
    page.checkbox(key="crm_step_legacy-measure-quality").check().run()
    page.text_area(key="crm/notes").input("Two CRMs after the merger.").run()
    assert_no_exception(page)
    assert crm_on_disk(data_dir) == {
        "state": "legacy",
        "data_quality": 2,
        "usability": 1,
        "channel_coverage": 3,
        "notes": "Two CRMs after the merger.",
        "next_steps": ["legacy-ask-users", "legacy-measure-quality"],
    }
    page.checkbox(key="crm_step_legacy-ask-users").uncheck().run()
    assert crm_on_disk(data_dir)["next_steps"] == ["legacy-measure-quality"]


def test_the_data_score_is_shown_beside_the_choice_and_a_disagreement_is_named(page):
    # The example team rates customer data & CRM 2.3 today.
    assert "The assessment: Customer data & CRM" in texts(page)
    assert [m.value for m in page.metric][:2] == ["2.3", "4.0"]
    page.radio(key="crm/state").set_value("modern").run()
    assert "The two disagree" in page.warning[0].value
    assert "only 2.3" in page.warning[0].value
    page.radio(key="crm/state").set_value("none").run()
    assert not page.warning
    assert any("The assessment agrees" in s.value for s in page.success)


def test_a_higher_score_than_the_state_usually_has_is_named_too(page, disk):
    for participant in disk.read(EXAMPLE_ID).current_round.participants:
        for question in ("quality", "history", "consent", "analytics"):
            disk.update(
                EXAMPLE_ID,
                edits.answer("2026-10", participant.id, f"data.{question}", "current", 5),
            )
    page.radio(key="crm/state").set_value("none").run()
    assert "higher than usual" in texts(page)


def test_without_answers_the_page_says_so_and_links_to_the_assessment(run_app, disk, packs):
    created = create(disk, "Org", "Fresh", "en", packs.latest("cx-maturity").ref)
    at = run_app(CRM, lang="en", wb=created.id)
    assert_no_exception(at)
    assert "Nobody has answered the questions on Customer data & CRM yet." in texts(at)
    at.radio(key="crm/state").set_value("modern").run()
    assert disk.read(created.id).crm.state == "modern"
