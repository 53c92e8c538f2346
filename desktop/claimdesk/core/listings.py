"""Claims read a chunk at a time, for listings that write as they read.

`claimdesk claims --json` over 100,000 claims held every claim, its evidence and its
ORM object at once (1.4 GB). Here one SELECT streams the claims table's columns (no ORM
objects: they cost more than the rest together) and each chunk's evidence and verdict
setters are read in one query each, so memory holds one chunk whatever the library's size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from claimdesk.core.models import Claim, Evidence
from claimdesk.core.readmodels import (
    ClaimRow,
    EvidenceRow,
    claim_row,
    evidence_row,
    verdict_setters,
)
from claimdesk.core.services.claims import claims_query

CHUNK = 500
"""Claims held at once; also the ids per IN (...) of the chunk's queries."""


def claim_chunks(
    session: Session,
    *,
    article_id: str | None = None,
    statuses: Iterable[str] | None = None,
    chunk: int | None = None,
    keep: Callable[[Sequence[Row[Any]]], Sequence[Row[Any]]] | None = None,
) -> Iterator[list[ClaimRow]]:
    """list_claims' claims as snapshots, `chunk` (default CHUNK) at a time, in its order
    (article, then text; ties by id, so pages never overlap). Stop reading to stop the query.

    `keep` chooses which of a chunk's rows (the claims table's columns) to map, before their
    evidence and history are read: claims a filter or a page skips cost only their reading.
    """
    query = (
        claims_query(article_id=article_id, statuses=statuses)
        .with_only_columns(*Claim.__table__.columns)
        .order_by(Claim.id)
        .execution_options(yield_per=chunk or CHUNK)
    )
    for rows in session.execute(query).partitions():
        part = keep(rows) if keep else rows
        if not part:
            continue
        ids = [claim.id for claim in part]
        evidence = _evidence(session, ids)
        setters = verdict_setters(session, ids)
        yield [
            claim_row(claim, tuple(evidence.get(claim.id, ())), verdict_by=setters.get(claim.id))
            for claim in part
        ]


def _evidence(session: Session, claim_ids: list[str]) -> dict[str, list[EvidenceRow]]:
    query = (
        select(*Evidence.__table__.columns)
        .where(Evidence.claim_id.in_(claim_ids))
        .order_by(Evidence.claim_id, Evidence.position)
    )
    found: dict[str, list[EvidenceRow]] = {}
    for item in session.execute(query):
        found.setdefault(item.claim_id, []).append(evidence_row(item))
    return found
