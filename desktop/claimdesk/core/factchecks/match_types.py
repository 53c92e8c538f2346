"""Earlier checks found for a claim, as plain values the window can hold.

Apart from core.factchecks.matching (which finds them with SQLAlchemy) so that the window can
name them without importing it; matching re-exports them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    suggest: float
    auto_link: float | None  # None: off
    checked_before: float  # a stored match marks its claim "checked before" from this score


@dataclass(frozen=True)
class Match:
    """One earlier verdict; `key` is what "not the same claim" remembers."""

    key: str
    kind: str  # "factcheck" or "claim" (a reviewed claim of another article)
    claim: str
    rating: str  # the published rating, or the claim's status
    publisher: str | None  # for a library claim, the article's title
    date: dt.date | None
    url: str | None  # None when it is no web address
    score: float
    matched_words: tuple[str, ...]
    factcheck_id: int | None = None
    claim_id: str | None = None
    article_id: str | None = None


@dataclass(frozen=True)
class MatchResult:
    claim_id: str
    quote: str
    matches: list[Match]
    thresholds: Thresholds
    long_enough_to_auto_link: bool

    @property
    def auto_links(self) -> list[Match]:
        """The matches the library would attach without asking (none while auto-link is off)."""
        limit = self.thresholds.auto_link
        if limit is None or not self.long_enough_to_auto_link:
            return []
        return [m for m in self.matches if m.score >= limit]
