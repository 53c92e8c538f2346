"""Store extraction results without ever touching a reviewer's work."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from claimdesk.core.extraction.extractor import Candidate
from claimdesk.core.models import (
    Article,
    Claim,
    ClaimEvent,
    ClaimOrigin,
    ClaimStatus,
    ReviewState,
    new_id,
    utcnow,
)
from claimdesk.core.reviewer import EXTRACTOR_ACTOR
from claimdesk.core.services.history import record

INSERT_ROWS = 1000  # claims per bulk insert


@dataclass(frozen=True, slots=True)
class ExtractionOutcome:
    added: int
    updated: int
    removed: int
    kept: int  # claims a person has worked on, left exactly as they were


def is_protected(claim: Claim) -> bool:
    """A claim a person made, tagged, dismissed, annotated or signed off is never re-extracted."""
    return (
        claim.origin == ClaimOrigin.MANUAL.value
        or claim.status != ClaimStatus.UNREVIEWED.value
        or claim.review_state != ReviewState.DRAFT.value
        or bool(claim.note)
        or bool(claim.evidence)
    )


def apply_candidates(
    session: Session,
    article: Article,
    candidates: Sequence[Candidate],
    extractor_version: str,
    highlight_cut: float | None = None,
) -> ExtractionOutcome:
    """Merge fresh candidates into an article's claims, idempotently.

    Untouched detected claims are refreshed to match the new candidates (added, rescored or
    removed); protected claims stay, and a candidate overlapping any of them is dropped.
    `highlight_cut` is that of the model that rated them (None: the cut-off of the model
    the version names, worked out when read).
    """
    protected = [c for c in article.claims if is_protected(c)]
    untouched = {(c.start, c.end): c for c in article.claims if not is_protected(c)}
    overlaps_protected = _overlap_test([(c.start, c.end) for c in protected])
    updated = 0
    wanted: set[tuple[int, int]] = set()
    new_claims: list[Candidate] = []
    for cand in candidates:
        if overlaps_protected(cand.start, cand.end):
            continue
        key = (cand.start, cand.end)
        wanted.add(key)
        claim = untouched.get(key)
        if claim is None:
            new_claims.append(cand)
            continue
        fields = _fields(cand)
        if any(getattr(claim, name) != value for name, value in fields.items()):
            before = {name: getattr(claim, name) for name in fields}
            for name, value in fields.items():
                setattr(claim, name, value)
            record(session, claim, EXTRACTOR_ACTOR, "rescored", before, fields)
            updated += 1
    stale = [claim for key, claim in untouched.items() if key not in wanted]
    for claim in stale:
        session.delete(claim)
    _insert_new(session, article, new_claims)
    article.extractor_version = extractor_version
    article.highlight_cut = highlight_cut
    session.flush()
    return ExtractionOutcome(len(new_claims), updated, len(stale), len(protected))


def _overlap_test(spans: Sequence[tuple[int, int]]) -> Callable[[int, int], bool]:
    """Whether [start, end) overlaps any of the spans, in log time.

    A big article re-extracted brings thousands of candidates against thousands of
    reviewed claims: testing each against each took minutes.
    """
    ordered = sorted(spans)
    starts = [start for start, _ in ordered]
    furthest = list(accumulate((end for _, end in ordered), max))  # max end of the first i+1

    def overlaps(start: int, end: int) -> bool:
        before = bisect_left(starts, end)  # the spans that start before this one ends
        return before > 0 and furthest[before - 1] > start

    return overlaps


def _insert_new(session: Session, article: Article, new: list[Candidate]) -> None:
    """New claims and their "created" events as bulk inserts of bounded size, not ORM objects.

    A 2 MB article brings thousands of claims; as ORM objects they cost the window 80 MB.
    A 15 MB one brings 50,000: the rows of one insert for all of them took 150 MB more.
    Their fields too are built an insert at a time.
    """
    now = utcnow()
    for first in range(0, len(new), INSERT_ROWS):
        claims: list[dict[str, Any]] = []
        events: list[dict[str, Any]] = []
        for cand in new[first : first + INSERT_ROWS]:
            fields = _fields(cand)
            claim_id = new_id()
            span = _span(cand)
            claims.append(
                {**fields, **span, "id": claim_id, "article_id": article.id, "quote": cand.quote}
                | {"note": "", "version": 1, "created_at": now, "updated_at": now}
            )
            events.append(
                {"claim_id": claim_id, "at": now, "actor": EXTRACTOR_ACTOR, "action": "created"}
                | {"before": None, "after": {**fields, **span}}
            )
        session.execute(insert(Claim), claims)
        session.execute(insert(ClaimEvent), events)
    if new:
        session.expire(article, ["claims"])  # the loaded collection does not know the new rows


def _fields(cand: Candidate) -> dict[str, object]:
    return {
        "score": round(cand.score, 4),
        "reasons": [{"kind": r.kind, "text": r.text} for r in cand.reasons],
        "suggestion": cand.suggestion,
        "suggestion_cue": cand.cue,
        "origin": ClaimOrigin.EXTRACTED.value,
    }


def _span(cand: Candidate) -> dict[str, int]:
    return {"start": cand.start, "end": cand.end}
