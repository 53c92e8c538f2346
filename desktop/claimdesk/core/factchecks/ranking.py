"""Two stages: FTS5 bm25 picks candidates, the n-gram re-ranker orders them.

Fact-checks and the library's reviewed claims are searched in their own indexes (bm25 of two
indexes is not comparable, so each is scaled by its own best hit) and re-ranked together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import Connection

from claimdesk.core.factchecks.terms import fts_query, search_terms

CANDIDATES = 30  # per index; MAP@5 on the training queries is flat from 20 to 50
BM25_WEIGHT = 0.1  # the rest is the n-gram cosine; tuned on the training queries
# Marks around the words FTS5 matched (after stemming), for "which words matched".
_OPEN, _CLOSE = "\x02", "\x03"
_MARKED = re.compile(f"{_OPEN}([^{_CLOSE}]*){_CLOSE}")


@dataclass(frozen=True)
class Candidate:
    """A hit of the first stage; `kind` is "factcheck" or "claim", `rowid` its index key."""

    kind: str
    rowid: int
    text: str
    matched: tuple[str, ...]
    bm25: float  # higher is better
    similarity: float = 0.0  # the re-ranker's cosine
    score: float = 0.0  # the blend both are ranked by, in [0, 1]


def _hits(
    connection: Connection, kind: str, sql: str, params: tuple[object, ...]
) -> list[Candidate]:
    rows = connection.exec_driver_sql(sql, params).all()
    found = []
    for rowid, bm25, *marked in rows:
        joined = " ".join(part for part in marked if part)
        words = dict.fromkeys(word.lower() for word in _MARKED.findall(joined))
        text = joined.replace(_OPEN, "").replace(_CLOSE, "")
        found.append(Candidate(kind, rowid, text, tuple(words), -bm25))
    return found


def factcheck_hits(connection: Connection, query: str, limit: int) -> list[Candidate]:
    sql = (
        f"SELECT rowid, bm25(factchecks_fts), highlight(factchecks_fts, 0, '{_OPEN}', "
        f"'{_CLOSE}'), highlight(factchecks_fts, 1, '{_OPEN}', '{_CLOSE}') "
        "FROM factchecks_fts WHERE factchecks_fts MATCH ? ORDER BY bm25(factchecks_fts) LIMIT ?"
    )
    return _hits(connection, "factcheck", sql, (query, limit))


def claim_hits(
    connection: Connection, query: str, limit: int, other_than_article: str
) -> list[Candidate]:
    """Reviewed claims of other articles (a claim's own article repeats its own words)."""
    sql = (
        f"SELECT rowid, bm25(claims_fts), highlight(claims_fts, 0, '{_OPEN}', '{_CLOSE}') "
        "FROM claims_fts WHERE claims_fts MATCH ? "
        "AND rowid NOT IN (SELECT rowid FROM claims WHERE article_id = ?) "
        "ORDER BY bm25(claims_fts) LIMIT ?"
    )
    return _hits(connection, "claim", sql, (query, other_than_article, limit))


def rank(
    connection: Connection,
    text: str,
    *,
    article_id: str | None = None,
    limit: int = CANDIDATES,
) -> list[Candidate]:
    """Candidates for `text`, best first, scored in [0, 1].

    With `article_id`, the library's reviewed claims outside that article are searched too.
    """
    terms = search_terms(text)
    if not terms:
        return []
    query = fts_query(terms)
    pools = [factcheck_hits(connection, query, limit)]
    if article_id is not None:
        pools.append(claim_hits(connection, query, limit, article_id))
    scaled = []
    for pool in pools:
        best = max((c.bm25 for c in pool), default=0.0)
        scaled += [(c, c.bm25 / best if best > 0 else 0.0) for c in pool]
    if not scaled:
        return []  # nothing to re-rank: numpy stays unloaded in a library without matches
    from claimdesk.core.factchecks.rerank import cosines  # numpy: ~0.1 s, not at start-up

    similarity = cosines(text, [c.text for c, _ in scaled])
    ranked = [
        Candidate(c.kind, c.rowid, c.text, c.matched, c.bm25, cos, _blend(bm25, cos))
        for (c, bm25), cos in zip(scaled, similarity, strict=True)
    ]
    ranked.sort(key=lambda c: c.score, reverse=True)
    return ranked


def _blend(bm25: float, cosine: float) -> float:
    return BM25_WEIGHT * bm25 + (1 - BM25_WEIGHT) * cosine
