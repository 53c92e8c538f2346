"""Annotated report exporters: HTML, PDF, Markdown, CSV, JSON and ClaimReview JSON-LD."""

from claimdesk.reports.exporter import FORMATS, SUFFIXES, ExportError, ExportResult, export

__all__ = ["FORMATS", "SUFFIXES", "ExportError", "ExportResult", "export"]
