"""The self-contained HTML report, and the variant of it that the PDF exporter lays out."""

from __future__ import annotations

from collections.abc import Iterator

from claimdesk.reports.collect import ReportData
from claimdesk.reports.context import RenderContext
from claimdesk.reports.templating import html_template
from claimdesk.reports.view import article_view


def report_title(report: ReportData) -> str:
    return f"Fact-check report — {report.exported_at.date().isoformat()}"


def render_html(report: ReportData, context: RenderContext, *, pdf: bool = False) -> Iterator[str]:
    """Render the report piece by piece, each article as it is read; `pdf` uses only the HTML
    and CSS that QTextDocument understands."""
    views = (article_view(article) for article in context.each(report.articles()))
    return html_template("report.html").generate(
        report=report,
        views=views,
        title=report_title(report),
        organisation=context.organisation,
        pdf=pdf,
    )
