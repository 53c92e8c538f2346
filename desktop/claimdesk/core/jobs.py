"""Long-running work shared by the command line and the window's background worker.

Each job takes plain `progress(done, total)` and `is_cancelled()` callables (no Qt), runs
spaCy (loaded only on first use) outside any transaction, and commits a batch of imported
files (each article in a savepoint) or one extracted article per transaction, so a cancel
or a bad file never leaves anything half-written.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from claimdesk.core.errors import ClaimdeskError, ImportFailure, OperationCancelled, StoreError
from claimdesk.core.extraction.extractor import (
    IN_THIS_PROCESS,
    Candidate,
    Extraction,
    detector_for,
)
from claimdesk.core.import_report import FileReport as FileReport  # re-exported
from claimdesk.core.import_report import Outcome as Outcome  # re-exported
from claimdesk.core.importing import ArticleDraft, expand_paths, readable_name, text_sha256
from claimdesk.core.memory import give_back_memory
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


def _noop_progress(done: int, total: int) -> None:
    return None


def _never() -> bool:
    return False


BATCH_FILES = 50
BATCH_CHARS = 2_000_000
"""A batch of imported files ends at either limit. Its new texts are extracted together
(spaCy batches across articles) and committed in one transaction: a crash loses one batch
at most, and memory holds one batch whatever the number of files."""
READ_STEPS = STEPS // 5
"""Of a file's share of the progress bar, what reading it takes (a rough guess)."""


@dataclass(frozen=True, slots=True)
class _Read:
    index: int  # the file's place among all, so reports keep the files' order
    label: str
    draft: ArticleDraft
    digest: str


def import_paths(
    store: Store,
    paths: Iterable[Path],
    *,
    extract: bool = True,
    progress: Progress = _noop_progress,
    is_cancelled: Cancelled = _never,
    extraction: Extraction = IN_THIS_PROCESS,
    read_limit: float = READ_LIMIT_SECONDS,
    batch: int = BATCH_FILES,
) -> list[FileReport]:
    """Import files and folders `batch` files at a time; failures are reported, not raised.

    Files are parsed in a child process (see reader_process), and one that takes longer
    than `read_limit` seconds is refused. A text already in the library is reported as such
    and never extracted, so a re-run of an interrupted import soon reaches the files it had
    not. The others of a batch are extracted together and committed in one transaction, each
    article in a savepoint: a file whose claims cannot be extracted or stored is not imported
    and the rest are. Only an error of the library itself (StoreError: full, busy, read-only)
    or a cancel stops the import; the batches committed before it stay.
    """
    items: list[Path | ImportFailure] = []
    for item in expand_paths(paths):  # a folder tree can be large: Cancel works meanwhile
        if is_cancelled():
            raise OperationCancelled()
        items.append(item)
    total = len(items) * STEPS
    reports: list[tuple[int, FileReport]] = []
    with FileReader(read_limit) as reader:
        if any(isinstance(item, Path) for item in items):
            reader.start(is_cancelled)  # before numpy starts its threads: it may be forked
        if extract:
            # Imported where used, here and below: the learning layer brings numpy, which a
            # window that only imports this module for its types must not load as it starts.
            from claimdesk.core.learning.applied import with_library_model

            with store.reading() as session:
                extraction = with_library_model(session, extraction)
        first = 0
        while first < len(items):
            read, end = _read_batch(reader, items, first, batch, reports, progress, is_cancelled)
            rest = _part(progress, first * STEPS + (end - first) * READ_STEPS, end * STEPS, total)
            reports += _import_batch(store, read, extract, rest, is_cancelled, extraction)
            first = end
    progress(total, total)
    give_back_memory()  # texts and claims by the megabyte: the window keeps running
    return [report for _, report in sorted(reports, key=lambda pair: pair[0])]


def _read_batch(
    reader: FileReader,
    items: Sequence[Path | ImportFailure],
    first: int,
    batch: int,
    failures: list[tuple[int, FileReport]],
    progress: Progress,
    is_cancelled: Cancelled,
) -> tuple[list[_Read], int]:
    """Read files from `first` on until the batch is full (its failures go to `failures`);
    returns the drafts read and where the next batch starts."""
    read: list[_Read] = []
    chars = 0
    index = first
    while index < len(items) and index - first < batch and chars < BATCH_CHARS:
        if is_cancelled():
            raise OperationCancelled()
        progress(first * STEPS + (index - first) * READ_STEPS, len(items) * STEPS)
        item = items[index]
        if isinstance(item, ImportFailure):
            failures.append((index, FileReport(item.path, Outcome.FAILED, item.reason)))
        else:
            label = readable_name(str(item))
            try:
                draft = reader.read(item, is_cancelled)
            except ImportFailure as failure:
                failures.append((index, FileReport(label, Outcome.FAILED, failure.reason)))
            else:
                read.append(_Read(index, label, draft, text_sha256(draft.text)))
                chars += len(draft.text)
        index += 1
    return read, index


def _import_batch(
    store: Store,
    read: list[_Read],
    extract: bool,
    progress: Progress,
    is_cancelled: Cancelled,
    extraction: Extraction,
) -> list[tuple[int, FileReport]]:
    """Extract the batch's new texts together, then store them in one transaction."""
    reports: list[tuple[int, FileReport]] = []
    known = _known(store, read)
    first_of: dict[str, int] = {}  # digest -> the batch's first file with that text
    new: list[_Read] = []
    for file in read:
        article_id = known.get(file.digest) or known.get(file.draft.earlier_sha256 or "")
        if article_id is not None:
            duplicate = FileReport(file.label, Outcome.DUPLICATE, "already imported", article_id)
            reports.append((file.index, duplicate))
        else:
            new.append(file)  # a later copy is stored after the first: import_draft finds it
            first_of.setdefault(file.digest, file.index)
    firsts = [file for file in new if first_of[file.digest] == file.index]
    extracted = _extract(firsts, progress, is_cancelled, extraction) if extract else {}
    from claimdesk.core.learning.applied import highlight_cut

    version = extraction.version_used() if extracted else None
    cut = highlight_cut(extraction, version)
    with store.transaction() as session:
        for file in new:
            found = extracted.get(first_of[file.digest])
            if isinstance(found, FileReport):
                reports.append((file.index, FileReport(file.label, found.outcome, found.message)))
            else:
                reports.append((file.index, _store(session, file, found, version, cut)))
    return reports


def _known(store: Store, read: list[_Read]) -> dict[str, str]:
    """Digest -> article id of the batch's texts already in the library, in one query."""
    digests = {f.digest for f in read} | {f.draft.earlier_sha256 or "" for f in read}
    with store.reading() as session:
        query = select(Article.sha256, Article.id).where(Article.sha256.in_(digests))
        return {digest: article_id for digest, article_id in session.execute(query)}


def _extract(
    files: list[_Read], progress: Progress, is_cancelled: Cancelled, extraction: Extraction
) -> dict[int, list[Candidate] | FileReport]:
    """Each file's candidates, extracted together; if that fails, each file alone, so that
    only the one to blame fails (a text that kills the extraction child, or spaCy)."""
    if not files:
        return {}
    try:
        found = extraction.extract(
            [f.draft.text for f in files], progress=progress, is_cancelled=is_cancelled
        )
        return {f.index: candidates for f, candidates in zip(files, found, strict=True)}
    except (StoreError, SQLAlchemyError, OperationCancelled):
        raise  # the library or the user stops the import; no file is to blame
    except Exception as error:  # noqa: BLE001 - one file's text, or several
        if len(files) == 1:
            return {files[0].index: _failure(files[0].label, error)}
    return {f.index: _alone(f, extraction, is_cancelled) for f in files}


def _alone(
    file: _Read, extraction: Extraction, is_cancelled: Cancelled
) -> list[Candidate] | FileReport:
    try:
        return extraction.extract([file.draft.text], is_cancelled=is_cancelled)[0]
    except (StoreError, SQLAlchemyError, OperationCancelled):
        raise
    except Exception as error:  # noqa: BLE001 - reported as this file's failure
        return _failure(file.label, error)


def _store(
    session: Session,
    file: _Read,
    candidates: list[Candidate] | None,
    version: str | None,
    cut: float | None,
) -> FileReport:
    """Add one article (and its claims) in a savepoint of the batch's transaction."""
    try:
        with session.begin_nested():
            outcome = import_draft(session, file.draft)
            article = outcome.article
            if not outcome.created:
                return FileReport(file.label, Outcome.DUPLICATE, "already imported", article.id)
            message = f"imported as '{article.title}'"
            claims = 0
            if candidates is not None and version is not None:
                claims = apply_candidates(session, article, candidates, version, cut).added
                message += f", {claims} claim{'s' if claims != 1 else ''}"
            return FileReport(file.label, Outcome.IMPORTED, message, article.id, claims)
    except (StoreError, SQLAlchemyError):
        raise  # the library stops the import: the batch's transaction rolls back
    except Exception as error:  # noqa: BLE001 - our code, on this file's text: rolled back
        return _failure(file.label, error)


def _failure(label: str, error: Exception) -> FileReport:
    if isinstance(error, ClaimdeskError):  # ExtractionError: the extraction child failed
        return FileReport(label, Outcome.FAILED, f"{error}; not imported")
    _log.error("%s: internal error while importing", label, exc_info=error)
    reason = f"internal error while importing it ({type(error).__name__}); not imported"
    return FileReport(label, Outcome.FAILED, reason)


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
    (extractor.detector_for), a new one to the default detector; either way with the
    library's adopted model on top, if it has one.
    """
    from claimdesk.core.learning.applied import highlight_cut, with_library_model

    results: dict[str, ExtractionOutcome] = {}
    for done, article_id in enumerate(article_ids):
        if is_cancelled():
            raise OperationCancelled()
        progress(done * STEPS, len(article_ids) * STEPS)
        with store.reading() as session:
            text, recorded = session.execute(
                select(Article.text, Article.extractor_version).where(Article.id == article_id)
            ).one()
            detector = with_library_model(session, extraction or detector_for(recorded))
        step = _part(progress, done * STEPS, (done + 1) * STEPS, len(article_ids) * STEPS)
        candidates = detector.extract([text], progress=step, is_cancelled=is_cancelled)[0]
        with store.transaction() as session:
            article = session.get_one(Article, article_id)
            version = detector.version_used()
            results[article_id] = apply_candidates(
                session, article, candidates, version, highlight_cut(detector, version)
            )
    progress(len(article_ids) * STEPS, len(article_ids) * STEPS)
    give_back_memory()
    return results


def _part(progress: Progress, low: int, high: int, total: int) -> Progress:
    """Report the progress of a part of the job as the bar's stretch from `low` to `high`."""

    def report(done: int, of: int) -> None:
        within = (high - low) * done // of if of else high - low
        progress(low + min(within, high - low), total)

    return report
