"""Qt forms of the shared status looks: colours, underline styles, icons and keys."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QIcon,
    QPainter,
    QPainterPath,
    QPen,
    QPixmap,
    QTextCharFormat,
)

from claimdesk.core.models import ClaimStatus
from claimdesk.core.statuses import LOOKS


@dataclass(frozen=True, slots=True)
class StatusStyle:
    status: str
    label: str
    key: str  # the shortcut that sets it
    colour: str
    underline: str  # solid, wave, dash, dot or thin: the second, colour-free signal
    fill_alpha: int

    @property
    def fill(self) -> QColor:
        colour = QColor(self.colour)
        colour.setAlpha(self.fill_alpha)
        return colour


# Dismissed claims get no fill and a faint line: they are false detections, kept out of the way.
_FILL = {ClaimStatus.SOURCED: 60, ClaimStatus.DISPUTED: 60, ClaimStatus.DISMISSED: 0}
STYLES: dict[str, StatusStyle] = {
    status: StatusStyle(
        status,
        look.label,
        look.key,
        look.colour,
        "thin" if look.line == "strike" else look.line,
        _FILL.get(status, 70),
    )
    for status, look in LOOKS.items()
}
OUTLINE = QColor("#1F2933")


@cache
def line_format(kind: str) -> QTextCharFormat:
    """Headings bold, boilerplate ("Also read: ...") faint: the reader sees what holds claims."""
    fmt = QTextCharFormat()
    if kind == "heading":
        fmt.setFontWeight(QFont.Weight.Bold)
    else:
        fmt.setForeground(QColor("#7B8794"))
        fmt.setFontItalic(True)
    return fmt


@cache
def status_icon(status: str) -> QIcon:
    return QIcon(str(files("claimdesk.resources") / "icons" / f"{status}.svg"))


@cache
def app_icon() -> QIcon:
    return QIcon(str(files("claimdesk.resources") / "icons" / "app.svg"))


def status_pixmap(status: str, size: int = 16) -> QPixmap:
    return status_icon(status).pixmap(size, size)


def draw_mark(painter: QPainter, rect: QRectF, style: StatusStyle) -> None:
    """Paint one highlighted run of text: the tinted fill, then the status's underline."""
    if style.fill_alpha:
        painter.fillRect(rect, style.fill)
    draw_underline(painter, rect.left(), rect.right(), rect.bottom() - 1.0, style)


def draw_underline(painter: QPainter, x0: float, x1: float, y: float, style: StatusStyle) -> None:
    pen = QPen(QColor(style.colour))
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    pen.setWidthF(2.0)
    if style.underline == "wave":
        pen.setWidthF(1.5)
        painter.setPen(pen)
        painter.drawPath(_wave(x0, x1, y - 1.5))
        return
    if style.underline == "dash":
        pen.setDashPattern([3.0, 2.0])
    elif style.underline == "dot":
        pen.setDashPattern([1.0, 1.5])
    elif style.underline == "thin":
        pen.setWidthF(1.0)
        pen.setDashPattern([4.0, 2.0, 1.0, 2.0, 1.0, 2.0])
    painter.setPen(pen)
    painter.drawLine(QPointF(x0, y), QPointF(x1, y))


def _wave(
    x0: float, x1: float, y: float, amplitude: float = 1.6, period: float = 6.0
) -> QPainterPath:
    path = QPainterPath(QPointF(x0, y))
    steps = max(2, int((x1 - x0) / 1.5))
    for i in range(1, steps + 1):
        x = x0 + (x1 - x0) * i / steps
        path.lineTo(x, y + amplitude * math.sin((x - x0) * 2 * math.pi / period))
    return path
