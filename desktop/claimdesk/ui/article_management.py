"""Rename, edit, delete and restore articles from the window; a delete is undoable.

A delete joins the window's undo stack as a library-level step: its undo restores the
backups the delete kept (the same rows: claims, versions, history), so the claim edits
before it on the stack can still be undone. What changed reaches the list, the title and
the dashboard through the gateway's change announcements, as any other process's would.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit, QMainWindow, QMessageBox

from claimdesk.core.errors import ClaimdeskError
from claimdesk.core.rows import ArticleEdit, DeletePreview
from claimdesk.ui.actions import WindowActions
from claimdesk.ui.workspace_controller import WorkspaceController

if TYPE_CHECKING:  # the dialogs load on first use, not at start-up
    from claimdesk.ui.dialogs.article_dialog import ArticleDialog
    from claimdesk.ui.dialogs.deleted_articles_dialog import DeletedArticlesDialog


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def confirmation(preview: DeletePreview) -> str:
    """What the delete dialog asks: how many articles, and the reviewed work going with them."""
    n = len(preview.articles)
    what = f"“{preview.articles[0][1]}”" if n == 1 else f"{n} articles"
    goes = "go with it" if n == 1 else "go with them"
    approved = f" ({preview.approved} approved)" if preview.approved else ""
    return (
        f"Delete {what}? {_count(preview.reviewed, 'reviewed claim')}{approved} and "
        f"{_count(preview.evidence, 'evidence item')} {goes}. You can undo this (Ctrl+Z) "
        "or restore it later from File › Deleted articles…"
    )


def _open(dialog: QDialog) -> None:
    """Show window-modal without blocking, and let it go once closed."""
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()


class DeleteArticles(QUndoCommand):
    """A delete already committed when pushed; undo restores the backups, redo deletes again."""

    def __init__(self, manager: ArticleManager, article_ids: Sequence[str]) -> None:
        n = len(article_ids)
        super().__init__(f"Delete {_count(n, 'article')}")
        self._manager = manager
        self._ids = tuple(article_ids)
        self._applied = True  # QUndoStack.push calls redo() at once; the delete is done

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        if not self._manager.run(lambda: self._manager.gateway.delete_articles(self._ids)):
            self.setObsolete(True)

    def undo(self) -> None:
        gateway = self._manager.gateway
        if self._manager.run(lambda: gateway.restore_articles(self._ids)):
            self._manager.controller.refresh_library(then_open=self._ids[0])
        else:
            self.setObsolete(True)


class ArticleManager(QObject):
    def __init__(
        self,
        window: QMainWindow,
        controller: WorkspaceController,
        actions: WindowActions,
        undo_stack: QUndoStack,
    ) -> None:
        super().__init__(window)
        self.window = window  # the dialogs' parent
        self.controller = controller
        self.gateway = controller.gateway
        self.undo_stack = undo_stack
        self.list = controller.w.articles
        self.list.addActions(
            [actions.rename_article, actions.edit_article, actions.delete_articles]
        )
        actions.rename_article.triggered.connect(self.rename)
        actions.edit_article.triggered.connect(self.edit)
        actions.delete_articles.triggered.connect(self.delete)
        actions.deleted_articles.triggered.connect(self.show_deleted)
        self.list.sig_delete_requested.connect(self.delete)

    def run(self, write: Callable[[], object]) -> bool:
        """Run a write; a refusal is said (status bar and a message box), never raised."""
        try:
            write()
        except ClaimdeskError as exc:
            self.controller.say(str(exc), 10000)
            QMessageBox.warning(self.window, "Claimdesk", str(exc))
            return False
        return True

    def _chosen(self) -> list[str]:
        chosen = self.list.selected_articles()
        if not chosen and self.controller.article is not None:
            chosen = [self.controller.article.id]
        return chosen

    def rename(self) -> QInputDialog | None:
        chosen = self._chosen()[:1]
        if not chosen:
            return None
        article_id = chosen[0]
        titles = dict(self.list.articles().titles())
        dialog = QInputDialog(self.window, objectName="renameArticleDialog")
        dialog.setWindowTitle("Rename article")
        dialog.setLabelText("Title:")
        dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
        dialog.setTextValue(titles.get(article_id, ""))
        dialog.resize(520, dialog.sizeHint().height())
        dialog.textValueSelected.connect(lambda title: self._rename(article_id, title))
        _open(dialog)
        return dialog

    def _rename(self, article_id: str, title: str) -> None:
        edit = ArticleEdit(title=title)
        if self.run(lambda: self.gateway.edit_article(article_id, edit, rename=True)):
            self.controller.say("Article renamed", 4000)

    def edit(self) -> ArticleDialog | None:
        chosen = self._chosen()[:1]
        if not chosen:
            return None
        from claimdesk.ui.dialogs.article_dialog import ArticleDialog

        article_id = chosen[0]
        fields = self.gateway.article_fields(article_id)
        dialog = ArticleDialog(
            fields, lambda edit: self.gateway.edit_article(article_id, edit), self.window
        )
        _open(dialog)
        return dialog

    def delete(self) -> QMessageBox | None:
        """Ask first, naming what goes; the delete then joins the undo stack."""
        chosen = self._chosen()
        if not chosen:
            return None
        try:
            preview = self.gateway.delete_preview(chosen)
        except ClaimdeskError as exc:
            self.controller.say(str(exc), 10000)
            return None
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "Delete articles",
            confirmation(preview),
            QMessageBox.StandardButton.Cancel,
            self.window,
        )
        box.setObjectName("deleteArticlesDialog")
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.buttonClicked.connect(
            lambda button: self._delete(preview) if button is delete else None
        )
        _open(box)
        return box

    def _delete(self, preview: DeletePreview) -> None:
        ids = [article_id for article_id, _ in preview.articles]
        self.controller.w.inspector.flush_note()
        if self.run(lambda: self.gateway.delete_articles(ids)):
            self.undo_stack.push(DeleteArticles(self, ids))
            self.controller.say(
                f"Deleted {_count(len(ids), 'article')}; Ctrl+Z brings it back", 8000
            )

    def show_deleted(self) -> DeletedArticlesDialog:
        from claimdesk.ui.dialogs.deleted_articles_dialog import DeletedArticlesDialog

        dialog = DeletedArticlesDialog(self.gateway.deleted_articles(), self._restore, self.window)
        _open(dialog)
        return dialog

    def _restore(self, article_id: str) -> None:
        self.gateway.restore_article(article_id)  # a refusal is the dialog's to say
        self.controller.refresh_library(then_open=article_id)
