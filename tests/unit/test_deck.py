"""The deck (PPTX), read back with python-pptx: 16:9, a slide title per section in order, native
charts whose series are the workbook's numbers, notes saying what they mean, no text under
12 pt, long content flowing onto more slides, and hostile text kept as typed."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE, MSO_SHAPE_TYPE
from pptx.util import Pt

from cxworkbook import EXAMPLES_DIR, ops
from cxworkbook.journey import delivery_table, emotion_table
from cxworkbook.report.build import DISCUSSED, build_document
from cxworkbook.report.deck import TEXT_CHARACTERS, render_pptx
from cxworkbook.report.document import Chart
from cxworkbook.scoring import team_score
from cxworkbook.store import open_data_folder
from cxworkbook.tables import dimension_table
from cxworkbook.workshop import discussion_queue, question_labels
from tests.conftest import EXAMPLE_ID
from tests.unit.test_report import HOSTILE, fill


def read_deck(data: bytes):
    return Presentation(io.BytesIO(data))


def texts(slide) -> list[str]:
    found = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            found.append(shape.text_frame.text)
        if shape.has_table:
            found += [cell.text for row in shape.table.rows for cell in row.cells]
    return found


@pytest.fixture(scope="module")
def shipped(tmp_path_factory, packs):
    store = open_data_folder(tmp_path_factory.mktemp("deck") / "data", EXAMPLES_DIR)
    workbook = store.read(EXAMPLE_ID)
    document = build_document(workbook, packs)
    return workbook, document, read_deck(render_pptx(document))


def charts_of(deck) -> list:
    return [shape.chart for slide in deck.slides for shape in slide.shapes if shape.has_chart]


def test_the_deck_is_wide_with_a_title_slide_and_the_sections_in_order(shipped):
    _, document, deck = shipped
    assert (deck.slide_width, deck.slide_height) == (Pt(960), Pt(540))  # 13.33 by 7.5 inches
    first = deck.slides[0]
    assert first.shapes.title.text == "Digitaalisen asiakaskokemuksen työpaja"
    assert any("Kaarnakoski Energia Oy" in text for text in texts(first))
    titles = list(dict.fromkeys(slide.shapes.title.text for slide in list(deck.slides)[1:]))
    expected = [s.heading for s in document.sections if s.id != "appendix"]
    assert titles == expected
    assert deck.core_properties.author == "Kaarnakoski Energia Oy"


def test_the_charts_are_native_and_carry_the_workbooks_numbers(shipped, pack):
    workbook, _, deck = shipped
    charts = charts_of(deck)
    kinds = [chart.chart_type for chart in charts]
    assert XL_CHART_TYPE.COLUMN_CLUSTERED in kinds
    assert XL_CHART_TYPE.LINE_MARKERS in kinds
    assert XL_CHART_TYPE.COLUMN_STACKED in kinds

    gaps = dimension_table(team_score(pack, workbook.current_round), pack, "fi")
    profile = charts[0]
    assert list(profile.plots[0].categories) == list(gaps["dimension"])
    today, target = (list(series.values) for series in profile.plots[0].series)
    assert today == pytest.approx(list(gaps["current"]))
    assert target == pytest.approx(list(gaps["target"]))

    lines = [c for c in charts if c.chart_type == XL_CHART_TYPE.LINE_MARKERS]
    means = emotion_table(workbook.journey)
    [emotion] = [c for c in lines if list(c.plots[0].categories) == list(means["stage"])]
    assert list(emotion.plots[0].series[0].values) == pytest.approx(list(means["emotion"]))
    [delivery] = [c for c in charts if c.chart_type == XL_CHART_TYPE.COLUMN_STACKED]
    mix = delivery_table(workbook.journey)
    in_house = list(delivery.plots[0].series[0].values)
    assert in_house == [float(count) for count in mix["in-house"]]


def test_each_goal_has_a_native_path_from_its_baseline_to_its_target(shipped):
    workbook, _, deck = shipped
    paths = {
        chart.chart_title.text_frame.text: list(chart.plots[0].series[0].values)
        for chart in charts_of(deck)
        if chart.chart_type == XL_CHART_TYPE.LINE_MARKERS and chart.has_title
    }
    assert len(paths) == len(workbook.goals)
    for number, goal in enumerate(workbook.goals, start=1):
        [values] = [v for title, v in paths.items() if title.startswith(f"{number}. {goal.title}")]
        assert values == pytest.approx([goal.baseline, goal.target])


def test_the_disagreement_slides_show_the_most_contested_questions(shipped, pack):
    workbook, document, deck = shipped
    heading = next(s.heading for s in document.sections if s.id == "disagreement")
    [bars] = [c for c in charts_of(deck) if c.chart_type == XL_CHART_TYPE.BAR_CLUSTERED]
    queue = discussion_queue(team_score(pack, workbook.current_round))[:DISCUSSED]
    labels = question_labels(pack, "fi")
    assert list(bars.plots[0].categories) == [labels[q.question_id] for q in queue]
    lowest, median, highest = (list(series.values) for series in bars.plots[0].series)
    assert lowest == [q.current.min for q in queue]
    assert median == pytest.approx([q.current.median for q in queue])
    assert highest == [q.current.max for q in queue]
    slides = [s for s in deck.slides if s.shapes.title.text == heading]
    agreed = workbook.current_round.agreed
    assert agreed, "the example has agreed values to show"
    shown = " ".join(" ".join(text.split()) for slide in slides for text in texts(slide))
    for rationale in (a.rationale for a in agreed.values() if a.rationale):
        assert " ".join(rationale.split()) in shown


def test_the_slides_of_a_section_with_numbers_say_what_they_mean(shipped):
    _, document, deck = shipped
    notes = {s.heading: s.notes for s in document.sections}
    alts = {b.alt for s in document.sections for b in s.blocks if isinstance(b, Chart)}
    for slide in list(deck.slides)[1:]:
        said = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        assert notes[slide.shapes.title.text] in said
        if any(shape.has_chart for shape in slide.shapes):
            assert any(said.startswith(alt) for alt in alts)
    assert all(notes[s.heading] for s in document.sections if s.id in ("maturity", "journey"))


def test_the_journey_canvas_is_drawn_in_shapes_that_stay_on_their_slides(shipped):
    workbook, document, deck = shipped
    heading = next(s.heading for s in document.sections if s.id == "journey")
    canvas = [
        slide
        for slide in deck.slides
        if slide.shapes.title.text == heading
        and any(shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE for shape in slide.shapes)
    ]
    assert canvas
    drawn = " ".join(
        shape.text_frame.text
        for slide in canvas
        for shape in slide.shapes
        if shape.has_text_frame and shape.shape_type == MSO_SHAPE_TYPE.TEXT_BOX
    )
    touchpoints = [tp for stage in workbook.journey.stages for tp in stage.touchpoints]
    for tp in touchpoints:
        assert " ".join(tp.name.split()) in " ".join(drawn.split())
    diamonds = [
        shape
        for slide in canvas
        for shape in slide.shapes
        if shape.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE
        and shape.auto_shape_type == MSO_SHAPE.DIAMOND
    ]
    rated_moments = sum(tp.moment_that_matters and tp.emotion is not None for tp in touchpoints)
    assert rated_moments and len(diamonds) == rated_moments
    for slide in canvas:
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.left + shape.width <= deck.slide_width
            assert shape.top >= 0 and shape.top + shape.height <= deck.slide_height
    everything = [shape for slide in deck.slides for shape in slide.shapes]
    assert not [shape for shape in everything if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]


def text_frames(deck):
    """Every text frame of the deck: its shapes' and its tables' cells'."""
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                yield shape.text_frame
            if shape.has_table:
                yield from (cell.text_frame for row in shape.table.rows for cell in row.cells)


def test_no_text_is_set_under_12_points(shipped):
    _, _, deck = shipped
    sizes = [
        run.font.size
        for frame in text_frames(deck)
        for paragraph in frame.paragraphs
        for run in paragraph.runs
        if run.font.size is not None
    ]
    assert sizes and min(sizes) >= Pt(12)
    assert all(chart.font.size >= Pt(12) for chart in charts_of(deck))


def test_long_content_flows_onto_more_slides(example_store, packs):
    fill(example_store)
    for number in range(30):
        example_store.update(
            EXAMPLE_ID, ops.add_promise(f"Lupaus {number}: " + "vastaamme nopeasti " * 6)
        )
    document = build_document(example_store.read(EXAMPLE_ID), packs)
    deck = read_deck(render_pptx(document))
    heading = next(s.heading for s in document.sections if s.id == "promises")
    slides = [s for s in deck.slides if s.shapes.title.text == heading]
    assert len(slides) >= 3
    for slide in slides:
        body = [t for t in texts(slide) if t != heading]
        assert sum(map(len, body)) <= TEXT_CHARACTERS + 200


def test_hostile_text_is_kept_as_typed(example_store, packs):
    fill(example_store, text=HOSTILE)
    deck = read_deck(render_pptx(build_document(example_store.read(EXAMPLE_ID), packs)))
    shown = "\n".join(text for slide in deck.slides for text in texts(slide))
    assert "<script>alert(1)</script>" in shown
    assert "\x0c" not in shown and "\x00" not in shown
