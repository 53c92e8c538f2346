"""The stance an earlier verdict takes as evidence for a claim it matches.

Publishers word their ratings freely ("Pants on Fire!", "Mostly True", "Miscaptioned"), so
the rating is read by its words: a mixed or qualified verdict first (it would otherwise be
read by its "true" or "false"), then a false-like one, then a true-like one. Anything else
is context: the reviewer can still change the stance of the evidence afterwards.
"""

from __future__ import annotations

from claimdesk.core.enums import ClaimStatus, Stance

_MIXED = (
    "half",
    "mix",
    "partly",
    "partially",
    "unproven",
    "unverified",
    "outdated",
    "satire",
    "miscaptioned",
    "context",
    "legend",
)
_FALSE = (
    "false",
    "fake",
    "pants on fire",
    "incorrect",
    "inaccurate",
    "untrue",
    "not true",
    "wrong",
    "hoax",
    "scam",
    "fabricat",
    "misleading",
    "disputed",
    "debunk",
    "distort",
    "exaggerat",
    "pinocchio",
    "baseless",
    "no evidence",
)
_TRUE = ("true", "correct", "accurate", "verified", "confirmed")
_BY_STATUS = {ClaimStatus.DISPUTED: Stance.REFUTES, ClaimStatus.SOURCED: Stance.SUPPORTS}


def stance_for(kind: str, rating: str) -> str:
    """Refutes under a false-like verdict, supports under a true-like one, else context.

    `kind` is a match's: "claim" (the rating is a Claimdesk status) or "factcheck".
    """
    if kind == "claim":
        return _BY_STATUS.get(ClaimStatus(rating), Stance.CONTEXT).value
    words = " ".join(rating.lower().split())
    for found, stance in ((_MIXED, Stance.CONTEXT), (_FALSE, Stance.REFUTES)):
        if any(w in words for w in found):
            return stance.value
    return (Stance.SUPPORTS if any(w in words for w in _TRUE) else Stance.CONTEXT).value
