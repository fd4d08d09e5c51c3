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
    score = team_score(pack, example.current_round).dimension(packs.crm.dimension)
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
    for text in ("Asiakaspoistuma puolittuu kahdessa vuodessa", "hyvitämme", "Soitto sähkökatkon"):
        assert text in document
