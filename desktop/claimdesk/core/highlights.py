"""Which claims are highlighted by default; the others are "more candidates", shown on request.

A detector tuned to find claims flags most sentences of news prose: the ranking is good, a
single cut-off is not. So an extracted claim is highlighted only when its score clears the
precision-oriented cut-off of the model that scored it AND it ranks within the article's
budget (HIGHLIGHTS_PER_1000_WORDS). Claims a person tagged, dismissed or made are always
shown.

Computed at read time from what is stored (scores, statuses, the article's text and
extractor version): no column to migrate, and a new budget applies to old articles too.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from claimdesk.core.errors import ClaimdeskError
from claimdesk.core.extraction.extractor import model_of
from claimdesk.core.extraction.scoring import TRAINED, load_weights
from claimdesk.core.models import Article, Claim, ClaimOrigin, ClaimStatus

HIGHLIGHTS_PER_1000_WORDS = 12
"""About one sentence in four of news prose (20 words a sentence) at most."""
HIGHLIGHTS_AT_LEAST = 3  # a short article still gets its best few


class ClaimLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def score(self) -> float | None: ...
    @property
    def status(self) -> str: ...
    @property
    def origin(self) -> str: ...


def budget(words: int) -> int:
    """How many extracted, unreviewed claims an article of this many words highlights at most."""
    return max(HIGHLIGHTS_AT_LEAST, math.ceil(words * HIGHLIGHTS_PER_1000_WORDS / 1000))


def highlight_cut(model: str) -> float:
    """The model's precision-oriented cut-off; the features' when its section is damaged
    (extraction then falls back to them too, and says so)."""
    try:
        return load_weights(model).highlight
    except ClaimdeskError:
        return load_weights(TRAINED).highlight


def highlighted(
    claims: Iterable[ClaimLike], *, words: int, extractor_version: str | None
) -> frozenset[str]:
    """The ids of one article's claims that are highlighted by default.

    Args:
        claims: all the article's claims (the budget ranks them against each other).
        words: the article's length in words.
        extractor_version: the article's, naming the model whose cut-off applies; an
            unknown one is taken for the model shipped now.
    """
    cut = highlight_cut(model_of(extractor_version))
    shown = set()
    ranked = []
    for claim in claims:
        if claim.origin == ClaimOrigin.MANUAL or claim.status != ClaimStatus.UNREVIEWED:
            shown.add(claim.id)
        elif claim.score is not None and claim.score >= cut:
            ranked.append((-claim.score, claim.id))
    shown.update(claim_id for _, claim_id in sorted(ranked)[: budget(words)])
    return frozenset(shown)


def highlighted_in(session: Session, article_ids: Iterable[str]) -> frozenset[str]:
    """The highlighted claims of these articles, read in two queries (for `claimdesk claims`)."""
    ids = list(dict.fromkeys(article_ids))
    by_article: dict[str, list[ClaimLike]] = defaultdict(list)
    query = select(Claim.id, Claim.article_id, Claim.score, Claim.status, Claim.origin)
    for row in session.execute(query.where(Claim.article_id.in_(ids))):
        by_article[row.article_id].append(row)
    shown: set[str] = set()
    articles = select(Article.id, Article.text, Article.extractor_version)
    for article in session.execute(articles.where(Article.id.in_(ids))):
        shown |= highlighted(
            by_article[article.id],
            words=len(article.text.split()),
            extractor_version=article.extractor_version,
        )
    return frozenset(shown)
