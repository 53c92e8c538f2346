"""CSV (one row per claim, for spreadsheets) and JSON (complete, versioned, re-importable)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from claimdesk import __version__
from claimdesk.core.readmodels import ArticleData, ClaimRow
from claimdesk.core.serialize import article_dict, claim_dict, iso
from claimdesk.reports.collect import ReportData
from claimdesk.reports.context import RenderContext

CSV_COLUMNS = (
    "article_id",
    "article_title",
    "claim_id",
    "quote",
    "start",
    "end",
    "status",
    "review_state",
    "reviewed_by",
    "reviewed_at",
    "suggestion",
    "score",
    "evidence_urls",
    "note",
    "reviewer",
    "updated_at",
)
CSV_ENCODING = "utf-8-sig"  # the BOM tells Excel the file is UTF-8 (it guesses ANSI otherwise)
EVIDENCE_SEPARATOR = " | "
JSON_FORMAT = "claimdesk-export"
JSON_VERSION = 1
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """Neutralise formula injection: text starting with = + - @ (or tab/CR) gets a leading '.

    Numbers are left as numbers. The apostrophe is what Excel and LibreOffice themselves use
    to mark "text, not a formula"; it is visible in other tools, which is the accepted cost.
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def render_csv(report: ReportData, context: RenderContext) -> Iterator[str]:
    """One row per claim, in the columns of CSV_COLUMNS; empty cells for missing values."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for article in context.each(report.articles()):
        for claim in article.claims:
            row = _csv_row(article, claim)
            writer.writerow([csv_cell("" if row[c] is None else row[c]) for c in CSV_COLUMNS])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _csv_row(article: ArticleData, claim: ClaimRow) -> dict[str, Any]:
    return {
        "article_id": article.id,
        "article_title": article.title,
        "claim_id": claim.id,
        "quote": claim.quote,
        "start": claim.start,
        "end": claim.end,
        "status": claim.status,
        "review_state": claim.review_state,
        "reviewed_by": claim.reviewed_by,
        "reviewed_at": iso(claim.reviewed_at),
        "suggestion": claim.suggestion,
        "score": claim.score,
        "evidence_urls": EVIDENCE_SEPARATOR.join(e.url for e in claim.evidence),
        "note": claim.note,
        "reviewer": claim.reviewer,
        "updated_at": iso(claim.updated_at),
    }


def render_json(report: ReportData, context: RenderContext) -> Iterator[str]:
    """Everything needed to rebuild the exported rows exactly, in the documented v1 schema.

    Written article by article, as `json.dumps(document, indent=2)` would write it whole.
    """
    head = {
        "format": JSON_FORMAT,
        "version": JSON_VERSION,
        "exported_at": iso(report.exported_at),
        "generator": f"Claimdesk {__version__}",
        "filters": {
            "article_ids": list(report.article_ids) if report.article_ids is not None else None,
            "statuses": list(report.statuses) if report.statuses is not None else None,
        },
        "articles": [],
    }
    yield from json_array(
        json.dumps(head, ensure_ascii=False, indent=2),
        (article_json(a) for a in context.each(report.articles())),
    )
    yield "\n"


def json_array(document: str, items: Iterator[Any]) -> Iterator[str]:
    """`document` (indented JSON ending in an empty array, its last member) with `items` in
    that array, each dumped as it comes: the text `json.dumps(..., indent=2)` gives at once.

    JSON strings hold no raw newline, so indenting an item's lines cannot change a string.
    """
    close = document.rindex("[]")
    line = document[document.rfind("\n", 0, close) + 1 : close]
    indent = " " * (len(line) - len(line.lstrip(" ")))
    pad = indent + "  "
    before, after = document[:close], document[close + 2 :]
    yield before
    first = True
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n" + pad)
        yield ("[\n" if first else ",\n") + pad + text
        first = False
    yield "[]" if first else "\n" + indent + "]"
    yield after


def article_json(article: ArticleData) -> dict[str, Any]:
    return {
        **article_dict(article),
        "claims": [claim_dict(c, events=True) for c in article.claims],
    }
