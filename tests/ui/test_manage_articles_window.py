"""The article list as a person uses it: filter, rename (F2), delete (Del), undo, restore."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QLineEdit, QMessageBox

from claimdesk.core.models import ClaimStatus
from claimdesk.core.services.articles import DeletePreview
from claimdesk.ui.article_list import ArticleFilterBox
from claimdesk.ui.article_management import confirmation
from claimdesk.ui.dialogs.article_dialog import ArticleDialog
from claimdesk.ui.dialogs.deleted_articles_dialog import DeletedArticlesDialog


def _titles(window) -> list[str]:
    return [title for _, title in window.articles.articles().titles()]


def _shown(window) -> int:
    return window.articles.model().rowCount()


def _activate(qtbot, window) -> None:
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)


def _focus_row(qtbot, window, article_id: str) -> None:
    window.articles.setFocus()
    window.articles.clearSelection()
    window.articles.select_article(article_id)
    qtbot.waitUntil(lambda: window.articles.current_article() == article_id)


def test_filter_box_narrows_the_list_and_esc_clears_it(qtbot, open_workspace) -> None:
    window = open_workspace()
    box = window.findChild(ArticleFilterBox)
    edit = box.findChild(QLineEdit, "articleFilter")
    assert edit.placeholderText() == "Filter articles…"
    assert _shown(window) == 2
    qtbot.keyClicks(edit, "PALANTIR fujitsu")  # any case; every word must match
    assert _shown(window) == 1
    assert "Palantir" in window.articles.model().index(0, 0).data()
    assert box.count.text() == "1 of 2"
    qtbot.keyClicks(edit, " nowhere")
    assert (_shown(window), box.count.text()) == (0, "0 of 2")
    qtbot.keyClick(edit, Qt.Key.Key_Escape)
    assert (edit.text(), _shown(window), box.count.text()) == ("", 2, "2 articles")
    # A long title shows whole in the tooltip, with its source and date.
    tip = window.articles.model().index(0, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert _titles(window)[0] in tip and ".txt" in tip and "imported " in tip
    window.articles.resize(260, 400)
    window.articles.grab().save("/tmp/h5-article-list.png")


def test_rename_with_f2_and_a_rename_by_the_command_line(qtbot, open_workspace, db_path) -> None:
    window = open_workspace()
    article_id = window.controller.article.id
    _focus_row(qtbot, window, article_id)
    qtbot.keyClick(window.articles, Qt.Key.Key_F2)
    dialog = window.findChild(QInputDialog, "renameArticleDialog")
    assert dialog is not None and dialog.isVisible()
    dialog.setTextValue("Fujitsu and Anthropic")
    dialog.accept()
    qtbot.waitUntil(lambda: window.windowTitle() == "Fujitsu and Anthropic — Claimdesk")
    qtbot.waitUntil(lambda: "Fujitsu and Anthropic" in _titles(window))
    assert window.title.text() == "Fujitsu and Anthropic"

    cli = [sys.executable, "-m", "claimdesk", "--db", str(db_path)]
    subprocess.run(
        [*cli, "article", "rename", article_id[:8], "Renamed elsewhere"],
        check=True,
        timeout=120,
    )
    qtbot.waitUntil(lambda: "Renamed elsewhere" in _titles(window))
    qtbot.waitUntil(lambda: window.windowTitle() == "Renamed elsewhere — Claimdesk")


def test_edit_article_details_from_the_file_menu(qtbot, open_workspace, db_path) -> None:
    """File › Edit article details…: the form (loaded on first use) names a refused field and
    stays open, then saves what was typed to the library."""
    window = open_workspace()
    article_id = window.controller.article.id
    window.actions.edit_article.trigger()
    dialog = window.findChild(ArticleDialog, "articleDialog")
    assert dialog is not None and dialog.isVisible()
    assert dialog.title.text() == window.controller.article.title
    dialog.author.setText("Jane Doe")
    dialog.published.setText("27 May 2026")
    dialog.accept()
    assert dialog.isVisible()  # refused: nothing saved, the field named
    assert dialog.error.text().startswith("published date: '27 May 2026' is not a date")
    dialog.published.setText("2026-05-27")
    dialog.accept()
    qtbot.waitUntil(lambda: window.findChild(ArticleDialog, "articleDialog") is None)
    with sqlite3.connect(db_path) as library:
        row = library.execute(
            "SELECT author, published FROM articles WHERE id = ?", (article_id,)
        ).fetchone()
    assert row == ("Jane Doe", "2026-05-27")


def test_delete_with_del_undo_with_ctrl_z_and_restore_from_the_dialog(
    qtbot, open_workspace
) -> None:
    window = open_workspace()
    article = window.controller.article
    before = len(_titles(window))
    claim = window.controller.current_claim()
    window.controller.tag_current(ClaimStatus.SOURCED, advance=False)
    qtbot.waitUntil(lambda: window.controller.gateway.claim(claim.id).status == "sourced")

    _focus_row(qtbot, window, article.id)
    qtbot.keyClick(window.articles, Qt.Key.Key_Delete)
    box = window.findChild(QMessageBox, "deleteArticlesDialog")
    assert box is not None and box.isVisible()
    assert box.text().startswith(f"Delete “{article.title}”? 1 reviewed claim and 0 evidence")
    assert "undo this (Ctrl+Z)" in box.text()
    assert window.articles.articles().ids().count(article.id) == 1  # nothing gone yet
    (delete,) = [b for b in box.buttons() if b.text() == "Delete"]
    delete.click()
    qtbot.waitUntil(lambda: article.id not in window.articles.articles().ids())
    qtbot.waitUntil(
        lambda: window.controller.article is not None and window.controller.article.id != article.id
    )
    assert window.windowTitle() != f"{article.title} — Claimdesk"

    _activate(qtbot, window)  # as the window manager does once the message box is gone
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(
        lambda: window.controller.article is not None and window.controller.article.id == article.id
    )
    assert len(_titles(window)) == before
    restored = window.controller.gateway.claim(claim.id)
    assert (restored.status, restored.version) == ("sourced", claim.version + 1)

    # Deleted again (redo), then put back from File › Deleted articles…
    qtbot.keyClick(
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: article.id not in window.articles.articles().ids())
    window.actions.deleted_articles.trigger()
    dialog = window.findChild(DeletedArticlesDialog)
    assert dialog.table.topLevelItem(0).text(0) == article.title
    assert dialog.table.topLevelItem(0).text(3) == "1"  # reviewed claims
    dialog.restore_button.click()
    qtbot.waitUntil(
        lambda: window.controller.article is not None and window.controller.article.id == article.id
    )
    assert dialog.table.topLevelItemCount() == 0
    assert window.controller.gateway.claim(claim.id).status == "sourced"
    dialog.close()


def test_the_delete_confirmation_names_the_approved_claims_going_too() -> None:
    two = (("a", "One"), ("b", "Two"))
    preview = DeletePreview(two, claims=20, reviewed=14, evidence=9, approved=3)
    assert confirmation(preview).startswith(
        "Delete 2 articles? 14 reviewed claims (3 approved) and 9 evidence items go with them."
    )
    none_approved = DeletePreview(two[:1], claims=2, reviewed=1, evidence=0, approved=0)
    assert confirmation(none_approved).startswith("Delete “One”? 1 reviewed claim and 0 evidence")
