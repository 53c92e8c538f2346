"""The application is styled once: styling it again re-polishes every widget alive."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel

from claimdesk.ui.app import application


class StyleChanges(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        self.count += event.type() == QEvent.Type.StyleChange
        return False


def test_a_second_window_leaves_the_style_of_the_first_alone(qtbot) -> None:
    app = application()
    label = QLabel("already on screen")
    qtbot.addWidget(label)
    label.show()
    changes = StyleChanges()
    label.installEventFilter(changes)
    application()  # what opening another window does
    assert app.styleSheet()
    assert changes.count == 0
