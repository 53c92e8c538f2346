"""The registry of report formats: one table the exporter, the CLI and the export dialog read.

A new format is one row here: its name (for --format), file suffix, label and blurb (for the
dialog) and its renderer.
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from claimdesk.core.errors import ValidationError
from claimdesk.reports.claimreview import render_claimreview
from claimdesk.reports.collect import ReportData
from claimdesk.reports.context import RenderContext
from claimdesk.reports.errors import ExportError
from claimdesk.reports.html import render_html, render_pdf_parts, report_title
from claimdesk.reports.markdown import render_markdown
from claimdesk.reports.qt_libraries import missing_libraries_message
from claimdesk.reports.tabular import CSV_ENCODING, render_csv, render_json

Render = Callable[[ReportData, RenderContext], Iterable[bytes]]
WRITE_SIZE = 1 << 16  # characters gathered before they are encoded and written


@dataclass(frozen=True, slots=True)
class ExportFormat:
    name: str
    suffix: str
    label: str
    blurb: str  # what it is for, as the export dialog says
    render: Render
    kinds: bool = False  # a publication or a working copy (HTML, PDF, Markdown)
    claimreview: bool = False  # approved verdicts only; organisation and report URL required


def _text(
    render: Callable[[ReportData, RenderContext], Iterable[str]], encoding: str = "utf-8"
) -> Render:
    def encoded(report: ReportData, context: RenderContext) -> Iterator[bytes]:
        encoder = codecs.getincrementalencoder(encoding)()  # one BOM for utf-8-sig, not one a piece
        pending: list[str] = []
        size = 0
        for piece in render(report, context):
            pending.append(piece)
            size += len(piece)
            if size >= WRITE_SIZE:
                yield encoder.encode("".join(pending))
                pending, size = [], 0
        yield encoder.encode("".join(pending), final=True)

    return encoded


def _pdf(report: ReportData, context: RenderContext) -> Iterator[bytes]:
    # Laid out on Qt's offscreen platform (see pdf.py) unless another is asked for: Qt's own
    # system libraries are checked before Qt loads, as importing QtGui fails on the first.
    environ = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM") or "offscreen"}
    if problem := missing_libraries_message(environ, needed_by="a PDF report"):
        raise ExportError(problem)
    from claimdesk.reports.pdf import render_pdf  # Qt loads only when a PDF is asked for

    yield from render_pdf(render_pdf_parts(report, context), title=report_title(report))


EXPORT_FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat(
            "html", ".html", "HTML report", "opens in any browser, ready to publish",
            _text(render_html), kinds=True,
        ),
        ExportFormat("pdf", ".pdf", "PDF", "for printing and sending", _pdf, kinds=True),
        ExportFormat(
            "md", ".md", "Markdown", "for wikis and notes", _text(render_markdown), kinds=True
        ),
        ExportFormat(
            "csv", ".csv", "CSV", "one row per claim, for spreadsheets",
            _text(render_csv, CSV_ENCODING),
        ),
        ExportFormat("json", ".json", "JSON", "everything, for other programs", _text(render_json)),
        ExportFormat(
            "claimreview", ".jsonld", "ClaimReview JSON-LD", "for search engines",
            _text(render_claimreview), claimreview=True,
        ),
    )
}  # fmt: skip
FORMATS = tuple(EXPORT_FORMATS)
SUFFIXES = {name: f.suffix for name, f in EXPORT_FORMATS.items()}


def export_format(name: str) -> ExportFormat:
    """The format named (any case, spaces around ignored); refused by name if unknown."""
    found = EXPORT_FORMATS.get(name.strip().lower())
    if found is None:
        raise ValidationError("format", f"'{name}' is not one of {', '.join(FORMATS)}")
    return found
