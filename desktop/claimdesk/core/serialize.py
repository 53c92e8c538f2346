"""Plain-dict views of the models, for `--json` output and the JSON report."""

from __future__ import annotations

import datetime as dt
from typing import Any

from claimdesk.core.models import Article, Claim, ClaimEvent, Evidence
from claimdesk.core.services.articles import ArticleSummary


def _iso(value: dt.datetime | dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def summary_to_dict(summary: ArticleSummary) -> dict[str, Any]:
    return {
        "id": summary.id,
        "title": summary.title,
        "origin": summary.origin,
        "imported_at": _iso(summary.imported_at),
        "claims": summary.total,
        "reviewed": summary.reviewed,
        "approved": summary.approved,
        "counts": dict(sorted(summary.counts.items())),
        "last_activity": _iso(summary.last_activity),
    }


def article_to_dict(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "source_url": article.source_url,
        "author": article.author,
        "published": _iso(article.published),
        "language": article.language,
        "sha256": article.sha256,
        "origin": article.origin,
        "imported_at": _iso(article.imported_at),
        "extractor_version": article.extractor_version,
        "text": article.text,
    }


def evidence_to_dict(item: Evidence) -> dict[str, Any]:
    return {
        "id": item.id,
        "url": item.url,
        "title": item.title,
        "note": item.note,
        "stance": item.stance,
        "position": item.position,
        "added_by": item.added_by,
        "added_at": _iso(item.added_at),
    }


def claim_to_dict(claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.id,
        "article_id": claim.article_id,
        "start": claim.start,
        "end": claim.end,
        "quote": claim.quote,
        "status": claim.status,
        "origin": claim.origin,
        "score": claim.score,
        "reasons": list(claim.reasons or []),
        "suggestion": claim.suggestion,
        "suggestion_cue": claim.suggestion_cue,
        "note": claim.note,
        "reviewer": claim.reviewer,
        "review_state": claim.review_state,
        "reviewed_by": claim.reviewed_by,
        "reviewed_at": _iso(claim.reviewed_at),
        "created_at": _iso(claim.created_at),
        "updated_at": _iso(claim.updated_at),
        "version": claim.version,
        "evidence": [evidence_to_dict(item) for item in claim.evidence],
    }


def event_to_dict(event: ClaimEvent) -> dict[str, Any]:
    return {
        "id": event.id,
        "claim_id": event.claim_id,
        "at": _iso(event.at),
        "actor": event.actor,
        "action": event.action,
        "before": event.before,
        "after": event.after,
    }
