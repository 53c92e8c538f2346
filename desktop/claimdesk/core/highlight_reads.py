"""Reading what the highlight decision (core.highlights) needs of many articles at once."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import case, select
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
IN_LIMIT = 1_000  # article ids asked for by IN (...); more are picked from every article


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


def candidates_in(session: Session, facts: Mapping[str, Sequence[Any]]) -> dict[str, int]:
    """Article id -> how many of its claims are "more candidates" (not highlighted, so not
    listed by default): `chosen`'s rule in numbers, for listings of many articles. `facts`
    holds each article's BASIS_COLUMNS, read with the listing's own rows: joined here, the
    articles' rows cost ten times the claims' (their text comes first). An article without
    candidates is left out; the facts of one without unreviewed claims by the extractor are
    never looked at (deriving a missing cut-off loads the scoring module, numpy and all).

    The extractor's unreviewed claims are all candidates but the budget's worth of those at
    or over the cut-off; any other claim is always highlighted.
    """
    query = select(Claim.article_id, Claim.score).where(
        Claim.status == ClaimStatus.UNREVIEWED, Claim.origin != ClaimOrigin.MANUAL
    )
    if len(facts) <= IN_LIMIT:  # a listing's chunk; else every article, in one pass
        query = query.where(Claim.article_id.in_(list(facts)))
    scores: dict[str, list[float | None]] = {}
    for article_id, score in session.execute(query):
        if article_id in facts:
            scores.setdefault(article_id, []).append(score)
    hidden = {}
    for article_id, found in scores.items():
        words, cut = basis(*facts[article_id])
        over_cut = sum(1 for score in found if score is not None and score >= cut)
        if left_out := len(found) - min(budget(words), over_cut):
            hidden[article_id] = left_out
    return hidden
