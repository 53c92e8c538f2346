"""The claims of the open article as a table: status, score, quote, sign-off, evidence count.

The model sorts and filters itself, over the whole list at once in Python. A
QSortFilterProxyModel on top would make Qt call back into Python three times for every value
of every painted cell, which was a third of the cost of showing an article.
"""

from __future__ import annotations

import bisect
import functools
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from claimdesk.core.enums import ClaimStatus, ReviewState
from claimdesk.core.rows import ClaimRow
from claimdesk.core.statuses import REVIEW_LABELS
from claimdesk.ui.palette import STYLES, status_icon

COL_STATUS, COL_SCORE, COL_QUOTE, COL_REVIEW, COL_EVIDENCE = range(5)
HEADERS = ("Status", "Score", "Claim", "Sign-off", "Links")
HEADER_TIPS = (
    "The reviewer's verdict",
    "How check-worthy the detector found the sentence (0 to 1)",
    "The claim as quoted from the article",
    "The editor's sign-off: draft, needs review, or approved (locked)",
    "Number of evidence links attached",
)
ClaimRole = Qt.ItemDataRole.UserRole + 1  # the ClaimRow itself
STATUS_ORDER = {s: i for i, s in enumerate(STYLES)}
REVIEW_ORDER = {s: i for i, s in enumerate(REVIEW_LABELS)}  # draft, needs review, approved
_DIMMED = QColor("#7B8794")
_FAINT = QColor("#9AA5B1")  # a candidate not highlighted: paler still than a dismissed claim
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

Index = QModelIndex | QPersistentModelIndex
SortKey = tuple[float, int, int, str]


def _sort_key(claim: ClaimRow, col: int) -> SortKey:
    text_order = (claim.start, claim.end, claim.id)
    if col == COL_STATUS:
        return (STATUS_ORDER.get(claim.status, 99), *text_order)
    if col == COL_SCORE:
        return (-1.0 if claim.score is None else claim.score, *text_order)
    if col == COL_REVIEW:
        return (REVIEW_ORDER.get(claim.review_state, 99), *text_order)
    if col == COL_EVIDENCE:
        return (len(claim.evidence), *text_order)
    return (0, *text_order)  # "Claim" sorts in reading order, which is what people expect


class ClaimTableModel(QAbstractTableModel):
    """The claims in the chosen order (reading order at first) that pass the filters.

    `rows()` and `claim()` see every claim; the table, `rowCount()` and `row_of()` see the
    ones shown. An edit touches one row only, and a row that stops matching the filters
    leaves the table at once.
    """

    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._all: list[ClaimRow] = []  # every claim, in the chosen order
        self._rows: list[ClaimRow] = []  # the ones the filters let through
        self._index: dict[str, int] = {}  # claim id -> row in _rows
        self._by_id: dict[str, ClaimRow] = {}
        self._counts: Counter[str] = Counter()  # every claim by status, kept up to date
        self._column = COL_QUOTE
        self._order = Qt.SortOrder.AscendingOrder
        self._statuses: frozenset[str] | None = None
        self._words: tuple[str, ...] = ()
        self._headers = HEADERS

    # -- contents ------------------------------------------------------------------------

    def set_rows(self, rows: Sequence[ClaimRow]) -> None:
        self.beginResetModel()
        in_reading_order = (self._column, self._order) == (COL_QUOTE, Qt.SortOrder.AscendingOrder)
        # Rows arrive in reading order; sorting ten thousand of them again costs 50 ms.
        self._all = list(rows) if in_reading_order else sorted(rows, key=self._key)
        self._by_id = {r.id: r for r in self._all}
        self._counts = Counter(r.status for r in self._all)
        self._refilter()
        self.endResetModel()

    def rows(self) -> list[ClaimRow]:
        """Every claim of the article, shown or filtered out."""
        return list(self._all)

    def status_counts(self) -> dict[str, int]:
        """Every claim of the article by status, shown or filtered out."""
        return {status: n for status, n in self._counts.items() if n}

    def claim(self, claim_id: str) -> ClaimRow | None:
        return self._by_id.get(claim_id)

    def row_of(self, claim_id: str) -> int | None:
        """The table row showing a claim, or None if it is filtered out (or unknown)."""
        return self._index.get(claim_id)

    def claim_at(self, row: int) -> ClaimRow:
        return self._rows[row]

    def insertion_row(self, claim_id: str) -> int | None:
        """The row a claim the filters hide would take if they showed it."""
        claim = self._by_id.get(claim_id)
        if claim is None:
            return None
        return bisect.bisect_left(self._rows, self._key(claim), key=self._key)

    def place(self, claim_id: str) -> tuple[int, int] | None:
        """(index, count) of a claim among all the article's claims in the table's order,
        filters aside: "claim 3 of 16" stays true while a filter hides some of them."""
        claim = self._by_id.get(claim_id)
        if claim is None:
            return None
        return bisect.bisect_left(self._all, self._key(claim), key=self._key), len(self._all)

    def put(self, claim: ClaimRow) -> None:
        """Insert a claim or replace the stored one, moving it if its sort place changed.

        A move (not a remove and insert) keeps the view's selection on the claim.
        """
        old = self._by_id.get(claim.id)
        if old is not None:
            del self._all[bisect.bisect_left(self._all, self._key(old), key=self._key)]
            self._counts[old.status] -= 1
        bisect.insort(self._all, claim, key=self._key)
        self._by_id[claim.id] = claim
        self._counts[claim.status] += 1
        row = self._index.get(claim.id)
        if not self._shows(claim):
            if row is not None:
                self._remove_row(row)
            return
        new_row = bisect.bisect_left(self._rows, self._key(claim), key=self._key)
        if row is not None and row < new_row:
            new_row -= 1  # the claim's old row goes
        if row is None:
            self.beginInsertRows(QModelIndex(), new_row, new_row)
            self._rows.insert(new_row, claim)
            self._reindex()
            self.endInsertRows()
            return
        if new_row != row:
            destination = new_row + 1 if new_row > row else new_row
            self.beginMoveRows(QModelIndex(), row, row, QModelIndex(), destination)
            del self._rows[row]
            self._rows.insert(new_row, claim)
            self._reindex()
            self.endMoveRows()
        self._rows[new_row] = claim
        self.dataChanged.emit(self.index(new_row, 0), self.index(new_row, len(HEADERS) - 1))

    def remove(self, claim_id: str) -> None:
        old = self._by_id.pop(claim_id, None)
        if old is None:
            return
        del self._all[bisect.bisect_left(self._all, self._key(old), key=self._key)]
        self._counts[old.status] -= 1
        row = self._index.get(claim_id)
        if row is not None:
            self._remove_row(row)

    def _remove_row(self, row: int) -> None:
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self._reindex()
        self.endRemoveRows()

    # -- sorting and filtering -----------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort all rows at once; selections follow their claims."""
        if not 0 <= column < len(HEADERS):
            column, order = COL_QUOTE, Qt.SortOrder.AscendingOrder
        self._column, self._order = column, order
        self._all.sort(key=self._key)  # the table sees _rows only, rebuilt in _relayout
        self._relayout()

    def set_statuses(self, statuses: Iterable[str] | None) -> None:
        """Show only these statuses; None shows every claim."""
        self._statuses = None if statuses is None else frozenset(statuses)
        self._relayout()

    def set_text(self, text: str) -> None:
        """Keep claims whose status, quote or note holds every word typed, in any case."""
        self._words = tuple(text.casefold().split())
        self._relayout()

    def is_filtering(self) -> bool:
        return self._statuses is not None or bool(self._words)

    def _shows(self, claim: ClaimRow) -> bool:
        if self._statuses is not None and claim.status not in self._statuses:
            return False
        if not self._words:
            return True
        text = f"{claim.status}\n{claim.quote}\n{claim.note}".casefold()
        return all(word in text for word in self._words)

    def _refilter(self) -> None:
        self._rows = list(filter(self._shows, self._all) if self.is_filtering() else self._all)
        self._reindex()

    def _relayout(self) -> None:
        """Show the new order or filter as one layout change, so selections survive it."""
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        ids = [self._rows[i.row()].id if i.isValid() else None for i in before]
        self._refilter()
        after = [
            self.index(self._index[claim_id], i.column())
            if claim_id in self._index
            else QModelIndex()
            for i, claim_id in zip(before, ids, strict=True)
        ]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _key(self, claim: ClaimRow) -> SortKey:
        key = _sort_key(claim, self._column)
        if self._order == Qt.SortOrder.DescendingOrder:
            return (-key[0], -key[1], -key[2], key[3])
        return key

    def _reindex(self) -> None:
        self._index = {r.id: i for i, r in enumerate(self._rows)}

    def name_status_column(self, named: bool) -> None:
        """Head the status column "Status", or leave it blank when it shows icons only."""
        headers = (
            HEADERS if named else tuple("" if c == COL_STATUS else h for c, h in enumerate(HEADERS))
        )
        if headers != self._headers:
            self._headers = headers
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, COL_STATUS, COL_STATUS)

    # -- Qt's model interface ------------------------------------------------------------

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
            return self._headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        # The table paints its rows without asking here (see claim_table.py); tooltips,
        # accessibility tools and tests do. One dictionary lookup decides the role.
        value = _ROLES.get(role)
        row = index.row()  # -1 for an invalid index
        if value is None or not 0 <= row < len(self._rows):
            return None
        return value(self._rows[row], index.column())


def display_text(claim: ClaimRow, col: int) -> str:
    if col == COL_STATUS:
        return STYLES[claim.status].label
    if col == COL_SCORE:
        return "—" if claim.score is None else f"{claim.score:.2f}"
    if col == COL_QUOTE:
        return " ".join(claim.quote.split())
    if col == COL_REVIEW:
        return REVIEW_LABELS.get(claim.review_state, claim.review_state)
    return str(len(claim.evidence)) if claim.evidence else ""


def _tooltip(claim: ClaimRow, _col: int) -> str:
    quote = " ".join(claim.quote.split())
    if len(quote) > 300:
        quote = quote[:300] + "…"
    lines = [f"{STYLES[claim.status].label}: {quote}"]
    if not claim.highlighted:
        lines.append("More candidate: not highlighted by default; tagging it makes it a claim")
    if claim.suggestion and claim.status == ClaimStatus.UNREVIEWED:
        lines.append(f"Suggested: {claim.suggestion}")
    if is_approved(claim):
        by = f" by {claim.reviewed_by}" if claim.reviewed_by else ""
        lines.append(f"Approved{by}: locked until reopened")
    return "\n".join(lines)


def alignment(col: int) -> int | None:
    """Numbers line up on the right; None leaves text at the style's default (left)."""
    return _RIGHT if col in (COL_SCORE, COL_EVIDENCE) else None


def is_approved(claim: ClaimRow) -> bool:
    return claim.review_state == ReviewState.APPROVED


def foreground(claim: ClaimRow) -> QColor | None:
    """Dismissed claims are false detections and candidates are not highlighted: their rows
    stay readable but step back."""
    if not claim.highlighted:
        return _FAINT
    return _DIMMED if claim.status == ClaimStatus.DISMISSED else None


def font(claim: ClaimRow) -> QFont | None:
    """Candidates are also in italics: grey alone made them look like dismissed claims."""
    return None if claim.highlighted else _italic()


@functools.cache
def _italic() -> QFont:
    italic = QFont()
    italic.setItalic(True)
    return italic


_ROLES: dict[int, Callable[[ClaimRow, int], object]] = {
    Qt.ItemDataRole.DisplayRole: display_text,
    ClaimRole: lambda claim, _col: claim,
    Qt.ItemDataRole.DecorationRole: lambda claim, col: (
        status_icon(claim.status) if col == COL_STATUS else None
    ),
    Qt.ItemDataRole.ToolTipRole: _tooltip,
    Qt.ItemDataRole.TextAlignmentRole: lambda _claim, col: alignment(col),
    Qt.ItemDataRole.ForegroundRole: lambda claim, _col: foreground(claim),
    Qt.ItemDataRole.FontRole: lambda claim, _col: font(claim),
}
