"""Decide whether a file is a Claimdesk library, without changing anything beside it.

A wrong ``--db`` may point at another program's data. Opening that with SQLite's ordinary
connection would already write: it creates ``-wal``/``-shm`` files, replays a ``-wal`` that
lies there and deletes it. So the header is read as bytes, and the main file through an
``immutable=1`` connection, which takes no lock and creates, replays or deletes nothing.
Only a file found to be a Claimdesk library is ever opened for writing.

The main file alone is not always the whole story: another Claimdesk may be copying its
``-wal`` into it (each one does when it closes), and after a crash the last commits live
only in the ``-wal``. When the file may be ours and its look was not conclusive, it is read
again the way that creates nothing: through SQLite's locks if its ``-wal`` and ``-shm``
are already there, else as a private copy of the file and its ``-wal``.

The integrity check reads the whole file; a file whose signature `health_record` vouches
for (unchanged since it last passed, no ``-wal``) is spared it. The check guards writes:
core.store makes it before anything is written, while the window may already show a first
screen read from a file marked ours (`marked_ours`), a read-only look that costs nothing to
undo if the check then fails.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_path

from claimdesk.core.dberrors import LibraryBusyError, StoreUnwritableError, user_error
from claimdesk.core.errors import StoreError
from claimdesk.core.health_record import HealthRecord, Signature

__all__ = [
    "APPLICATION_ID",
    "CLAIMDESK_TABLES",
    "DEFAULT_FILE_NAME",
    "ENV_VAR",
    "check_creatable",
    "check_writable",
    "default_db_path",
    "existing_revision",
    "library_path",
    "marked_ours",
]

APPLICATION_ID = int.from_bytes(b"CDsk", "big")
"""``PRAGMA application_id`` of every Claimdesk library, so that other tools (and we) know it."""

SQLITE_HEADER = b"SQLite format 3\x00"
HEADER_SIZE = 100
CLAIMDESK_TABLES = frozenset({"alembic_version", "claims", "articles"})
SECOND_LOOKS = 3  # a file that changed while it was copied is copied again, this many times

ENV_VAR = "CLAIMDESK_DB"
DEFAULT_FILE_NAME = "claimdesk.sqlite3"


def default_db_path() -> Path:
    """The per-user database, in the platform's data folder (created when first opened)."""
    return user_data_path("Claimdesk", appauthor=False) / DEFAULT_FILE_NAME


def library_path(db: str | os.PathLike[str] | None = None) -> Path | None:
    """The library file ``--db`` (else ``$CLAIMDESK_DB``, else the default) names; None for
    a URL (core.store makes sense of those)."""
    choice = os.fspath(db) if db is not None else os.environ.get(ENV_VAR) or None
    if choice is None:
        return default_db_path()
    if "://" in choice:
        return None
    return Path(choice).expanduser().resolve()


_KINDS = {
    stat.S_IFIFO: "a FIFO",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}


@dataclass(frozen=True)
class _View:
    """What one read-only connection saw: schema objects, revision and quick_check's verdict."""

    objects: dict[str, str]
    revision: str | None
    problem: str | None

    @property
    def tables(self) -> set[str]:
        return {name for name, kind in self.objects.items() if kind == "table"}

    @property
    def is_claimdesk(self) -> bool:
        return self.tables >= CLAIMDESK_TABLES and self.revision is not None

    @property
    def is_healthy_claimdesk(self) -> bool:
        return self.problem is None and self.is_claimdesk

    @property
    def is_foreign(self) -> bool:
        """Holds something, none of it Claimdesk's: no -wal can make this a library of ours."""
        return bool(self.objects) and not self.tables & CLAIMDESK_TABLES

    def describe(self) -> str:
        tables = sorted(self.tables)
        if tables:
            return f"it holds tables {', '.join(tables[:5])}"
        if self.objects:
            kinds = sorted({kind for kind in self.objects.values()})
            return f"it holds no tables, only {'/'.join(kinds)}s"
        return "an empty SQLite database"


_Look = tuple[_View | None, str]  # what was seen (None if SQLite could not read it), problem


def existing_revision(path: Path, record: HealthRecord | None = None) -> str | None:
    """None if nothing is at `path`; else the schema revision of the Claimdesk library there.

    The revision is the one in the main file; a ``-wal`` beside it may hold a newer one, so
    callers re-read it through their own connection before relying on it. With `record`,
    the file it vouches for is not integrity-checked again, and a file that passes the
    check is recorded there (see `health_record`).

    Raises:
        StoreError: the path is not a healthy Claimdesk library (not a regular file, empty,
            another program's file or SQLite database, damaged). It is left untouched.
        LibraryBusyError: another Claimdesk held the library locked for the whole wait.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StoreError(f"{path}: cannot be read ({exc.strerror})") from None
    if stat.S_ISDIR(info.st_mode):
        raise StoreError(f"{path}: is a folder, not a library file")
    if not stat.S_ISREG(info.st_mode):  # opening a FIFO would wait for a writer forever
        kind = _KINDS.get(stat.S_IFMT(info.st_mode), "a special file")
        raise StoreError(f"{path}: is not a regular file ({kind})")
    header = _header(path)
    ours = int.from_bytes(header[68:72], "big") == APPLICATION_ID
    had_wal = _has_wal(path)
    signature = None if record is None else Signature.of(path)
    vouched = record is not None and record.vouches_for(path, signature)
    look = _try(path, "immutable=1", check=not vouched)
    view = look[0]
    if view is not None and view.is_healthy_claimdesk:
        if record is not None and not vouched and Signature.of(path) == signature:
            record.remember(path, signature)  # unchanged while it was checked
        return view.revision
    foreign = view is not None and view.is_foreign
    if ours or (not foreign and (had_wal or _has_wal(path))):
        look = _second_look(path)  # the main file alone may not be the whole story
    return _verdict(path, look, ours)


def _verdict(path: Path, look: _Look, ours: bool) -> str:
    view, problem = look
    if view is not None:
        if view.is_healthy_claimdesk:
            return str(view.revision)
        if not (ours or view.is_claimdesk):
            raise StoreError(f"{path}: is not a Claimdesk database ({view.describe()})")
        problem = view.problem or "its Claimdesk tables are missing"
    raise StoreError(f"{path}: is damaged ({problem})")


def _second_look(path: Path) -> _Look:
    """Read a file that may be ours once more, with its -wal and without a trace beside it.

    With its -wal and -shm both present (another Claimdesk has it open, or a crash left
    them), SQLite's own locking read creates nothing, and it waits out a writer copying the
    -wal into the file. Otherwise nobody has the file open, so a copy of it and its -wal in
    a private folder is what SQLite would read; a file that changed while it was copied is
    copied again.
    """
    for attempt in reversed(range(SECOND_LOOKS)):
        if _has_sidecars(path):
            return _try(path, "mode=ro")
        before = _signature(path)
        look = _look_at_copy(path)
        if not attempt or _signature(path) == before:
            break
    return look


def _look_at_copy(path: Path) -> _Look:
    with tempfile.TemporaryDirectory(prefix="claimdesk-check-") as folder:
        copy = Path(folder) / "library.sqlite3"
        try:
            shutil.copyfile(path, copy)
            with contextlib.suppress(FileNotFoundError):
                shutil.copyfile(_wal(path), _wal(copy))
        except OSError as exc:
            raise StoreError(
                f"{path}: cannot be checked (copying it to {folder} failed: {exc.strerror})"
            ) from None
        return _try(copy, "mode=ro")


def check_writable(path: Path) -> None:
    """Refuse, naming why, a library that SQLite could open but never write.

    On a read-only disk SQLite cannot even create the ``-shm`` it reads through, and its
    error says "unable to open" or "readonly"; the user would think the library damaged.
    A library is refused here rather than opened for reading only: every command and the
    window may write (seeding, tags, stamps), and one clear refusal beats a late failure.
    """
    for target, what in ((path, "the file"), (path.parent, "its folder")):
        if not os.access(target, os.W_OK):
            raise StoreUnwritableError(
                f"{path}: is read-only ({_why_unwritable(target, what)}); "
                "copy it to a writable folder to open it"
            )


def check_creatable(path: Path) -> None:
    """Refuse, naming why, to create a library in a folder nobody may write to."""
    if not os.access(path.parent, os.W_OK):
        why = _why_unwritable(path.parent, "the folder")
        raise StoreUnwritableError(f"{path}: cannot create a library there ({why})")


def _why_unwritable(target: Path, what: str) -> str:
    if hasattr(os, "statvfs") and os.statvfs(target).f_flag & os.ST_RDONLY:  # not on Windows
        return "it is on a read-only disk"
    return f"{what} is not writable"


def marked_ours(path: Path) -> bool:
    """Whether the file's SQLite header carries Claimdesk's application_id. Only such a file
    is read before its check (core.first_screen): an ordinary connection, read-only as it
    is, may still leave -shm behind another program's file."""
    try:
        with path.open("rb") as handle:
            header = handle.read(HEADER_SIZE)
    except OSError:
        return False
    return header.startswith(SQLITE_HEADER) and header[68:72] == APPLICATION_ID.to_bytes(4, "big")


def _header(path: Path) -> bytes:
    try:
        with path.open("rb") as handle:
            header = handle.read(HEADER_SIZE)
    except OSError as exc:
        raise StoreError(f"{path}: cannot be read ({exc.strerror})") from None
    if not header:
        raise StoreError(f"{path}: is an empty file, not a Claimdesk database")
    if not header.startswith(SQLITE_HEADER):
        raise StoreError(f"{path}: is not a Claimdesk database (not an SQLite file)")
    if len(header) < HEADER_SIZE:
        raise StoreError(f"{path}: is damaged (shorter than an SQLite header)")
    application_id = int.from_bytes(header[68:72], "big")
    if application_id not in (0, APPLICATION_ID):
        raise StoreError(
            f"{path}: belongs to another program (SQLite application_id {application_id:#010x})"
        )
    user_version = int.from_bytes(header[60:64], "big", signed=True)
    if user_version:
        raise StoreError(
            f"{path}: is another program's SQLite database (user_version {user_version})"
        )
    return header


def _look(path: Path, mode: str, check: bool) -> _View:
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True)
    try:
        objects = {
            str(name): str(kind)
            for name, kind in connection.execute(
                "SELECT name, type FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            )
        }
        revision = None
        if objects.get("alembic_version") == "table":
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = str(row[0]) if row else None
        verdict = connection.execute("PRAGMA quick_check").fetchone() if check else ("ok",)
    finally:
        connection.close()
    problem = None
    if verdict is None or verdict[0] != "ok":
        problem = str(verdict[0]).strip().splitlines()[-1] if verdict else "no answer"
    return _View(objects, revision, problem)


def _try(path: Path, mode: str, *, check: bool = True) -> _Look:
    try:
        return _look(path, mode, check), ""
    except sqlite3.DatabaseError as exc:
        error = user_error(exc, str(path))
        if isinstance(error, LibraryBusyError):
            raise error from None
        return None, _one_line(exc)


def _wal(path: Path) -> Path:
    return path.with_name(f"{path.name}-wal")


def _has_wal(path: Path) -> bool:
    try:
        info = _wal(path).stat()
    except OSError:  # none, or one a closing Claimdesk just removed
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size > 0


def _has_sidecars(path: Path) -> bool:
    return _wal(path).is_file() and path.with_name(f"{path.name}-shm").is_file()


def _signature(path: Path) -> tuple[tuple[int, int, int] | None, ...]:
    """Changes whenever the file or its -wal is written, replaced or removed."""
    found: list[tuple[int, int, int] | None] = []
    for file in (path, _wal(path)):
        try:
            info = file.stat()
        except FileNotFoundError:
            found.append(None)
        else:
            found.append((info.st_ino, info.st_size, info.st_mtime_ns))
    return tuple(found)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())
