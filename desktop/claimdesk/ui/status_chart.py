"""Painted charts: claims per status (icon, name and count on every bar) and share bars."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from claimdesk.ui.palette import STYLES, status_pixmap

_ROW = 30  # height of one bar's row
_ICON = 16
_PAD = 12
_TITLE_GAP = 10
_TRACK = QColor("#EEF2F6")
_TEXT = QColor("#243B53")
_MUTED = QColor("#7B8794")
_SHARE = QColor("#0072B2")
Index = QModelIndex | QPersistentModelIndex


class StatusChart(QWidget):
    """Painted rather than QtCharts: crisp offscreen and in screenshots, and a few lines long."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusChart")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self._counts: dict[str, int] = dict.fromkeys(STYLES, 0)
        self._title = ""

    def set_counts(self, counts: Mapping[str, int], title: str) -> None:
        self._counts = {status: int(counts.get(status, 0)) for status in STYLES}
        self._title = title
        summary = ", ".join(f"{STYLES[s].label} {n}" for s, n in self._counts.items())
        self.setToolTip(f"{title}: {summary}")
        self.setAccessibleName(title)
        self.setAccessibleDescription(summary)
        self.update()

    def counts(self) -> dict[str, int]:
        return dict(self._counts)

    def title(self) -> str:
        return self._title

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        metrics = QFontMetrics(self.font())
        return QSize(320, 2 * _PAD + metrics.height() + _TITLE_GAP + _ROW * len(STYLES))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(220, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#FFFFFF"))
        bold = QFont(self.font())
        bold.setWeight(QFont.Weight.DemiBold)
        metrics = QFontMetrics(self.font())
        painter.setFont(bold)
        painter.setPen(_TEXT)
        width = self.width() - 2 * _PAD
        title_rect = QRectF(_PAD, _PAD, width, metrics.height())
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignLeft, self._title)
        painter.setFont(self.font())

        total = sum(self._counts.values())
        largest = max(self._counts.values(), default=0)
        label_w = max(metrics.horizontalAdvance(s.label) for s in STYLES.values())
        value_w = metrics.horizontalAdvance("00000 · 100%")
        bar_x = _PAD + _ICON + 6 + label_w + 10
        bar_w = max(20.0, _PAD + width - bar_x - value_w - 8)
        y = _PAD + metrics.height() + _TITLE_GAP
        for status, count in self._counts.items():
            style = STYLES[status]
            middle = y + _ROW / 2
            painter.drawPixmap(_PAD, int(middle - _ICON / 2), status_pixmap(status, _ICON))
            text_rect = QRectF(_PAD + _ICON + 6, y, label_w, _ROW)
            painter.setPen(_TEXT if count else _MUTED)
            painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter, style.label)
            track = QRectF(bar_x, middle - 8, bar_w, 16)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(_TRACK)
            painter.drawRoundedRect(track, 3, 3)
            if count:
                filled = QRectF(track)
                filled.setWidth(max(4.0, bar_w * count / largest))
                painter.setBrush(QColor(style.colour))
                painter.setPen(QPen(QColor(style.colour).darker(130), 1))
                painter.drawRoundedRect(filled, 3, 3)
            share = f"{round(100 * count / total)}%" if total else "–"
            painter.setPen(_TEXT if count else _MUTED)
            value_rect = QRectF(bar_x + bar_w + 8, y, value_w, _ROW)
            painter.drawText(value_rect, Qt.AlignmentFlag.AlignVCenter, f"{count} · {share}")
            y += _ROW
        painter.end()


class ShareDelegate(QStyledItemDelegate):
    """A percentage with a thin bar beside it, so progress reads at a glance down a column.

    The share (0..1, or None when there is nothing to count) comes from `share_role`.
    """

    def __init__(self, share_role: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._role = share_role

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        super().paint(painter, option, index)
        share = index.data(self._role)
        if share is None:
            return
        rect: QRect = option.rect  # type: ignore[attr-defined]
        text = str(index.data(Qt.ItemDataRole.DisplayRole) or "")
        text_w = option.fontMetrics.horizontalAdvance(text)  # type: ignore[attr-defined]
        bar = QRect(rect.left() + 8, rect.center().y() - 3, rect.width() - text_w - 24, 6)
        if bar.width() < 16:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(_TRACK.darker(108))
        painter.drawRoundedRect(bar, 3, 3)
        bar.setWidth(round(bar.width() * float(share)))
        painter.setBrush(_SHARE)
        painter.drawRoundedRect(bar, 3, 3)
        painter.restore()
