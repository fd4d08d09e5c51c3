"""Both languages are complete, and every string the code asks for exists in both."""

from __future__ import annotations

import datetime as dt
import re
import string

import pytest
import vl_convert

from cxworkbook import PROJECT_ROOT
from cxworkbook.changes import CHANGES, ITEM_KINDS
from cxworkbook.errors import INVALID_CODES, REASONS
from cxworkbook.i18n import (
    PLURAL_FORMS,
    chart_config,
    date_field_pattern,
    date_pattern,
    format_date,
    format_decimal,
    format_moment,
    strings,
    translate,
)
from cxworkbook.journey import DELIVERIES, EVIDENCE
from cxworkbook.report.build import NOTED
from cxworkbook.steps import HOME, STEPS

SOURCES = [PROJECT_ROOT / "frame.py", *PROJECT_ROOT.glob("app_pages/*.py")]
SOURCES += list((PROJECT_ROOT / "cxworkbook").rglob("*.py"))
LITERAL_KEY = re.compile(r"""\b(?:t\(|translate\(\s*\w+\s*,)\s*["']([a-z0-9_.]+)["']""")
FSTRING_KEY = re.compile(r"""\bt\(\s*f["']([a-z0-9_.{}]+)["']""")
STEP_IDS = tuple(s.id for s in STEPS)
# Each key the code makes with an f-string, and the values it is made with.
TEMPLATES = {
    "assessment.view_{v}": ("answer", "room", "results", "discuss", "rounds"),
    "assessment.{field}": ("current", "target", "na", "dont_know"),
    "assessment.{field}_help": ("na", "dont_know"),
    "crm.{field}": ("data_quality", "usability", "channel_coverage"),
    "vision.look.{kind}_upload": ("docx", "pptx"),
    "journey.field.{rating}": ("effectiveness", "ease", "emotion"),
    "journey.field.{rating}_help": ("effectiveness", "ease", "emotion"),
    "crm.{field}_help": ("data_quality", "usability", "channel_coverage"),
    "crm.fit.{fit.verdict}": ("agrees", "below", "above"),
    "goals.field.{day}": ("baseline_date", "deadline"),
    "goals.field.{field}": ("title", "metric", "source", "frequency", "unit", "owner"),
    "goals.field.{field}_placeholder": ("metric", "source", "frequency", "unit"),
    "goals.field.{number}": ("baseline", "target"),
    "home.history.change.{difference.change}": CHANGES,
    "home.history.thing.{difference.kind}": ITEM_KINDS,
    "invalid.{exc.code}": INVALID_CODES,
    "journey.delivery.{d}": DELIVERIES,
    "journey.evidence.{e}": EVIDENCE,
    "nav.{page}": tuple(s.id for s in (HOME, *STEPS)),
    "report.notes.{section.id}": tuple(NOTED),
    "nav.{s.id}": tuple(s.id for s in (HOME, *STEPS)),
    "steps.{step.id}.description": STEP_IDS,
    "steps.{step.id}.empty": STEP_IDS,
    "steps.{step.id}.progress": STEP_IDS,
    "steps.{step.id}.title": STEP_IDS,
    "steps.{step_id}.title": STEP_IDS,
    "steps.{step}.title": STEP_IDS,
    "{step_id}.intro": ("crm", "goals", "journey", "vision"),
    "store_errors.{exc.reason}": REASONS,
    "vision.promise.{field}": ("text", "problem", "target", "compensation", "owner"),
    "vision.promise.{field}_hint": ("target", "compensation"),
    "vision.{field}": ("statement", "strategy", "technology", "people"),
    "vision.{field}_placeholder": ("statement", "strategy", "technology", "people"),
    "workshop.queue.agreed_{field}": ("current", "target"),
    "workshop.spread.{level}_alt": ("dimension", "question"),
    "workshop.spread.{level}_key": ("dimension", "question"),
    "workshop.spread.{level}_title": ("dimension", "question"),
}


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _keys_used() -> set[str]:
    used: set[str] = set()
    for path in SOURCES:
        source = path.read_text(encoding="utf-8")
        used |= set(LITERAL_KEY.findall(source))
        for template in FSTRING_KEY.findall(source):
            assert template in TEMPLATES, f"{path.name}: say which values {template} takes"
            name = re.findall(r"{[\w.]+}", template)[0]
            used |= {template.replace(name, value) for value in TEMPLATES[template]}
    return used


def test_both_languages_have_the_same_keys():
    assert set(strings("fi")) == set(strings("en"))


def test_both_languages_use_the_same_placeholders():
    for key, english in strings("en").items():
        assert _placeholders(strings("fi")[key]) == _placeholders(english), key


def _known() -> set[str]:
    """Every key a text can be asked for by: a string with plural forms by its own name."""
    keys = set(strings("en"))
    return keys | {k.rsplit(".", 1)[0] for k in keys if k.rsplit(".", 1)[-1] in PLURAL_FORMS}


def test_every_key_the_code_uses_exists():
    used = _keys_used()
    assert len(used) > 100
    missing = sorted(used - _known())
    assert missing == []


def test_every_key_is_used_somewhere():
    used = _keys_used()
    unused = sorted(k for k in strings("en") if k not in used and k.rsplit(".", 1)[0] not in used)
    assert unused == []


def test_a_string_naming_a_number_of_things_takes_the_form_for_it():
    key = "journey.stages.delete_explain"
    assert "its one touchpoint?" in translate("en", key, name="A", count=1)
    assert "its 3 touchpoints?" in translate("en", key, name="A", count=3)
    assert "yksi kosketuspiste?" in translate("fi", key, name="A", count=1)
    assert "0 kosketuspistettä?" in translate("fi", key, name="A", count=0)
    for lang in ("fi", "en"):
        for plural in {k.rsplit(".", 1)[0] for k in strings(lang) if k.endswith(".one")}:
            assert f"{plural}.other" in strings(lang), plural


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
    ("lang", "written", "column", "field"),
    [
        ("fi", "3.2.2027", "D.M.YYYY", "DD.MM.YYYY"),
        ("en", "2027-02-03", "YYYY-MM-DD", "YYYY-MM-DD"),
    ],
)
def test_each_language_writes_a_date_its_own_way_in_text_and_in_fields(
    lang, written, column, field
):
    """Finnish writes 3.2.2027, without leading zeros, in text and tables; Streamlit's date fields
    take only a two-digit day and month."""
    assert format_date(dt.date(2027, 2, 3), lang) == written
    assert format_date(dt.date(2026, 12, 24), "fi") == "24.12.2026"
    assert format_date(None, lang) == "–"
    assert date_pattern(lang) == column
    assert date_field_pattern(lang) == field
    noon = dt.datetime(2027, 2, 3, 12, 0, tzinfo=dt.UTC)  # the same day in any time zone here
    assert format_moment(noon, lang) == f"{written} {noon.astimezone():%H:%M}"


@pytest.mark.parametrize(
    ("lang", "score", "change", "typed"),
    [("fi", "2,3", "\u22120,125", "1234,5"), ("en", "2.3", "-0.125", "1234.5")],
)
def test_each_language_writes_a_decimal_its_own_way(lang, score, change, typed):
    """Finnish with a decimal comma and a true minus sign (U+2212), charts as text."""
    assert format_decimal(2.3, ".1f", lang) == score
    assert format_decimal(-0.125, "+.3f", lang) == change
    assert format_decimal(1234.5, ".10g", lang) == typed
    drawn = vl_convert.vegalite_to_svg(
        {
            "config": chart_config(lang),
            "data": {"values": [{"x": -0.125}]},
            "mark": "text",
            "encoding": {"text": {"field": "x", "type": "quantitative", "format": "+.3f"}},
        }
    )
    assert f">{change}<" in drawn  # a chart writes it as the text beside it does
