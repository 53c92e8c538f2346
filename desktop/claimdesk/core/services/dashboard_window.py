"""Finding a window of claims in the dashboard's order: the filter's SQL conditions, the sort
keys, and the ids of rows `offset`.. in that order, found without sorting the whole library.

Apart from the counts, roll-ups and sign-off in `dashboard` because this is where the cost of
a library of 100,000 claims is decided: which table SQLite walks first, by which index, and
when a window is cut from a few values or a walk of articles by title rather than a sort of
every matching claim.
"""

from __future__ import annotations

from collections.abc import Sequence
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
from claimdesk.core.services.claims import parse_review_state, parse_status
from claimdesk.core.statuses import LOOKS, REVIEW_LABELS


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


_CHUNK = 500  # ids per IN (...): well under SQLite's limit on bound parameters


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
        read = session.execute(ranked.offset(start).limit(size + 1)).all()
        lot = _whole_groups(read, size)
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
        if len(read) <= size:  # the last articles (a lot cut short by ties is not)
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
