"""Reading what the highlight decision (core.highlights) needs of many articles at once."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby
from operator import itemgetter

from sqlalchemy import case, select
from sqlalchemy.orm import Session

from claimdesk.core.highlights import basis, chosen
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
