"""File › Deleted articles…: the backups deletes kept, and a way to put one back."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.errors import ClaimdeskError
from claimdesk.core.rows import DeletedSummary

Restore = Callable[[str], object]  # restores the article with this id; raises if refused
_ID = Qt.ItemDataRole.UserRole


class DeletedArticlesDialog(QDialog):
    def __init__(
        self, backups: Sequence[DeletedSummary], restore: Restore, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, objectName="deletedArticlesDialog")
        self.setWindowTitle("Deleted articles")
        self._restore = restore
        self.table = QTreeWidget(objectName="deletedArticles", rootIsDecorated=False)
        self.table.setHeaderLabels(["Title", "Deleted", "By", "Reviewed claims", "Evidence"])
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.message = QLabel(objectName="dialogMessage", wordWrap=True)
        self.restore_button = QPushButton("&Restore", objectName="restoreButton")
        self.restore_button.clicked.connect(self.restore_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.table, 1)
        column.addWidget(self.message)
        column.addWidget(buttons)
        self.resize(720, 360)
        self._fill(backups)

    def _fill(self, backups: Sequence[DeletedSummary]) -> None:
        for backup in backups:
            when = backup.deleted_at.astimezone().strftime("%Y-%m-%d %H:%M")
            row = [
                backup.title,
                when,
                backup.deleted_by,
                str(backup.reviewed),
                str(backup.evidence),
            ]
            item = QTreeWidgetItem(row)
            item.setData(0, _ID, backup.id)
            item.setToolTip(0, backup.title)
            self.table.addTopLevelItem(item)
        self.table.resizeColumnToContents(1)
        self.table.setColumnWidth(0, 320)
        if backups:
            self.table.setCurrentItem(self.table.topLevelItem(0))
        else:
            self.message.setText("No deleted articles: nothing to restore.")
        self.restore_button.setEnabled(bool(backups))

    def restore_selected(self) -> None:
        for item in self.table.selectedItems():
            try:
                self._restore(str(item.data(0, _ID)))
            except ClaimdeskError as exc:
                self.message.setText(f"Not restored: {exc}")
                return
            self.table.takeTopLevelItem(self.table.indexOfTopLevelItem(item))
            self.message.setText(f"Restored “{item.text(0)}”.")
        self.restore_button.setEnabled(self.table.topLevelItemCount() > 0)
