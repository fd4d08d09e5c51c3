"""The real app in a real browser: what a workshop participant does, and what lands on disk."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from cxworkbook import ops
from cxworkbook.canvas import LANE_LABEL_WIDTH, STAGE_WIDTH
from cxworkbook.edits import set_field
from cxworkbook.goals import GoalDraft
from cxworkbook.model import PackRef
from cxworkbook.store import FileStore
from cxworkbook.store.workbooks import new_workbook
from cxworkbook.ui.layout import SCROLLS_SIDEWAYS as CANVAS
from cxworkbook.yamlio import parse_untrusted
from tests.conftest import EXAMPLE_ID
from tests.e2e.conftest import accessibility_failures, assert_no_exception
from tests.e2e.tabs import (
    VIEWS,
    answer_css,
    css,
    each_view,
    one_run,
    open_tab,
    show,
    wait_idle,
)

pytestmark = pytest.mark.e2e


def read(server, workbook_id: str) -> dict:
    return parse_untrusted((server.data_dir / f"{workbook_id}.yaml").read_bytes(), "f.yaml")


def test_create_a_workbook_answer_a_question_and_find_it_after_a_reload(server, page):
    page.goto(f"{server.url}/?lang=en")
    wait_idle(page)
    expect(
        page.get_by_role("heading", name="Digitaalisen asiakaskokemuksen työpaja")
    ).to_be_visible()

    page.get_by_text("Create a new workbook").click()
    page.get_by_label("Organisation").last.fill("Pohjoisen Pyörä Oy")
    page.get_by_label("Title").last.fill("Selaintesti")
    page.get_by_role("button", name="Create workbook").click()
    # the first workbook a fresh server makes: on a loaded machine its run takes more than 5 s
    expect(page.get_by_role("heading", name="Selaintesti")).to_be_visible(timeout=30_000)
    expect(page).to_have_url(re.compile(r"wb=selaintesti"))
    assert read(server, "selaintesti")["meta"]["organisation"] == "Pohjoisen Pyörä Oy"

    page.get_by_role("link", name="Maturity assessment").click()
    expect(page.get_by_text("Add the first participant to begin.")).to_be_visible()
    page.get_by_label("Name").fill("Anna Virtanen")
    page.get_by_role("button", name="Add participant").click()
    expect(page.get_by_text("Anna Virtanen has answered 0 of 44 questions.")).to_be_visible()

    round_id = read(server, "selaintesti")["assessments"][0]["id"]
    today = page.locator(answer_css("strategy.definition", "current", "anna-virtanen", round_id))
    today.get_by_role("radio", name="2").click()
    expect(page.get_by_text("Anna Virtanen has answered 1 of 44 questions.")).to_be_visible()
    answers = read(server, "selaintesti")["assessments"][0]["participants"][0]["answers"]
    assert answers == {"strategy.definition": {"current": 2}}

    page.reload()
    wait_idle(page)
    expect(page).to_have_url(re.compile(r"/assessment\?.*wb=selaintesti"))
    expect(today.get_by_role("radio", name="2")).to_have_attribute("aria-checked", "true")
    assert_no_exception(page)


# Text the page cuts short or scrolls out of sight: a button's label ending in "…", a 1–5 scale
# scrolled past its 5, a checkbox's label cut to "Don't kn…". What a user typed may scroll inside
# its field, and charts, tables and the journey canvas scroll on purpose, so they are left out.
CUT_SHORT = """() => [...document.querySelectorAll('[data-testid=stApp] *')].filter(element => {
    if (element.closest('input, textarea, [data-baseweb=select], [data-testid=stDateInputField],'
        + '[data-testid=stVegaLiteChart], [data-testid=stDataFrame], .st-key-CANVAS')) return false;
    // a link for screen readers ("Skip to main content") is one pixel wide on purpose
    if (!element.innerText || !element.innerText.trim() || element.clientWidth < 2) return false;
    const style = getComputedStyle(element);
    const clips = style.textOverflow === 'ellipsis' || style.overflowX !== 'visible';
    return clips && element.scrollWidth > element.clientWidth + 1;
}).map(element => element.innerText)""".replace("CANVAS", CANVAS)
HIDDEN_CHIPS = """() => [...document.querySelectorAll(
    '[data-testid=stMultiSelectTagsContainer][data-can-scroll-end]')]
    .map(chips => chips.textContent)"""
# Charts but the journey canvas, which keeps its own width and scrolls sideways in its frame
CHARTS = f"[data-testid=stVegaLiteChart]:not(.st-key-{CANVAS} *)"
CHART_WIDTHS = f"""() => [...document.querySelectorAll('{CHARTS}')]
    .map(chart => Math.round(chart.getBoundingClientRect().width))"""
# Charts drawn past the right edge of the page's column, where the page cuts them off
CHARTS_PAST_THE_COLUMN = f"""() => {{
    const column = document.querySelector('[data-testid=stMainBlockContainer]');
    const padding = parseFloat(getComputedStyle(column).paddingRight);
    const edge = column.getBoundingClientRect().right - padding;
    return [...document.querySelectorAll('{CHARTS} svg')]
        .map(chart => Math.round(chart.getBoundingClientRect().right - edge))
        .filter(past => past > 1);
}}"""
# The canvas's texts that run past their card (or, outside a card, into the first stage), and
# whether its frame scrolls sideways to what lies past the page's edge
CANVAS_TEXT_PAST_ITS_CARD = f"""() => {{
    const svg = document.querySelector('.st-key-{CANVAS} svg.marks');
    if (!svg) return [];
    const cards = [...svg.querySelectorAll('g.mark-rect.role-mark path')]
        .map(card => card.getBoundingClientRect())
        .filter(card => card.width > 0 && card.width < {STAGE_WIDTH});
    const lanes = svg.getBoundingClientRect().left + {LANE_LABEL_WIDTH};
    return [...svg.querySelectorAll('g.mark-text.role-mark text')].filter(text => {{
        const box = text.getBoundingClientRect();
        const card = cards.find(card => card.left <= box.left && box.left < card.right
            && card.top <= box.top && box.top < card.bottom);
        return box.right > (card ? card.right : lanes) + 1;
    }}).map(text => text.textContent);
}}"""
CANVAS_SCROLLS = f"""() => {{
    const frame = document.querySelector('.st-key-{CANVAS}');
    return !frame || frame.scrollWidth <= frame.clientWidth
        || getComputedStyle(frame).overflowX === 'auto';
}}"""
# Fields given room to be read whole by the room: the example's promise metrics ("Kahdessa
# arkipäivässä vastattujen osuus"), the NPS helper's counts (11 in one row showed "12" of 12345),
# a goal's fields (its title showed "…vastataan kahdessa arki"), the journey's segment, the
# reason the room agreed on, typed while the room reads along, and the vision and its pillars
CUT_FIELDS = """() => [...document.querySelectorAll(
    '[class*=st-key-promises-][class*=-metric] input, [class*=st-key-nps-] input[type=number],'
    + '[class*=st-key-goals-] input, [class*=st-key-journey-segment] :is(input, textarea),'
    + '[class*=-agreed-][class*=-rationale] :is(input, textarea),'
    + '[class*=st-key-vision-] textarea')]
    .filter(field => field.scrollWidth > field.clientWidth + 1
        || field.scrollHeight > field.clientHeight + 1)
    .map(field => field.value)"""
# Words a line break cuts in two ("tallennet tu"): a word whose letters lie on two lines. A
# browser breaks a word only when it is wider than its box: the box is too narrow.
BROKEN_WORDS = """() => {
    const broken = [], range = document.createRange();
    const walker = document.createTreeWalker(
        document.querySelector('[data-testid=stApp]'), NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.parentElement.closest(':is(input, textarea, [data-baseweb=select],'
            + '[data-testid=stVegaLiteChart], [data-testid=stDataFrame])')) {
            for (const word of node.data.matchAll(/[\\p{L}\\p{N}]{2,}/gu)) {
                range.setStart(node, word.index);
                range.setEnd(node, word.index + word[0].length);
                const lines = new Set([...range.getClientRects()]
                    .filter(box => box.width > 0).map(box => Math.round(box.top)));
                if (lines.size > 1) broken.push(word[0]);
            }
        }
    }
    return broken;
}"""
# Titles Vega cut short to fit (its axis labels may be: their full text is in each mark's tooltip)
CHART_TITLES = ", ".join(
    f"[data-testid=stVegaLiteChart] .role-{role} text"
    for role in ("title-text", "title-subtitle", "axis-title", "legend-title")
)
CUT_CHART_TITLES = f"""() => [...document.querySelectorAll('{CHART_TITLES}')]
    .map(text => text.textContent).filter(text => text.endsWith('…'))"""


RATIONALE = (
    "Vastuuhenkilö on nimetty, mutta hän raportoi markkinointijohtajalle eikä johtoryhmälle, "
    "joten sovimme kolmosen ja palaamme asiaan keväällä."
)


def agree_on_the_first_question(page) -> None:
    """Type the reason the room agreed on into the first discussion card, as a facilitator
    does on the projector, and send it."""
    field = page.locator("[class*=-agreed-][class*=-rationale] :is(input, textarea)").first
    field.fill(RATIONALE)
    field.press("Tab")
    wait_idle(page)
    expect(field).to_have_value(RATIONALE)


def fill_the_nps_helper(page, count: str) -> None:
    """Open the NPS helper and give every answer from 0 to 10 the same `count`."""
    page.locator(css("nps/counts/0")).locator("xpath=ancestor::details").locator("summary").click()
    for value in range(11):
        field = page.locator(f"{css(f'nps/counts/{value}')} input")
        field.fill(count)
        field.press("Tab")
        wait_idle(page)
    expect(page.locator("[data-testid=stMetric]")).to_be_visible()


# Streamlit's own English that the app replaces or removes (its limits: docs/accessibility.md)
STREAMLIT_ENGLISH = """() => {
    const seen = [document.body.innerText,
        ...[...document.querySelectorAll('[placeholder]')].map(field => field.placeholder)];
    return ['Choose an option', 'Choose options', 'Press Enter', 'Press Ctrl+Enter', 'Select all']
        .filter(english => seen.some(text => text.includes(english)));
}"""


def assert_reads_whole_and_accessible(page, path: str, *, axe: bool = True) -> None:
    """What a room sees of one view: no exception, no text cut short, broken mid-word or scrolled
    out of sight (a popover, a download button or a long "Next:" ending in "…" is a guess on a
    projector; the discussion's 1–5 scales hid their 5, and a checkbox read "Don't kn…"), no chosen
    option of a multiselect scrolled out of sight (a goal's third dimension was), no chart squeezed
    beside its table (the gap chart's dimension names left its plot a sliver) or run past the page's
    column (the goal paths' last months and paces did), no chart title cut short (the discussion's
    was), none of Streamlit's English that the app can replace, and nothing axe-core counts as a
    serious or critical accessibility failure (in the sidebar too, on the first view: it is the same
    frame on every page)."""
    assert_no_exception(page)
    assert page.evaluate(CUT_SHORT) == [], path
    assert page.evaluate(BROKEN_WORDS) == [], path
    assert page.evaluate(CUT_FIELDS) == [], path
    assert page.evaluate(HIDDEN_CHIPS) == [], path
    widths = page.evaluate(CHART_WIDTHS)
    assert all(width >= 500 for width in widths), (path, widths)
    assert page.evaluate(CHARTS_PAST_THE_COLUMN) == [], path
    assert page.evaluate(CANVAS_TEXT_PAST_ITS_CARD) == [], path
    assert page.evaluate(CANVAS_SCROLLS), path
    for chart in page.locator("[data-testid=stVegaLiteChart]").all():
        expect(chart.locator("svg .role-mark").first).to_be_attached()  # drawn
    assert page.evaluate(CUT_CHART_TITLES) == [], path
    assert page.evaluate(STREAMLIT_ENGLISH) == [], path
    if axe:  # what it checks does not change with the width: once, at the projector's
        assert accessibility_failures(page, sidebar=path == VIEWS[0]) == [], path


@pytest.mark.parametrize(("lang", "width"), [("fi", 1024), ("en", 1024), ("fi", 1400)])
def test_every_view_of_the_example_reads_whole_and_accessible_on_a_projector(
    first_run_server, page, lang, width
):
    """Every page and view of the example a first run seeds, every step filled in, on a 1024×768
    projector and a 1400 px laptop (Finnish has the longer words). The journey's stage list is
    opened to show its buttons, the NPS helper to count in it, and a long agreed reason is typed
    into the discussion."""
    server = first_run_server
    page.set_viewport_size({"width": width, "height": 768})
    for path in each_view(page, server, lang, EXAMPLE_ID):
        if path == "/assessment":  # the main task on the first screen: the first question's scale
            scale = page.locator("[class*=st-key-card_] [role=radiogroup]").first.bounding_box()
            assert scale["y"] + scale["height"] <= 768
        if path == "/assessment?view=discuss":
            agree_on_the_first_question(page)
        if path == "/goals":
            fill_the_nps_helper(page, "12345")
        if path == "/journey?journey_view=map":
            page.locator("[data-testid=stExpander] summary").first.click()
            expect(page.get_by_role("button", name="↑").first).to_be_visible()
        assert_reads_whole_and_accessible(page, path, axe=width == 1024)


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_every_view_of_an_empty_workbook_reads_whole_and_accessible(server, page, lang):
    """A workbook just created, before anyone has answered: its empty states and first forms."""
    pack = PackRef(id="cx-maturity", version=2)
    now = dt.datetime.now(dt.UTC)
    empty = FileStore(server.data_dir).add(new_workbook("Tyhjä Oy", "Tyhjä", lang, pack, now))
    page.set_viewport_size({"width": 1024, "height": 768})
    for path in each_view(page, server, lang, empty.id):
        assert_reads_whole_and_accessible(page, path)


def test_a_conflict_in_the_narrowest_field_reads_whole_on_a_projector(server, page):
    """A conflict quotes the other person's text, whose long Finnish compound once broke
    mid-word in a promise's half-width field, and its two buttons were cut short."""
    store = FileStore(server.data_dir)
    store.update(EXAMPLE_ID, ops.add_promise("Muutto hoituu viidessä minuutissa"))
    page.set_viewport_size({"width": 1024, "height": 768})
    show(page, f"{server.url}/vision?lang=fi&wb={EXAMPLE_ID}&vision_view=promises")
    theirs = "Asiakas ei saa vahvistusta asiakaskokemusjohtamisesta"
    [promise] = store.read(EXAMPLE_ID).promises
    path = ("promises", promise.id, "problem")
    store.update(EXAMPLE_ID, set_field(path, theirs))
    field = page.locator(f"{css('/'.join(path))} textarea")
    field.fill("Muuttopäivä unohtuu vahvistuksesta")
    with one_run(page):
        field.press("Tab")
    expect(page.get_by_text(f"Toisen tallentama arvo: {theirs}.")).to_be_visible()
    expect(page.get_by_role("button", name="Tallenna minun arvoni")).to_be_visible()
    assert page.evaluate(CUT_SHORT) == []
    assert page.evaluate(BROKEN_WORDS) == []


@pytest.mark.parametrize(("lang", "score", "gap"), [("fi", "2,3", "+1,7"), ("en", "2.3", "+1.7")])
def test_results_write_decimals_as_the_page_language_does_in_a_finnish_browser(
    server, browser, lang, score, gap
):
    """The page's text and the chart Vega draws in the browser. (A table draws on a canvas; its
    hidden accessible copy holds the bare values, so its format is checked in AppTest.)"""
    page = open_tab(browser, locale="fi-FI")
    try:
        show(page, f"{server.url}/assessment?view=results&lang={lang}&wb={EXAMPLE_ID}")
        expect(page.locator("[data-testid=stMetricValue]").first).to_have_text(score)
        chart = page.locator("[data-testid=stVegaLiteChart]").first
        expect(chart.locator("text", has_text=gap).first).to_be_visible()  # Measurement
        assert_no_exception(page)
    finally:
        page.context.close()


def test_a_deep_link_on_a_freshly_started_server_opens_inside_the_frame(fresh_server, page):
    server = fresh_server
    page.goto(f"{server.url}/assessment?lang=en&wb={EXAMPLE_ID}&view=results")
    wait_idle(page)
    expect(page.get_by_role("heading", name="Maturity assessment")).to_be_visible()
    expect(page.get_by_text("Your answers show the stage: Confusion")).to_be_visible()
    nav = page.locator("[data-testid=stSidebarNav]")
    expect(nav.get_by_role("link", name="Home")).to_be_visible()
    expect(nav.get_by_role("link", name="app")).to_have_count(0)
    assert_no_exception(page)


# Whether `element` is what the page shows across its width, not something drawn over it
UNCOVERED = """element => {
    const box = element.getBoundingClientRect();
    return [0.05, 0.5, 0.95].every(across => element.contains(document.elementFromPoint(
        box.left + across * box.width, box.top + box.height / 2)));
}"""


def test_a_deadline_typed_before_the_baseline_is_refused_in_sight_and_kept(server, page):
    """Typed with the keyboard into the date field's parts and closed with Escape, as the
    calendar opens over what lies under the field: the refusal shows uncovered, the date typed
    stays in the field to be fixed, and nothing is saved."""
    draft = GoalDraft("Asiakaspoistuma puolittuu", baseline_date=dt.date(2026, 9, 30))
    store = FileStore(server.data_dir)
    [goal] = store.update(EXAMPLE_ID, ops.add_goal(draft)).goals
    page.set_viewport_size({"width": 1024, "height": 768})
    show(page, f"{server.url}/goals?lang=fi&wb={EXAMPLE_ID}")
    deadline = page.locator(css(f"goals/{goal.id}/deadline"))
    deadline.locator("[data-type=day]").click()
    page.keyboard.type("01012020")
    with one_run(page):
        page.keyboard.press("Escape")
    refusal = page.get_by_text("Määräpäivän on oltava lähtötason päivämäärän jälkeen")
    expect(refusal).to_be_visible()
    assert refusal.evaluate(UNCOVERED)
    expect(deadline.locator("[role=group]")).to_have_text("01.01.2020")
    assert store.read(EXAMPLE_ID).goals[0].deadline is None


def test_add_a_goal_from_a_template_fill_it_in_and_find_it_after_a_reload(server, page):
    page.goto(f"{server.url}/goals?lang=en&wb={EXAMPLE_ID}")
    wait_idle(page)
    page.locator(".st-key-use_churn-halves").get_by_role("button").click()
    wait_idle(page)
    goal = page.locator(".st-key-goal_asiakaspoistuma-puolittuu-kahdessa-vuodessa")
    expect(goal.get_by_text("1. Asiakaspoistuma puolittuu kahdessa vuodessa")).to_be_visible()
    for label, value in (("Baseline", "12,5"), ("Target value", "6"), ("Owner", "Anna")):
        goal.get_by_label(label, exact=True).fill(value)
        with one_run(page):
            goal.get_by_label(label, exact=True).press("Tab")
    [saved] = read(server, EXAMPLE_ID)["goals"]
    assert (saved["baseline"], saved["target"], saved["owner"]) == (12.5, 6.0, "Anna")

    page.reload()
    wait_idle(page)
    expect(goal.get_by_label("Baseline", exact=True)).to_have_value("12.5")
    expect(goal.get_by_label("Target value", exact=True)).to_have_value("6")
    expect(
        goal.get_by_text(re.compile(r"12.5 % → 6 % by .* needs -3.\d* percentage points a year"))
    ).to_be_visible()
    assert_no_exception(page)


def test_the_app_makes_no_request_beyond_this_laptop(server, page):
    """Offline means offline: the page, its icon, fonts and scripts all come from the app."""
    outside: list[str] = []
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if urlsplit(request.url).hostname not in ("localhost", "127.0.0.1")
            and not request.url.startswith(("data:", "blob:"))
            else None
        ),
    )
    for path in ("/", "/assessment", "/journey?journey_view=charts", "/vision"):
        show(page, f"{server.url}{path}{'&' if '?' in path else '?'}lang=fi&wb={EXAMPLE_ID}")
    assert outside == []


def test_a_whole_dimension_is_answered_with_the_keyboard_alone(server, page):
    """1–5 answers the question and moves on, Shift+1–5 sets the dimension's target level, and
    Enter goes on to the next dimension: no mouse."""
    store = FileStore(server.data_dir)
    pack = PackRef(id="cx-maturity", version=2)
    workbook = store.add(
        new_workbook("Näppäin Oy", "Näppäimistö", "fi", pack, dt.datetime.now(dt.UTC))
    )
    round_id = workbook.assessments[0].id
    store.update(workbook.id, ops.add_participant(round_id, "Anna Virtanen"))
    show(page, f"{server.url}/assessment?lang=fi&wb={workbook.id}")
    expect(page.get_by_text("Shift+numero tavoitteen")).to_be_visible()
    levels = {
        "strategy.definition": 3,
        "strategy.vision": 2,
        "strategy.measurable-goals": 4,
        "strategy.priority-groups": 1,
    }
    for level in levels.values():
        with one_run(page):
            page.keyboard.press(f"Digit{level}")
    with one_run(page):
        page.keyboard.press("Shift+Digit4")
    [person] = read(server, workbook.id)["assessments"][0]["participants"]
    assert person["answers"] == {
        **{question: {"current": level} for question, level in levels.items()},
        "strategy": {"target": 4},
    }
    expect(page.locator(".st-key-next_dimension button")).to_be_focused()
    with one_run(page):
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Hyödyt ja vaikuttavuus")).to_be_visible()


def test_a_participant_added_from_the_popover_closes_it_and_answers_next(server, page):
    """The popover closes once its form is sent with Enter, and the new participant is the one
    answering; a role already in the name's parentheses is not written twice."""
    show(page, f"{server.url}/assessment?lang=en&wb={EXAMPLE_ID}")
    page.get_by_role("button", name="Add", exact=True).click()
    form = page.locator("[data-testid=stPopoverBody]")
    form.get_by_label("Name").fill("Kaisa (toimitusjohtaja)")
    form.get_by_label("Role").fill("toimitusjohtaja")
    with one_run(page):
        form.get_by_label("Role").press("Enter")
    expect(form).to_be_hidden()
    expect(
        page.get_by_text("Kaisa (toimitusjohtaja) has answered 0 of 44 questions.")
    ).to_be_visible()
    chosen = page.get_by_role("combobox", name="Participant")
    expect(chosen).to_have_value("Kaisa (toimitusjohtaja)")
    people = read(server, EXAMPLE_ID)["assessments"][0]["participants"]
    assert (people[-1]["name"], people[-1]["role"]) == (
        "Kaisa (toimitusjohtaja)",
        "toimitusjohtaja",
    )


def test_the_sidebar_gets_out_of_the_way_for_the_room(server, page):
    """On a 1024 px projector the button that hides the sidebar is in sight without a mouse over
    it, a key press hides the sidebar, and the page takes the width it gave up."""
    page.set_viewport_size({"width": 1024, "height": 768})
    show(page, f"{server.url}/assessment?lang=en&wb={EXAMPLE_ID}")
    page.mouse.move(900, 700)  # away from the sidebar
    hide = page.get_by_role("button", name="Collapse sidebar")
    expect(hide).to_be_visible()
    column = page.locator("[data-testid=stMainBlockContainer]")
    narrow = column.bounding_box()["width"]
    hide.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Expand sidebar")).to_be_visible()
    page.wait_for_function(
        f"() => document.querySelector('[data-testid=stMainBlockContainer]')"
        f".getBoundingClientRect().width > {narrow + 100}"
    )
