"""The window starts on a first screen read with plain sqlite3, then opens the store behind it
(issue 15 item 6): the read must equal the ORM readers', fall back whenever the library needs
opening first, and the window must work the same before, during and after the store opens."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest
from prepared_library import reviewed_db, reviewed_template  # noqa: F401 - fixtures
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from unchanged_library import vouched, written

from claimdesk.core.errors import StoreError
from claimdesk.core.first_screen import FirstScreen, read_first_screen
from claimdesk.core.health_record import HealthRecord, Signature
from claimdesk.core.models import Article, Claim, Meta
from claimdesk.core.services import claims
from claimdesk.core.store import open_store
from claimdesk.ui.app import open_window
from claimdesk.ui.candidates import Budget
from claimdesk.ui.gateway import Gateway
from claimdesk.ui.main_window import MainWindow
from claimdesk.ui.workers import Worker

NOTE = "Asked the ministry; the figure is from its March report."


def articles(path: Path) -> list[str]:
    """The library's article ids in the order the list shows them."""
    connection = sqlite3.connect(path)
    try:
        query = "SELECT id FROM articles ORDER BY imported_at, title, id"
        return [article_id for (article_id,) in connection.execute(query)]
    finally:
        connection.close()


def more_work(path: Path) -> None:
    """Beyond the reviewed samples: a claim made by hand with a public note, and an article
    scored by a learned model (its own cut-off: more of its candidates are faint)."""
    store = open_store(path)
    with store.transaction() as session:
        first, second = session.query(Article).order_by(Article.imported_at, Article.title)[:2]
        made = claims.add_claim(session, first.id, 0, 12, actor="ana")
        claims.set_note(session, made.id, NOTE, actor="ana")
        claims.set_note_public(session, made.id, True, actor="ana")
        second.extractor_version = f"{second.extractor_version}+library-1"
        second.highlight_cut = 0.9
    store.close()


def gateway_read(path: Path, article_id: str) -> tuple[object, Budget]:
    """What the window reads when it opens an article through the store."""
    store = open_store(path)
    worker = Worker()
    gateway = Gateway(store, "eve", worker)
    try:
        return gateway.article(article_id), gateway._budgets[article_id]
    finally:
        worker.shutdown()
        gateway.close()


@pytest.mark.usefixtures("reviewed_db")
def test_the_first_screen_equals_what_the_gateway_reads(qapp, db_path: Path) -> None:
    more_work(db_path)
    ids = articles(db_path)
    vouched(db_path)
    faint = highlighted = evidence = 0
    for article_id in ids:
        first = read_first_screen(db_path, article_id)
        assert first is not None and first.article is not None
        data, budget = gateway_read(db_path, article_id)
        vouched(db_path)  # the gateway's open touched nothing, but be sure
        assert first.article == data
        assert Budget(first.words, first.article.extractor_version, first.cut) == budget
        faint += sum(not c.highlighted for c in data.claims)
        highlighted += sum(c.highlighted for c in data.claims)
        evidence += sum(len(c.evidence) for c in data.claims)
    statuses = {c.status for a in ids for c in read_first_screen(db_path, a).article.claims}
    assert {"sourced", "disputed", "dismissed", "unreviewed"} <= statuses
    assert faint and highlighted and evidence  # the read was tested on each kind


@pytest.mark.usefixtures("reviewed_db")
def test_an_article_gone_or_not_named_is_the_lists_first(db_path: Path) -> None:
    vouched(db_path)
    named = read_first_screen(db_path, None)
    gone = read_first_screen(db_path, "no-such-article")
    oldest = articles(db_path)[0]
    assert named is not None and gone is not None
    assert named.article is not None and named.article.id == oldest
    assert gone == named


def test_an_empty_library_has_an_empty_first_screen(db_path: Path) -> None:
    store = open_store(db_path)
    with store.transaction() as session:
        session.add(Meta(key="seeded", value="skipped in this test"))
    store.close()
    assert read_first_screen(vouched(db_path), None) == FirstScreen(None)


def _older_revision(path: Path) -> None:
    written(path, "UPDATE alembic_version SET version_num = '0006'")


def _unseeded(path: Path) -> None:
    written(path, "DELETE FROM claimdesk_meta WHERE key = 'seeded'")


def _no_stored_cut(path: Path) -> None:
    written(path, "UPDATE articles SET highlight_cut = NULL")


@pytest.mark.parametrize("change", [_older_revision, _unseeded, _no_stored_cut])
@pytest.mark.usefixtures("reviewed_db")
def test_a_library_that_needs_more_than_a_read_is_opened_first(db_path: Path, change) -> None:
    """An upgrade, the samples to load or a cut-off to derive (numpy): not the quick read."""
    change(db_path)
    assert read_first_screen(vouched(db_path), None) is None


def edited(path: Path) -> Signature:
    """Changed by a session's edits since its last healthy check (in an earlier session): the
    health record no longer vouches for it. Its signature, to see it recorded once checked."""
    vouched(path)
    written(path, "UPDATE articles SET title = title || '!'")
    past = time.time() - 60
    os.utime(path, (past, past))
    signature = Signature.of(path)
    assert signature is not None and not HealthRecord().vouches_for(path, signature)
    return signature


def damaged(path: Path, table: str) -> None:
    """Garbage over the first page of `table` (same size): PRAGMA quick_check fails, and a
    read that goes through that table fails too ("database disk image is malformed")."""
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        (size,) = connection.execute("PRAGMA page_size").fetchone()
        query = "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = ?"
        (page,) = connection.execute(query, (table,)).fetchone()
    finally:
        connection.close()
    with path.open("r+b") as handle:
        handle.seek((page - 1) * size)
        handle.write(b"\xab" * size)
    past = time.time() - 60
    os.utime(path, (past, past))


def quick_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every PRAGMA quick_check run through sqlite3 from now on."""
    checks: list[str] = []
    connect = sqlite3.connect

    def traced(target: str, *args: object, **kwargs: object) -> sqlite3.Connection:
        connection = connect(target, *args, **kwargs)
        connection.set_trace_callback(
            lambda sql: checks.append(sql) if "quick_check" in sql else None
        )
        return connection

    monkeypatch.setattr(sqlite3, "connect", traced)
    return checks


@pytest.mark.usefixtures("reviewed_db")
def test_a_library_changed_since_its_check_is_read_without_waiting_for_the_check(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After a session's edits the file is not the one last found healthy: its first screen
    is read all the same, and the check is left to the store's open behind the window."""
    signature = edited(db_path)
    checks = quick_checks(monkeypatch)
    first = read_first_screen(db_path, None)
    assert first is not None and first.article is not None and first.article.title.endswith("!")
    assert first.articles == len(articles(db_path))
    assert checks == [] and not HealthRecord().vouches_for(db_path, signature)
    open_store(db_path).close()  # the store's open checks it, and records it healthy
    assert len(checks) == 1 and HealthRecord().vouches_for(db_path, signature)


@pytest.mark.usefixtures("reviewed_db")
def test_a_library_damaged_where_the_first_screen_reads_is_left_to_the_stores_open(
    db_path: Path, tmp_path: Path
) -> None:
    """A first screen that cannot be read: the store's open refuses the file, saying why,
    before any window shows."""
    damaged(db_path, "articles")
    assert read_first_screen(db_path, None) is None
    with pytest.raises(StoreError, match="is damaged"):
        open_window(db_path)
    assert read_first_screen(tmp_path / "none.sqlite3", None) is None


def test_another_programs_database_is_not_read_for_a_first_screen(tmp_path: Path) -> None:
    """Only a file marked as Claimdesk's is read before its check: even a read-only
    connection leaves -wal and -shm beside another program's WAL database."""
    (tmp_path / "other").mkdir()
    path = tmp_path / "other" / "data.sqlite3"
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE articles (id TEXT)")
    connection.close()
    assert read_first_screen(path, None) is None
    assert [p.name for p in path.parent.iterdir()] == ["data.sqlite3"]


# -- the window on a first screen ---------------------------------------------------------


def started(qtbot, path: Path) -> MainWindow:
    window = open_window(path)
    qtbot.addWidget(window)
    return window


def stored_status(path: Path, claim_id: str) -> str:
    store = open_store(path)
    try:
        with store.reading() as session:
            return session.get(Claim, claim_id).status
    finally:
        store.close()


def store_open(window: MainWindow) -> bool:
    gateway = window.controller.gateway
    return gateway._store is not None and window.controller.worker.is_idle()


@pytest.mark.usefixtures("reviewed_db")
def test_the_window_shows_the_first_screen_at_once_then_opens_the_store(
    qtbot, db_path: Path
) -> None:
    window = started(qtbot, vouched(db_path))
    gateway = window.controller.gateway
    # Shown by open_window itself, before the event loop ran: no store behind it yet.
    assert gateway.first_screen is not None and gateway._store is None
    assert window.controller.article is not None and window.claims.model.rowCount() > 0
    assert window.articles.articles().rowCount() == 0  # the list comes with the store
    total = len(articles(db_path))
    count = window.findChild(QLabel, "articleCount")
    assert window.articles.placeholder() == f"Loading {total} articles…"
    assert (count.text(), count.toolTip()) == ("Loading…", window.articles.placeholder())
    window.repaint()
    qtbot.waitUntil(lambda: store_open(window))
    assert window.articles.articles().rowCount() == total
    assert window.articles.placeholder() is None and count.text() == f"{total} articles"
    claim = window.controller.current_claim()
    assert claim is not None
    window.actions.tag["sourced"].trigger()
    assert stored_status(db_path, claim.id) == "sourced"
    window.close()


@pytest.mark.usefixtures("reviewed_db")
def test_a_tag_before_the_store_is_open_waits_for_it_and_is_saved(qtbot, db_path: Path) -> None:
    """The tag key's write is synchronous: pressed before the first paint, it opens the
    store then and there rather than being refused."""
    window = started(qtbot, vouched(db_path))
    claim = window.controller.current_claim()
    assert claim is not None and window.controller.gateway._store is None
    window.actions.tag["disputed"].trigger()
    assert window.controller.gateway._store is not None
    qtbot.waitUntil(lambda: store_open(window))
    assert stored_status(db_path, claim.id) == "disputed"
    window.close()


@pytest.mark.usefixtures("reviewed_db")
def test_a_change_made_elsewhere_before_the_store_opened_is_shown(qtbot, db_path: Path) -> None:
    """Between the first screen's read and the store's open, the command line or a second
    window may change the article on screen: the window catches up once the store opens."""
    window = started(qtbot, vouched(db_path))
    shown = window.controller.current_claim()
    assert shown is not None and shown.status != "speculative"
    elsewhere = open_store(db_path)
    with elsewhere.transaction() as session:
        claims.set_status(session, shown.id, "speculative", actor="ben")
    elsewhere.close()
    window.repaint()
    qtbot.waitUntil(lambda: window.controller.gateway.recorded(shown.id).status == "speculative")
    assert window.controller.current_claim().status == "speculative"
    window.close()


@pytest.mark.usefixtures("reviewed_db")
def test_closing_before_the_store_opens_leaves_nothing_running(qtbot, db_path: Path) -> None:
    window = started(qtbot, vouched(db_path))
    window.close()  # the autouse fixtures check no thread or window is left
    assert window.controller.gateway._store is None


@pytest.mark.usefixtures("reviewed_db")
def test_a_library_that_cannot_be_opened_after_all_says_why_and_closes(
    qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Changed between the first screen's read and the store's open (a newer Claimdesk
    upgraded it meanwhile): one message, no half-open window."""
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: errors.append(args[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: errors.append(args[2]))
    window = started(qtbot, vouched(db_path))
    written(db_path, "UPDATE alembic_version SET version_num = '9999'")
    window.repaint()
    qtbot.waitUntil(lambda: not window.isVisible())
    QApplication.processEvents()
    assert len(errors) == 1 and "newer Claimdesk" in errors[0], errors


@pytest.mark.usefixtures("reviewed_db")
def test_an_edited_library_shows_its_first_screen_then_is_checked_and_recorded(
    qtbot, db_path: Path
) -> None:
    """After an editing session the window starts as fast as on an unchanged library: the
    integrity check runs as the store opens behind it, and vouches for the file next time."""
    signature = edited(db_path)
    window = started(qtbot, db_path)
    gateway = window.controller.gateway
    assert gateway.first_screen is not None and gateway._store is None
    assert window.controller.article.title.endswith("!")
    assert not HealthRecord().vouches_for(db_path, signature)
    window.repaint()
    qtbot.waitUntil(lambda: store_open(window))
    assert HealthRecord().vouches_for(db_path, signature)
    window.close()


@pytest.mark.usefixtures("reviewed_db")
def test_a_damaged_library_shows_its_first_screen_then_says_so_and_writes_nothing(
    qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Damaged where the first screen does not read: it shows, then the check as the store
    opens fails; the window says so once, naming the file, and closes. A tag key pressed
    before the check ended waited for it and wrote nothing."""
    errors: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: errors.append(args[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: errors.append(args[2]))
    damaged(db_path, "deleted_articles")
    before = db_path.read_bytes()
    window = started(qtbot, db_path)
    claim = window.controller.current_claim()
    assert claim is not None and window.controller.gateway._store is None
    window.actions.tag["disputed"].trigger()
    qtbot.waitUntil(lambda: not window.isVisible())
    QApplication.processEvents()
    assert len(errors) == 1, errors
    assert str(db_path) in errors[0] and "is damaged" in errors[0], errors
    assert db_path.read_bytes() == before
