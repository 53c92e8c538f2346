"""The sample articles a brand-new library starts with, loaded exactly once.

Every command opening a library asks `needs_seeding`: only a new library imports what
reading and extracting the samples takes (the extractor loads numpy, ~0.15 s a run).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from importlib.resources import files
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from claimdesk.core.extraction.extractor import Candidate, Extraction
    from claimdesk.core.importing import ArticleDraft
    from claimdesk.core.store import Store

SEEDED_KEY = "seeded"


def seed_drafts() -> list[ArticleDraft]:
    """The bundled sample articles, read from the installed package."""
    from claimdesk.core.importing import draft_from_bytes

    folder = files("claimdesk.seeds")
    entries = sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".txt")),
        key=lambda entry: entry.name,
    )
    return [draft_from_bytes(entry.read_bytes(), entry.name) for entry in entries]


def needs_seeding(store: Store) -> bool:
    from claimdesk.core.models import Meta  # SQLAlchemy: not for those that need SEEDED_KEY only

    with store.reading() as session:
        return session.get(Meta, SEEDED_KEY) is None


def ensure_seeded(
    store: Store,
    *,
    extract_claims: bool = True,
    progress: Callable[[int, int], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
    extraction: Extraction | None = None,
) -> int:
    """Load the seeds into a library that never had them; return how many were added.

    The marker is written in the same transaction as the articles, so deleting the samples
    later never brings them back, and a crash half-way simply seeds again next time. The
    first check only reads (a seeded library, the usual case, never waits for the write
    lock); it is made again under the lock, since other processes may be seeding too.
    `extraction` defaults to extracting in this process.
    """
    if not needs_seeding(store):
        return 0
    from claimdesk.core.extraction.extractor import IN_THIS_PROCESS
    from claimdesk.core.highlights import version_cut
    from claimdesk.core.models import Meta
    from claimdesk.core.services.articles import import_draft
    from claimdesk.core.services.extraction import apply_candidates

    extraction = IN_THIS_PROCESS if extraction is None else extraction
    drafts = seed_drafts()
    texts = [d.text for d in drafts]
    found: Sequence[Sequence[Candidate] | None] = (
        extraction.extract(texts, progress=progress, is_cancelled=is_cancelled)
        if extract_claims
        else [None] * len(drafts)
    )
    added = 0
    with store.transaction() as session:
        if session.get(Meta, SEEDED_KEY) is not None:
            return 0
        for draft, candidates in zip(drafts, found, strict=True):
            outcome = import_draft(session, draft)
            if outcome.created:
                added += 1
                if candidates is not None:
                    version = extraction.version_used()
                    cut = version_cut(version)  # stored, so listing them never loads numpy
                    apply_candidates(session, outcome.article, candidates, version, cut)
        session.add(Meta(key=SEEDED_KEY, value=dt.datetime.now(dt.UTC).isoformat()))
    return added
