"""schema.org ClaimReview JSON-LD, one item per approved verdict (Google's fact-check markup).

Google's guidance (developers.google.com/search/docs/appearance/structured-data/factcheck)
requires `claimReviewed`, `reviewRating` with its text `alternateName`, and `url` (on the
domain the markup is published on); it recommends `author` (the publishing organisation, with
`name`), `datePublished` and `itemReviewed` (the Claim: its `appearance`, `author`,
`datePublished`). Every item written here has the required and recommended review fields, or
the export fails: REQUIRED lists them, `problems` checks them.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from claimdesk.core.models import ClaimStatus
from claimdesk.core.readmodels import ArticleData, ClaimRow
from claimdesk.core.serialize import iso
from claimdesk.core.urls import href, is_safe_link
from claimdesk.reports.collect import ReportData
from claimdesk.reports.context import RenderContext
from claimdesk.reports.errors import ExportError
from claimdesk.reports.tabular import json_array
from claimdesk.reports.view import anchor

# JSON that stays inert inside an HTML <script> element, as ClaimReview is published: a string
# holding "</script>" would end the element and "<!--" would change how it is parsed, so "<",
# ">" and "&" are written as \u escapes; so are U+2028 and U+2029, which end a line in older
# JavaScript. They only ever occur inside JSON strings, where the escapes mean the same text.
_HTML_ESCAPES = str.maketrans({ch: f"\\u{ord(ch):04x}" for ch in "<>&\u2028\u2029"})
VERDICTS = {
    ClaimStatus.SOURCED.value: "Supported by sources",
    ClaimStatus.DISPUTED.value: "Disputed",
    ClaimStatus.SPECULATIVE.value: "Speculative / unverifiable",
}
# (path, what it is): the fields every item must have, as dotted paths into the item.
REQUIRED = (
    ("claimReviewed", "the claim"),
    ("reviewRating.alternateName", "the verdict as text"),
    ("url", "the address of the published fact check"),
    ("author.name", "the publishing organisation"),
    ("datePublished", "the date of the review"),
)


def render_claimreview(report: ReportData, context: RenderContext) -> Iterator[str]:
    """A JSON array of ClaimReview objects, ready for a <script type="application/ld+json">.

    Claimdesk's statuses describe the *evidence* for a claim, not a true/false verdict, so
    each is published as a text rating (`reviewRating.alternateName`, the part search engines
    show) and no numeric scale is invented (see VERDICTS and docs/exporting.md):

    - sourced: "Supported by sources"
    - disputed: "Disputed"
    - speculative: "Speculative / unverifiable"

    The report holds the claims the selection chose: verdicts only, approved ones unless
    asked otherwise. Each item is checked against REQUIRED as it is written; the exporter
    keeps the file only if every one passed.

    Raises:
        ExportError: an item lacks a required field (names the claim and the field).
    """
    for piece in json_array("[]", _items(report, context)):
        yield piece.translate(_HTML_ESCAPES)
    yield "\n"


def _items(report: ReportData, context: RenderContext) -> Iterator[dict[str, Any]]:
    for article in context.each(report.articles()):
        for claim in article.claims:
            item = claim_review(article, claim, context)
            if missing := problems(item):
                raise ExportError(f"claim {claim.id}: ClaimReview lacks {', '.join(missing)}")
            yield item


def problems(item: dict[str, Any]) -> list[str]:
    """The REQUIRED fields an item lacks or holds empty, by path."""
    missing = []
    for path, _what in REQUIRED:
        value: Any = item
        for key in path.split("."):
            value = value.get(key) if isinstance(value, dict) else None
        if not (isinstance(value, str) and value.strip()):
            missing.append(path)
    return missing


def claim_review(article: ArticleData, claim: ClaimRow, context: RenderContext) -> dict[str, Any]:
    """One ClaimReview. Its `url` is the report URL plus the claim's anchor in the report;
    only a note marked public becomes the rating's explanation."""
    rating: dict[str, Any] = {"@type": "Rating", "alternateName": VERDICTS.get(claim.status, "")}
    if claim.note and claim.note_public:
        rating["ratingExplanation"] = claim.note
    item: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "identifier": claim.id,
        # The whole quote, even past Google's suggested 75 characters: a cut claim can change
        # its meaning.
        "claimReviewed": " ".join(claim.quote.split()),
        "reviewRating": rating,
        "itemReviewed": _claim(article),
        "datePublished": iso((claim.reviewed_at or claim.updated_at).date()),
    }
    if context.report_url:
        item["url"] = f"{context.report_url.split('#', 1)[0]}#note-{anchor(claim.id)}"
    if context.organisation:
        item["author"] = {"@type": "Organization", "name": context.organisation}
    return item


def _claim(article: ArticleData) -> dict[str, Any]:
    """The claim as it appeared: in the article, by its author, on its publication date."""
    claim: dict[str, Any] = {"@type": "Claim"}
    source = article.source_url
    if source and is_safe_link(source):
        claim["appearance"] = {
            "@type": "CreativeWork",
            "url": href(source),
            "headline": article.title,
        }
    if article.author:
        claim["author"] = {"@type": "Person", "name": article.author}
    if article.published:
        claim["datePublished"] = iso(article.published)
    return claim
