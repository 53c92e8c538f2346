"""Reading what the highlight decision (core.highlights) needs of many articles at once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import groupby
from operator import itemgetter

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from claimdesk.core.enums import ClaimOrigin, ClaimStatus
from claimdesk.core.highlights import basis, budget, chosen
from claimdesk.core.models import Article, Claim

BASIS_COLUMNS = (
    Article.word_count,
    Article.highlight_cut,
    Article.extractor_version,
    case((Article.word_count.is_(None), Article.text)),  # the text only when it must be counted
)
"""An article's columns `basis` reads, for a query that reads them with its own rows."""


def highlighted_in(session: Session, article_ids: Iterable[str]) -> frozenset[str]:
    """The highlighted claims of these articles, read in two queries."""
    ids = list(dict.fromkeys(article_ids))
    claims = (
        select(Claim.article_id, Claim.id, Claim.score, Claim.status, Claim.origin)
        .where(Claim.article_id.in_(ids))
        .order_by(Claim.article_id)
    )
    articles = select(Article.id, *BASIS_COLUMNS).where(Article.id.in_(ids))
    bases = {row[0]: basis(*row[1:]) for row in session.execute(articles)}
    shown: set[str] = set()
    for article_id, rows in groupby(session.execute(claims), key=itemgetter(0)):
        words, cut = bases[article_id]
        shown |= chosen((row[1:] for row in rows), words=words, cut=cut)
    return frozenset(shown)


def candidates_in(session: Session, article_ids: Sequence[str] | None) -> dict[str, int]:
    """Article id -> how many of its claims are "more candidates" (not highlighted, so not
    listed by default): `chosen`'s rule counted in SQL, for listings of many articles (None:
    every article). An article without any is left out.

    The extractor's unreviewed claims are all candidates but the budget's worth of those
    at or over the cut-off; any other claim is always highlighted.
    """
    found = and_(Claim.status == ClaimStatus.UNREVIEWED, Claim.origin != ClaimOrigin.MANUAL)
    over = func.count(case((Claim.score >= Article.highlight_cut, 1)))
    query = (
        select(Claim.article_id, func.count(), over, *BASIS_COLUMNS)
        .join(Article, Article.id == Claim.article_id)
        .where(found)
        .group_by(Claim.article_id)
    )
    if article_ids is not None:
        query = query.where(Claim.article_id.in_(article_ids))
    hidden: dict[str, int] = {}
    for article_id, candidates, over_cut, *rest in session.execute(query):
        words, cut = basis(*rest)
        if rest[1] is None:  # no stored cut (an article older than schema 0007): compared here
            scores = select(Claim.score).where(Claim.article_id == article_id, found)
            over_cut = sum(1 for s in session.scalars(scores) if s is not None and s >= cut)
        if left_out := candidates - min(budget(words), over_cut):
            hidden[article_id] = left_out
    return hidden
