"""The claim audit log: every write records who changed what, in the same transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from claimdesk.core.chunks import chunked
from claimdesk.core.errors import NotFoundError, StaleClaimError
from claimdesk.core.models import Claim, ClaimEvent, utcnow
from claimdesk.core.services.merged_names import canonical_name


def record(
    session: Session, claim: Claim, actor: str, action: str, before: Any, after: Any
) -> ClaimEvent:
    """Append one event and mark the claim changed, which bumps its optimistic-lock version.

    A merged-away name is recorded as the name it was merged into (core.services.merged_names).
    """
    now = utcnow()
    claim.updated_at = now
    who = canonical_name(session, actor)
    event = ClaimEvent(claim=claim, at=now, actor=who, action=action, before=before, after=after)
    session.add(event)
    return event


def load_claim(session: Session, claim_id: str, expected_version: int | None = None) -> Claim:
    """Fetch a claim to change it, refusing if it changed since the caller read that version."""
    claim = session.get(Claim, claim_id, populate_existing=True)
    if claim is None:
        raise NotFoundError(f"claim {claim_id}: no such claim in this database")
    if expected_version is not None and claim.version != expected_version:
        raise StaleClaimError(claim_id, expected_version, claim.version)
    return claim


def load_claims(
    session: Session, claim_ids: Sequence[str], expected_versions: Sequence[int | None] = ()
) -> list[Claim]:
    """`load_claim` for many claims, in their order: one query per 500, not one per claim."""
    ids = list(dict.fromkeys(claim_ids))
    found: dict[str, Claim] = {}
    for chunk in chunked(ids):
        query = select(Claim).where(Claim.id.in_(chunk)).execution_options(populate_existing=True)
        found.update((c.id, c) for c in session.scalars(query))
    if missing := [i for i in ids if i not in found]:
        raise NotFoundError(f"claim {missing[0]}: no such claim in this database")
    for claim_id, expected in zip(claim_ids, expected_versions, strict=False):
        actual = found[claim_id].version
        if expected is not None and actual != expected:
            raise StaleClaimError(claim_id, expected, actual)
    return [found[i] for i in claim_ids]


def claim_history(session: Session, claim_id: str) -> list[ClaimEvent]:
    """A claim's events, oldest first."""
    load_claim(session, claim_id)
    query = select(ClaimEvent).where(ClaimEvent.claim_id == claim_id).order_by(ClaimEvent.seq)
    return list(session.scalars(query))
