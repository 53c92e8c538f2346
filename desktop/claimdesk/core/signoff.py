"""Sign-off rules: which claims may be approved, by whom, and the lock approval puts on them.

They live in core so that the window, the command line and anything later obey the same ones:
- only a claim with a verdict (sourced, disputed, speculative) or a dismissed one is approved;
- a sourced or disputed claim needs at least one evidence item;
- with the second-person policy on, the approver must not be whoever set the verdict.
An approved claim is locked (`ensure_unlocked`): its status, span, note and evidence change
only after someone reopens it with a reason. Moving it to another review state is a reopen
too, except when undoing the approval just given (see commands.SetReviewState.undoing).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claimdesk.core.chunks import chunked
from claimdesk.core.errors import ClaimLockedError
from claimdesk.core.errors import Refusal as Refusal  # re-exported
from claimdesk.core.errors import SignOffRefused as SignOffRefused  # re-exported
from claimdesk.core.models import (
    Claim,
    ClaimEvent,
    ClaimStatus,
    Evidence,
    LibraryEvent,
    Meta,
    ReviewState,
)
from claimdesk.core.readmodels import verdict_setters
from claimdesk.core.reviewer import EXTRACTOR_ACTOR
from claimdesk.core.services.history import load_claims
from claimdesk.core.services.merged_names import canonical_name

POLICY_KEY = "second_person"  # in claimdesk_meta: "on" or "off"; no row: automatic
APPROVABLE = frozenset(
    {ClaimStatus.SOURCED, ClaimStatus.DISPUTED, ClaimStatus.SPECULATIVE, ClaimStatus.DISMISSED}
)
NEEDS_EVIDENCE = frozenset({ClaimStatus.SOURCED, ClaimStatus.DISPUTED})
LOCKED = "approved: reopen it first"


def ensure_unlocked(claim: Claim, change: str) -> None:
    """Refuse a change to an approved claim; `change` says it ("change its note")."""
    if claim.review_state == ReviewState.APPROVED:
        raise ClaimLockedError(claim.id, claim.quote, change)


def refusals(
    session: Session,
    claim_ids: Sequence[str],
    state: str,
    approver: str,
    *,
    undoing: bool = False,
) -> list[Refusal]:
    """What the rules refuse if these claims were set to `state` by `approver`.

    Approval is checked against the rules; any other state is always allowed, except for a
    claim already approved, which only a reopen (or `undoing` the approval) moves. A few
    queries however many claims: the window checks thousands before a bulk sign-off.

    Raises:
        NotFoundError: an id the library does not hold.
    """
    ids = list(dict.fromkeys(claim_ids))
    claims = {c.id: c for c in load_claims(session, ids)}
    if state != ReviewState.APPROVED:
        return [
            Refusal(c.id, c.quote, LOCKED)
            for c in map(claims.__getitem__, ids)
            if c.review_state == ReviewState.APPROVED and not undoing
        ]
    todo = [c for c in map(claims.__getitem__, ids) if c.review_state != ReviewState.APPROVED]
    evidence = _evidence_counts(session, [c.id for c in todo if c.status in NEEDS_EVIDENCE])
    setters = verdict_setters(session, (c.id for c in todo)) if todo else {}
    approver = canonical_name(session, approver)  # names merged since: the same person
    own = {c.id for c in todo if canonical_name(session, setters.get(c.id, "")) == approver}
    second_person = bool(own) and second_person_required(session)
    found = []
    for claim in todo:
        reason = _refused(claim, evidence.get(claim.id, 0))
        if not reason and second_person and claim.id in own:
            reason = "you set its verdict; a second person must approve"
        if reason:
            found.append(Refusal(claim.id, claim.quote, reason))
    return found


def check(
    session: Session,
    claim_ids: Sequence[str],
    state: str,
    approver: str,
    *,
    undoing: bool = False,
) -> None:
    """Raise SignOffRefused listing every claim the rules refuse (see `refusals`)."""
    if found := refusals(session, claim_ids, state, approver, undoing=undoing):
        raise SignOffRefused(found, state)


def _refused(claim: Claim, evidence: int) -> str:
    if claim.status not in APPROVABLE:
        return "no verdict yet"
    if claim.status in NEEDS_EVIDENCE and evidence == 0:
        return f"{claim.status} but no evidence"
    return ""


def _evidence_counts(session: Session, ids: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in chunked(ids):
        query = (
            select(Evidence.claim_id, func.count())
            .where(Evidence.claim_id.in_(chunk))
            .group_by(Evidence.claim_id)
        )
        found.update((key, value) for key, value in session.execute(query))
    return found


def policy_setting(session: Session) -> bool | None:
    """The second-person policy as an editor set it; None: never set, so automatic."""
    row = session.get(Meta, POLICY_KEY)
    return None if row is None else row.value == "on"


def _several_people(session: Session) -> bool:
    """Whether more than one person appears in the claim history (the extractor is none)."""
    query = select(ClaimEvent.actor).where(ClaimEvent.actor != EXTRACTOR_ACTOR).distinct().limit(2)
    return len(session.scalars(query).all()) > 1


def second_person_required(session: Session) -> bool:
    """Whether an approver must differ from whoever set the verdict.

    Unless an editor chose, on once more than one person has worked in the library: a
    reviewer working alone could otherwise never approve anything.
    """
    setting = policy_setting(session)
    return _several_people(session) if setting is None else setting


def set_second_person_policy(session: Session, on: bool | None, actor: str) -> None:
    """Switch the policy on, off or back to automatic (None), recorded in the library history."""
    before = _policy_word(policy_setting(session))
    after = _policy_word(on)
    if before == after:
        return
    row = session.get(Meta, POLICY_KEY)
    if on is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(Meta(key=POLICY_KEY, value=after))
    else:
        row.value = after
    session.add(
        LibraryEvent(actor=actor, action="policy", subject=POLICY_KEY, before=before, after=after)
    )
    session.flush()


def _policy_word(setting: bool | None) -> str:
    return "auto" if setting is None else "on" if setting else "off"
