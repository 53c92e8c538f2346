"""An article's rows, whole, as JSON: the backup a delete keeps and a restore puts back.

The rows are read and written as table rows, column by column, not through the ORM: the
ORM would give a restored claim a new version and its events new numbers, and restoring
must put back exactly what was there (ids, versions, times, history).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Date, Table, insert, select
from sqlalchemy.orm import Session

from claimdesk.core.highlights import word_count
from claimdesk.core.models import Base, UTCDateTime

FORMAT = 1
_ARTICLES = Base.metadata.tables["articles"]
_CLAIMS = Base.metadata.tables["claims"]
_EVIDENCE = Base.metadata.tables["evidence"]
_EVENTS = Base.metadata.tables["claim_events"]
_REJECTED = Base.metadata.tables["rejected_matches"]  # "not the same claim": reviewers' work too
Row = dict[str, Any]


def snapshot(session: Session, article_id: str) -> dict[str, Any]:
    """Every row that belongs to the article, in JSON-ready form."""
    claim_ids = select(_CLAIMS.c.id).where(_CLAIMS.c.article_id == article_id)
    return {
        "format": FORMAT,
        "article": _dump(session, _ARTICLES, _ARTICLES.c.id == article_id)[0],
        "claims": _dump(session, _CLAIMS, _CLAIMS.c.article_id == article_id),
        "evidence": _dump(session, _EVIDENCE, _EVIDENCE.c.claim_id.in_(claim_ids)),
        "events": _dump(session, _EVENTS, _EVENTS.c.claim_id.in_(claim_ids)),
        "rejected_matches": _dump(session, _REJECTED, _REJECTED.c.claim_id.in_(claim_ids)),
    }


def put_back(session: Session, saved: dict[str, Any]) -> None:
    """Insert the snapshot's rows again, ids, versions and event numbers included.

    An event number taken meanwhile (SQLite hands out the numbers of deleted rows again)
    makes the article's events take new numbers, in their old order; their ids stay.
    """
    if saved.get("format") != FORMAT:
        raise ValueError(f"unknown backup format {saved.get('format')!r}")
    events = [_load(_EVENTS, row) for row in saved["events"]]
    if _numbers_taken(session, [row["seq"] for row in events]):
        events = [{k: v for k, v in row.items() if k != "seq"} for row in events]
    article = _load(_ARTICLES, saved["article"])
    if article.get("word_count") is None:  # a backup made before articles kept it
        article["word_count"] = word_count(article["text"])
    for table, rows in (
        (_ARTICLES, [article]),
        (_CLAIMS, [_load(_CLAIMS, row) for row in saved["claims"]]),
        (_EVIDENCE, [_load(_EVIDENCE, row) for row in saved["evidence"]]),
        (_EVENTS, events),
        # Absent from backups made before they were kept.
        (_REJECTED, [_load(_REJECTED, row) for row in saved.get("rejected_matches", [])]),
    ):
        if rows:
            session.execute(insert(table), rows)


def _numbers_taken(session: Session, numbers: list[int]) -> bool:
    if not numbers:
        return False
    query = select(_EVENTS.c.seq).where(_EVENTS.c.seq.between(min(numbers), max(numbers)))
    return not set(numbers).isdisjoint(session.scalars(query))


def _dump(session: Session, table: Table, where: Any) -> list[Row]:
    order = list(table.primary_key.columns)
    rows = session.execute(select(table).where(where).order_by(*order)).mappings()
    return [{key: _json_value(value) for key, value in row.items()} for row in rows]


def _json_value(value: object) -> object:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _load(table: Table, row: Row) -> Row:
    """A dumped row with its times and dates typed again; columns unknown here are left out."""
    out: Row = {}
    for name, value in row.items():
        column = table.columns.get(name)
        if column is None:
            continue
        if value is not None and isinstance(column.type, UTCDateTime):
            value = dt.datetime.fromisoformat(value)
        elif value is not None and isinstance(column.type, Date):
            value = dt.date.fromisoformat(value)
        out[name] = value
    return out
