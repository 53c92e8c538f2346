"""SQLite's failures, produced for real, named in one line by `dberrors`."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.exc import OperationalError

from claimdesk.core.dberrors import (
    LibraryBusyError,
    StorageFullError,
    StoreUnwritableError,
    translated,
    user_error,
)
from claimdesk.core.errors import StoreError


def _connect(target: Path | str, **options: object) -> closing[sqlite3.Connection]:
    return closing(sqlite3.connect(target, isolation_level=None, **options))  # type: ignore[arg-type]


def _busy(path: Path) -> None:
    with _connect(path) as holder, _connect(path, timeout=0) as other:
        holder.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")


def _full(path: Path) -> None:
    with _connect(path) as connection:
        connection.execute("CREATE TABLE t (x)")
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count = {pages}")
        connection.execute("INSERT INTO t VALUES (zeroblob(100000))")


def _read_only(path: Path) -> None:
    with _connect(path) as connection:
        connection.execute("CREATE TABLE t (x)")
    with _connect(f"{path.as_uri()}?mode=ro", uri=True) as connection:
        connection.execute("INSERT INTO t VALUES (1)")


def _cannot_open(path: Path) -> None:
    with _connect(f"{(path / 'no' / 'such').as_uri()}?mode=ro", uri=True):
        pass


def _constraint(path: Path) -> None:
    with _connect(path) as connection:
        connection.execute("CREATE TABLE t (x UNIQUE)")
        connection.execute("INSERT INTO t VALUES (1), (1)")


CASES: dict[str, tuple[Callable[[Path], None], type[StoreError] | None, str]] = {
    "busy": (_busy, LibraryBusyError, "library is busy (another Claimdesk is writing); try again"),
    "full": (_full, StorageFullError, "disk is full; nothing was saved"),
    "read-only": (_read_only, StoreUnwritableError, "library is read-only"),
    "cannot-open": (_cannot_open, StoreUnwritableError, "cannot open the library file"),
    "constraint": (_constraint, None, ""),
}


@pytest.mark.parametrize("case", list(CASES))
def test_real_sqlite_failures_are_named(tmp_path: Path, case: str) -> None:
    make, kind, message = CASES[case]
    with pytest.raises(sqlite3.Error) as caught:
        make(tmp_path / "library.sqlite3")
    error = user_error(caught.value, "lib.sqlite3")
    if kind is None:
        assert error is None  # the caller's own message (or traceback) is the right one
    else:
        assert type(error) is kind
        assert str(error).startswith(f"lib.sqlite3: {message}")


def test_sqlalchemy_wrapper_is_looked_through(tmp_path: Path) -> None:
    path = tmp_path / "library.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with (
            pytest.raises(OperationalError) as caught,
            engine.connect() as connection,
        ):
            connection.exec_driver_sql("PRAGMA busy_timeout = 0")
            connection.exec_driver_sql("SELECT * FROM sqlite_master")
    finally:
        holder.close()
        engine.dispose()
    assert isinstance(user_error(caught.value, "lib"), LibraryBusyError)
    assert user_error(ValueError("not a database failure"), "lib") is None


def test_translated_names_what_it_can_and_passes_the_rest(tmp_path: Path) -> None:
    with pytest.raises(StorageFullError) as caught, translated("lib"):
        _full(tmp_path / "full.sqlite3")
    assert isinstance(caught.value.__cause__, sqlite3.OperationalError)
    with pytest.raises(sqlite3.IntegrityError), translated("lib"):
        _constraint(tmp_path / "constraint.sqlite3")
    with pytest.raises(KeyError), translated("lib"):
        raise KeyError("x")
