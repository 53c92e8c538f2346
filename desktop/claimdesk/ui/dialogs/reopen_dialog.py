"""Reopen an approved claim: the editor says why, and the reason goes into its history."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)


class ReopenDialog(QDialog):
    """Asks for the reason; Reopen stays disabled until one is typed."""

    def __init__(self, quote: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reopenDialog")
        self.setWindowTitle("Reopen approved claim")
        quote = " ".join(quote.split())
        intro = QLabel(
            f"“{quote[:160]}{'…' if len(quote) > 160 else ''}”<br><br>"
            "Reopening unlocks the claim and sets its sign-off back to <b>needs review</b>. "
            "The reason is recorded in its history.",
            wordWrap=True,
        )
        intro.setTextFormat(Qt.TextFormat.RichText)
        self.reason = QLineEdit(objectName="reopenReason")
        self.reason.setPlaceholderText("Why it must change, e.g. new figures published")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("Reopen")
        self.ok.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(lambda text: self.ok.setEnabled(bool(text.strip())))
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel("Reason (required):"))
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(440)

    def reason_text(self) -> str:
        return self.reason.text().strip()
