"""One way to run background work: plain task functions on a pool, results on the GUI thread.

A task function takes `progress(done, total)` and `is_cancelled()` keywords (no Qt), like
`core.jobs`; its result or exception comes back through Qt signals, so callbacks always run
on the GUI thread (as Anki's operations and Orange's concurrent helpers do).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from claimdesk.core.errors import OperationCancelled

TaskFunction = Callable[..., Any]


class Task(QObject):
    """A handle on one piece of work: cancel it, and hear about its progress and end."""

    sig_progress = Signal(int, int)
    sig_finished = Signal(object)
    sig_failed = Signal(object)
    sig_cancelled = Signal()
    sig_ended = Signal()  # after any of the three above
    _sig_progress = Signal(int, int)
    _sig_result = Signal(str, object)

    def __init__(self, title: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self._cancel = threading.Event()
        self._last_progress = (-1, -1)
        # Emitted on the worker thread, received by this GUI-thread object: a queued call.
        self._sig_progress.connect(self._on_worker_progress)
        self._sig_result.connect(self._on_worker_result)

    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    def report_progress(self, done: int, total: int) -> None:
        """Called on the worker thread; repeats are dropped so the GUI is not flooded."""
        if (done, total) != self._last_progress:
            self._last_progress = (done, total)
            self._sig_progress.emit(done, total)

    def _on_worker_progress(self, done: int, total: int) -> None:
        self.sig_progress.emit(done, total)

    def _on_worker_result(self, kind: str, value: object) -> None:
        if kind == "finished":
            self.sig_finished.emit(value)
        elif kind == "cancelled":
            self.sig_cancelled.emit()
        else:
            self.sig_failed.emit(value)
        self.sig_ended.emit()


class _Runnable(QRunnable):
    def __init__(self, task: Task, function: TaskFunction) -> None:
        super().__init__()
        self.task = task
        self.function = function

    def run(self) -> None:
        task = self.task
        try:
            if task.is_cancelled():
                raise OperationCancelled()
            result = self.function(progress=task.report_progress, is_cancelled=task.is_cancelled)
        except OperationCancelled:
            task._sig_result.emit("cancelled", None)
        except Exception as exc:  # noqa: BLE001 - every failure is reported on the GUI thread
            task._sig_result.emit("failed", exc)
        else:
            task._sig_result.emit("finished", result)


class Worker(QObject):
    """Two lanes: jobs that write (import, extract) one at a time, and reads beside them."""

    sig_job_started = Signal(object)  # Task
    sig_job_ended = Signal(object)
    # Every live worker, so a test can check that none is left running.
    instances: ClassVar[weakref.WeakSet[Worker]] = weakref.WeakSet()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        Worker.instances.add(self)
        self._jobs = QThreadPool(self)
        self._jobs.setMaxThreadCount(1)  # one writer, like Anki: jobs never race each other
        self._reads = QThreadPool(self)
        self._reads.setMaxThreadCount(1)
        self._running: dict[Task, _Runnable] = {}

    def job(self, title: str, function: TaskFunction) -> Task:
        """Queue long work shown with a progress bar and a Cancel button."""
        task = self._start(self._jobs, title, function)
        task.sig_ended.connect(lambda: self.sig_job_ended.emit(task))
        self.sig_job_started.emit(task)
        return task

    def read(self, title: str, function: TaskFunction) -> Task:
        """Run a quick read off the GUI thread (opening a large article, say)."""
        return self._start(self._reads, title, function)

    def is_idle(self) -> bool:
        return not self._running

    def active_threads(self) -> int:
        return self._jobs.activeThreadCount() + self._reads.activeThreadCount()

    def shutdown(self, timeout_ms: int = 30_000) -> bool:
        """Cancel everything and wait for the threads; True if they all stopped in time."""
        for task in list(self._running):
            task.cancel()
        return self._jobs.waitForDone(timeout_ms) and self._reads.waitForDone(timeout_ms)

    def _start(self, pool: QThreadPool, title: str, function: TaskFunction) -> Task:
        task = Task(title, self)
        runnable = _Runnable(task, function)
        runnable.setAutoDelete(False)  # Python owns it until the task has ended
        self._running[task] = runnable
        task.sig_ended.connect(lambda: self._forget(task))
        pool.start(runnable)
        return task

    def _forget(self, task: Task) -> None:
        self._running.pop(task, None)
        task.deleteLater()
