"""A library unchanged since Claimdesk last found it healthy is not integrity-checked again;
any change to it, a -wal beside it or a damaged record brings the check back (issue 15 item 6).

Whether `PRAGMA quick_check` ran is read from SQLite's trace of every connection opened,
not from a timing.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from claimdesk.core.errors import StoreError
from claimdesk.core.health_record import RECORD_FILE, HealthRecord, Signature
from claimdesk.core.identity import settings_path
from claimdesk.core.models import Meta
from claimdesk.core.store import open_store

MINUTE_NS = 60 * 1_000_000_000


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every quick_check any SQLite connection of the test runs, as SQLite traced it."""
    seen: list[str] = []
    connect = sqlite3.connect

    def traced(*args: object, **kwargs: object) -> sqlite3.Connection:
        connection = connect(*args, **kwargs)  # type: ignore[arg-type]
        connection.set_trace_callback(
            lambda statement: seen.append(statement) if "quick_check" in statement else None
        )
        return connection

    monkeypatch.setattr(sqlite3, "connect", traced)
    return seen


def _age(path: Path, ns: int = MINUTE_NS) -> None:
    """As if the file had last been written `ns` ago."""
    then = time.time_ns() - ns
    os.utime(path, ns=(then, then))


@pytest.fixture
def library(db_path: Path, checks: list[str]) -> Path:
    """A library last written a minute ago, not yet checked by anyone (creating it was)."""
    store = open_store(db_path)
    with store.transaction() as session:
        session.add(Meta(key="note", value="a library"))
    store.close()
    (settings_path().parent / RECORD_FILE).unlink(missing_ok=True)
    _age(db_path)
    checks.clear()
    return db_path


def _opens(path: Path) -> None:
    open_store(path).close()


def test_a_library_unchanged_since_its_check_is_not_checked_again(
    library: Path, checks: list[str]
) -> None:
    _opens(library)
    assert len(checks) == 1  # checked, and recorded as healthy
    assert HealthRecord().vouches_for(library, Signature.of(library))
    _opens(library)
    _opens(library)
    assert len(checks) == 1


def _written(path: Path) -> None:
    with path.open("r+b") as handle:
        handle.seek(4096)
        handle.write(b"\xab" * 8192)  # two pages of garbage, same size


def _written_then_aged_back(path: Path) -> None:
    """Written by another program, which then set the mtime back a little (not to the one
    recorded): size, inode and change counter as before."""
    _written(path)
    _age(path, 2 * MINUTE_NS)


def _replaced(path: Path) -> None:
    damaged = path.with_name("damaged.sqlite3")
    shutil.copyfile(path, damaged)
    _written(damaged)
    os.utime(damaged, ns=(os.stat(path).st_atime_ns, os.stat(path).st_mtime_ns))
    os.replace(damaged, path)  # another inode, same size and mtime


def _grown(path: Path) -> None:
    mtime = os.stat(path).st_mtime_ns
    _written(path)
    with path.open("ab") as handle:
        handle.write(b"\xab" * 4096)
    os.utime(path, ns=(mtime, mtime))  # the mtime recorded: only the size tells


@pytest.mark.parametrize(
    "change",
    [_written, _written_then_aged_back, _replaced, _grown],
    ids=["written", "written-mtime-set-back", "replaced-same-mtime", "grown-same-mtime"],
)
def test_a_damaged_library_whose_signature_changed_is_still_refused(
    library: Path, checks: list[str], change: Callable[[Path], None]
) -> None:
    _opens(library)
    change(library)
    with pytest.raises(StoreError, match="is damaged"):
        _opens(library)
    assert len(checks) >= 2  # checked again
    assert not HealthRecord().vouches_for(library, Signature.of(library))


def test_a_wal_left_beside_the_library_brings_the_check_back(
    library: Path, checks: list[str]
) -> None:
    """A crash (or a program still writing) leaves commits in the -wal the signature of the
    main file says nothing about."""
    _opens(library)
    library.with_name(f"{library.name}-wal").write_bytes(b"\0" * 32)
    assert Signature.of(library) is None
    _opens(library)
    assert len(checks) == 2


def test_the_record_is_kept_only_after_a_healthy_check(library: Path, checks: list[str]) -> None:
    _written(library)
    _age(library)
    with pytest.raises(StoreError, match="is damaged"):
        _opens(library)
    assert checks and not (settings_path().parent / RECORD_FILE).exists()


def test_a_library_written_a_moment_ago_is_checked_again_next_time(
    library: Path, checks: list[str]
) -> None:
    """Another write within the same tick of the file system's clock would keep the mtime:
    a signature that young is not kept."""
    _age(library, 0)
    _opens(library)
    _opens(library)
    assert len(checks) == 2
    _age(library)
    _opens(library)
    _opens(library)
    assert len(checks) == 3


@pytest.mark.parametrize("content", [b"not json", b"[1, 2]", b"\xff\xfe", b"{" * 70_000])
def test_a_damaged_record_costs_one_check_and_is_rewritten(
    library: Path, checks: list[str], content: bytes
) -> None:
    record = settings_path().parent / RECORD_FILE
    record.parent.mkdir(parents=True, exist_ok=True)
    record.write_bytes(content)
    _opens(library)
    _opens(library)
    assert len(checks) == 1
    assert HealthRecord().vouches_for(library, Signature.of(library))


def test_a_library_of_the_same_content_at_another_path_is_checked(
    library: Path, checks: list[str]
) -> None:
    _opens(library)
    copy = library.with_name("copy.sqlite3")
    shutil.copy2(library, copy)
    _opens(copy)
    assert len(checks) == 2
