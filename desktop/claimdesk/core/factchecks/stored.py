"""Stored matches: every claim's earlier checks, computed once in the background and kept,
so the dashboard can filter 100,000 claims on "checked before" in SQL.

Matching one claim costs ~22 ms (core.factchecks.matching), so `scan` stores what the
inspector would show (the top matches at or above the suggest threshold, rejected pairs left
out) for each claim that needs it, a batch per transaction: a crash or a cancel loses one
batch at most, and the next run carries on from there.

A claim needs scanning when it has not been scanned, when the generation
(core.factchecks.generation: fact-checks imported or removed, the suggest threshold changed)
moved since, or when the claim itself changed after its scan (`updated_at`: its words, or a
verdict that makes it a library match for others). "Not the same claim" deletes its stored
pair at once (core.factchecks.matching).

What is not rescanned: a claim reviewed in one article may now match claims of other
articles scanned earlier. Finding them would mean rescanning every claim sharing a word with
it (most of the library) on every verdict, so they are found at the next generation; the
inspector always matches live. A stored library match whose claim has since lost its
verdict, or gone, never counts (`CHECKED_BEFORE` checks it as it reads).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Select,
    and_,
    cast,
    delete,
    exists,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Session, aliased

from claimdesk.core.errors import OperationCancelled
from claimdesk.core.factchecks.generation import current_generation
from claimdesk.core.factchecks.matching import (
    CHECKED_BEFORE_KEY,
    DEFAULT_CHECKED_BEFORE,
    matches_of,
    read_thresholds,
    require_sqlite,
)
from claimdesk.core.models import Claim, ClaimMatch, MatchScan, Meta, RejectedMatch, utcnow
from claimdesk.core.search_schema import REVIEWED
from claimdesk.core.store import Store

BATCH = 25  # claims per transaction: about half a second of matching, then a commit
FACTCHECK_PREFIX, CLAIM_PREFIX = "factcheck:", "claim:"

_target = aliased(Claim)
# The library's checked-before score (matching.DEFAULT_CHECKED_BEFORE unless set), read by
# SQLite once per query: the filters and listings need no session to pass it in.
_MARK_SCORE = func.coalesce(
    select(cast(Meta.value, Float)).where(Meta.key == CHECKED_BEFORE_KEY).scalar_subquery(),
    DEFAULT_CHECKED_BEFORE,
)
# A stored match that still holds and counts: a fact-check (removing one deletes its rows), or
# a library claim that still has a verdict, scoring the checked-before score or more.
_STILL_HOLDS = and_(
    ClaimMatch.score >= _MARK_SCORE,
    or_(
        # The keys that start with the prefix, as a range: LIKE cost a third of the filter.
        and_(ClaimMatch.match_key >= FACTCHECK_PREFIX, ClaimMatch.match_key < "factcheck;"),
        exists().where(
            _target.id == func.substr(ClaimMatch.match_key, len(CLAIM_PREFIX) + 1),
            _target.status.in_(REVIEWED),
        ),
    ),
)


def checked_before(*, walking: bool = False) -> ColumnElement[bool]:
    """True for a claim with a stored match that still holds, scoring the library's
    checked-before score or more (matching.DEFAULT_CHECKED_BEFORE: why).

    As IN (the claims with matches, read once), for counting and for sorting the few checked
    claims: SQLite then reads those claims alone, where probing the matches for each of
    100,000 claims took 5x as long. `walking` claims in an index's order to cut a window, as
    EXISTS: one probe per claim walked, and the walk ends with the window; there, IN made
    SQLite try the whole list on every article (96 s).
    """
    if walking:
        return exists().where(ClaimMatch.claim_id == Claim.id, _STILL_HOLDS)
    return Claim.id.in_(select(ClaimMatch.claim_id).where(_STILL_HOLDS))


def best_match() -> tuple[ColumnElement[str], ColumnElement[float]]:
    """The key and score of a claim's best stored match that still holds (None if none)."""
    best = (
        select(ClaimMatch.match_key, ClaimMatch.score)
        .where(ClaimMatch.claim_id == Claim.id, _STILL_HOLDS)
        .order_by(ClaimMatch.score.desc())
        .limit(1)
        .correlate(Claim)
    )
    return best.with_only_columns(ClaimMatch.match_key).scalar_subquery(), best.with_only_columns(
        ClaimMatch.score
    ).scalar_subquery()


def pending_ids(session: Session) -> list[str]:
    """The claims whose stored matches are missing or out of date: those not scanned at this
    generation, then those changed since their scan.

    Two queries that read indexes: the claims' ids against the scans, and the claims changed
    after the earliest scan (the index on `updated_at`). One join asking both read every
    claim's row: 0.3 s at 100,000 claims, after every edit.
    """
    generation = current_generation(session)
    unscanned = select(Claim.id).where(~exists().where(_scanned_at(generation)))
    found = list(session.scalars(unscanned))
    earliest = session.scalar(
        select(func.min(MatchScan.scanned_at)).where(MatchScan.generation == generation)
    )
    if earliest is not None:
        found += session.scalars(_changed_since_scan(select(Claim.id), generation, earliest))
    return found


def pending_count(session: Session) -> int:
    """How many claims `pending_ids` lists, counted from indexes and the scans alone (read
    after every job and edit): the claims less those scanned at this generation (each scan
    row has its claim: the key cascades), plus those changed since their scan."""
    generation = current_generation(session)
    claims = session.scalar(select(func.count()).select_from(Claim)) or 0
    scanned, earliest = session.execute(
        select(func.count(), func.min(MatchScan.scanned_at)).where(
            MatchScan.generation == generation
        )
    ).one()
    if not scanned:
        return claims
    changed = _changed_since_scan(select(func.count()).select_from(Claim), generation, earliest)
    return claims - scanned + (session.scalar(changed) or 0)


def _scanned_at(generation: int) -> ColumnElement[bool]:
    return and_(MatchScan.claim_id == Claim.id, MatchScan.generation == generation)


def _changed_since_scan(query: Select[Any], generation: int, earliest: dt.datetime) -> Select[Any]:
    """`query` over the claims scanned at `generation` and changed since, looked for among
    the claims changed after the earliest scan."""
    return query.join(MatchScan, _scanned_at(generation)).where(
        Claim.updated_at > earliest, MatchScan.scanned_at < Claim.updated_at
    )


@dataclass(frozen=True, slots=True)
class ScanSummary:
    scanned: int
    checked_before: int  # of those scanned, with a match scoring the checked-before score
    left: int  # still out of date (changed while the scan ran); a later scan takes them


Progress = Callable[[int, int], None]


def scan(
    store: Store,
    *,
    progress: Progress = lambda done, total: None,
    is_cancelled: Callable[[], bool] = lambda: False,
    batch: int = BATCH,
) -> ScanSummary:
    """Match every claim that needs it and store the results, `batch` claims a transaction.

    Matching reads a snapshot outside any write transaction; the batch is then written in one
    short transaction, so the window's edits wait for a commit, never for the matching. The
    scan is stamped with the time it read, so a claim edited meanwhile is scanned again.

    Raises:
        OperationCancelled: asked to stop; the batches written before stay.
    """
    require_sqlite(store)
    with store.reading() as session:
        ids = pending_ids(session)
    with store.reading() as session:
        mark = read_thresholds(session).checked_before
    done = checked = 0
    progress(0, len(ids))
    for at in range(0, len(ids), batch):
        if is_cancelled():
            raise OperationCancelled()
        chunk = ids[at : at + batch]
        read_at = utcnow()
        generation, found = _match_batch(store, chunk, is_cancelled)
        _store_batch(store, generation, read_at, found)
        done += len(chunk)
        checked += sum(1 for rows in found.values() if any(s >= mark for _, s in rows))
        progress(done, len(ids))
    with store.reading() as session:
        left = pending_count(session)
    return ScanSummary(done, checked, left)


Found = dict[str, list[tuple[str, float]]]  # claim id -> (match key, score)


def _match_batch(
    store: Store, ids: Sequence[str], is_cancelled: Callable[[], bool]
) -> tuple[int, Found]:
    with store.reading() as session:
        generation = current_generation(session)
        suggest = read_thresholds(session).suggest
        rejected: dict[str, set[str]] = {}
        for claim_id, key in session.execute(
            select(RejectedMatch.claim_id, RejectedMatch.match_key).where(
                RejectedMatch.claim_id.in_(ids)
            )
        ):
            rejected.setdefault(claim_id, set()).add(key)
        found: Found = {}
        for claim in session.scalars(select(Claim).where(Claim.id.in_(ids))):
            if is_cancelled():
                raise OperationCancelled()
            matches = matches_of(session, claim, suggest, rejected.get(claim.id, set()))
            found[claim.id] = [(m.key, m.score) for m in matches]
    return generation, found


def _store_batch(store: Store, generation: int, read_at: dt.datetime, found: Found) -> None:
    """Replace the batch's stored matches; a claim deleted meanwhile is left out, and a pair
    rejected meanwhile is not written."""
    with store.transaction() as session:
        ids = list(found)
        alive = set(session.scalars(select(Claim.id).where(Claim.id.in_(ids))))
        rejected = {
            (claim_id, key)
            for claim_id, key in session.execute(
                select(RejectedMatch.claim_id, RejectedMatch.match_key).where(
                    RejectedMatch.claim_id.in_(ids)
                )
            )
        }
        session.execute(delete(ClaimMatch).where(ClaimMatch.claim_id.in_(ids)))
        session.execute(delete(MatchScan).where(MatchScan.claim_id.in_(ids)))
        session.add_all(
            ClaimMatch(claim_id=claim_id, match_key=key, score=score)
            for claim_id, rows in found.items()
            if claim_id in alive
            for key, score in rows
            if (claim_id, key) not in rejected
        )
        session.add_all(
            MatchScan(claim_id=claim_id, generation=generation, scanned_at=read_at)
            for claim_id in ids
            if claim_id in alive
        )


def stored_keys(session: Session, claim_id: str) -> list[str]:
    """The claim's stored match keys, best first (for scripts and tests)."""
    query = (
        select(ClaimMatch.match_key)
        .where(ClaimMatch.claim_id == claim_id)
        .order_by(ClaimMatch.score.desc(), ClaimMatch.match_key)
    )
    return list(session.scalars(query))
