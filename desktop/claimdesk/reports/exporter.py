"""The one entry point for every report format: validate, snapshot, render, write atomically."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from claimdesk.core.errors import ClaimdeskError, ValidationError
from claimdesk.core.store import Store
from claimdesk.core.urls import normalise_url
from claimdesk.reports.claimreview import render_claimreview
from claimdesk.reports.collect import ReportData, collect
from claimdesk.reports.context import RenderContext
from claimdesk.reports.html import render_html, report_title
from claimdesk.reports.markdown import render_markdown
from claimdesk.reports.tabular import CSV_ENCODING, render_csv, render_json

FORMATS = ("html", "pdf", "md", "csv", "json", "claimreview")
SUFFIXES = {
    "html": ".html",
    "pdf": ".pdf",
    "md": ".md",
    "csv": ".csv",
    "json": ".json",
    "claimreview": ".jsonld",
}


class ExportError(ClaimdeskError):
    """The report cannot be written where asked; the message names the file or folder."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path
    articles: int
    claims: int


Writer = Callable[[ReportData, RenderContext, Path], None]


def export(
    store: Store,
    fmt: str,
    out: Path,
    *,
    article_ids: Sequence[str] | None = None,
    statuses: Sequence[str] | None = None,
    organisation: str = "",
    report_url: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    is_cancelled: Callable[[], bool] | None = None,
) -> ExportResult:
    """Write a report of the chosen articles and claims to `out`, all or nothing.

    Data is read in one snapshot, then rendered; progress counts one step per article plus
    one for writing the file. The file appears only when complete (written beside it under
    a temporary name, then renamed over it), so a failure or cancel leaves no partial file.

    Args:
        organisation: who publishes the report (header, and the ClaimReview author).
        report_url: where the HTML report will be published; ClaimReview `url`s point into it.

    Raises:
        ValidationError: unknown format or status, or an unusable report URL.
        NotFoundError: an unknown article id.
        ExportError: the target folder is missing or not writable, or writing failed.
        OperationCancelled: `is_cancelled()` returned True; nothing was written.
    """
    writer = _writer(fmt)
    target = _check_target(Path(out))
    if report_url is not None:
        report_url = normalise_url(report_url, "report URL")
    context = RenderContext(organisation.strip(), report_url, progress, is_cancelled)
    context.check()
    report = collect(store, article_ids=article_ids, statuses=statuses)
    context.start(len(report.articles) + 1)
    write_atomically(target, lambda path: writer(report, context, path), context.check)
    context.advance()
    return ExportResult(target, len(report.articles), report.claims)


def write_atomically(
    target: Path, write: Callable[[Path], None], before_commit: Callable[[], None] | None = None
) -> None:
    """Write through a temporary file in the target's folder, then rename it into place.

    The temporary file is created like any new file (so it gets the user's usual
    permissions) and removed if anything, a cancel included, stops the write.
    """
    temp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    try:
        os.close(os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    except OSError as exc:
        raise ExportError(f"{target.parent}: cannot write there ({exc.strerror})") from None
    try:
        write(temp)
        if before_commit is not None:
            before_commit()
        os.replace(temp, target)
    except OSError as exc:
        raise ExportError(f"{target}: cannot be written ({exc.strerror})") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def _writer(fmt: str) -> Writer:
    key = fmt.strip().lower()
    writers: dict[str, Writer] = {
        "html": _text(render_html),
        "pdf": _write_pdf,
        "md": _text(render_markdown),
        "csv": _text(render_csv, CSV_ENCODING),
        "json": _text(render_json),
        "claimreview": _text(render_claimreview),
    }
    if key not in writers:
        raise ValidationError("format", f"'{fmt}' is not one of {', '.join(FORMATS)}")
    return writers[key]


def _text(render: Callable[[ReportData, RenderContext], str], encoding: str = "utf-8") -> Writer:
    def write(report: ReportData, context: RenderContext, path: Path) -> None:
        content = render(report, context)
        context.check()
        path.write_text(content, encoding=encoding, newline="")

    return write


def _write_pdf(report: ReportData, context: RenderContext, path: Path) -> None:
    from claimdesk.reports.pdf import write_pdf  # Qt loads only when a PDF is asked for

    html = render_html(report, context, pdf=True)
    context.check()
    write_pdf(html, path, title=report_title(report))


def _check_target(out: Path) -> Path:
    """Refuse early, before any work, a target that can never be written."""
    out = out.expanduser()
    if out.is_dir():
        raise ExportError(f"{out}: is a folder; give a file name such as report.html")
    folder = out.parent if str(out.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"{folder}: no such folder")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"{folder}: folder is not writable")
    return out.absolute()
