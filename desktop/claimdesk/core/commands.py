"""Edits as immutable values: applying one commits it and returns the command that undoes it.

Sign-off follows core.signoff's rules here too: an approval the rules refuse raises
SignOffRefused, a change to an approved claim ClaimLockedError; undo of an approval works
(`undoing`) and is recorded like any review-state change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from claimdesk.core.enums import ClaimStatus, Stance

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


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
    from claimdesk.core.command_apply import apply_command  # SQLAlchemy: on the first edit

    return apply_command(session, cmd, actor, expected_version=expected_version)
