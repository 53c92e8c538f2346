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

from sqlalchemy import (
    ColumnElement,
    Join,
    String,
    and_,
    case,
    exists,
    false,
    func,
    literal_column,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session

from claimdesk.core.factchecks.stored import best_match, checked_before
from claimdesk.core.models import Article, Claim, ClaimEvent, ClaimStatus, Evidence, ReviewState
from claimdesk.core.readmodels import STATUS_ACTION
from claimdesk.core.reviewer import EXTRACTOR_ACTOR
from claimdesk.core.services.articles import SUMMARY_COLUMNS, SUMMARY_ORDER, ArticleSummary
from claimdesk.core.services.claims import parse_review_state, parse_status, set_review_state
from claimdesk.core.services.history import load_claim
from claimdesk.core.statuses import LOOKS, REVIEW_LABELS, WORK, Rollup, rollup


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
class ClaimFilter:
    """What the editor asked to see; every condition given must hold (AND)."""

    statuses: frozenset[str] | None = None
    review_states: frozenset[str] | None = None
    reviewer: str | None = None
    text: str = ""  # words that must all appear in the quote, the note or the article title
    needs_attention: bool = False  # disputed, or sourced without evidence
    unreviewed: bool = False
    article_ids: frozenset[str] | None = None
    checked_before: bool | None = None  # a stored earlier check: True has one, False none

    def __post_init__(self) -> None:
        # Typed or loaded values are normalised here, so a bad one fails early and by name.
        if self.statuses is not None:
            object.__setattr__(self, "statuses", frozenset(map(parse_status, self.statuses)))
        if self.review_states is not None:
            states = frozenset(map(parse_review_state, self.review_states))
            object.__setattr__(self, "review_states", states)

    @property
    def is_empty(self) -> bool:
        return self == ClaimFilter()


# The sort keys the dashboard offers, each then in reading order (a stable sort's ties).
SORT_KEYS = ("article", "quote", "status", "review", "evidence", "reviewer", "updated")


@dataclass(frozen=True, slots=True)
class ClaimOrder:
    """How claims are listed: by one of SORT_KEYS (None: reading order), ties in reading order."""

    key: str | None = None
    descending: bool = False

    def __post_init__(self) -> None:
        if self.key is not None and self.key not in SORT_KEYS:
            raise ValueError(f"sort key: {self.key!r} is not one of {', '.join(SORT_KEYS)}")


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

    The article list's rule (statuses.rollup over grouped rows), in two queries: one over the
    articles and one GROUP BY over the claims' roll-up index.
    """
    grouped: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    for article_id, status, state, n in session.execute(
        select(Claim.article_id, Claim.status, Claim.review_state, func.count()).group_by(
            Claim.article_id, Claim.status, Claim.review_state
        )
    ):
        grouped[article_id].append((status, state, n))
    articles = []
    for row in session.execute(select(*SUMMARY_COLUMNS).order_by(*SUMMARY_ORDER)):
        counted = rollup(grouped.get(row.id, ()))
        articles.append(
            ArticleStats(
                counts=counted.counts,
                by_review_state=counted.by_review_state,
                last_activity=None,
                **row._asdict(),
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


def _verdict_setter() -> Any:
    """Who set a claim's current status: the actor of its latest status event."""
    return (
        select(ClaimEvent.actor)
        .where(ClaimEvent.claim_id == Claim.id, ClaimEvent.action == STATUS_ACTION)
        .order_by(ClaimEvent.seq.desc())
        .limit(1)
        .scalar_subquery()
    )


def _self_approved() -> ColumnElement[bool]:
    return and_(Claim.review_state == ReviewState.APPROVED, Claim.reviewed_by == _verdict_setter())


def _conditions(wanted: ClaimFilter, *, walking: bool) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if wanted.statuses is not None:
        where.append(Claim.status.in_(sorted(wanted.statuses)))
    if wanted.review_states is not None:
        # Walking articles (or dates) by index, SQLite took the sign-off's index for each
        # article's claims and read every approved claim per article (7-180 s at 10,000
        # articles): `state || ''` leaves it the articles' index, as counting keeps its own.
        state = Claim.review_state.concat("") if walking else Claim.review_state
        where.append(state.in_(sorted(wanted.review_states)))
    if wanted.article_ids is not None:
        where.append(Claim.article_id.in_(sorted(wanted.article_ids)))
    if wanted.unreviewed:
        where.append(Claim.status == ClaimStatus.UNREVIEWED)
    if wanted.checked_before is not None:
        found = checked_before(walking=walking)
        where.append(found if wanted.checked_before else ~found)
    if wanted.needs_attention:
        bare = ~exists().where(Evidence.claim_id == Claim.id)
        where.append(
            or_(
                Claim.status == ClaimStatus.DISPUTED,
                and_(Claim.status == ClaimStatus.SOURCED, bare),
            )
        )
    if wanted.reviewer is not None:
        who = wanted.reviewer
        changed = select(ClaimEvent.claim_id).where(ClaimEvent.actor == who)
        person = or_(Claim.reviewer == who, Claim.reviewed_by == who, Claim.id.in_(changed))
        where.append(false() if who == EXTRACTOR_ACTOR else person)
    for word in wanted.text.split():
        # LIKE ignores the case of ASCII letters only: "É" does not find "é".
        where.append(
            or_(
                Claim.quote.contains(word, autoescape=True),
                Claim.note.contains(word, autoescape=True),
                Article.title.contains(word, autoescape=True),
            )
        )
    return where


def _matching(
    query: Any, wanted: ClaimFilter, *, in_order: bool = False, walking: bool = False
) -> Any:
    """`query` over the claims `wanted` picks; the article is joined for title words, unless
    the query lists the claims `in_order` (joined already), `walking` them one by one in an
    index's order (see `checked_before`)."""
    if wanted.text.split() and not in_order:
        query = query.join(Article, Article.id == Claim.article_id)
    return query.where(*_conditions(wanted, walking=walking))


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


_READING = (Article.imported_at, Article.title, Claim.start, Claim.end, Claim.id)


def _evidence_count() -> Any:
    return (
        select(func.count()).where(Evidence.claim_id == Claim.id).correlate(Claim).scalar_subquery()
    )


def _rank(values: Sequence[str], column: Any) -> Any:
    """A column's position in `values` (unknown values last), to sort in the order shown."""
    return case({value: n for n, value in enumerate(values)}, value=column, else_=len(values))


def _sort_key(key: str) -> Any:
    if key == "article":
        return Article.title.collate("NOCASE")
    if key == "quote":
        return Claim.quote.collate("NOCASE")
    if key == "status":
        return _rank(list(LOOKS), Claim.status)
    if key == "review":
        return _rank(list(REVIEW_LABELS), Claim.review_state)
    if key == "evidence":
        return _evidence_count()
    if key == "reviewer":
        return func.coalesce(Claim.reviewer, "—").collate("NOCASE")
    return Claim.updated_at


class _CrossJoin(Join):
    """`left CROSS JOIN right`: SQLite keeps this order, so the first table is walked by the
    index that serves the sort and the window ends early. Left to choose, it read the claims
    first and sorted all 100,000 for every window (a fifth of a second each)."""

    inherit_cache = True


@compiles(_CrossJoin, "sqlite")
def _cross_join(join: _CrossJoin, compiler: Any, **kw: Any) -> str:
    kw["asfrom"] = True
    left, right = compiler.process(join.left, **kw), compiler.process(join.right, **kw)
    return f"{left} CROSS JOIN {right} ON {compiler.process(join.onclause, **kw)}"


# Sort keys an index on the claims serves: the claims are walked first, by that index.
_CLAIMS_FIRST = frozenset({"updated"})
# Sort keys no index serves: every matching claim is sorted before a window is cut.
_SORTED_WHOLE = frozenset({"article", "quote", "evidence", "reviewer"})


def _by_article() -> _CrossJoin:
    """Each article, then its claims: an article's row (and title) is read once."""
    return _CrossJoin(Article.__table__, Claim.__table__, Article.id == Claim.article_id)


def _claims_in_order(columns: Sequence[Any], wanted: ClaimFilter, order: ClaimOrder) -> Any:
    """`columns` of the matching claims in `order`, ties in reading order."""
    articles, claims = Article.__table__, Claim.__table__
    on = Article.id == Claim.article_id
    by_list = bool(wanted.checked_before) and order.key in _SORTED_WHOLE
    if by_list:  # the few with earlier checks, read from their list, then sorted
        joined = claims.join(articles, on)
    elif order.key in _CLAIMS_FIRST:
        joined = _CrossJoin(claims, articles, on)
    else:  # articles in reading order by their index, each one's claims by theirs
        joined = _by_article()
    query = select(*columns).select_from(joined)
    query = _matching(query, wanted, in_order=True, walking=not by_list)
    if order.key is not None:
        key = _sort_key(order.key)
        query = query.order_by(key.desc() if order.descending else key)
    return query.order_by(*_READING)


def _listed_columns(ids: Sequence[str]) -> Any:
    """The dashboard's columns of these claims (in no order)."""
    return (
        select(
            Claim.id,
            Claim.article_id,
            Article.title,
            Claim.start,
            Claim.quote,
            Claim.note,
            Claim.status,
            Claim.review_state,
            _evidence_count(),
            Claim.reviewer,
            Claim.reviewed_by,
            Claim.updated_at,
            Claim.version,
            _self_approved(),
            *best_match(),
        )
        .join(Article, Article.id == Claim.article_id)
        .where(Claim.id.in_(ids))
    )


# Sort keys of a few values, in the order shown: a window is then the values' own windows in
# reading order one after another, each walked by index, instead of a sort of every claim.
_FEW_VALUES = {
    "status": (Claim.status, tuple(LOOKS)),
    "review": (Claim.review_state, tuple(REVIEW_LABELS)),
}


def _window_ids(
    session: Session, wanted: ClaimFilter, order: ClaimOrder, offset: int, limit: int | None
) -> list[str]:
    """The ids of the matching claims `offset`.. in `order`, up to `limit`."""
    if order.key == "article" and limit is not None and wanted.article_ids is None:
        walked = _window_by_title(session, wanted, order.descending, offset, limit)
        if walked is not None:
            return walked
    few = _FEW_VALUES.get(order.key or "")
    counted: dict[str, int] = {}
    if few is not None:
        column, values = few
        counted = _counted_by(session, column, wanted)
    if few is None or not counted.keys() <= set(values):  # an unknown value sorts last
        query = _claims_in_order([Claim.id], wanted, order)
        return list(session.scalars(query.offset(offset).limit(limit)))
    ids: list[str] = []
    for value in reversed(values) if order.descending else values:
        if offset >= counted.get(value, 0):
            offset -= counted.get(value, 0)
            continue
        rest = None if limit is None else limit - len(ids)
        query = _claims_in_order([Claim.id], wanted, ClaimOrder()).where(column == value)
        ids += session.scalars(query.offset(offset).limit(rest))
        offset = 0
        if limit is not None and len(ids) >= limit:
            break
    return ids


# Articles read per lot when walking them by title; doubled up to _CHUNK as rows stay few.
_FIRST_ARTICLES = 64
# The walk stops when, at the rate found so far, the whole library holds fewer than this
# many times the rows wanted.
_SPARSE = 4
_ROWID: ColumnElement[int] = literal_column("articles.rowid")


def _window_by_title(
    session: Session, wanted: ClaimFilter, descending: bool, offset: int, limit: int
) -> list[str] | None:
    """The window by article title (the dashboard's first order): the articles walked in
    title order a lot at a time until it is full, each lot's claims sorted here; None when
    the first lots show the matching claims too sparse for the walk to end early.

    No index serves the titles without case, so SQL sorted every matching claim to keep 200
    (50-190 ms at 100,000 claims, whatever the filter). A lot of articles is cut from the
    index holding their titles (a few ms), and the walk ends with the window. A filter that
    few claims match reads every article either way: one query for all then costs less.
    """
    key = Article.title.collate("NOCASE")
    ranked = select(_ROWID, type_coerce(Article.imported_at, String), Article.title).order_by(
        key.desc() if descending else key, Article.imported_at, Article.title
    )
    articles = session.scalar(select(func.count()).select_from(Article)) or 0
    found: list[str] = []
    start, size = 0, _FIRST_ARTICLES
    while len(found) < offset + limit:
        if start and len(found) * articles < _SPARSE * (offset + limit) * start:
            return None
        lot = _whole_groups(session.execute(ranked.offset(start).limit(size + 1)).all(), size)
        if lot is None:  # one group of ties fills the lot: take a larger one
            size *= 2
            continue
        query = _matching(
            select(Claim.id, _ROWID, Claim.start, Claim.end).select_from(_by_article()),
            wanted,
            in_order=True,
            walking=True,
        ).where(_ROWID.in_(lot))
        rows = sorted(
            session.execute(query), key=lambda row: (lot[row[1]], row.start, row.end, row.id)
        )
        found += (row.id for row in rows)
        if len(lot) < size:  # the last articles
            break
        start, size = start + len(lot), min(2 * size, _CHUNK)
    return found[offset : offset + limit]


def _whole_groups(rows: Sequence[Any], size: int) -> dict[int, int] | None:
    """Article rowid -> its group of ties (equal on every sort key) for the first `size` of
    `rows` (read one further), less a last group that may go on past them: its claims must
    be sorted together. None if that leaves nothing."""
    kept = list(rows[:size])
    if len(rows) > size:
        going_on = tuple(rows[size][1:])
        while kept and tuple(kept[-1][1:]) == going_on:
            kept.pop()
        if not kept:
            return None
    groups: dict[int, int] = {}
    last, group = None, -1
    for row_id, imported, title in kept:
        if (imported, title) != last:
            last, group = (imported, title), group + 1
        groups[row_id] = group
    return groups


def _counted_by(session: Session, column: Any, wanted: ClaimFilter) -> dict[str, int]:
    """The matching claims counted per value of `column`; those not checked before as all
    less those checked before (see `claim_tally`)."""

    def counted(picked: ClaimFilter) -> dict[str, int]:
        grouped = _matching(select(column, func.count()).group_by(column), picked)
        return {value: n for value, n in session.execute(grouped)}

    if wanted.checked_before is not False:
        return counted(wanted)
    every = counted(replace(wanted, checked_before=None))
    checked = counted(replace(wanted, checked_before=True))
    return {
        value: n - checked.get(value, 0) for value, n in every.items() if n > checked.get(value, 0)
    }


def claim_window(
    session: Session,
    wanted: ClaimFilter,
    order: ClaimOrder = ClaimOrder(),
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


_CHUNK = 500  # ids per IN (...): well under SQLite's limit on bound parameters


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
