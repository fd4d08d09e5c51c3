"""User text shown through Streamlit's Markdown, made inert: it reads as typed, never as markup."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&%\"'])")


def md(text: str) -> str:
    """Escape every character Markdown or Streamlit's directives (:red[…], :material/…:, $…$)
    could read as syntax, and fold line breaks so a heading stays one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
