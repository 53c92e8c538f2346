"""Helpers for commands that work on a library: seeding it and saying which detector ran."""

from __future__ import annotations

import sys

from claimdesk.cli.output import say
from claimdesk.core.store import Store


def seed(store: Store) -> None:
    from claimdesk.core.seeding import ensure_seeded

    added = ensure_seeded(store)
    if added:
        pipeline_notice()
        say(f"new library at {store.display_name}: added {added} sample articles", sys.stderr)


def pipeline_notice() -> None:
    """Say so when claims came from the rule-only fallback (the trained model is missing)."""
    if "spacy" not in sys.modules:  # nothing was extracted, so nothing to report
        return
    from claimdesk.core.extraction.nlp import pipeline_notice as notice_text

    notice = notice_text()
    if notice:
        say(f"claimdesk: {notice}", sys.stderr)
