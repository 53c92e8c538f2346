"""Edit an article's title, source address, author and date; the library checks each field."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.errors import ClaimdeskError, ValidationError
from claimdesk.core.rows import ArticleEdit

# Saves the edit; raises ValidationError naming the field that is wrong.
Save = Callable[[ArticleEdit], object]


class ArticleDialog(QDialog):
    """The form stays open on a refused value, the field named and focused."""

    def __init__(self, fields: ArticleEdit, save: Save, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="articleDialog")
        self.setWindowTitle("Article details")
        self._save = save
        self.title = QLineEdit(fields.title or "", objectName="articleTitleEdit")
        self.source_url = QLineEdit(fields.source_url or "", placeholderText="https://…")
        self.author = QLineEdit(fields.author or "")
        self.published = QLineEdit(fields.published or "", placeholderText="YYYY-MM-DD")
        self.error = QLabel(objectName="dialogError", wordWrap=True)
        self.error.hide()
        form = QFormLayout()
        form.addRow("&Title", self.title)
        form.addRow("&Source URL", self.source_url)
        form.addRow("&Author", self.author)
        form.addRow("&Published", self.published)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.error)
        column.addWidget(buttons)
        self.resize(560, self.sizeHint().height())
        self._inputs = {
            "title": self.title,
            "source URL": self.source_url,
            "author": self.author,
            "published date": self.published,
        }

    def edit(self) -> ArticleEdit:
        return ArticleEdit(
            self.title.text(), self.source_url.text(), self.author.text(), self.published.text()
        )

    def accept(self) -> None:
        try:
            self._save(self.edit())
        except ValidationError as exc:
            self.show_error(str(exc))
            widget = self._inputs.get(exc.field)
            if widget is not None:
                widget.setFocus()
                widget.selectAll()
            return
        except ClaimdeskError as exc:
            self.show_error(f"Not saved: {exc}")
            return
        super().accept()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()
