"""Library-wide queries for the dashboard: per-article roll-ups, claim filters, bulk sign-off."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claimdesk.core.models import Article, Claim, ClaimEvent, ClaimStatus, Evidence, ReviewState
from claimdesk.core.readmodels import verdict_setters
from claimdesk.core.services.articles import ArticleSummary, list_articles
from claimdesk.core.services.claims import parse_review_state, parse_status, set_review_state
from claimdesk.core.services.extraction import EXTRACTOR_ACTOR
from claimdesk.core.services.history import load_claim
from claimdesk.core.statuses import rollup


@dataclass(frozen=True, slots=True)
class ClaimListing:
    """One claim as the dashboard lists it; plain data, safe to hand between threads."""

    id: str
    article_id: str
    article_title: str
    start: int
    quote: str
    note: str
    status: str
    review_state: str
    evidence_count: int
    reviewer: str | None  # who last changed the verdict, note or span
    reviewed_by: str | None  # who last changed the sign-off
    updated_at: dt.datetime
    version: int
    actors: frozenset[str] = frozenset()  # every person who changed it (never the extractor)
    self_approved: bool = False  # approved by whoever set the verdict (see ClaimRow)

    @property
    def needs_attention(self) -> bool:
        """Disputed, or called sourced with nothing to show for it."""
        return self.status == ClaimStatus.DISPUTED or (
            self.status == ClaimStatus.SOURCED and self.evidence_count == 0
        )


@dataclass(frozen=True, slots=True)
class ArticleStats(ArticleSummary):
    """An article's roll-up with everyone who worked on it."""

    reviewers: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DashboardData:
    articles: tuple[ArticleStats, ...]
    claims: tuple[ClaimListing, ...]
    reviewers: tuple[str, ...]  # everyone who changed any claim, for the reviewer filter


@dataclass(frozen=True, slots=True)
class ClaimFilter:
    """What the editor asked to see; every condition given must hold (AND)."""

    statuses: frozenset[str] | None = None
    review_states: frozenset[str] | None = None
    reviewer: str | None = None
    text: str = ""
    needs_attention: bool = False  # disputed, or sourced without evidence
    unreviewed: bool = False
    article_ids: frozenset[str] | None = None
    _words: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Typed or loaded values are normalised here, so a bad one fails early and by name.
        if self.statuses is not None:
            object.__setattr__(self, "statuses", frozenset(map(parse_status, self.statuses)))
        if self.review_states is not None:
            states = frozenset(map(parse_review_state, self.review_states))
            object.__setattr__(self, "review_states", states)
        object.__setattr__(self, "_words", tuple(w.casefold() for w in self.text.split()))

    @property
    def is_empty(self) -> bool:
        return self == ClaimFilter()

    def matches(self, claim: ClaimListing) -> bool:
        if self.statuses is not None and claim.status not in self.statuses:
            return False
        if self.review_states is not None and claim.review_state not in self.review_states:
            return False
        if self.article_ids is not None and claim.article_id not in self.article_ids:
            return False
        if self.unreviewed and claim.status != ClaimStatus.UNREVIEWED:
            return False
        if self.needs_attention and not claim.needs_attention:
            return False
        if self.reviewer is not None and self.reviewer not in _people(claim):
            return False
        if self._words:
            haystack = f"{claim.quote}\n{claim.note}\n{claim.article_title}".casefold()
            return all(word in haystack for word in self._words)
        return True


def _people(claim: ClaimListing) -> set[str]:
    people = set(claim.actors)
    people.update(p for p in (claim.reviewer, claim.reviewed_by) if p)
    people.discard(EXTRACTOR_ACTOR)
    return people


def filter_claims(claims: Iterable[ClaimListing], wanted: ClaimFilter) -> list[ClaimListing]:
    return [c for c in claims if wanted.matches(c)]


def status_counts(claims: Iterable[ClaimListing]) -> dict[str, int]:
    """Claims per status, every status present, in the order of ClaimStatus."""
    return dict(rollup((c.status, c.review_state, 1) for c in claims).counts)


def load_dashboard(session: Session) -> DashboardData:
    """Everything the dashboard shows, in five queries whatever the size of the library.

    The roll-ups are the article list's own (list_articles), so both count the same claims.
    """
    claims = list_claims(session)
    people: dict[str, set[str]] = defaultdict(set)
    for claim in claims:
        people[claim.article_id].update(claim.actors)
    articles = tuple(
        ArticleStats(
            **{f.name: getattr(summary, f.name) for f in fields(ArticleSummary)},
            reviewers=tuple(sorted(people[summary.id], key=str.casefold)),
        )
        for summary in list_articles(session)
    )
    everyone = set().union(*people.values())
    return DashboardData(articles, tuple(claims), tuple(sorted(everyone, key=str.casefold)))


def list_claims(session: Session) -> list[ClaimListing]:
    """Every claim of the library with its article title, evidence count and the people on it.

    Who set the verdict is read for the approved claims only (one query per 500), to mark
    self-approvals.
    """
    evidence = (
        select(Evidence.claim_id, func.count().label("n")).group_by(Evidence.claim_id).subquery()
    )
    actors: dict[str, set[str]] = defaultdict(set)
    for claim_id, actor in session.execute(
        select(ClaimEvent.claim_id, ClaimEvent.actor)
        .where(ClaimEvent.actor != EXTRACTOR_ACTOR)
        .distinct()
    ):
        actors[claim_id].add(actor)
    query = (
        select(Claim, Article.title, func.coalesce(evidence.c.n, 0))
        .join(Article, Article.id == Claim.article_id)
        .outerjoin(evidence, evidence.c.claim_id == Claim.id)
        .order_by(Article.imported_at, Article.title, Claim.start, Claim.end, Claim.id)
    )
    found = session.execute(query).all()
    approved = [claim.id for claim, _, _ in found if claim.review_state == ReviewState.APPROVED]
    setters = verdict_setters(session, approved)
    return [
        ClaimListing(
            id=claim.id,
            article_id=claim.article_id,
            article_title=title,
            start=claim.start,
            quote=claim.quote,
            note=claim.note or "",
            status=claim.status,
            review_state=claim.review_state,
            evidence_count=int(count),
            reviewer=claim.reviewer,
            reviewed_by=claim.reviewed_by,
            updated_at=claim.updated_at,
            version=claim.version,
            actors=frozenset(actors.get(claim.id, ())),
            self_approved=claim.id in setters and claim.reviewed_by == setters[claim.id],
        )
        for claim, title, count in found
    ]


def find_claims(session: Session, wanted: ClaimFilter) -> list[ClaimListing]:
    """The claims across the whole library that match a filter, in article and text order."""
    return filter_claims(list_claims(session), wanted)


def set_review_states(
    session: Session,
    claim_ids: Sequence[str],
    state: str,
    *,
    actor: str,
    expected_versions: Mapping[str, int] | None = None,
) -> int:
    """Sign off several claims in the caller's one transaction; returns how many changed.

    With `expected_versions`, a claim changed elsewhere since it was listed raises
    StaleClaimError and the caller's transaction rolls back: all or nothing.
    """
    value = parse_review_state(state)
    changed = 0
    for claim_id in dict.fromkeys(claim_ids):
        expected = expected_versions.get(claim_id) if expected_versions else None
        if load_claim(session, claim_id, expected).review_state != value:
            set_review_state(session, claim_id, value, actor=actor, expected_version=expected)
            changed += 1
    return changed
