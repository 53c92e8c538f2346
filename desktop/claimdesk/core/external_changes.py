"""What other processes committed to a library since a mark: the window's poll reads it.

A mark is one look at the library (its articles, the newest claim and library events,
claims per article); comparing a new look with the old one and reading the event logs past
the old mark gives the changes to announce. Per-article claim counts catch deletions made
elsewhere, whose events went with the claims.

A look starts with a probe of a few aggregates (one row each): when none moved, nothing the
window shows did, and the rest is not read. Writes it does not show also move SQLite's
`data_version`, the poll's cue: the window's own match scan, in a child process, commits
its matches every few claims, and each commit had the poll read every article's claim count
and the open article's claims (~19,600 rows for a 2 MB article) twice a second.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claimdesk.core import events
from claimdesk.core.events import Change, ChangeKind, Changes
from claimdesk.core.models import Article, Claim, ClaimEvent, LibraryEvent


@dataclass(frozen=True, slots=True)
class Mark:
    """What one look at the library found."""

    articles: frozenset[str]
    last_event: int
    claim_counts: dict[str, int]  # per article: a deleted claim's events go with it
    last_library_event: int = 0  # renamed or edited articles have no claim event
    probe: tuple[object, ...] | None = None  # see `_probe`; None: read everything next time


def _probe(session: Session, article: str | None) -> tuple[object, ...]:
    """What moves with every change the window is told of: articles and claims counted (a
    deletion), the newest events (any edit, rename, restore), and the open article's claims
    counted with their versions summed (each change of a claim raises its version)."""
    everywhere = select(
        select(func.count()).select_from(Article).scalar_subquery(),
        select(func.count()).select_from(Claim).scalar_subquery(),
        select(func.max(ClaimEvent.seq)).scalar_subquery(),
        select(func.max(LibraryEvent.seq)).scalar_subquery(),
    )
    shown = select(func.count(), func.total(Claim.version)).where(Claim.article_id == article)
    return article, *session.execute(everywhere).one(), *session.execute(shown).one()


def look(session: Session) -> Mark:
    counts = select(Claim.article_id, func.count()).group_by(Claim.article_id)
    return Mark(
        frozenset(session.scalars(select(Article.id))),
        session.scalar(select(func.max(ClaimEvent.seq))) or 0,
        {article: n for article, n in session.execute(counts)},
        session.scalar(select(func.max(LibraryEvent.seq))) or 0,
    )


def changes_since(
    session: Session, seen: Mark | None, article: str | None, versions: Mapping[str, int]
) -> tuple[Mark, Changes]:
    """The new mark, and what changed since `seen` (nothing on the first look).

    `article` is the one open in the window and `versions` its claims' versions as shown:
    its claims are compared one by one, the rest of the library by the event logs.
    """
    probe = _probe(session, article)
    if seen is not None and probe == seen.probe:
        return seen, ()
    now = replace(look(session), probe=probe)
    found: list[Change] = []
    if seen is not None:
        found += [Change(ChangeKind.ARTICLE_ADDED, a) for a in now.articles - seen.articles]
        found += [Change(ChangeKind.ARTICLE_REMOVED, a) for a in seen.articles - now.articles]
        renamed = select(LibraryEvent.subject).where(LibraryEvent.seq > seen.last_library_event)
        found += [
            Change(ChangeKind.ARTICLE_CHANGED, a)
            for a in session.scalars(renamed)
            if a in now.articles  # a restored or renamed article, not a reviewer's name
        ]
        found += [  # claims deleted elsewhere: their events went with them
            Change(ChangeKind.CLAIMS_REMOVED, a)
            for a, n in now.claim_counts.items()
            if n < seen.claim_counts.get(a, 0) and a != article
        ]
        logged = (
            select(Claim.article_id, ClaimEvent.claim_id)
            .join(Claim, Claim.id == ClaimEvent.claim_id)
            .where(ClaimEvent.seq > seen.last_event)
        )
        found += [
            Change(ChangeKind.CLAIMS_CHANGED, a, frozenset([c])) for a, c in session.execute(logged)
        ]
    if article is not None:
        query = select(Claim.id, Claim.version).where(Claim.article_id == article)
        current = {claim_id: version for claim_id, version in session.execute(query)}
        gone = frozenset(versions.keys() - current.keys())
        moved = frozenset(c for c, v in current.items() if versions.get(c) != v)
        found.append(Change(ChangeKind.CLAIMS_REMOVED, article, gone))
        found.append(Change(ChangeKind.CLAIMS_CHANGED, article, moved))
    kept = (
        c for c in found if c.claim_ids or c.kind.startswith("article") or c.article_id != article
    )
    return now, events.merged(kept)
