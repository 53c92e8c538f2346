"""The editor's round trip in the real window: dashboard, sign-off, workspace, history, export."""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QApplication

from claimdesk.core import commands
from claimdesk.core.store import open_store
from claimdesk.ui.dashboard_model import COL_QUOTE
from claimdesk.ui.dialogs.export_dialog import ExportDialog

KEY = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
LEFT = Qt.MouseButton.LeftButton
# Keys that tag, dismiss, approve, move or delete in the workspace; none may act from the
# dashboard on the claim hidden behind it.
WORKSPACE_KEYS = [KEY.Key_2, KEY.Key_D, KEY.Key_A, KEY.Key_J, KEY.Key_U, KEY.Key_Delete]


@pytest.fixture(autouse=True)
def collect_garbage() -> Iterator[None]:
    """Free this test's window now, so a later timing-sensitive test does not pay for it."""
    yield
    gc.collect()


def library_state(db_path) -> tuple[list[tuple[object, ...]], int]:
    """Every claim's status, sign-off and version, and how many changes were logged."""
    with sqlite3.connect(db_path) as con:
        claims = con.execute(
            "SELECT id, status, review_state, reviewed_by, version FROM claims ORDER BY id"
        ).fetchall()
        (events,) = con.execute("SELECT count(*) FROM claim_events").fetchone()
    return claims, events


def open_dashboard(qtbot, window):
    """Ctrl+2, as a person would, then wait for the dashboard to read the library."""
    qtbot.keyClick(window.view, KEY.Key_2, CTRL)
    assert window.tabs.currentWidget() is window.editor.page
    dashboard = window.dashboard
    qtbot.waitUntil(lambda: dashboard.snapshot is not None and window.controller.worker.is_idle())
    return dashboard


def proxy_row(dashboard, claim_id: str) -> int:
    return dashboard.claims.row_of(claim_id)


def click_row(qtbot, table, row: int) -> None:
    pos = table.visualRect(table.model().index(row, COL_QUOTE)).center()
    qtbot.mouseClick(table.viewport(), LEFT, pos=pos)


def listed_status(dashboard, claim_id: str) -> str | None:
    """The status the dashboard's claim list shows for a claim."""
    return next((c.status for c in dashboard.claims.rows() if c.id == claim_id), None)


def press_workspace_keys(qtbot, widget) -> None:
    for key in WORKSPACE_KEYS:
        qtbot.keyClick(widget, key)
        qtbot.keyClick(widget, key, SHIFT)


def test_filter_approve_open_history_and_export_from_the_dashboard(
    qtbot, open_workspace, db_path, tmp_path
):
    window = open_workspace()
    hidden = window.controller.current_claim()
    dashboard = open_dashboard(qtbot, window)
    table = dashboard.claim_table
    assert table.hasFocus()

    # The workspace's one-letter keys do nothing here: not in the table, not anywhere.
    before = library_state(db_path)
    press_workspace_keys(qtbot, table)
    qtbot.wait(50)
    assert library_state(db_path) == before
    assert window.controller.current_claim().id == hidden.id
    assert not window.actions.tag["disputed"].isEnabled()

    # Ctrl+F filters the dashboard's claims, across articles.
    qtbot.keyClick(table, KEY.Key_F, CTRL)
    assert dashboard.filters.search.hasFocus()
    total = len(dashboard.claims.rows())
    qtbot.keyClicks(dashboard.filters.search, "Palantir")
    qtbot.waitUntil(lambda: 0 < len(dashboard.claims.rows()) < total)
    shown = dashboard.claims.rows()
    assert all("palantir" in f"{c.quote} {c.note} {c.article_title}".lower() for c in shown)
    target = next(c for c in shown if c.article_id != window.controller.article.id)

    # A colleague gives it a verdict meanwhile: only a claim with one can be approved.
    store = open_store(db_path)
    try:
        with store.transaction() as session:
            commands.apply(session, commands.SetStatus(target.id, "speculative"), "ben")
    finally:
        store.close()
    qtbot.waitUntil(lambda: listed_status(dashboard, target.id) == "speculative")

    # Pick it with the mouse, approve it with the keyboard: one transaction, as ana.
    click_row(qtbot, table, proxy_row(dashboard, target.id))
    assert dashboard.selected_claim_ids() == [target.id]
    with qtbot.waitSignal(dashboard.sig_review_changed) as changed:
        qtbot.keyClick(table, KEY.Key_A, CTRL | SHIFT)
    assert changed.args == [[target.id]]
    with sqlite3.connect(db_path) as con:
        row = con.execute(
            "SELECT review_state, reviewed_by FROM claims WHERE id=?", (target.id,)
        ).fetchone()
    assert row == ("approved", "ana")
    assert "Approved 1 claim as ana" in dashboard.notice.text()
    qtbot.waitUntil(window.controller.worker.is_idle)

    # A double-click opens the workspace at that claim, in its own article.
    row = proxy_row(dashboard, target.id)
    click_row(qtbot, table, row)
    pos = table.visualRect(table.model().index(row, COL_QUOTE)).center()
    with qtbot.waitSignal(window.controller.sig_article_shown):
        qtbot.mouseDClick(table.viewport(), LEFT, pos=pos)
    assert window.tabs.currentWidget() is window.split
    assert window.controller.article.id == target.article_id
    assert window.controller.current_claim().id == target.id
    assert window.view.current_claim() == target.id
    assert window.inspector.review.currentData() == "approved"
    assert window.actions.tag["disputed"].isEnabled()

    # The inspector's History pane says who approved it, newest first.
    qtbot.waitUntil(lambda: window.history.claim_id() == target.id)
    lines = [line.what for line in window.history.lines()]
    assert lines[0] == "ana approved"
    assert lines[-1] == "Detected by the claim extractor"

    # File > Export… (Ctrl+E): HTML of the current article, to a typed path.
    opened: list[QUrl] = []
    window.editor.open_url = opened.append
    qtbot.keyClick(window.view, KEY.Key_E, CTRL)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ExportDialog))
    dialog = QApplication.activeModalWidget()
    assert dialog.scope.current.isChecked()
    assert dialog.chosen_article_ids() == [target.article_id]
    dialog.format.setCurrentIndex(dialog.format.findData("html"))
    out = tmp_path / "desk report.html"
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(out))
    with qtbot.waitSignal(dialog.sig_exported, timeout=30_000):
        qtbot.mouseClick(dialog.export_button, LEFT)
    qtbot.waitUntil(window.controller.worker.is_idle)
    assert opened == [QUrl.fromLocalFile(str(out))]
    assert window.statusBar().currentMessage() == f"Report saved: {out}"
    report = out.read_text("utf-8")
    note = report.split(f'id="note-{target.id}"')[1].split('<div class="note ')[0]
    assert "Approved by ana" in note
    assert f'id="note-{hidden.id}"' not in report  # only the current article
    qtbot.mouseClick(dialog.close_button, LEFT)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)


def test_sign_off_of_a_workspace_claim_reloads_it_and_keys_stay_off(qtbot, open_workspace, db_path):
    window = open_workspace()
    claim = window.controller.current_claim()
    dashboard = open_dashboard(qtbot, window)
    table = dashboard.claim_table

    # Mark the workspace's own claim for review: the hidden workspace reloads it...
    click_row(qtbot, table, proxy_row(dashboard, claim.id))
    with qtbot.waitSignal(window.controller.sig_article_shown):
        qtbot.keyClick(table, KEY.Key_R, CTRL | SHIFT)
    assert window.claims.model.claim(claim.id).review_state == "needs_review"

    # ...but reloading must not bring its keys back while the dashboard is on screen.
    assert window.tabs.currentWidget() is window.editor.page
    before = library_state(db_path)
    press_workspace_keys(qtbot, table)
    qtbot.keyClick(table, KEY.Key_E)  # add evidence
    qtbot.wait(50)
    assert library_state(db_path) == before
    assert not window.inspector.evidence.is_open()

    # Ctrl+E here exports the whole library, or the articles selected on the dashboard.
    qtbot.keyClick(table, KEY.Key_E, CTRL)
    dialog = QApplication.activeModalWidget()
    assert isinstance(dialog, ExportDialog)
    assert dialog.chosen_article_ids() is None  # all articles
    qtbot.keyClick(dialog, KEY.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    articles = dashboard.article_table
    pos = articles.visualRect(articles.model().index(1, 0)).center()
    qtbot.mouseClick(articles.viewport(), LEFT, pos=pos)
    chosen = dashboard.selected_article_ids()
    assert len(chosen) == 1
    qtbot.keyClick(articles, KEY.Key_E, CTRL)
    dialog = QApplication.activeModalWidget()
    assert dialog.chosen_article_ids() == chosen
    qtbot.keyClick(dialog, KEY.Key_Escape)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    table.setFocus()

    # Ctrl+1 goes back; the first key press works on the fresh version, not refused as stale.
    qtbot.keyClick(table, KEY.Key_1, CTRL)
    assert window.tabs.currentWidget() is window.split
    assert window.view.hasFocus()
    assert window.controller.current_claim().id == claim.id
    qtbot.keyClick(window.view, KEY.Key_2, SHIFT)
    with sqlite3.connect(db_path) as con:
        row = con.execute("SELECT status, review_state FROM claims WHERE id=?", (claim.id,))
        assert row.fetchone() == ("disputed", "needs_review")
    assert not window.inspector.notice.isVisible()
    qtbot.waitUntil(lambda: window.history.claim_id() == claim.id)
    qtbot.waitUntil(
        lambda: window.history.lines()[0].what == "ana set status unreviewed → disputed",
    )
    assert window.history.lines()[1].what == "ana asked for review"

    # The dashboard re-reads when shown again, so it lists the tag made in the workspace.
    qtbot.mouseClick(window.tabs.tabBar(), LEFT, pos=window.tabs.tabBar().tabRect(1).center())
    assert window.tabs.currentWidget() is window.editor.page
    qtbot.waitUntil(lambda: listed_status(dashboard, claim.id) == "disputed")
    qtbot.waitUntil(window.controller.worker.is_idle)
