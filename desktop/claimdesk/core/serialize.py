"""Plain-dict views of the read model (core.readmodels): one shape for `--json` and reports.

The JSON export's schema (resources/schemas/claimdesk-export-v1.schema.json) fixes these keys
and their order; claim_dict adds `article_id` only when asked, as the export nests claims in
their article.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from claimdesk.core.readmodels import ArticleData, ClaimRow, EventRow, EvidenceRow
from claimdesk.core.services.articles import ArticleSummary

ARTICLE_FIELDS = (
    "id", "title", "source_url", "author", "published", "language", "sha256", "origin",
    "imported_at", "extractor_version", "text",
)  # fmt: skip
CLAIM_FIELDS = (
    "id", "start", "end", "quote", "status", "origin", "score", "suggestion", "suggestion_cue",
    "note", "reviewer", "review_state", "reviewed_by", "reviewed_at", "created_at",
    "updated_at", "version",
)  # fmt: skip
EVIDENCE_FIELDS = ("id", "url", "title", "note", "stance", "position", "added_by", "added_at")
EVENT_FIELDS = ("id", "at", "actor", "action", "before", "after")


def iso(value: dt.datetime | dt.date | None) -> str | None:
    """ISO 8601; datetimes in UTC with an explicit +00:00 offset."""
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    return value.isoformat() if value is not None else None


def fields(obj: object, names: Iterable[str]) -> dict[str, Any]:
    """The named attributes, with dates and times as ISO 8601 strings."""
    out = {}
    for name in names:
        value = getattr(obj, name)
        out[name] = iso(value) if isinstance(value, dt.date) else value
    return out


def article_dict(article: ArticleData) -> dict[str, Any]:
    return fields(article, ARTICLE_FIELDS)


def evidence_dict(item: EvidenceRow) -> dict[str, Any]:
    return fields(item, EVIDENCE_FIELDS)


def event_dict(event: EventRow) -> dict[str, Any]:
    return fields(event, EVENT_FIELDS)


def claim_dict(
    claim: ClaimRow, *, events: bool = False, article_id: bool = False
) -> dict[str, Any]:
    """A claim with its reasons and evidence (and, if asked, its history or article id)."""
    out = fields(claim, CLAIM_FIELDS)
    out["reasons"] = [{"kind": kind, "text": text} for kind, text in claim.reasons]
    out["evidence"] = [evidence_dict(e) for e in claim.evidence]
    if events:
        out["events"] = [event_dict(e) for e in claim.events]
    if article_id:
        out["article_id"] = claim.article_id
    return out


def summary_dict(summary: ArticleSummary) -> dict[str, Any]:
    return {
        "id": summary.id,
        "title": summary.title,
        "origin": summary.origin,
        "imported_at": iso(summary.imported_at),
        "claims": summary.total,
        "candidates": summary.candidates,
        "reviewed": summary.reviewed,
        "approved": summary.approved,
        "counts": dict(sorted(summary.counts.items())),
        "last_activity": iso(summary.last_activity),
    }
