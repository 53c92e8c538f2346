"""Read what a report needs in one read session: its totals first, then its articles in chunks.

A report of the whole library must not hold the whole library: the summary (every article's
title and counts) is computed by SQL up front, as the report's head needs it before any
article, and the articles themselves are read CHUNK at a time while the report is written.
Both come from the same read transaction, so the head's counts match the articles below it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from claimdesk.core.models import Article, Claim, ReviewState
from claimdesk.core.readmodels import ArticleData, article_data, claim_row
from claimdesk.core.services.lookup import resolve_id
from claimdesk.core.statuses import Rollup, rollup
from claimdesk.core.store import Store
from claimdesk.reports.selection import ReportKind, Selection, choose

CHUNK = 50  # articles read at once: a few MB of text, claims, evidence and history


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    """One article's line in the report's summary table: its claims in the report, counted."""

    id: str
    title: str
    rollup: Rollup
    claims: int


@dataclass(frozen=True, slots=True)
class ReportData:
    """The selected articles' summaries and totals, a reader of the articles themselves, and
    how they were chosen. Valid inside `collect`'s `with` block only (it reads as it goes)."""

    summaries: tuple[ArticleSummary, ...]
    rollup: Rollup  # of every claim in the report
    exported_at: dt.datetime
    article_ids: tuple[str, ...] | None
    statuses: tuple[str, ...] | None  # every status the report holds claims of; None: all
    selection: Selection
    session: Session
    chunk: int = CHUNK

    @property
    def kind(self) -> ReportKind:
        return self.selection.kind

    @property
    def working(self) -> bool:
        return self.selection.kind is ReportKind.WORKING

    @property
    def claims(self) -> int:
        return sum(s.claims for s in self.summaries)

    def articles(self) -> Iterator[ArticleData]:
        """The articles of `summaries`, in their order, read `chunk` at a time."""
        for at in range(0, len(self.summaries), self.chunk):
            yield from self._read([s.id for s in self.summaries[at : at + self.chunk]])

    def _read(self, ids: list[str]) -> list[ArticleData]:
        query = (
            select(Article)
            .where(Article.id.in_(ids))
            .options(
                selectinload(Article.claims).selectinload(Claim.evidence),
                selectinload(Article.claims).selectinload(Claim.events),
            )
        )
        found = {a.id: _article(a, self.selection) for a in self.session.scalars(query)}
        self.session.expunge_all()  # the next chunk must not find this one's objects kept
        return [found[i] for i in ids]


@contextmanager
def collect(
    store: Store,
    *,
    article_ids: Sequence[str] | None = None,
    selection: Selection | None = None,
    chunk: int | None = None,
) -> Iterator[ReportData]:
    """Open a read of the chosen articles (all by default) with the claims `selection` wants.

    Article ids may be unique prefixes, as elsewhere. With a status filter, articles left
    without a matching claim are omitted: the reader asked for those claims, not for articles.

    Raises:
        NotFoundError: an unknown article id, named in the message.
    """
    selection = selection or choose(kinds=False, include_dismissed=True)
    with store.reading() as session:
        ids = None
        if article_ids:
            ids = tuple(dict.fromkeys(resolve_id(session, Article, i) for i in article_ids))
        summaries, total = _summaries(session, ids, selection)
        yield ReportData(
            summaries,
            total,
            dt.datetime.now(dt.UTC),
            ids,
            selection.statuses,
            selection,
            session,
            chunk or CHUNK,
        )


Counted = tuple[str, str, int]  # (status, review state, claims), as core.statuses.rollup takes


def _summaries(
    session: Session, ids: tuple[str, ...] | None, selection: Selection
) -> tuple[tuple[ArticleSummary, ...], Rollup]:
    """Every chosen article's title and counts, in report order, by two queries: the claims
    are counted by SQL, grouped, never read."""
    counting = select(Claim.article_id, Claim.status, Claim.review_state, func.count()).group_by(
        Claim.article_id, Claim.status, Claim.review_state
    )
    if selection.statuses is not None:
        counting = counting.where(Claim.status.in_(selection.statuses))
    if selection.approved_only:
        counting = counting.where(Claim.review_state == ReviewState.APPROVED)
    counted: defaultdict[str, list[Counted]] = defaultdict(list)
    for article_id, status, state, n in session.execute(counting):
        counted[article_id].append((status, state, n))
    listing = select(Article.id, Article.title).order_by(Article.imported_at, Article.title)
    chosen = None if ids is None else frozenset(ids)
    only_with_claims = selection.statuses is not None or selection.approved_only
    summaries = []
    for article_id, title in session.execute(listing):
        rows = counted.get(article_id, [])
        if (chosen is None or article_id in chosen) and (rows or not only_with_claims):
            claims = sum(n for _, _, n in rows)
            summaries.append(ArticleSummary(article_id, title, rollup(rows), claims))
    total = rollup(row for s in summaries for row in counted.get(s.id, ()))
    return tuple(summaries), total


def _article(article: Article, selection: Selection) -> ArticleData:
    statuses, approved_only = selection.statuses, selection.approved_only
    claims = (
        c
        for c in article.claims
        if (statuses is None or c.status in statuses)
        and (not approved_only or c.review_state == ReviewState.APPROVED)
    )
    return article_data(article, (claim_row(c, events=True) for c in claims))
