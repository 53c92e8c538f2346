"""How each claim status is named and shown, shared by the window and every report.

Colours are from the Okabe-Ito palette, and each status also has its own line style and
symbol, so colour is never the only signal and a printed report reads like the window.
"""

from __future__ import annotations

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
