"""The journey map in a real browser: touchpoints from the short form and as table edits, two
edits in a row both kept, everything still there after a reload and drawn in the charts."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from cxworkbook import ops
from cxworkbook.model import JourneyStage
from cxworkbook.store import FileStore
from cxworkbook.store.workbooks import export_yaml, import_yaml
from cxworkbook.ui.frame import PICKER_CHARACTERS
from cxworkbook.ui.text import middle_shortened
from cxworkbook.yamlio import parse_untrusted
from tests import edits
from tests.conftest import EXAMPLE_ID
from tests.e2e.conftest import assert_no_exception, edit_table_cell, open_cell_editor
from tests.e2e.tabs import one_run, show, wait_idle

pytestmark = pytest.mark.e2e
OWNER = 4  # the table's columns: row marker (0), stage, name, channel, owner


def touchpoints(server) -> list[dict]:
    data = parse_untrusted((server.data_dir / f"{EXAMPLE_ID}.yaml").read_bytes(), "f.yaml")
    return [t for s in data["journey"]["stages"] for t in s.get("touchpoints", [])]


def add_touchpoint(page, name: str, emotion: int, channel: str) -> None:
    form = page.locator("[data-testid=stForm]").filter(has_text="Add a touchpoint")
    form.get_by_label("Touchpoint").fill(name)
    form.locator(".st-key-new_tp_channel").click()
    page.keyboard.type(channel)
    page.keyboard.press("Enter")
    form.locator(".st-key-new_tp_emotion").get_by_role("radio", name=str(emotion)).click()
    form.get_by_role("button", name="Add").click()
    wait_idle(page)
    expect(page.get_by_text(f"Touchpoint added: {name}")).to_be_visible()


def test_touchpoints_from_the_form_and_two_table_edits_in_a_row_survive_a_reload(server, page):
    page.set_viewport_size({"width": 1400, "height": 2400})  # the whole map without scrolling
    page.goto(f"{server.url}/journey?lang=en&wb={EXAMPLE_ID}&journey_view=map")
    wait_idle(page)
    page.locator(".st-key-use_journey_purchase").get_by_role("button").click()
    wait_idle(page)
    add_touchpoint(page, "Hintavertailu", 2, "Website")
    add_touchpoint(page, "Naapurin vinkki", 5, "Naapurin suositus")
    assert [(t["name"], t["channel"], t["emotion"]) for t in touchpoints(server)] == [
        ("Hintavertailu", "web", 2),
        ("Naapurin vinkki", "Naapurin suositus", 5),
    ]

    edit_table_cell(page, 0, OWNER, "Myynti")
    edit_table_cell(page, 1, OWNER, "Asiakaspalvelu")
    assert [t.get("owner") for t in touchpoints(server)] == ["Myynti", "Asiakaspalvelu"]

    page.reload()
    wait_idle(page)
    table = page.locator("[data-testid=stDataFrame] table").first
    expect(table).to_contain_text("Myynti")
    expect(table).to_contain_text("Asiakaspalvelu")
    expect(table).to_contain_text("Naapurin suositus")
    assert [t.get("owner") for t in touchpoints(server)] == ["Myynti", "Asiakaspalvelu"]
    assert_no_exception(page)

    # The charts draw from data sent in Arrow (cxworkbook.ui.charts): each touchpoint is a point,
    # and the numbers under the chart count both touchpoints.
    page.goto(f"{server.url}/journey?lang=en&wb={EXAMPLE_ID}&journey_view=charts")
    wait_idle(page)
    emotion = page.locator("[data-testid=stVegaLiteChart]").first
    expect(emotion.locator(".layer_0_marks path")).to_have_count(2)  # the first layer: touchpoints
    page.get_by_text("The same as a table").first.click()
    numbers = page.locator("[data-testid=stExpander] [data-testid=stDataFrame] table").first
    expect(numbers).to_contain_text("3.5")  # the stage's mean emotion, (2 + 5) / 2
    assert_no_exception(page)


TYPED = [("Hintavertailu", "Website", "324"), ("Naapurin vinkki", "Phone", "455")]


def test_touchpoints_are_added_and_rated_one_after_another_with_the_keyboard(server, page):
    """One click into the form, then keys only: a touchpoint's name, its channel, its three
    ratings by their digits (each moving on to the next, the last to Add), Enter, and the focus
    is back in the name field for the next one."""
    FileStore(server.data_dir).update(
        EXAMPLE_ID, ops.start_journey([JourneyStage(id="choice", name="Valinta")])
    )
    show(page, f"{server.url}/journey?lang=en&wb={EXAMPLE_ID}&journey_view=map")
    name = page.locator(".st-key-new_tp_name input")
    name.click()
    for touchpoint, channel, ratings in TYPED:
        expect(name).to_be_focused()
        page.keyboard.type(touchpoint)
        page.keyboard.press("Tab")
        page.keyboard.type(channel)
        page.keyboard.press("Enter")
        page.keyboard.press("Tab")  # out of the channel: digits are no longer typing
        page.keyboard.type(ratings)
        expect(page.get_by_role("button", name="Add", exact=True)).to_be_focused()
        with one_run(page):
            page.keyboard.press("Enter")
        expect(page.get_by_text(f"Touchpoint added: {touchpoint}")).to_be_visible()
    expect(name).to_be_focused()
    assert [
        (t["name"], t["channel"], f"{t['effectiveness']}{t['ease']}{t['emotion']}")
        for t in touchpoints(server)
    ] == [("Hintavertailu", "web", "324"), ("Naapurin vinkki", "phone", "455")]
    assert_no_exception(page)


def test_a_table_edit_that_did_not_land_stays_with_its_workbook(server, page, packs):
    """Someone else changes a touchpoint while this tab shows the table: the tab's edit of the
    same row is reported and not saved. Another workbook opened meanwhile neither shows it nor
    receives it; back in the first, it can still be saved over theirs."""
    page.set_viewport_size({"width": 1400, "height": 2400})
    page.goto(f"{server.url}/journey?lang=en&wb={EXAMPLE_ID}&journey_view=map")
    wait_idle(page)
    page.locator(".st-key-use_journey_purchase").get_by_role("button").click()
    wait_idle(page)
    add_touchpoint(page, "Hintavertailu", 2, "Website")
    disk = FileStore(server.data_dir)
    copy = import_yaml(disk, export_yaml(disk, EXAMPLE_ID), "copy.yaml", packs).id
    copied = (server.data_dir / f"{copy}.yaml").read_bytes()
    [touchpoint] = touchpoints(server)
    disk.update(EXAMPLE_ID, edits.touchpoint(touchpoint["id"], "owner", "Someone else"))

    edit_table_cell(page, 0, OWNER, "Myynti", lands=False)
    save_anyway = page.get_by_role("button", name="Save my table edit over theirs")
    expect(save_anyway).to_be_visible()
    assert touchpoints(server)[0]["owner"] == "Someone else"

    title = disk.read(EXAMPLE_ID).meta.title  # both have it: the picker adds each one's id
    pick_workbook(page, f"{title} ({copy})")
    expect(page.get_by_role("heading", name="Customer journey map")).to_be_visible()
    expect(save_anyway).to_have_count(0)
    pick_workbook(page, f"{title} ({EXAMPLE_ID})")
    with one_run(page):
        save_anyway.click()
    assert touchpoints(server)[0]["owner"] == "Myynti"
    assert (server.data_dir / f"{copy}.yaml").read_bytes() == copied
    assert_no_exception(page)


def pick_workbook(page, label: str) -> None:
    with one_run(page):
        page.locator("[data-testid=stSidebar] [data-testid=stSelectbox]").click()
        shown = middle_shortened(label, PICKER_CHARACTERS)
        page.get_by_role("option", name=shown, exact=True).click()


PAIN_POINT, OPPORTUNITY = 10, 11


def a_map_of_three(server) -> None:
    store = FileStore(server.data_dir)
    store.update(EXAMPLE_ID, ops.add_stage("Vaihtoehtojen etsiminen"))
    stage = store.read(EXAMPLE_ID).journey.stages[0].id
    for name in ("Hintavertailu", "Naapurin vinkki", "Verkkosivu"):
        store.update(EXAMPLE_ID, ops.add_touchpoint(stage, name))


KEY_MS = 80  # a fast typist's pace: about 12 keys a second


def typed_as_a_person(page, text: str, then: str) -> None:
    """Type `text` a key at a time, then press `then` (Tab, Enter) after as long again."""
    page.keyboard.type(text, delay=KEY_MS)
    page.wait_for_timeout(KEY_MS)  # a person's pace, not a wait for the app
    page.keyboard.press(then)
    page.wait_for_timeout(KEY_MS)


def test_typing_across_and_down_the_table_at_a_normal_pace_loses_no_keystroke(server, page):
    """Type a pain point, Tab, an opportunity, Enter; then fill a column as in a spreadsheet:
    type, Enter, type, Enter. The table stays on screen between saves, so every entry lands."""
    a_map_of_three(server)
    page.set_viewport_size({"width": 1400, "height": 1600})
    show(page, f"{server.url}/journey?lang=en&wb={EXAMPLE_ID}&journey_view=map")
    open_cell_editor(page, 0, PAIN_POINT)
    typed_as_a_person(page, "Hinnat vaikea verrata", "Tab")
    typed_as_a_person(page, "Selkeä hintalaskuri", "Enter")
    open_cell_editor(page, 0, OWNER)
    for text in ("Myynti", "Asiakaspalvelu", "Markkinointi"):
        typed_as_a_person(page, text, "Enter")  # commits and moves down a row
    expected = [
        ("Myynti", "Hinnat vaikea verrata", "Selkeä hintalaskuri"),
        ("Asiakaspalvelu", "", ""),
        ("Markkinointi", "", ""),
    ]

    def typed() -> list[tuple[str, str, str]]:
        return [
            (t.get("owner", ""), t.get("pain_point", ""), t.get("opportunity", ""))
            for t in touchpoints(server)
        ]

    for _ in range(50):
        if typed() == expected:
            break
        page.wait_for_timeout(100)  # the last save may still be on its way
    assert typed() == expected
    wait_idle(page)
    assert_no_exception(page)


def test_deleting_a_stage_confirms_that_stage_once_and_asks_nothing_about_the_next(server, page):
    store = FileStore(server.data_dir)
    for name in ("Tarve herää", "Vertailu", "Päätös"):
        store.update(EXAMPLE_ID, ops.add_stage(name))
    show(page, f"{server.url}/journey?lang=en&wb={EXAMPLE_ID}&journey_view=map")
    page.get_by_role("button", name="Delete", exact=True).first.click()  # the first stage's
    confirm = page.get_by_role("button", name="Delete the stage")
    expect(page.get_by_text("Delete the stage Tarve herää and its 0 touchpoints?")).to_be_visible()
    wait_idle(page)  # the run that drew the question has ended: one_run waits for the next
    with one_run(page):
        confirm.click()
    assert [s["name"] for s in journey(server)["stages"]] == ["Vertailu", "Päätös"]
    expect(confirm).to_have_count(0)  # no confirmation left open, about this stage or the next
    expect(page.get_by_text("Delete the stage Vertailu")).to_have_count(0)
    assert_no_exception(page)


def journey(server) -> dict:
    return parse_untrusted((server.data_dir / f"{EXAMPLE_ID}.yaml").read_bytes(), "f.yaml")[
        "journey"
    ]
