"""Several processes on one library: creation races, and readers while another one writes."""

from __future__ import annotations

import multiprocessing
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, func, select

from claimdesk.core.dberrors import LibraryBusyError
from claimdesk.core.errors import StoreError
from claimdesk.core.library_file import existing_revision
from claimdesk.core.models import Article, Meta
from claimdesk.core.seeding import ensure_seeded, needs_seeding, seed_drafts
from claimdesk.core.store import _alembic_config, open_store
from conditions import write_lock as held_write_lock

QUICK_MS = 200  # the busy timeout of these tests: a blocked write fails fast
RACERS = 3  # as many as issue 10 needed to show the race


def _open_and_seed(path: str, barrier: object, results: object) -> None:
    """One process of the race: open the (missing) library and seed it, like the CLI does."""
    barrier.wait()  # type: ignore[attr-defined]
    store = open_store(path)
    try:
        added = ensure_seeded(store, extract_claims=False)
        results.put((store.created, added))  # type: ignore[attr-defined]
    finally:
        store.close()


def test_processes_creating_one_library_at_once_all_succeed(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    spawn = multiprocessing.get_context("spawn")
    barrier = spawn.Barrier(RACERS)
    results = spawn.Queue()
    racers = [
        spawn.Process(target=_open_and_seed, args=(str(path), barrier, results))
        for _ in range(RACERS)
    ]
    for racer in racers:
        racer.start()
    for racer in racers:
        racer.join(timeout=120)  # a hang guard only
    assert [racer.exitcode for racer in racers] == [0] * RACERS
    outcomes = [results.get(timeout=5) for _ in racers]
    assert sum(created for created, _ in outcomes) == 1
    assert sum(added for _, added in outcomes) == len(seed_drafts())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shared.sqlite3"]  # no drafts left
    store = open_store(path)
    try:
        with store.reading() as session:
            assert session.scalar(select(func.count()).select_from(Article)) == len(seed_drafts())
            assert session.scalar(select(func.count()).select_from(Meta)) == 1
    finally:
        store.close()


@pytest.fixture
def write_lock(db_path: Path) -> Iterator[sqlite3.Connection]:
    """A seeded library whose write lock another connection holds (as a long import would)."""
    store = open_store(db_path)
    ensure_seeded(store, extract_claims=False)
    store.close()
    with held_write_lock(db_path) as holder:
        yield holder


def test_reading_needs_no_write_lock(write_lock: sqlite3.Connection, db_path: Path) -> None:
    store = open_store(db_path, busy_timeout_ms=QUICK_MS)
    try:
        assert not needs_seeding(store)
        assert ensure_seeded(store, extract_claims=False) == 0
        with store.reading() as session:
            count = session.scalar(select(func.count()).select_from(Article))
        assert count == len(seed_drafts())
    finally:
        store.close()


def test_a_write_that_cannot_get_the_lock_says_busy(
    write_lock: sqlite3.Connection, db_path: Path
) -> None:
    store = open_store(db_path, busy_timeout_ms=QUICK_MS)
    try:
        with pytest.raises(LibraryBusyError) as caught, store.transaction() as session:
            session.add(Article(title="T", text="t", sha256="t" * 64, origin="t.txt"))
        assert str(caught.value) == (
            f"{db_path}: library is busy (another Claimdesk is writing); try again"
        )
        writer = store.writer()
        with pytest.raises(LibraryBusyError), writer.transaction() as session:
            session.add(Article(title="W", text="w", sha256="w" * 64, origin="w.txt"))
        writer.close()
    finally:
        store.close()
    write_lock.execute("ROLLBACK")
    store = open_store(db_path, busy_timeout_ms=QUICK_MS)
    try:
        with store.transaction() as session:  # the lock is free again: the write goes through
            session.add(Article(title="T", text="t", sha256="t" * 64, origin="t.txt"))
    finally:
        store.close()


def test_an_upgrade_that_cannot_get_the_lock_says_busy(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "0001")
    engine.dispose()
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        with pytest.raises(LibraryBusyError, match="library is busy"):
            open_store(path, busy_timeout_ms=QUICK_MS)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert not any(p.name.startswith("old.sqlite3.backup") for p in tmp_path.iterdir())


# Each round opens the library, adds articles and closes it. SQLite copies the -wal into the
# file after each commit here (as it does every 4 MB), and when the last connection closes,
# then deletes the -wal: a reader of the file alone meanwhile sees it half-written.
WRITER = """
import sys
from claimdesk.core.models import Article
from claimdesk.core.store import open_store
for i in range(int(sys.argv[2])):
    store = open_store(sys.argv[1])
    with store.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_autocheckpoint = 1")
    for j in range(3):
        with store.transaction() as session:
            key = f"{i}.{j}"
            session.add(Article(title=key, text="x" * 50_000, sha256=f"{key:64}", origin="w"))
    store.close()
    print(i, flush=True)
"""
ROUNDS = 30


def test_a_library_another_process_keeps_closing_opens_every_time(db_path: Path) -> None:
    open_store(db_path).close()
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db_path), str(ROUNDS)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert writer.stdout is not None
    refusals, opens = [], 0
    try:
        writer.stdout.readline()  # it has written once: the rounds run from here
        while writer.poll() is None:
            opens += 1
            try:  # mostly the check that opening starts with, and some whole opens
                existing_revision(db_path) if opens % 4 else open_store(db_path).close()
            except StoreError as exc:
                refusals.append(str(exc))
    finally:
        _, errors = writer.communicate(timeout=120)  # a hang guard only
    assert writer.returncode == 0, errors
    assert refusals == [], f"{len(refusals)} of {opens} opens refused"
