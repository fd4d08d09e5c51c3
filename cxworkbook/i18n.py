"""UI strings in Finnish and English, from `cxworkbook/locales/{fi,en}.yaml`.

Keys are dotted paths into the nested YAML ("home.create.submit"). Placeholders use str.format
names ("Saved · revision {revision}"); a string that names a number of things has a form for one
and for others (`one:`, `other:`). A missing key is a bug, so it raises; a test checks that both
languages have exactly the same keys and that every key the code uses exists.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from cxworkbook.yamlio import parse_untrusted

LANGUAGES: tuple[str, ...] = ("fi", "en")
LOCALES = Path(__file__).parent / "locales"
LANGUAGE_NAMES = {"fi": "Suomi", "en": "English"}
MISSING = "–"  # what a table or a figure shows for a value not given
# How each language writes a date: for Python's strftime, for Streamlit's table columns
# (moment.js) and for its date fields, which take only a two-digit day and month (3.12.2026 is
# typed and shown there as 03.12.2026).
_DATES = {
    "fi": ("%-d.%-m.%Y", "D.M.YYYY", "DD.MM.YYYY"),
    "en": ("%Y-%m-%d", "YYYY-MM-DD", "YYYY-MM-DD"),
}
_MONTHS = {"fi": "%-m/%Y", "en": "%Y-%m"}  # a month on a chart's time axis: 4/2027, 2027-04
# How each language writes a number, as a d3-format locale: Python text takes its decimal mark and
# minus sign, and charts (Vega, in the browser and in exported documents) the whole of it, so a
# chart and the text beside it agree. Finnish writes a true minus (U+2212). d3 writes dates with
# the same strftime patterns as Python.
_NUMBERS: dict[str, dict[str, Any]] = {
    "fi": {
        "decimal": ",",
        "thousands": "\u00a0",
        "grouping": [3],
        "currency": ["", "\u00a0€"],
        "minus": "\u2212",
    },
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["$", ""], "minus": "-"},
}


def format_date(day: dt.date | None, lang: str) -> str:
    """`day` as the language writes it: 3.12.2026 in Finnish, 2026-12-03 in English."""
    return MISSING if day is None else day.strftime(_DATES[lang][0])


def format_moment(moment: dt.datetime, lang: str) -> str:
    """A saved or deleted moment in this computer's time, its date as the language writes it."""
    local = moment.astimezone()
    return f"{format_date(local.date(), lang)} {local:%H:%M}"


def date_pattern(lang: str) -> str:
    """The same, as Streamlit's table columns spell it."""
    return _DATES[lang][1]


def date_field_pattern(lang: str) -> str:
    """The nearest Streamlit's date fields allow."""
    return _DATES[lang][2]


def decimal_mark(lang: str) -> str:
    """ "," in Finnish, "." in English."""
    return str(_NUMBERS[lang]["decimal"])


def format_decimal(value: float | Decimal, spec: str, lang: str) -> str:
    """`value` formatted by `spec` (Python's format mini-language: ".1f", "+.1f", ".10g") with the
    language's decimal mark and minus sign: −2,3 in Finnish, -2.3 in English."""
    marks = {".": decimal_mark(lang), "-": str(_NUMBERS[lang]["minus"])}
    return format(value, spec).translate(str.maketrans(marks))


def chart_config(lang: str) -> dict[str, Any]:
    """A Vega-Lite `config` writing numbers, dates not given a format and the months of a time
    axis as the language does."""
    return {
        "locale": {"number": dict(_NUMBERS[lang])},
        "timeFormat": _DATES[lang][0],
        "axisTemporal": {"format": _MONTHS[lang]},
    }


def _flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for key, value in tree.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{path}."))
        else:
            flat[path] = str(value)
    return flat


@cache
def strings(lang: str) -> dict[str, str]:
    if lang not in LANGUAGES:
        raise KeyError(f"no locale {lang!r}")
    path = LOCALES / f"{lang}.yaml"
    return _flatten(parse_untrusted(path.read_bytes(), path.name))


PLURAL_FORMS = ("one", "other")


def translate(lang: str, key: str, **values: Any) -> str:
    """The string `key` in `lang`, its placeholders filled in. A string with plural forms (its
    `one:` and `other:`) takes the form for `count`: Finnish and English both say "1 kysymys, 2
    kysymystä", "1 question, 2 questions"."""
    texts = strings(lang)
    if key not in texts and "count" in values:
        key = f"{key}.{'one' if values['count'] == 1 else 'other'}"
    text = texts[key]
    return text.format(**values) if values else text
