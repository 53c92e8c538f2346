"""`claimdesk claims` as it is printed: claims read a chunk at a time, as plain dicts.

Listing 100,000 claims through ORM objects held them all at once (1.4 GB); through the shared
snapshots (readmodels.ClaimRow, then serialize.claim_dict) and SQLAlchemy's result rows it
ran at 5,000 claims a second. Here one SELECT streams the claims table's columns as the
driver's own tuples, in the listing's order, which groups them by article: each article's
highlighted claims are decided as its rows go by, from its stored word count and cut-off,
read by a second SELECT walked alongside. Each chunk's evidence is read in one query, so
memory holds one chunk (or one article's claims, if longer) whatever the library's size.
The dicts are claim_dict's (plus `article_id` and `highlighted`): a test holds them equal.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable, Iterator
from itertools import groupby
from operator import itemgetter
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from claimdesk.core.highlights import BASIS_COLUMNS, basis, chosen
from claimdesk.core.models import Article, Claim, Evidence, UTCDateTime
from claimdesk.core.serialize import CLAIM_FIELDS, EVIDENCE_FIELDS, iso
from claimdesk.core.services.claims import claims_query

CHUNK = 500
"""Claims held at once; also the ids per IN (...) of a chunk's evidence query."""

_COLUMNS = [Claim.__table__.c[name] for name in (*CLAIM_FIELDS, "reasons", "article_id")]
_ID, _STATUS, _ORIGIN, _SCORE = (CLAIM_FIELDS.index(n) for n in ("id", "status", "origin", "score"))
_REASONS, _ARTICLE = len(CLAIM_FIELDS), len(CLAIM_FIELDS) + 1
_TIMES = tuple(c.name for c in _COLUMNS if isinstance(c.type, UTCDateTime))
_EVIDENCE_FIELD_COLUMNS = [Evidence.__table__.c[name] for name in EVIDENCE_FIELDS]
_EVIDENCE_COLUMNS = [Evidence.__table__.c.claim_id, *_EVIDENCE_FIELD_COLUMNS]
_EVIDENCE_TIMES = tuple(c.name for c in _EVIDENCE_FIELD_COLUMNS if isinstance(c.type, UTCDateTime))

_SQLITE = sqlite.dialect()
Listed = tuple[tuple[Any, ...], bool]  # a claims row and whether it is highlighted


def claim_listing(
    session: Session,
    *,
    article_id: str | None = None,
    statuses: Iterable[str] | None = None,
    candidates: bool = False,
    offset: int = 0,
    limit: int | None = None,
    chunk: int | None = None,
) -> Iterator[list[dict[str, Any]]]:
    """list_claims' claims, the highlighted ones only unless `candidates`, `offset` of them
    skipped and `limit` at most, `chunk` (default CHUNK) at a time, in its order (article,
    then text; ties by id, so pages never overlap). Stop reading to stop the query.

    Claims skipped (not highlighted, before the offset) cost only their reading.
    """
    size = chunk or CHUNK
    claims = claims_query(article_id=article_id, statuses=statuses)
    rows = _tuples(session, claims.with_only_columns(*_COLUMNS).order_by(Claim.id))
    facts = select(Article.id, *BASIS_COLUMNS).order_by(Article.id)
    if article_id is not None:
        facts = facts.where(Article.id == article_id)
    bases = _tuples(session, facts)  # in the claims' article order: walked alongside them
    page: list[Listed] = []
    skip, left = offset, limit
    for article, group in groupby(rows, key=itemgetter(_ARTICLE)):
        found = list(group)
        words, cut = basis(*next(b for b in bases if b[0] == article)[1:])
        shown = chosen(
            ((r[_ID], r[_SCORE], r[_STATUS], r[_ORIGIN]) for r in found), words=words, cut=cut
        )
        listed = [(r, r[_ID] in shown) for r in found if candidates or r[_ID] in shown]
        listed, skip = listed[skip:], max(0, skip - len(listed))
        if left is not None:
            listed, left = listed[:left], max(0, left - len(listed))
        page += listed
        while len(page) >= size:
            yield _records(session, page[:size])
            del page[:size]
        if left == 0:
            break
    if page:
        yield _records(session, page)


def _tuples(session: Session, query: Select[Any]) -> Iterator[tuple[Any, ...]]:
    """The query's rows as the driver's plain tuples, inside the session's transaction: no
    result rows or type processing (most of a long listing's time went there)."""
    sql, params = _positional(query)
    cursor = _driver(session).execute(sql, params)
    cursor.arraysize = CHUNK
    while rows := cursor.fetchmany():
        yield from rows


def _positional(query: Select[Any]) -> tuple[str, list[Any]]:
    """The query's SQL and parameters for the driver; for parameters of strings and numbers,
    which the driver takes as they are."""
    compiled = query.compile(dialect=_SQLITE, compile_kwargs={"render_postcompile": True})
    named = compiled.params
    return str(compiled), [named[name] for name in compiled.positiontup or ()]


def _driver(session: Session) -> Any:
    driver = session.connection().connection.driver_connection
    assert driver is not None
    return driver


def _records(session: Session, page: list[Listed]) -> list[dict[str, Any]]:
    evidence = _evidence(session, [row[_ID] for row, _ in page])
    return [_record(row, evidence.get(row[_ID], []), shown) for row, shown in page]


def _record(row: tuple[Any, ...], evidence: list[dict[str, Any]], shown: bool) -> dict[str, Any]:
    """claim_dict(claim_row(claim), article_id=True) plus `highlighted`, from a claims row."""
    item = dict(zip(CLAIM_FIELDS, row, strict=False))
    for name in _TIMES:
        item[name] = _iso(item[name])
    item["note"] = item["note"] or ""
    reasons = row[_REASONS]
    item["reasons"] = [
        {"kind": str(r.get("kind", "")), "text": str(r.get("text", ""))}
        for r in (json.loads(reasons) if reasons is not None else None) or ()
    ]
    item["evidence"] = evidence
    item["article_id"] = row[_ARTICLE]
    item["highlighted"] = shown
    return item


def _evidence(session: Session, claim_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for row in _driver(session).execute(_evidence_sql(len(claim_ids)), claim_ids):
        item = dict(zip(EVIDENCE_FIELDS, row[1:], strict=True))
        item["title"] = item["title"] or ""
        item["note"] = item["note"] or ""
        for name in _EVIDENCE_TIMES:
            item[name] = _iso(item[name])
        found.setdefault(row[0], []).append(item)
    return found


@functools.lru_cache(maxsize=4)
def _evidence_sql(ids: int) -> str:
    """The evidence query for this many claim ids, compiled once a length (a chunk's query
    compiled anew cost as much as running it)."""
    query = (
        select(*_EVIDENCE_COLUMNS)
        .where(Evidence.claim_id.in_([""] * ids))
        .order_by(Evidence.claim_id, Evidence.position)
    )
    return _positional(query)[0]


def _iso(stored: str | None) -> str | None:
    """A UTC time as SQLite holds it ("2025-01-01 09:30:00.000000"), as `serialize.iso`
    writes the aware datetime the ORM would have read: rewritten as text in the usual form
    (a fifth of the time of parsing it), parsed otherwise."""
    if stored is None:
        return None
    if len(stored) == 26 and stored[10] == " " and stored[19] == ".":
        fraction = "" if stored.endswith("000000") else stored[19:]
        return f"{stored[:10]}T{stored[11:19]}{fraction}+00:00"
    return iso(dt.datetime.fromisoformat(stored).replace(tzinfo=dt.UTC))
