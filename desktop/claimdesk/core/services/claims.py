"""Claim use cases: create, tag, annotate, re-span and sign off claims."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from claimdesk.core.errors import NotFoundError, ValidationError
from claimdesk.core.models import Article, Claim, ClaimOrigin, ClaimStatus, ReviewState, utcnow
from claimdesk.core.services.history import load_claim, record


def list_claims(
    session: Session,
    *,
    article_id: str | None = None,
    statuses: Iterable[str] | None = None,
) -> list[Claim]:
    """Claims in article and text order, optionally of one article and some statuses."""
    query = select(Claim).order_by(Claim.article_id, Claim.start, Claim.end)
    if article_id is not None:
        query = query.where(Claim.article_id == article_id)
    if statuses is not None:
        query = query.where(Claim.status.in_([parse_status(s) for s in statuses]))
    return list(session.scalars(query))


def parse_status(value: str) -> str:
    try:
        return ClaimStatus(value.strip().lower()).value
    except ValueError:
        allowed = ", ".join(s.value for s in ClaimStatus)
        raise ValidationError("status", f"'{value}' is not one of {allowed}") from None


def parse_review_state(value: str) -> str:
    try:
        return ReviewState(value.strip().lower()).value
    except ValueError:
        allowed = ", ".join(s.value for s in ReviewState)
        raise ValidationError("review state", f"'{value}' is not one of {allowed}") from None


def check_span(text: str, start: int, end: int) -> None:
    """Refuse a span outside the text or one that holds only white space."""
    if not 0 <= start < end <= len(text):
        raise ValidationError(
            "span", f"{start}..{end} is outside the article text (0..{len(text)})"
        )
    if not text[start:end].strip():
        raise ValidationError("span", "selects only white space")


def add_claim(
    session: Session,
    article_id: str,
    start: int,
    end: int,
    *,
    actor: str,
    origin: str = ClaimOrigin.MANUAL.value,
    claim_id: str | None = None,
) -> Claim:
    """Add a claim over text[start:end] of an article (a reviewer's selection, usually)."""
    article = session.get(Article, article_id)
    if article is None:
        raise NotFoundError(f"article {article_id}: no such article in this database")
    check_span(article.text, start, end)
    claim = Claim(
        article=article,
        start=start,
        end=end,
        quote=article.text[start:end],
        origin=ClaimOrigin(origin).value,
        reasons=[],
        note="",
        reviewer=actor,
    )
    if claim_id is not None:
        claim.id = claim_id
    session.add(claim)
    record(session, claim, actor, "created", None, {"start": start, "end": end, "origin": origin})
    session.flush()
    return claim


def delete_claim(
    session: Session, claim_id: str, *, actor: str, expected_version: int | None = None
) -> None:
    """Delete a claim a reviewer created by hand; detected claims are dismissed instead."""
    claim = load_claim(session, claim_id, expected_version)
    if claim.origin != ClaimOrigin.MANUAL.value:
        raise ValidationError("claim", "only claims added by hand can be deleted; dismiss it")
    session.delete(claim)
    session.flush()


def set_status(
    session: Session,
    claim_id: str,
    status: str,
    *,
    actor: str,
    expected_version: int | None = None,
) -> Claim:
    """Tag a claim (sourced, disputed, speculative, unreviewed or dismissed)."""
    value = parse_status(status)
    claim = load_claim(session, claim_id, expected_version)
    if claim.status != value:
        record(session, claim, actor, "status", claim.status, value)
        claim.status = value
        claim.reviewer = actor
        session.flush()
    return claim


def set_note(
    session: Session,
    claim_id: str,
    note: str,
    *,
    actor: str,
    expected_version: int | None = None,
) -> Claim:
    claim = load_claim(session, claim_id, expected_version)
    if claim.note != note:
        record(session, claim, actor, "note", claim.note, note)
        claim.note = note
        claim.reviewer = actor
        session.flush()
    return claim


def set_span(
    session: Session,
    claim_id: str,
    start: int,
    end: int,
    *,
    actor: str,
    expected_version: int | None = None,
) -> Claim:
    """Move a claim's boundaries; its quote follows the article text."""
    claim = load_claim(session, claim_id, expected_version)
    check_span(claim.article.text, start, end)
    if (claim.start, claim.end) != (start, end):
        before = {"start": claim.start, "end": claim.end}
        record(session, claim, actor, "span", before, {"start": start, "end": end})
        claim.start, claim.end = start, end
        claim.quote = claim.article.text[start:end]
        claim.reviewer = actor
        session.flush()
    return claim


def set_review_state(
    session: Session,
    claim_id: str,
    state: str,
    *,
    actor: str,
    expected_version: int | None = None,
) -> Claim:
    """The editor's sign-off: who moved the claim to which state, and when."""
    value = parse_review_state(state)
    claim = load_claim(session, claim_id, expected_version)
    if claim.review_state != value:
        record(session, claim, actor, "review_state", claim.review_state, value)
        claim.review_state = value
        claim.reviewed_by = actor
        claim.reviewed_at = utcnow()
        session.flush()
    return claim
