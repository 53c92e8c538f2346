"""Edits as immutable values: applying one commits it and returns the command that undoes it.

Sign-off follows core.signoff's rules here too: an approval the rules refuse raises
SignOffRefused, a change to an approved claim ClaimLockedError; undo of an approval works
(`undoing`) and is recorded like any review-state change.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from claimdesk.core.errors import NotFoundError
from claimdesk.core.factchecks.matching import forget_rejection, remember_rejection
from claimdesk.core.models import ClaimStatus, Evidence, ReviewState, Stance
from claimdesk.core.services import claims, evidence
from claimdesk.core.services.history import load_claim


@dataclass(frozen=True, slots=True)
class SetStatus:
    claim_id: str
    status: str

    @property
    def label(self) -> str:
        if self.status == ClaimStatus.DISMISSED:
            return "Dismiss claim"
        return f"Set status to {self.status}"


@dataclass(frozen=True, slots=True)
class SetNote:
    claim_id: str
    note: str
    label = "Edit note"


@dataclass(frozen=True, slots=True)
class SetSpan:
    claim_id: str
    start: int
    end: int
    label = "Set claim span"


@dataclass(frozen=True, slots=True)
class SetNotePublic:
    claim_id: str
    public: bool

    @property
    def label(self) -> str:
        return "Make note public" if self.public else "Make note private"


@dataclass(frozen=True, slots=True)
class SetReviewState:
    """One claim's review state. Moving an approved claim elsewhere is a `Reopen`, with a
    reason; only the inverse of a step (`undoing`, set by `apply`) takes an approval back."""

    claim_id: str
    state: str
    undoing: bool = False

    @property
    def label(self) -> str:
        return f"Set review state to {self.state.replace('_', ' ')}"


@dataclass(frozen=True, slots=True)
class SignOff:
    """Review states for several claims as one step (the dashboard's sign-off).

    `versions` are the claims' versions as the caller saw them: one changed since refuses
    the whole step. The inverse carries the versions it wrote, so undo is checked the same way.
    A claim the sign-off rules refuse refuses the whole step too (SignOffRefused lists them
    all): callers approve what they may by leaving out what `signoff.refusals` names.
    """

    states: tuple[tuple[str, str], ...]  # (claim id, review state)
    label: str
    versions: tuple[int, ...] | None = None
    undoing: bool = False  # see SetReviewState

    @property
    def claim_id(self) -> str:
        return self.states[0][0]

    @property
    def claim_ids(self) -> tuple[str, ...]:
        return tuple(claim_id for claim_id, _ in self.states)


@dataclass(frozen=True, slots=True)
class Reopen:
    """Unlock an approved claim (back to needs review); the reason goes into its history.

    Its inverse approves the claim again, under the sign-off rules.
    """

    claim_id: str
    reason: str
    label = "Reopen claim"


@dataclass(frozen=True, slots=True)
class AddClaim:
    """A claim made by hand; the id is chosen up front so redo recreates the same claim."""

    claim_id: str
    article_id: str
    start: int
    end: int
    # Undoing a deletion brings the reviewer's claim back even if a claim has since appeared
    # over the same text: losing their note and evidence would be worse than a duplicate.
    restoring: bool = False
    label = "New claim"


@dataclass(frozen=True, slots=True)
class DeleteClaim:
    """Delete a claim made by hand (detected claims are dismissed, never deleted)."""

    claim_id: str
    label = "Delete claim"


@dataclass(frozen=True, slots=True)
class AddEvidence:
    claim_id: str
    evidence_id: str
    url: str
    title: str = ""
    note: str = ""
    stance: str = Stance.SUPPORTS.value
    position: int | None = None
    label = "Add evidence"


@dataclass(frozen=True, slots=True)
class UpdateEvidence:
    claim_id: str
    evidence_id: str
    url: str
    title: str
    note: str
    stance: str
    label = "Edit evidence"


@dataclass(frozen=True, slots=True)
class RemoveEvidence:
    claim_id: str
    evidence_id: str
    label = "Remove evidence"


@dataclass(frozen=True, slots=True)
class RejectMatch:
    """ "Not the same claim": the earlier check `key` is never suggested for this claim again.

    The claim itself is not changed (nor its version), so an approved claim may say it too.
    The inverse (`forget`) offers the match again.
    """

    claim_id: str
    key: str
    forget: bool = False

    @property
    def label(self) -> str:
        return "Offer the match again" if self.forget else "Not the same claim"


@dataclass(frozen=True, slots=True)
class Batch:
    """Several commands applied in order as one step (undone in reverse order)."""

    claim_id: str
    commands: tuple[Command, ...]
    label: str


Command = (
    SetStatus
    | SetNote
    | SetSpan
    | SetNotePublic
    | SetReviewState
    | Reopen
    | AddClaim
    | DeleteClaim
    | AddEvidence
    | UpdateEvidence
    | RemoveEvidence
    | RejectMatch
    | Batch
    | SignOff
)


def apply(
    session: Session, cmd: Command, actor: str, *, expected_version: int | None = None
) -> Command:
    """Apply `cmd` in the caller's transaction and return the command that reverses it.

    Args:
        expected_version: the claim version the caller last saw; a different one in the
            database raises StaleClaimError instead of overwriting someone else's change.
    """
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
            undo = [apply(session, sub, actor) for sub in _checked(session, cmd, expected_version)]
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
