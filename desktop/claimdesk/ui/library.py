"""The window's one door to the database: frozen snapshots out, edit commands in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from operator import attrgetter

from sqlalchemy.orm import selectinload

from claimdesk.core import commands
from claimdesk.core.errors import NotFoundError
from claimdesk.core.extraction.segment import BlockKind, segment
from claimdesk.core.models import Article, Claim, ClaimStatus, Evidence
from claimdesk.core.services.articles import ArticleSummary, list_articles
from claimdesk.core.services.history import load_claim
from claimdesk.core.store import Store


@dataclass(frozen=True, slots=True)
class EvidenceRow:
    id: str
    url: str
    title: str
    note: str
    stance: str


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """A claim as the window shows it; safe to hand between threads (no session behind it)."""

    id: str
    article_id: str
    start: int
    end: int
    quote: str
    status: str
    origin: str
    score: float | None
    reasons: tuple[tuple[str, str], ...]
    suggestion: str | None
    suggestion_cue: str | None
    note: str
    reviewer: str | None
    review_state: str
    reviewed_by: str | None
    version: int
    evidence: tuple[EvidenceRow, ...]

    @property
    def is_reviewed(self) -> bool:
        return self.status not in (ClaimStatus.UNREVIEWED, ClaimStatus.DISMISSED)


@dataclass(frozen=True, slots=True)
class ArticleData:
    id: str
    title: str
    text: str
    source_url: str | None
    author: str | None
    published: dt.date | None
    origin: str
    claims: tuple[ClaimRow, ...]
    # (start, end, kind) of the lines that are headings or boilerplate, not body text
    structure: tuple[tuple[int, int, str], ...] = ()


def _evidence_row(item: Evidence) -> EvidenceRow:
    return EvidenceRow(item.id, item.url, item.title, item.note, item.stance)


# How the view sets apart lines that can hold no claims.
_LINE_STYLES = {BlockKind.HEADING: "heading", BlockKind.BOILERPLATE: "boilerplate"}

_KEEPS_EVIDENCE = (
    commands.SetStatus,
    commands.SetNote,
    commands.SetSpan,
    commands.SetReviewState,
)


def _claim_row(claim: Claim, evidence: tuple[EvidenceRow, ...] | None = None) -> ClaimRow:
    return ClaimRow(
        id=claim.id,
        article_id=claim.article_id,
        start=claim.start,
        end=claim.end,
        quote=claim.quote,
        status=claim.status,
        origin=claim.origin,
        score=claim.score,
        reasons=tuple((r.get("kind", ""), r.get("text", "")) for r in claim.reasons or ()),
        suggestion=claim.suggestion,
        suggestion_cue=claim.suggestion_cue,
        note=claim.note or "",
        reviewer=claim.reviewer,
        review_state=claim.review_state,
        reviewed_by=claim.reviewed_by,
        version=claim.version,
        evidence=tuple(map(_evidence_row, claim.evidence)) if evidence is None else evidence,
    )


class Library:
    """Reads and writes on behalf of one reviewer; every write is its own transaction.

    Reads open their own session, so the background worker may call them too; writes
    (`execute`) reuse one connection and belong to the GUI thread.
    """

    def __init__(self, store: Store, reviewer: str) -> None:
        self.store = store
        self.reviewer = reviewer
        self._writer = store.writer()

    def close(self) -> None:
        """Give back the connection kept for writes (the window is closing)."""
        self._writer.close()

    def articles(self) -> list[ArticleSummary]:
        with self.store.reading() as session:
            return list_articles(session)

    def article(self, article_id: str) -> ArticleData:
        # One query per table however many claims: a 2 MB article holds thousands.
        loader = selectinload(Article.claims).selectinload(Claim.evidence)
        with self.store.reading() as session:
            article = session.get(Article, article_id, options=[loader])
            if article is None:
                raise NotFoundError(f"article {article_id}: no such article in this database")
            return ArticleData(
                id=article.id,
                title=article.title,
                text=article.text,
                source_url=article.source_url,
                author=article.author,
                published=article.published,
                origin=article.origin,
                # Sorted here, off the GUI thread, in the order the window shows them.
                claims=tuple(
                    sorted(map(_claim_row, article.claims), key=attrgetter("start", "end", "id"))
                ),
                structure=tuple(
                    (b.start, b.end, _LINE_STYLES[b.kind])
                    for b in segment(article.text)
                    if b.kind in _LINE_STYLES
                ),
            )

    def claim(self, claim_id: str) -> ClaimRow | None:
        """The claim as stored now, or None if it no longer exists."""
        with self.store.reading() as session:
            try:
                return _claim_row(load_claim(session, claim_id))
            except NotFoundError:
                return None

    def execute(
        self,
        cmd: commands.Command,
        expected_version: int | None = None,
        shown: ClaimRow | None = None,
    ) -> tuple[commands.Command, ClaimRow | None]:
        """Commit one command; return its inverse and the claim as it now stands.

        `shown` is the claim as the window has it: its evidence is reused when the command
        cannot have changed it, which saves two queries on every tag key press.
        """
        with self._writer.transaction() as session:
            inverse = commands.apply(session, cmd, self.reviewer, expected_version=expected_version)
            if (
                isinstance(cmd, commands.SetStatus)
                and shown is not None
                and shown.id == cmd.claim_id
                and shown.version == expected_version
            ):
                # The tag key's path: the write checked `shown` was current, so the new row
                # follows from it without reading the claim back.
                assert isinstance(inverse, commands.SetStatus)
                if inverse.status == cmd.status:
                    return inverse, shown
                return inverse, replace(
                    shown, status=cmd.status, reviewer=self.reviewer, version=shown.version + 1
                )
            claim = session.get(Claim, cmd.claim_id)
            if claim is None:
                return inverse, None
            if shown is not None and isinstance(cmd, _KEEPS_EVIDENCE):
                return inverse, _claim_row(claim, shown.evidence)
            session.expire(claim, ["evidence"])  # may still list a row just deleted
            return inverse, _claim_row(claim)
