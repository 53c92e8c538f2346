"""Which matching the stored matches (core.factchecks.stored) were computed under.

A counter in claimdesk_meta, moved in the same transaction as whatever changes every claim's
matches: fact-checks imported or removed, the suggest threshold changed. Claims scanned under
an older value are scanned again, lazily, in the background; moving it costs one write
whatever the library's size.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from claimdesk.core.models import Meta

GENERATION_KEY = "matching.generation"


def current_generation(session: Session) -> int:
    found = session.get(Meta, GENERATION_KEY)
    return int(found.value) if found is not None else 0


def bump_generation(session: Session) -> int:
    """Every stored match is out of date from now on; the new generation."""
    value = current_generation(session) + 1
    session.merge(Meta(key=GENERATION_KEY, value=str(value)))
    return value
