"""Annotated report exporters: HTML, PDF, Markdown, CSV, JSON and ClaimReview JSON-LD."""

from claimdesk.reports.errors import ExportError
from claimdesk.reports.exporter import ExportResult, export
from claimdesk.reports.formats import EXPORT_FORMATS, FORMATS, SUFFIXES, ExportFormat

__all__ = [
    "EXPORT_FORMATS",
    "FORMATS",
    "SUFFIXES",
    "ExportError",
    "ExportFormat",
    "ExportResult",
    "export",
]
