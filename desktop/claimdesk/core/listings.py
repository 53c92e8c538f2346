"""`claimdesk claims`: claims read a chunk at a time, as the driver's plain rows.

Listing 100,000 claims through ORM objects held them all at once (1.4 GB); through the shared
snapshots (readmodels.ClaimRow, then serialize.claim_dict) and SQLAlchemy's result rows it
ran at 5,000 claims a second. Here one SELECT streams the claims table's columns as the
driver's own tuples, in the listing's order, which groups them by article: each article's
highlighted claims are decided as its rows go by, from its stored word count and cut-off,
read by a second SELECT walked alongside. Each chunk's evidence is read in one query, so
memory holds one chunk (or one article's claims, if longer) whatever the library's size.
core.claim_json writes them as claim_dict would.

"Checked before" is read as one more column and filtered on after the highlights are
decided: filtered in SQL, an article's unchecked claims would drop out of the ranking and
let lower-scored checked ones be highlighted.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from itertools import groupby
from operator import itemgetter
from typing import Any, NamedTuple

from sqlalchemy import Select, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from claimdesk.core.factchecks.stored import checked_before
from claimdesk.core.highlight_reads import BASIS_COLUMNS
from claimdesk.core.highlights import basis, chosen
from claimdesk.core.models import Article, Claim, Evidence
from claimdesk.core.serialize import CLAIM_FIELDS, EVIDENCE_FIELDS
from claimdesk.core.services.claims import claims_query

CHUNK = 500
"""Claims held at once; also the ids per IN (...) of a chunk's evidence query."""

ID, STATUS, ORIGIN, SCORE, QUOTE = map(
    CLAIM_FIELDS.index, ("id", "status", "origin", "score", "quote")
)
REASONS, ARTICLE, CHECKED = len(CLAIM_FIELDS), len(CLAIM_FIELDS) + 1, len(CLAIM_FIELDS) + 2
CLAIM_COLUMNS = [Claim.__table__.c[name] for name in (*CLAIM_FIELDS, "reasons", "article_id")]
EVIDENCE_COLUMNS = [Evidence.__table__.c[name] for name in EVIDENCE_FIELDS]

_SQLITE = sqlite.dialect()


class ListedClaim(NamedTuple):
    """A claim as listed: its row, its evidence rows, and whether it is highlighted."""

    row: tuple[Any, ...]  # the claims table's CLAIM_FIELDS, reasons, article_id (, checked)
    evidence: list[tuple[Any, ...]]  # its evidence's EVIDENCE_FIELDS then claim_id, in order
    highlighted: bool

    @property
    def id(self) -> str:
        return str(self.row[ID])

    @property
    def status(self) -> str:
        return str(self.row[STATUS])

    @property
    def score(self) -> float | None:
        return self.row[SCORE]  # type: ignore[no-any-return]

    @property
    def quote(self) -> str:
        return str(self.row[QUOTE])


def claim_listing(
    session: Session,
    *,
    article_id: str | None = None,
    statuses: Iterable[str] | None = None,
    candidates: bool = False,
    checked: bool | None = None,
    offset: int = 0,
    limit: int | None = None,
    chunk: int | None = None,
) -> Iterator[list[ListedClaim]]:
    """list_claims' claims, the highlighted ones only unless `candidates`, only those with
    (True) or without (False) a stored earlier check if `checked` is given, `offset` of them
    skipped and `limit` at most, `chunk` (default CHUNK) at a time, in its order (article,
    then text; ties by id, so pages never overlap). Stop reading to stop the query.

    Claims skipped (not highlighted, before the offset) cost only their reading. A status
    filter never hides a claim the budget ranks a listed one against: only unreviewed,
    extracted claims are ranked, and "unreviewed" is listed whole or not at all.
    """
    size = chunk or CHUNK
    claims = claims_query(article_id=article_id, statuses=statuses)
    columns = [*CLAIM_COLUMNS] if checked is None else [*CLAIM_COLUMNS, checked_before()]
    rows = _tuples(session, claims.with_only_columns(*columns).order_by(Claim.id))
    facts = select(Article.id, *BASIS_COLUMNS).order_by(Article.id)
    if article_id is not None:
        facts = facts.where(Article.id == article_id)
    bases = _tuples(session, facts)  # in the claims' article order: walked alongside them
    page: list[tuple[tuple[Any, ...], bool]] = []
    skip, left = offset, limit
    for article, group in groupby(rows, key=itemgetter(ARTICLE)):
        found = list(group)
        words, cut = basis(*next(b for b in bases if b[0] == article)[1:])
        shown = chosen(
            ((r[ID], r[SCORE], r[STATUS], r[ORIGIN]) for r in found), words=words, cut=cut
        )
        listed = [
            (r, r[ID] in shown)
            for r in found
            if (candidates or r[ID] in shown) and (checked is None or bool(r[CHECKED]) == checked)
        ]
        listed, skip = listed[skip:], max(0, skip - len(listed))
        if left is not None:
            listed, left = listed[:left], max(0, left - len(listed))
        page += listed
        while len(page) >= size:
            yield _listed(session, page[:size])
            del page[:size]
        if left == 0:
            break
    if page:
        yield _listed(session, page)


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


def _listed(session: Session, page: list[tuple[tuple[Any, ...], bool]]) -> list[ListedClaim]:
    ids = [row[ID] for row, _ in page]
    evidence: dict[str, list[tuple[Any, ...]]] = {}
    for item in _driver(session).execute(_evidence_sql(len(ids)), ids):
        evidence.setdefault(item[-1], []).append(item)
    return [ListedClaim(row, evidence.get(row[ID], []), shown) for row, shown in page]


@functools.lru_cache(maxsize=4)
def _evidence_sql(ids: int) -> str:
    """The evidence query for this many claim ids, compiled once a length (a chunk's query
    compiled anew cost as much as running it)."""
    query = (
        select(*EVIDENCE_COLUMNS, Evidence.claim_id)
        .where(Evidence.claim_id.in_([""] * ids))
        .order_by(Evidence.claim_id, Evidence.position)
    )
    return _positional(query)[0]
