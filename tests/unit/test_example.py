"""The shipped example, what a newcomer's first run opens: every step filled in, consistent with
its own assessment and with the content packs, so the first document has no empty section."""

from __future__ import annotations

from cxworkbook.crm import committed_steps, crm_fit
from cxworkbook.goals import is_measurable
from cxworkbook.i18n import translate
from cxworkbook.journey import pain_points
from cxworkbook.report.exports import export
from cxworkbook.scoring import team_score
from cxworkbook.steps import step_progress
from cxworkbook.store.workbooks import export_yaml
from tests.conftest import EXAMPLE_ID


def test_every_step_of_the_example_is_filled_in(shipped_store, pack):
    example = shipped_store.read(EXAMPLE_ID)
    for step, progress in step_progress(example, pack):
        assert progress.total > 0 and progress.done == progress.total, step.id
    assert example.promises and example.journey.segment


def test_the_examples_crm_state_fits_its_assessment_and_its_steps_belong_to_it(
    shipped_store, packs, pack
):
    example = shipped_store.read(EXAMPLE_ID)
    state = packs.crm.state(example.crm.state)
    dimension = packs.crm.dimension_in(pack)
    score = team_score(pack, example.current_round).dimension(dimension.id)
    assert crm_fit(state, score.current).verdict == "agrees"
    assert [s.id for s in committed_steps(example.crm, packs.crm)] == example.crm.next_steps


def test_the_examples_goals_promises_and_map_point_at_what_exists(shipped_store, packs, pack):
    example = shipped_store.read(EXAMPLE_ID)
    journey = example.journey
    stage_ids = {s.id for s in journey.stages}
    dimension_ids = {d.id for d in pack.dimensions}
    for goal in example.goals:
        assert is_measurable(goal)
        assert goal.stage is None or goal.stage in stage_ids
        assert set(goal.dimensions) <= dimension_ids
    channels = {c.id for c in packs.journey.channels}
    assert all(tp.channel in channels for s in journey.stages for tp in s.touchpoints)
    painful = {p.touchpoint.id for p in pain_points(journey)}
    for promise in example.promises:
        assert not promise.is_vague and promise.touchpoint in painful


def test_the_examples_first_document_has_no_empty_section(shipped_store, packs):
    document = export(shipped_store, packs, EXAMPLE_ID, "markdown").decode()
    empty = translate("fi", "report.empty").split("{")[0]
    assert empty not in document
    for text in (
        "Asiakaspoistuma laskee 14 prosentista",
        "hyvitämme",
        "Soitto meille sähkökatkosta",
    ):
        assert text in document


def test_the_example_is_a_finnish_energy_retailer_of_2026_on_the_latest_pack(
    shipped_store, packs, pack
):
    example = shipped_store.read(EXAMPLE_ID)
    round_ = example.current_round
    assert round_.questionnaire == pack.ref
    assert {"Johto", "Laskutus", "IT", "Myynti"} <= {p.role for p in round_.participants}
    channels = {tp.channel for s in example.journey.stages for tp in s.touchpoints}
    assert {"sms", "e-invoice", "ai-assistant"} <= channels
    assert [s.id for s in example.journey.stages] == [
        s.id for s in packs.journey.template("moving-house").stages
    ]
    text = export_yaml(shipped_store, EXAMPLE_ID).decode().casefold()
    assert (
        "arviolasku" not in text and "tasauslasku" not in text
    )  # remote-read meters ended estimated bills


def test_the_examples_answers_show_the_stage_the_team_places_itself_at(shipped_store, pack):
    example = shipped_store.read(EXAMPLE_ID)
    score = team_score(pack, example.current_round)
    assert score.stage is not None and score.stage.id == example.vision.stage
    every_target = {d.id for d in pack.dimensions}
    for person in example.current_round.participants:
        assert every_target <= set(person.answers), person.name
