"""Turn SQLite's failures into one-line messages that say what is actually wrong.

A locked library, a full disk and a read-only mount all reach Python as `OperationalError`;
shown raw they read like damage, and a user deletes a healthy library to "fix" it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from claimdesk.core.errors import StoreError

__all__ = [
    "LibraryBusyError",
    "StorageFullError",
    "StoreUnwritableError",
    "disk_full",
    "translated",
    "user_error",
]


class LibraryBusyError(StoreError):
    """Another connection held the write lock for longer than the busy timeout."""


class StorageFullError(StoreError):
    """The disk (or the database's size limit) is full; nothing was written."""


class StoreUnwritableError(StoreError):
    """The library is on a read-only mount, or its file or folder is not writable."""


_BUSY = "library is busy (another Claimdesk is writing); try again"
_FULL = "disk is full; nothing was saved"
_BY_CODE: dict[str, tuple[type[StoreError], str]] = {
    "SQLITE_BUSY": (LibraryBusyError, _BUSY),
    "SQLITE_LOCKED": (LibraryBusyError, _BUSY),
    "SQLITE_FULL": (StorageFullError, _FULL),
    # The -shm index could not grow: on Linux that is a full disk (ENOSPC), seen when a
    # library is created or first opened on a full one.
    "SQLITE_IOERR_SHMSIZE": (StorageFullError, _FULL),
    "SQLITE_READONLY": (StoreUnwritableError, "library is read-only (a read-only disk or file)"),
    "SQLITE_IOERR": (StoreError, "the disk reported an input/output error"),
    "SQLITE_CANTOPEN": (StoreUnwritableError, "cannot open the library file"),
}


def user_error(exc: BaseException, name: str) -> StoreError | None:
    """The user-facing error for a database failure, or None if it is not one we can name.

    `exc` may be a sqlite3 error or SQLAlchemy's wrapper of one (its `.orig`); `name` is the
    library shown first in the message.
    """
    orig = getattr(exc, "orig", exc)
    if not isinstance(orig, sqlite3.Error):
        return None
    code = getattr(orig, "sqlite_errorname", "") or ""
    base = code.split("_", 2)
    primary = "_".join(base[:2]) if len(base) >= 2 else code
    found = _BY_CODE.get(code) or _BY_CODE.get(primary)
    if found is None:
        return None
    kind, message = found
    return kind(f"{name}: {message}")


def disk_full(name: str) -> StorageFullError:
    """The full-disk error for a failure SQLite did not report (it ignores one when closing)."""
    return StorageFullError(f"{name}: {_FULL}")


@contextmanager
def translated(name: str) -> Iterator[None]:
    """Re-raise a database failure that `user_error` can name as that error; others as they are."""
    try:
        yield
    except Exception as exc:
        error = user_error(exc, name)
        if error is None:
            raise
        raise error from exc
