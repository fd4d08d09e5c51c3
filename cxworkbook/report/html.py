"""The vision document as one self-contained HTML file, from a template (templates/document.html)
that escapes every piece of text it is given: inline SVG charts, a print stylesheet so that
printing to PDF from a browser looks right, and a Content-Security-Policy that lets nothing run or
load."""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, Template
from markupsafe import Markup

from cxworkbook.report.columns import (
    LANDSCAPE_WIDTH_TWIPS,
    TABLE_FONT_SIZES,
    TEXT_WIDTH_TWIPS,
    Layout,
    is_wide,
    section_layouts,
)
from cxworkbook.report.document import (
    Bullets,
    Chart,
    Document,
    Heading,
    Paragraph,
    Table,
)
from cxworkbook.report.static_charts import to_svg

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_COLUMNS_APART = "\x1f"
_COUNTERS = {
    "{page}": Markup("counter(page)"),
    "{pages}": Markup("counter(pages)"),
}  # joins a table's headings into the key of its layout


def _svg(block: Chart) -> Markup:
    """The chart as inline SVG, labelled for screen readers: the converter's own markup, its text
    escaped as XML, and the label escaped here."""
    labelled = Markup('<svg role="img" aria-label="{}" ').format(block.alt)
    svg = Markup(to_svg(block.spec))  # noqa: S704 (vl-convert's SVG: every text in it escaped)
    return svg.replace("<svg ", labelled, 1)


@cache
def _template() -> Template:
    environment = Environment(
        loader=PackageLoader("cxworkbook.report", "templates"),
        autoescape=True,
        keep_trailing_newline=True,
    )
    kinds = {"heading": Heading, "paragraph": Paragraph, "bullets": Bullets, "table": Table}
    for name, kind in {**kinds, "chart": Chart}.items():
        environment.tests[name] = lambda block, kind=kind: isinstance(block, kind)
    environment.filters["svg"] = _svg
    return environment.get_template("document.html")


def _layouts(document: Document, wide: set[str]) -> dict[str, dict[str, Layout]]:
    """Each table's columns take the shares of the width the DOCX gives them, so that a score such
    as "2,5 → 4,5" is not broken over two lines and tables with the same heading row line up.
    The `wide` sections' tables share a page on its side."""
    return {
        section.id: {
            _COLUMNS_APART.join(columns): layout
            for columns, layout in section_layouts(
                section.blocks,
                LANDSCAPE_WIDTH_TWIPS if section.id in wide else TEXT_WIDTH_TWIPS,
            ).items()
        }
        for section in document.sections
    }


def css_string(text: str) -> Markup:
    """`text` as a quoted CSS string in which every character but a letter, a digit or a space
    is a hex escape: inert in a stylesheet, and no "</style>" can close it."""
    escaped = "".join(c if c.isalnum() or c == " " else f"\\{ord(c):06x} " for c in text)
    return Markup(f'"{escaped}"')  # noqa: S704 (nothing in it but letters, digits and escapes)


def _page_words(document: Document) -> Markup:
    """The footer's words for CSS `content`: "Sivu " counter(page) "/" counter(pages)."""
    return Markup(" ").join(
        _COUNTERS[part] if part in _COUNTERS else css_string(part)
        for part in document.frame.page_parts()
    )


def render_html(document: Document) -> str:
    wide = {section.id for section in document.sections if is_wide(section.blocks)}
    return _template().render(
        document=document,
        layouts=_layouts(document, wide),
        wide=wide,
        running_header=css_string(f"{document.frame.organisation} · {document.title}"),
        page_words=_page_words(document),
        csp=CSP,
        font_sizes=TABLE_FONT_SIZES,
    )
