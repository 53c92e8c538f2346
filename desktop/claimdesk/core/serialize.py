"""Plain-dict views of articles, claims, evidence and events: one shape for `--json` and reports.

The functions read attributes by name, so they serve the ORM rows and the frozen snapshots the
reports collect alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

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


def reasons(items: Iterable[Mapping[str, str] | tuple[str, str]]) -> list[dict[str, str]]:
    """Reasons as {kind, text} whether stored as dicts (database) or pairs (snapshots)."""
    return [
        {"kind": r["kind"], "text": r["text"]}
        if isinstance(r, Mapping)
        else dict(zip(("kind", "text"), r, strict=True))
        for r in items
    ]


def article_dict(article: object) -> dict[str, Any]:
    return fields(article, ARTICLE_FIELDS)


def evidence_dict(item: object) -> dict[str, Any]:
    return fields(item, EVIDENCE_FIELDS)


def event_dict(event: object) -> dict[str, Any]:
    return fields(event, EVENT_FIELDS)


def claim_dict(claim: Any, *, events: bool = False) -> dict[str, Any]:
    """A claim with its reasons and evidence (and, if asked, its history)."""
    out = fields(claim, CLAIM_FIELDS)
    out["reasons"] = reasons(claim.reasons or ())
    out["evidence"] = [evidence_dict(e) for e in claim.evidence]
    if events:
        out["events"] = [event_dict(e) for e in claim.events]
    return out


def summary_dict(summary: ArticleSummary) -> dict[str, Any]:
    return {
        "id": summary.id,
        "title": summary.title,
        "origin": summary.origin,
        "imported_at": iso(summary.imported_at),
        "claims": summary.total,
        "reviewed": summary.reviewed,
        "approved": summary.approved,
        "counts": dict(sorted(summary.counts.items())),
        "last_activity": iso(summary.last_activity),
    }
