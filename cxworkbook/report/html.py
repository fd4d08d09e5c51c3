"""The vision document as one self-contained HTML file: inline SVG charts, a print stylesheet so
that printing to PDF from a browser looks right, and a Content-Security-Policy that lets nothing
run or load. Every piece of text is HTML-escaped."""

from __future__ import annotations

from html import escape

from cxworkbook.report.columns import TABLE_FONT_SIZES, Layout, section_layouts
from cxworkbook.report.document import Bullets, Chart, Document, Heading, Paragraph, Table
from cxworkbook.report.static_charts import to_svg

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
STYLE = """
body { font-family: "Source Sans 3", "Segoe UI", Arial, sans-serif; color: #1b1b1b;
       max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.5; }
h1 { font-size: 2.2rem; margin-bottom: 0; }
h2 { border-bottom: 2px solid #0072B2; padding-bottom: .2rem; margin-top: 2.5rem; }
.subtitle { color: #555; font-size: 1.2rem; margin-top: .2rem; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: .92rem; }
th, td { border: 1px solid #c9c9c9; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef3f8; }
figure { margin: 1rem 0; } figure svg { max-width: 100%; height: auto; }
figcaption { color: #555; font-size: .9rem; }
.title-page dt { font-weight: 600; } .title-page dd { margin: 0 0 .5rem 0; }
@media print {
  body { max-width: none; margin: 0; font-size: 11pt; }
  h2 { page-break-before: always; } section:first-of-type h2 { page-break-before: avoid; }
  table, figure, tr { page-break-inside: avoid; }
  th, td { padding: .15rem .25rem; }
  @page { margin: 18mm; }
}
"""
# On paper a table takes the font size the DOCX gives it, at which its longest words fit the page.
PRINTED_TABLES = "".join(
    f"@media print {{ table.pt{size} {{ font-size: {size}pt; }} }}\n" for size in TABLE_FONT_SIZES
)


def _paragraph(block: Paragraph) -> str:
    lines = "<br>".join(escape(line) for line in block.text.splitlines())
    return f"<p><strong>{lines}</strong></p>" if block.strong else f"<p>{lines}</p>"


def _table(block: Table, layout: Layout) -> str:
    """Its columns take the shares of the width the DOCX gives them, so that a score such as
    "2,5 → 4,5" is not broken over two lines and tables with the same heading row line up."""
    points, widths = layout
    cols = "".join(f'<col style="width: {100 * w / sum(widths):.1f}%">' for w in widths)
    head = "".join(f'<th scope="col">{escape(c)}</th>' for c in block.columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in block.rows
    )
    return (
        f'<table class="pt{points}"><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def _chart(block: Chart) -> str:
    svg = to_svg(block.spec)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(block.alt)}" ', 1)
    return f"<figure>{svg}<figcaption>{escape(block.alt)}</figcaption></figure>"


def render_html(document: Document) -> str:
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(document.language)}"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(document.title)}</title><style>{STYLE}{PRINTED_TABLES}</style></head><body>",
        f'<header class="title-page"><h1>{escape(document.title)}</h1>',
        f'<p class="subtitle">{escape(document.subtitle)}</p><dl>',
    ]
    parts += [f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in document.facts]
    parts.append("</dl></header>")
    for section in document.sections:
        layouts = section_layouts(section.blocks)
        parts.append(f'<section id="{escape(section.id)}"><h2>{escape(section.heading)}</h2>')
        for block in section.blocks:
            if isinstance(block, Heading):
                parts.append(f"<h3>{escape(block.text)}</h3>")
            elif isinstance(block, Paragraph):
                parts.append(_paragraph(block))
            elif isinstance(block, Bullets):
                parts.append(
                    "<ul>" + "".join(f"<li>{escape(i)}</li>" for i in block.items) + "</ul>"
                )
            elif isinstance(block, Table):
                parts.append(_table(block, layouts[tuple(block.columns)]))
            elif isinstance(block, Chart):
                parts.append(_chart(block))
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)
