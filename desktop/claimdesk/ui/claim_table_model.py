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
HEADERS = ("Status", "Score", "Claim", "Evidence")
HEADER_TIPS = (
    "The reviewer's verdict",
    "How check-worthy the detector found the sentence (0 to 1)",
    "The claim as quoted from the article",
    "Number of evidence links",
)
ClaimRole = Qt.ItemDataRole.UserRole + 1  # the ClaimRow itself
SortRole = Qt.ItemDataRole.UserRole + 2
STATUS_ORDER = {s: i for i, s in enumerate(STYLES)}
_DIMMED = QColor("#7B8794")

Index = QModelIndex | QPersistentModelIndex


def _text_order(row: ClaimRow) -> tuple[int, int, str]:
    return row.start, row.end, row.id


class ClaimTableModel(QAbstractTableModel):
    """Rows in text order; edits replace one row and signal only the cells that changed."""

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._rows: list[ClaimRow] = []
        self._index: dict[str, int] = {}

    def set_rows(self, rows: Sequence[ClaimRow]) -> None:
        self.beginResetModel()
        self._rows = sorted(rows, key=_text_order)
        self._reindex()
        self.endResetModel()

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
        new_row = bisect.bisect_left([_text_order(r) for r in others], _text_order(claim))
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
        if role == SortRole:
            return _sort_key(claim, col)
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


def _sort_key(claim: ClaimRow, col: int) -> object:
    if col == COL_STATUS:
        return STATUS_ORDER.get(claim.status, 99) * 10_000_000 + claim.start
    if col == COL_SCORE:
        return -1.0 if claim.score is None else claim.score
    if col == COL_QUOTE:
        return claim.start  # "Claim" sorts in reading order, which is what people expect
    return len(claim.evidence)


def _tooltip(claim: ClaimRow) -> str:
    quote = " ".join(claim.quote.split())
    if len(quote) > 300:
        quote = quote[:300] + "…"
    lines = [f"{STYLES[claim.status].label}: {quote}"]
    if claim.suggestion and claim.status == ClaimStatus.UNREVIEWED:
        lines.append(f"Suggested: {claim.suggestion}")
    return "\n".join(lines)
