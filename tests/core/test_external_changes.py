"""The poll's look at what other connections committed: real writes on a second connection."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlalchemy import event
from two_claims import add_article

from claimdesk.core.events import ChangeKind
from claimdesk.core.external_changes import changes_since


@pytest.fixture
def article_id(store) -> str:
    return add_article(store)


@pytest.fixture
def statements(store) -> Iterator[list[str]]:
    """The SQL the poll's reads ran, on the read engine."""
    ran: list[str] = []
    engine = store.read_sessions.kw["bind"]

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        ran.append(statement)

    event.listen(engine, "after_cursor_execute", note)
    yield ran
    event.remove(engine, "after_cursor_execute", note)


def poll(store, seen, article_id):
    """One poll: the new mark and what it found, the open article's claims as shown."""
    with store.reading() as s:
        return changes_since(s, seen, article_id, {"c1": 1, "c2": 1})


def elsewhere(store, *statements: str) -> None:
    """Commit on a connection of its own, as another program (or the match scan's child)."""
    con = sqlite3.connect(store.path)
    try:
        con.execute("PRAGMA foreign_keys=ON")
        with con:
            for statement in statements:
                con.execute(statement)
    finally:
        con.close()


def test_writes_the_window_never_shows_are_probed_not_read(store, article_id, statements):
    """The match scan's child commits matches every few claims: each moved data_version and
    had the poll read every article's claim count and the open article's claims."""
    seen, _ = poll(store, None, article_id)
    statements.clear()
    idle, found = poll(store, seen, article_id)  # nothing committed: the probe only
    assert (idle, found) == (seen, ())
    probe = len(statements)
    elsewhere(
        store,
        "INSERT INTO match_scans (claim_id, generation, scanned_at) "
        "VALUES ('c1', 1, '2026-01-01 00:00:00')",
    )
    statements.clear()
    assert poll(store, seen, article_id) == (seen, ())
    assert len(statements) == probe
    assert not [s for s in statements if "GROUP BY" in s]  # no per-article counts read

    # A claim tagged elsewhere (its version moved) is read and found.
    elsewhere(store, "UPDATE claims SET status='disputed', version=version+1 WHERE id='c2'")
    statements.clear()
    seen, found = poll(store, seen, article_id)
    assert len(statements) > probe
    assert [(c.kind, c.claim_ids) for c in found] == [(ChangeKind.CLAIMS_CHANGED, {"c2"})]


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM claims WHERE id='c2'",  # its events go with it
        "UPDATE claims SET version=version+1 WHERE id='c1'",  # a write without an event
        "DELETE FROM articles",  # its claims with it
    ],
)
def test_the_probe_misses_nothing_a_full_read_finds(store, article_id, statement):
    seen, _ = poll(store, None, article_id)
    elsewhere(store, statement)
    _, probed = poll(store, seen, article_id)
    _, read = poll(store, replace(seen, probe=None), article_id)  # no probe: read it all
    assert probed == read != ()
