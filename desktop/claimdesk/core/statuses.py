"""How each claim status is named and shown, shared by the window and every report.

Colours are from the Okabe-Ito palette, and each status also has its own line style and
symbol, so colour is never the only signal and a printed report reads like the window.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from claimdesk.core.models import ClaimStatus


@dataclass(frozen=True, slots=True)
class StatusLook:
    status: str
    label: str
    key: str  # the key that sets it in the window
    symbol: str
    colour: str
    line: str  # solid, wave, dash, dot or strike
    meaning: str


LOOKS: dict[str, StatusLook] = {
    look.status: look
    for look in (
        StatusLook(
            ClaimStatus.SOURCED, "Sourced", "1", "✓", "#009E73", "solid", "backed by cited evidence"
        ),
        StatusLook(
            ClaimStatus.DISPUTED,
            "Disputed",
            "2",
            "✗",
            "#D55E00",
            "wave",
            "contradicted or contested",
        ),
        StatusLook(
            ClaimStatus.SPECULATIVE,
            "Speculative",
            "3",
            "?",
            "#CC79A7",
            "dash",
            "forecast, hedged or unverifiable",
        ),
        StatusLook(
            ClaimStatus.UNREVIEWED, "Unreviewed", "0", "○", "#56B4E9", "dot", "not checked yet"
        ),
        StatusLook(
            ClaimStatus.DISMISSED, "Dismissed", "D", "–", "#8A8A8A", "strike", "not a factual claim"
        ),
    )
}


def look(status: str) -> StatusLook:
    """The look of a status; an unknown value (a newer library) shows as unreviewed."""
    return LOOKS.get(status, LOOKS[ClaimStatus.UNREVIEWED])


def percent(part: int, whole: int) -> int | None:
    """A whole-number percentage, or None when there is nothing to count."""
    return round(100 * part / whole) if whole else None


class StatusCounts:
    """The roll-up rules every summary shares: dismissed claims are false detections, not work.

    Mixed into frozen dataclasses that have `counts` (status -> claims) and `approved`.
    """

    __slots__ = ()
    counts: Mapping[str, int]
    approved: int

    @property
    def total(self) -> int:
        """Claims a reviewer has to look at."""
        return sum(n for status, n in self.counts.items() if status != ClaimStatus.DISMISSED)

    @property
    def reviewed(self) -> int:
        skip = (ClaimStatus.UNREVIEWED, ClaimStatus.DISMISSED)
        return sum(n for status, n in self.counts.items() if status not in skip)

    @property
    def pct_reviewed(self) -> int | None:
        return percent(self.reviewed, self.total)

    @property
    def pct_approved(self) -> int | None:
        return percent(self.approved, self.total)
