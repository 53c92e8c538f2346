"""Read everything a report needs in one read session, into plain frozen dataclasses."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from claimdesk.core.models import Article, Claim, ClaimEvent, ClaimStatus, Evidence, ReviewState
from claimdesk.core.services.claims import parse_status
from claimdesk.core.services.lookup import resolve_id
from claimdesk.core.statuses import StatusCounts
from claimdesk.core.store import Store


@dataclass(frozen=True, slots=True)
class EvidenceData:
    id: str
    url: str
    title: str
    note: str
    stance: str
    position: int
    added_by: str | None
    added_at: dt.datetime


@dataclass(frozen=True, slots=True)
class EventData:
    id: str
    at: dt.datetime
    actor: str
    action: str
    before: Any
    after: Any


@dataclass(frozen=True, slots=True)
class ClaimData:
    id: str
    start: int
    end: int
    quote: str
    status: str
    origin: str
    score: float | None
    reasons: tuple[tuple[str, str], ...]  # (kind, text)
    suggestion: str | None
    suggestion_cue: str | None
    note: str
    reviewer: str | None
    review_state: str
    reviewed_by: str | None
    reviewed_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
    evidence: tuple[EvidenceData, ...]
    events: tuple[EventData, ...]

    @property
    def counts(self) -> bool:
        """Dismissed claims are false detections: they stay visible but are not work to do."""
        return self.status != ClaimStatus.DISMISSED

    @property
    def reviewed(self) -> bool:
        return self.status not in (ClaimStatus.UNREVIEWED, ClaimStatus.DISMISSED)


@dataclass(frozen=True, slots=True)
class Rollup(StatusCounts):
    """Claim counts of one article (or of all), as the summary table shows them."""

    counts: dict[str, int]  # status -> claims, every status
    by_review_state: dict[str, int]  # of the claims that count (not dismissed)
    approved: int

    @classmethod
    def of(cls, claims: Sequence[ClaimData]) -> Rollup:
        counting = [c for c in claims if c.counts]
        return cls(
            counts={s.value: sum(c.status == s for c in claims) for s in ClaimStatus},
            by_review_state={
                s.value: sum(c.review_state == s for c in counting) for s in ReviewState
            },
            approved=sum(c.review_state == ReviewState.APPROVED for c in counting),
        )


@dataclass(frozen=True, slots=True)
class ArticleData:
    id: str
    title: str
    text: str
    source_url: str | None
    author: str | None
    published: dt.date | None
    language: str | None
    sha256: str
    origin: str
    imported_at: dt.datetime
    extractor_version: str | None
    claims: tuple[ClaimData, ...]

    @property
    def rollup(self) -> Rollup:
        return Rollup.of(self.claims)


@dataclass(frozen=True, slots=True)
class ReportData:
    """A consistent snapshot of the selected articles and claims, and how they were chosen."""

    articles: tuple[ArticleData, ...]
    exported_at: dt.datetime
    article_ids: tuple[str, ...] | None
    statuses: tuple[str, ...] | None

    @property
    def claims(self) -> int:
        return sum(len(a.claims) for a in self.articles)

    @property
    def rollup(self) -> Rollup:
        return Rollup.of([c for a in self.articles for c in a.claims])


def collect(
    store: Store,
    *,
    article_ids: Sequence[str] | None = None,
    statuses: Sequence[str] | None = None,
) -> ReportData:
    """Snapshot the chosen articles (all by default) with claims of the chosen statuses.

    Article ids may be unique prefixes, as elsewhere. With a status filter, articles left
    without a matching claim are omitted: the reader asked for those claims, not for articles.

    Raises:
        NotFoundError, ValidationError: an unknown article id or status, named in the message.
    """
    wanted = tuple(dict.fromkeys(parse_status(s) for s in statuses)) if statuses else None
    with store.reading() as session:
        ids = None
        if article_ids:
            ids = tuple(dict.fromkeys(resolve_id(session, Article, i) for i in article_ids))
        query = (
            select(Article)
            .options(
                selectinload(Article.claims).selectinload(Claim.evidence),
                selectinload(Article.claims).selectinload(Claim.events),
            )
            .order_by(Article.imported_at, Article.title)
        )
        if ids is not None:
            query = query.where(Article.id.in_(ids))
        articles = [_article(a, wanted) for a in session.scalars(query)]
    if wanted is not None:
        articles = [a for a in articles if a.claims]
    return ReportData(tuple(articles), dt.datetime.now(dt.UTC), ids, wanted)


def _article(article: Article, statuses: tuple[str, ...] | None) -> ArticleData:
    claims = [c for c in article.claims if statuses is None or c.status in statuses]
    return ArticleData(
        id=article.id,
        title=article.title,
        text=article.text,
        source_url=article.source_url,
        author=article.author,
        published=article.published,
        language=article.language,
        sha256=article.sha256,
        origin=article.origin,
        imported_at=article.imported_at,
        extractor_version=article.extractor_version,
        claims=tuple(_claim(c) for c in sorted(claims, key=lambda c: (c.start, c.end, c.id))),
    )


def _claim(claim: Claim) -> ClaimData:
    return ClaimData(
        id=claim.id,
        start=claim.start,
        end=claim.end,
        quote=claim.quote,
        status=claim.status,
        origin=claim.origin,
        score=claim.score,
        reasons=tuple((str(r.get("kind", "")), str(r.get("text", ""))) for r in claim.reasons),
        suggestion=claim.suggestion,
        suggestion_cue=claim.suggestion_cue,
        note=claim.note or "",
        reviewer=claim.reviewer,
        review_state=claim.review_state,
        reviewed_by=claim.reviewed_by,
        reviewed_at=claim.reviewed_at,
        created_at=claim.created_at,
        updated_at=claim.updated_at,
        version=claim.version,
        evidence=tuple(_evidence(e) for e in claim.evidence),
        events=tuple(_event(e) for e in claim.events),
    )


def _evidence(item: Evidence) -> EvidenceData:
    return EvidenceData(
        id=item.id,
        url=item.url,
        title=item.title or "",
        note=item.note or "",
        stance=item.stance,
        position=item.position,
        added_by=item.added_by,
        added_at=item.added_at,
    )


def _event(event: ClaimEvent) -> EventData:
    return EventData(event.id, event.at, event.actor, event.action, event.before, event.after)
