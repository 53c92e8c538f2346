"""What a library's reviewers decided about sentences: the labels an adapted model learns from.

Dismissed is "not a claim"; a verdict (sourced, disputed, speculative, approved or not) is
"a claim"; a claim added by hand is a claim the detector missed. Unreviewed claims decide
nothing. The same sentence labelled both ways (in two articles, say) teaches nothing
either: it is left out and counted, so the user hears how many.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from claimdesk.core.models import Article, Claim, ClaimOrigin, ClaimStatus

MIN_DECISIONS = 40
MIN_EACH = 10
"""Below these, a held-back part of a few decisions says nothing and the fit is noise."""


@dataclass(frozen=True, slots=True)
class Decision:
    article: str  # the article's text digest: held back whole, in an order ids do not set
    text: str
    claim: bool


@dataclass(frozen=True, slots=True)
class Decisions:
    items: list[Decision]
    contradictory: int  # sentences labelled both ways, left out

    @property
    def claims(self) -> int:
        return sum(d.claim for d in self.items)

    @property
    def dismissed(self) -> int:
        return len(self.items) - self.claims

    def shortfall(self) -> str | None:
        """Why these are too few to learn from, naming what is needed and what there is."""
        if len(self.items) >= MIN_DECISIONS and min(self.claims, self.dismissed) >= MIN_EACH:
            return None
        dropped = (
            f"; {self.contradictory} sentences labelled both ways left out"
            if self.contradictory
            else ""
        )
        return (
            f"Learning needs at least {MIN_DECISIONS} decisions, at least {MIN_EACH} of them "
            f"claims (tagged, approved or added by hand) and {MIN_EACH} dismissed; this library "
            f"has {len(self.items)}: {self.claims} claims and {self.dismissed} dismissed{dropped}."
        )


def read_decisions(session: Session) -> Decisions:
    """Every decision in the library, one per distinct sentence, in a stable order."""
    query = (
        select(Article.sha256, Claim.quote, Claim.status)
        .join(Article, Article.id == Claim.article_id)
        .where(or_(Claim.status != ClaimStatus.UNREVIEWED, Claim.origin == ClaimOrigin.MANUAL))
        .order_by(Article.sha256, Claim.start)
    )
    first: dict[str, Decision] = {}
    labels: dict[str, set[bool]] = {}
    for article, quote, status in session.execute(query):
        text = " ".join(quote.split())
        if not text:
            continue
        key = text.casefold()
        claim = status != ClaimStatus.DISMISSED
        first.setdefault(key, Decision(article, text, claim))
        labels.setdefault(key, set()).add(claim)
    items = [decision for key, decision in first.items() if len(labels[key]) == 1]
    return Decisions(items, len(first) - len(items))
