"""Several processes on one library: creation races, and readers while another one writes."""

from __future__ import annotations

import multiprocessing
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, func, select

from claimdesk.core.dberrors import LibraryBusyError
from claimdesk.core.models import Article, Meta
from claimdesk.core.seeding import SEEDED_KEY, ensure_seeded, needs_seeding, seed_drafts
from claimdesk.core.store import _alembic_config, open_store

QUICK_MS = 200  # the busy timeout of these tests: a blocked write fails fast
RACERS = 5


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
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE claimdesk_meta SET value = 'held' WHERE key = ?", (SEEDED_KEY,))
    yield holder
    holder.execute("ROLLBACK")
    holder.close()


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
    write_lock.execute("BEGIN")  # the fixture's teardown rolls this back
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
