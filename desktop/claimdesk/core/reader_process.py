"""Read import files in a child process, so that a file whose parsing never ends is refused.

trafilatura, lxml, htmldate and charset-normalizer run C code and regular expressions that
we do not control and that no signal interrupts; a hostile file could hang them for hours.
One child reads the files of a batch in turn. A file that overruns the limit is refused and
its child killed; the next file starts a new child, so the rest of the batch goes on.
"""

from __future__ import annotations

import logging
import math
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import TracebackType
from typing import NoReturn

from claimdesk.core.child_processes import exit_with_parent, start_child, stop_child
from claimdesk.core.errors import ClaimdeskError, ImportFailure, OperationCancelled
from claimdesk.core.importing import ArticleDraft, read_article, readable_name

READ_LIMIT_SECONDS = 60.0
"""Generous: a 2 MB web page reads in about 2 s; only a parser that is stuck comes near it."""

_POLL_SECONDS = 0.05
# Besides the parent watch (child_processes.exit_with_parent), a belt: a child left
# parsing by a killed parent is ended by the kernel once it has used this much CPU beyond
# the limit, even if the watch's thread never gets the interpreter back.
_CPU_MARGIN_SECONDS = 2
_log = logging.getLogger(__name__)


class FileReader:
    """`read_article` with a time limit per file; use as a context manager for one batch."""

    def __init__(self, limit: float = READ_LIMIT_SECONDS) -> None:
        self.limit = limit
        self._process: BaseProcess | None = None
        self._connection: Connection | None = None

    def __enter__(self) -> FileReader:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()

    def read(self, path: Path, is_cancelled: Callable[[], bool]) -> ArticleDraft:
        """The draft of `path`; ImportFailure if the file is refused, took too long, its
        reader died, or reading it raised anything else (then logged with its traceback).

        Raises:
            ClaimdeskError: no reader could start, so no file of the batch can be read.
        """
        label = readable_name(str(path))
        connection = self.start(is_cancelled)
        try:
            connection.send(path)
        except OSError:
            self._died(label)
        deadline = time.monotonic() + self.limit
        while not connection.poll(_POLL_SECONDS):
            if is_cancelled():
                self.close()
                raise OperationCancelled()
            if time.monotonic() > deadline:
                self.close()
                raise ImportFailure(label, f"took longer than {self.limit:g} s to read; refused")
            if self._process is None or not self._process.is_alive():
                self._died(label)
        try:
            kind, value = connection.recv()
        except (EOFError, OSError):
            self._died(label)
        if kind == "draft":
            return value  # type: ignore[no-any-return]
        if kind == "refused":
            raise ImportFailure(label, value)
        # A MemoryError, or a bug of ours or of a parser, on this one file: the next file
        # gets a fresh child, in case this one was left in a bad state.
        _log.error("%s: internal error while reading\n%s", label, value)
        self.close()
        raise ImportFailure(label, "internal error while reading; refused")

    def close(self) -> None:
        """Kill the child: waiting for a busy one could mean waiting for ever."""
        stop_child(self._process, self._connection, grace=0)
        self._process = self._connection = None

    def start(self, is_cancelled: Callable[[], bool]) -> Connection:
        """The running child's pipe; a new child is ready (its imports done) before any
        file's clock starts, so a slow start on a busy machine is not charged to a file.
        `read` starts it when needed; started early, it may be forked (see start_child).

        Raises:
            ClaimdeskError: no reader could start, so no file of the batch can be read.
            OperationCancelled: cancelled while it started.
        """
        if self._connection is not None and self._process is not None:
            if self._process.is_alive():
                return self._connection
            self.close()  # it died between files: no file of ours is to blame
        # It reads files only, never the library: it may be forked (see start_child).
        process, ours = start_child(_serve, (self.limit,), "claimdesk-import", may_fork=True)
        self._process, self._connection = process, ours
        while not ours.poll(_POLL_SECONDS):
            if is_cancelled():
                self.close()
                raise OperationCancelled()
            if not process.is_alive():
                break
        try:
            ours.recv()  # "ready"
        except (EOFError, OSError):
            # Not one file's fault (a missing package, a script without the __main__
            # guard): every file would fail the same way, each with a new child.
            process.join(timeout=1)
            code = process.exitcode
            self.close()
            raise ClaimdeskError(
                f"the process that reads import files could not start (exit code {code}); "
                "nothing more was imported"
            ) from None
        return ours

    def _died(self, label: str) -> NoReturn:
        code = None
        if self._process is not None:
            self._process.join(timeout=1)  # its pipe closes a moment before it is reaped
            code = self._process.exitcode
        self.close()
        raise ImportFailure(
            label, f"the process reading it ended unexpectedly (exit code {code}); refused"
        )


def _serve(connection: Connection, limit: float) -> None:
    """The child's loop: one path in, one ("draft" | "refused" | "error", value) out."""
    exit_with_parent()  # blocked on a file system, it would use no CPU and never end
    connection.send("ready")
    while True:
        try:
            path = connection.recv()
        except (EOFError, OSError):
            return  # the parent closed its end, or is gone
        _limit_cpu(limit)
        reply: tuple[str, object]
        try:
            reply = ("draft", read_article(path))
        except ImportFailure as failure:
            reply = ("refused", failure.reason)
        except Exception as error:  # noqa: BLE001 - the parent refuses the file and logs this
            reply = ("error", "".join(traceback.format_exception(error)))
        try:
            connection.send(reply)
        except OSError:
            return


def _limit_cpu(limit: float) -> None:
    """Let the kernel end this child if one file uses far more CPU than the parent waits."""
    try:
        import resource
    except ImportError:  # Windows: the parent's kill is the only limit
        return
    used = resource.getrusage(resource.RUSAGE_SELF)
    spent = int(used.ru_utime + used.ru_stime)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = spent + math.ceil(limit) + _CPU_MARGIN_SECONDS
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
