"""A key drawn as a key cap, so "Sourced 1" is read as a key to press, never as a count."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QPushButton, QWidget

CAP_BORDER = QColor("#BCCCDC")
CAP_FILL = QColor("#F5F7FA")
CAP_TEXT = QColor("#52606D")
# A disabled button's text colour (app.qss, QPushButton:disabled): an outline and key in it
# read on a checked button's dark fill and on a plain one's light fill alike, where the
# enabled cap made translucent vanished into the dark fill.
CAP_DISABLED = QColor("#9AA5B1")
_GAP = 8  # between the button's text and its cap


def cap_font(font: QFont) -> QFont:
    small = QFont(font)
    if small.pointSizeF() > 0:
        small.setPointSizeF(small.pointSizeF() * 0.85)
    return small


def cap_size(font: QFont, key: str) -> QSize:
    """The cap's size for `key` in the small font made from `font`."""
    metrics = QFontMetrics(cap_font(font))
    height = metrics.height() + 4
    return QSize(max(height, metrics.horizontalAdvance(key) + 8), height)


def draw_key_cap(
    painter: QPainter, rect: QRectF, key: str, font: QFont, *, enabled: bool = True
) -> None:
    """A rounded grey cap with the key in a smaller font, in `rect`; a disabled one is an
    outline with the key in the disabled text colour."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    # Half-pixel inset: a 1 px outline on whole pixels, crisp rather than smeared.
    painter.setPen(QPen(CAP_BORDER if enabled else CAP_DISABLED, 1))
    painter.setBrush(CAP_FILL if enabled else Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
    painter.setFont(cap_font(font))
    painter.setPen(CAP_TEXT if enabled else CAP_DISABLED)
    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, key)
    painter.restore()


class KeyCapButton(QPushButton):
    """A push button with its shortcut drawn as a key cap at its right edge.

    The stylesheet leaves room on the right (`QPushButton[keyCap="true"]`); the cap is
    drawn over the button after Qt has drawn its icon and text.
    """

    def __init__(self, text: str, key: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.key = key
        self.setProperty("keyCap", True)

    def cap_rect(self) -> QRectF:
        size = cap_size(self.font(), self.key)
        x = self.width() - size.width() - _GAP
        return QRectF(x, (self.height() - size.height()) / 2, size.width(), size.height())

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        hint = super().sizeHint()
        return QSize(hint.width() + cap_size(self.font(), self.key).width() + _GAP, hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        painter = QPainter(self)
        draw_key_cap(painter, self.cap_rect(), self.key, self.font(), enabled=self.isEnabled())
        painter.end()
