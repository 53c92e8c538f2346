"""Read everything a report needs in one read session, into the core read model's snapshots."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from claimdesk.core.models import Article, Claim, ReviewState
from claimdesk.core.readmodels import ArticleData, article_data, claim_row, claims_rollup
from claimdesk.core.services.lookup import resolve_id
from claimdesk.core.statuses import Rollup
from claimdesk.core.store import Store
from claimdesk.reports.selection import ReportKind, Selection, choose


@dataclass(frozen=True, slots=True)
class ReportData:
    """A consistent snapshot of the selected articles and claims, and how they were chosen."""

    articles: tuple[ArticleData, ...]
    exported_at: dt.datetime
    article_ids: tuple[str, ...] | None
    statuses: tuple[str, ...] | None  # every status the report holds claims of; None: all
    selection: Selection

    @property
    def kind(self) -> ReportKind:
        return self.selection.kind

    @property
    def working(self) -> bool:
        return self.selection.kind is ReportKind.WORKING

    @property
    def claims(self) -> int:
        return sum(len(a.claims) for a in self.articles)

    @property
    def rollup(self) -> Rollup:
        return claims_rollup(c for a in self.articles for c in a.claims)


def collect(
    store: Store,
    *,
    article_ids: Sequence[str] | None = None,
    selection: Selection | None = None,
) -> ReportData:
    """Snapshot the chosen articles (all by default) with the claims `selection` wants.

    Article ids may be unique prefixes, as elsewhere. With a status filter, articles left
    without a matching claim are omitted: the reader asked for those claims, not for articles.

    Raises:
        NotFoundError: an unknown article id, named in the message.
    """
    selection = selection or choose(kinds=False, include_dismissed=True)
    wanted = selection.statuses
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
        articles = [_article(a, selection) for a in session.scalars(query)]
    if wanted is not None or selection.approved_only:
        articles = [a for a in articles if a.claims]
    return ReportData(tuple(articles), dt.datetime.now(dt.UTC), ids, wanted, selection)


def _article(article: Article, selection: Selection) -> ArticleData:
    statuses, approved_only = selection.statuses, selection.approved_only
    claims = (
        c
        for c in article.claims
        if (statuses is None or c.status in statuses)
        and (not approved_only or c.review_state == ReviewState.APPROVED)
    )
    return article_data(article, (claim_row(c, events=True) for c in claims))
