"""Article use cases: import (deduplicated by text), list with the roll-up of claims, delete."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claimdesk.core.errors import NotFoundError
from claimdesk.core.importing import ArticleDraft, text_sha256
from claimdesk.core.models import Article, Claim, ClaimEvent
from claimdesk.core.services.extraction import EXTRACTOR_ACTOR
from claimdesk.core.statuses import Rollup, rollup


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    article: Article
    created: bool  # False: the same text was already in the library


@dataclass(frozen=True, slots=True)
class ArticleSummary(Rollup):
    """One article's roll-up, as the article list and the dashboard show it."""

    id: str
    title: str
    origin: str
    imported_at: dt.datetime
    last_activity: dt.datetime | None  # the latest change by a person; None if nobody yet


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
    """Every article, oldest import first, with its roll-up; three queries whatever the size."""
    rows: dict[str, list[tuple[str, str, int]]] = {}
    for article_id, status, state, n in session.execute(
        select(Claim.article_id, Claim.status, Claim.review_state, func.count()).group_by(
            Claim.article_id, Claim.status, Claim.review_state
        )
    ):
        rows.setdefault(article_id, []).append((status, state, n))
    activity = last_activity(session)
    query = select(Article.id, Article.title, Article.origin, Article.imported_at).order_by(
        Article.imported_at, Article.title
    )
    summaries = []
    for row in session.execute(query):
        counted = rollup(rows.get(row.id, ()))
        summaries.append(
            ArticleSummary(
                counts=counted.counts,
                by_review_state=counted.by_review_state,
                id=row.id,
                title=row.title,
                origin=row.origin,
                imported_at=row.imported_at,
                last_activity=activity.get(row.id),
            )
        )
    return summaries


def last_activity(session: Session) -> dict[str, dt.datetime]:
    """Article id -> when a person (never the extractor) last changed one of its claims."""
    return {
        article_id: _aware(at)
        for article_id, at in session.execute(
            select(Claim.article_id, func.max(ClaimEvent.at))
            .join(ClaimEvent, ClaimEvent.claim_id == Claim.id)
            .where(ClaimEvent.actor != EXTRACTOR_ACTOR)
            .group_by(Claim.article_id)
        )
    }


def _aware(value: dt.datetime) -> dt.datetime:
    # Aggregates bypass the column type, so SQLite hands back a naive UTC time.
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
