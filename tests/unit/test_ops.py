"""Operations keep ids stable and refuse what a workbook does not allow."""

from __future__ import annotations

import pytest

from cxworkbook import ops
from cxworkbook.errors import InvalidEdit
from cxworkbook.goals import GoalDraft
from cxworkbook.model import PackRef
from tests import edits
from tests.conftest import create

REF = PackRef(id="cx-maturity", version=1)


def test_participant_ids_come_from_names_and_are_never_reused(store):
    wb = create(store, "A", "B", "fi", REF)
    round_id = wb.current_round.id
    for name in ["Anna Virtanen", "Anna Virtanen", "Åsa Öberg"]:
        store.update(wb.id, ops.add_participant(round_id, name, "CX"))
    ids = [p.id for p in store.read(wb.id).current_round.participants]
    assert ids == ["anna-virtanen", "anna-virtanen-2", "asa-oberg"]


def test_editing_a_participant_keeps_their_id_and_answers(store):
    wb = create(store, "A", "B", "fi", REF)
    round_id = wb.current_round.id
    store.update(wb.id, ops.add_participant(round_id, "Anna", ""))
    store.update(wb.id, edits.answer(round_id, "anna", "strategy.definition", "current", 3))
    store.update(wb.id, edits.person(round_id, "anna", "Anna V.", "CDO"))
    anna = store.read(wb.id).current_round.participants[0]
    assert (anna.id, anna.name, anna.role) == ("anna", "Anna V.", "CDO")
    assert anna.answers["strategy.definition"].current == 3


@pytest.mark.parametrize(
    "make",
    [
        lambda r: ops.add_participant(r, " \n "),
        lambda r: edits.person(r, "anna", "\x0c", "x"),
        lambda r: edits.details("", "title", "fi"),
        lambda r: edits.details("Oy", "\t", "fi"),
    ],
)
def test_names_left_empty_after_cleaning_are_refused_and_nothing_saved(store, make):
    wb = create(store, "A", "B", "fi", REF)
    store.update(wb.id, ops.add_participant(wb.current_round.id, "Anna", ""))
    before = store.path(wb.id).read_bytes()
    with pytest.raises(InvalidEdit):
        store.update(wb.id, make(wb.current_round.id))
    assert store.path(wb.id).read_bytes() == before


def test_a_workbook_without_a_title_is_not_created(store):
    with pytest.raises(InvalidEdit):
        create(store, "Oy", "   ", "fi", REF)
    assert store.list() == []


@pytest.mark.parametrize(
    ("field", "value"), [("current", 10_000), ("target", float("nan")), ("current", "3")]
)
def test_a_value_that_is_no_answer_is_refused_and_nothing_saved(store, field, value):
    wb = create(store, "A", "B", "fi", REF)
    round_id = wb.current_round.id
    store.update(wb.id, ops.add_participant(round_id, "Anna", ""))
    before = store.path(wb.id).read_bytes()
    with pytest.raises(InvalidEdit):
        store.update(wb.id, edits.answer(round_id, "anna", "strategy.definition", field, value))
    assert store.path(wb.id).read_bytes() == before


def test_an_answer_for_a_participant_who_is_gone_is_refused(store):
    wb = create(store, "A", "B", "fi", REF)
    with pytest.raises(InvalidEdit):
        store.update(
            wb.id, edits.answer(wb.current_round.id, "ghost", "strategy.definition", "current", 3)
        )


def test_an_nps_score_becomes_a_baseline_only_of_a_goal_counted_in_nps_points(store):
    """Checked against the goal as stored when it lands: a unit changed in another tab since the
    page was drawn refuses the score, and nothing is saved."""
    wb = create(store, "A", "B", "fi", REF)
    store.update(wb.id, ops.add_goal(GoalDraft(title="NPS nousee", unit="NPS-pistettä")))
    [goal] = store.read(wb.id).goals
    store.update(wb.id, ops.set_nps_baseline(goal.id, 12.34))
    assert store.read(wb.id).goals[0].baseline == 12.3
    store.update(wb.id, edits.goal(goal.id, "unit", "%"))
    before = store.read(wb.id)
    with pytest.raises(InvalidEdit) as refused:
        store.update(wb.id, ops.set_nps_baseline(goal.id, 30.0))
    assert refused.value.code == "not_nps"
    assert store.read(wb.id) == before
