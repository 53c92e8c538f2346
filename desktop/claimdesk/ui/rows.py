"""The window's snapshots of claims and articles: frozen, so safe to hand between threads.

Qt-free and free of sessions: built from ORM objects inside a read, then used anywhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from claimdesk.core.models import Claim, ClaimStatus, Evidence


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    id: str
    url: str
    title: str
    note: str
    stance: str


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """A claim as the window shows it; safe to hand between threads (no session behind it)."""

    id: str
    article_id: str
    start: int
    end: int
    quote: str
    status: str
    origin: str
    score: float | None
    reasons: tuple[tuple[str, str], ...]
    suggestion: str | None
    suggestion_cue: str | None
    note: str
    reviewer: str | None
    review_state: str
    reviewed_by: str | None
    version: int
    evidence: tuple[EvidenceRow, ...]

    @property
    def is_reviewed(self) -> bool:
        return self.status not in (ClaimStatus.UNREVIEWED, ClaimStatus.DISMISSED)


@dataclass(frozen=True, slots=True)
class ArticleData:
    id: str
    title: str
    text: str
    source_url: str | None
    author: str | None
    published: dt.date | None
    origin: str
    claims: tuple[ClaimRow, ...]
    # (start, end, kind) of the lines that are headings or boilerplate, not body text
    structure: tuple[tuple[int, int, str], ...] = ()


def evidence_row(item: Evidence) -> EvidenceRow:
    return EvidenceRow(item.id, item.url, item.title, item.note, item.stance)


def claim_row(claim: Claim, evidence: tuple[EvidenceRow, ...] | None = None) -> ClaimRow:
    return ClaimRow(
        id=claim.id,
        article_id=claim.article_id,
        start=claim.start,
        end=claim.end,
        quote=claim.quote,
        status=claim.status,
        origin=claim.origin,
        score=claim.score,
        reasons=tuple((r.get("kind", ""), r.get("text", "")) for r in claim.reasons or ()),
        suggestion=claim.suggestion,
        suggestion_cue=claim.suggestion_cue,
        note=claim.note or "",
        reviewer=claim.reviewer,
        review_state=claim.review_state,
        reviewed_by=claim.reviewed_by,
        version=claim.version,
        evidence=tuple(map(evidence_row, claim.evidence)) if evidence is None else evidence,
    )


@dataclass(frozen=True, slots=True)
class ClaimUpdate:
    """Claims of one article as they now stand, with what the window showed before."""

    article_id: str
    changed: tuple[tuple[ClaimRow | None, ClaimRow], ...] = ()  # (before or None if new, after)
    removed: tuple[ClaimRow, ...] = ()
