"""The stored-matches scan for the window, in a child process of its own.

A long scan in the window's process shares Python's global lock with the window: on a busy
machine its event loop then waited up to 0.26 s at a time (0.02-0.07 s without the scan).
The child opens the same library and writes its batches itself, so Cancel can end it at
once: the batch under way is rolled back by SQLite, the batches before it stay.
"""

from __future__ import annotations

from collections.abc import Callable
from multiprocessing.connection import Connection

from claimdesk.core.child_processes import exit_with_parent, start_child, stop_child
from claimdesk.core.errors import ClaimdeskError, OperationCancelled
from claimdesk.core.factchecks.stored import Progress, ScanSummary, scan

_POLL_SECONDS = 0.05


def scan_in_child(
    database: str, *, progress: Progress, is_cancelled: Callable[[], bool]
) -> ScanSummary:
    """`stored.scan` of the library at `database` (a path or URL) in a child process."""
    process, connection = start_child(_serve, (database,), "claimdesk-match-scan")
    finished = False
    try:
        while True:
            if is_cancelled():
                raise OperationCancelled()
            if not connection.poll(_POLL_SECONDS):
                if not process.is_alive():
                    raise ClaimdeskError(
                        f"matching stopped: its process ended unexpectedly "
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
                raise ClaimdeskError(f"matching failed: {value}")
            else:
                finished = True
                return ScanSummary(*value)
    finally:
        stop_child(process, connection, grace=2 if finished else 0)


def _serve(connection: Connection, database: str) -> None:
    from claimdesk.core.store import open_store

    exit_with_parent()
    try:
        store = open_store(database)
        try:
            done = scan(
                store, progress=lambda done, total: connection.send(("progress", (done, total)))
            )
        finally:
            store.close()
        connection.send(("done", (done.scanned, done.with_matches, done.left)))
    except Exception as error:  # noqa: BLE001 - reported to the window as the job's failure
        connection.send(("failed", f"{type(error).__name__}: {error}"))
