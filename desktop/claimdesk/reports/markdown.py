"""The Markdown report: the same structure as the HTML one, every piece of user text escaped."""

from __future__ import annotations

from collections.abc import Iterator

from claimdesk.core.models import ClaimStatus
from claimdesk.reports.collect import ReportData
from claimdesk.reports.context import RenderContext
from claimdesk.reports.html import report_title
from claimdesk.reports.templating import MarkdownSafe, markdown_template, md_escape
from claimdesk.reports.view import Piece, article_view


def render_markdown(report: ReportData, context: RenderContext) -> Iterator[str]:
    views = (article_view(article) for article in context.each(report.articles()))
    return markdown_template("report.md").generate(
        report=report,
        views=views,
        title=report_title(report),
        organisation=context.organisation,
        piece=_piece,
        heading=_heading,
    )


def _heading(level: int) -> MarkdownSafe:
    return MarkdownSafe("#" * level)


def _piece(piece: Piece, starts_paragraph: bool) -> MarkdownSafe:
    """A run of article text: claims bold (struck through if dismissed) with their number.

    Emphasis only works without white space just inside it, so that is moved outside; a
    paragraph's indentation is dropped, as four spaces would turn it into a code block.
    """
    text = piece.text.lstrip() if starts_paragraph else piece.text
    if piece.claim is None:
        return MarkdownSafe(md_escape(text))
    core = text.strip()
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    mark = "~~" if piece.claim.claim.status == ClaimStatus.DISMISSED else "**"
    style = piece.claim.style
    number = f" _({piece.claim.number} {style.symbol} {style.label.lower()})_" if piece.last else ""
    return MarkdownSafe(f"{lead}{mark}{md_escape(core)}{mark}{number}{trail}" if core else text)
