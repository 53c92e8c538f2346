"""Store extraction results without ever touching a reviewer's work."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from claimdesk.core.extraction.extractor import Candidate
from claimdesk.core.models import Article, Claim, ClaimOrigin, ClaimStatus, ReviewState
from claimdesk.core.services.history import record

EXTRACTOR_ACTOR = "claimdesk extractor"


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
    session: Session, article: Article, candidates: Sequence[Candidate], extractor_version: str
) -> ExtractionOutcome:
    """Merge fresh candidates into an article's claims, idempotently.

    Untouched detected claims are refreshed to match the new candidates (added, rescored or
    removed); protected claims stay, and a candidate overlapping any of them is dropped.
    """
    protected = [c for c in article.claims if is_protected(c)]
    untouched = {(c.start, c.end): c for c in article.claims if not is_protected(c)}
    added = updated = 0
    wanted: set[tuple[int, int]] = set()
    for cand in candidates:
        if any(cand.start < p.end and p.start < cand.end for p in protected):
            continue
        key = (cand.start, cand.end)
        wanted.add(key)
        fields = _fields(cand)
        claim = untouched.get(key)
        if claim is None:
            claim = Claim(
                article=article, start=cand.start, end=cand.end, quote=cand.quote, note=""
            )
            for name, value in fields.items():
                setattr(claim, name, value)
            session.add(claim)
            record(session, claim, EXTRACTOR_ACTOR, "created", None, {**fields, **_span(cand)})
            added += 1
        elif any(getattr(claim, name) != value for name, value in fields.items()):
            before = {name: getattr(claim, name) for name in fields}
            for name, value in fields.items():
                setattr(claim, name, value)
            record(session, claim, EXTRACTOR_ACTOR, "rescored", before, fields)
            updated += 1
    stale = [claim for key, claim in untouched.items() if key not in wanted]
    for claim in stale:
        session.delete(claim)
    article.extractor_version = extractor_version
    session.flush()
    return ExtractionOutcome(added, updated, len(stale), len(protected))


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
