"""Open a Claimdesk database: create and stamp a new one, back up and upgrade an old one.

A file that is not a Claimdesk database is refused before anything writes to it, so a wrong
``--db`` can never damage another application's data (see `library_file`). Only a path
where nothing exists becomes a new library, and opening a current one takes no write lock.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import secrets
import shutil
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from claimdesk.core.dberrors import disk_full, translated, user_error
from claimdesk.core.errors import ClaimdeskError, StoreError
from claimdesk.core.health_record import HealthRecord
from claimdesk.core.library_file import (
    APPLICATION_ID,
    CLAIMDESK_TABLES,
    check_creatable,
    check_writable,
    existing_revision,
    library_path,
)
from claimdesk.core.library_file import ENV_VAR as ENV_VAR  # re-exported
from claimdesk.core.library_file import default_db_path as default_db_path  # re-exported
from claimdesk.core.migrations import head_revision, known_revisions
from claimdesk.core.models import Base

if TYPE_CHECKING:
    from alembic.config import Config

BUSY_TIMEOUT_MS = 5000
DRAFT_SUFFIX = ".new"  # a library being built beside its path, hidden: `.NAME.RANDOM.new`
DRAFT_TOKEN_BYTES = 6  # RANDOM: 12 lowercase hex digits
STALE_DRAFT_SECONDS = 600


def resolve_db_url(db: str | os.PathLike[str] | None = None) -> str:
    """Turn ``--db`` (a path or any SQLAlchemy URL), ``$CLAIMDESK_DB`` or the default into a URL."""
    path = library_path(db)
    if path is not None:
        return f"sqlite:///{path}"
    choice = os.fspath(db) if db is not None else os.environ[ENV_VAR]
    try:
        make_url(choice).get_dialect()
    except (ArgumentError, NoSuchModuleError) as exc:
        raise StoreError(f"--db {choice}: not a database path or URL ({exc})") from None
    return choice


class _State(Enum):
    NEW = "new"
    CURRENT = "current"
    OLD = "old"


@dataclass
class Store:
    """An open database: the engine, a session factory and what opening it did."""

    url: URL
    engine: Engine
    sessions: sessionmaker[Session]
    read_sessions: sessionmaker[Session]
    created: bool
    backup_path: Path | None = None

    @property
    def path(self) -> Path | None:
        """The SQLite file, or None for a server database or an in-memory one."""
        return _sqlite_path(self.url)

    @property
    def display_name(self) -> str:
        path = self.path
        return str(path) if path else self.url.render_as_string(hide_password=True)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back if it raises.

        On SQLite it takes the write lock at once (BEGIN IMMEDIATE), so two writers wait for
        each other under the busy timeout instead of failing half-way. A lock not had in that
        time, a full disk or a read-only one raise the `dberrors` error that says so.
        """
        with translated(self.display_name), self.sessions.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only snapshot that never blocks writers."""
        with translated(self.display_name), self.read_sessions.begin() as session:
            yield session

    def writer(self) -> Writer:
        """Transactions for one thread that keep their session and connection between them."""
        return Writer(self.sessions, self.display_name)

    def close(self) -> None:
        self.engine.dispose()


class Writer:
    """`Store.transaction` for one thread, keeping its session and connection in between.

    A tag key press is one short transaction; a new session and a connection from the pool
    for each cost a tenth of it. Not thread-safe: a writer belongs to the thread using it.
    A refused edit (a `ClaimdeskError`) only rolls back and keeps the connection; any other
    failure gives both back (the pool rolls the connection back, or drops it if broken), so
    the next one starts afresh. `generation` counts the connections taken: `data_version`
    numbers of two connections cannot be compared.
    """

    def __init__(self, sessions: sessionmaker[Session], name: str) -> None:
        self._sessions = sessions
        self._name = name
        self._connection: Connection | None = None
        self._session: Session | None = None
        self.generation = 0

    def connect(self) -> Session:
        """The session on this writer's connection, taking a connection if it has none."""
        if self._session is None:
            with translated(self._name):
                self._connection = self._sessions.kw["bind"].connect()  # the write engine
            self._session = self._sessions(bind=self._connection)
            self.generation += 1
        return self._session

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work, as `Store.transaction`: BEGIN IMMEDIATE ... COMMIT or ROLLBACK."""
        session = self.connect()
        with translated(self._name):
            try:
                with session.begin():
                    yield session
            except BaseException as exc:
                if isinstance(exc, ClaimdeskError) and not isinstance(exc, StoreError):
                    session.expunge_all()  # a refused edit, rolled back: the connection is sound
                else:
                    self.close()
                raise
        session.expunge_all()  # the next transaction reads every object afresh

    def data_version(self) -> int | None:
        """SQLite's count of commits by other connections, seen from this writer's connection.

        It moves only when another connection commits, so our own writes never look external.
        None until the first transaction has opened the connection. Outside a transaction,
        so it takes no lock.
        """
        found = self.read_scalar("PRAGMA data_version")
        return found if isinstance(found, int) else None

    def read_scalar(self, statement: str) -> object | None:
        """One value read on this writer's own connection, outside any transaction.

        For a look right after a commit: a read session would take another connection from
        the pool and cost as much as the commit itself. None before the first transaction.
        """
        connection = self._connection
        raw = None if connection is None else connection.connection.driver_connection
        if raw is None:
            return None
        row = raw.execute(statement).fetchone()
        return None if row is None else row[0]

    def close(self) -> None:
        """Give the connection back to the pool; a later transaction takes a new one."""
        if self._session is not None:
            self._session.close()
        if self._connection is not None:
            self._connection.close()
        self._session = self._connection = None


def open_store(
    db: str | os.PathLike[str] | None = None, *, busy_timeout_ms: int = BUSY_TIMEOUT_MS
) -> Store:
    """Open (creating or upgrading as needed) the database named by a path, URL, env or default.

    `busy_timeout_ms` is how long a write waits for another writer before giving up.

    Raises:
        StoreError: the target is not a Claimdesk database, is damaged, read-only, or from a
            newer Claimdesk. Such a file is left byte for byte untouched. Its subclasses in
            `dberrors` name a busy library, a full disk or an unwritable one.
    """
    url = make_url(resolve_db_url(db))
    path = _sqlite_path(url)
    created = False
    if path is not None:
        record = HealthRecord()
        revision = existing_revision(path, record)
        _remove_stale_drafts(path)
        if revision is None:
            created = _create_library(url, path, busy_timeout_ms)
            revision = existing_revision(path, record)  # ours, or one a racing process made
        if revision is None:
            raise StoreError(f"{path}: was removed while it was being created")
        if revision not in known_revisions():
            raise StoreError(_newer(str(path), revision))
        check_writable(path)
    engine = _create_engine(url, busy_timeout_ms)
    try:
        made, backup = _bring_up_to_date(engine, path)
    except Exception as exc:
        engine.dispose()
        if isinstance(exc, StoreError):
            raise
        raise _open_error(exc, _name(url)) from exc
    return Store(
        url,
        engine,
        sessions=sessionmaker(_writing(engine), expire_on_commit=False),
        read_sessions=sessionmaker(engine, expire_on_commit=False),
        created=created or made,
        backup_path=backup,
    )


def _create_library(url: URL, path: Path, busy_timeout_ms: int) -> bool:
    """Build a new library beside `path` and link it into place; False if another process won.

    The library appears at its path complete or not at all: a crash half-way leaves no empty
    or half-made file that the next open would have to refuse, and processes that race to
    create it end with exactly one, since a hard link (unlike a rename) never replaces a file.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{path}: cannot create its folder ({exc.strerror})") from None
    check_creatable(path)
    draft = path.with_name(f".{path.name}.{secrets.token_hex(DRAFT_TOKEN_BYTES)}{DRAFT_SUFFIX}")
    try:
        engine = _create_engine(url.set(database=str(draft)), busy_timeout_ms)
        try:
            with _writing(engine).begin() as connection:
                _create_schema(connection)
            _fold_wal(engine, path)
        except StoreError:
            raise
        except Exception as exc:
            raise _open_error(exc, str(path)) from exc
        finally:
            engine.dispose()
        _check_draft(draft, path)
        try:
            return _link_new(draft, path)
        except OSError as exc:
            raise StoreError(f"{path}: cannot create the library ({exc.strerror})") from None
    finally:
        for leftover in (draft, *_sidecars(draft)):
            # Windows refuses while a racing process has the new library open: the sweep
            # of a later open removes it.
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)


def _fold_wal(engine: Engine, path: Path) -> None:
    """Copy the draft's -wal into its file now, where a failure is reported.

    Closing the last connection does it too, but SQLite ignores a failure there (a full
    disk): the draft would be linked into place half-written, damaged for good.
    """
    with engine.connect() as connection:
        row = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
    if tuple(row) != (0, 0, 0):  # busy, pages left in the -wal, pages copied: all done
        raise disk_full(str(path))


def _check_draft(draft: Path, path: Path) -> None:
    """Link only a draft whose file alone is a whole, current library."""
    wal = _sidecars(draft)[0]
    try:
        whole = existing_revision(draft) == head_revision()
    except StoreError:
        whole = False
    if not whole or (wal.exists() and wal.stat().st_size > 0):
        raise disk_full(str(path))


def _remove_stale_drafts(path: Path) -> None:
    """Delete what a creation killed half-way left beside `path`: drafts of this library,
    by their exact name, and their -wal and -shm (a live creation takes well under a second).
    """
    name = re.compile(
        rf"\.{re.escape(path.name)}\.[0-9a-f]{{{2 * DRAFT_TOKEN_BYTES}}}"
        rf"{re.escape(DRAFT_SUFFIX)}(-wal|-shm)?"
    )
    cutoff = time.time() - STALE_DRAFT_SECONDS
    try:
        with os.scandir(path.parent) as entries:
            drafts = [entry for entry in entries if name.fullmatch(entry.name)]
    except OSError:  # no folder yet, or not ours to list
        return
    for draft in drafts:
        with contextlib.suppress(OSError):  # gone already, or not ours to delete
            if draft.is_file(follow_symlinks=False) and draft.stat().st_mtime < cutoff:
                os.unlink(draft.path)


def _link_new(draft: Path, path: Path) -> bool:
    try:
        os.link(draft, path)
    except FileExistsError:
        return False
    except OSError:
        # A file system without hard links (FAT, some network shares): a rename cannot refuse
        # to replace, so check first; the window for a race is a few microseconds.
        if path.exists():
            return False
        os.rename(draft, path)
    return True


def _writing(engine: Engine) -> Engine:
    """The engine whose transactions take the write lock at once (see `_sqlite_begin`)."""
    return engine.execution_options(claimdesk_write=True)


def _sidecars(path: Path) -> tuple[Path, Path]:
    return path.with_name(f"{path.name}-wal"), path.with_name(f"{path.name}-shm")


def _bring_up_to_date(engine: Engine, path: Path | None) -> tuple[bool, Path | None]:
    """Create, upgrade or stamp the database if it needs it; return (created, backup).

    A current library is only read, so opening it never waits for (or blocks) a writer.
    Work that writes takes the write lock first and decides again under it: another
    process may have done the same work meanwhile.
    """
    with engine.connect() as connection:
        if _state(connection, path) is _State.CURRENT and _stamped(connection):
            return False, None
    backup = None
    with _writing(engine).begin() as connection:
        state = _state(connection, path)
        if state is _State.NEW:
            _create_schema(connection)
        elif state is _State.OLD:
            if path is not None:
                backup = _backup(path)
            _alembic(connection, "upgrade")
        if not _stamped(connection):
            connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    return state is _State.NEW, backup


def _create_schema(connection: Connection) -> None:
    Base.metadata.create_all(connection)
    _alembic(connection, "stamp")
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")


def _stamped(connection: Connection) -> bool:
    """Whether the database carries Claimdesk's application_id (server databases need none)."""
    if connection.dialect.name != "sqlite":
        return True
    return connection.exec_driver_sql("PRAGMA application_id").scalar() == APPLICATION_ID


def _open_error(exc: BaseException, name: str) -> StoreError:
    orig = getattr(exc, "orig", None) or exc
    reason = " ".join(str(orig).split())
    return user_error(exc, name) or StoreError(f"{name}: cannot open the database ({reason})")


def _newer(name: str, revision: str) -> str:
    return f"{name}: was written by a newer Claimdesk (schema {revision}); update Claimdesk"


def _alembic(connection: Connection, action: str) -> None:
    """Upgrade or stamp to the head; Alembic is imported only when a library needs it."""
    from alembic import command

    getattr(command, action)(_alembic_config(connection), "head")


def _alembic_config(connection: Any) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", "claimdesk.core:migrations")
    config.attributes["connection"] = connection
    return config


def _sqlite_path(url: URL) -> Path | None:
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    if url.database.startswith("file:"):
        return None
    return Path(url.database)


def _name(url: URL) -> str:
    path = _sqlite_path(url)
    return str(path) if path else url.render_as_string(hide_password=True)


def _state(connection: Connection, path: Path | None) -> _State:
    """What the database needs, read through `connection` (a -wal is taken into account)."""
    name = str(path) if path else str(connection.engine.url)
    tables = set(inspect(connection).get_table_names())
    if not tables and path is None:  # a file never gets here empty: library_file refuses it
        return _State.NEW
    revision = None
    if "alembic_version" in tables:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if not tables >= CLAIMDESK_TABLES or revision is None:
        shown = ", ".join(sorted(tables)[:5]) or "nothing"
        raise StoreError(f"{name}: is not a Claimdesk database (it holds tables {shown})")
    if revision == head_revision():
        return _State.CURRENT
    if revision not in known_revisions():
        raise StoreError(_newer(name, revision))
    return _State.OLD


def _backup(path: Path) -> Path:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.backup-{stamp}")
    # The SQLite backup API copies a consistent image even if a -wal file holds recent pages.
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        destination = sqlite3.connect(target)
        try:
            source.backup(destination)
        finally:
            destination.close()
    finally:
        source.close()
    shutil.copymode(path, target)
    return target


def _create_engine(url: URL, busy_timeout_ms: int) -> Engine:
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": busy_timeout_ms / 1000})
    event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_begin(connection: Any) -> None:
    # pysqlite's own implicit BEGIN skips DDL and SELECT; issuing it ourselves makes every
    # transaction (schema changes included) all-or-nothing.
    mode = "IMMEDIATE" if connection.get_execution_options().get("claimdesk_write") else "DEFERRED"
    connection.exec_driver_sql(f"BEGIN {mode}")


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # autocommit in the driver; _sqlite_begin takes over
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()
