"""Claim use cases: create, tag, annotate, re-span, sign off and reopen claims.

Approved claims are locked (core.signoff): every change here to one is refused.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import JSON, Select, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.util import identity_key

from claimdesk.core import signoff
from claimdesk.core.errors import (
    ClaimLockedError,
    NotFoundError,
    StaleClaimError,
    ValidationError,
    named_claim,
)
from claimdesk.core.events import Change, ChangeKind, note_change
from claimdesk.core.models import (
    Article,
    Claim,
    ClaimOrigin,
    ClaimStatus,
    ReviewState,
    UTCDateTime,
    new_id,
    utcnow,
)
from claimdesk.core.prepared import Prepared
from claimdesk.core.services.history import load_claim, load_claims, record
from claimdesk.core.services.merged_names import canonical_name


def list_claims(
    session: Session,
    *,
    article_id: str | None = None,
    statuses: Iterable[str] | None = None,
) -> list[Claim]:
    """Claims in article and text order, optionally of one article and some statuses."""
    return list(session.scalars(claims_query(article_id=article_id, statuses=statuses)))


def claims_query(
    *, article_id: str | None = None, statuses: Iterable[str] | None = None
) -> Select[Claim]:
    """list_claims' query, for a caller that reads it a chunk at a time."""
    query = select(Claim).order_by(Claim.article_id, Claim.start, Claim.end)
    if article_id is not None:
        query = query.where(Claim.article_id == article_id)
    if statuses is not None:
        query = query.where(Claim.status.in_([parse_status(s) for s in statuses]))
    return query


def parse_status(value: str) -> str:
    try:
        return ClaimStatus(value.strip().lower()).value
    except ValueError:
        allowed = ", ".join(s.value for s in ClaimStatus)
        raise ValidationError("status", f"'{value}' is not one of {allowed}") from None


def parse_review_state(value: str) -> str:
    try:
        return ReviewState(value.strip().lower()).value
    except ValueError:
        allowed = ", ".join(s.value for s in ReviewState)
        raise ValidationError("review state", f"'{value}' is not one of {allowed}") from None


def check_span(text: str, start: int, end: int) -> None:
    """Refuse a span outside the text or one that holds only white space."""
    if not 0 <= start < end <= len(text):
        raise ValidationError(
            "span", f"{start}..{end} is outside the article text (0..{len(text)})"
        )
    if not text[start:end].strip():
        raise ValidationError("span", "selects only white space")


def _check_unclaimed(
    session: Session, article_id: str, start: int, end: int, *, other_than: str | None = None
) -> None:
    """Refuse a second claim over exactly the same text: it would be tagged and counted twice."""
    query = select(Claim.id).where(
        Claim.article_id == article_id, Claim.start == start, Claim.end == end
    )
    if other_than is not None:
        query = query.where(Claim.id != other_than)
    if session.scalar(query.limit(1)) is not None:
        raise ValidationError("span", f"{start}..{end} is already a claim of this article")


def add_claim(
    session: Session,
    article_id: str,
    start: int,
    end: int,
    *,
    actor: str,
    origin: str = ClaimOrigin.MANUAL.value,
    claim_id: str | None = None,
    unique: bool = True,
) -> Claim:
    """Add a claim over text[start:end] of an article (a reviewer's selection, usually).

    `unique` refuses one over exactly the text of another claim.
    """
    article = session.get(Article, article_id)
    if article is None:
        raise NotFoundError(f"article {article_id}: no such article in this database")
    check_span(article.text, start, end)
    if unique:
        _check_unclaimed(session, article_id, start, end)
    claim = Claim(
        article=article,
        start=start,
        end=end,
        quote=article.text[start:end],
        origin=ClaimOrigin(origin).value,
        reasons=[],
        note="",
        reviewer=canonical_name(session, actor),
    )
    if claim_id is not None:
        claim.id = claim_id
    session.add(claim)
    record(session, claim, actor, "created", None, {"start": start, "end": end, "origin": origin})
    session.flush()
    return claim


def delete_claim(
    session: Session, claim_id: str, *, actor: str, expected_version: int | None = None
) -> None:
    """Delete a claim a reviewer created by hand; detected claims are dismissed instead."""
    claim = load_claim(session, claim_id, expected_version)
    if claim.origin != ClaimOrigin.MANUAL.value:
        raise ValidationError("claim", "only claims added by hand can be deleted; dismiss it")
    signoff.ensure_unlocked(claim, "delete it")
    session.delete(claim)
    session.flush()


@dataclass(frozen=True, slots=True)
class StatusChange:
    claim_id: str
    before: str
    after: str
    version: int  # the claim's version after the change


# Tagging is the action a reviewer repeats hundreds of times an hour, so it skips the ORM's
# unit of work: three prepared statements, still one transaction with its history event.
_READ_STATUS = Prepared(
    "SELECT status, version, article_id, review_state FROM claims WHERE id = :id"
)
_WRITE_STATUS = Prepared(
    "UPDATE claims SET status = :status, reviewer = :actor, updated_at = :at, version = :new "
    "WHERE id = :id AND version = :old",
    at=UTCDateTime(),
)
_LOG_STATUS = Prepared(
    "INSERT INTO claim_events (id, claim_id, at, actor, action, before, after) "
    "VALUES (:event_id, :id, :at, :actor, 'status', :before, :after)",
    at=UTCDateTime(),
    before=JSON(),
    after=JSON(),
)


def set_status(
    session: Session,
    claim_id: str,
    status: str,
    *,
    actor: str,
    expected_version: int | None = None,
) -> StatusChange:
    """Tag a claim (sourced, disputed, speculative, unreviewed or dismissed)."""
    value = parse_status(status)
    session.flush()  # pending ORM changes first: the statements below bypass the unit of work
    connection = session.connection()
    rows = _READ_STATUS.rows(connection, {"id": claim_id})
    if not rows:
        raise NotFoundError(f"claim {claim_id}: no such claim in this database")
    before, version, article_id, review_state = rows[0]
    if expected_version is not None and version != expected_version:
        raise StaleClaimError(claim_id, expected_version, version)
    if before == value:
        return StatusChange(claim_id, before, value, version)
    if review_state == ReviewState.APPROVED:
        quote = session.get_one(Claim, claim_id).quote
        raise ClaimLockedError(claim_id, quote, "change its status")
    now = utcnow()
    params = {"id": claim_id, "status": value, "actor": canonical_name(session, actor), "at": now}
    written = _WRITE_STATUS.run(connection, {**params, "new": version + 1, "old": version})
    if written != 1:  # pragma: no cover - the write lock makes this unreachable
        raise StaleClaimError(claim_id, version, version + 1)
    _LOG_STATUS.run(connection, {**params, "event_id": new_id(), "before": before, "after": value})
    note_change(session, Change(ChangeKind.CLAIMS_CHANGED, article_id, frozenset([claim_id])))
    loaded = session.identity_map.get(identity_key(Claim, claim_id))
    if loaded is not None:
        session.expire(loaded)
    return StatusChange(claim_id, before, value, version + 1)


def set_note(
    session: Session,
    claim_id: str,
    note: str,
    *,
    actor: str,
    expected_version: int | None = None,
) -> Claim:
    return _annotate(session, claim_id, "note", note, actor, expected_version)


def set_span(
    session: Session,
    claim_id: str,
    start: int,
    end: int,
    *,
    actor: str,
    expected_version: int | None = None,
) -> Claim:
    """Move a claim's boundaries; its quote follows the article text."""
    claim = load_claim(session, claim_id, expected_version)
    check_span(claim.article.text, start, end)
    if (claim.start, claim.end) != (start, end):
        signoff.ensure_unlocked(claim, "move it")
        _check_unclaimed(session, claim.article_id, start, end, other_than=claim.id)
        before = {"start": claim.start, "end": claim.end}
        record(session, claim, actor, "span", before, {"start": start, "end": end})
        claim.start, claim.end = start, end
        claim.quote = claim.article.text[start:end]
        claim.reviewer = canonical_name(session, actor)
        session.flush()
    return claim


def set_note_public(
    session: Session,
    claim_id: str,
    public: bool,
    *,
    actor: str,
    expected_version: int | None = None,
) -> Claim:
    """Mark the note public (printed in publications) or private (a working note)."""
    return _annotate(session, claim_id, "note_public", public, actor, expected_version)


def _annotate(
    session: Session,
    claim_id: str,
    field: str,
    value: str | bool,
    actor: str,
    expected_version: int | None,
) -> Claim:
    """Change the note or its public flag, recorded under the column's name."""
    claim = load_claim(session, claim_id, expected_version)
    before = getattr(claim, field)
    if before != value:
        signoff.ensure_unlocked(claim, "change its note")
        record(session, claim, actor, field, before, value)
        setattr(claim, field, value)
        claim.reviewer = canonical_name(session, actor)
        session.flush()
    return claim


@dataclass(frozen=True, slots=True)
class ReviewChange:
    claim_id: str
    before: str
    version: int  # the claim's version after the sign-off


def set_review_state(
    session: Session,
    claim_id: str,
    state: str,
    *,
    actor: str,
    expected_version: int | None = None,
    undoing: bool = False,
) -> Claim:
    """The editor's sign-off of one claim, by the rules of core.signoff.

    `undoing`: taking back an approval just given, which needs no reopen.
    """
    versions = None if expected_version is None else [expected_version]
    sign_off(session, [(claim_id, state)], actor=actor, versions=versions, undoing=undoing)
    return session.get_one(Claim, claim_id)


def sign_off(
    session: Session,
    states: Sequence[tuple[str, str]],
    *,
    actor: str,
    versions: Sequence[int | None] | None = None,
    undoing: bool = False,
) -> list[ReviewChange]:
    """Set review states of many claims as one change: who moved which claim where, and when.

    All or nothing: a claim changed since its `versions` entry raises StaleClaimError, an
    approved claim moved elsewhere (but by `undoing`) ClaimLockedError, and any claim the
    sign-off rules refuse SignOffRefused listing every refused claim.
    """
    wanted = [(claim_id, parse_review_state(state)) for claim_id, state in states]
    expected = list(versions) if versions is not None else [None] * len(wanted)
    claims = load_claims(session, [claim_id for claim_id, _ in wanted], expected)
    by_state: dict[str, list[str]] = {}
    for claim, (claim_id, value) in zip(claims, wanted, strict=True):
        if claim.review_state != value:
            by_state.setdefault(value, []).append(claim_id)
    refused = [
        refusal
        for value, ids in by_state.items()
        for refusal in signoff.refusals(session, ids, value, actor, undoing=undoing)
    ]
    if locked := [r for r in refused if r.reason == signoff.LOCKED]:
        raise ClaimLockedError(locked[0].claim_id, locked[0].quote, "change its review state")
    if refused:  # the rules refuse only approvals: a move elsewhere is refused as locked
        raise signoff.SignOffRefused(refused, ReviewState.APPROVED)
    now = utcnow()
    befores = []
    for claim, (_, value) in zip(claims, wanted, strict=True):
        befores.append(claim.review_state)
        if claim.review_state != value:
            record(session, claim, actor, "review_state", claim.review_state, value)
            claim.review_state = value
            claim.reviewed_by = canonical_name(session, actor)
            claim.reviewed_at = now
    session.flush()  # once: a sign-off of thousands of claims is one round of writes
    return [
        ReviewChange(claim.id, before, claim.version)
        for claim, before in zip(claims, befores, strict=True)
    ]


def reopen(
    session: Session,
    claim_id: str,
    reason: str,
    *,
    actor: str,
    expected_version: int | None = None,
) -> Claim:
    """Unlock an approved claim for changes, back to needs review, recording why."""
    why = reason.strip()
    if not why:
        raise ValidationError("Reason", "say why the approved claim is reopened")
    claim = load_claim(session, claim_id, expected_version)
    if claim.review_state != ReviewState.APPROVED:
        raise ValidationError(
            "claim", f"{named_claim(claim.id, claim.quote)} is not approved; nothing to reopen"
        )
    record(session, claim, actor, "reopen", claim.review_state, why)
    claim.review_state = ReviewState.NEEDS_REVIEW.value
    claim.reviewed_by = canonical_name(session, actor)
    claim.reviewed_at = utcnow()
    session.flush()
    return claim
