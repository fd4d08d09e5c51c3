"""Two sessions on one workbook, interleaved in every way hypothesis can think of: an edit based on
what a session saw lands unless someone else changed that very field meanwhile, and then it is
refused (and reported), never silently written over the other's value."""

from __future__ import annotations

import tempfile
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxworkbook import ops
from cxworkbook.errors import StaleEdit
from cxworkbook.model import PackRef
from cxworkbook.store import FileStore
from tests import edits
from tests.conftest import create, examples

REF = PackRef(id="cx-maturity", version=1)
FIELDS = [
    ("strategy.definition", "current"),
    ("strategy.definition", "note"),
    ("basics.complaints", "current"),
]
VALUES = {"current": st.none() | st.integers(1, 5), "note": st.sampled_from(["", "a", "b"])}
action = st.tuples(st.sampled_from(["A", "B"]), st.sampled_from(range(len(FIELDS))), st.booleans())


def read(store: FileStore, workbook_id: str, question: str, field: str):
    answer = store.read(workbook_id).current_round.participants[0].answers.get(question)
    if answer is None:
        return None if field == "current" else ""
    return getattr(answer, field)


@pytest.mark.slow
@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=st.lists(st.tuples(action, st.data()), min_size=1, max_size=12))
def test_interleaved_edits_land_or_are_reported_never_lost(steps):
    with tempfile.TemporaryDirectory() as folder, mock.patch("os.fsync"):
        store = FileStore(Path(folder))
        wb = create(store, "Org", "T", "fi", REF)
        round_id = wb.current_round.id
        wb = store.update(wb.id, ops.add_participant(round_id, "Anna"))
        pid = wb.current_round.participants[0].id
        truth = {f: (None if f[1] == "current" else "") for f in FIELDS}
        seen = {"A": dict(truth), "B": dict(truth)}  # what each session's screen shows
        for (session, index, refresh), data in steps:
            field = FIELDS[index]
            new = data.draw(VALUES[field[1]])
            expected = seen[session][field]
            edit = edits.answer(round_id, pid, field[0], field[1], new, expected)
            if truth[field] in (expected, new):
                store.update(wb.id, edit)
                truth[field] = new
                seen[session][field] = new
            else:
                try:
                    store.update(wb.id, edit)
                except StaleEdit as exc:
                    assert exc.theirs == truth[field]  # the user is told the other value
                else:
                    raise AssertionError("a stale edit overwrote someone else's value")
            if refresh:  # the session reruns and reads the file again
                seen[session] = {f: read(store, wb.id, *f) for f in FIELDS}
            for f in FIELDS:
                assert read(store, wb.id, *f) == truth[f]
