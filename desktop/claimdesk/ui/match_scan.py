"""Keeps the stored matches (the dashboard's "checked before") current, in the background.

The scan (core.factchecks.stored) runs as a job, shown in the status bar with its progress
and Cancel, whenever claims need matching: at start, after fact-checks or articles are
imported or claims extracted (any other job), after the thresholds change, and after an
edit. It gives way: another job queued while it runs stops it at the next claim (the
batches written stay; the job ends as done, not cancelled) and it starts again once that
job is done. More than CHILD_FROM claims are matched in a child process (see
core.factchecks.scan_child), so the window's event loop never waits on the scan. A
reviewer's Cancel is
respected until something new needs matching (an import, a new threshold), not undone by
the next edit.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from claimdesk.core.errors import OperationCancelled
from claimdesk.ui.edit_controller import EditController
from claimdesk.ui.workers import Task

if TYPE_CHECKING:  # the scan loads on the job lane when it first runs, not at start-up
    from claimdesk.core.factchecks.stored import ScanSummary
    from claimdesk.ui.gateway import Store  # a type only: the gateway opens it

TITLE = "Matching claims against earlier checks"
IDLE_MS = 1500  # after start or an edit: let the window settle (and edits come in bursts)
# Fewer claims are matched in this process: a child costs a second to start, ~20 ms a claim.
CHILD_FROM = 100


class MatchScanner(QObject):
    sig_pending = Signal(int)  # claims whose stored matches are missing or out of date
    sig_stored_changed = Signal()  # what the dashboard filters on changed

    def __init__(self, edits: EditController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.gateway = edits.gateway
        self.worker = self.gateway.worker
        self.task: Task | None = None
        self._starting = False
        self._others = 0  # other jobs queued or running
        self._give_way = threading.Event()  # read by the scan on the job lane
        self._stopped = False  # the reviewer cancelled it
        self._timer = QTimer(self, singleShot=True, interval=IDLE_MS)
        self._timer.timeout.connect(self._count)
        self.worker.sig_job_started.connect(self._on_job_started)
        self.worker.sig_job_ended.connect(self._on_job_ended)
        edits.sig_claim_changed.connect(self._on_claim_changed)

    def wake(self) -> None:
        """Something new needs matching (imported, a new threshold): scan even if cancelled."""
        self._stopped = False
        self._timer.start(0)

    def schedule(self) -> None:
        """Count what needs matching once the window is idle, and scan it."""
        self._timer.start()

    def _on_claim_changed(self, _claim_id: str, _replayed: bool) -> None:
        self.schedule()  # an edited claim is matched again

    def _count(self) -> None:
        task = self.gateway.fetch("Counting claims to match", self.gateway.match_pending)
        task.sig_finished.connect(self._on_counted)

    def _on_counted(self, pending: int) -> None:
        self.sig_pending.emit(pending)
        if pending and self.task is None and not self._others and not self._stopped:
            self._start(pending)

    def _start(self, pending: int) -> None:
        self._starting = True
        try:
            self._give_way.clear()
            here = pending < CHILD_FROM
            self.task = self.gateway.job(TITLE, functools.partial(self._scan, here=here))
        finally:
            self._starting = False
        self.task.setProperty("inline_errors", True)  # said in the status bar, not a dialog
        self.task.sig_progress.connect(lambda done, total: self.sig_pending.emit(total - done))
        self.task.sig_finished.connect(self._on_finished)
        self.task.sig_cancelled.connect(self._on_cancelled)
        self.task.sig_failed.connect(lambda _error: self.sig_pending.emit(pending))

    def _scan(
        self,
        store: Store,
        *,
        here: bool,
        progress: Callable[[int, int], None],
        is_cancelled: Callable[[], bool],
    ) -> ScanSummary | None:
        """The job (on the job lane): None when it gave way to another job."""
        from claimdesk.core.factchecks.scan_child import scan_in_child
        from claimdesk.core.factchecks.stored import scan

        stop = lambda: is_cancelled() or self._give_way.is_set()  # noqa: E731
        try:
            if here:
                return scan(store, progress=progress, is_cancelled=stop)
            database = store.engine.url.render_as_string(hide_password=False)
            return scan_in_child(database, progress=progress, is_cancelled=stop)
        except OperationCancelled:
            if is_cancelled():
                raise
            return None

    def _on_job_started(self, task: Task) -> None:
        if self._starting:
            return
        self._others += 1
        if self.task is not None:
            self._give_way.set()

    def _on_job_ended(self, task: Task) -> None:
        if task is self.task:
            self.task = None
            return
        if not self._starting and self._others:
            self._others -= 1
        self.wake()  # fact-checks or articles came in: match them

    def _on_finished(self, summary: ScanSummary | None) -> None:
        if summary is None or summary.scanned:
            self.sig_stored_changed.emit()
        if summary is None:  # gave way: started again when the other job ends
            self._count()
            return
        self.sig_pending.emit(summary.left)
        if summary.left:
            self.schedule()

    def _on_cancelled(self) -> None:
        self._stopped = True
        self.sig_stored_changed.emit()  # the batches written before count
        self._count()
