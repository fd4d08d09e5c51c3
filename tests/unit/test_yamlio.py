"""Untrusted YAML is refused quickly and clearly before anything is built from it."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cxworkbook import yamlio
from cxworkbook.yamlio import (
    MAX_BYTES,
    FileProblems,
    clean_text,
    dump,
    format_loc,
    parse_untrusted,
    read_back,
)

BILLION_LAUGHS = (
    b'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    b"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    b"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    b"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    b"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    b"f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    b"g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    b"h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    b"i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
)

HOSTILE = {
    "billion laughs": (BILLION_LAUGHS, "anchors and aliases"),
    "python object tag": (b"a: !!python/object/apply:os.system [echo hi]\n", "tags"),
    "custom tag": (b"a: !secret 3\n", "tags"),
    "two documents": (b"a: 1\n---\nb: 2\n", "only one YAML document"),
    "deep flow nesting": (b"[" * 100_000 + b"]" * 100_000, "nesting is deeper"),
    "deep block nesting": (
        b"a:\n" + b"".join(b"  " * i + b"b:\n" for i in range(1, 40)),
        "nesting",
    ),
    "malformed": (b"a: [1, 2\nb: c\n", "not valid YAML"),
    "binary": (bytes(range(256)) * 4, "not UTF-8"),
    "nul bytes": (b"a: 1\x00\x00", "binary file"),
    "too large": (b"a: '" + b"x" * (2 * MAX_BYTES) + b"'\n", "limit is 1,000,000 bytes"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_yaml_is_refused_with_a_clear_reason_before_anything_is_built(name, monkeypatch):
    data, reason = HOSTILE[name]

    def building(*args):
        raise AssertionError("refusing must not build the document")

    monkeypatch.setattr(yamlio.StrictSafeLoader, "get_single_data", building)
    with pytest.raises(FileProblems) as caught:
        parse_untrusted(data, "upload.yaml")
    message = str(caught.value)
    assert message.startswith("upload.yaml")
    assert reason in message


def test_a_refusal_names_the_line():
    with pytest.raises(FileProblems) as caught:
        parse_untrusted(b"a: 1\nb: 2\nc: &anchor 3\n", "f.yaml")
    assert caught.value.problems[0].line == 3


def test_ordinary_yaml_loads():
    assert parse_untrusted("a: [1, {b: 'ä'}]\n".encode(), "f.yaml") == {"a": [1, {"b": "ä"}]}


def test_a_byte_order_mark_is_accepted():
    assert parse_untrusted("\ufeffa: 1\n".encode(), "f.yaml") == {"a": 1}


def test_format_loc():
    assert format_loc(("dimensions", 2, "questions", 3, "id")) == "dimensions[2].questions[3].id"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\x0cb", "ab"),  # form feed: kills python-docx later
        ("a\x85b", "ab"),  # NEL: PyYAML turns it into a space on a round trip
        ("line\r\nnext\rlast", "line\nnext\nlast"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("\ufeffbom", "bom"),
        ("lone \ud800 surrogate", "lone  surrogate"),
        ("Pyo\u0308ra\u0308", "Pyörä"),  # decomposed ä and ö become one character each
        ("a\x00\u0308", "ä"),  # the accent meets its letter once the control character is gone
    ],
)
def test_clean_text(raw, clean):
    assert clean_text(raw) == clean


@given(st.text())
def test_clean_text_keeps_exactly_what_may_be_saved(text):
    cleaned = clean_text(text)
    assert unicodedata.is_normalized("NFC", cleaned)
    assert "\r" not in cleaned and "\ufeff" not in cleaned
    assert all(ch in "\t\n" or unicodedata.category(ch) not in ("Cc", "Cs") for ch in cleaned)
    assert clean_text(cleaned) == cleaned
    if text.isprintable() and unicodedata.is_normalized("NFC", text):
        assert cleaned == text


@given(st.text())
def test_cleaned_text_survives_a_yaml_round_trip(text):
    cleaned = clean_text(text)
    assert read_back(dump({"k": cleaned})) == {"k": cleaned}


def test_an_object_used_twice_is_written_twice_not_aliased():
    shared = ["a", "b"]
    text = dump({"x": shared, "y": shared})
    assert read_back(text) == {"x": shared, "y": shared}
