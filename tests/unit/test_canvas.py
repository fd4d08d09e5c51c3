"""The journey canvas: every touchpoint and what the room said of it is on it, in its stage's
column and lane, every text inside its box, nothing overlapping, the emotion curve where the
ratings put it; and its chart is what the page and the documents draw."""

from __future__ import annotations

from itertools import pairwise

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from cxworkbook import charts
from cxworkbook.canvas import (
    CARD_LANES,
    CHARACTERS,
    LANES,
    LINE_HEIGHT,
    STAGE_WIDTH,
    CanvasPiece,
    canvas_facts,
    canvas_labels,
    canvas_table,
    slide_pieces,
    wrapped,
)
from cxworkbook.model import Journey, JourneyStage, Touchpoint
from tests.conftest import examples

LABELS_FI = canvas_labels(Journey(), "fi", (("web", "Verkkosivut"),))


def journey_of(*stages: list[Touchpoint]) -> Journey:
    return Journey(
        stages=[
            JourneyStage(id=f"s{number}", name=f"Vaihe {number}", touchpoints=touchpoints)
            for number, touchpoints in enumerate(stages, start=1)
        ]
    )


MOVE = journey_of(
    [
        Touchpoint(
            id="compare",
            name="Hintavertailu",
            channel="web",
            effectiveness=3,
            ease=2,
            emotion=2,
            delivery="partner",
            owner="Myynti",
        )
    ],
    [
        Touchpoint(
            id="sign",
            name="Sopimus verkossa",
            emotion=1,
            moment_that_matters=True,
            pain_point="Kysyy mittarin numeroa, jota asiakas ei löydä laskustaan",
            opportunity="Hae numero osoitteesta",
        ),
        Touchpoint(id="welcome", name="Tervetuloviesti", emotion=5),
    ],
)


def canvas(journey: Journey) -> pd.DataFrame:
    labels = canvas_labels(journey, "fi", (("web", "Verkkosivut"),))
    return canvas_table(journey, labels)


def texts(table: pd.DataFrame) -> list[str]:
    return table[table["kind"].isin(["title", "text"])]["text"].tolist()


def words(table: pd.DataFrame) -> str:
    return " ".join(" ".join(text.split("\n")) for text in texts(table))


def test_every_touchpoint_and_what_was_said_of_it_is_on_the_canvas():
    shown = words(canvas(MOVE))
    for text in (
        "1. Vaihe 1",
        "2. Vaihe 2",
        "1 kosketuspiste · tunne keskimäärin 2,0",
        "2 kosketuspistettä · tunne keskimäärin 3,0",
        "Hintavertailu",
        "Verkkosivut · Kumppani",
        "Hyöty 3 · Helppous 2 · Tunne 2",
        "Hyöty – · Helppous – · Tunne 1",
        "Omistaja: Myynti",
        "★ Ratkaiseva hetki",
        "Kysyy mittarin numeroa, jota asiakas ei löydä laskustaan",
        "Hae numero osoitteesta",
        "Kumppani: 1",
        "Ei päätetty: 2",
        "Kosketuspisteet",
        "Kipukohta",
        "Mahdollisuus",
        "Toteuttaja",
    ):
        assert text in shown


def test_a_moment_that_matters_is_framed_in_its_colour_and_drawn_as_a_diamond():
    table = canvas(MOVE)
    boxes = table[table["kind"] == "box"]
    assert (boxes["size"] == 3).sum() == 1  # the moment's card, its frame thick
    [moment] = table[table["kind"] == "moment"].itertuples()
    assert moment.colour == boxes[boxes["size"] == 3]["colour"].iloc[0]
    assert (table["kind"] == "dot").sum() == 2


def test_the_curve_runs_through_each_rated_stages_mean_higher_for_a_better_feeling():
    table = canvas(MOVE)
    curve = table[table["kind"] == "curve"].sort_values("x")
    assert len(curve) == 2
    first, second = curve["y"].tolist()
    assert second < first  # 3,0 on average in stage 2 stands above 2,0 in stage 1
    assert curve["x"].diff().iloc[1] == STAGE_WIDTH


def test_long_text_wraps_between_words_within_its_box():
    assert wrapped("Sähkösopimuksen siirto uuteen kotiin verkkopalvelussa", 20) == [
        "Sähkösopimuksen",
        "siirto uuteen kotiin",
        "verkkopalvelussa",
    ]
    assert wrapped("Kaksi\nriviä") == ["Kaksi", "riviä"]


def inside(table: pd.DataFrame) -> list[str]:
    """Texts in a card that run past its foot or its right edge (by the characters they hold)."""
    boxes = table[(table["kind"] == "box") & (table["x2"] - table["x"] < STAGE_WIDTH)]
    problems = []
    for text in table[table["kind"].isin(["title", "text"])].itertuples():
        lines = text.text.split("\n")
        home = boxes[
            (boxes["x"] <= text.x)
            & (text.x < boxes["x2"])
            & (boxes["y"] <= text.y)
            & (text.y < boxes["y2"])
        ]
        if home.empty:
            continue  # a lane's name, or a level of the emotion lane
        if text.y + len(lines) * LINE_HEIGHT > home["y2"].min() or any(
            len(line) > CHARACTERS for line in lines
        ):
            problems.append(text.text)
    return problems


def overlapping(table: pd.DataFrame) -> list[tuple[float, float]]:
    """Cards of one column and lane that overlap."""
    boxes = table[(table["kind"] == "box") & (table["x2"] - table["x"] < STAGE_WIDTH)]
    found = []
    for _, column in boxes.groupby("x"):
        spans = sorted(zip(column["y"], column["y2"], strict=True))
        found += [(a, b) for (_, a), (b, _) in pairwise(spans) if b < a]
    return found


names = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=80
).filter(str.strip)
touchpoints = st.builds(
    Touchpoint,
    id=st.uuids().map(lambda u: f"t{u.hex[:12]}"),
    name=names,
    channel=st.sampled_from(["", "web", "Naapurin suositus"]),
    effectiveness=st.none() | st.integers(1, 5),
    ease=st.none() | st.integers(1, 5),
    emotion=st.none() | st.integers(1, 5),
    moment_that_matters=st.booleans(),
    pain_point=st.just("") | names,
    opportunity=st.just("") | names,
    delivery=st.sampled_from([None, "in-house", "partner", "outsourced"]),
    owner=st.just("") | names,
)


@settings(max_examples=examples(40), deadline=None)
@given(st.lists(st.lists(touchpoints, max_size=4), min_size=1, max_size=5))
def test_any_map_is_laid_out_with_every_text_inside_its_card_and_no_card_overlapping(stages):
    table = canvas(journey_of(*stages))
    assert inside(table) == []
    assert overlapping(table) == []
    shown = words(table)
    for touchpoint in (tp for stage in stages for tp in stage):
        assert " ".join(wrapped(touchpoint.name)) in shown
    [space] = table[table["kind"] == "space"].itertuples()
    assert (table["x2"].max(), table["y2"].max()) == (space.x2, space.y2)


def test_the_facts_beside_the_canvas_are_one_row_per_touchpoint():
    facts = canvas_facts(MOVE, LABELS_FI)
    assert facts["touchpoint"].tolist() == ["Hintavertailu", "Sopimus verkossa", "Tervetuloviesti"]
    assert facts.loc[0, "channel"] == "Verkkosivut"
    assert facts.loc[0, "delivery"] == "Kumppani"
    assert facts.loc[1, "moment"] == "Ratkaiseva hetki"
    assert facts.loc[2, "delivery"] == "Ei päätetty"


def test_the_canvas_chart_is_as_wide_and_tall_as_its_layout_and_draws_every_text():
    table = canvas(MOVE)
    spec = charts.spec(charts.journey_canvas, table, charts.CanvasTitle("Asiakaspolku"), "fi")
    assert (spec["width"], spec["height"]) == (int(table["x2"].max()), int(table["y2"].max()))
    [rows] = spec["datasets"].values()
    assert [row["text"] for row in rows if row["kind"] in ("title", "text")] == texts(table)


def piece_words(piece: CanvasPiece) -> str:
    return words(piece.table)


@settings(max_examples=examples(30), deadline=None)
@given(
    st.lists(st.lists(touchpoints, max_size=6), min_size=1, max_size=5),
    st.integers(1, 3),
    st.integers(300, 700),
)
def test_slide_pieces_show_every_card_once_within_their_height(stages, per_slide, height):
    """A slide shows a piece of the canvas whole at a readable size; a piece too tall for it is
    cut into lanes, and those of cards into a few touchpoints at a time, never losing one."""
    journey = journey_of(*stages)
    labels = canvas_labels(journey, "fi", (("web", "Verkkosivut"),))
    whole = CanvasPiece(journey, labels, 0, len(stages), LANES)
    pieces = slide_pieces(whole, per_slide, height)
    for piece in pieces:
        assert piece.count <= per_slide
        table = piece.table
        cards = table[(table["kind"] == "box") & (table["x"] > 0)]  # not a lane's backdrop
        if piece.height > height:  # only a lane whose names or single cards are taller
            assert len(piece.lanes) == 1
            if piece.lanes[0] in CARD_LANES:
                assert (cards.groupby("x").size() <= 2).all()  # its stage's name and one card
    for lane, field in (("touchpoints", "name"), ("pains", "pain_point")):
        shown = " ".join(piece_words(p) for p in pieces if lane in p.lanes)
        for touchpoint in (tp for stage in stages for tp in stage):
            text = getattr(touchpoint, field)
            if text.strip():
                assert " ".join(wrapped(text)) in shown
