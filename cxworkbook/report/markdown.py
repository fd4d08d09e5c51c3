"""The vision document as Markdown: readable as plain text, and inert when rendered (every
character Markdown or HTML could read as syntax in user text is escaped)."""

from __future__ import annotations

import re

from cxworkbook.report.document import Bullets, Chart, Document, Heading, Paragraph, Table

_INLINE = re.compile(r"([\\`*_\[\]<>|~&$])")
_BLOCK_MARK = re.compile(r"^(#{1,6}|>|[+\-*])(?=\s|$)")
_NUMBER_MARK = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def escape(text: str) -> str:
    """One line of inert Markdown: line breaks folded to spaces, and every character that could
    start emphasis, code, a link, HTML or a table cell escaped, as is anything at the start that
    could open a heading, quote or list. Plain prose stays readable as plain text."""
    line = _INLINE.sub(r"\\\1", " ".join(text.split()))
    line = _BLOCK_MARK.sub(r"\\\1", line)
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
            elif isinstance(block, Chart):
                out += [f"*{escape(block.alt)}*", ""]
    return "\n".join(out).rstrip() + "\n"
