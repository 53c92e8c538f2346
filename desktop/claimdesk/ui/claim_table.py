"""The claims table's view: it paints its rows itself, one Python call per paint.

Qt's item delegate asks the model seven times for every painted cell and lays out each text
through the style; for the six or so rows on screen that cost as much as drawing the whole
article beside them. Painting the rows here reads each claim once. Everything else (keys,
selection, sorting, tooltips, accessibility) stays QTableView's, over the same model.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QTableView, QWidget

from claimdesk.ui.claim_table_model import (
    COL_STATUS,
    ClaimTableModel,
    alignment,
    display_text,
    foreground,
)
from claimdesk.ui.palette import status_icon

PADDING = 7  # between a cell's edge and its text or icon
ICON = 16
ICON_GAP = 6
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


class ClaimTable(QTableView):
    """The claims table over a ClaimTableModel.

    Its viewport paints its own background, as the article view's does, so Qt need not
    repaint the window, tab, splitter and panel backgrounds behind it on each change.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("claimTable")
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        viewport = self.viewport()
        palette = viewport.palette()
        palette.setCurrentColorGroup(
            QPalette.ColorGroup.Disabled
            if not self.isEnabled()
            else QPalette.ColorGroup.Active
            if self.isActiveWindow()
            else QPalette.ColorGroup.Inactive
        )
        painter = QPainter(viewport)
        area = event.rect()
        painter.fillRect(area, palette.base())
        model = self.model()
        first = self.rowAt(area.top())
        if isinstance(model, ClaimTableModel) and first >= 0:
            last = self.rowAt(area.bottom())
            last = model.rowCount() - 1 if last < 0 else last
            for row in range(first, last + 1):
                self._paint_row(painter, palette, model, row)
        painter.end()

    def _paint_row(
        self, painter: QPainter, palette: QPalette, model: ClaimTableModel, row: int
    ) -> None:
        claim = model.claim_at(row)
        line = QRect(0, self.rowViewportPosition(row), self.viewport().width(), self.rowHeight(row))
        selected = self.selectionModel().isRowSelected(row)
        if selected:
            painter.fillRect(line, palette.highlight())
        elif row % 2 and self.alternatingRowColors():
            painter.fillRect(line, palette.alternateBase())
        dimmed = foreground(claim)
        if selected:
            painter.setPen(palette.color(QPalette.ColorRole.HighlightedText))
        else:
            painter.setPen(dimmed if dimmed is not None else palette.color(QPalette.ColorRole.Text))
        metrics = self.fontMetrics()
        for col in range(model.columnCount()):
            if self.isColumnHidden(col):
                continue
            cell = QRect(
                self.columnViewportPosition(col), line.top(), self.columnWidth(col), line.height()
            ).adjusted(PADDING, 0, -PADDING, 0)
            if col == COL_STATUS:
                icon_top = cell.top() + (cell.height() - ICON) // 2
                status_icon(claim.status).paint(painter, QRect(cell.left(), icon_top, ICON, ICON))
                cell.setLeft(cell.left() + ICON + ICON_GAP)
            text = display_text(claim, col)
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, cell.width())
            painter.drawText(cell, alignment(col) or _LEFT, text)
        if self.hasFocus() and self.currentIndex().row() == row:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight).darker(150), 1))
            painter.drawRect(line.adjusted(0, 0, -1, -1))
