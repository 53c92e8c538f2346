"""Claims › Learn from our decisions…: learn in the background, compare, adopt only on a click.

The learning runs as a worker job whose scoring happens in a child process
(core.learning.scoring_child): the window never runs spaCy, the encoder or the fit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.learning import learn
from claimdesk.core.learning.learn import Comparison, NotEnoughDecisionsError
from claimdesk.core.learning.scoring_child import score_in_child
from claimdesk.ui.gateway import Gateway
from claimdesk.ui.workers import Task

SCORE_COLUMNS = ("Precision", "Recall", "F1")
VERSION_COLUMNS = ("Version", "In use", "Created", "By", "Decisions", "F1 held back")
FEW_HELD_BACK = 100
"""Below this many held-back decisions one or two of them can swing F1 by a few hundredths."""


class LearnDialog(QDialog):
    """Starts learning when opened; shows the comparison, then the library's model versions."""

    def __init__(self, gateway: Gateway, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("learnDialog")
        self.setWindowTitle("Learn from our decisions")
        self.gateway = gateway
        self.comparison: Comparison | None = None
        self.task: Task | None = None
        intro = QLabel(
            "Claimdesk fits a small model on top of its detector from what this library's "
            "reviewers decided: dismissed is not a claim; tagged, approved or added by hand "
            "is. A quarter of the decisions are held back to compare it with the model in use. "
            "Claims already found never change; nothing leaves this computer.",
            wordWrap=True,
        )
        self.progress = QProgressBar(objectName="learnProgress")
        self.cancel = QPushButton("Cancel", objectName="cancelLearning")
        self.cancel.clicked.connect(self._on_cancel_clicked)
        self.message = QLabel("Scoring the decisions…", objectName="learnMessage", wordWrap=True)
        self.scores = _table("comparisonTable", SCORE_COLUMNS)
        _fit_rows(self.scores, 2)
        self.scores.hide()
        self.adopt = QPushButton("Adopt this model", objectName="adoptModel", enabled=False)
        self.adopt.clicked.connect(self._on_adopt_clicked)
        self.keep = QPushButton("Keep the current one", objectName="keepCurrent")
        self.keep.clicked.connect(self.reject)
        self.in_use = QLabel(objectName="modelInUse", wordWrap=True)
        self.versions = _table("modelVersions", VERSION_COLUMNS)
        self.versions.verticalHeader().hide()
        self.versions.setMaximumHeight(200)
        self.versions.itemSelectionChanged.connect(self._on_version_selected)
        self.restore = QPushButton("Restore", objectName="restoreVersion", enabled=False)
        self.restore.clicked.connect(self._on_restore_clicked)
        self.shipped = QPushButton("Use the shipped model", objectName="useShipped")
        self.shipped.clicked.connect(lambda: self._use(None))
        running = QHBoxLayout()
        running.addWidget(self.progress, 1)
        running.addWidget(self.cancel)
        choice = QHBoxLayout()
        choice.addStretch(1)
        choice.addWidget(self.keep)
        choice.addWidget(self.adopt)
        restore = QHBoxLayout()
        restore.addStretch(1)
        restore.addWidget(self.shipped)
        restore.addWidget(self.restore)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(running)
        layout.addWidget(self.message)
        layout.addWidget(self.scores)
        layout.addLayout(choice)
        layout.addWidget(QLabel("<b>Versions of this library's model</b>"))
        layout.addWidget(self.in_use)
        layout.addWidget(self.versions)
        layout.addLayout(restore)
        self.setMinimumWidth(700)
        self._rows: list[Any] = []
        self._refresh_versions()
        self._start()

    # -- learning ----------------------------------------------------------------------

    def _start(self) -> None:
        task = self._job(
            "Learning from our decisions",
            lambda store, **kw: learn.learn(store, scorer=score_in_child, **kw),
            self._on_learned,
        )
        task.sig_progress.connect(self._on_progress)
        task.sig_cancelled.connect(lambda: self._ended("Cancelled: nothing was learnt."))
        task.sig_failed.connect(self._on_failed)
        self.task = task

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.message.setText(f"Scoring the decisions… {done} of {total}")

    def _on_cancel_clicked(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def _on_failed(self, error: object) -> None:
        if isinstance(error, NotEnoughDecisionsError):
            self._ended(str(error))
        else:
            self._ended(f"Learning failed: {error}")

    def _ended(self, text: str) -> None:
        self.task = None
        self.progress.hide()
        self.cancel.hide()
        self.message.setText(text)

    def _on_learned(self, comparison: Comparison) -> None:
        self.comparison = comparison
        verdict = (
            "The adapted model does better on them."
            if comparison.better()
            else f"The adapted model does not do better than {comparison.current_name}."
        )
        if comparison.held_back < FEW_HELD_BACK:
            verdict += " So few held back can differ by chance: judge the figures yourself."
        both = comparison.contradictory
        self._ended(
            f"{comparison.used + comparison.held_back} decisions: fitted on {comparison.used}, "
            f"compared on the {comparison.held_back} held back"
            + (f" ({both} sentences labelled both ways left out)" if both else "")
            + f". {verdict}"
        )
        rows = [
            ("Adapted (new)", comparison.adapted),
            (comparison.current_name[:1].upper() + comparison.current_name[1:], comparison.current),
        ]
        scores = [[f"{getattr(s, c.lower()):.3f}" for c in SCORE_COLUMNS] for _, s in rows]
        _fill(self.scores, scores, numeric=range(len(SCORE_COLUMNS)))
        self.scores.setVerticalHeaderLabels([name for name, _ in rows])
        self.scores.show()
        self.adopt.setEnabled(True)

    def _on_adopt_clicked(self) -> None:
        comparison = self.comparison
        if comparison is None:
            return
        self.adopt.setEnabled(False)
        reviewer = self.gateway.reviewer
        self._job(
            "Adopting the model",
            lambda store, **_: learn.adopt(store, comparison, reviewer),
            lambda version: self._switched(f"Adopted as library model {version}."),
        )

    # -- versions ----------------------------------------------------------------------

    def _refresh_versions(self) -> None:
        self._job("Model versions", lambda store, **_: learn.versions(store), self._on_versions)

    def _on_versions(self, listed: tuple[list[Any], str | None]) -> None:
        rows, problem = listed
        self._rows = rows
        current = next((f"library model {v.version}" for v in rows if v.in_use), None)
        adopted = "" if rows else " No library model has been adopted yet."
        self.in_use.setText(problem or f"In use: {current or 'the shipped model'}.{adopted}")
        _fill(
            self.versions,
            [
                [
                    str(v.version),
                    "in use" if v.in_use else "",
                    v.created_at.strftime("%Y-%m-%d %H:%M"),
                    v.created_by,
                    str(v.decisions),
                    v.f1_text(),
                ]
                for v in rows
            ],
            numeric=(0, 4, 5),
        )
        self.shipped.setEnabled(any(v.in_use for v in rows))
        self._on_version_selected()

    def _on_version_selected(self) -> None:
        row = self.versions.currentRow()
        chosen = self._rows[row] if 0 <= row < len(self._rows) else None
        self.restore.setEnabled(chosen is not None and not chosen.in_use)

    def _on_restore_clicked(self) -> None:
        row = self.versions.currentRow()
        if 0 <= row < len(self._rows):
            self._use(self._rows[row].version)

    def _use(self, version: int | None) -> None:
        reviewer = self.gateway.reviewer
        name = "the shipped model" if version is None else f"library model {version}"
        self._job(
            "Switching the model",
            lambda store, **_: learn.use(store, version, reviewer),
            lambda _: self._switched(f"In use: {name}."),
        )

    def _switched(self, text: str) -> None:
        self.message.setText(
            f"{text} New imports and re-extractions use it; claims already found are unchanged."
        )
        self._refresh_versions()

    def _job(self, title: str, function: Callable[..., Any], done: Callable[[Any], None]) -> Task:
        task = self.gateway.job(title, function)
        task.setProperty("inline_errors", True)  # said in this dialog, not in a second box
        task.sig_finished.connect(done)
        task.sig_failed.connect(lambda error: self.message.setText(str(error)))
        return task

    def done(self, result: int) -> None:
        """Closing stops the learning (its child process ends at once)."""
        if self.task is not None:
            self.task.cancel()
        super().done(result)


def _table(name: str, columns: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(columns), objectName=name)
    table.setHorizontalHeaderLabels(list(columns))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return table


def _fit_rows(table: QTableWidget, rows: int) -> None:
    """Tall enough for `rows` rows without a scroll bar (the comparison has two)."""
    height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
    table.setFixedHeight(height + rows * table.verticalHeader().defaultSectionSize())


def _fill(table: QTableWidget, rows: list[list[str]], numeric: Iterable[int] = ()) -> None:
    """Figures in the `numeric` columns are right-aligned, so their digits line up."""
    right = frozenset(numeric)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(value)
            if c in right:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
