"""Qt forms of the shared status looks: colours, underline styles, icons and keys."""

from __future__ import annotations

import math
from collections.abc import Iterable
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

from claimdesk.core.enums import ClaimStatus
from claimdesk.core.statuses import LOOKS


@dataclass(frozen=True, slots=True)
class StatusStyle:
    status: str
    label: str
    key: str  # the shortcut that sets it
    colour: str
    underline: str  # solid, wave, dash, dot, thin or faint: the second, colour-free signal
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
# A claim not highlighted by default, listed on request (the C key): always unreviewed, so
# it keeps that status's hue, paler, on a thin dashed line with no fill, and reads as the
# detector's second thoughts rather than as work waiting.
CANDIDATE = StatusStyle("candidate", "More candidates", "C", "#91CEF0", "faint", 0)


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


def draw_marks(painter: QPainter, marks: Iterable[tuple[StatusStyle, QRectF]]) -> None:
    """Paint highlighted runs of text: the tinted fills, then each status's underline.

    The view paints dozens of marks a frame, so the fills of one status go to Qt in one call
    and patterned underlines are blitted from a wide tile made once per status and screen.
    """
    by_style: dict[StatusStyle, list[QRectF]] = {}
    for style, rect in marks:
        by_style.setdefault(style, []).append(rect)
    scale = max(1, math.ceil(painter.device().devicePixelRatio()))
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    for style, rects in by_style.items():
        if style.fill_alpha:
            painter.setBrush(_fill(style))
            painter.drawRects(rects)
    for style, rects in by_style.items():
        if style.underline == "solid":
            painter.setBrush(_solid(style))
            painter.drawRects([QRectF(r.left(), r.bottom() - 2.0, r.width(), 2.0) for r in rects])
            continue
        tile = _tile(style, scale)
        height = tile.height() / scale
        for r in rects:
            painter.drawTiledPixmap(
                QRectF(r.left(), r.bottom() - 1.0 - height / 2, r.width(), height), tile
            )
    painter.restore()


def draw_boundaries(painter: QPainter, starts: Iterable[tuple[StatusStyle, QRectF]]) -> None:
    """Mark where a claim begins right after another: a white notch cut through the bands
    and a bar in the new claim's colour, so "...by 2028." and "Opposition..." stay two."""
    painter.save()
    painter.setPen(Qt.PenStyle.NoPen)
    for style, rect in starts:
        painter.fillRect(
            QRectF(rect.left() - 5.0, rect.top(), 4.0, rect.height()), Qt.GlobalColor.white
        )
        painter.fillRect(QRectF(rect.left() - 2.0, rect.top(), 2.0, rect.height()), _solid(style))
    painter.restore()


# Find matches: opaque yellow, a colour no status uses and with no underline, so a match
# never reads as a claim; the current one amber with a rim. They stop above the claims' lines.
FOUND = QColor("#FFF0A0")
FOUND_CURRENT = QColor("#FFC233")
FOUND_RIM = QColor("#A66A00")


def draw_found(painter: QPainter, runs: Iterable[tuple[bool, QRectF]]) -> None:
    """Paint the find bar's matches on screen, over the claims' fills, under the text."""
    painter.save()
    for current, rect in runs:
        box = rect.adjusted(0, 1, 0, -3)
        painter.setPen(QPen(FOUND_RIM, 1.0) if current else Qt.PenStyle.NoPen)
        painter.setBrush(FOUND_CURRENT if current else FOUND)
        painter.drawRect(box.adjusted(0.5, 0.5, -0.5, -0.5) if current else box)
    painter.restore()


@cache
def _fill(style: StatusStyle) -> QColor:
    return style.fill


@cache
def _solid(style: StatusStyle) -> QColor:
    return QColor(style.colour)


# Dash patterns in units of the pen width, as QPen takes them.
_DASHES = {
    "dash": [3.0, 2.0],
    "dot": [1.0, 1.5],
    "thin": [4.0, 2.0, 1.0, 2.0, 1.0, 2.0],
    "faint": [2.0, 2.0],
}
_TILE_HEIGHT = 5
_WAVE_PERIOD = 6
_TILE_LENGTH = 120  # logical pixels: most marks take one or two copies


@cache
def _tile(style: StatusStyle, scale: int) -> QPixmap:
    """A run of a dashed, dotted or wavy underline, drawn at the screen's own pixel density.

    A tile already at the device's scale is copied, not resampled, and a wide one takes few
    copies per mark.
    """
    width = (
        1.0 if style.underline in ("thin", "faint") else 2.0 if style.underline != "wave" else 1.5
    )
    period = _WAVE_PERIOD if style.underline == "wave" else sum(_DASHES[style.underline]) * width
    length = period * math.ceil(_TILE_LENGTH / period)
    tile = QPixmap(round(length * scale), _TILE_HEIGHT * scale)
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
        for i in range(1, round(24 * length / period) + 1):
            x = period * i / 24
            path.lineTo(x, middle + 1.6 * math.sin(x * 2 * math.pi / period))
        painter.drawPath(path)
    else:
        pen.setDashPattern(_DASHES[style.underline])
        painter.setPen(pen)
        painter.drawLine(QPointF(0, middle), QPointF(length, middle))
    painter.end()
    return tile
