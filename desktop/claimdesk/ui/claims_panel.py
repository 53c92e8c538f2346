"""The claims table with its status and text filters, and claim-to-claim navigation."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.models import ClaimStatus
from claimdesk.core.readmodels import ClaimRow
from claimdesk.ui.claim_table import ClaimTable
from claimdesk.ui.claim_table_model import (
    COL_EVIDENCE,
    COL_QUOTE,
    COL_SCORE,
    COL_STATUS,
    ClaimRole,
    ClaimTableModel,
)
from claimdesk.ui.palette import STYLES, status_icon

_OPEN = tuple(s for s in STYLES if s != ClaimStatus.DISMISSED)
STATUS_FILTERS: list[tuple[str, tuple[str, ...] | None]] = [
    ("All claims", None),
    ("Open (not dismissed)", _OPEN),
    *((style.label, (status,)) for status, style in STYLES.items()),
]


class ClaimsPanel(QWidget):
    sig_current_changed = Signal(object)  # claim id or None
    sig_finished = Signal()  # Escape in the filter: focus goes back to the article

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ClaimTableModel(self)

        self.title = QLabel("Claims", objectName="panelTitle")
        self.status_filter = QComboBox(objectName="statusFilter")
        for label, statuses in STATUS_FILTERS:
            icon = status_icon(statuses[0]) if statuses and len(statuses) == 1 else None
            if icon is None:
                self.status_filter.addItem(label, statuses)
            else:
                self.status_filter.addItem(icon, label, statuses)
        self.status_filter.setToolTip("Show only claims with this status")
        self.status_filter.currentIndexChanged.connect(self._on_status_filter_changed)
        self.filter = QLineEdit(objectName="claimFilter")
        self.filter.setPlaceholderText("Filter by words in the claim or note   Ctrl+F")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.model.set_text)
        self.filter.installEventFilter(self)

        self.table = ClaimTable()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_QUOTE, Qt.SortOrder.AscendingOrder)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, never changes the claim
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        # Widths from the font, not ResizeToContents: that asks every row for its size on
        # each change, which is seconds with ten thousand claims.
        metrics = self.table.fontMetrics()
        widths = {
            COL_STATUS: metrics.horizontalAdvance("Speculative") + 42,
            COL_SCORE: metrics.horizontalAdvance("Score") + 24,
            COL_EVIDENCE: metrics.horizontalAdvance("Links") + 24,
        }
        for column, width in widths.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        header.setSectionResizeMode(COL_QUOTE, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.status_filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 6)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.filter)
        layout.addWidget(self.table)

    def current_claim(self) -> str | None:
        claim = self.table.currentIndex().data(ClaimRole)
        return claim.id if claim else None

    def select_claim(self, claim_id: str | None) -> None:
        """Make a claim current in the table, clearing the filters if they hide it."""
        if claim_id is None:
            self.table.setCurrentIndex(QModelIndex())
            return
        if self.model.claim(claim_id) is None:
            return
        if self.model.row_of(claim_id) is None:
            self.filter.clear()
            self.status_filter.setCurrentIndex(0)
        row = self.model.row_of(claim_id)
        if row is None:
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)

    def neighbour(
        self, claim_id: str | None, step: int, accept: Callable[[ClaimRow], bool] = lambda _: True
    ) -> str | None:
        """The next (step 1) or previous (-1) claim in table order that `accept`s, wrapping."""
        count = self.model.rowCount()
        if count == 0:
            return None
        start = -1 if step > 0 else count
        if claim_id is not None and (row := self.model.row_of(claim_id)) is not None:
            start = row
        elif claim_id is not None and (slot := self.model.insertion_row(claim_id)) is not None:
            start = slot - 1 if step > 0 else slot  # hidden by a filter: go on from its place
        for n in range(1, count + 1):
            claim = self.model.claim_at((start + step * n) % count)
            if claim.id != claim_id and accept(claim):
                return claim.id
        return None

    def put(self, claim: ClaimRow) -> None:
        """Show a changed claim without moving the selection to another one.

        If a filter now hides the current claim, the table keeps no current row (rather
        than jumping to a neighbour the reviewer has not chosen); the window keeps the claim.
        """
        was_current = self.current_claim() == claim.id
        blocked = self.blockSignals(True)
        try:
            self.model.put(claim)
            if was_current and self.model.row_of(claim.id) is None:
                self.table.selectionModel().clear()  # Qt had moved it to the next row
        finally:
            self.blockSignals(blocked)

    def focus_filter(self) -> None:
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            if event.key() == Qt.Key.Key_Escape and self.filter.text():
                self.filter.clear()
            self.sig_finished.emit()
            return True
        return super().eventFilter(watched, event)

    def _on_status_filter_changed(self, index: int) -> None:
        self.model.set_statuses(self.status_filter.itemData(index))

    def _on_table_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        claim = current.data(ClaimRole)
        self.sig_current_changed.emit(claim.id if claim else None)
