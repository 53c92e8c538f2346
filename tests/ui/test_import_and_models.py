"""Importing by drag and drop, the table models under Qt's model tester, and first-run seeding."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from claimdesk.ui.article_list import ArticleListModel
from claimdesk.ui.claim_table_model import COL_SCORE, ClaimRole, ClaimTableModel

ARTICLE = (
    "Acme Corp reported revenue of USD 3.2 billion in 2025, according to its annual report.\n"
    "The company said it expects to hire 500 engineers next year, analysts may disagree.\n"
)


def test_dropping_a_file_imports_and_opens_it(qtbot, open_workspace, tmp_path):
    window = open_workspace()
    path = tmp_path / "acme.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    action = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(
        QPoint(50, 50), action, data, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPoint(50, 50).toPointF(),
        action,
        data,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.controller.worker.sig_job_ended, timeout=60_000):
        QApplication.sendEvent(window, drop)
    qtbot.waitUntil(
        lambda: (
            window.controller.article.origin == "acme.txt" and window.controller.worker.is_idle()
        ),
        timeout=30_000,
    )
    assert window.articles.articles().rowCount() == 3
    assert window.articles.current_article() == window.controller.article.id
    assert window.claims.model.rowCount() >= 1  # extracted on import
    assert "Imported 1" in window.statusBar().currentMessage()


def test_table_models_pass_the_model_tester(qtmodeltester, open_workspace):
    window = open_workspace()
    rows = window.claims.model.rows()
    model = ClaimTableModel()
    model.set_rows(rows)
    qtmodeltester.check(model, force_py=True)
    model.set_statuses(["unreviewed"])
    model.set_text("FUJITSU")
    model.sort(COL_SCORE, Qt.SortOrder.DescendingOrder)
    qtmodeltester.check(model, force_py=True)
    shown = [model.index(r, 0).data(ClaimRole) for r in range(model.rowCount())]
    expected = [
        c for c in rows if c.status == "unreviewed" and "fujitsu" in (c.quote + c.note).lower()
    ]
    assert 0 < len(shown) < len(rows)
    assert {c.id for c in shown} == {c.id for c in expected}
    assert [c.score for c in shown] == sorted((c.score for c in expected), reverse=True)
    assert len(model.rows()) == len(rows)  # filtered out is not gone
    articles = ArticleListModel()
    articles.set_rows(window.controller.gateway.articles())
    qtmodeltester.check(articles, force_py=True)
