"""Long-running work shared by the command line and the window's background worker.

Each job takes plain `progress(done, total)` and `is_cancelled()` callables (no Qt), runs
spaCy (loaded only on first use) outside any transaction, and commits one transaction per
article, so a cancel or a bad file never leaves anything half-written.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from claimdesk.core.errors import ClaimdeskError, ImportFailure, OperationCancelled, StoreError
from claimdesk.core.extraction.extractor import IN_THIS_PROCESS, Extraction, detector_for
from claimdesk.core.importing import ArticleDraft, expand_paths, readable_name, text_sha256
from claimdesk.core.models import Article
from claimdesk.core.reader_process import READ_LIMIT_SECONDS, FileReader
from claimdesk.core.services.articles import import_draft
from claimdesk.core.services.extraction import ExtractionOutcome, apply_candidates
from claimdesk.core.store import Store

Progress = Callable[[int, int], None]
STEPS = 100
"""Progress units per file or article, so one long article still moves the bar."""
Cancelled = Callable[[], bool]
_log = logging.getLogger(__name__)


class Outcome(StrEnum):
    IMPORTED = "imported"
    DUPLICATE = "already imported"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class FileReport:
    path: str
    outcome: Outcome
    message: str
    article_id: str | None = None
    claims: int = 0

    def line(self) -> str:
        return f"{self.path}: {self.message}"


def _noop_progress(done: int, total: int) -> None:
    return None


def _never() -> bool:
    return False


def import_paths(
    store: Store,
    paths: Iterable[Path],
    *,
    extract: bool = True,
    progress: Progress = _noop_progress,
    is_cancelled: Cancelled = _never,
    extraction: Extraction = IN_THIS_PROCESS,
    read_limit: float = READ_LIMIT_SECONDS,
) -> list[FileReport]:
    """Import files and folders, one transaction per article; failures are reported, not raised.

    Files are parsed in a child process (see reader_process), and one that takes longer
    than `read_limit` seconds is refused. A file whose claims cannot be extracted is not
    imported either (its article and claims are one transaction); only an error of the
    library itself (StoreError: full, busy, read-only) or a cancel stops the batch.
    """
    items: list[Path | ImportFailure] = []
    for item in expand_paths(paths):  # a folder tree can be large: Cancel works meanwhile
        if is_cancelled():
            raise OperationCancelled()
        items.append(item)
    reports: list[FileReport] = []
    with FileReader(read_limit) as reader:
        for done, item in enumerate(items):
            if is_cancelled():
                raise OperationCancelled()
            progress(done * STEPS, len(items) * STEPS)
            if isinstance(item, ImportFailure):
                reports.append(FileReport(item.path, Outcome.FAILED, item.reason))
                continue
            label = readable_name(str(item))
            try:
                draft = reader.read(item, is_cancelled)
            except ImportFailure as failure:
                reports.append(FileReport(label, Outcome.FAILED, failure.reason))
                continue
            step = _step_progress(progress, done, len(items))
            try:
                report = import_draft_job(
                    store,
                    draft,
                    label,
                    extract=extract,
                    progress=step,
                    is_cancelled=is_cancelled,
                    extraction=extraction,
                )
            except (StoreError, SQLAlchemyError, OperationCancelled):
                raise  # the library or the user stops the batch; no file is to blame
            except ClaimdeskError as error:  # ExtractionError: the extraction child failed
                report = FileReport(label, Outcome.FAILED, f"{error}; not imported")
            except Exception as error:  # noqa: BLE001 - spaCy or our code, on this file's text
                _log.exception("%s: internal error while importing", label)
                reason = f"internal error while importing it ({type(error).__name__}); not imported"
                report = FileReport(label, Outcome.FAILED, reason)
            reports.append(report)
    progress(len(items) * STEPS, len(items) * STEPS)
    return reports


def import_draft_job(
    store: Store,
    draft: ArticleDraft,
    path: str,
    *,
    extract: bool,
    progress: Progress = _noop_progress,
    is_cancelled: Cancelled = _never,
    extraction: Extraction = IN_THIS_PROCESS,
) -> FileReport:
    """Import one article and (optionally) its extracted claims in a single transaction."""
    candidates = None
    if extract:
        with store.reading() as session:
            known = session.scalar(
                select(Article.id).where(Article.sha256 == text_sha256(draft.text))
            )
        if known is None:
            candidates = extraction.extract(
                [draft.text], progress=progress, is_cancelled=is_cancelled
            )[0]
    with store.transaction() as session:
        outcome = import_draft(session, draft)
        if not outcome.created:
            return FileReport(path, Outcome.DUPLICATE, "already imported", outcome.article.id)
        claims = 0
        if candidates is not None:
            claims = apply_candidates(
                session, outcome.article, candidates, extraction.version_used()
            ).added
        message = f"imported as '{outcome.article.title}'"
        if extract:
            message += f", {claims} claim{'s' if claims != 1 else ''}"
        return FileReport(path, Outcome.IMPORTED, message, outcome.article.id, claims)


def extract_articles(
    store: Store,
    article_ids: Sequence[str],
    *,
    progress: Progress = _noop_progress,
    is_cancelled: Cancelled = _never,
    extraction: Extraction | None = None,
) -> dict[str, ExtractionOutcome]:
    """(Re-)extract claims of the given articles; articles done before a cancel stay done.

    Without `extraction`, each article goes to the detector that extracted it before
    (extractor.detector_for), a new one to the default detector.
    """
    results: dict[str, ExtractionOutcome] = {}
    for done, article_id in enumerate(article_ids):
        if is_cancelled():
            raise OperationCancelled()
        progress(done * STEPS, len(article_ids) * STEPS)
        with store.reading() as session:
            text, recorded = session.execute(
                select(Article.text, Article.extractor_version).where(Article.id == article_id)
            ).one()
        detector = extraction or detector_for(recorded)
        step = _step_progress(progress, done, len(article_ids))
        candidates = detector.extract([text], progress=step, is_cancelled=is_cancelled)[0]
        with store.transaction() as session:
            article = session.get_one(Article, article_id)
            results[article_id] = apply_candidates(
                session, article, candidates, detector.version_used()
            )
    progress(len(article_ids) * STEPS, len(article_ids) * STEPS)
    return results


def _step_progress(progress: Progress, index: int, count: int) -> Progress:
    """Report the progress inside item `index` of `count` as part of the whole job."""

    def report(done: int, total: int) -> None:
        within = STEPS * done // total if total else STEPS
        progress(index * STEPS + min(within, STEPS), count * STEPS)

    return report
