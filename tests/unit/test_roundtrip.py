"""Property-based: whatever a user types is saved and read back as typed (after the documented
cleaning), or the save is refused before anything on disk changes."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxworkbook import ops
from cxworkbook.model import PackRef
from cxworkbook.store import SaveFailed, Store
from cxworkbook.yamlio import clean_line, clean_text, parse_untrusted

REF = PackRef(id="cx-maturity", version=1)
typed = st.text(min_size=1, max_size=60).filter(lambda s: clean_line(s))
notes = st.text(max_size=300)
scores = st.none() | st.integers(min_value=1, max_value=5)
QUESTIONS = ["strategy.definition", "basics.complaints", "data-crm.enrichment", "people.skills"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    organisation=typed,
    title=typed,
    names=st.lists(typed, min_size=1, max_size=3),
    edits=st.lists(
        st.tuples(st.sampled_from(QUESTIONS), scores, scores, st.booleans(), st.booleans(), notes),
        max_size=6,
    ),
)
def test_save_then_load_gives_back_what_was_typed(organisation, title, names, edits):
    # Durability (fsync) is proven in test_store; here only what is written matters.
    root = Path(tempfile.mkdtemp())
    with mock.patch("os.fsync"):
        try:
            check_round_trip(root, organisation, title, names, edits)
        finally:
            shutil.rmtree(root)


def check_round_trip(root, organisation, title, names, edits):
    store = Store(root / "data")
    try:
        wb = store.create(organisation, title, "fi", REF)
    except SaveFailed:
        assert list((root / "data").glob("*.yaml")) == []
        return
    round_id = wb.current_round.id
    for name in names:
        wb = store.update(wb.id, ops.add_participant(round_id, name, name))
    pid = wb.current_round.participants[0].id
    empty = {"current": None, "target": None, "na": False, "dont_know": False, "note": ""}
    expected: dict[str, dict] = {}
    for question, current, target, na, dont_know, note in edits:
        values = {"current": current, "target": target, "na": na, "dont_know": dont_know}
        for field, value in (*values.items(), ("note", note)):
            before = store.path(wb.id).read_bytes()
            try:
                store.update(wb.id, ops.set_answer(round_id, pid, question, field, value))
            except SaveFailed:
                assert store.path(wb.id).read_bytes() == before
                continue
            typed_value = clean_text(value) if field == "note" else value
            expected.setdefault(question, dict(empty))[field] = typed_value
    reopened = Store(root / "data").open(wb.id)
    assert reopened.meta.organisation == clean_line(organisation)
    assert reopened.meta.title == clean_line(title)
    assert [p.name for p in reopened.current_round.participants] == [clean_line(n) for n in names]
    answers = reopened.current_round.participants[0].answers
    assert {q: a.model_dump() for q, a in answers.items()} == {
        q: fields for q, fields in expected.items() if fields != empty
    }
    on_disk = parse_untrusted(store.path(wb.id).read_bytes(), "f.yaml")
    assert on_disk == reopened.to_data()
