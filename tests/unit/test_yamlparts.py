"""A document written part by part is, byte for byte, the document written in one go, whatever
the last save held and whatever was typed."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cxworkbook import yamlparts
from cxworkbook.yamlio import clean_text, dump, read_back
from cxworkbook.yamlparts import WouldChange, document
from tests.conftest import examples

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
# Keys as a mapping of mappings may have them: ids, words YAML must quote, and keys too long (in
# characters, or in bytes for LibYAML) or broken over lines to be cut from a one-line key (those
# mappings are written whole).
keys = st.sampled_from(
    ["strategy.definition", "yes", "- c", "a: b", "#x", "ä" * 120, "𝒒𝒖𝒊𝒄𝒌 " * 8, "x\ny"]
)
answers = st.dictionaries(keys | texts, leaf | st.builds(lambda tps: {"tps": tps}, touchpoints))
stages = st.lists(
    st.builds(
        lambda name, tps, ans: {"name": name, "touchpoints": tps, "answers": ans},
        texts,
        touchpoints,
        answers,
    ),
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


@pytest.mark.slow
@settings(max_examples=examples(250), deadline=None, suppress_health_check=[HealthCheck.too_slow])
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


def test_items_whose_text_cannot_be_cut_apart_are_written_one_by_one(monkeypatch):
    """Were a dump of several items to hold a line at their indentation inside one of them, the
    items are written alone, and the text is still the whole dump."""
    written_at = yamlparts._written_at

    def with_a_stray_line(place, data):
        text = written_at(place, data)
        if not place or len(data) < 2:  # the document itself, or one item
            return text
        margin = text[: len(text) - len(text.lstrip(" "))]
        return text + margin + "stray: line\n"

    monkeypatch.setattr(yamlparts, "_written_at", with_a_stray_line)
    data = {
        "goals": [{"t": "a"}, {"t": "b"}],
        "answers": {"q.one": {"n": 1}, "q.two": {"n": 2}},
    }
    assert document(data).text == dump(data)


def test_an_answer_changed_is_written_alone(monkeypatch):
    """Entries of a mapping of mappings (a participant's answers) are parts of their own."""
    first = {"id": "anna", "answers": {"q.a": {"n": 1, "t": "vanha"}, "q.b": {"t": "pysyy"}}}
    earlier = document(first)
    dumped = []
    monkeypatch.setattr("cxworkbook.yamlparts.dump", lambda data: dumped.append(data) or dump(data))
    second = {"id": "anna", "answers": {"q.a": {"n": 2, "t": "uusi"}, "q.b": {"t": "pysyy"}}}
    assert document(second, earlier).text == dump(second)
    written = " ".join(str(d) for d in dumped)
    assert "uusi" in written and "pysyy" not in written


@pytest.mark.parametrize("key", ["𝒒𝒖𝒊𝒄𝒌 " * 8, "ä" * 120, "x\ny", "x\u2028y"])
def test_a_key_written_over_several_lines_leads_to_no_part(key):
    """A long key (LibYAML counts bytes) or one with a line break is written as `? key`, on more
    lines than one: what lies under it is written whole, and the text is still the whole dump."""
    data = {"answers": {key: {"tps": [{"t": "a"}, {"t": "b"}]}, "q.b": {"t": "x"}}}
    assert "? " in dump(data)
    assert document(data).text == dump(data)
    changed = {"answers": {key: {"tps": [{"t": "a"}, {"t": "c"}]}, "q.b": {"t": "y"}}}
    assert document(changed, document(data)).text == dump(changed)
