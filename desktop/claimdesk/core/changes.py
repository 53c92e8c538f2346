"""What a committed transaction changed, as plain values the window can hold.

Apart from core.events (which collects them from SQLAlchemy sessions) so that the window can
name them without importing SQLAlchemy; core.events re-exports them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class ChangeKind(StrEnum):
    ARTICLE_ADDED = "article added"
    ARTICLE_CHANGED = "article changed"
    ARTICLE_REMOVED = "article removed"
    CLAIMS_ADDED = "claims added"
    CLAIMS_CHANGED = "claims changed"  # any field, its evidence or its review state
    CLAIMS_REMOVED = "claims removed"


@dataclass(frozen=True, slots=True)
class Change:
    kind: ChangeKind
    article_id: str
    claim_ids: frozenset[str] = frozenset()


Changes = tuple[Change, ...]


def merged(changes: Iterable[Change]) -> Changes:
    """One change per kind and article, in first-seen order (a bulk insert says it once)."""
    grouped: dict[tuple[ChangeKind, str], set[str]] = {}
    for change in changes:
        grouped.setdefault((change.kind, change.article_id), set()).update(change.claim_ids)
    return tuple(Change(kind, article, frozenset(ids)) for (kind, article), ids in grouped.items())
