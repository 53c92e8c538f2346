"""The keyboard cheat-sheet (F1), built from the window's own actions so it never goes stale."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

INTRO = (
    "A status key tags the current claim and jumps to the next unreviewed one; hold Shift "
    "to tag without moving. Keys do nothing while you type in a field: press Esc to leave it."
)


def _keys(action: QAction) -> str:
    shown = [s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()]
    return " / ".join(f"<kbd>{html.escape(k)}</kbd>" for k in shown if k)


class CheatSheet(QDialog):
    def __init__(
        self, sections: Sequence[tuple[str, Sequence[QAction]]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("cheatSheet")
        self.setWindowTitle("Keyboard shortcuts")
        rows = []
        for title, actions in sections:
            rows.append(f"<tr><td colspan='2' class='section'>{html.escape(title)}</td></tr>")
            for action in actions:
                if not action.shortcuts():
                    continue
                label = action.property("cheat") or action.text().replace("&", "").rstrip("…")
                text = html.escape(str(label))
                rows.append(f"<tr><td class='keys'>{_keys(action)}</td><td>{text}</td></tr>")
        table = QLabel(
            "<style>td{padding:3px 10px 3px 0} td.section{padding-top:10px;font-weight:600;"
            "color:#52606D} td.keys{white-space:nowrap;font-family:monospace}</style>"
            f"<table>{''.join(rows)}</table>"
        )
        table.setTextFormat(Qt.TextFormat.RichText)
        intro = QLabel(INTRO, wordWrap=True, objectName="cheatSheetIntro")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.addWidget(intro)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
