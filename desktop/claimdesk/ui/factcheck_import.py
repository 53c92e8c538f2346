"""File › Import fact-checks…: ClaimReview JSON-LD or CSV files, imported on the job lane.

Each file is one transaction (core.factchecks.library): a file that cannot be read is
refused whole and named, the others are still imported; records left out of a file are
listed one line each when the job is done.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from claimdesk.core.errors import ImportFailure, OperationCancelled
from claimdesk.ui import import_flow
from claimdesk.ui.window_state import WindowState

if TYPE_CHECKING:
    from claimdesk.core.factchecks.library import ImportSummary
    from claimdesk.ui.gateway import Store  # a type only: the gateway opens it

FILTER = "Fact-checks (*.json *.jsonld *.csv);;All files (*)"


@dataclass
class FactCheckImport:
    imported: list[ImportSummary] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # one line per file not imported

    def summary(self) -> str:
        added = sum(s.added for s in self.imported)
        updated = sum(s.updated for s in self.imported)
        left_out = sum(len(s.problems) for s in self.imported)
        parts = [f"Fact-checks: {added} imported", f"{updated} updated"]
        parts += [f"{left_out} records refused"] if left_out else []
        parts += [f"{len(self.refused)} files refused"] if self.refused else []
        return ", ".join(parts)

    def problems(self) -> list[str]:
        lines = list(self.refused)
        for done in self.imported:
            lines += [f"{done.path.name}: {problem}" for problem in done.problems]
        return lines


def import_factchecks(
    store: Store,
    *,
    paths: Sequence[Path],
    progress: Callable[[int, int], None],
    is_cancelled: Callable[[], bool],
) -> FactCheckImport:
    """The job: file by file, cancelled between two files."""
    from claimdesk.core.factchecks.library import import_file  # on first use, not at start-up

    done = FactCheckImport()
    for n, path in enumerate(paths):
        if is_cancelled():
            raise OperationCancelled()
        progress(n, len(paths))
        try:
            done.imported.append(import_file(store, path))
        except ImportFailure as exc:
            done.refused.append(str(exc))
    progress(len(paths), len(paths))
    return done


def ask_for_files(parent: QWidget, state: WindowState) -> list[Path]:
    return import_flow.ask_for_files(
        parent, state, "Import fact-checks", FILTER, folder_key="factchecks/folder"
    )


def show_problems(parent: QWidget, result: FactCheckImport) -> QMessageBox | None:
    """List what was refused, without blocking the window."""
    lines = result.problems()
    if not lines:
        return None
    box = QMessageBox(
        QMessageBox.Icon.Warning, "Import fact-checks", result.summary(), parent=parent
    )
    box.setObjectName("factcheckImportReport")
    box.setInformativeText(f"{len(lines)} problem(s); the rest was imported.")
    box.setDetailedText("\n".join(lines))
    box.open()
    return box
