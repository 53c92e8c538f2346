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
        foot=True,
    )


def render_pdf_parts(report: ReportData, context: RenderContext) -> Iterator[str]:
    """The PDF variant in parts that pdf.py lays out one after another: the head with the
    summary, then each article, the report's footer after the last (or after the head)."""
    common = {
        "report": report,
        "title": report_title(report),
        "organisation": context.organisation,
        "pdf": True,
    }
    last = len(report.summaries) - 1
    yield html_template("report.html").render(views=(), foot=last < 0, **common)
    for number, article in enumerate(context.each(report.articles())):
        view = article_view(article)
        yield html_template("report-part.html").render(view=view, foot=number == last, **common)
