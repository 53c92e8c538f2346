"""The keyboard cheat-sheet (F1), built from the window's own actions so it never goes stale."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLayout,
    QVBoxLayout,
    QWidget,
)

INTRO = (
    "A status key tags the current claim and jumps to the next unreviewed one; hold Shift "
    "to tag without moving. Keys do nothing while you type in a field: press Esc to leave it. "
    "C lists the “more candidates” too: sentences the detector found but does not highlight, "
    "shown faint on a thin dashed line; tagging one makes it a claim. "
    "On the dashboard, Return or a double-click opens the claim in the workspace."
)


def _keys(action: QAction) -> str:
    shown = [s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()]
    return " / ".join(f"<kbd>{html.escape(k)}</kbd>" for k in shown if k)


def _rows(title: str, actions: Sequence[QAction]) -> list[str]:
    rows = [f"<tr><td colspan='2' class='section'>{html.escape(title)}</td></tr>"]
    for action in actions:
        if action.shortcuts():
            label = action.property("cheat") or action.text().replace("&", "").rstrip("…")
            text = html.escape(str(label))
            rows.append(f"<tr><td class='keys'>{_keys(action)}</td><td>{text}</td></tr>")
    return rows


def _columns(sections: Sequence[tuple[str, Sequence[QAction]]]) -> list[list[str]]:
    """Two columns of whole sections, split where their lengths come closest to even."""
    blocks = [_rows(title, actions) for title, actions in sections]
    total = sum(map(len, blocks))
    best, split, done = total, len(blocks), 0
    for n, block in enumerate(blocks):
        if abs(total - 2 * done) <= best:  # a tie keeps the claim keys together on the left
            best, split = abs(total - 2 * done), n
        done += len(block)
    return [[row for block in part for row in block] for part in (blocks[:split], blocks[split:])]


class CheatSheet(QDialog):
    def __init__(
        self, sections: Sequence[tuple[str, Sequence[QAction]]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("cheatSheet")
        self.setWindowTitle("Keyboard shortcuts")
        # Side by side, so the sheet fits on a laptop screen without scrolling.
        columns = "<td width='28'></td>".join(
            f"<td valign='top'><table>{''.join(rows)}</table></td>" for rows in _columns(sections)
        )
        table = QLabel(
            "<style>td{padding:3px 10px 3px 0} td.section{padding-top:10px;font-weight:600;"
            "color:#52606D} td.keys{white-space:nowrap;font-family:monospace}</style>"
            f"<table cellspacing='0'><tr>{columns}</tr></table>"
        )
        table.setTextFormat(Qt.TextFormat.RichText)
        intro = QLabel(INTRO, wordWrap=True, objectName="cheatSheetIntro")
        # As wide as the keys, and as tall as that makes it: a wrapped label's height is
        # otherwise guessed at one width and shown at another, clipping the last keys.
        intro.ensurePolished()
        intro.setFixedWidth(table.sizeHint().width())
        intro.setMinimumHeight(intro.heightForWidth(intro.width()))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 14, 18, 12)
        layout.addWidget(intro)
        layout.addWidget(table)
        layout.addWidget(buttons)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # never clipped
