"""The dashboard used as an editor would: read the roll-ups, filter, open a claim, sign off."""

from __future__ import annotations

import gc
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, QPersistentModelIndex, Qt

from claimdesk.core.seeding import ensure_seeded
from claimdesk.core.services import claims, evidence
from claimdesk.core.services.dashboard import list_claims
from claimdesk.core.store import Store, open_store
from claimdesk.ui.dashboard import WINDOW, Dashboard
from claimdesk.ui.dashboard_model import (
    COL_QUOTE,
    COL_REVIEWED,
    COL_REVIEWERS,
    COL_STATUS,
    ArticleTableModel,
    ClaimListModel,
    RowRole,
)
from claimdesk.ui.edit_controller import EditController
from claimdesk.ui.gateway import Gateway
from claimdesk.ui.workers import Worker

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture(autouse=True)
def collect_garbage() -> Iterator[None]:
    """Free this test's widgets now, so a later timing-sensitive test does not pay for them."""
    yield
    gc.collect()


@pytest.fixture(scope="module")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample library, extracted once per module; each test works on its own copy."""
    path = tmp_path_factory.mktemp("template") / "seeded.sqlite3"
    store = open_store(path)
    ensure_seeded(store)
    store.close()
    return path


@pytest.fixture
def store(seeded_template: Path, tmp_path: Path) -> Iterator[Store]:
    path = tmp_path / "library.sqlite3"
    shutil.copy(seeded_template, path)
    opened = open_store(path)
    with opened.transaction() as session:
        ids = [c.id for c in list_claims(session)]
        claims.set_status(session, ids[0], "disputed", actor="ana")
        claims.set_status(session, ids[1], "sourced", actor="ben")  # no evidence: attention
        claims.set_status(session, ids[2], "sourced", actor="ben")
        evidence.add_evidence(session, ids[2], "https://example.org/a", actor="ben")
        claims.set_review_state(session, ids[2], "approved", actor="eve")
    yield opened
    opened.close()


@pytest.fixture
def dashboard(qtbot, store: Store) -> Iterator[Dashboard]:
    worker = Worker()
    widget = Dashboard(EditController(Gateway(store, "eve", worker)))
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    with qtbot.waitSignal(widget.sig_loaded):
        widget.show()
    qtbot.waitUntil(worker.is_idle)  # the article rows and their people come after the claims
    yield widget
    worker.shutdown()


def db_rows(store: Store, sql: str, *args: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(store.path) as con:
        return con.execute(sql, args).fetchall()


def shown(dashboard: Dashboard) -> list:
    return dashboard.claims.rows()


def settle(qtbot, dashboard: Dashboard) -> None:
    """Wait for the reads a filter or sort started (the rows come from the database)."""
    qtbot.waitUntil(dashboard.worker.is_idle)


def row_centre(table, row: int, column: int = COL_QUOTE):
    return table.visualRect(table.model().index(row, column)).center()


def double_click(qtbot, table, row: int, column: int = COL_QUOTE) -> None:
    """Press, release, then the double-click, as a mouse sends them."""
    pos = row_centre(table, row, column)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def test_articles_roll_up_and_chart_follows_the_filters(qtbot, dashboard: Dashboard) -> None:
    articles = dashboard.articles.rows()
    assert len(articles) == 2
    total = len(dashboard.claims.rows())
    assert sum(sum(a.counts.values()) for a in articles) == total
    first = next(a for a in articles if a.counts["disputed"])
    assert first.reviewers == ("ana", "ben", "eve")
    assert first.approved == 1
    assert "approved" in dashboard.summary.text()
    assert dashboard.chart.counts()["disputed"] == 1
    assert dashboard.filters.match_count.text() == f"{total} of {total} claims"

    # Words typed in the filter narrow the claims across both articles (after a short pause).
    qtbot.keyClicks(dashboard.filters.search, "Palantir")
    qtbot.waitUntil(lambda: len(shown(dashboard)) < total)
    for claim in shown(dashboard):
        assert "palantir" in f"{claim.quote} {claim.note} {claim.article_title}".lower()
    assert sum(dashboard.chart.counts().values()) == len(shown(dashboard))

    # The quick check for claims needing attention: disputed, or sourced with no evidence.
    dashboard.filters.search.clear()
    qtbot.mouseClick(dashboard.filters.attention, Qt.MouseButton.LeftButton)
    assert dashboard.filters.attention.isChecked()
    settle(qtbot, dashboard)
    assert sorted(c.status for c in shown(dashboard)) == ["disputed", "sourced"]
    assert dashboard.chart.counts() == {
        "sourced": 1,
        "disputed": 1,
        "speculative": 0,
        "unreviewed": 0,
        "dismissed": 0,
    }
    qtbot.mouseClick(dashboard.chart_scope, Qt.MouseButton.LeftButton)
    settle(qtbot, dashboard)
    assert sum(dashboard.chart.counts().values()) == total  # the whole library again
    assert "All" in dashboard.chart.title()

    # Unreviewed and a reviewer together match nothing; ben alone matches his two claims.
    dashboard.filters.attention.setChecked(False)
    reviewer = dashboard.filters.reviewer
    reviewer.setCurrentIndex(reviewer.findData("ben"))
    settle(qtbot, dashboard)
    assert [c.status for c in shown(dashboard)] == ["sourced", "sourced"]
    qtbot.mouseClick(dashboard.filters.unreviewed, Qt.MouseButton.LeftButton)
    settle(qtbot, dashboard)
    assert shown(dashboard) == []
    assert dashboard.filters.match_count.text() == f"0 of {total} claims"
    qtbot.mouseClick(dashboard.filters.clear_button, Qt.MouseButton.LeftButton)
    settle(qtbot, dashboard)
    assert len(shown(dashboard)) == total


def test_claims_and_counts_show_while_the_article_rows_are_read(qtbot, store: Store) -> None:
    """The article rows read the whole library (seconds at 10,000 articles): the claims and
    counts must not wait for them. The real read is held until the claims are shown."""
    worker = Worker()
    gateway = Gateway(store, "eve", worker)
    gate = threading.Event()
    read_articles = gateway.dashboard_articles

    def held(data):
        assert gate.wait(30), "the claims were never shown before the article rows"
        return read_articles(data)

    gateway.dashboard_articles = held
    widget = Dashboard(EditController(gateway))
    qtbot.addWidget(widget)
    with qtbot.waitSignal(widget.sig_loaded):
        widget.show()
    try:
        assert widget.claims.rowCount() == db_rows(store, "SELECT count(*) FROM claims")[0][0]
        assert widget.articles.rowCount() == 0
        assert widget.summary.text().startswith("2 articles")
    finally:
        gate.set()
    qtbot.waitUntil(worker.is_idle)
    assert widget.articles.rowCount() == 2
    assert {a.reviewers for a in widget.articles.rows()} >= {("ana", "ben", "eve")}
    worker.shutdown()


def test_people_fill_in_place_keeping_the_selection_and_order(qtbot, dashboard) -> None:
    data = dashboard.snapshot
    bare = [replace(a, reviewers=(), last_activity=None) for a in data.articles]
    model = ArticleTableModel()
    model.set_rows(bare)
    model.sort(COL_REVIEWERS, Qt.SortOrder.DescendingOrder)
    worked = next(a for a in data.articles if a.reviewers)
    kept = QPersistentModelIndex(model.index(model.row_of(worked.id), 0))
    model.fill_people(data.articles)
    assert kept.isValid() and kept.data(RowRole) == worked  # the same row, people filled
    assert model.row_at(0) == worked  # sorted by people again: the one with people first
    assert model.index(0, COL_REVIEWERS).data() == "ana, ben, eve"


def test_selecting_an_article_lists_only_its_claims(qtbot, dashboard: Dashboard) -> None:
    table = dashboard.article_table
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=row_centre(table, 1, 0))
    article = table.model().index(1, 0).data(RowRole)
    settle(qtbot, dashboard)
    assert {c.article_id for c in shown(dashboard)} == {article.id}
    assert "in 1 selected article" in dashboard.filters.match_count.text()


def test_double_click_or_enter_asks_to_open_the_claim(qtbot, dashboard: Dashboard) -> None:
    table = dashboard.claim_table
    claim = table.model().index(3, 0).data(RowRole)
    with qtbot.waitSignal(dashboard.sig_open_claim) as opened:
        double_click(qtbot, table, 3)
    assert opened.args == [claim.article_id, claim.id]

    table.setFocus()
    table.selectRow(5)
    claim = table.model().index(5, 0).data(RowRole)
    with qtbot.waitSignal(dashboard.sig_open_claim) as opened:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert opened.args == [claim.article_id, claim.id]

    articles = dashboard.article_table
    article = articles.model().index(0, 0).data(RowRole)
    with qtbot.waitSignal(dashboard.sig_open_claim) as opened:
        double_click(qtbot, articles, 0, 0)
    assert opened.args == [article.id, ""]


def _select_rows(dashboard: Dashboard, rows: list[int]) -> list[str]:
    table = dashboard.claim_table
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    table.clearSelection()
    for row in rows:
        table.selectionModel().select(table.model().index(row, 0), flags)
    return dashboard.selected_claim_ids()


def _give_verdicts(qtbot, dashboard: Dashboard, store: Store, rows: list[int]) -> None:
    """Ben tags these claims speculative (approvable without evidence); the dashboard re-reads."""
    listed = shown(dashboard)
    with store.transaction() as session:
        for row in rows:
            claims.set_status(session, listed[row].id, "speculative", actor="ben")
    with qtbot.waitSignal(dashboard.sig_loaded):
        dashboard.refresh()
    settle(qtbot, dashboard)


def test_approve_by_button_then_needs_review_by_shortcut(qtbot, dashboard, store) -> None:
    buttons = dashboard.sign_off.buttons
    assert not buttons["approved"].isEnabled()  # nothing selected yet
    _give_verdicts(qtbot, dashboard, store, [4, 6, 7])
    ids = _select_rows(dashboard, [4, 6, 7])
    assert dashboard.sign_off.label.text() == "3 claims selected"
    with qtbot.waitSignal(dashboard.sig_review_changed) as changed:
        qtbot.mouseClick(buttons["approved"], Qt.MouseButton.LeftButton)
    assert sorted(changed.args[0]) == sorted(ids)
    marks = ",".join("?" * len(ids))
    query = f"SELECT review_state, reviewed_by FROM claims WHERE id IN ({marks})"
    assert db_rows(store, query, *ids) == [("approved", "eve")] * 3
    events = db_rows(
        store,
        f"SELECT actor, before, after FROM claim_events WHERE action='review_state' "
        f"AND claim_id IN ({marks})",
        *ids,
    )
    assert events == [("eve", '"draft"', '"approved"')] * 3
    assert "Approved 3 claims as eve" in dashboard.notice.text()
    # The roll-up and the selection follow the change.
    assert sum(a.approved for a in dashboard.articles.rows()) == 4
    assert sorted(dashboard.selected_claim_ids()) == sorted(ids)

    # Approved claims are locked: marking them for review is a reopen (with a reason),
    # so the sign-off leaves them out and lists them.
    other = shown(dashboard)[5].id
    _select_rows(dashboard, [4, 5])
    dashboard.claim_table.setFocus()
    with qtbot.waitSignal(dashboard.sig_review_changed):
        qtbot.keyClick(dashboard.claim_table, Qt.Key.Key_R, CTRL_SHIFT)
    query = "SELECT review_state FROM claims WHERE id=?"
    assert db_rows(store, query, ids[0]) == [("approved",)]
    assert db_rows(store, query, other) == [("needs_review",)]
    assert dashboard.refused.claim_ids() == [ids[0]]
    assert "1 claim not marked for review" in dashboard.refused.title.text()
    qtbot.waitUntil(lambda: dashboard.worker.is_idle())


def test_bulk_sign_off_of_a_claim_changed_meanwhile_writes_nothing(qtbot, dashboard, store) -> None:
    _give_verdicts(qtbot, dashboard, store, [8, 9])
    ids = _select_rows(dashboard, [8, 9])
    with store.transaction() as session:  # another reviewer edits one of them meanwhile
        claims.set_note(session, ids[1], "checked by phone", actor="ben")
    task = dashboard.set_review_state("approved")
    with qtbot.waitSignal(task.sig_ended):
        pass
    marks = ",".join("?" * len(ids))
    states = db_rows(store, f"SELECT review_state FROM claims WHERE id IN ({marks})", *ids)
    assert states == [("draft",), ("draft",)]
    assert "Nothing was changed" in dashboard.notice.text()
    qtbot.waitUntil(lambda: dashboard.worker.is_idle())


def test_models_pass_the_model_tester(qtmodeltester, qtbot, dashboard: Dashboard) -> None:
    data = dashboard.snapshot
    articles = ArticleTableModel()
    articles.set_rows(data.articles)
    qtmodeltester.check(articles, force_py=True)
    articles.sort(COL_REVIEWED, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(articles, force_py=True)
    shares = [articles.index(r, 0).data(RowRole).pct_reviewed for r in range(2)]
    assert shares == sorted(shares, reverse=True)
    model = ClaimListModel()
    model.set_rows(dashboard.claims.rows())
    qtmodeltester.check(model, force_py=True)

    # Sorting is the database's: the table asks, the rows come back in its order.
    dashboard.claim_table.sortByColumn(COL_STATUS, Qt.SortOrder.DescendingOrder)
    settle(qtbot, dashboard)
    order = ["sourced", "disputed", "speculative", "unreviewed", "dismissed"]
    ranks = [order.index(c.status) for c in shown(dashboard)]
    assert ranks == sorted(ranks, reverse=True) and len(set(ranks)) > 1
    qtmodeltester.check(dashboard.claims, force_py=True)


@pytest.fixture
def many_claims(seeded_template: Path, tmp_path: Path) -> Iterator[Store]:
    """The sample library with its claims copied until there are several windows of them."""
    path = tmp_path / "many.sqlite3"
    shutil.copy(seeded_template, path)
    with sqlite3.connect(path) as con:
        n = con.execute("SELECT count(*) FROM claims").fetchone()[0]
        columns = [r[1] for r in con.execute("PRAGMA table_info(claims)")]
        for k in range(6 * WINDOW // n + 1):  # a third of them: over two windows
            chosen = ", ".join(f"'copy{k}:' || id" if c == "id" else c for c in columns)
            con.execute(f"INSERT INTO claims SELECT {chosen} FROM claims WHERE id NOT LIKE 'copy%'")
        con.execute("UPDATE claims SET status = 'speculative' WHERE rowid % 3 = 0")
    opened = open_store(path)
    yield opened
    opened.close()


def test_claims_are_read_a_window_at_a_time_as_the_table_scrolls(qtbot, many_claims) -> None:
    worker = Worker()
    widget = Dashboard(EditController(Gateway(many_claims, "eve", worker)))
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    with qtbot.waitSignal(widget.sig_loaded):
        widget.show()
    qtbot.waitUntil(worker.is_idle)
    total = db_rows(many_claims, "SELECT count(*) FROM claims")[0][0]
    model = widget.claims
    assert total > 2 * WINDOW and model.total() == total
    assert model.rowCount() == WINDOW and model.canFetchMore()
    assert widget.filters.match_count.text() == f"{total} of {total} claims"

    widget.claim_table.scrollToBottom()  # the view asks for the next window
    qtbot.waitUntil(lambda: model.rowCount() > WINDOW)
    qtbot.waitUntil(worker.is_idle)
    assert model.rowCount() <= 2 * WINDOW or model.rowCount() == total
    ids = [c.id for c in model.rows()]
    assert len(set(ids)) == len(ids)  # no window read twice

    # Select all means every matching claim, read or not: the sign-off acts on all of them.
    widget.filters.status.setCurrentIndex(widget.filters.status.findText("Speculative"))
    qtbot.waitUntil(worker.is_idle)
    matching = db_rows(many_claims, "SELECT id FROM claims WHERE status = 'speculative'")
    assert len(matching) > WINDOW >= model.rowCount()
    widget.claim_table.selectAll()
    qtbot.waitUntil(lambda: widget.sign_off.buttons["approved"].isEnabled())
    assert widget.sign_off.label.text() == f"{len(matching)} claims selected"
    with qtbot.waitSignal(widget.sig_review_changed, timeout=60_000) as changed:
        widget.set_review_state("approved")
    assert sorted(changed.args[0]) == sorted(r[0] for r in matching)
    query = "SELECT status, review_state, count(*) FROM claims GROUP BY 1, 2 ORDER BY 1, 2"
    by_state = {(status, state): n for status, state, n in db_rows(many_claims, query)}
    assert by_state[("speculative", "approved")] == len(matching)
    assert sum(n for (_, state), n in by_state.items() if state == "approved") == len(matching)
    qtbot.waitUntil(worker.is_idle)
    worker.shutdown()
