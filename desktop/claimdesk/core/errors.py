"""User-facing errors: each message names the file or field and says what is wrong."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from claimdesk.core.enums import ReviewState


class ClaimdeskError(Exception):
    """An error whose message is fit to show a user as it is, on one line."""


class StoreError(ClaimdeskError):
    """The database cannot be opened, or is not a Claimdesk database."""


class ImportFailure(ClaimdeskError):  # noqa: N818 - reads better at call sites
    """One input file cannot be imported; the others of the same run still can."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class ValidationError(ClaimdeskError):
    """A value typed by the user is refused; `field` names the form field."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NotFoundError(ClaimdeskError):
    """An article, claim or evidence id that the database does not hold."""


class StaleClaimError(ClaimdeskError):
    """Another window or process changed the claim since it was read."""

    def __init__(self, claim_id: str, expected: int, actual: int) -> None:
        super().__init__(
            f"claim {claim_id} was changed elsewhere (version {actual}, you edited version "
            f"{expected}); reload it and try again"
        )
        self.claim_id = claim_id
        self.expected = expected
        self.actual = actual


def named_claim(claim_id: str, quote: str, width: int = 40) -> str:
    """A claim as messages name it: short id and clipped quote (`abcd1234 “Revenue rose…”`)."""
    flat = " ".join(quote.split())
    clipped = flat if len(flat) <= width else flat[: width - 1] + "…"
    return f"{claim_id[:8]} “{clipped}”"


class ClaimLockedError(ClaimdeskError):
    """A change to an approved claim: approval stands for what was approved, so its status,
    span, note and evidence stay as they are until someone reopens it (with a reason)."""

    def __init__(self, claim_id: str, quote: str, change: str) -> None:
        super().__init__(
            f"claim {named_claim(claim_id, quote)} is approved: reopen it first to {change}"
        )
        self.claim_id = claim_id
        self.change = change


class OperationCancelled(Exception):  # noqa: N818 - a signal, not an error to report
    """Raised inside long work when its cancel callable says stop."""


# The sign-off rules (core.signoff) refuse with these; here so the window can catch them
# without importing the rules and SQLAlchemy behind them.
_LISTED = 5  # refusals named in a message; all of them stay in `SignOffRefused.refusals`


@dataclass(frozen=True)
class Refusal:
    claim_id: str
    quote: str
    reason: str

    def __str__(self) -> str:
        return f"{named_claim(self.claim_id, self.quote)}: {self.reason}"


class SignOffRefused(ClaimdeskError):  # noqa: N818 - names what happened, like the UI says it
    """Some claims of a sign-off break the rules; nothing of that sign-off was written."""

    def __init__(self, refusals: Iterable[Refusal], state: str = ReviewState.APPROVED) -> None:
        self.refusals = tuple(refusals)
        self.state = state
        n = len(self.refusals)
        listed = "; ".join(map(str, self.refusals[:_LISTED]))
        more = f"; and {n - _LISTED} more" if n > _LISTED else ""
        super().__init__(f"{_claims(n)} cannot be {_done(state)}: {listed}{more}")


def _claims(n: int) -> str:
    return f"{n} claim" if n == 1 else f"{n} claims"


def _done(state: str) -> str:
    return "approved" if state == ReviewState.APPROVED else f"set to {state.replace('_', ' ')}"
