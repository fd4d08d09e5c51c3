"""A document written part by part is, byte for byte, the document written in one go, whatever
the last save held and whatever was typed."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxworkbook.yamlio import clean_text, dump, read_back
from cxworkbook.yamlparts import WouldChange, document

sentences = st.lists(
    st.sampled_from(["asiakaskokemus", "on", "hyvä", "'lainaus'", "#", "a: b", "- c", "ääkkönen"]),
    max_size=40,
).map(" ".join)  # long enough to be folded, at every depth
texts = st.text(max_size=30).map(clean_text) | st.text(max_size=250).map(clean_text) | sentences
words = st.sampled_from(["", "cxworkbook-part-0", "a: cxworkbook-part-1", "x\n\ny", " lead"])
# Keys always in the same order, as a schema gives them.
leaf = st.builds(
    lambda t, n: {"t": t} if n is None else {"t": t, "n": n},
    texts | words,
    st.none() | st.integers(0, 9),
)
touchpoints = st.lists(leaf, max_size=3)
stages = st.lists(
    st.builds(lambda name, tps: {"name": name, "touchpoints": tps}, texts, touchpoints),
    min_size=1,
    max_size=3,
)


@st.composite
def two_saves(draw):
    """Two documents that share parts, as two saves in a row do."""
    pool = draw(stages)
    first, second = (
        {
            "revision": draw(st.integers(1, 9)),
            "goals": draw(st.lists(leaf, max_size=3)),
            "journey": {"title": draw(texts), "stages": draw(st.lists(st.sampled_from(pool)))},
        }
        for _ in range(2)
    )
    return first, second


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(two_saves())
def test_written_part_by_part_the_text_is_the_whole_dump(saves):
    first, second = saves
    earlier = document(first)
    assert earlier.text == dump(first)
    later = document(second, earlier)
    assert later.text == dump(second)
    assert read_back(later.text) == second


def test_unchanged_parts_keep_their_text_and_changed_ones_are_written_again(monkeypatch):
    stage = {"name": "Ostaminen", "touchpoints": [{"t": "verkkokauppa"}, {"t": "kassa"}]}
    first = {"revision": 1, "journey": {"stages": [stage, {"name": "Käyttö"}]}}
    earlier = document(first)
    dumped = []
    monkeypatch.setattr("cxworkbook.yamlparts.dump", lambda data: dumped.append(data) or dump(data))
    second = {
        "revision": 2,
        "journey": {"stages": [stage, {"name": "Käyttö", "touchpoints": [{"t": "sovellus"}]}]},
    }
    assert document(second, earlier).text == dump(second)
    written = [str(d) for d in dumped]
    assert not any("verkkokauppa" in d for d in written)  # the first stage kept its text
    assert any("sovellus" in d for d in written)


def test_a_part_that_would_read_back_differently_is_refused(monkeypatch):
    monkeypatch.setattr("cxworkbook.yamlparts.dump", lambda data: dump(data).replace("Anna", "Ana"))
    with pytest.raises(WouldChange):
        document({"people": [{"name": "Anna"}]})
