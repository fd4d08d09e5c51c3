"""AppTest of the vision page: the vision and its pillars, the place on the CX path, customer
promises (from a journey pain point or written, vague ones flagged), the priorities view and the
document downloads."""

from __future__ import annotations

import pytest

from cxworkbook import ops
from cxworkbook.goals import GoalDraft
from cxworkbook.journey import stages_from_template
from cxworkbook.report.exports import DOCX_MIME
from cxworkbook.yamlio import parse_untrusted
from tests.app.conftest import assert_no_exception, errors, texts
from tests.conftest import EXAMPLE_ID, create
from tests.unit.test_look import reference_docx

VISION = "app_pages/vision.py"


def on_disk(data_dir) -> dict:
    return parse_untrusted((data_dir / f"{EXAMPLE_ID}.yaml").read_bytes(), "f.yaml")


@pytest.fixture
def page(run_app):
    return run_app(VISION, lang="en", wb=EXAMPLE_ID)


@pytest.mark.parametrize("lang", ["fi", "en"])
@pytest.mark.parametrize("view", ["vision", "promises", "priorities", "document"])
def test_every_view_renders_in_both_languages(run_app, lang, view):
    at = run_app(VISION, lang=lang, wb=EXAMPLE_ID, vision_view=view)
    assert_no_exception(at)
    assert at.title[0].value == {"fi": "Visio ja dokumentti", "en": "Vision and document"}[lang]


def test_the_vision_and_its_pillars_land_on_disk(page, data_dir):
    page.text_area(key="vision/statement").input("Helpoin energiayhtiö asioida.").run()
    for field in ("strategy", "technology", "people"):
        page.text_area(key=f"vision/{field}").input(f"{field} text").run()
    vision = on_disk(data_dir)["vision"]
    assert vision == {
        "statement": "Helpoin energiayhtiö asioida.",
        "strategy": "strategy text",
        "technology": "technology text",
        "people": "people text",
    }


def test_the_team_places_itself_elsewhere_with_a_reason(page, data_dir):
    assert "The stage your answers suggest: **Confusion**" in texts(page)
    page.selectbox(key="vision/stage").set_value("awakening").run()
    assert on_disk(data_dir)["vision"]["stage"] == "awakening"
    assert "The team places itself at: **Awakening**" in texts(page)
    assert any("Say why" in w.value for w in page.warning)
    page.text_area(key="vision/stage_reason").input("Pilots everywhere, no owner.").run()
    assert on_disk(data_dir)["vision"]["stage_reason"] == "Pilots everywhere, no owner."
    assert not any("Say why" in w.value for w in page.warning)
    page.selectbox(key="vision/stage").set_value("").run()
    assert "stage" not in on_disk(data_dir)["vision"]


def test_a_promise_from_a_pain_point_and_a_vague_one(run_app, disk, packs, data_dir):
    stages = stages_from_template(packs.journey.template("purchase"), "fi")
    disk.update(EXAMPLE_ID, ops.start_journey(stages))
    disk.update(
        EXAMPLE_ID,
        ops.add_touchpoint("decide", "Sopimus", moment_that_matters=True, pain_point="Jonotus"),
    )
    at = run_app(VISION, lang="en", wb=EXAMPLE_ID, vision_view="promises")
    at.selectbox(key="new_promise_source").set_value("sopimus")
    at.text_area(key="new_promise_text").input("Served within 15 minutes or 10 €")
    at.button(key="FormSubmitter:new_promise_form-Add promise").click().run()
    assert_no_exception(at)
    [promise] = on_disk(data_dir)["promises"]
    assert promise["problem"] == "Jonotus" and promise["touchpoint"] == "sopimus"
    assert any("This promise is vague" in w.value for w in at.warning)
    key = f"promises/{promise['id']}"
    at.text_input(key=f"{key}/metric").input("hymy").run()
    at.text_input(key=f"{key}/target").input("aina").run()
    assert any("This promise is vague" in w.value for w in at.warning)  # nothing to count
    at.text_input(key=f"{key}/metric").input("waiting time").run()
    at.text_input(key=f"{key}/target").input("15 min").run()
    at.text_input(key=f"{key}/compensation").input("10 €").run()
    at.checkbox(key=f"{key}/staff_involved").check().run()
    assert not any("This promise is vague" in w.value for w in at.warning)
    saved = on_disk(data_dir)["promises"][0]
    assert (saved["metric"], saved["target"], saved["compensation"]) == (
        "waiting time",
        "15 min",
        "10 €",
    )
    assert saved["staff_involved"] is True
    at.button(key=f"promise_{promise['id']}-delete").click().run()
    assert "promises" not in on_disk(data_dir)


def test_an_edit_sent_with_a_switch_to_another_workbook_lands_where_it_was_typed(
    run_app, disk, pack, data_dir
):
    """A text field sends its edit when it loses the focus, here to the sidebar's workbook
    picker; both can reach the server in one message. The edit was typed in the example."""
    other = create(disk, "Toinen Oy", "Toinen työpaja", "fi", pack.ref)
    at = run_app(VISION, lang="en", wb=EXAMPLE_ID)
    at.text_area(key="vision/strategy").input("Typed in the example")
    at.selectbox(key="wb").set_value(other.id)
    at.run()
    assert_no_exception(at)
    assert on_disk(data_dir)["vision"]["strategy"] == "Typed in the example"
    assert disk.read(other.id).vision.strategy == ""
    assert at.text_area(key="vision/strategy").value == ""  # the page now shows the other one
    assert not at.sidebar.error


def test_a_click_sent_with_a_switch_to_another_workbook_acts_where_it_was_made(
    run_app, disk, pack, data_dir
):
    disk.update(EXAMPLE_ID, ops.add_promise("Vastaamme päivässä", "Hitaat vastaukset", None))
    other = create(disk, "Toinen Oy", "Toinen työpaja", "fi", pack.ref)
    disk.update(other.id, ops.add_promise("Toisen lupaus", "Jotain", None))
    at = run_app(VISION, lang="en", wb=EXAMPLE_ID, vision_view="promises")
    [promise] = on_disk(data_dir)["promises"]
    at.button(key=f"promise_{promise['id']}-delete").click()
    at.selectbox(key="wb").set_value(other.id)
    at.run()
    assert_no_exception(at)
    assert "promises" not in on_disk(data_dir)
    assert [p.text for p in disk.read(other.id).promises] == ["Toisen lupaus"]
    assert not at.sidebar.error


def test_a_promise_needs_its_text(run_app, data_dir):
    at = run_app(VISION, lang="en", wb=EXAMPLE_ID, vision_view="promises")
    at.text_area(key="new_promise_problem").input("Long queues")
    at.button(key="FormSubmitter:new_promise_form-Add promise").click().run()
    assert "Write the promise first." in errors(at)
    assert "promises" not in on_disk(data_dir)


def test_priorities_show_the_goals_serving_each_large_gap(run_app, disk):
    disk.update(
        EXAMPLE_ID, ops.add_goal(GoalDraft(title="Authority to compensate", dimensions=("people",)))
    )
    at = run_app(VISION, lang="en", wb=EXAMPLE_ID, vision_view="priorities")
    page_text = texts(at)
    assert "**1. People & authority** · today 2.0 → target level 4.0 (gap +2.0)" in page_text
    assert "Authority to compensate (not measurable yet)" in page_text
    assert sum("No goal serves this gap yet." in w.value for w in at.warning) == 2


def test_priorities_of_an_unanswered_assessment_lead_to_it(run_app, disk):
    questionnaire = disk.read(EXAMPLE_ID).current_round.questionnaire
    created = create(disk, "A", "Empty", "en", questionnaire)
    at = run_app(VISION, lang="en", wb=created.id, vision_view="priorities")
    assert_no_exception(at)
    assert [i.value for i in at.info] == [
        "The priorities are the maturity assessment's largest gaps. Nobody has answered it yet."
    ]
    assert [link.proto.page for link in at.get("page_link")] == ["assessment"]


def test_the_document_view_offers_every_format(run_app):
    at = run_app(VISION, lang="en", wb=EXAMPLE_ID, vision_view="document")
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == [
        "Markdown",
        "HTML",
        "Word (DOCX)",
        "PowerPoint (PPTX)",
        "PDF",
        "Everything (ZIP)",
    ]
    assert not any(b.proto.disabled for b in buttons)
    assert at.toggle(key="document_appendix").value is True  # every answer, unless left out
    assert "written in the workbook's language (Suomi)" in texts(at)


def test_the_consultancys_look_is_given_once_refused_when_bad_and_taken_back(run_app, data_dir):
    at = run_app(VISION, lang="en", wb=EXAMPLE_ID, vision_view="document")
    assert "**Word:** the default look." in texts(at)
    at.file_uploader(key="look_docx").upload("brand.docx", b"not a docx", DOCX_MIME).run()
    assert "The file was not used and nothing changed: not a Word or PowerPoint file." in errors(at)
    assert not (data_dir / "look").exists()

    at.file_uploader(key="look_docx").upload("brand.docx", reference_docx(), DOCX_MIME).run()
    assert_no_exception(at)
    assert (data_dir / "look" / "reference.docx").read_bytes().startswith(b"PK")
    assert "**Word:** your own reference file is in use." in texts(at)
    at.button(key="remove_look_docx").click().run()
    assert not (data_dir / "look" / "reference.docx").exists()
    assert "**Word:** the default look." in texts(at)
