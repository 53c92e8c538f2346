"""A database that cannot take a write says so in one line; nothing claims a success it lacks."""

from __future__ import annotations

import functools
import os
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from cli_library import Library, run_cli
from sqlalchemy import Engine, event, select

from claimdesk.cli import main
from claimdesk.core.models import Claim, ClaimEvent
from claimdesk.core.store import open_store
from conditions import write_lock as held_write_lock

LONG_NOTE = "n" * 120_000  # needs about 30 new pages; below Linux's 128 KiB per argument


def _unchanged(library: Library) -> bool:
    store = open_store(library.path)
    with store.reading() as session:
        claim = session.get_one(Claim, library.claim_id)
        events = session.scalars(select(ClaimEvent.action).where(ClaimEvent.claim_id == claim.id))
        found = (claim.status, claim.note, list(events))
    store.close()
    return found == ("unreviewed", "", ["created"])


@contextmanager
def page_limit(pages: int) -> Iterator[None]:
    """No new connection may grow a database past `pages`: SQLite answers SQLITE_FULL, as a full
    disk does."""

    def cap(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(Engine, "connect", cap)
    try:
        yield
    finally:
        event.remove(Engine, "connect", cap)


def test_tag_on_a_full_disk_is_one_line_and_no_success(library: Library, capsys) -> None:
    with sqlite3.connect(library.path) as probe:
        (pages,) = probe.execute("PRAGMA page_count").fetchone()
    probe.close()
    with page_limit(pages):
        code = main(["--db", library.db, "tag", library.claim_id, "disputed", "--note", LONG_NOTE])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert err == f"claimdesk: {library.db}: disk is full; nothing was saved\n"
    assert _unchanged(library)


def test_a_new_library_on_a_full_disk_is_worth_retrying(tmp_path: Path, capsys) -> None:
    db = tmp_path / "new.sqlite3"
    with page_limit(1):
        code = main(["--db", str(db), "articles"])
    assert code == 1  # not 2: the path is fine, the disk is not
    assert capsys.readouterr().err == f"claimdesk: {db}: disk is full; nothing was saved\n"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_FSIZE semantics")
def test_a_write_that_fails_at_commit_prints_no_success(library: Library) -> None:
    """A real write error from the kernel: the process may not grow any file past a limit."""
    import resource  # POSIX only: importing it at the top would fail collection on Windows

    limit = os.path.getsize(library.path) + 1000

    def limit_file_size() -> None:  # Python ignores SIGXFSZ, so writes fail with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    argv = ["--db", library.db, "tag", library.claim_id, "sourced", "--note", LONG_NOTE]
    result = run_cli(*argv, text=True, preexec_fn=limit_file_size)
    assert result.returncode == 1
    assert result.stdout == ""
    # EFBIG reaches SQLite as a failed write (SQLITE_IOERR_WRITE), as a failing disk does.
    assert result.stderr == f"claimdesk: {library.db}: the disk reported an input/output error\n"
    assert _unchanged(library)


def test_an_unnamed_database_error_is_one_line(library: Library, capsys) -> None:
    with sqlite3.connect(library.path) as connection:
        connection.execute(
            "CREATE TRIGGER frozen BEFORE UPDATE ON claims"
            " BEGIN SELECT RAISE(ABORT, 'claims are frozen\nby policy'); END"
        )
    connection.close()
    assert main(["--db", library.db, "tag", library.claim_id, "sourced"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"claimdesk: {library.db}: database error: claims are frozen\\nby policy\n"
    assert _unchanged(library)


@pytest.fixture
def write_lock(library: Library) -> Iterator[sqlite3.Connection]:
    """Another process's write transaction, held open for the whole test."""
    with held_write_lock(library.path) as holder:
        yield holder


@pytest.mark.usefixtures("write_lock")
def test_reads_work_while_another_writer_holds_the_lock(library: Library, capsys) -> None:
    assert main(["--db", library.db, "articles"]) == 0
    assert main(["--db", library.db, "claims", "--json"]) == 0
    assert library.claim_id in capsys.readouterr().out


@pytest.mark.usefixtures("write_lock")
def test_a_blocked_write_says_the_library_is_busy(
    library: Library, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    quick = functools.partial(open_store, busy_timeout_ms=200)  # not the 5 s users get
    monkeypatch.setattr("claimdesk.cli.open_store", quick)
    assert main(["--db", library.db, "tag", library.claim_id, "sourced"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == (
        f"claimdesk: {library.db}: library is busy (another Claimdesk is writing); try again\n"
    )


def test_write_lock_fixture_really_blocks_writers(
    library: Library, write_lock: sqlite3.Connection
) -> None:
    """Else the read test above would pass without a lock."""
    other = sqlite3.connect(library.path, timeout=0)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        other.execute("BEGIN IMMEDIATE")
    other.close()
