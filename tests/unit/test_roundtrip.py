"""Property-based: whatever a user types is saved and read back as typed (after the documented
cleaning), or the save is refused before anything on disk changes. The store-level test saves
through every layer (300 examples); the serialisation test puts any Unicode into every kind of
text field (2,000 examples)."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxworkbook import ops
from cxworkbook.errors import SaveFailed
from cxworkbook.model import PackRef, Workbook
from cxworkbook.store import FileStore
from cxworkbook.store.files import serialise
from cxworkbook.yamlio import clean_line, clean_text, dump, parse_untrusted
from tests import edits
from tests.conftest import create, examples

REF = PackRef(id="cx-maturity", version=1)
typed = st.text(min_size=1, max_size=60).filter(lambda s: clean_line(s))
notes = st.text(max_size=300)
scores = st.none() | st.integers(min_value=1, max_value=5)
QUESTIONS = ["strategy.definition", "basics.complaints", "data-crm.enrichment", "people.skills"]


@pytest.mark.slow
@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    organisation=typed,
    title=typed,
    names=st.lists(typed, min_size=1, max_size=3),
    answers=st.lists(
        st.tuples(st.sampled_from(QUESTIONS), scores, scores, st.booleans(), st.booleans(), notes),
        max_size=6,
    ),
)
def test_save_then_load_gives_back_what_was_typed(organisation, title, names, answers):
    # Durability (fsync) is proven in test_store; here only what is written matters.
    root = Path(tempfile.mkdtemp())
    with mock.patch("os.fsync"):
        try:
            check_round_trip(root, organisation, title, names, answers)
        finally:
            shutil.rmtree(root)


def check_round_trip(root, organisation, title, names, answers):
    store = FileStore(root / "data")
    try:
        wb = create(store, organisation, title, "fi", REF)
    except SaveFailed:
        assert list((root / "data").glob("*.yaml")) == []
        return
    round_id = wb.current_round.id
    for name in names:
        wb = store.update(wb.id, ops.add_participant(round_id, name, name))
    pid = wb.current_round.participants[0].id
    empty = {"current": None, "target": None, "na": False, "dont_know": False, "note": ""}
    expected: dict[str, dict] = {}
    for question, current, target, na, dont_know, note in answers:
        values = {"current": current, "target": target, "na": na, "dont_know": dont_know}
        for field, value in (*values.items(), ("note", note)):
            before = store.path(wb.id).read_bytes()
            try:
                store.update(wb.id, edits.answer(round_id, pid, question, field, value))
            except SaveFailed:
                assert store.path(wb.id).read_bytes() == before
                continue
            typed_value = clean_text(value) if field == "note" else value
            expected.setdefault(question, dict(empty))[field] = typed_value
    reopened = FileStore(root / "data").read(wb.id)
    assert reopened.meta.organisation == clean_line(organisation)
    assert reopened.meta.title == clean_line(title)
    assert [p.name for p in reopened.current_round.participants] == [clean_line(n) for n in names]
    answers = reopened.current_round.participants[0].answers
    assert {q: a.model_dump() for q, a in answers.items()} == {
        q: fields for q, fields in expected.items() if fields != empty
    }
    on_disk = parse_untrusted(store.path(wb.id).read_bytes(), "f.yaml")
    assert on_disk == reopened.to_data()


def _workbook(texts: list[str], long_text: str, scores: list[int | None]):
    """A workbook with user text in every kind of field: names, notes, goals, the journey,
    promises and the vision."""
    short = [clean_line(t) or "x" for t in texts]
    now = dt.datetime(2026, 11, 23, 9, tzinfo=dt.UTC)
    return Workbook.model_validate(
        {
            "schema_version": 1,
            "id": "w",
            "revision": 3,
            "meta": {
                "organisation": short[0],
                "title": short[1],
                "language": "fi",
                "created": now,
                "updated": now,
            },
            "assessments": [
                {
                    "id": "r",
                    "date": now.date(),
                    "questionnaire": REF.model_dump(),
                    "participants": [
                        {
                            "id": "p",
                            "name": short[2],
                            "role": short[3],
                            "answers": {
                                "strategy.definition": {
                                    "current": scores[0],
                                    "target": scores[1],
                                    "note": long_text,
                                }
                            },
                        }
                    ],
                    "agreed": {
                        "strategy.definition": {"current": scores[2], "rationale": long_text}
                    },
                }
            ],
            "crm": {"state": "legacy", "notes": long_text},
            "goals": [
                {
                    "id": "g",
                    "title": short[0],
                    "metric": short[1],
                    "unit": short[2],
                    "owner": short[3],
                }
            ],
            "journey": {
                "segment": short[1],
                "segment_description": long_text,
                "stages": [
                    {
                        "id": "s",
                        "name": short[2],
                        "touchpoints": [
                            {
                                "id": "t",
                                "name": short[3],
                                "channel": short[0],
                                "pain_point": long_text,
                            }
                        ],
                    }
                ],
            },
            "promises": [{"id": "p", "text": short[1], "problem": long_text, "target": short[2]}],
            "vision": {"statement": long_text, "people": long_text, "stage_reason": long_text},
        }
    )


@pytest.mark.slow
@settings(max_examples=examples(1000), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=st.lists(st.text(min_size=1, max_size=80), min_size=4, max_size=4),
    long_text=st.text(max_size=400),
    scores=st.lists(scores, min_size=3, max_size=3),
)
def test_any_unicode_in_any_field_reads_back_equal_or_is_refused_before_saving(
    texts, long_text, scores
):
    workbook = _workbook(texts, long_text, scores)
    try:
        text = serialise(workbook).text
    except SaveFailed as exc:
        assert exc.reason == "roundtrip"  # refused: nothing would have been written
        return
    assert Workbook.model_validate(parse_untrusted(text.encode(), "w.yaml")) == workbook
    assert text == dump(workbook.to_data())  # written entry by entry, the same as in one go
