"""Already checked? A claim's best matches among fact-checks and other articles' verdicts.

`find_matches` only reads (a snapshot that never blocks a writer) and takes tens of
milliseconds, so the window can call it off its GUI thread. A reviewer's "not the same
claim" is remembered per claim and match key, and that match is never offered again.

Library thresholds, as in Meedan Check (claimdesk_meta): *suggest*, the score from which a
match is shown, and *auto-link*, from which it may be attached without asking. Auto-link is
off until set, and never applies to a claim of fewer than AUTO_LINK_MIN_WORDS content words:
a short claim ("Vaccines cause autism") shares its few words with many different claims.
A third, *checked before*, is where a stored match starts to mark its claim on the dashboard
(core.factchecks.stored), where no reviewer sees the pair to judge it.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Literal

from sqlalchemy import Integer, delete, literal_column, select
from sqlalchemy.orm import Session

from claimdesk.core.errors import ClaimdeskError, NotFoundError, ValidationError
from claimdesk.core.factchecks.generation import bump_generation
from claimdesk.core.factchecks.match_types import Match as Match  # re-exported
from claimdesk.core.factchecks.match_types import MatchResult as MatchResult  # re-exported
from claimdesk.core.factchecks.match_types import Thresholds as Thresholds  # re-exported
from claimdesk.core.factchecks.ranking import Candidate, rank
from claimdesk.core.factchecks.terms import search_terms
from claimdesk.core.models import (
    Article,
    Claim,
    ClaimMatch,
    FactCheck,
    MatchScan,
    Meta,
    RejectedMatch,
)
from claimdesk.core.search_schema import REVIEWED
from claimdesk.core.store import Store

SUGGEST_KEY = "matching.suggest"
AUTO_LINK_KEY = "matching.auto_link"  # absent or "off": off
CHECKED_BEFORE_KEY = "matching.checked_before"
# On the CLEF-2020 dev queries 95% of the right fact-checks in the top five score >= 0.18; of
# the top hits scoring >= 0.5 none was wrong (train and dev): the value to try for auto-link.
DEFAULT_SUGGEST = 0.18
SUGGESTED_AUTO_LINK = 0.5
DEFAULT_CHECKED_BEFORE = 0.30
"""Measured on CLEF-2020 CheckThat! Task 2 against its 10,373 fact-checks: at the suggest
score (0.18) 88% of 392 claims that have no fact-check (debate claims, the sample articles)
got a match, by shared phrases; at 0.30, 2.6%, while 35% of the dev queries that do have one
are marked with the right fact-check on top (84% have it in their suggestions at 0.18).
At 0.35: 0.5% and 20%."""
AUTO_LINK_MIN_WORDS = 6


def find_matches(store: Store, claim_id: str, limit: int = 5) -> MatchResult:
    """The best `limit` matches at or above the suggest threshold, best first.

    Raises:
        NotFoundError: no such claim.
    """
    require_sqlite(store)
    with store.reading() as session:
        claim = session.get(Claim, claim_id)
        if claim is None:
            raise NotFoundError(f"no claim with id {claim_id}")
        thresholds = read_thresholds(session)
        rejected = set(
            session.scalars(
                select(RejectedMatch.match_key).where(RejectedMatch.claim_id == claim_id)
            )
        )
        return MatchResult(
            claim_id,
            claim.quote,
            matches_of(session, claim, thresholds.suggest, rejected, limit),
            thresholds,
            len(search_terms(claim.quote)) >= AUTO_LINK_MIN_WORDS,
        )


def matches_of(
    session: Session, claim: Claim, suggest: float, rejected: Collection[str], limit: int = 5
) -> list[Match]:
    """The claim's best `limit` matches scoring `suggest` or more, `rejected` keys left out:
    what the inspector shows, and what core.factchecks.stored keeps for the dashboard."""
    found = rank(session.connection(), claim.quote, article_id=claim.article_id)
    wanted = [c for c in found if c.score >= suggest]
    return [m for m in _describe(session, wanted) if m.key not in rejected][:limit]


def _describe(session: Session, found: list[Candidate]) -> list[Match]:
    """The candidates as matches; an index entry whose row is gone or unreviewed is dropped."""
    wanted = [c.rowid for c in found if c.kind == "factcheck"]
    factchecks = {
        f.id: f for f in session.scalars(select(FactCheck).where(FactCheck.id.in_(wanted)))
    }
    rowid = literal_column("claims.rowid", Integer)
    claims = {
        row[0]: (row[1], row[2])
        for row in session.execute(
            select(rowid, Claim, Article.title)
            .join(Article, Claim.article_id == Article.id)
            .where(rowid.in_([c.rowid for c in found if c.kind == "claim"]))
            .where(Claim.status.in_(REVIEWED))
        )
    }
    out = []
    for c in found:
        if c.kind == "factcheck" and (f := factchecks.get(c.rowid)):
            web = f.url if f.url.startswith(("http://", "https://")) else None
            out.append(
                Match(
                    f"factcheck:{f.url}",
                    "factcheck",
                    f.claim,
                    f.rating,
                    f.publisher,
                    f.published,
                    web,
                    c.score,
                    c.matched,
                    factcheck_id=f.id,
                )
            )
        elif c.kind == "claim" and c.rowid in claims:
            claim, title = claims[c.rowid]
            when = (claim.reviewed_at or claim.updated_at).date()
            out.append(
                Match(
                    f"claim:{claim.id}",
                    "claim",
                    claim.quote,
                    claim.status,
                    title,
                    when,
                    None,
                    c.score,
                    c.matched,
                    claim_id=claim.id,
                    article_id=claim.article_id,
                )
            )
    return out


def reject_match(store: Store, claim_id: str, key: str, actor: str) -> None:
    """Remember "not the same claim": `key` is never offered for this claim again."""
    with store.transaction() as session:
        if session.get(Claim, claim_id) is None:
            raise NotFoundError(f"no claim with id {claim_id}")
        remember_rejection(session, claim_id, key, actor)


def unreject_match(store: Store, claim_id: str, key: str) -> bool:
    """Forget a "not the same claim" (an undo); whether there was one."""
    with store.transaction() as session:
        return forget_rejection(session, claim_id, key)


def remember_rejection(session: Session, claim_id: str, key: str, actor: str) -> bool:
    """`reject_match` in the caller's transaction (the window's undoable command); whether
    it was new. The stored match goes with it, so the dashboard's filter follows at once."""
    session.execute(
        delete(ClaimMatch).where(ClaimMatch.claim_id == claim_id, ClaimMatch.match_key == key)
    )
    if session.get(RejectedMatch, (claim_id, key)) is not None:
        return False
    session.add(RejectedMatch(claim_id=claim_id, match_key=key, rejected_by=actor))
    return True


def forget_rejection(session: Session, claim_id: str, key: str) -> bool:
    """Undo a rejection; the claim is then matched again (its stored matches lack the pair)."""
    found = session.get(RejectedMatch, (claim_id, key))
    if found is not None:
        session.delete(found)
        session.execute(delete(MatchScan).where(MatchScan.claim_id == claim_id))
    return found is not None


def read_thresholds(session: Session) -> Thresholds:
    suggest = session.get(Meta, SUGGEST_KEY)
    auto_link = session.get(Meta, AUTO_LINK_KEY)
    checked = session.get(Meta, CHECKED_BEFORE_KEY)
    return Thresholds(
        float(suggest.value) if suggest else DEFAULT_SUGGEST,
        None if auto_link is None or auto_link.value == "off" else float(auto_link.value),
        float(checked.value) if checked else DEFAULT_CHECKED_BEFORE,
    )


def set_thresholds(
    store: Store,
    *,
    suggest: float | None = None,
    auto_link: float | Literal["off"] | None = None,
    checked_before: float | None = None,
) -> Thresholds:
    """Change any threshold (None keeps it; auto_link "off" switches it off).

    Matches are stored from the suggest score, so a claim is marked checked before from
    the higher of the two; changing the checked-before score rescans nothing.
    """
    named = (("suggest", suggest), ("auto-link", auto_link), ("checked-before", checked_before))
    for name, value in named:
        if isinstance(value, float) and not 0.0 < value <= 1.0:
            raise ValidationError(name, f"{value} is not a score between 0 and 1")
    with store.transaction() as session:
        if suggest is not None:
            if suggest != read_thresholds(session).suggest:
                bump_generation(session)  # the stored matches were cut at the old score
            session.merge(Meta(key=SUGGEST_KEY, value=str(suggest)))
        if auto_link is not None:
            session.merge(Meta(key=AUTO_LINK_KEY, value=str(auto_link)))
        if checked_before is not None:
            session.merge(Meta(key=CHECKED_BEFORE_KEY, value=str(checked_before)))
        return read_thresholds(session)


def require_sqlite(store: Store) -> None:
    if store.engine.dialect.name != "sqlite":
        raise ClaimdeskError(f"{store.display_name}: matching needs a SQLite library (FTS5)")
