"""The library's fact-checks: imported one file per transaction, listed, removed.

A fact-check already present (the same URL) is updated in place, so importing a newer feed
never doubles it. The full-text index follows through the triggers of core.search_schema.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from claimdesk.core.errors import NotFoundError
from claimdesk.core.factchecks.formats import read_file
from claimdesk.core.factchecks.generation import bump_generation
from claimdesk.core.models import ClaimMatch, FactCheck, utcnow
from claimdesk.core.store import Store

_CHUNK = 500  # keys per IN (...), well under SQLite's limit on bound parameters
_UPDATED = ("claim", "title", "rating", "publisher", "published", "language", "source")


@dataclass(frozen=True)
class ImportSummary:
    path: Path
    added: int
    updated: int
    problems: list[str] = field(default_factory=list)


def import_file(store: Store, path: Path) -> ImportSummary:
    """Read `path` whole, then store its records in one transaction (all or nothing).

    Raises:
        ImportFailure: the file cannot be read as fact-checks; nothing was stored.
    """
    parsed = read_file(path)
    unique = {record.url: record for record in parsed.records}  # the last of a URL wins
    now = utcnow()
    rows = [
        {**record.__dict__, "source": path.name, "imported_at": now} for record in unique.values()
    ]
    with store.transaction() as session:
        before = _count(session)
        if rows:
            dialect = (
                postgresql if session.bind and session.bind.dialect.name == "postgresql" else sqlite
            )
            statement = dialect.insert(FactCheck)
            session.execute(
                statement.on_conflict_do_update(
                    index_elements=[FactCheck.url],
                    set_={name: statement.excluded[name] for name in (*_UPDATED, "imported_at")},
                ),
                rows,
            )
        added = _count(session) - before
        if rows:
            bump_generation(session)  # every claim may now match one of them
    return ImportSummary(path, added, len(rows) - added, parsed.problems)


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(FactCheck)) or 0


def list_factchecks(store: Store) -> list[FactCheck]:
    with store.reading() as session:
        return list(session.scalars(select(FactCheck).order_by(FactCheck.id)))


def remove_factchecks(store: Store, ids: Sequence[int] | None) -> int:
    """Remove these fact-checks (None: all of them) and the matches stored with them; how
    many went.

    Raises:
        NotFoundError: an id names no fact-check; nothing was removed.
    """
    with store.transaction() as session:
        if ids is None:
            count = _count(session)
            session.execute(delete(FactCheck))
            session.execute(delete(ClaimMatch).where(ClaimMatch.match_key.like("factcheck:%")))
        else:
            found = set(session.scalars(select(FactCheck.id).where(FactCheck.id.in_(ids))))
            if missing := [str(i) for i in ids if i not in found]:
                raise NotFoundError(f"no fact-check with id {', '.join(missing)}")
            urls = list(session.scalars(select(FactCheck.url).where(FactCheck.id.in_(found))))
            session.execute(delete(FactCheck).where(FactCheck.id.in_(found)))
            for at in range(0, len(urls), _CHUNK):
                keys = [f"factcheck:{url}" for url in urls[at : at + _CHUNK]]
                session.execute(delete(ClaimMatch).where(ClaimMatch.match_key.in_(keys)))
            count = len(found)
        # Their stored matches went at once; the rest may change (a removed best hit scaled
        # the others' scores), so every claim is matched again in the background.
        bump_generation(session)
        return count
