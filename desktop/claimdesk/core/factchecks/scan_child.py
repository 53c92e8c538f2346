"""The stored-matches scan for the window, in a child process of its own.

A long scan in the window's process shares Python's global lock with the window: on a busy
machine its event loop then waited up to 0.19 s at a time (0.08 s with the child). The child
opens the same library and writes its batches itself, so Cancel can end it at once: the
batch under way is rolled back by SQLite, the batches before it stay.
"""

from __future__ import annotations

from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import cast

from claimdesk.core.child_processes import exit_with_parent, one_run
from claimdesk.core.factchecks.stored import Progress, ScanSummary, scan


def scan_in_child(
    database: str, *, progress: Progress, is_cancelled: Callable[[], bool]
) -> ScanSummary:
    """`stored.scan` of the library at `database` (a path or URL) in a child process."""
    found = one_run(
        _serve,
        (database,),
        "claimdesk-match-scan",
        "matching",
        progress=progress,
        is_cancelled=is_cancelled,
    )
    return ScanSummary(*cast(tuple[int, int, int], found))


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
        connection.send(("done", (done.scanned, done.checked_before, done.left)))
    except Exception as error:  # noqa: BLE001 - reported to the window as the job's failure
        connection.send(("failed", f"{type(error).__name__}: {error}"))
