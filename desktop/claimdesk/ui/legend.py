"""The always-visible key to the highlights: each status's icon, mark, name and shortcut."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from claimdesk.ui.palette import STYLES, StatusStyle, draw_marks, status_pixmap

_GAP = 18  # between two statuses
_ROW_GAP = 4  # between two rows, when the legend wraps
_ICON = 14
_MARGIN = 4
# The key is drawn as a key cap, so "Disputed 2" is not read as two disputed claims.
_CAP_BORDER = QColor("#BCCCDC")
_CAP_FILL = QColor("#F5F7FA")
_CAP_TEXT = QColor("#52606D")


@dataclass(frozen=True, slots=True)
class LegendItem:
    """Where one status is drawn: the whole entry, its marked name and its key cap."""

    style: StatusStyle
    rect: QRectF
    label: QRectF
    cap: QRectF


class Legend(QWidget):
    """One row of statuses, wrapping onto more rows when the article pane is narrow."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("legend")
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setToolTip(
            "Each status has its own colour, underline and icon. Press its key to tag the "
            "current claim and move on to the next unreviewed one."
        )

    def items(self, width: int | None = None) -> list[LegendItem]:
        """Each status's place at `width` (the current width if None), in rows that fit."""
        width = self.width() if width is None else width
        metrics, cap_metrics = QFontMetrics(self.font()), QFontMetrics(self._cap_font())
        row_height = self._row_height()
        text_height = metrics.height()
        cap_height = cap_metrics.height() + 4
        x, y = float(_MARGIN), float(_MARGIN)
        placed: list[LegendItem] = []
        for style in STYLES.values():
            label_width = metrics.horizontalAdvance(style.label) + 4
            cap_width = max(cap_height, cap_metrics.horizontalAdvance(style.key) + 8)
            item_width = _ICON + 4 + label_width + 6 + cap_width
            if placed and x + item_width > width - _MARGIN:
                x, y = float(_MARGIN), y + row_height + _ROW_GAP
            label = QRectF(
                x + _ICON + 4, y + (row_height - text_height) // 2, label_width, text_height
            )
            cap = QRectF(
                label.right() + 6, y + (row_height - cap_height) // 2, cap_width, cap_height
            )
            placed.append(LegendItem(style, QRectF(x, y, item_width, row_height), label, cap))
            x += item_width + _GAP
        return placed

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        return int(self.items(width)[-1].rect.bottom()) + _MARGIN

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        last = self.items(1 << 20)[-1].rect  # everything on one row
        return QSize(int(last.right()) + _MARGIN, int(last.bottom()) + _MARGIN)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        widest = max(item.rect.width() for item in self.items(0))
        return QSize(int(widest) + 2 * _MARGIN, self._row_height() + 2 * _MARGIN)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        cap_font = self._cap_font()
        for item in self.items():
            icon_y = round(item.rect.center().y() - _ICON / 2)
            painter.drawPixmap(
                round(item.rect.left()), icon_y, status_pixmap(item.style.status, _ICON)
            )
            draw_marks(painter, [(item.style, item.label)])
            painter.setFont(self.font())
            painter.setPen(self.palette().text().color())
            painter.drawText(item.label, Qt.AlignmentFlag.AlignCenter, item.style.label)
            # Half-pixel inset: a 1 px outline on whole pixels, crisp rather than smeared.
            painter.setPen(QPen(_CAP_BORDER, 1))
            painter.setBrush(_CAP_FILL)
            painter.drawRoundedRect(item.cap.adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
            painter.setFont(cap_font)
            painter.setPen(_CAP_TEXT)
            painter.drawText(item.cap, Qt.AlignmentFlag.AlignCenter, item.style.key)
        painter.end()

    def _cap_font(self) -> QFont:
        font = QFont(self.font())
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 0.85)
        return font

    def _row_height(self) -> int:
        return max(_ICON, QFontMetrics(self.font()).height() + 4)
