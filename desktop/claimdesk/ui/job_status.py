"""The status-bar corner that shows a background job: what it is, how far along, and Cancel."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget

from claimdesk.ui.workers import Task


class JobStatus(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(objectName="jobLabel")
        self.progress = QProgressBar(objectName="jobProgress", maximumWidth=180, textVisible=False)
        self.cancel_button = QPushButton("Cancel", objectName="jobCancel")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.progress)
        layout.addWidget(self.cancel_button)
        self._task: Task | None = None
        self.hide()

    def track(self, task: Task) -> None:
        """Show a job until it ends; Cancel asks it to stop at its next check."""
        self._task = task
        self.label.setText(task.title + "…")
        self.progress.setRange(0, 0)  # busy until the first progress report
        self.cancel_button.setEnabled(True)
        self.cancel_button.clicked.connect(task.cancel)
        task.sig_progress.connect(self._on_task_progress)
        task.sig_ended.connect(lambda: self._on_task_ended(task))
        self.show()

    def _on_task_progress(self, done: int, total: int) -> None:
        if total <= 1 and done < total:
            self.progress.setRange(0, 0)  # one step that is not done yet: just show activity
            return
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _on_task_ended(self, task: Task) -> None:
        self.cancel_button.clicked.disconnect(task.cancel)
        if self._task is task:
            self._task = None
            self.hide()
