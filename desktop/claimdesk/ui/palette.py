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
        painter.fillRect(rect, _fill(style))
    draw_underline(painter, rect.left(), rect.right(), rect.bottom() - 1.0, style)


def draw_underline(painter: QPainter, x0: float, x1: float, y: float, style: StatusStyle) -> None:
    # Patterned lines are tiled from one pixmap per status, made once: the view paints dozens
    # of marks a frame, and a dashed pen is many times slower to stroke than a tile to blit.
    if style.underline == "solid":
        painter.fillRect(QRectF(x0, y - 1, x1 - x0, 2), _fill_solid(style))
        return
    tile = _tile(style)
    height = tile.height() / tile.devicePixelRatio()
    painter.drawTiledPixmap(QRectF(x0, y - height / 2, x1 - x0, height), tile)


@cache
def _fill(style: StatusStyle) -> QColor:
    return style.fill


@cache
def _fill_solid(style: StatusStyle) -> QColor:
    return QColor(style.colour)


# Dash patterns in units of the pen width, as QPen takes them.
_DASHES = {"dash": [3.0, 2.0], "dot": [1.0, 1.5], "thin": [4.0, 2.0, 1.0, 2.0, 1.0, 2.0]}
_TILE_HEIGHT = 5
_WAVE_PERIOD = 6


@cache
def _tile(style: StatusStyle) -> QPixmap:
    """One period of a dashed, dotted or wavy underline, to be tiled along a mark."""
    width = 1.0 if style.underline == "thin" else 2.0 if style.underline != "wave" else 1.5
    period = _WAVE_PERIOD if style.underline == "wave" else sum(_DASHES[style.underline]) * width
    scale = 2  # drawn at twice the size, so it stays crisp on high-density screens
    tile = QPixmap(round(period * scale), _TILE_HEIGHT * scale)
    tile.setDevicePixelRatio(scale)
    tile.fill(Qt.GlobalColor.transparent)
    painter = QPainter(tile)
    pen = QPen(QColor(style.colour))
    pen.setWidthF(width)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    middle = _TILE_HEIGHT / 2
    if style.underline == "wave":
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(pen)
        path = QPainterPath(QPointF(0, middle))
        for i in range(1, 25):
            x = period * i / 24
            path.lineTo(x, middle + 1.6 * math.sin(x * 2 * math.pi / period))
        painter.drawPath(path)
    else:
        pen.setDashPattern(_DASHES[style.underline])
        painter.setPen(pen)
        painter.drawLine(QPointF(0, middle), QPointF(period, middle))
    painter.end()
    return tile
