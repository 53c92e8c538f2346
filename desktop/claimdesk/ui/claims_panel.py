"""The claims table with its status and text filters, and claim-to-claim navigation."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, QSize, Qt, Signal
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

from claimdesk.core.models import ClaimStatus, ReviewState
from claimdesk.core.readmodels import ClaimRow
from claimdesk.core.statuses import REVIEW_LABELS, is_work
from claimdesk.ui.claim_table import ICON, ICON_GAP, LOCK, PADDING, ClaimTable
from claimdesk.ui.claim_table_model import (
    COL_EVIDENCE,
    COL_QUOTE,
    COL_REVIEW,
    COL_SCORE,
    COL_STATUS,
    HEADERS,
    ClaimRole,
    ClaimTableModel,
)
from claimdesk.ui.palette import STYLES, status_icon

ROWS_WANTED = 10  # rows the table asks room for (issue 14: ten at 1280 x 800)
_OPEN = tuple(s for s in STYLES if s != ClaimStatus.DISMISSED)
STATUS_FILTERS: list[tuple[str, tuple[str, ...] | None]] = [
    ("All claims", None),
    ("Open (not dismissed)", _OPEN),
    *((style.label, (status,)) for status, style in STYLES.items()),
]


class ClaimsPanel(QWidget):
    sig_current_changed = Signal(object)  # claim id or None
    sig_counts_changed = Signal(object)  # {status: claims} of the article, filters aside
    sig_finished = Signal()  # Escape in the filter: focus goes back to the article

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ClaimTableModel(self)

        self.title = QLabel("Claims", objectName="panelTitle")
        self._counts: dict[str, int] = {}
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
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        self._widths = self._column_widths()
        self._compact = False
        for column, width in self._widths.items():
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, width)
        self.table.viewport().installEventFilter(self)
        header.setSectionResizeMode(COL_QUOTE, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._on_table_current_changed)
        for signal in (
            self.model.modelReset,
            self.model.layoutChanged,  # a filter
            self.model.rowsInserted,
            self.model.rowsRemoved,
            self.model.dataChanged,  # a claim retagged, perhaps dismissed
        ):
            signal.connect(self._on_model_changed)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.status_filter)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 6)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.filter)
        layout.addWidget(self.table)

    def _column_widths(self) -> dict[int, int]:
        """Every column but the claim's as wide as its widest content, from the font.

        Not ResizeToContents: that asks every row for its size on each change, which is
        seconds with ten thousand claims. The claim takes the rest.
        """
        metrics = self.table.fontMetrics()
        sort_arrow = 24  # the header's text and its sort indicator

        def fit(header: str, content: int) -> int:
            return max(metrics.horizontalAdvance(header) + sort_arrow, content + 2 * PADDING)

        def widest(*texts: str) -> int:
            return max(map(metrics.horizontalAdvance, texts))

        statuses = widest(*(style.label for style in STYLES.values()))
        approved = LOCK + ICON_GAP + metrics.horizontalAdvance(REVIEW_LABELS[ReviewState.APPROVED])
        return {
            COL_STATUS: fit(HEADERS[COL_STATUS], ICON + ICON_GAP + statuses),
            COL_SCORE: fit(HEADERS[COL_SCORE], widest("0.00", "—")),
            COL_REVIEW: fit(HEADERS[COL_REVIEW], max(approved, widest(*REVIEW_LABELS.values()))),
            COL_EVIDENCE: fit(HEADERS[COL_EVIDENCE], widest("99")),
        }

    def _fit_status_column(self) -> None:
        """The status's name beside its icon only while the claim keeps half the width.

        In a narrow table (the claims side of a 1280 px window) the icon alone says the
        status (the legend, the tooltip and the inspector name it), and the claim gets the room.
        """
        header = self.table.horizontalHeader()
        width = self.table.viewport().width()
        compact = width - sum(self._widths.values()) < width / 2
        if compact != self._compact:
            self._compact = compact
            icon_only = ICON + 2 * PADDING + 2
            header.resizeSection(COL_STATUS, icon_only if compact else self._widths[COL_STATUS])
            self.model.name_status_column(not compact)

    def _on_model_changed(self) -> None:
        """ "16 claims · 15 to check": every claim the table lists (the M of the inspector's
        "Claim N of M"), then those not dismissed, which every summary counts."""
        counts = self.model.status_counts()
        listed = sum(counts.values())
        to_check = sum(n for status, n in counts.items() if is_work(status))
        parts = [f"{listed} claim{'s' if listed != 1 else ''}", f"{to_check} to check"]
        if self.model.is_filtering():
            parts.append(f"{self.model.rowCount()} shown")
        title = "  ·  ".join(parts) if listed else "Claims"
        if title != self.title.text():  # not on every tag key press
            self.title.setText(title)
        if counts != self._counts and not self.signalsBlocked():
            self._counts = counts
            self.sig_counts_changed.emit(counts)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """Tall enough for the table to show ROWS_WANTED rows under its filters and header."""
        hint = super().sizeHint()
        table = self.table
        rows = ROWS_WANTED * table.row_height() + table.horizontalHeader().sizeHint().height()
        frame = 2 * table.frameWidth()
        return QSize(hint.width(), hint.height() - table.sizeHint().height() + rows + frame)

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
        self._on_model_changed()  # its counts, which the blocked signals did not carry

    def focus_filter(self) -> None:
        self.filter.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize and watched is self.table.viewport():
            self._fit_status_column()
        elif (
            watched is self.filter
            and event.type() == QEvent.Type.KeyPress
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
