"""Article use cases: import (deduplicated by text), list with the roll-up of claims, rename
and edit, delete with a backup and restore from it. Every change is a `LibraryEvent`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from claimdesk.core.errors import NotFoundError, ValidationError
from claimdesk.core.events import Change, ChangeKind, note_change
from claimdesk.core.highlight_reads import BASIS_COLUMNS, candidates_in
from claimdesk.core.highlights import word_count
from claimdesk.core.importing import TITLE_MAX, ArticleDraft, one_line, text_sha256
from claimdesk.core.models import (
    Article,
    Claim,
    ClaimEvent,
    DeletedArticle,
    Evidence,
    LibraryEvent,
    ReviewState,
)
from claimdesk.core.reviewer import EXTRACTOR_ACTOR
from claimdesk.core.rows import ArticleEdit as ArticleEdit  # re-exported
from claimdesk.core.rows import ArticleSummary as ArticleSummary  # re-exported
from claimdesk.core.rows import DeletedSummary as DeletedSummary  # re-exported
from claimdesk.core.rows import DeletePreview as DeletePreview  # re-exported
from claimdesk.core.services import article_backup
from claimdesk.core.statuses import rollup
from claimdesk.core.urls import normalise_url


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    article: Article
    created: bool  # False: the same text was already in the library


def import_draft(session: Session, draft: ArticleDraft) -> ImportOutcome:
    """Add an article unless the same normalised text is already there (or the same file,
    as an earlier version stored it)."""
    digest = text_sha256(draft.text)
    known = [digest, draft.earlier_sha256] if draft.earlier_sha256 else [digest]
    existing = session.scalar(select(Article).where(Article.sha256.in_(known)).limit(1))
    if existing is not None:
        return ImportOutcome(existing, created=False)
    article = Article(
        title=draft.title,
        text=draft.text,
        source_url=draft.source_url,
        author=draft.author,
        published=draft.published,
        language=draft.language,
        sha256=digest,
        origin=draft.origin,
        word_count=word_count(draft.text),
    )
    session.add(article)
    session.flush()
    return ImportOutcome(article, created=True)


def get_article(session: Session, article_id: str) -> Article:
    article = session.get(Article, article_id)
    if article is None:
        raise NotFoundError(f"article {article_id}: no such article in this database")
    return article


def list_articles(session: Session) -> list[ArticleSummary]:
    """Every article, oldest import first, with its roll-up."""
    return [summary for part in article_chunks(session) for summary in part]


ARTICLE_CHUNK = 500
"""Articles held at once by article_chunks; also the ids per IN (...) of a chunk's queries."""


# What an article summary is read from, in the order every listing shows articles.
SUMMARY_COLUMNS = (
    Article.id,
    Article.title,
    Article.origin,
    Article.imported_at,
    Article.source_url,
    Article.author,
    Article.published,
)
SUMMARY_ORDER = (Article.imported_at, Article.title, Article.id)


def article_chunks(
    session: Session,
    *,
    limit: int | None = None,
    offset: int = 0,
    chunk: int | None = None,
) -> Iterator[list[ArticleSummary]]:
    """Articles with their roll-ups, oldest import first, `offset` skipped, `limit` at most,
    `chunk` (default ARTICLE_CHUNK) at a time in three queries: a listing holds one chunk."""
    query = (
        select(*SUMMARY_COLUMNS, *BASIS_COLUMNS)
        .order_by(*SUMMARY_ORDER)
        .offset(offset)
        .limit(limit)
        .execution_options(yield_per=chunk or ARTICLE_CHUNK)
    )
    for part in session.execute(query).partitions():
        ids = [row.id for row in part]
        rows: dict[str, list[tuple[str, str, int]]] = {}
        for article_id, status, state, n in session.execute(
            select(Claim.article_id, Claim.status, Claim.review_state, func.count())
            .where(Claim.article_id.in_(ids))
            .group_by(Claim.article_id, Claim.status, Claim.review_state)
        ):
            rows.setdefault(article_id, []).append((status, state, n))
        activity = last_activity(session, ids)
        facts = {row.id: row[len(SUMMARY_COLUMNS) :] for row in part}
        candidates = candidates_in(session, facts)
        summaries = []
        for row in part:
            counted = rollup(rows.get(row.id, ()))
            summaries.append(
                ArticleSummary(
                    counts=counted.counts,
                    by_review_state=counted.by_review_state,
                    id=row.id,
                    title=row.title,
                    origin=row.origin,
                    imported_at=row.imported_at,
                    last_activity=activity.get(row.id),
                    source_url=row.source_url,
                    author=row.author,
                    published=row.published,
                    candidates=candidates.get(row.id, 0),
                )
            )
        yield summaries


def last_activity(session: Session, article_ids: Sequence[str]) -> dict[str, dt.datetime]:
    """Article id -> when a person (never the extractor) last changed one of its claims."""
    query = (
        select(Claim.article_id, func.max(ClaimEvent.at))
        .join(ClaimEvent, ClaimEvent.claim_id == Claim.id)
        .where(Claim.article_id.in_(article_ids), ClaimEvent.actor != EXTRACTOR_ACTOR)
        .group_by(Claim.article_id)
    )
    return {article_id: _aware(at) for article_id, at in session.execute(query)}


def _aware(value: dt.datetime) -> dt.datetime:
    # Aggregates bypass the column type, so SQLite hands back a naive UTC time.
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


# -- rename and edit -------------------------------------------------------------------------


def rename_article(session: Session, article_id: str, title: str, actor: str) -> dict[str, Any]:
    """Give the article a new title; returns the fields changed (empty if none)."""
    return _change(session, article_id, ArticleEdit(title=title), actor, "rename_article")


def edit_article(
    session: Session, article_id: str, edit: ArticleEdit, actor: str
) -> dict[str, Any]:
    """Change title, source URL, author or date, all checked first; returns what changed."""
    return _change(session, article_id, edit, actor, "edit_article")


def editable(session: Session, article_id: str) -> ArticleEdit:
    """The article's metadata as a form shows it ("" for a field not set)."""
    article = get_article(session, article_id)
    published = article.published.isoformat() if article.published else ""
    return ArticleEdit(article.title, article.source_url or "", article.author or "", published)


def checked_edit(edit: ArticleEdit) -> dict[str, Any]:
    """The values to store, or a ValidationError naming the first field that is wrong."""
    values: dict[str, Any] = {}
    if edit.title is not None:
        title = one_line(edit.title)
        if not title:
            raise ValidationError("title", "is empty; give the article a title")
        if len(title) > TITLE_MAX:
            raise ValidationError("title", f"is {len(title)} characters; the limit is {TITLE_MAX}")
        values["title"] = title
    if edit.source_url is not None:
        url = edit.source_url.strip()
        values["source_url"] = normalise_url(url, "source URL") if url else None
    if edit.author is not None:
        values["author"] = one_line(edit.author) or None
    if edit.published is not None:
        values["published"] = _parse_published(edit.published.strip())
    return values


def _change(
    session: Session, article_id: str, edit: ArticleEdit, actor: str, action: str
) -> dict[str, Any]:
    values = checked_edit(edit)
    article = get_article(session, article_id)
    changed = {name: v for name, v in values.items() if getattr(article, name) != v}
    if not changed:
        return {}
    before = {name: _jsonable(getattr(article, name)) for name in changed}
    for name, value in changed.items():
        setattr(article, name, value)
    after = {name: _jsonable(value) for name, value in changed.items()}
    _record(session, actor, action, article_id, before, after)
    session.flush()
    return changed


def _parse_published(text: str) -> dt.date | None:
    if not text:
        return None
    try:
        if len(text) == len("YYYY-MM-DD"):  # fromisoformat also takes 20240503 and weeks
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise ValidationError("published date", f"'{text}' is not a date; use YYYY-MM-DD")


def _jsonable(value: object) -> object:
    return value.isoformat() if isinstance(value, dt.date) else value


def _record(
    session: Session, actor: str, action: str, subject: str, before: Any, after: Any
) -> None:
    session.add(
        LibraryEvent(actor=actor, action=action, subject=subject, before=before, after=after)
    )


# -- delete and restore ----------------------------------------------------------------------


def delete_preview(session: Session, article_ids: Sequence[str]) -> DeletePreview:
    """Count what goes with the articles; an unknown id is a NotFoundError."""
    ids = list(dict.fromkeys(article_ids))
    query = select(Article.id, Article.title).where(Article.id.in_(ids))
    titles = {article_id: title for article_id, title in session.execute(query)}
    for article_id in ids:
        if article_id not in titles:
            get_article(session, article_id)  # raises, naming it
    claims = select(Claim.id).where(Claim.article_id.in_(ids))
    statuses = session.execute(
        select(Claim.status, Claim.review_state, func.count())
        .where(Claim.article_id.in_(ids))
        .group_by(Claim.status, Claim.review_state)
    ).all()
    counted = rollup(statuses)
    evidence = session.scalar(
        select(func.count()).select_from(Evidence).where(Evidence.claim_id.in_(claims))
    )
    return DeletePreview(
        articles=tuple((i, titles[i]) for i in ids),
        claims=sum(counted.counts.values()),
        reviewed=counted.reviewed,
        evidence=evidence or 0,
        approved=sum(n for _, state, n in statuses if state == ReviewState.APPROVED),
    )


def delete_articles(session: Session, article_ids: Sequence[str], actor: str) -> DeletePreview:
    """Delete the articles with their claims, evidence and history, keeping a backup of each.

    All in the caller's transaction: if one fails, none is deleted. Returns what went.
    """
    preview = delete_preview(session, article_ids)
    for article_id, title in preview.articles:
        saved = article_backup.snapshot(session, article_id)
        counts = delete_preview(session, [article_id])
        size = {"claims": counts.claims, "reviewed": counts.reviewed, "evidence": counts.evidence}
        session.add(
            DeletedArticle(
                id=article_id,
                title=title,
                deleted_by=actor,
                snapshot={**saved, "counts": size},
            )
        )
        _record(session, actor, "delete_article", article_id, {"title": title, **size}, None)
        session.delete(get_article(session, article_id))
    session.flush()
    return preview


def delete_article(session: Session, article_id: str, actor: str) -> DeletePreview:
    """Delete one article, keeping its backup (see `delete_articles`)."""
    return delete_articles(session, [article_id], actor)


def deleted_articles(session: Session) -> list[DeletedSummary]:
    """The backups that can be restored, the latest delete first."""
    query = select(DeletedArticle).order_by(DeletedArticle.deleted_at.desc())
    return [
        DeletedSummary(
            id=backup.id,
            title=backup.title,
            deleted_at=backup.deleted_at,
            deleted_by=backup.deleted_by,
            **backup.snapshot.get("counts", {"claims": 0, "reviewed": 0, "evidence": 0}),
        )
        for backup in session.scalars(query)
    ]


def restore_article(session: Session, article_id: str, actor: str) -> str:
    """Put a deleted article back exactly as it was, and drop its backup; returns its title.

    Refused (ValidationError) if the same text was imported again since: the library holds
    each text once.
    """
    backup = session.get(DeletedArticle, article_id)
    if backup is None:
        raise NotFoundError(f"deleted article {article_id}: no such backup in this database")
    saved = backup.snapshot
    again = session.scalar(select(Article).where(Article.sha256 == saved["article"]["sha256"]))
    if again is not None:
        raise ValidationError(
            "restore",
            f"'{backup.title}': the same text was imported again since, as '{again.title}' "
            f"({again.id[:8]}); delete that one first",
        )
    article_backup.put_back(session, saved)
    claim_ids = frozenset(str(claim["id"]) for claim in saved["claims"])
    note_change(session, Change(ChangeKind.ARTICLE_ADDED, article_id))
    note_change(session, Change(ChangeKind.CLAIMS_ADDED, article_id, claim_ids))
    _record(session, actor, "restore_article", article_id, None, {"title": backup.title})
    session.delete(backup)
    session.flush()
    return backup.title


def restore_articles(session: Session, article_ids: Sequence[str], actor: str) -> list[str]:
    """Restore several articles in the caller's one transaction (undoing a delete of several):
    a refusal of one, which names it, leaves the caller to roll back all of them."""
    return [restore_article(session, article_id, actor) for article_id in article_ids]
