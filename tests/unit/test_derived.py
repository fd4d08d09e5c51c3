"""Results pages compute from the workbook are kept per version: computed once while the file is
unchanged, anew as soon as a save makes a new version."""

from __future__ import annotations

from cxworkbook.scoring import team_score
from cxworkbook.ui import derived as kept
from cxworkbook.ui.derived import derived
from tests import edits
from tests.conftest import EXAMPLE_ID


class Counted:
    """A function that counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, *args: object) -> tuple:
        self.calls += 1
        return args


def test_the_same_version_is_scored_once_and_a_saved_change_anew(example_store, packs):
    round_id = example_store.read(EXAMPLE_ID).current_round.id
    pack = packs.get("cx-maturity", 1)
    before = derived(team_score, pack, example_store.read(EXAMPLE_ID).current_round)
    assert derived(team_score, pack, example_store.read(EXAMPLE_ID).current_round) is before

    example_store.update(
        EXAMPLE_ID, edits.answer(round_id, "anna", "strategy.definition", "current", 5)
    )
    after = derived(team_score, pack, example_store.read(EXAMPLE_ID).current_round)
    assert after is not before
    assert after == team_score(pack, example_store.read(EXAMPLE_ID).current_round)
    assert after != before


def test_objects_count_by_identity_and_values_by_value():
    compute = Counted()
    rows = [1, 2]
    assert derived(compute, rows, "fi") == (rows, "fi")
    derived(compute, rows, "fi")
    assert compute.calls == 1
    derived(compute, [1, 2], "fi")  # equal, but another object: it may be another version
    derived(compute, rows, "en")
    assert compute.calls == 3


def test_only_the_most_recently_asked_for_results_are_kept():
    compute = Counted()
    first = [0]
    derived(compute, first)
    for number in range(kept.KEPT):
        derived(compute, [number])
    derived(compute, first)
    assert compute.calls == kept.KEPT + 2
    assert len(kept._kept) <= kept.KEPT
