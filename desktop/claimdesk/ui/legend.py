"""The always-visible key to the highlights: each status's icon, mark, name and shortcut."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from claimdesk.ui.palette import STYLES, StatusStyle, draw_marks, status_pixmap

_GAP = 18
_ICON = 14


class Legend(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("legend")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setToolTip(
            "Each status has its own colour, underline and icon. Press its key to tag the "
            "current claim and move on to the next unreviewed one."
        )

    def _items(self) -> list[tuple[StatusStyle, str]]:
        return [(style, f"{style.label}  {style.key}") for style in STYLES.values()]

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        metrics = QFontMetrics(self.font())
        width = sum(_ICON + 6 + metrics.horizontalAdvance(t) + _GAP for _, t in self._items())
        return QSize(width, metrics.height() + 12)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(100, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(self.font())
        x = 4.0
        top = (self.height() - metrics.height()) / 2
        for style, text in self._items():
            label, key = text.rsplit("  ", 1)
            icon_y = int((self.height() - _ICON) / 2)
            painter.drawPixmap(int(x), icon_y, status_pixmap(style.status, _ICON))
            x += _ICON + 6
            label_width = metrics.horizontalAdvance(label)
            mark = QRectF(x - 2, top, label_width + 4, metrics.height())
            draw_marks(painter, [(style, mark)])
            painter.setPen(self.palette().text().color())
            painter.drawText(mark, Qt.AlignmentFlag.AlignCenter, label)
            x += label_width + 6
            painter.setPen(self.palette().placeholderText().color())
            key_width = metrics.horizontalAdvance(key)
            painter.drawText(
                QRectF(x, top, key_width, metrics.height()), Qt.AlignmentFlag.AlignVCenter, key
            )
            x += key_width + _GAP
        painter.end()
