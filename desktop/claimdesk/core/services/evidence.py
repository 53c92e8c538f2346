"""Evidence links attached to a claim, each with a note and a stance.

The evidence of an approved claim is what was approved: it is locked like the claim.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claimdesk.core.errors import NotFoundError, ValidationError
from claimdesk.core.models import Evidence, Stance
from claimdesk.core.services.history import load_claim, record
from claimdesk.core.services.merged_names import canonical_name
from claimdesk.core.signoff import ensure_unlocked
from claimdesk.core.urls import normalise_url


def parse_stance(value: str) -> str:
    try:
        return Stance(value.strip().lower()).value
    except ValueError:
        allowed = ", ".join(s.value for s in Stance)
        raise ValidationError("stance", f"'{value}' is not one of {allowed}") from None


def snapshot(evidence: Evidence) -> dict[str, str | int]:
    """Everything needed to recreate the evidence exactly (used by history and undo)."""
    return {
        "id": evidence.id,
        "url": evidence.url,
        "title": evidence.title,
        "note": evidence.note,
        "stance": evidence.stance,
        "position": evidence.position,
    }


def add_evidence(
    session: Session,
    claim_id: str,
    url: str,
    *,
    actor: str,
    title: str = "",
    note: str = "",
    stance: str = Stance.SUPPORTS.value,
    expected_version: int | None = None,
    evidence_id: str | None = None,
    position: int | None = None,
) -> Evidence:
    """Attach a link; `evidence_id` and `position` let undo restore a removed item exactly."""
    clean_url = normalise_url(url)
    clean_stance = parse_stance(stance)
    claim = load_claim(session, claim_id, expected_version)
    ensure_unlocked(claim, "add evidence")
    if position is None:
        last = session.scalar(
            select(func.max(Evidence.position)).where(Evidence.claim_id == claim.id)
        )
        position = 0 if last is None else last + 1
    item = Evidence(
        claim=claim,
        url=clean_url,
        title=title.strip(),
        note=note.strip(),
        stance=clean_stance,
        position=position,
        added_by=canonical_name(session, actor),
    )
    if evidence_id is not None:
        item.id = evidence_id
    session.add(item)
    session.flush()
    record(session, claim, actor, "evidence_added", None, snapshot(item))
    session.flush()
    return item


def update_evidence(
    session: Session,
    evidence_id: str,
    *,
    actor: str,
    url: str | None = None,
    title: str | None = None,
    note: str | None = None,
    stance: str | None = None,
    expected_version: int | None = None,
) -> Evidence:
    """Change any of url, title, note and stance; fields left None stay as they are."""
    item = _load(session, evidence_id)
    claim = load_claim(session, item.claim_id, expected_version)
    before = snapshot(item)
    if url is not None:
        item.url = normalise_url(url)
    if title is not None:
        item.title = title.strip()
    if note is not None:
        item.note = note.strip()
    if stance is not None:
        item.stance = parse_stance(stance)
    after = snapshot(item)
    if after != before:
        ensure_unlocked(claim, "change its evidence")
        record(session, claim, actor, "evidence_changed", before, after)
        session.flush()
    return item


def remove_evidence(
    session: Session, evidence_id: str, *, actor: str, expected_version: int | None = None
) -> dict[str, str | int]:
    """Remove a link; returns its snapshot so the caller can offer undo."""
    item = _load(session, evidence_id)
    claim = load_claim(session, item.claim_id, expected_version)
    ensure_unlocked(claim, "remove evidence")
    before = snapshot(item)
    record(session, claim, actor, "evidence_removed", before, None)
    session.delete(item)
    session.flush()
    return before


def _load(session: Session, evidence_id: str) -> Evidence:
    item = session.get(Evidence, evidence_id)
    if item is None:
        raise NotFoundError(f"evidence {evidence_id}: no such evidence in this database")
    return item
