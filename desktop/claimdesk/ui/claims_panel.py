"""The claims table with its status and text filters, and claim-to-claim navigation."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.enums import ClaimStatus, ReviewState
from claimdesk.core.rows import ClaimRow
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

_HEADER_PADDING = 2 * 6 + 4  # app.qss pads header sections by 6 px a side, and a border
_SORT_ARROW = 18
_ROUNDING = 2  # text widths are fractional: "Needs review" was elided in exactly its width
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
    sig_candidates_changed = Signal(int, bool)  # faint candidates in the article, listed
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
        # Checked: the claims not highlighted are listed too, faint (the window's C key).
        self.candidates = QCheckBox("More candidates", objectName="moreCandidates")
        self.candidates.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys keep working after a click
        self._candidates = (0, 0, False)

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
        self._widths: dict[int, int] = {}
        self._compact = False
        for column in (COL_STATUS, COL_SCORE, COL_REVIEW, COL_EVIDENCE):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self._size_columns()
        self.table.viewport().installEventFilter(self)
        self.table.installEventFilter(self)  # its font is the stylesheet's only once polished
        header.setSectionResizeMode(COL_QUOTE, QHeaderView.ResizeMode.Stretch)
        header.sortIndicatorChanged.connect(self._size_columns)
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
        filters = QHBoxLayout()
        filters.addWidget(self.filter, 1)
        filters.addWidget(self.candidates)
        layout.addLayout(filters)
        layout.addWidget(self.table)

    def _column_widths(self) -> dict[int, int]:
        """Every column but the claim's as wide as its widest content, from the font, and
        no wider: the claim takes the rest (at 1280 px it had ~200 px).

        Not ResizeToContents: that asks every row for its size on each change, which is
        seconds with ten thousand claims. Only the sorted column keeps room for the arrow.
        """
        metrics = self.table.fontMetrics()
        bold = QFont(self.table.font())
        bold.setWeight(QFont.Weight.DemiBold)  # the header's weight in app.qss
        headings = QFontMetrics(bold)
        header = self.table.horizontalHeader()
        sorted_column = header.sortIndicatorSection() if header.isSortIndicatorShown() else -1

        def fit(column: int, content: int) -> int:
            heading = headings.horizontalAdvance(HEADERS[column]) + _HEADER_PADDING
            arrow = _SORT_ARROW if column == sorted_column else 0
            return max(heading + arrow, content + 2 * PADDING + _ROUNDING)

        def widest(*texts: str) -> int:
            return max(map(metrics.horizontalAdvance, texts))

        statuses = widest(*(style.label for style in STYLES.values()))
        approved = LOCK + ICON_GAP + metrics.horizontalAdvance(REVIEW_LABELS[ReviewState.APPROVED])
        return {
            COL_STATUS: fit(COL_STATUS, ICON + ICON_GAP + statuses),
            COL_SCORE: fit(COL_SCORE, widest("0.00", "—")),
            COL_REVIEW: fit(COL_REVIEW, max(approved, widest(*REVIEW_LABELS.values()))),
            COL_EVIDENCE: fit(COL_EVIDENCE, widest("99")),
        }

    def _size_columns(self) -> None:
        """Give the columns their widths again (the font or the sorted column changed)."""
        widths = self._column_widths()
        if widths == self._widths:
            return
        self._widths = widths
        header = self.table.horizontalHeader()
        for column, width in widths.items():
            if column != COL_STATUS:
                header.resizeSection(column, width)
        self._fit_status_column(force=True)

    def _fit_status_column(self, *, force: bool = False) -> None:
        """The status's name beside its icon only while the claim keeps half the width.

        In a narrow table (the claims side of a 1280 px window) the icon alone says the
        status (the legend, the tooltip and the inspector name it), and the claim gets the room.
        """
        header = self.table.horizontalHeader()
        width = self.table.viewport().width()
        compact = width - sum(self._widths.values()) < width / 2
        if compact != self._compact or force:
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

    def set_candidates(self, faint: int, hidden: int, shown: bool) -> None:
        """The toggle's count and state: `faint` claims are not highlighted, `hidden` of them
        are not listed (all of them unless shown; those asked for by id are listed anyway)."""
        if (faint, hidden, shown) == self._candidates:
            return
        self._candidates = (faint, hidden, shown)
        box = self.candidates
        blocked = box.blockSignals(True)
        box.setChecked(shown)
        box.blockSignals(blocked)
        box.setText(f"More candidates ({faint})")
        box.setEnabled(bool(faint) or shown)
        if not faint:
            tip = "Every claim the detector found is highlighted in this article"
        elif shown:
            tip = f"{faint} faint candidates listed: uncheck to list only the highlighted claims"
        else:
            tip = (
                f"{hidden} more candidates hidden: sentences the detector found but scored "
                "below the highlight cut-off, or past this article's limit of highlights. "
                "Check to list them, faint"
            )
        box.setToolTip(f"{tip} (C). Tagging a candidate makes it a claim like the others.")
        box.setAccessibleDescription(tip)
        self.sig_candidates_changed.emit(faint, shown)

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
        elif watched is self.table and event.type() in (
            QEvent.Type.FontChange,
            QEvent.Type.Polish,
        ):
            self._size_columns()
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
