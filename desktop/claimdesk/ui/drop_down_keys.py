"""Typing in a focused drop-down list picks an entry; it never runs a one-key command.

Text fields take their keys from the window's shortcuts by themselves; a QComboBox does not,
so with the Review or Stance list focused, D would dismiss the claim and S would start a span
change instead of choosing "Supports".
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QWidget

_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier
    | Qt.KeyboardModifier.AltModifier
    | Qt.KeyboardModifier.MetaModifier
)


_EDITING_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)  # Del deletes a hand-made claim


class DropDownKeys(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and not event.modifiers() & _COMMAND_MODIFIERS
            and ((event.text() and event.text().isprintable()) or event.key() in _EDITING_KEYS)
        ):
            event.accept()  # the key goes to the list, not to the window's shortcuts
            return True
        return False


def keep_typing_in_drop_downs(root: QWidget) -> None:
    """Guard every drop-down list under `root` (Ctrl shortcuts such as Ctrl+Z still work)."""
    guard = DropDownKeys(root)
    for combo in root.findChildren(QComboBox):
        combo.installEventFilter(guard)
