"""The dashboard's two tables: how they look and select (Ctrl+A means every matching claim)."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QTableView

from claimdesk.ui.dashboard_model import ArticleTableModel, ClaimListModel, RowRole

SIZED_ROWS = 30  # about a screen: a tenth of a second for 100 at 100,000 claims


class ClaimTable(QTableView):
    """Select all (Ctrl+A) means every matching claim, read yet or not: `all_selected` holds
    until the selection is changed otherwise; rows read later join the selection."""

    sig_all_selected = Signal()

    def __init__(self, name: str) -> None:
        super().__init__(objectName=name)
        self.all_selected = False
        self._selecting = False

    def selectAll(self) -> None:  # noqa: N802 - Qt override
        self._selecting, self.all_selected = True, True  # said before the selection moves
        try:
            super().selectAll()
        finally:
            self._selecting = False
        self.sig_all_selected.emit()

    def select_rows(self, first: int, last: int) -> None:
        """Add rows to the selection without ending `all_selected` (rows read later)."""
        model = self.model()
        flags = (
            self.selectionModel().SelectionFlag.Select | self.selectionModel().SelectionFlag.Rows
        )
        self._selecting = True
        try:
            chosen = QItemSelection(model.index(first, 0), model.index(last, 0))
            self.selectionModel().select(chosen, flags)
        finally:
            self._selecting = False

    def selectionChanged(  # noqa: N802 - Qt override
        self, selected: QItemSelection, deselected: QItemSelection
    ) -> None:
        super().selectionChanged(selected, deselected)
        if not self._selecting:
            self.all_selected = False


def library_table(table: QTableView, model: ArticleTableModel | ClaimListModel) -> QTableView:
    """The dashboard's look for a table: whole rows, sorted, no edits, columns sized fast."""
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)  # Tab moves on to the next control, as in a form
    table.setSortingEnabled(True)
    table.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # Qt's default indicator is descending
    table.setWordWrap(False)
    table.setShowGrid(False)
    table.setAlternatingRowColors(True)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(26)
    table.horizontalHeader().setHighlightSections(False)
    # Columns fit the first rows' contents, not every row's (seconds on the GUI thread).
    table.horizontalHeader().setResizeContentsPrecision(SIZED_ROWS)
    return table


def selected_ids(table: QTableView) -> list[str]:
    rows = sorted(table.selectionModel().selectedRows(), key=lambda i: i.row())
    return [index.data(RowRole).id for index in rows]
