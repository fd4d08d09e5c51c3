"""What bringing back an earlier version would change is told item by item, by the names the team
gave them, in both directions."""

from __future__ import annotations

import datetime as dt

import pytest

from cxworkbook import ops
from cxworkbook.changes import CHANGES, ITEM_KINDS, Difference
from cxworkbook.edits import Operation, set_field
from cxworkbook.model import PackRef, Workbook
from cxworkbook.steps import differences
from tests import edits
from tests.conftest import EXAMPLE_ID

ROUND = "2026-10"
CHURN = "Asiakaspoistuma laskee 14 prosentista 9 prosenttiin"
PACK = PackRef(id="cx-maturity", version=2)


@pytest.fixture
def example(shipped_store) -> Workbook:
    return shipped_store.read(EXAMPLE_ID)


def edited(workbook: Workbook, *operations: Operation) -> Workbook:
    changed = workbook.model_dump()
    for operation in operations:
        operation(changed)
    return Workbook.model_validate(changed)


def test_a_workbook_differs_from_itself_in_nothing(example):
    assert differences(example, example, "fi") == []
    assert differences(example, edited(example), "en") == []


EDITS = [
    ([ops.delete_goal("churn-halves")], Difference("goal", CHURN, "removed")),
    ([edits.goal("churn-halves", "owner", "Liisa")], Difference("goal", CHURN, "changed")),
    ([ops.move_goal("churn-halves", 1)], Difference("goal_order", "", "changed")),
    (
        [edits.stage_name("plan", "Suunnittelu")],
        Difference("stage", "Suunnittelu", "changed"),
    ),
    ([ops.move_stage("plan", 1)], Difference("stage_order", "", "changed")),
    (
        [ops.move_touchpoint("move-confirmation", "plan")],
        Difference("touchpoint", "Vahvistus tekstiviestillä ja sähköpostilla", "changed"),
    ),
    ([ops.add_promise("Lupaus")], Difference("promise", "Lupaus", "added")),
    ([edits.vision("people", "Ihmiset")], Difference("vision", "", "changed")),
    ([edits.crm("notes", "Muistiinpano")], Difference("crm", "", "changed")),
    ([edits.details("Kaarnakoski", "Uusi nimi", "en")], Difference("details", "", "changed")),
    ([edits.journey("segment", "Yritykset")], Difference("segment", "", "changed")),
    ([set_field(("nps", "counts", 9), 12)], Difference("nps", "", "changed")),
    (
        [ops.add_participant(ROUND, "Liisa Korhonen")],
        Difference("participant", "Liisa Korhonen", "added"),
    ),
    (
        [
            edits.answer(ROUND, "anna", "strategy.definition", "current", 5),
            edits.answer(ROUND, "anna", "strategy.definition", "note", "Uusi"),
            edits.answer(ROUND, "anna", "service.response-time", "na", True),
        ],
        Difference("answers", "Anna Virtanen", "changed", 2),
    ),
    (
        [edits.agreed(ROUND, "strategy.definition", "current", 3)],
        Difference("agreed", "1 (14.10.2026)", "changed", 1),
    ),
    (
        [ops.start_round(dt.date(2027, 4, 1), PACK)],
        Difference("round", "2 (1.4.2027)", "added"),
    ),
]


@pytest.mark.parametrize(("operations", "expected"), EDITS)
def test_each_kind_of_edit_is_told_by_name_and_undone_the_other_way(example, operations, expected):
    after = edited(example, *operations)
    assert differences(example, after, "fi") == [expected]
    back = {"added": "removed", "removed": "added", "changed": "changed"}[expected.change]
    reverse = differences(after, example, "fi")
    assert [(d.kind, d.change, d.count) for d in reverse] == [(expected.kind, back, expected.count)]


def test_differences_come_in_the_order_of_the_steps(example):
    after = edited(
        example,
        edits.vision("people", "Ihmiset"),
        ops.delete_goal("churn-halves"),
        edits.answer(ROUND, "mikko", "strategy.definition", "target", 1),
        edits.details("Kaarnakoski", "Uusi nimi", "fi"),
    )
    assert [d.kind for d in differences(example, after, "en")] == [
        "details",
        "answers",
        "goal",
        "vision",
    ]


def test_every_kind_of_difference_is_one_the_page_phrases_and_each_is_tried_here():
    tried = {expected.kind for _, expected in EDITS}
    assert tried == {*ITEM_KINDS, "answers", "agreed"}
    assert {expected.change for _, expected in EDITS} == set(CHANGES)
