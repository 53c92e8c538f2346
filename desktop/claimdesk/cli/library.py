"""Helpers for commands that work on a library: seeding it and saying which detector ran."""

from __future__ import annotations

import sys

from claimdesk.cli.output import say
from claimdesk.core.store import Store


def seed(store: Store) -> None:
    from claimdesk.core.seeding import ensure_seeded

    added = ensure_seeded(store)
    if added:
        pipeline_notice(store)
        say(f"new library at {store.display_name}: added {added} sample articles", sys.stderr)


def pipeline_notice(store: Store) -> None:
    """Say so when claims came from a fallback (the trained model or the encoder is missing),
    or without the library's adopted model (it is damaged, or fitted on another base)."""
    if "spacy" not in sys.modules:  # nothing was extracted, so nothing to report
        return
    from claimdesk.core.extraction.nlp import get_nlp, scorer
    from claimdesk.core.extraction.nlp import pipeline_notice as notice_text
    from claimdesk.core.learning.library_models import notice as library_notice

    with store.reading() as session:
        library = library_notice(session, scorer(get_nlp()).pipeline)
    for notice in (notice_text(), library):
        if notice:
            say(f"claimdesk: {notice}", sys.stderr)
