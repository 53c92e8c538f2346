"""The registry of claim statuses, review states and stances: names, looks and roll-up rules.

Everything that lists statuses (the store's CHECK constraint, the palette, the command line,
ClaimReview, the JSON schema) is checked against this table by tests/test_status_registry.py.
Colours are from the Okabe-Ito palette, and each status also has its own line style and
symbol, so colour is never the only signal and a printed report reads like the window.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from claimdesk.core.enums import ClaimStatus, ReviewState, Stance


@dataclass(frozen=True, slots=True)
class StatusLook:
    status: str
    label: str
    key: str  # the key that sets it in the window
    symbol: str
    colour: str
    line: str  # solid, wave, dash, dot or strike
    meaning: str
    verdict: bool  # the reviewer has decided: the claim counts as reviewed
    work: bool = True  # a claim someone has to look at; False for false detections


LOOKS: dict[str, StatusLook] = {
    look.status: look
    for look in (
        StatusLook(
            ClaimStatus.SOURCED,
            "Sourced",
            "1",
            "✓",
            "#009E73",
            "solid",
            "backed by cited evidence",
            True,
        ),
        StatusLook(
            ClaimStatus.DISPUTED,
            "Disputed",
            "2",
            "✗",
            "#D55E00",
            "wave",
            "contradicted or contested",
            True,
        ),
        StatusLook(
            ClaimStatus.SPECULATIVE,
            "Speculative",
            "3",
            "?",
            "#CC79A7",
            "dash",
            "forecast, hedged or unverifiable",
            True,
        ),
        StatusLook(
            ClaimStatus.UNREVIEWED,
            "Unreviewed",
            "0",
            "○",
            "#56B4E9",
            "dot",
            "not checked yet",
            False,
        ),
        StatusLook(
            ClaimStatus.DISMISSED,
            "Dismissed",
            "D",
            "–",
            "#8A8A8A",
            "strike",
            "not a factual claim",
            False,
            False,
        ),
    )
}


def look(status: str) -> StatusLook:
    """The look of a status; an unknown value (a newer library) shows as unreviewed."""
    return LOOKS.get(status, LOOKS[ClaimStatus.UNREVIEWED])


REVIEW_LABELS: dict[str, str] = {
    ReviewState.DRAFT.value: "Draft",
    ReviewState.NEEDS_REVIEW.value: "Needs review",
    ReviewState.APPROVED.value: "Approved",
}
STANCE_LABELS: dict[str, str] = {
    Stance.SUPPORTS.value: "Supports",
    Stance.REFUTES.value: "Refutes",
    Stance.CONTEXT.value: "Context",
}


def default_stance(status: str) -> str:
    """The stance new evidence most likely takes under this verdict: refuting a disputed claim."""
    return Stance.REFUTES.value if status == ClaimStatus.DISPUTED else Stance.SUPPORTS.value


VERDICTS = frozenset(s for s, one in LOOKS.items() if one.verdict)
WORK = frozenset(s for s, one in LOOKS.items() if one.work)


def is_reviewed(status: str) -> bool:
    return status in VERDICTS


def is_work(status: str) -> bool:
    """False for dismissed claims: false detections stay visible but are no work to do."""
    return status in WORK


def percent(part: int, whole: int) -> int | None:
    """A whole-number percentage, or None when there is nothing to count."""
    return round(100 * part / whole) if whole else None


class StatusCounts:
    """The roll-up rule every summary shares (README "Which claims count").

    Claims to check (`total`) are every claim but dismissed ones; `reviewed` are those with a
    verdict (sourced, disputed, speculative); `approved` counts approved claims to check only,
    so a dismissed claim approved by an editor adds nothing. Mixed into frozen dataclasses
    that have `counts` (status -> claims) and `approved`.
    """

    __slots__ = ()
    counts: Mapping[str, int]
    approved: int

    @property
    def total(self) -> int:
        """Claims a reviewer has to look at."""
        return sum(n for status, n in self.counts.items() if is_work(status))

    @property
    def reviewed(self) -> int:
        return sum(n for status, n in self.counts.items() if is_reviewed(status))

    @property
    def pct_reviewed(self) -> int | None:
        return percent(self.reviewed, self.total)

    @property
    def pct_approved(self) -> int | None:
        return percent(self.approved, self.total)


@dataclass(frozen=True, slots=True)
class Rollup(StatusCounts):
    """Claims per status (every status, zero included) and per sign-off of the claims to check."""

    counts: Mapping[str, int]
    by_review_state: Mapping[str, int]

    @property
    def approved(self) -> int:  # type: ignore[override]  # a field in other summaries
        return self.by_review_state[ReviewState.APPROVED]

    @property
    def needs_review(self) -> int:
        return self.by_review_state[ReviewState.NEEDS_REVIEW]


# Read once: an enum member's .value is a descriptor call, and the dashboard rolls up
# 10,000 articles.
_STATUS_VALUES = tuple(s.value for s in ClaimStatus)
_REVIEW_VALUES = tuple(s.value for s in ReviewState)


def rollup(claims: Iterable[tuple[str, str, int]]) -> Rollup:
    """The one roll-up: (status, review state, number of claims) rows, in any grouping."""
    counts = dict.fromkeys(_STATUS_VALUES, 0)
    states = dict.fromkeys(_REVIEW_VALUES, 0)
    for status, state, n in claims:
        counts[status] = counts.get(status, 0) + n
        if is_work(status):
            states[state] = states.get(state, 0) + n
    return Rollup(counts, states)
