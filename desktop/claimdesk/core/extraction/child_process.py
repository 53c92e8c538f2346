"""Extraction in a child process, for the window: spaCy never competes with the GUI for the GIL.

Loading the model and parsing hold Python's global lock for up to 200 ms at a time
(measured while a 2 MB article extracted), so in a worker thread they froze the window.
A child process has an interpreter of its own. One child starts on first use and keeps
the pipeline loaded between jobs; if it dies, the job in hand fails with a clear message
and the next one starts a new child.
"""

from __future__ import annotations

import atexit
import gc
import os
import threading
import time
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from multiprocessing.synchronize import Event
from typing import NoReturn

from claimdesk.core.child_processes import CONTEXT, exit_with_parent, start_child, stop_child
from claimdesk.core.errors import ClaimdeskError, OperationCancelled
from claimdesk.core.extraction.extractor import EXTRACTOR_VERSION, Candidate
from claimdesk.core.extraction.switches import PIPELINE_SWITCHES
from claimdesk.core.memory import give_back_memory

_POLL_SECONDS = 0.05
_CANCEL_GRACE = 5.0  # seconds a child may take to notice Cancel before it is killed


class ExtractionError(ClaimdeskError):
    """The extraction process failed or ended; the message says why."""


_shared: ExtractionProcess | None = None


def shared() -> ExtractionProcess:
    """The one extraction process of this app, started on first use, stopped at exit."""
    global _shared
    if _shared is None:
        _shared = ExtractionProcess()
        atexit.register(_shared.close)
    return _shared


def _pipeline_settings() -> tuple[str | None, ...]:
    """The environment that chooses the child's pipeline (rules only, the encoder, its file)."""
    return tuple(os.environ.get(name) for name in PIPELINE_SWITCHES)


class ExtractionProcess:
    """Runs `extractor.extract` in a long-lived child process, one job at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: BaseProcess | None = None
        self._connection: Connection | None = None
        self._cancel: Event = CONTEXT.Event()
        self._version = EXTRACTOR_VERSION
        self._notice: str | None = None
        self._settings = _pipeline_settings()

    def extract(
        self,
        texts: Sequence[str],
        *,
        progress: Callable[[int, int], None] | None = None,
        is_cancelled: Callable[[], bool] | None = None,
        threshold: float | None = None,
    ) -> list[list[Candidate]]:
        """Same contract as `extractor.extract`: candidates per text, or OperationCancelled."""
        with self._lock:
            connection = self._start()
            self._cancel.clear()
            try:
                try:
                    connection.send((list(texts), threshold))
                except OSError:  # the child died before it could take the job
                    self._fail()
                return self._await_result(connection, progress, is_cancelled)
            except (OperationCancelled, ExtractionError):
                raise  # the child said so and is waiting for the next job
            except BaseException:
                # Anything else (a failing progress callback, an interrupt) leaves the child
                # mid-job with messages on their way: they must never reach the next job.
                self._stop(now=True)
                raise

    def _await_result(
        self,
        connection: Connection,
        progress: Callable[[int, int], None] | None,
        is_cancelled: Callable[[], bool] | None,
    ) -> list[list[Candidate]]:
        cancelled_at: float | None = None
        while True:
            if cancelled_at is None and is_cancelled is not None and is_cancelled():
                self._cancel.set()  # the child stops at its next batch and says "cancelled"
                cancelled_at = time.monotonic()
            if cancelled_at is not None and time.monotonic() - cancelled_at > _CANCEL_GRACE:
                self._stop(now=True)  # a child that ignores Cancel is stopped, not waited for
                raise OperationCancelled()
            if not connection.poll(_POLL_SECONDS):
                if self._process is None or not self._process.is_alive():
                    self._fail()
                continue
            try:
                message = connection.recv()
            except (EOFError, OSError):
                self._fail()
            kind = message[0]
            if kind == "progress" and progress is not None:
                progress(message[1], message[2])
            elif kind == "done":
                _, results, self._version, self._notice = message
                return results  # type: ignore[no-any-return]
            elif kind == "cancelled":
                raise OperationCancelled()
            elif kind == "failed":
                raise ExtractionError(f"claim extraction failed: {message[1]}")

    def version_used(self) -> str:
        """The extractor version of the last job: says if the rule-only fallback ran it."""
        return self._version

    def notice(self) -> str | None:
        """The child's pipeline notice (no trained model) after the last job, else None."""
        return self._notice

    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def close(self) -> None:
        """Stop the child; a later job starts a new one. A job in hand is cancelled first,
        and the child killed if that job does not give way within a few seconds."""
        self._cancel.set()
        if self._lock.acquire(timeout=_CANCEL_GRACE):
            try:
                self._stop()
            finally:
                self._lock.release()
        elif self._process is not None:
            self._process.kill()  # the job's own thread then sees the child gone

    def _start(self) -> Connection:
        """The running child, or a new one when none runs or the settings that choose its
        pipeline changed since it started (it read them once, when it loaded the pipeline)."""
        settings = _pipeline_settings()
        alive = self._process is not None and self._process.is_alive()
        if alive and self._connection and settings == self._settings:
            return self._connection
        self._stop()
        self._process, self._connection = start_child(
            _serve, (self._cancel,), "claimdesk-extraction"
        )
        self._settings = settings
        return self._connection

    def _fail(self) -> NoReturn:
        code = self._process.exitcode if self._process is not None else None
        self._stop()
        raise ExtractionError(
            f"claim extraction stopped: the extraction process ended unexpectedly "
            f"(exit code {code})"
        ) from None

    def _stop(self, *, now: bool = False) -> None:
        """End the child: an idle one leaves when its pipe closes; a busy one (`now`) is killed."""
        stop_child(self._process, self._connection, grace=0 if now else 2)
        self._process = self._connection = None


class _WindowGone(Exception):  # noqa: N818 - a signal, not an error to report
    """The window closed its end of the pipe while the child was working."""


def _serve(connection: Connection, cancel: Event) -> None:
    """The child's loop: texts and a threshold in, progress and then one result out."""
    exit_with_parent()
    from claimdesk.core.extraction.extractor import extract, version_used
    from claimdesk.core.extraction.nlp import pipeline_notice

    def progress(done: int, total: int) -> None:
        try:
            connection.send(("progress", done, total))
        except OSError as gone:
            raise _WindowGone from gone

    while True:
        try:
            texts, threshold = connection.recv()
        except (EOFError, OSError):
            return  # the window closed its end: nothing more to do
        try:
            results = extract(
                texts, threshold=threshold, progress=progress, is_cancelled=cancel.is_set
            )
            reply: tuple[object, ...] = ("done", results, version_used(), pipeline_notice())
        except OperationCancelled:
            reply = ("cancelled",)
        except _WindowGone:
            return
        except Exception as error:  # noqa: BLE001 - any failure is the job's, shown to the user
            reply = ("failed", f"{type(error).__name__}: {error}")
        try:
            connection.send(reply)
        except OSError:
            return
        # Parsing a 2 MB article leaves ~80 MB of freed heap that glibc keeps for reuse;
        # the window is busy showing that article's claims at that very moment.
        gc.collect()
        give_back_memory()
