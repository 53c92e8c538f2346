"""Open a Claimdesk database: create and stamp a new one, back up and upgrade an old one.

A file that is not a Claimdesk database is refused before anything writes to it, so a wrong
``--db`` can never damage another application's data.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from platformdirs import user_data_path
from sqlalchemy import Connection, Engine, create_engine, event, make_url
from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, NoSuchModuleError
from sqlalchemy.orm import Session, sessionmaker

from claimdesk.core.errors import StoreError
from claimdesk.core.models import Base

ENV_VAR = "CLAIMDESK_DB"
DEFAULT_FILE_NAME = "claimdesk.sqlite3"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


def default_db_path() -> Path:
    """The per-user database, in the platform's data folder (created when first opened)."""
    return user_data_path("Claimdesk", appauthor=False) / DEFAULT_FILE_NAME


def resolve_db_url(db: str | os.PathLike[str] | None = None) -> str:
    """Turn ``--db`` (a path or any SQLAlchemy URL), ``$CLAIMDESK_DB`` or the default into a URL."""
    choice = os.fspath(db) if db is not None else os.environ.get(ENV_VAR) or None
    if choice is None:
        return f"sqlite:///{default_db_path()}"
    if "://" in choice:
        try:
            make_url(choice).get_dialect()
        except (ArgumentError, NoSuchModuleError) as exc:
            raise StoreError(f"--db {choice}: not a database path or URL ({exc})") from None
        return choice
    return f"sqlite:///{Path(choice).expanduser().resolve()}"


class _FileState(Enum):
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
        each other under the busy timeout instead of failing half-way.
        """
        with self.sessions.begin() as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only snapshot that never blocks writers."""
        with self.read_sessions.begin() as session:
            yield session

    def writer(self) -> Writer:
        """Transactions for one thread that keep their session and connection between them."""
        return Writer(self.sessions)

    def close(self) -> None:
        self.engine.dispose()


class Writer:
    """`Store.transaction` for one thread, keeping its session and connection in between.

    A tag key press is one short transaction; a new session and a connection from the pool
    for each cost a tenth of it. Not thread-safe: a writer belongs to the thread using it.
    A failed transaction gives both back (the pool rolls the connection back, or drops it
    if broken), so the next one starts afresh.
    """

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions
        self._connection: Connection | None = None
        self._session: Session | None = None

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work, as `Store.transaction`: BEGIN IMMEDIATE ... COMMIT or ROLLBACK."""
        if self._session is None:
            self._connection = self._sessions.kw["bind"].connect()  # the write engine
            self._session = self._sessions(bind=self._connection)
        session = self._session
        try:
            with session.begin():
                yield session
        except BaseException:
            self.close()
            raise
        session.expunge_all()  # the next transaction reads every object afresh

    def close(self) -> None:
        """Give the connection back to the pool; a later transaction takes a new one."""
        if self._session is not None:
            self._session.close()
        if self._connection is not None:
            self._connection.close()
        self._session = self._connection = None


def open_store(db: str | os.PathLike[str] | None = None) -> Store:
    """Open (creating or upgrading as needed) the database named by a path, URL, env or default.

    Raises:
        StoreError: the target is not a Claimdesk database, is damaged, or is from a newer
            Claimdesk. Such a file is left byte for byte untouched.
    """
    url = make_url(resolve_db_url(db))
    path = _sqlite_path(url)
    state = _FileState.NEW
    if path is not None:
        state = _inspect_sqlite_file(path)
        if state is _FileState.NEW:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"{path}: cannot create its folder ({exc.strerror})") from None
    engine = _create_engine(url)
    writer = engine.execution_options(claimdesk_write=True)
    try:
        backup = None
        with writer.begin() as connection:
            if path is None:
                state = _server_state(connection)
            if state is _FileState.OLD and path is not None:
                backup = _backup(path)
            config = _alembic_config(connection)
            if state is _FileState.NEW:
                Base.metadata.create_all(connection)
                command.stamp(config, "head")
            elif state is _FileState.OLD:
                command.upgrade(config, "head")
    except StoreError:
        engine.dispose()
        raise
    except Exception as exc:
        engine.dispose()
        raise StoreError(f"{_name(url)}: cannot open the database ({exc})") from exc
    return Store(
        url,
        engine,
        sessions=sessionmaker(writer, expire_on_commit=False),
        read_sessions=sessionmaker(engine, expire_on_commit=False),
        created=state is _FileState.NEW,
        backup_path=backup,
    )


def head_revision() -> str:
    head = ScriptDirectory.from_config(_alembic_config(None)).get_current_head()
    assert head is not None
    return head


def _known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(_alembic_config(None))
    return {rev.revision for rev in script.walk_revisions()}


def _alembic_config(connection: Any) -> Config:
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


def _inspect_sqlite_file(path: Path) -> _FileState:
    """Decide what to do with a file, reading it only through a read-only connection."""
    if not path.exists():
        return _FileState.NEW
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a database file")
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise StoreError(f"{path}: cannot be read ({exc.strerror})") from None
    if not header:
        return _FileState.NEW
    if header != SQLITE_HEADER:
        raise StoreError(f"{path}: is not a Claimdesk database (not an SQLite file)")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            check = connection.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                first = str(check[0]).strip().splitlines()[-1] if check else "no answer"
                raise StoreError(f"{path}: is damaged ({first})")
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            revision = None
            if "alembic_version" in tables:
                row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
                revision = row[0] if row else None
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: is damaged or not a database ({exc})") from None
    return _state_of(str(path), tables, revision)


def _state_of(name: str, tables: set[str], revision: str | None) -> _FileState:
    if not tables:
        return _FileState.NEW
    if not {"alembic_version", "claims", "articles"} <= tables or revision is None:
        shown = ", ".join(sorted(tables)[:5])
        raise StoreError(f"{name}: is not a Claimdesk database (it holds tables {shown})")
    if revision == head_revision():
        return _FileState.CURRENT
    if revision not in _known_revisions():
        raise StoreError(
            f"{name}: was written by a newer Claimdesk (schema {revision}); update Claimdesk"
        )
    return _FileState.OLD


def _server_state(connection: Any) -> _FileState:
    """The same decision for a server database, read through the open connection."""
    from sqlalchemy import inspect, text

    tables = set(inspect(connection).get_table_names())
    revision = None
    if "alembic_version" in tables:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return _state_of(str(connection.engine.url), tables, revision)


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


def _create_engine(url: URL) -> Engine:
    if url.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
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
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()
