"""How each edit of core.commands is applied to the database, and the command that undoes it.

Apart from the commands themselves so that the window can build commands without importing
SQLAlchemy and the services; core.commands.apply loads this module on the first edit.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from claimdesk.core.commands import (
    AddClaim,
    AddEvidence,
    Batch,
    Command,
    DeleteClaim,
    RejectMatch,
    RemoveEvidence,
    Reopen,
    SetNote,
    SetNotePublic,
    SetReviewState,
    SetSpan,
    SetStatus,
    SignOff,
    UpdateEvidence,
)
from claimdesk.core.errors import NotFoundError
from claimdesk.core.factchecks.matching import forget_rejection, remember_rejection
from claimdesk.core.models import ClaimStatus, Evidence, ReviewState
from claimdesk.core.services import claims, evidence
from claimdesk.core.services.history import load_claim


def apply_command(
    session: Session, cmd: Command, actor: str, *, expected_version: int | None = None
) -> Command:
    """core.commands.apply (documented there)."""
    match cmd:
        case AddClaim():
            claims.add_claim(
                session,
                cmd.article_id,
                cmd.start,
                cmd.end,
                actor=actor,
                claim_id=cmd.claim_id,
                unique=not cmd.restoring,
            )
            return DeleteClaim(cmd.claim_id)
        case Batch():
            undo = [
                apply_command(session, sub, actor)
                for sub in _checked(session, cmd, expected_version)
            ]
            return Batch(cmd.claim_id, tuple(reversed(undo)), cmd.label)
        case SignOff():
            return _sign_off(session, cmd, actor)
        case SetStatus():
            change = claims.set_status(
                session, cmd.claim_id, cmd.status, actor=actor, expected_version=expected_version
            )
            return SetStatus(cmd.claim_id, change.before)
    claim = load_claim(session, cmd.claim_id, expected_version)
    match cmd:
        case SetNote():
            before_note = claim.note
            claims.set_note(session, cmd.claim_id, cmd.note, actor=actor)
            return SetNote(cmd.claim_id, before_note)
        case SetSpan():
            before = (claim.start, claim.end)
            claims.set_span(session, cmd.claim_id, cmd.start, cmd.end, actor=actor)
            return SetSpan(cmd.claim_id, *before)
        case SetNotePublic():
            before_public = claim.note_public
            claims.set_note_public(session, cmd.claim_id, cmd.public, actor=actor)
            return SetNotePublic(cmd.claim_id, before_public)
        case SetReviewState():
            before_state = claim.review_state
            claims.set_review_state(
                session, cmd.claim_id, cmd.state, actor=actor, undoing=cmd.undoing
            )
            return SetReviewState(cmd.claim_id, before_state, undoing=not cmd.undoing)
        case Reopen():
            claims.reopen(session, cmd.claim_id, cmd.reason, actor=actor)
            return SetReviewState(cmd.claim_id, ReviewState.APPROVED.value)
        case DeleteClaim():
            restore = _restore_commands(session, cmd.claim_id)
            claims.delete_claim(session, cmd.claim_id, actor=actor)
            return Batch(cmd.claim_id, restore, "Delete claim")
        case AddEvidence():
            item = evidence.add_evidence(
                session,
                cmd.claim_id,
                cmd.url,
                actor=actor,
                title=cmd.title,
                note=cmd.note,
                stance=cmd.stance,
                evidence_id=cmd.evidence_id,
                position=cmd.position,
            )
            return RemoveEvidence(cmd.claim_id, item.id)
        case UpdateEvidence():
            old = _evidence_snapshot(session, cmd.evidence_id)
            evidence.update_evidence(
                session,
                cmd.evidence_id,
                actor=actor,
                url=cmd.url,
                title=cmd.title,
                note=cmd.note,
                stance=cmd.stance,
            )
            return UpdateEvidence(
                cmd.claim_id,
                cmd.evidence_id,
                str(old["url"]),
                str(old["title"]),
                str(old["note"]),
                str(old["stance"]),
            )
        case RejectMatch():
            if cmd.forget:
                changed = forget_rejection(session, cmd.claim_id, cmd.key)
            else:
                changed = remember_rejection(session, cmd.claim_id, cmd.key, actor)
            # Nothing changed (another window said it first): undo leaves it as it was.
            return RejectMatch(cmd.claim_id, cmd.key, forget=cmd.forget != changed)
        case RemoveEvidence():
            snap = evidence.remove_evidence(session, cmd.evidence_id, actor=actor)
            return AddEvidence(
                cmd.claim_id,
                cmd.evidence_id,
                str(snap["url"]),
                str(snap["title"]),
                str(snap["note"]),
                str(snap["stance"]),
                int(snap["position"]),
            )
    raise TypeError(f"not a command: {cmd!r}")


def _sign_off(session: Session, cmd: SignOff, actor: str) -> SignOff:
    changes = claims.sign_off(
        session, cmd.states, actor=actor, versions=cmd.versions, undoing=cmd.undoing
    )
    return SignOff(
        tuple((c.claim_id, c.before) for c in changes),
        cmd.label,
        tuple(c.version for c in changes),
        undoing=not cmd.undoing,
    )


def _checked(session: Session, batch: Batch, expected_version: int | None) -> tuple[Command, ...]:
    # Only the first step can be checked against what the caller saw: the later ones see
    # versions the batch itself has just written.
    if expected_version is not None and not isinstance(batch.commands[0], AddClaim):
        load_claim(session, batch.claim_id, expected_version)
    return batch.commands


def _restore_commands(session: Session, claim_id: str) -> tuple[Command, ...]:
    """The steps that rebuild a claim made by hand exactly as it is now."""
    claim = load_claim(session, claim_id)
    steps: list[Command] = [
        AddClaim(claim.id, claim.article_id, claim.start, claim.end, restoring=True)
    ]
    if claim.status != ClaimStatus.UNREVIEWED:
        steps.append(SetStatus(claim.id, claim.status))
    if claim.note:
        steps.append(SetNote(claim.id, claim.note))
    if claim.note_public:
        steps.append(SetNotePublic(claim.id, True))
    steps += [
        AddEvidence(claim.id, e.id, e.url, e.title, e.note, e.stance, e.position)
        for e in claim.evidence
    ]
    if claim.review_state != ReviewState.DRAFT:  # last: an approved claim is locked
        steps.append(SetReviewState(claim.id, claim.review_state))
    return tuple(steps)


def _evidence_snapshot(session: Session, evidence_id: str) -> dict[str, str | int]:
    item = session.get(Evidence, evidence_id)
    if item is None:
        raise NotFoundError(f"evidence {evidence_id}: no such evidence in this database")
    return evidence.snapshot(item)
