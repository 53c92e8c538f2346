"""The one entry point for every report format: validate, snapshot, render, write atomically."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from claimdesk.core.errors import ValidationError
from claimdesk.core.store import Store
from claimdesk.core.urls import href, is_safe_link, normalise_url
from claimdesk.reports.collect import collect
from claimdesk.reports.context import RenderContext
from claimdesk.reports.errors import ExportError
from claimdesk.reports.formats import SUFFIXES, export_format
from claimdesk.reports.selection import choose
from claimdesk.reports.view import counted

# The hidden temporary file a report is written to before it is renamed into place:
# ".NAME.XXXXXXXX.part", NAME ending in the report's suffix (added when the target's name has
# none of ours). One a killed export left behind is removed by the next export to that folder,
# once it is older than any write could take (a report is written as it is rendered: the file
# lives as long as the export, minutes for a large PDF). Only names of that form are ours to remove:
# the user's folder may hold other programs' ".thesis.docx.0123abcd.part".
_REPORT_SUFFIX = "|".join(re.escape(suffix) for suffix in SUFFIXES.values())
_PART = re.compile(rf"\..+(?i:{_REPORT_SUFFIX})\.[0-9a-f]{{8}}\.part")
STALE_PART_SECONDS = 15 * 60
# The library's own files: exporting over any of them would destroy the library.
_LIBRARY_SUFFIXES = ("", "-wal", "-shm", "-journal")


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    articles: int  # articles written, with at least one claim unless none was filtered
    claims: int  # claims written: for ClaimReview, the items in the file

    @property
    def summary(self) -> str:
        """ "1 article, 7 claims": what the command line and the window both say."""
        return f"{counted(self.articles, 'article')}, {counted(self.claims, 'claim')}"


def export(
    store: Store,
    fmt: str,
    out: Path,
    *,
    article_ids: Sequence[str] | None = None,
    statuses: Sequence[str] | None = None,
    kind: str | None = None,
    include_unreviewed: bool | None = None,
    include_dismissed: bool = False,
    include_unapproved: bool = False,
    organisation: str = "",
    report_url: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> ExportResult:
    """Write a report of the chosen articles and claims to `out`, all or nothing.

    Data is read in one snapshot, a chunk of articles at a time, and each article is written
    as it is rendered, so memory does not grow with the report; progress counts one step per
    article plus one for finishing the file. The file appears only when complete (written
    beside it under a temporary name, then renamed over it), so a failure, a cancel or an
    interrupt (Ctrl+C) leaves no partial file.

    Args:
        statuses, kind, include_*: which claims and how much of them (see selection.choose).
        organisation: who publishes the report (header, and the ClaimReview author).
        report_url: where the HTML report will be published; ClaimReview `url`s point into it.

    Raises:
        ValidationError: unknown format, kind or status, an unusable report URL, or (for
            ClaimReview) no organisation or report URL; `field` names which.
        NotFoundError: an unknown article id.
        ExportError: the target folder is missing or not writable, the target is the library
            itself, or writing failed (a full disk included).
        OperationCancelled: `is_cancelled()` returned True; nothing was written.
    """
    chosen = export_format(fmt)
    selection = choose(
        kinds=chosen.kinds,
        verdicts_only=chosen.claimreview,
        kind=kind,
        statuses=statuses,
        include_unreviewed=include_unreviewed,
        include_dismissed=include_dismissed,
        include_unapproved=include_unapproved,
    )
    organisation = organisation.strip()
    report_url = (report_url or "").strip() or None
    if chosen.claimreview and (missing := missing_for_claimreview(organisation, report_url)):
        raise ValidationError(missing[0], "is required for ClaimReview (search engines need it)")
    target = _check_target(Path(out), store.path)
    if report_url is not None:
        report_url = _report_url(report_url)
    context = RenderContext(organisation, report_url, progress, is_cancelled)
    context.check()
    with collect(store, article_ids=article_ids, selection=selection) as report:
        context.start(len(report.summaries) + 1)
        write_atomically(target, _checked(chosen.render(report, context), context), chosen.suffix)
        context.advance()
        return ExportResult(target, len(report.summaries), report.claims)


def _checked(pieces: Iterable[bytes], context: RenderContext) -> Iterator[bytes]:
    """The pieces, then one more cancel check: a cancel during the last one still counts."""
    yield from pieces
    context.check()


def missing_for_claimreview(organisation: str, report_url: str | None) -> list[str]:
    """The fields ClaimReview needs that are empty: its author's name and its `url`."""
    missing = [] if organisation.strip() else ["organisation"]
    return missing + ([] if (report_url or "").strip() else ["report URL"])


def write_atomically(target: Path, pieces: Iterable[bytes], suffix: str) -> None:
    """Write `pieces` to a temporary file in the target's folder, then rename it into place.

    The data is flushed to the disk and its size checked before the rename, so a full disk
    is reported instead of leaving a truncated report. The temporary file is created like any
    new file (so it gets the user's usual permissions) and removed if the write fails or
    anything producing the pieces raises. Its name carries the report's `suffix`, so a later
    export knows it as one of its own.
    """
    remove_stale_parts(target.parent)
    name = target.name if target.name.lower().endswith(suffix) else target.name + suffix
    temp = target.with_name(f".{name}.{secrets.token_hex(4)}.part")
    try:
        handle = temp.open("xb")
    except OSError as exc:
        raise _write_error(target.parent, exc, "cannot write there") from None
    try:
        with handle:
            size = 0
            for piece in pieces:
                handle.write(piece)
                size += len(piece)
            handle.flush()
            os.fsync(handle.fileno())
            written = os.fstat(handle.fileno()).st_size
        if written != size:
            raise OSError(errno.EIO, f"only {written} of {size} bytes were written")
        os.replace(temp, target)
    except OSError as exc:
        raise _write_error(target, exc, "cannot be written") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def remove_stale_parts(folder: Path) -> None:
    """Delete the temporary files killed exports left in `folder` (ours, and old, only)."""
    limit = time.time() - STALE_PART_SECONDS
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if not _PART.fullmatch(entry.name):
                continue
            with contextlib.suppress(OSError):
                info = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(info.st_mode) and info.st_mtime < limit:
                    os.unlink(entry.path)


def _write_error(path: Path, exc: OSError, what: str) -> ExportError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return ExportError(f"{path}: disk full, report not written")
    if exc.errno == errno.EFBIG:
        return ExportError(
            f"{path}: file too large for this disk or size limit, report not written"
        )
    return ExportError(f"{path}: {what} ({exc.strerror}); report not written")


def _report_url(raw: str) -> str:
    url = normalise_url(raw, "report URL")
    if not is_safe_link(url):
        raise ValidationError("report URL", "is not a usable web address")
    return href(url)


def _check_target(out: Path, library: Path | None) -> Path:
    """Refuse early, before any work, a target that can never be written or must not be."""
    out = out.expanduser()
    if out.is_dir():
        raise ExportError(f"{out}: is a folder; give a file name such as report.html")
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"{folder}: no such folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"{folder}: folder is not writable")
    if library is not None and _is_library_file(out, library):
        raise ExportError(
            f"{out}: is the library ({library}) or one of its files; choose another file name"
        )
    return out.absolute()


def _is_library_file(out: Path, library: Path) -> bool:
    """True if `out` names the library or its journal by any path, symlinks and hard links
    (same device and inode) included.

    In the library's own folder a name differing only in case or Unicode composition counts
    too: on a case-insensitive disk (macOS, Windows) "LIB.sqlite3-JOURNAL" is the journal,
    created by SQLite only while it writes, so no path or inode shows it beforehand.
    """
    own = [library.with_name(library.name + suffix) for suffix in _LIBRARY_SUFFIXES]
    if out.resolve() in {path.resolve() for path in own}:
        return True
    if _same_folder(out.parent, library.parent) and _folded(out.name) in {
        _folded(path.name) for path in own
    }:
        return True
    identity = _identity(out)
    return identity is not None and identity in {_identity(path) for path in own}


def _same_folder(one: Path, other: Path) -> bool:
    try:
        return os.path.samefile(one, other)
    except OSError:
        return False


def _folded(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold()


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino
