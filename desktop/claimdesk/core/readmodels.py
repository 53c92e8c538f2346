"""The read model: one frozen snapshot per entity, used by the window, the reports and `--json`.

Built from ORM objects inside a read session, then safe anywhere: no session behind them, so
they can be handed between threads. Each has one mapper here; core.serialize turns them into
the JSON export's shapes, core.statuses holds the labels and the roll-up rule.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import Row, func, inspect, select
from sqlalchemy.orm import Session, object_session

from claimdesk.core.chunks import chunked
from claimdesk.core.models import Article, Claim, ClaimEvent, Evidence, ReviewState
from claimdesk.core.rows import STATUS_ACTION as STATUS_ACTION  # re-exported
from claimdesk.core.rows import ArticleData as ArticleData  # re-exported
from claimdesk.core.rows import ClaimRow as ClaimRow  # re-exported
from claimdesk.core.rows import EventRow as EventRow  # re-exported
from claimdesk.core.rows import EvidenceRow as EvidenceRow  # re-exported
from claimdesk.core.rows import claims_rollup as claims_rollup  # re-exported
from claimdesk.core.rows import reason_pairs


def evidence_row(item: Evidence | Row[Any]) -> EvidenceRow:
    return EvidenceRow(
        id=item.id,
        url=item.url,
        title=item.title or "",
        note=item.note or "",
        stance=item.stance,
        position=item.position,
        added_by=item.added_by,
        added_at=item.added_at,
    )


def event_row(event: ClaimEvent) -> EventRow:
    return EventRow(event.id, event.at, event.actor, event.action, event.before, event.after)


class _Unread(enum.Enum):
    """claim_row's `verdict_by` when the caller has not read it."""

    UNREAD = enum.auto()


def verdict_setters(session: Session, claim_ids: Iterable[str]) -> dict[str, str]:
    """Who set each claim's current status: the actor of its latest status event.

    One query per 500 claims, so a view of thousands of claims does not query per claim.
    Claims never tagged are absent.
    """
    ids = list(dict.fromkeys(claim_ids))
    found: dict[str, str] = {}
    for chunk in chunked(ids):
        latest = (
            select(func.max(ClaimEvent.seq))
            .where(ClaimEvent.action == STATUS_ACTION, ClaimEvent.claim_id.in_(chunk))
            .group_by(ClaimEvent.claim_id)
        )
        query = select(ClaimEvent.claim_id, ClaimEvent.actor).where(ClaimEvent.seq.in_(latest))
        found.update((key, value) for key, value in session.execute(query))
    return found


def claim_rows(
    session: Session, claims: Sequence[Claim], *, events: bool = False
) -> list[ClaimRow]:
    """Snapshots of many claims, reading who set their verdicts in one batch."""
    setters = verdict_setters(session, (c.id for c in claims))
    return [claim_row(c, events=events, verdict_by=setters.get(c.id)) for c in claims]


def _verdict_by(claim: Claim) -> str | None:
    if "events" not in inspect(claim).unloaded:  # history already read (reports): use it
        statuses = [e.actor for e in claim.events if e.action == STATUS_ACTION]
        return statuses[-1] if statuses else None
    session = object_session(claim)
    assert session is not None, "a claim outside a session: pass verdict_by"
    return verdict_setters(session, [claim.id]).get(claim.id)


def claim_row(
    claim: Claim | Row[Any],
    evidence: tuple[EvidenceRow, ...] | None = None,
    *,
    events: bool = False,
    verdict_by: str | _Unread | None = _Unread.UNREAD,
) -> ClaimRow:
    """A claim's snapshot; `evidence` reuses rows already read, `events` adds its history.

    `verdict_by` as read by `verdict_setters`; left out, it is read for this claim alone
    (one query: for many claims use `claim_rows`). `claim` may be a row of the claims
    table's columns (a listing that skips the ORM for speed): then pass evidence and
    verdict_by.
    """
    if verdict_by is _Unread.UNREAD:
        assert isinstance(claim, Claim), "a row of columns: pass verdict_by"
        verdict_by = _verdict_by(claim)
    return ClaimRow(
        id=claim.id,
        article_id=claim.article_id,
        start=claim.start,
        end=claim.end,
        quote=claim.quote,
        status=claim.status,
        origin=claim.origin,
        score=claim.score,
        reasons=reason_pairs(claim.reasons),
        suggestion=claim.suggestion,
        suggestion_cue=claim.suggestion_cue,
        note=claim.note or "",
        reviewer=claim.reviewer,
        review_state=claim.review_state,
        reviewed_by=claim.reviewed_by,
        reviewed_at=claim.reviewed_at,
        created_at=claim.created_at,
        updated_at=claim.updated_at,
        version=claim.version,
        evidence=tuple(map(evidence_row, claim.evidence)) if evidence is None else evidence,
        events=tuple(map(event_row, claim.events)) if events else (),
        note_public=bool(claim.note_public),
        verdict_by=verdict_by,
        self_approved=claim.review_state == ReviewState.APPROVED
        and claim.reviewed_by == verdict_by,
    )


def article_data(
    article: Article,
    claims: Iterable[ClaimRow],
    structure: tuple[tuple[int, int, str], ...] = (),
) -> ArticleData:
    """An article's snapshot with the given claims (all, or those a report chose)."""
    return ArticleData(
        id=article.id,
        title=article.title,
        text=article.text,
        source_url=article.source_url,
        author=article.author,
        published=article.published,
        language=article.language,
        sha256=article.sha256,
        origin=article.origin,
        imported_at=article.imported_at,
        extractor_version=article.extractor_version,
        claims=tuple(sorted(claims, key=lambda c: (c.start, c.end, c.id))),
        structure=structure,
    )
