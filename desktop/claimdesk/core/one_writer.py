"""A store whose every transaction goes through one connection, one at a time.

The window's edits and its background jobs write through it: a tag key press stays a
synchronous ~1 ms transaction on the GUI thread, and a key pressed while a job's
transaction runs waits no longer than SQLite's busy timeout before the edit is refused
with LibraryBusyError (nothing is half-written). `data_version` on the writer's own
connection tells when another process has committed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields

from sqlalchemy.orm import Session

from claimdesk.core.dberrors import LibraryBusyError
from claimdesk.core.models import ClaimEvent
from claimdesk.core.store import BUSY_TIMEOUT_MS, Store, Writer


class OneWriter(Store):
    """The store whose every transaction goes through one connection, one at a time."""

    _lock: threading.RLock
    _writer: Writer
    lock_timeout_s: float

    @classmethod
    def around(cls, store: Store) -> OneWriter:
        """The same open database, its writes now through one connection."""
        one = cls(**{f.name: getattr(store, f.name) for f in fields(store)})
        one._lock = threading.RLock()
        one.lock_timeout_s = BUSY_TIMEOUT_MS / 1000
        one._writer = Writer(one.sessions, one.display_name)
        one._writer.connect()  # the connection `data_version` asks
        return one

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        if not self._lock.acquire(timeout=self.lock_timeout_s):
            raise LibraryBusyError(
                f"{self.display_name}: library is busy (a long job is writing); try again"
            )
        try:
            with self._writer.transaction() as session:
                yield session
        finally:
            self._lock.release()

    def writer(self) -> Writer:
        raise TypeError("a OneWriter has only its own writer; use transaction()")

    def last_event(self) -> int:
        """The newest claim event, read on the writer's connection (the tag key's path)."""
        with self._lock:
            found = self._writer.read_scalar(f"SELECT max(seq) FROM {ClaimEvent.__tablename__}")
        return int(found) if isinstance(found, int) else 0

    def data_version(self) -> tuple[int, int | None] | None:
        """(connection generation, SQLite's count of other connections' commits on it).

        None while a write is under way. A failed write may have dropped the connection; a
        new one is taken here, and its new generation tells the poll to look at everything
        once, since its count starts afresh.
        """
        if not self._lock.acquire(blocking=False):
            return None
        try:
            self._writer.connect()
            return self._writer.generation, self._writer.data_version()
        finally:
            self._lock.release()

    def close(self) -> None:
        with self._lock:
            self._writer.close()
        super().close()
