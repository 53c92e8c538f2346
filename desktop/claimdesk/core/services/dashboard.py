"""Library-wide queries for the dashboard: per-article roll-ups, claims filtered, counted and
sorted in SQL a window at a time, and bulk sign-off.

Nothing here reads the whole library into Python: a library of 100,000 claims is counted with
GROUP BY (the one roll-up rule, `statuses.rollup`, fed with grouped rows) and listed a window
of rows at a time, so the dashboard's cost follows what it shows, not the library's size.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from claimdesk.core.highlight_reads import BASIS_COLUMNS, candidates_in
from claimdesk.core.models import Article, Claim, ClaimEvent, ClaimStatus
from claimdesk.core.reviewer import EXTRACTOR_ACTOR
from claimdesk.core.services.articles import SUMMARY_COLUMNS, SUMMARY_ORDER, ArticleSummary
from claimdesk.core.services.claims import parse_review_state, set_review_state
from claimdesk.core.services.dashboard_window import (
    _CHUNK,
    ClaimFilter,
    ClaimOrder,
    _claims_in_order,
    _listed_columns,
    _matching,
    _self_approved,
    _window_ids,
)
from claimdesk.core.services.dashboard_window import SORT_KEYS as SORT_KEYS
from claimdesk.core.services.history import load_claim
from claimdesk.core.statuses import WORK, Rollup, rollup


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
    # Its best stored earlier check (core.factchecks.stored): "factcheck:URL" or "claim:ID".
    earlier_key: str | None = None
    earlier_score: float | None = None

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
class ClaimTally:
    """Claims counted in SQL: the roll-up and how many were approved by their verdict's setter."""

    rollup: Rollup
    self_approved: int  # of the approved claims to check

    @property
    def matching(self) -> int:
        """Every claim counted, dismissed ones included (the rows a listing has)."""
        return sum(self.rollup.counts.values())

    def less(self, part: ClaimTally) -> ClaimTally:
        """These counts less those of `part`, claims counted here too (the roll-up adds up)."""
        counts, states = self.rollup.counts, self.rollup.by_review_state
        return ClaimTally(
            Rollup(
                {status: n - part.rollup.counts.get(status, 0) for status, n in counts.items()},
                {
                    state: n - part.rollup.by_review_state.get(state, 0)
                    for state, n in states.items()
                },
            ),
            self.self_approved - part.self_approved,
        )


@dataclass(frozen=True, slots=True)
class DashboardData:
    """What the dashboard shows besides the claims; `articles` may follow the counts (the
    dashboard reads them in steps: `dashboard_overview`, `article_rollups`, `article_people`)."""

    articles: tuple[ArticleStats, ...]
    tally: ClaimTally  # the whole library
    reviewers: tuple[str, ...]  # everyone who changed any claim, for the reviewer filter
    article_count: int


@dataclass(frozen=True, slots=True)
class ClaimWindow:
    """Rows `offset`.. of the matching claims, and their count when it was asked for."""

    rows: tuple[ClaimListing, ...]
    offset: int
    tally: ClaimTally | None


@dataclass(frozen=True, slots=True)
class ArticlePeople:
    """Who changed an article's claims (never the extractor) and when last."""

    last_activity: dt.datetime
    reviewers: tuple[str, ...]


def load_dashboard(session: Session) -> DashboardData:
    """The articles with their roll-ups and people, and the library's counts; no claim rows."""
    overview = dashboard_overview(session)
    articles = replace(overview, articles=article_rollups(session))
    return with_people(articles, article_people(session))


def dashboard_overview(session: Session) -> DashboardData:
    """The library's counts and people, without the article rows: what the dashboard shows
    first, with its first claims, while the rows (a second at 10,000 articles) are read."""
    everyone = session.scalars(
        select(ClaimEvent.actor).where(ClaimEvent.actor != EXTRACTOR_ACTOR).distinct()
    )
    return DashboardData(
        articles=(),
        tally=claim_tally(session, ClaimFilter()),
        reviewers=tuple(sorted(everyone, key=str.casefold)),
        article_count=session.scalar(select(func.count()).select_from(Article)) or 0,
    )


def article_rollups(session: Session) -> tuple[ArticleStats, ...]:
    """Every article with its roll-up, oldest import first (no people or activity yet).

    The article list's rule (statuses.rollup over grouped rows), in three queries: one over
    the articles, one GROUP BY over the claims' roll-up index and one counting candidates.
    """
    grouped: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    for article_id, status, state, n in session.execute(
        select(Claim.article_id, Claim.status, Claim.review_state, func.count()).group_by(
            Claim.article_id, Claim.status, Claim.review_state
        )
    ):
        grouped[article_id].append((status, state, n))
    fields = [column.key for column in SUMMARY_COLUMNS]
    query = select(*SUMMARY_COLUMNS, *BASIS_COLUMNS).order_by(*SUMMARY_ORDER)
    read = [
        (dict(zip(fields, row[: len(fields)], strict=True)), row[len(fields) :])
        for row in session.execute(query)
    ]
    candidates = candidates_in(session, {summary["id"]: facts for summary, facts in read})
    articles = []
    for summary, _ in read:
        counted = rollup(grouped.get(summary["id"], ()))
        articles.append(
            ArticleStats(
                counts=counted.counts,
                by_review_state=counted.by_review_state,
                last_activity=None,
                candidates=candidates.get(summary["id"], 0),
                **summary,
            )
        )
    return tuple(articles)


def article_people(session: Session) -> dict[str, ArticlePeople]:
    """Article id -> who changed its claims and when last, in one grouped pass over history."""
    latest: dict[str, dt.datetime] = {}
    people: dict[str, list[str]] = defaultdict(list)
    for article_id, actor, at in session.execute(
        select(Claim.article_id, ClaimEvent.actor, func.max(ClaimEvent.at))
        .join(ClaimEvent, ClaimEvent.claim_id == Claim.id)
        .where(ClaimEvent.actor != EXTRACTOR_ACTOR)
        .group_by(Claim.article_id, ClaimEvent.actor)
    ):
        people[article_id].append(actor)
        when = at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)  # max() drops the zone
        if article_id not in latest or when > latest[article_id]:
            latest[article_id] = when
    return {
        article_id: ArticlePeople(when, tuple(sorted(people[article_id], key=str.casefold)))
        for article_id, when in latest.items()
    }


def with_people(data: DashboardData, people: Mapping[str, ArticlePeople]) -> DashboardData:
    """`data` with each article's people and last activity filled in."""
    articles = tuple(
        replace(a, last_activity=found.last_activity, reviewers=found.reviewers)
        if (found := people.get(a.id))
        else a
        for a in data.articles
    )
    return replace(data, articles=articles)


def claim_tally(session: Session, wanted: ClaimFilter) -> ClaimTally:
    """The matching claims counted per status and sign-off in SQL, under the one roll-up rule.

    Claims not checked before are counted as all less those checked before: NOT IN read the
    row of each of 100,000 claims (0.2 s), the two counts come from an index and the few
    stored matches.
    """
    if wanted.checked_before is False:
        every = claim_tally(session, replace(wanted, checked_before=None))
        return every.less(claim_tally(session, replace(wanted, checked_before=True)))
    grouped = select(Claim.status, Claim.review_state, func.count()).group_by(
        Claim.status, Claim.review_state
    )
    if wanted.checked_before or wanted.text.split() or wanted.review_states is not None:
        # The claims' rows are read anyway (their matches, their words, their sign-off by
        # an index without their status): who set each approved one's verdict is asked in
        # the same pass (apart, it doubled the time).
        own = case((and_(Claim.status.in_(sorted(WORK)), _self_approved()), 1), else_=0)
        rows = session.execute(_matching(grouped.add_columns(func.sum(own)), wanted)).all()
        counted = rollup((status, state, n) for status, state, n, _ in rows)
        return ClaimTally(counted, sum(n for *_, n in rows))
    # Counted from an index; the self-approved apart, among the approved claims only (asked
    # of every claim, who set its verdict doubled the count's cost).
    rows = session.execute(_matching(grouped, wanted)).all()
    own_count = _matching(
        select(func.count())
        .select_from(Claim)
        .where(Claim.status.in_(sorted(WORK)), _self_approved()),
        wanted,
    )
    return ClaimTally(rollup(rows), session.scalar(own_count) or 0)


def claim_window(
    session: Session,
    wanted: ClaimFilter,
    order: ClaimOrder = ClaimOrder(),  # noqa: B008 (frozen: immutable)
    offset: int = 0,
    limit: int | None = None,
    *,
    tally: bool = False,
) -> ClaimWindow:
    """Up to `limit` matching claims from `offset` in `order` (all without a limit), with
    their count when `tally` is asked for (from the rows when they are all of them). One
    query for the rows and one for the people on them per 500 rows, whatever the library's
    size.

    The window's ids are found first, sorting only the sort keys; the wide columns and the
    per-claim counts are read for those rows alone (read with the sort, they were computed
    for every matching claim before the sort kept 200).
    """
    ids = _window_ids(session, wanted, order, offset, limit)
    read: dict[str, Any] = {}
    for at in range(0, len(ids), _CHUNK):
        for row in session.execute(_listed_columns(ids[at : at + _CHUNK])):
            read[row[0]] = row
    found = [read[claim_id] for claim_id in ids]
    actors: dict[str, set[str]] = defaultdict(set)
    for at in range(0, len(ids), _CHUNK):
        for claim_id, actor in session.execute(
            select(ClaimEvent.claim_id, ClaimEvent.actor)
            .where(ClaimEvent.claim_id.in_(ids[at : at + _CHUNK]))
            .where(ClaimEvent.actor != EXTRACTOR_ACTOR)
            .distinct()
        ):
            actors[claim_id].add(actor)
    rows = tuple(
        ClaimListing(
            id=claim_id,
            article_id=article_id,
            article_title=title,
            start=start,
            quote=quote,
            note=note or "",
            status=status,
            review_state=state,
            evidence_count=int(count),
            reviewer=reviewer,
            reviewed_by=reviewed_by,
            updated_at=updated_at,
            version=version,
            actors=frozenset(actors.get(claim_id, ())),
            self_approved=bool(own),
            earlier_key=earlier_key,
            earlier_score=earlier_score,
        )
        for (
            claim_id,
            article_id,
            title,
            start,
            quote,
            note,
            status,
            state,
            count,
            reviewer,
            reviewed_by,
            updated_at,
            version,
            own,
            earlier_key,
            earlier_score,
        ) in found
    )
    if not tally:
        return ClaimWindow(rows, offset, None)
    if offset == 0 and (limit is None or len(rows) < limit):  # every matching claim is here
        return ClaimWindow(rows, offset, _tally_of(rows))
    return ClaimWindow(rows, offset, claim_tally(session, wanted))


def _tally_of(rows: Sequence[ClaimListing]) -> ClaimTally:
    """The counts of claims read, as `claim_tally` counts them in SQL: a filter that finds
    fewer claims than a window holds is not read again to be counted."""
    own = sum(1 for row in rows if row.self_approved and row.status in WORK)
    return ClaimTally(rollup((row.status, row.review_state, 1) for row in rows), own)


def list_claims(session: Session) -> list[ClaimListing]:
    """Every claim of the library in reading order (for scripts and tests: the dashboard
    reads windows of `claim_window`)."""
    return list(claim_window(session, ClaimFilter()).rows)


def find_claims(session: Session, wanted: ClaimFilter) -> list[ClaimListing]:
    """The claims across the whole library that match a filter, in article and text order."""
    return list(claim_window(session, wanted).rows)


def matching_versions(session: Session, wanted: ClaimFilter) -> dict[str, int]:
    """Every matching claim's id and version, in reading order: what "select all" signs off."""
    query = _claims_in_order([Claim.id, Claim.version], wanted, ClaimOrder())
    return {claim_id: version for claim_id, version in session.execute(query)}


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
