"""Article use cases: import (deduplicated by text), list with claim counts, delete."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claimdesk.core.errors import NotFoundError
from claimdesk.core.importing import ArticleDraft, text_sha256
from claimdesk.core.models import Article, Claim, ClaimEvent, ReviewState
from claimdesk.core.statuses import StatusCounts


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    article: Article
    created: bool  # False: the same text was already in the library


@dataclass(frozen=True, slots=True)
class ArticleSummary(StatusCounts):
    id: str
    title: str
    origin: str
    imported_at: dt.datetime
    counts: dict[str, int] = field(default_factory=dict)  # status -> number of claims
    approved: int = 0
    last_activity: dt.datetime | None = None


def import_draft(session: Session, draft: ArticleDraft) -> ImportOutcome:
    """Add an article unless the same normalised text is already there."""
    digest = text_sha256(draft.text)
    existing = session.scalar(select(Article).where(Article.sha256 == digest))
    if existing is not None:
        return ImportOutcome(existing, created=False)
    article = Article(
        title=draft.title,
        text=draft.text,
        source_url=draft.source_url,
        author=draft.author,
        published=draft.published,
        language=draft.language,
        sha256=digest,
        origin=draft.origin,
    )
    session.add(article)
    session.flush()
    return ImportOutcome(article, created=True)


def get_article(session: Session, article_id: str) -> Article:
    article = session.get(Article, article_id)
    if article is None:
        raise NotFoundError(f"article {article_id}: no such article in this database")
    return article


def delete_article(session: Session, article_id: str) -> None:
    """Delete an article with its claims, evidence and history."""
    session.delete(get_article(session, article_id))
    session.flush()


def list_articles(session: Session) -> list[ArticleSummary]:
    """Every article, oldest import first, with its claim counts per status."""
    counts: dict[str, dict[str, int]] = {}
    for article_id, status, n in session.execute(
        select(Claim.article_id, Claim.status, func.count()).group_by(
            Claim.article_id, Claim.status
        )
    ):
        counts.setdefault(article_id, {})[status] = n
    approved: dict[str, int] = {
        article_id: n
        for article_id, n in session.execute(
            select(Claim.article_id, func.count())
            .where(Claim.review_state == ReviewState.APPROVED.value)
            .group_by(Claim.article_id)
        )
    }
    activity: dict[str, dt.datetime] = {
        article_id: at
        for article_id, at in session.execute(
            select(Claim.article_id, func.max(ClaimEvent.at))
            .join(ClaimEvent, ClaimEvent.claim_id == Claim.id)
            .group_by(Claim.article_id)
        )
    }
    query = select(Article.id, Article.title, Article.origin, Article.imported_at).order_by(
        Article.imported_at, Article.title
    )
    return [
        ArticleSummary(
            id=row.id,
            title=row.title,
            origin=row.origin,
            imported_at=row.imported_at,
            counts=counts.get(row.id, {}),
            approved=approved.get(row.id, 0),
            last_activity=_aware(activity.get(row.id)),
        )
        for row in session.execute(query)
    ]


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    # Aggregates bypass the column type, so SQLite hands back a naive UTC time.
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=dt.UTC)
