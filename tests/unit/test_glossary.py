"""The words of cxworkbook/locales/glossary.md: one word for one thing, and one form of address.

Checked on every UI text and every content pack a new workbook uses. Version 1 of the maturity
pack is left as it was: workbooks answered on it keep the wording their answers were given to.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from cxworkbook import QUESTIONNAIRES_DIR
from cxworkbook.i18n import strings
from cxworkbook.yamlio import parse_untrusted

FROZEN = {"cx-maturity.yaml"}  # version 1
RETIRED = {
    "fi": [
        r"\bitsearvi",
        r"\bkypsyyden itsearvi",
        r"\bsuositteluindeks",
        r"\bsuositteluhalukkuu",
        r"\basiakirja",
        r"\bpalvelij",
        r"\bmääräai",
        r"\bsinun\b",
        r"\bsinä\b",
        r"\bsinulle\b",
        r"\b(näet|voit|haluat|siirryt|tiedät|olet|kirjoitit|valitsit)\b",
    ],
    "en": [r"self-assessment", r"Net Promoter Score"],
}
# Singular imperatives: fine on a button ("Tallenna"), not in a sentence that speaks to the team.
SINGULAR_IMPERATIVE = re.compile(
    r"(^|[.:;!?]\s+)(Aloita|Valitse|Anna|Kirjoita|Syötä|Muokkaa|Lisää|Avaa|Merkitse|Lyhennä|"
    r"Katso|Poista|Siirrä|Tallenna|Käytä|Kokeile|Yritä|Kerro|Tee|Ota)\b"
)
LABEL_WORDS = 4


def texts(data: Any) -> Iterator[tuple[str, str]]:
    """Every (language, text) of a pack: the values under `fi` and `en` keys."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("fi", "en") and isinstance(value, str):
                yield key, value
            else:
                yield from texts(value)
    elif isinstance(data, list):
        for item in data:
            yield from texts(item)


def everything() -> Iterator[tuple[str, str, str]]:
    """(where, language, text) of every UI string and every text of the packs in use."""
    for lang in ("fi", "en"):
        for key, text in strings(lang).items():
            yield f"{lang}.yaml {key}", lang, text
    for path in sorted(QUESTIONNAIRES_DIR.glob("*.yaml")):
        if path.name not in FROZEN:
            for lang, text in texts(parse_untrusted(path.read_bytes(), path.name)):
                yield path.name, lang, text


@pytest.mark.parametrize("lang", ["fi", "en"])
def test_no_text_uses_a_retired_word(lang):
    found = [
        (where, pattern)
        for where, language, text in everything()
        if language == lang
        for pattern in RETIRED[lang]
        if re.search(pattern, text, re.IGNORECASE)
    ]
    assert found == []


def test_finnish_sentences_speak_to_the_team_in_the_plural():
    found = [
        where
        for where, lang, text in everything()
        if lang == "fi" and len(text.split()) > LABEL_WORDS and SINGULAR_IMPERATIVE.search(text)
    ]
    assert found == []


def test_the_check_above_would_find_a_sentence_in_the_singular():
    assert SINGULAR_IMPERATIVE.search("Valmis. Valitse hetki, niin näet työkirjan.")
    assert not SINGULAR_IMPERATIVE.search("Valitkaa hetki, niin näette työkirjan.")


@pytest.mark.parametrize(
    ("key", "fi", "en"),
    [
        ("steps.assessment.title", "Kypsyysarvio", "Maturity assessment"),
        ("assessment.target", "Tavoitetaso", "Target level"),
        ("results.target", "Tavoitetaso", "Target level"),
        ("goals.field.target", "Tavoitearvo", "Target value"),
        ("goals.field.title", "Tavoite", "Goal"),
        ("journey.field.effectiveness", "Hyödyllisyys", "Effectiveness"),
    ],
)
def test_a_thing_is_called_by_its_glossary_word(key, fi, en):
    assert (strings("fi")[key], strings("en")[key]) == (fi, en)
