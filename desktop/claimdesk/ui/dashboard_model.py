"""Dashboard table models: articles with roll-ups, and the claims across the library, read
and sorted by the database a window at a time."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QPainter, QPen, QPixmap

from claimdesk.core import statuses
from claimdesk.core.enums import ClaimStatus, ReviewState
from claimdesk.core.services.dashboard import SORT_KEYS, ArticleStats, ClaimListing, ClaimOrder
from claimdesk.ui.history_pane import when_text
from claimdesk.ui.palette import STYLES, status_icon

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row", ArticleStats, ClaimListing)

RowRole = Qt.ItemDataRole.UserRole + 1  # the ArticleStats or ClaimListing itself
ShareRole = Qt.ItemDataRole.UserRole + 3  # 0..1 for the percentage bars, None if no claims

REVIEW_LABELS = {  # the shared labels, approval marked so it stands out in the column
    **statuses.REVIEW_LABELS,
    ReviewState.APPROVED.value: f"✓ {statuses.REVIEW_LABELS[ReviewState.APPROVED]}",
}
_DIMMED = QColor("#9AA5B1")
_WARNING = QColor("#B34700")
_EARLIER = QColor("#2F6DB5")
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_CENTRE = int(Qt.AlignmentFlag.AlignCenter)

STATUS_COLUMNS = tuple(STYLES)  # sourced, disputed, speculative, unreviewed, dismissed
COL_TITLE, COL_CLAIMS = 0, 1
COL_FIRST_STATUS = 2
COL_REVIEWED = COL_FIRST_STATUS + len(STATUS_COLUMNS)
COL_APPROVED, COL_ACTIVITY, COL_REVIEWERS = COL_REVIEWED + 1, COL_REVIEWED + 2, COL_REVIEWED + 3
_STATUS_COLS = tuple(range(COL_FIRST_STATUS, COL_REVIEWED))
ARTICLE_HEADERS = (
    "Article",
    "To check",
    *(STYLES[s].label for s in STATUS_COLUMNS),
    "Reviewed",
    "Approved",
    "Last activity",
    "Reviewers",
)
ARTICLE_TIPS = (
    "Double-click to open the article in the workspace",
    "Claims to check (dismissed false detections not counted)",
    *(f"Claims tagged {STYLES[s].label.lower()}" for s in STATUS_COLUMNS),
    "Share of the claims given a verdict",
    "Share of the claims an editor approved",
    "The latest change anyone made (the extractor not counted)",
    "Everyone who changed a claim of the article",
)

COL_ARTICLE, COL_QUOTE, COL_STATUS, COL_REVIEW, COL_EVIDENCE, COL_REVIEWER, COL_UPDATED = range(7)
CLAIM_HEADERS = ("Article", "Claim", "Status", "Sign-off", "Links", "Reviewer", "Updated")
CLAIM_SORT_KEYS = SORT_KEYS  # the database's sort key of each column, in the columns' order
CLAIM_TIPS = (
    "The article the claim is from",
    "The claim as quoted (marked when checked before); double-click or press Enter to open it "
    "in the workspace",
    "The reviewer's verdict",
    "The editor's sign-off: draft, needs review or approved",
    "Evidence links attached",
    "Who last changed the verdict, note or span",
    "When the claim last changed (your local time)",
)


def _one_line(text: str) -> str:
    return " ".join(text.split())


class _RowModel(QAbstractTableModel, Generic[Row]):
    """Rows of frozen dataclasses with an `id`, replaced wholesale by `set_rows`."""

    headers: tuple[str, ...] = ()
    tips: tuple[str, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []
        self._index: dict[str, int] = {}

    def set_rows(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._index = {row.id: n for n, row in enumerate(self._rows)}
        self.endResetModel()

    def rows(self) -> list[Row]:
        return list(self._rows)

    def row_at(self, row: int) -> Row:
        return self._rows[row]

    def row_of(self, row_id: str) -> int | None:
        return self._index.get(row_id)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.headers):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tips[section]
        return self.header_extra(section, role)

    def header_extra(self, section: int, role: int) -> Any:
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == RowRole:
            return row
        return self.cell(row, index.column(), role)

    def cell(self, row: Row, col: int, role: int) -> Any:
        raise NotImplementedError


class ArticleTableModel(_RowModel[ArticleStats]):
    """Every article, sorted here by a key per row: a proxy's comparisons, each a Python
    call, took seconds for 10,000 articles."""

    headers = ARTICLE_HEADERS
    tips = ARTICLE_TIPS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._order = (COL_TITLE, Qt.SortOrder.AscendingOrder)
        self.compact = False  # status columns headed by their icon alone (and tooltip)

    def set_compact(self, compact: bool) -> None:
        if compact != self.compact:
            self.compact = compact
            first, last = _STATUS_COLS[0], _STATUS_COLS[-1]
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, first, last)

    def headerData(  # noqa: N802
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and section in _STATUS_COLS:
            if self.compact and role == Qt.ItemDataRole.DisplayRole:
                return ""
            if role == Qt.ItemDataRole.AccessibleTextRole:  # named, icon or not
                return self.headers[section]
        return super().headerData(section, orientation, role)

    def set_rows(self, rows: Sequence[ArticleStats]) -> None:
        super().set_rows(self._sorted(rows, *self._order))

    def fill_people(self, rows: Sequence[ArticleStats]) -> None:
        """The same articles with who worked on them: changed in place, the selection kept."""
        found = {row.id: row for row in rows}
        if found.keys() != self._index.keys():
            self.set_rows(rows)  # the library changed in between
            return
        self._rows = [found[row.id] for row in self._rows]
        if self._order[0] in (COL_ACTIVITY, COL_REVIEWERS):
            self.sort(*self._order)
        elif self._rows:
            last = len(self._rows) - 1
            self.dataChanged.emit(self.index(0, COL_ACTIVITY), self.index(last, COL_REVIEWERS))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._order = (column, order)
        self.layoutAboutToBeChanged.emit()
        kept = self.persistentIndexList()  # the selection and the current row follow the rows
        ids = [self._rows[index.row()].id for index in kept]
        self._rows = self._sorted(self._rows, column, order)
        self._index = {row.id: n for n, row in enumerate(self._rows)}
        moved = [
            self.index(self._index[i], index.column()) for i, index in zip(ids, kept, strict=True)
        ]
        self.changePersistentIndexList(kept, moved)
        self.layoutChanged.emit()

    @staticmethod
    def _sorted(
        rows: Sequence[ArticleStats], column: int, order: Qt.SortOrder
    ) -> list[ArticleStats]:
        status = _status_of(column)
        descending = order == Qt.SortOrder.DescendingOrder
        return sorted(rows, key=lambda a: _article_sort(a, column, status), reverse=descending)

    def header_extra(self, section: int, role: int) -> Any:
        status = _status_of(section)
        if role == Qt.ItemDataRole.DecorationRole and status is not None:
            return status_icon(status)
        if role == Qt.ItemDataRole.TextAlignmentRole and section != COL_TITLE:
            return _CENTRE
        return None

    def cell(self, a: ArticleStats, col: int, role: int) -> Any:
        status = _status_of(col)
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_TITLE:
                return _one_line(a.title)
            if col == COL_CLAIMS:
                return str(a.total)
            if status is not None:
                return str(a.counts.get(status, 0))
            if col == COL_REVIEWED:
                return "—" if a.pct_reviewed is None else f"{a.pct_reviewed}%"
            if col == COL_APPROVED:
                return "—" if a.pct_approved is None else f"{a.approved} · {a.pct_approved}%"
            if col == COL_ACTIVITY:
                return when_text(a.last_activity) if a.last_activity else "not started"
            return ", ".join(a.reviewers) or "—"
        if role == ShareRole and a.total:
            return a.reviewed / a.total if col == COL_REVIEWED else a.approved / a.total
        if role == Qt.ItemDataRole.ToolTipRole:
            return _article_tip(a)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_CLAIMS, *_STATUS_COLS):
            return _CENTRE
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (COL_REVIEWED, COL_APPROVED):
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and (
            (status is not None and not a.counts.get(status, 0))
            or (col == COL_ACTIVITY and a.last_activity is None)
        ):
            return _DIMMED
        return None


def _status_of(col: int) -> str | None:
    n = col - COL_FIRST_STATUS
    return STATUS_COLUMNS[n] if 0 <= n < len(STATUS_COLUMNS) else None


def _article_sort(a: ArticleStats, col: int, status: str | None) -> Any:
    if col == COL_TITLE:
        return a.title.casefold()
    if col == COL_CLAIMS:
        return a.total
    if status is not None:
        return a.counts.get(status, 0)
    if col == COL_REVIEWED:
        return -1.0 if a.pct_reviewed is None else a.reviewed / a.total
    if col == COL_APPROVED:
        return -1.0 if a.pct_approved is None else a.approved / a.total
    if col == COL_ACTIVITY:
        return a.last_activity.timestamp() if a.last_activity else 0.0
    return ", ".join(a.reviewers).casefold()


def _article_tip(a: ArticleStats) -> str:
    counts = ", ".join(f"{n} {STYLES[s].label.lower()}" for s, n in a.counts.items() if n)
    more = (
        f"{a.candidates} of the unreviewed are more candidates, not highlighted in the workspace\n"
        if a.candidates
        else ""
    )
    return (
        f"{_one_line(a.title)}\n{counts or 'no claims'}\n"
        f"{a.reviewed} of {a.total} reviewed, {a.approved} approved, {a.needs_review} to review\n"
        f"{more}Double-click to open it in the workspace"
    )


class ClaimListModel(_RowModel[ClaimListing]):
    """The matching claims, read from the database a window of rows at a time as the table
    scrolls: `fetchMore` asks for the next window (`sig_fetch`) and the dashboard hands the
    rows back with `add_rows` once read off the GUI thread. Sorting is the database's too
    (`sig_sort`): the table never holds more than the rows scrolled to."""

    headers = CLAIM_HEADERS
    tips = CLAIM_TIPS
    sig_fetch = Signal(int)  # the offset of the window wanted
    sig_sort = Signal(object)  # the ClaimOrder asked for

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.order = ClaimOrder()
        self._total = 0
        self._fetching = False

    def set_rows(self, rows: Sequence[ClaimListing], total: int | None = None) -> None:
        """The first rows of `total` matching claims (all of them when no total is given)."""
        self._fetching = False
        self._total = len(rows) if total is None else total
        super().set_rows(rows)

    def add_rows(self, rows: Sequence[ClaimListing], offset: int) -> None:
        """The window read from `offset`; one read for an older listing is dropped."""
        self._fetching = False
        if offset != len(self._rows) or not rows:
            return
        self.beginInsertRows(QModelIndex(), offset, offset + len(rows) - 1)
        for n, row in enumerate(rows, offset):
            self._rows.append(row)
            self._index[row.id] = n
        self.endInsertRows()

    def fetch_failed(self) -> None:
        self._fetching = False

    def total(self) -> int:
        """Every claim matching, read or not yet."""
        return self._total

    def all_read(self) -> bool:
        return len(self._rows) >= self._total

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and not self._fetching and not self.all_read()

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        if self.canFetchMore(parent):
            self._fetching = True
            self.sig_fetch.emit(len(self._rows))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if 0 <= column < len(CLAIM_SORT_KEYS):
            descending = order == Qt.SortOrder.DescendingOrder
            wanted = ClaimOrder(CLAIM_SORT_KEYS[column], descending)
            # QTableView.sortByColumn asks twice (the indicator's signal, then itself): one
            # query is enough.
            if wanted != self.order:
                self.order = wanted
                self.sig_sort.emit(wanted)

    def cell(self, c: ClaimListing, col: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return _claim_text(c, col)
        if role == Qt.ItemDataRole.DecorationRole and col == COL_STATUS:
            return status_icon(c.status)
        if role == Qt.ItemDataRole.DecorationRole and col == COL_QUOTE and c.earlier_key:
            return earlier_icon()
        if role == Qt.ItemDataRole.ToolTipRole:
            return _claim_tip(c)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_EVIDENCE:
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            return _claim_colour(c, col)
        return None


def _claim_colour(c: ClaimListing, col: int) -> QColor | None:
    if c.status == ClaimStatus.DISMISSED:
        return _DIMMED
    if col == COL_EVIDENCE and _unsupported(c):
        return _WARNING
    if col == COL_REVIEW and c.review_state == ReviewState.DRAFT:
        return _DIMMED  # the default state: quiet, so the sign-offs stand out
    return None


def _unsupported(c: ClaimListing) -> bool:
    return c.status == ClaimStatus.SOURCED and not c.evidence_count


def _claim_text(c: ClaimListing, col: int) -> str:
    if col == COL_ARTICLE:
        return _one_line(c.article_title)
    if col == COL_QUOTE:
        return _one_line(c.quote)
    if col == COL_STATUS:
        return STYLES[c.status].label if c.status in STYLES else c.status
    if col == COL_REVIEW:
        label = REVIEW_LABELS.get(c.review_state, c.review_state)
        return f"{label} (self)" if c.self_approved else label
    if col == COL_EVIDENCE:
        return str(c.evidence_count) if c.evidence_count or _unsupported(c) else ""
    if col == COL_REVIEWER:
        return c.reviewer or "—"
    return when_text(c.updated_at)


def _claim_tip(c: ClaimListing) -> str:
    quote = _one_line(c.quote)
    lines = [
        f"“{quote[:300]}{'…' if len(quote) > 300 else ''}”",
        f"in {_one_line(c.article_title)}",
    ]
    if c.needs_attention:
        why = "disputed" if c.status == ClaimStatus.DISPUTED else "sourced without evidence"
        lines.append(f"Needs attention: {why}")
    if c.earlier_key:
        kind, _, what = c.earlier_key.partition(":")
        where = what if kind == "factcheck" else "a verdict in another article"
        lines.append(f"Checked before: {where} (score {c.earlier_score or 0:.2f})")
    if c.self_approved:
        lines.append(
            f"Self-approved: {c.reviewed_by} also set its verdict (the second-person policy "
            "was off)"
        )
    elif c.reviewed_by:
        lines.append(f"Sign-off by {c.reviewed_by}")
    return "\n".join(lines)


@cache
def earlier_icon() -> QIcon:
    """The quote's mark for "checked before": a small ring with a tick, drawn once."""
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(_EARLIER, 3.5)
    painter.setPen(pen)
    painter.drawEllipse(3, 3, 26, 26)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pen)
    painter.drawPolyline([QPoint(10, 16), QPoint(14, 21), QPoint(22, 11)])
    painter.end()
    return QIcon(pixmap)
