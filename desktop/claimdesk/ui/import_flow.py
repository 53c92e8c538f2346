"""The two ends of an import around the background job: picking files, and saying how it went."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from claimdesk.core.import_report import FileReport, Outcome
from claimdesk.ui.window_state import WindowState

FILTER = "Articles (*.txt *.md *.markdown *.html *.htm);;All files (*)"


def ask_for_files(
    parent: QWidget,
    state: WindowState,
    title: str = "Import articles",
    file_filter: str = FILTER,
    folder_key: str = "import/folder",
) -> list[Path]:
    """A file dialog that starts where the last import of its kind was taken from."""
    start = str(state.value(folder_key, str(Path.home())))
    names, _ = QFileDialog.getOpenFileNames(parent, title, start, file_filter)
    if names:
        state.set_value(folder_key, str(Path(names[0]).parent))
    return [Path(n) for n in names]


def summary(reports: Sequence[FileReport]) -> str:
    new = sum(r.outcome == Outcome.IMPORTED for r in reports)
    failed = sum(r.outcome == Outcome.FAILED for r in reports)
    dupes = len(reports) - new - failed
    parts = [f"Imported {new}"] + ([f"{dupes} already there"] if dupes else [])
    return ", ".join(parts + ([f"{failed} failed"] if failed else []))


def article_to_open(reports: Sequence[FileReport]) -> str | None:
    """The first new article, else the first one that was already there."""
    new = (r.article_id for r in reports if r.outcome == Outcome.IMPORTED)
    return next(new, None) or next((r.article_id for r in reports if r.article_id), None)


def show_failures(parent: QWidget, reports: Sequence[FileReport]) -> None:
    """List the files that could not be imported, without blocking the window."""
    failed = [r for r in reports if r.outcome == Outcome.FAILED]
    if not failed:
        return
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        "Import",
        f"{len(failed)} file(s) could not be imported.",
        parent=parent,
    )
    box.setObjectName("importReport")
    box.setDetailedText("\n".join(r.line() for r in failed))
    box.open()
