"""The vision document: `build.build_document` turns a workbook into a `Document`, and each renderer
turns that into one format (Markdown, self-contained HTML, DOCX); `bundle` zips them all."""
