"""The always-visible key to the highlights: each status's icon and mark, with its count.

Counts read "3 sourced"; the tag keys are not drawn here (a "1" beside "Sourced" read as a
tally), but named in each entry's tooltip, on the inspector's buttons and in the cheat sheet.
A last entry counts the faint "more candidates", listed or hidden.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QHelpEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from claimdesk.core.enums import ClaimStatus
from claimdesk.ui.palette import CANDIDATE, STYLES, StatusStyle, draw_marks, status_pixmap

_GAP = 18  # between two statuses
_ROW_GAP = 4  # between two rows, when the legend wraps
_ICON = 14
_MARGIN = 4
CANDIDATE_TIP = (
    "More candidates: sentences the detector found but does not highlight (scored below the "
    "highlight cut-off, or past this article's limit of highlights). Faint, on a thin dashed "
    "line, when listed: press C to list or hide them. Tagging one makes it a claim."
)


@dataclass(frozen=True, slots=True)
class LegendItem:
    """Where one status is drawn: the whole entry, its count and its marked name."""

    style: StatusStyle
    rect: QRectF
    count: QRectF
    label: QRectF
    count_text: str
    label_text: str


class Legend(QWidget):
    """One row of statuses, wrapping onto more rows when the article pane is narrow."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("legend")
        self._counts: Mapping[str, int] | None = None  # None: no article open
        self._candidates = (0, False)  # the article's faint candidates, and whether listed
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setToolTip(
            "Each status has its own colour, underline and icon. Press its key (in each "
            "entry's tooltip) to tag the current claim and move on to the next unreviewed one."
        )
        self.setAccessibleName("Claims by status")

    def set_counts(self, counts: Mapping[str, int] | None) -> None:
        """The open article's claims by status (None: no article, names only)."""
        self._counts = counts
        self.setAccessibleDescription(self.text())
        self.updateGeometry()
        self.update()

    def set_candidates(self, faint: int, shown: bool) -> None:
        """The open article's claims not highlighted, and whether they are listed."""
        self._candidates = (faint, shown)
        self.setAccessibleDescription(self.text())
        self.updateGeometry()
        self.update()

    def text(self) -> str:
        """What the legend says, as one line: "3 sourced · 2 disputed · …"."""
        return " · ".join(
            " ".join(filter(None, (item.count_text, item.label_text))) for item in self.items()
        )

    def items(self, width: int | None = None) -> list[LegendItem]:
        """Each status's place at `width` (the current width if None), in rows that fit."""
        width = self.width() if width is None else width
        metrics = QFontMetrics(self.font())
        row_height = self._row_height()
        text_top = (row_height - metrics.height()) // 2
        x, y = float(_MARGIN), float(_MARGIN)
        placed: list[LegendItem] = []
        for style, count_text, label_text in self._entries():
            count_width = metrics.horizontalAdvance(count_text) + 4 if count_text else 0
            label_width = metrics.horizontalAdvance(label_text) + 4
            item_width = _ICON + 4 + count_width + label_width
            if placed and x + item_width > width - _MARGIN:
                x, y = float(_MARGIN), y + row_height + _ROW_GAP
            count = QRectF(x + _ICON + 4, y + text_top, count_width, metrics.height())
            label = QRectF(count.right(), y + text_top, label_width, metrics.height())
            rect = QRectF(x, y, item_width, row_height)
            placed.append(LegendItem(style, rect, count, label, count_text, label_text))
            x += item_width + _GAP
        return placed

    def _entries(self) -> list[tuple[StatusStyle, str, str]]:
        """(style, count, name) of each entry: names alone while no article is open."""
        if self._counts is None:
            return [(style, "", style.label) for style in (*STYLES.values(), CANDIDATE)]
        counts = self._counts
        entries = [(s, str(counts.get(s.status, 0)), s.label.lower()) for s in STYLES.values()]
        faint, shown = self._candidates
        if faint:
            entries.append((CANDIDATE, str(faint), "candidates" if shown else "candidates hidden"))
        return entries

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

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            tip = self.tooltip_at(event.position().x(), event.position().y())
            QToolTip.showText(event.globalPos(), tip or self.toolTip(), self)
            return True
        return super().event(event)

    def tooltip_at(self, x: float, y: float) -> str | None:
        """The entry's own tooltip: what the status means and the key that tags it."""
        for item in self.items():
            if item.rect.contains(x, y) and item.style is CANDIDATE:
                return CANDIDATE_TIP
            if item.rect.contains(x, y):
                label, key = item.style.label, item.style.key
                return f"{label}: press {key} to tag the current claim {label.lower()}"
        return None

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text_colour = self.palette().text().color()
        for item in self.items():
            icon_y = round(item.rect.center().y() - _ICON / 2)
            faint = item.style is CANDIDATE
            status = ClaimStatus.UNREVIEWED if faint else item.style.status
            painter.setOpacity(0.5 if faint else 1.0)  # a candidate is an unreviewed claim, paler
            painter.drawPixmap(round(item.rect.left()), icon_y, status_pixmap(status, _ICON))
            painter.setOpacity(1.0)
            draw_marks(painter, [(item.style, item.label)])
            painter.setFont(self.font())
            painter.setPen(text_colour)
            if item.count_text:
                painter.drawText(item.count, Qt.AlignmentFlag.AlignCenter, item.count_text)
            painter.drawText(item.label, Qt.AlignmentFlag.AlignCenter, item.label_text)
        painter.end()

    def _row_height(self) -> int:
        return max(_ICON, QFontMetrics(self.font()).height() + 4)
