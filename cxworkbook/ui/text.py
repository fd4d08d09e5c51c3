"""User text as Streamlit shows it: made inert in Markdown, where it reads as typed and never as
markup, and shortened where a widget would cut it."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&%\"'])")
ELLIPSIS = " … "


def md(text: str) -> str:
    """Escape every character Markdown or Streamlit's directives (:red[…], :material/…:, $…$)
    could read as syntax, and fold line breaks so a heading stays one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _words_within(words: list[str], room: int) -> list[str]:
    """The first of `words` that fit in `room` characters with a space between each two."""
    taken: list[str] = []
    for word in words:
        if len(" ".join([*taken, word])) > room:
            break
        taken.append(word)
    return taken


def middle_shortened(text: str, limit: int) -> str:
    """`text` in at most `limit` characters, cut in the middle at spaces where it is longer.

    A picker cuts a long option at its end, so titles that start alike ("CX workshop, spring
    2026", "CX workshop, autumn 2026") read the same; their start and end tell them apart.
    """
    if len(text) <= limit:
        return text
    words = text.split()
    one_line = " ".join(words)
    if len(one_line) <= limit:
        return one_line
    end_room = (limit - len(ELLIPSIS)) // 2
    end = " ".join(_words_within(words[::-1], end_room)[::-1]) or one_line[-end_room:]
    start_room = limit - len(ELLIPSIS) - len(end)
    start = " ".join(_words_within(words, start_room)) or one_line[:start_room]
    return f"{start}{ELLIPSIS}{end}"
