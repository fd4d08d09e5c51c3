"""The vision document as Markdown: readable as plain text, and inert when rendered (every
character Markdown or HTML could read as syntax in user text is escaped). It has no pictures, so
its charts are left out: their figures are in the tables that go with them."""

from __future__ import annotations

import re

from cxworkbook.report.document import Bullets, Document, Heading, Paragraph, Table

_INLINE = re.compile(r"([\\`*_\[\]<>|~&$])")
# On screen every punctuation mark Markdown, its extensions (autolinks, maths) or Streamlit's
# directives (:red[…], :material/…:, emoji shortcodes) could read: it shows the same escaped.
_INLINE_ON_SCREEN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&%\"'])")
# What opens a heading, a quote or a list at the start of a line, and a line that would be a rule
# or underline the line above into a heading (---, ***, ===).
_BLOCK_MARK = re.compile(r"^(#{1,6}|>|[+\-*])(?=\s|$)")
_RULE = re.compile(r"^(?=(?:[-*_=]\s*){3,}$)")
_NUMBER_MARK = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def escape(text: str, *, on_screen: bool = False) -> str:
    """One line of inert Markdown: line breaks folded to spaces, and every character that could
    start emphasis, code, a link, HTML or a table cell escaped, as is anything at the start that
    could open a heading, quote, list or rule. Plain prose stays readable as plain text.

    `on_screen` (Streamlit's Markdown, never read as plain text) escapes every punctuation mark
    that any of its syntax could start with."""
    line = " ".join(text.split())
    if on_screen:  # every mark that could open a block is escaped already
        return _INLINE_ON_SCREEN.sub(r"\\\1", line)
    line = _RULE.sub("\\\\", _BLOCK_MARK.sub(r"\\\1", _INLINE.sub(r"\\\1", line)))
    return _NUMBER_MARK.sub(r"\1\\\2", line)


def _paragraphs(text: str) -> list[str]:
    return [escape(part) for part in re.split(r"\n\s*\n", text) if part.strip()]


def render_markdown(document: Document) -> str:
    out = [f"# {escape(document.title)}", "", f"*{escape(document.subtitle)}*", ""]
    out += [f"- **{escape(label)}:** {escape(value)}" for label, value in document.facts]
    for section in document.sections:
        out += ["", f"## {escape(section.heading)}", ""]
        for block in section.blocks:
            if isinstance(block, Heading):
                out += [f"### {escape(block.text)}", ""]
            elif isinstance(block, Paragraph):
                for part in _paragraphs(block.text):
                    out += [f"**{part}**" if block.strong else part, ""]
            elif isinstance(block, Bullets):
                out += [f"- {escape(item)}" for item in block.items] + [""]
            elif isinstance(block, Table):
                out.append("| " + " | ".join(escape(c) for c in block.columns) + " |")
                out.append("|" + "---|" * len(block.columns))
                out += ["| " + " | ".join(escape(c) for c in row) + " |" for row in block.rows]
                out.append("")
    return "\n".join(out).rstrip() + "\n"
