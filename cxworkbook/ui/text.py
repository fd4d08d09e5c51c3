"""User text as Streamlit shows it: made inert in Markdown, where it reads as typed and never as
markup, and shortened where a widget would cut it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from cxworkbook.report.markdown import escape

CUT = "…"
ELLIPSIS = f" {CUT} "


def md(text: str) -> str:
    """User text for Streamlit's Markdown: inert (Markdown, HTML, Streamlit's directives and
    emoji shortcodes all read as typed), on one line, so a heading stays one line."""
    return escape(text, on_screen=True)


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


def _parts_at(one: str, other: str) -> int:
    """Where two texts first differ: the length of what they start with alike."""
    return next(
        (at for at, (a, b) in enumerate(zip(one, other, strict=False)) if a != b),
        min(len(one), len(other)),
    )


def _from_word_at(line: str, at: int, limit: int) -> str:
    """The words of `line` from the one holding character `at`, in `limit` characters: marked
    "…" where words before or after are left out. Within a word too long for that, the
    characters around `at`."""
    inside = limit - 2 * len(f"{CUT} ")
    start = line.rfind(" ", 0, at) + 1
    if at - start >= inside:
        start = at - inside // 2
    lead = f"{CUT} " if start else ""
    rest = line[start:]
    if len(lead) + len(rest) <= limit:
        return lead + rest
    room = limit - len(lead) - len(f" {CUT}")
    taken = " ".join(_words_within(rest.split(" "), room))
    if len(taken) <= at - start:
        taken = rest[:room]
    return f"{lead}{taken} {CUT}"


def shortened_apart(texts: Sequence[str], limit: int) -> list[str]:
    """Each of `texts` in at most `limit` characters, and no two alike.

    Each is shortened in the middle (`middle_shortened`). Where two come out the same ("CX
    workshop, sales, spring 2027" and "CX workshop, service, spring 2027"), each shows instead
    the words from where it parts from the other ("… sales, spring 2027"). Texts that still come
    out alike are shown whole.
    """
    lines = [" ".join(text.split()) for text in texts]
    middles = [middle_shortened(text, limit) for text in texts]
    shown = list(middles)
    for n, line in enumerate(lines):
        alike = [lines[m] for m, middle in enumerate(middles) if m != n and middle == middles[n]]
        if alike:
            parts_at = max(_parts_at(line, other) for other in alike)
            shown[n] = _from_word_at(line, parts_at, limit)
    counts = Counter(shown)
    return [label if counts[label] == 1 else text for label, text in zip(shown, texts, strict=True)]
