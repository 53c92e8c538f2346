"""The claims of the open article as a table: status, score, quote and evidence count."""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from claimdesk.core.models import ClaimStatus
from claimdesk.ui.library import ClaimRow
from claimdesk.ui.palette import STYLES, status_icon

COL_STATUS, COL_SCORE, COL_QUOTE, COL_EVIDENCE = range(4)
HEADERS = ("Status", "Score", "Claim", "Links")
HEADER_TIPS = (
    "The reviewer's verdict",
    "How check-worthy the detector found the sentence (0 to 1)",
    "The claim as quoted from the article",
    "Number of evidence links attached",
)
ClaimRole = Qt.ItemDataRole.UserRole + 1  # the ClaimRow itself
FilterRole = Qt.ItemDataRole.UserRole + 2  # "status\nquote\nnote", what the filter matches
STATUS_ORDER = {s: i for i, s in enumerate(STYLES)}
_DIMMED = QColor("#7B8794")

Index = QModelIndex | QPersistentModelIndex


def _sort_key(claim: ClaimRow, col: int) -> tuple[float, int, int, str]:
    text_order = (claim.start, claim.end, claim.id)
    if col == COL_STATUS:
        return (STATUS_ORDER.get(claim.status, 99), *text_order)
    if col == COL_SCORE:
        return (-1.0 if claim.score is None else claim.score, *text_order)
    if col == COL_EVIDENCE:
        return (len(claim.evidence), *text_order)
    return (0, *text_order)  # "Claim" sorts in reading order, which is what people expect


class ClaimTableModel(QAbstractTableModel):
    """Rows in the chosen order (reading order at first); an edit touches one row only."""

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._rows: list[ClaimRow] = []
        self._index: dict[str, int] = {}
        self._column = COL_QUOTE
        self._order = Qt.SortOrder.AscendingOrder

    def _key(self, claim: ClaimRow) -> tuple[float, int, int, str]:
        key = _sort_key(claim, self._column)
        if self._order == Qt.SortOrder.DescendingOrder:
            return (-key[0], -key[1], -key[2], key[3])
        return key

    def set_rows(self, rows: Sequence[ClaimRow]) -> None:
        self.beginResetModel()
        in_reading_order = (self._column, self._order) == (COL_QUOTE, Qt.SortOrder.AscendingOrder)
        # Rows arrive in reading order; sorting ten thousand of them again costs 50 ms.
        self._rows = list(rows) if in_reading_order else sorted(rows, key=self._key)
        self._reindex()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort all rows in Python at once; selections follow their claims."""
        if not 0 <= column < len(HEADERS):
            column, order = COL_QUOTE, Qt.SortOrder.AscendingOrder
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        ids = [self._rows[i.row()].id if i.isValid() else None for i in before]
        self._column, self._order = column, order
        self._rows.sort(key=self._key)
        self._reindex()
        after = [
            self.index(self._index[claim_id], i.column())
            if claim_id in self._index
            else QModelIndex()
            for i, claim_id in zip(before, ids, strict=True)
        ]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def rows(self) -> list[ClaimRow]:
        return list(self._rows)

    def row_of(self, claim_id: str) -> int | None:
        return self._index.get(claim_id)

    def claim(self, claim_id: str) -> ClaimRow | None:
        row = self._index.get(claim_id)
        return None if row is None else self._rows[row]

    def put(self, claim: ClaimRow) -> None:
        """Insert a claim or replace the stored one, moving it if its span moved.

        A move (not a remove and insert) keeps the view's selection on the claim.
        """
        row = self._index.get(claim.id)
        others = [r for r in self._rows if r.id != claim.id]
        new_row = bisect.bisect_left([self._key(r) for r in others], self._key(claim))
        if row is None:
            self.beginInsertRows(QModelIndex(), new_row, new_row)
            self._rows.insert(new_row, claim)
            self._reindex()
            self.endInsertRows()
            return
        if new_row != row:
            destination = new_row + 1 if new_row > row else new_row
            self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
            others.insert(new_row, claim)
            self._rows = others
            self._reindex()
            self.endMoveRows()
        self._rows[new_row] = claim
        self.dataChanged.emit(self.index(new_row, 0), self.index(new_row, len(HEADERS) - 1))

    def remove(self, claim_id: str) -> None:
        row = self._index.get(claim_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self._reindex()
        self.endRemoveRows()

    def _reindex(self) -> None:
        self._index = {r.id: i for i, r in enumerate(self._rows)}

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        claim = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return _display(claim, col)
        if role == ClaimRole:
            return claim
        if role == FilterRole:
            return f"{claim.status}\n{claim.quote}\n{claim.note}"
        if role == Qt.ItemDataRole.DecorationRole and col == COL_STATUS:
            return status_icon(claim.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(claim)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_SCORE, COL_EVIDENCE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and claim.status == ClaimStatus.DISMISSED:
            return _DIMMED
        return None


def _display(claim: ClaimRow, col: int) -> str:
    if col == COL_STATUS:
        return STYLES[claim.status].label
    if col == COL_SCORE:
        return "—" if claim.score is None else f"{claim.score:.2f}"
    if col == COL_QUOTE:
        return " ".join(claim.quote.split())
    return str(len(claim.evidence)) if claim.evidence else ""


def _tooltip(claim: ClaimRow) -> str:
    quote = " ".join(claim.quote.split())
    if len(quote) > 300:
        quote = quote[:300] + "…"
    lines = [f"{STYLES[claim.status].label}: {quote}"]
    if claim.suggestion and claim.status == ClaimStatus.UNREVIEWED:
        lines.append(f"Suggested: {claim.suggestion}")
    return "\n".join(lines)
