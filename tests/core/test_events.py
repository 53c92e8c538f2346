"""Every committed write says what it changed, after COMMIT, and a rollback says nothing."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from sqlalchemy import select
from two_claims import add_article

from claimdesk.core import commands, jobs
from claimdesk.core.events import Change, ChangeKind, bus_for
from claimdesk.core.extraction.extractor import IN_THIS_PROCESS
from claimdesk.core.models import Claim
from claimdesk.core.services.articles import delete_article
from claimdesk.core.services.dashboard import set_review_states


@pytest.fixture
def heard(store) -> list[tuple[Change, ...]]:
    found: list[tuple[Change, ...]] = []
    bus_for(store.sessions).subscribe(found.append)
    return found


@pytest.fixture
def article_id(store) -> str:
    return add_article(store)


def read(store, query: str) -> object:
    """One row read on a connection of its own: what other programs see (closed after)."""
    con = sqlite3.connect(store.path)
    try:
        return con.execute(query).fetchone()
    finally:
        con.close()


def kinds(batches: list[tuple[Change, ...]]) -> set[tuple[ChangeKind, str, frozenset[str]]]:
    return {(c.kind, c.article_id, c.claim_ids) for batch in batches for c in batch}


def test_a_command_is_heard_once_after_commit_with_its_claim(store, heard, article_id) -> None:
    seen_by_others: list[object] = []

    def check_committed(_changes: object) -> None:  # a second connection already sees it
        with sqlite3.connect(store.path) as con:
            seen_by_others.append(con.execute("SELECT status FROM claims WHERE id='c1'").fetchone())

    bus_for(store.sessions).subscribe(check_committed)
    heard.clear()
    with store.transaction() as s:
        commands.apply(s, commands.SetStatus("c1", "disputed"), "ana")
        assert heard == []  # flushed, not committed: nobody hears yet
    assert kinds(heard) == {(ChangeKind.CLAIMS_CHANGED, article_id, frozenset({"c1"}))}
    assert seen_by_others == [("disputed",)]


def test_rollback_is_never_heard(store, heard, article_id) -> None:
    heard.clear()
    with pytest.raises(RuntimeError), store.transaction() as s:
        commands.apply(s, commands.AddEvidence("c1", "e1", "https://example.org/a"), "ana")
        s.flush()
        raise RuntimeError("changed my mind")
    with store.transaction() as s:
        commands.apply(s, commands.SetNote("c2", "checked"), "ben")
    assert kinds(heard) == {(ChangeKind.CLAIMS_CHANGED, article_id, frozenset({"c2"}))}


def test_evidence_sign_off_delete_and_removal_are_heard(store, heard, article_id) -> None:
    heard.clear()
    with store.transaction() as s:
        commands.apply(s, commands.AddEvidence("c1", "e1", "https://example.org/a"), "ana")
    with store.transaction() as s:
        set_review_states(s, ["c1", "c2"], "needs_review", actor="eve")
    with store.transaction() as s:
        commands.apply(s, commands.DeleteClaim("c2"), "ana")
    assert kinds(heard) == {
        (ChangeKind.CLAIMS_CHANGED, article_id, frozenset({"c1"})),
        (ChangeKind.CLAIMS_CHANGED, article_id, frozenset({"c1", "c2"})),
        (ChangeKind.CLAIMS_REMOVED, article_id, frozenset({"c2"})),
    }
    heard.clear()
    with store.transaction() as s:
        delete_article(s, article_id, actor="test")
    assert kinds(heard) == {(ChangeKind.ARTICLE_REMOVED, article_id, frozenset())}


def test_import_and_extraction_name_the_article_and_every_new_claim(store, heard, tmp_path) -> None:
    source = tmp_path / "report.txt"
    source.write_text("The council said it spent 4 million euros on the bridge in 2023.\n")
    articles_seen: list[object] = []  # by another connection, when the import is heard
    count = "SELECT count(*) FROM articles"
    bus_for(store.sessions).subscribe(lambda _c: articles_seen.append(read(store, count)))
    reports = jobs.import_paths(store, [source], extraction=IN_THIS_PROCESS)
    article_id = reports[0].article_id
    assert reports[0].claims > 0
    with store.reading() as s:
        ids = set(s.scalars(select(Claim.id).where(Claim.article_id == article_id)))
    assert kinds(heard) >= {
        (ChangeKind.ARTICLE_ADDED, article_id, frozenset()),
        (ChangeKind.CLAIMS_ADDED, article_id, frozenset(ids)),
    }
    assert len(heard) == 1  # one transaction, one batch
    assert articles_seen == [(1,)]  # heard after COMMIT, not at the article's savepoint


def test_savepoints_are_heard_with_their_transaction_once_others_can_see_it(
    store, heard, article_id
) -> None:
    """A savepoint's RELEASE is no commit: heard then, a poll reading the library on another
    connection would miss the changes and later take them for another program's."""
    visible: list[object] = []
    note = "SELECT note FROM claims WHERE id='c1'"
    bus_for(store.sessions).subscribe(lambda _c: visible.append(read(store, note)))
    heard.clear()
    with store.transaction() as s:
        with s.begin_nested():
            commands.apply(s, commands.SetNote("c1", "kept"), "ana")
        with pytest.raises(RuntimeError), s.begin_nested():
            commands.apply(s, commands.SetNote("c2", "undone"), "ana")
            s.flush()
            raise RuntimeError("this file fails")
        assert heard == []  # released, not committed
    assert kinds(heard) == {(ChangeKind.CLAIMS_CHANGED, article_id, frozenset({"c1"}))}
    assert visible == [("kept",)]


def test_listeners_hear_commits_made_on_other_threads(store, heard, article_id) -> None:
    heard.clear()
    failing = bus_for(store.sessions).subscribe(lambda _c: 1 / 0)  # a broken listener

    def tag() -> None:
        with store.transaction() as s:
            commands.apply(s, commands.SetStatus("c2", "sourced"), "ben")

    thread = threading.Thread(target=tag)
    thread.start()
    thread.join(60)
    failing()
    assert kinds(heard) == {(ChangeKind.CLAIMS_CHANGED, article_id, frozenset({"c2"}))}
    with store.reading() as s:  # the broken listener did not undo or hide the commit
        assert s.get_one(Claim, "c2").status == "sourced"
