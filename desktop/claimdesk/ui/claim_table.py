"""The claims table's view: it paints its rows itself, one Python call per paint.

Qt's item delegate asks the model seven times for every painted cell and lays out each text
through the style; for the six or so rows on screen that cost as much as drawing the whole
article beside them. Painting the rows here reads each claim once. Everything else (keys,
selection, sorting, tooltips, accessibility) stays QTableView's, over the same model.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QTableView, QWidget

from claimdesk.core.enums import ReviewState
from claimdesk.ui.claim_table_model import (
    COL_REVIEW,
    COL_STATUS,
    ClaimTableModel,
    alignment,
    display_text,
    foreground,
    is_approved,
)
from claimdesk.ui.palette import status_icon

PADDING = 7  # between a cell's edge and its text or icon
ICON = 16
ICON_GAP = 6
LOCK = 10  # the padlock before "Approved", drawn: no font here is sure to have 🔒
_PLACEHOLDER = QPalette.ColorRole.PlaceholderText
_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_CENTRE = Qt.AlignmentFlag.AlignCenter
_ELIDE = Qt.TextElideMode.ElideRight
_TEXT, _HIGHLIGHTED_TEXT = QPalette.ColorRole.Text, QPalette.ColorRole.HighlightedText
_NORMAL, _DISABLED = QIcon.Mode.Normal, QIcon.Mode.Disabled  # a candidate's icon is greyed


class ClaimTable(QTableView):
    """The claims table over a ClaimTableModel.

    Its viewport paints its own background, as the article view's does, so Qt need not
    repaint the window, tab, splitter and panel backgrounds behind it on each change.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("claimTable")
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        # Compact rows, as tall as the text and the status icon need: ten of them fit above
        # the inspector in a 1280 x 800 window.
        self.verticalHeader().setDefaultSectionSize(self.row_height())

    def row_height(self) -> int:
        return max(ICON + 4, self.fontMetrics().height() + 6)

    def empty_text(self) -> str:
        """What an empty table says, so a filter that matches nothing is not a blank box."""
        model = self.model()
        if isinstance(model, ClaimTableModel) and model.is_filtering() and model.rows():
            return "No claims match the filters"
        return "No claims"

    def currentChanged(self, current: QModelIndex, previous: QModelIndex) -> None:  # noqa: N802
        super().currentChanged(current, previous)
        # Qt repaints the two cells only; the focus outline spans the whole row.
        viewport = self.viewport()
        for index in (previous, current):
            if index.isValid():
                row = index.row()
                viewport.update(
                    0, self.rowViewportPosition(row), viewport.width(), self.rowHeight(row)
                )

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
            self._paint_rows(painter, palette, model, range(first, last + 1))
        elif isinstance(model, ClaimTableModel) and model.rowCount() == 0:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            painter.drawText(
                viewport.rect().adjusted(PADDING, PADDING, -PADDING, -PADDING),
                int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                self.empty_text(),
            )
        painter.end()

    def _paint_rows(
        self, painter: QPainter, palette: QPalette, model: ClaimTableModel, rows: range
    ) -> None:
        # Runs for every row on screen at each paint: column geometry and colours are read
        # once, and each cell costs one elide and one drawText.
        columns = [
            (col, self.columnViewportPosition(col) + PADDING, self.columnWidth(col) - 2 * PADDING)
            for col in range(model.columnCount())
            if not self.isColumnHidden(col)
        ]
        aligned = {col: alignment(col) or _LEFT for col, _, _ in columns}
        # Row fills end where the last column does, as cells filled by a delegate would.
        width = max((left + room + PADDING for _, left, room in columns), default=0)
        text_colour, selected_colour = palette.color(_TEXT), palette.color(_HIGHLIGHTED_TEXT)
        draft_colour = palette.color(_PLACEHOLDER)
        alternate = palette.alternateBase() if self.alternatingRowColors() else None
        selection = self.selectionModel()
        current = self.currentIndex().row() if self.hasFocus() else -1
        metrics = self.fontMetrics()
        enabled = self.isEnabled()
        for row in rows:
            claim = model.claim_at(row)
            top, height = self.rowViewportPosition(row), self.rowHeight(row)
            selected = selection.isRowSelected(row)
            if selected:
                painter.fillRect(0, top, width, height, palette.highlight())
            elif row % 2 and alternate is not None:
                painter.fillRect(0, top, width, height, alternate)
            pen = selected_colour if selected else foreground(claim) or text_colour
            painter.setPen(pen)
            for col, left, room in columns:
                if col == COL_STATUS:
                    icon = QRect(left, top + (height - ICON) // 2, ICON, ICON)
                    mode = _NORMAL if enabled and claim.highlighted else _DISABLED
                    status_icon(claim.status).paint(painter, icon, _CENTRE, mode)
                    left, room = left + ICON + ICON_GAP, room - ICON - ICON_GAP
                    if room < ICON:
                        continue  # a narrow column shows the icon alone, not "…"
                elif col == COL_REVIEW:
                    # Drafts are the rule and step back; an approval shows its lock.
                    if claim.review_state == ReviewState.DRAFT and not selected:
                        painter.setPen(draft_colour)
                    elif is_approved(claim):
                        lock = QRectF(left, top + (height - LOCK) / 2 - 1, LOCK, LOCK + 2)
                        draw_lock(painter, lock, painter.pen().color())
                        left, room = left + LOCK + ICON_GAP, room - LOCK - ICON_GAP
                text = metrics.elidedText(display_text(claim, col), _ELIDE, room)
                painter.drawText(left, top, room, height, aligned[col], text)
                if col == COL_REVIEW:
                    painter.setPen(pen)
            if row == current:
                painter.setPen(QPen(palette.highlight().color().darker(150), 1))
                painter.drawRect(0, top, width - 1, height - 1)


def draw_lock(painter: QPainter, rect: QRectF, colour: QColor) -> None:
    """A padlock filling `rect`: a shackle over a solid body."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    body = QRectF(
        rect.left(), rect.top() + rect.height() * 0.45, rect.width(), rect.height() * 0.55
    )
    inset = rect.width() * 0.22
    arch = QRectF(
        rect.left() + inset, rect.top() + 0.8, rect.width() - 2 * inset, body.top() - rect.top()
    )
    shackle = QPainterPath(QPointF(arch.left(), body.top()))
    shackle.lineTo(arch.left(), arch.top() + arch.width() / 2)
    shackle.arcTo(QRectF(arch.left(), arch.top(), arch.width(), arch.width()), 180, -180)
    shackle.lineTo(arch.right(), body.top())
    painter.setPen(QPen(colour, 1.5))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawPath(shackle)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawRoundedRect(body, 1.5, 1.5)
    painter.restore()
