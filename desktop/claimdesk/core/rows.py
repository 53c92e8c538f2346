"""The snapshots the window shows: frozen values with no session (or SQLAlchemy) behind them.

Apart from core.readmodels (which builds them from ORM objects) so that the first screen can
be read and shown without importing SQLAlchemy (see core.first_screen). The old homes
re-export them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from claimdesk.core.statuses import Rollup, is_reviewed, is_work, rollup

STATUS_ACTION = "status"  # the history action of a verdict change (services.claims.set_status)


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    id: str
    url: str
    title: str
    note: str
    stance: str
    position: int
    added_by: str | None
    added_at: dt.datetime


@dataclass(frozen=True, slots=True)
class EventRow:
    id: str
    at: dt.datetime
    actor: str
    action: str
    before: Any
    after: Any


@dataclass(frozen=True, slots=True)
class ClaimRow:
    id: str
    article_id: str
    start: int
    end: int
    quote: str
    status: str
    origin: str
    score: float | None
    reasons: tuple[tuple[str, str], ...]  # (kind, text)
    suggestion: str | None
    suggestion_cue: str | None
    note: str
    reviewer: str | None
    review_state: str
    reviewed_by: str | None
    reviewed_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime
    version: int
    evidence: tuple[EvidenceRow, ...]
    events: tuple[EventRow, ...] = ()  # read only for reports; the window reads them apart
    note_public: bool = False  # only public notes go into publications
    verdict_by: str | None = None  # who set the current status (None: never set)
    # Approved by whoever set the verdict: allowed when the second-person policy is off, and
    # then shown as such on the dashboard and in reports.
    self_approved: bool = False
    # Highlighted by default (core.highlights.highlighted); False: a faint "more candidate".
    # The budget ranks an article's claims against each other, so only a reader holding the
    # whole article can say: the window's gateway does; any other snapshot keeps True.
    highlighted: bool = True

    @property
    def is_reviewed(self) -> bool:
        return is_reviewed(self.status)

    @property
    def is_work(self) -> bool:
        """Dismissed claims are false detections: they stay visible but are not work to do."""
        return is_work(self.status)


@dataclass(frozen=True, slots=True)
class ArticleData:
    id: str
    title: str
    text: str
    source_url: str | None
    author: str | None
    published: dt.date | None
    language: str | None
    sha256: str
    origin: str
    imported_at: dt.datetime
    extractor_version: str | None  # the detector that extracted its claims (see extractor.py)
    claims: tuple[ClaimRow, ...]  # in text order: start, end, id
    # (start, end, kind) of the lines that are headings or boilerplate, for the window
    structure: tuple[tuple[int, int, str], ...] = ()

    @property
    def rollup(self) -> Rollup:
        return claims_rollup(self.claims)


def reason_pairs(stored: Iterable[dict[str, Any]] | None) -> tuple[tuple[str, str], ...]:
    """The (kind, text) pairs of a claim's stored reasons, whoever read the JSON column."""
    return tuple((str(r.get("kind", "")), str(r.get("text", ""))) for r in stored or ())


def claims_rollup(claims: Iterable[ClaimRow]) -> Rollup:
    return rollup((c.status, c.review_state, 1) for c in claims)


@dataclass(frozen=True, slots=True)
class ArticleSummary(Rollup):
    """One article's roll-up, as the article list and the dashboard show it."""

    id: str
    title: str
    origin: str
    imported_at: dt.datetime
    last_activity: dt.datetime | None  # the latest change by a person; None if nobody yet
    source_url: str | None = None
    author: str | None = None
    published: dt.date | None = None
    candidates: int = 0
    """Claims the extractor found that are not highlighted ("more candidates", all of them
    unreviewed): not listed by default, so not work to check where the listing is shown."""

    @property
    def listed_to_check(self) -> int:
        """The claims to check that the article lists by default (its header's count)."""
        return self.total - self.candidates


@dataclass(frozen=True, slots=True)
class ArticleEdit:
    """Metadata as typed: None leaves a field as it is, "" clears an optional one."""

    title: str | None = None
    source_url: str | None = None
    author: str | None = None
    published: str | None = None  # YYYY-MM-DD


@dataclass(frozen=True, slots=True)
class DeletePreview:
    """What deleting these articles takes with it, for the confirmation to name."""

    articles: tuple[tuple[str, str], ...]  # (id, title)
    claims: int
    reviewed: int  # claims with a verdict (see statuses.StatusCounts)
    evidence: int
    approved: int  # any approved claim, dismissed ones too: the delete passes over their lock


@dataclass(frozen=True, slots=True)
class DeletedSummary:
    """A backup kept by a delete, as the list of deleted articles shows it."""

    id: str
    title: str
    deleted_at: dt.datetime
    deleted_by: str
    claims: int
    reviewed: int
    evidence: int
