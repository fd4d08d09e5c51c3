"""Both languages are complete, and every string the code asks for exists in both."""

from __future__ import annotations

import datetime as dt
import re
import string

import pytest

from cxworkbook import PROJECT_ROOT
from cxworkbook.changes import CHANGES, THINGS
from cxworkbook.i18n import (
    date_pattern,
    format_date,
    format_decimal,
    format_moment,
    strings,
    translate,
)
from cxworkbook.journey import DELIVERIES, EVIDENCE
from cxworkbook.progress import STEPS
from cxworkbook.store import INVALID_CODES, REASONS
from cxworkbook.ui.nav import PAGES

SOURCES = [PROJECT_ROOT / "app.py", *PROJECT_ROOT.glob("app_pages/*.py")]
SOURCES += list((PROJECT_ROOT / "cxworkbook").rglob("*.py"))
LITERAL_KEY = re.compile(r"""\b(?:t\(|translate\(\s*\w+\s*,)\s*["']([a-z0-9_.]+)["']""")
FSTRING_KEY = re.compile(r"""\bt\(\s*f["']([a-z0-9_.{}]+)["']""")
# The values each f-string key is formatted with.
DYNAMIC = {
    "step": STEPS,
    "page": tuple(PAGES),
    "v": ("answer", "results", "discuss", "rounds"),
    "exc.reason": REASONS,
    "exc.code": INVALID_CODES,
    "d": DELIVERIES,
    "e": EVIDENCE,
    "fit.verdict": ("agrees", "below", "above"),
    "level": ("dimension", "question"),
    "difference.kind": THINGS,
    "difference.change": CHANGES,
}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _keys_used() -> set[str]:
    used: set[str] = set()
    for path in SOURCES:
        source = path.read_text(encoding="utf-8")
        used |= set(LITERAL_KEY.findall(source))
        for template in FSTRING_KEY.findall(source):
            names = re.findall(r"{([\w.]+)}", template)
            assert len(names) == 1 and names[0] in DYNAMIC, template
            used |= {template.replace(f"{{{names[0]}}}", value) for value in DYNAMIC[names[0]]}
    return used


def test_both_languages_have_the_same_keys():
    assert set(strings("fi")) == set(strings("en"))


def test_both_languages_use_the_same_placeholders():
    for key, english in strings("en").items():
        assert _placeholders(strings("fi")[key]) == _placeholders(english), key


def test_every_key_the_code_uses_exists():
    used = _keys_used()
    assert len(used) > 100
    missing = sorted(used - set(strings("en")))
    assert missing == []


def test_every_key_is_used_somewhere():
    unused = sorted(set(strings("en")) - _keys_used())
    assert unused == []


def test_no_string_is_empty():
    for lang in ("fi", "en"):
        assert all(text.strip() for text in strings(lang).values()), lang


def test_translate_fills_placeholders():
    assert (
        translate("en", "frame.saved", revision=17, time="14:03") == "Saved · revision 17 · 14:03"
    )
    assert translate("fi", "frame.saved", revision=17, time="14:03").startswith("Tallennettu")


def test_a_missing_key_is_an_error_not_a_blank():
    with pytest.raises(KeyError):
        translate("en", "no.such.key")


def test_every_rule_code_raised_in_the_code_is_known():
    raised = set()
    for path in SOURCES:
        raised |= set(re.findall(r"""code=["']([a-z_]+)["']""", path.read_text(encoding="utf-8")))
        raised |= set(
            re.findall(r"""found\.append\(\([\w"']+, "([a-z_]+)"\)\)""", path.read_text())
        )
    assert raised and raised <= set(INVALID_CODES)


@pytest.mark.parametrize(
    ("lang", "written", "pattern"),
    [("fi", "03.02.2027", "DD.MM.YYYY"), ("en", "2027-02-03", "YYYY-MM-DD")],
)
def test_each_language_writes_a_date_its_own_way_in_text_and_in_fields(lang, written, pattern):
    assert format_date(dt.date(2027, 2, 3), lang) == written
    assert format_date(None, lang) == "–"
    assert date_pattern(lang) == pattern
    noon = dt.datetime(2027, 2, 3, 12, 0, tzinfo=dt.UTC)  # the same day in any time zone here
    assert format_moment(noon, lang) == f"{written} {noon.astimezone():%H:%M}"


@pytest.mark.parametrize(
    ("lang", "score", "change", "typed"),
    [("fi", "2,3", "-0,125", "1234,5"), ("en", "2.3", "-0.125", "1234.5")],
)
def test_each_language_writes_a_decimal_its_own_way(lang, score, change, typed):
    assert format_decimal(2.3, ".1f", lang) == score
    assert format_decimal(-0.125, "+.3f", lang) == change
    assert format_decimal(1234.5, ".10g", lang) == typed
