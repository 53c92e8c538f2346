"""The window's first screen read with plain sqlite3, so it shows before SQLAlchemy loads.

Start-up is mostly imports: SQLAlchemy and the models cost ~0.35 s of a ~1 s start. A library
that needs nothing written on opening (at the head revision, seeded, its cut-off stored, no
-wal left by a crash) has its first article read here, in one short read-only transaction,
into the same snapshots the ORM readers build (core.rows), with the number of articles the
list will hold. The window shows it and opens the store behind it.

The integrity check (PRAGMA quick_check, ~0.5 s at 10,000 articles) is not waited for here,
even when the health record does not vouch for the file (after a session's edits, say): it
guards writes, and core.store makes it as the store opens behind the window, before anything
can be written. A read-only first look at a file about to be checked costs nothing to undo:
if the check fails, the window says so and closes. A file that cannot even be read for its
first screen (damaged where the read goes), and any other library (new, to upgrade, busy, a
URL), gets None here and is opened as usual first, since opening it is what may fail and
must say why.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from claimdesk.core.enums import ReviewState
from claimdesk.core.extraction.segment import BlockKind, segment
from claimdesk.core.health_record import Signature
from claimdesk.core.highlights import highlighted
from claimdesk.core.library_file import APPLICATION_ID, marked_ours
from claimdesk.core.migrations import head_revision
from claimdesk.core.rows import STATUS_ACTION, ArticleData, ClaimRow, EvidenceRow, reason_pairs
from claimdesk.core.seeding import SEEDED_KEY

# How the view sets apart lines that can hold no claims.
LINE_STYLES = {BlockKind.HEADING: "heading", BlockKind.BOILERPLATE: "boilerplate"}

_ARTICLE = (
    "SELECT id, title, text, source_url, author, published, language, sha256, origin,"
    " imported_at, extractor_version, word_count, highlight_cut FROM articles"
)
_CLAIM_COLUMNS = (
    'id, article_id, start, "end", quote, status, origin, score, reasons, suggestion,'
    " suggestion_cue, note, reviewer, review_state, reviewed_by, reviewed_at, created_at,"
    " updated_at, version, note_public"
)


@dataclass(frozen=True, slots=True)
class FirstScreen:
    """What the window shows first, and what its highlight budget needs of the article."""

    article: ArticleData | None  # None: the library holds no article yet
    words: int = 0
    cut: float = 0.0
    articles: int = 0  # in the library: the list says how many are on their way


def structure(text: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, style) of the lines that are headings or boilerplate, for the view."""
    return tuple(
        (b.start, b.end, LINE_STYLES[b.kind]) for b in segment(text) if b.kind in LINE_STYLES
    )


def read_first_screen(path: Path, article_id: str | None) -> FirstScreen | None:
    """The article `article_id` (gone or None: the list's first) as the window shows it;
    None when the library must be opened by core.store first (see the module's doc)."""
    if Signature.of(path) is None:  # missing, unreadable, or a -wal the store's open folds in
        return None
    if not marked_ours(path):  # another program's file: only core.store's careful look
        return None
    try:
        connection = sqlite3.connect(
            f"{path.as_uri()}?mode=ro", uri=True, isolation_level=None, timeout=0.2
        )
    except sqlite3.Error:
        return None
    try:
        connection.execute("BEGIN")  # one snapshot: a writer elsewhere changes none of it
        return _read(connection, article_id)
    except (sqlite3.Error, ValueError, TypeError):
        return None  # locked, damaged or unexpected: the store's open says what is wrong
    finally:
        connection.close()


def _read(connection: sqlite3.Connection, article_id: str | None) -> FirstScreen | None:
    (application_id,) = connection.execute("PRAGMA application_id").fetchone()
    revision = connection.execute("SELECT version_num FROM alembic_version").fetchall()
    seeded = connection.execute(
        "SELECT 1 FROM claimdesk_meta WHERE key = ?", (SEEDED_KEY,)
    ).fetchone()
    if application_id != APPLICATION_ID or revision != [(head_revision(),)] or seeded is None:
        return None
    row = None
    if article_id is not None:
        row = connection.execute(f"{_ARTICLE} WHERE id = ?", (article_id,)).fetchone()
    if row is None:  # the order every listing shows articles in (services.articles)
        row = connection.execute(f"{_ARTICLE} ORDER BY imported_at, title, id LIMIT 1").fetchone()
    if row is None:
        return FirstScreen(None)
    (articles,) = connection.execute("SELECT count(*) FROM articles").fetchone()
    (id_, title, text, source_url, author, published, language, sha256, origin) = row[:9]
    imported_at, extractor_version, words, cut = row[9:]
    if cut is None:  # stored by every extraction since 0007; deriving it loads numpy
        return None
    words = len(text.split()) if words is None else words
    claims = _claims(connection, id_)
    shown = highlighted(claims, words=words, extractor_version=extractor_version, cut=cut)
    article = ArticleData(
        id=id_,
        title=title,
        text=text,
        source_url=source_url,
        author=author,
        published=None if published is None else dt.date.fromisoformat(published),
        language=language,
        sha256=sha256,
        origin=origin,
        imported_at=_time(imported_at),
        extractor_version=extractor_version,
        claims=tuple(
            sorted(
                (c if c.id in shown else replace(c, highlighted=False) for c in claims),
                key=lambda c: (c.start, c.end, c.id),
            )
        ),
        structure=structure(text),
    )
    return FirstScreen(article, words, cut, articles)


def _claims(connection: sqlite3.Connection, article_id: str) -> list[ClaimRow]:
    rows = connection.execute(
        f"SELECT {_CLAIM_COLUMNS} FROM claims WHERE article_id = ? ORDER BY start", (article_id,)
    ).fetchall()
    evidence = _evidence(connection, article_id)
    setters = _verdict_setters(connection, article_id)
    return [_claim(row, evidence.get(row[0], ()), setters.get(row[0])) for row in rows]


def _claim(
    row: Sequence[Any], evidence: tuple[EvidenceRow, ...], verdict_by: str | None
) -> ClaimRow:
    (id_, article_id, start, end, quote, status, origin, score, reasons) = row[:9]
    (suggestion, cue, note, reviewer, review_state, reviewed_by, reviewed_at) = row[9:16]
    created_at, updated_at, version, note_public = row[16:]
    return ClaimRow(
        id=id_,
        article_id=article_id,
        start=start,
        end=end,
        quote=quote,
        status=status,
        origin=origin,
        score=score,
        reasons=reason_pairs(json.loads(reasons) if reasons else None),
        suggestion=suggestion,
        suggestion_cue=cue,
        note=note or "",
        reviewer=reviewer,
        review_state=review_state,
        reviewed_by=reviewed_by,
        reviewed_at=None if reviewed_at is None else _time(reviewed_at),
        created_at=_time(created_at),
        updated_at=_time(updated_at),
        version=version,
        evidence=evidence,
        note_public=bool(note_public),
        verdict_by=verdict_by,
        self_approved=review_state == ReviewState.APPROVED and reviewed_by == verdict_by,
    )


def _evidence(
    connection: sqlite3.Connection, article_id: str
) -> dict[str, tuple[EvidenceRow, ...]]:
    found: dict[str, list[EvidenceRow]] = {}
    query = (
        "SELECT e.claim_id, e.id, e.url, e.title, e.note, e.stance, e.position, e.added_by,"
        " e.added_at FROM evidence AS e JOIN claims AS c ON c.id = e.claim_id"
        " WHERE c.article_id = ? ORDER BY e.position"
    )
    for claim_id, id_, url, title, note, stance, position, added_by, added_at in connection.execute(
        query, (article_id,)
    ):
        found.setdefault(claim_id, []).append(
            EvidenceRow(
                id_, url, title or "", note or "", stance, position, added_by, _time(added_at)
            )
        )
    return {claim_id: tuple(items) for claim_id, items in found.items()}


def _verdict_setters(connection: sqlite3.Connection, article_id: str) -> dict[str, str]:
    """Who set each claim's current status: the actor of its latest status event."""
    query = (
        "SELECT claim_id, actor FROM claim_events WHERE seq IN ("
        " SELECT max(e.seq) FROM claim_events AS e JOIN claims AS c ON c.id = e.claim_id"
        " WHERE c.article_id = ? AND e.action = ? GROUP BY e.claim_id)"
    )
    return dict(connection.execute(query, (article_id, STATUS_ACTION)).fetchall())


def _time(stored: str) -> dt.datetime:
    """A UTC time as core.models.UTCDateTime stores it (naive text), made aware again."""
    return dt.datetime.fromisoformat(stored).replace(tzinfo=dt.UTC)
