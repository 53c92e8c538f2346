"""Scoring the decisions for the window, in a child process of its own.

spaCy and the encoder hold Python's global lock for long stretches (see
extraction.child_process); in the window's process they would freeze it. Learning is
rare, so the child lives for one run only and gives its memory back when it ends; Cancel
ends it at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from multiprocessing.connection import Connection

from claimdesk.core.child_processes import exit_with_parent, start_child, stop_child
from claimdesk.core.errors import ClaimdeskError, OperationCancelled
from claimdesk.core.learning.learn import BaseScores, Cancelled, Progress, score_here

_POLL_SECONDS = 0.05


def score_in_child(
    sentences: Sequence[str], *, progress: Progress, is_cancelled: Cancelled
) -> BaseScores:
    """`learn.score_here` run in a child process; same contract."""
    process, connection = start_child(_serve, (), "claimdesk-learning")
    finished = False
    try:
        connection.send(list(sentences))
        while True:
            if is_cancelled():
                raise OperationCancelled()
            if not connection.poll(_POLL_SECONDS):
                if not process.is_alive():
                    raise ClaimdeskError(
                        f"learning stopped: its process ended unexpectedly "
                        f"(exit code {process.exitcode})"
                    )
                continue
            try:
                kind, value = connection.recv()
            except (EOFError, OSError):
                continue  # the child is gone: the next turn says how it ended
            if kind == "progress":
                progress(*value)
            elif kind == "failed":
                raise ClaimdeskError(f"learning failed: {value}")
            else:
                finished = True
                return value  # type: ignore[no-any-return]
    finally:
        stop_child(process, connection, grace=2 if finished else 0)


def _serve(connection: Connection) -> None:
    exit_with_parent()
    sentences = connection.recv()
    try:
        result = score_here(
            sentences,
            progress=lambda done, total: connection.send(("progress", (done, total))),
            is_cancelled=lambda: False,  # the parent ends this process on Cancel
        )
        connection.send(("done", result))
    except Exception as error:  # noqa: BLE001 - reported to the window as the job's failure
        connection.send(("failed", f"{type(error).__name__}: {error}"))
