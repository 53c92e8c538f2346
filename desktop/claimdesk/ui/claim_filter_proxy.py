"""Filter claims by status and by text in the quote or the note; sort on each column's key."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel

from claimdesk.ui.claim_table_model import ClaimRole, SortRole


class ClaimFilterProxy(QSortFilterProxyModel):
    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._statuses: frozenset[str] | None = None
        self._words: tuple[str, ...] = ()
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)

    def set_statuses(self, statuses: Iterable[str] | None) -> None:
        """Show only these statuses; None shows every claim."""
        self.beginFilterChange()
        self._statuses = None if statuses is None else frozenset(statuses)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_text(self, text: str) -> None:
        """Keep claims whose quote or note holds every word typed, in any case."""
        self.beginFilterChange()
        self._words = tuple(text.casefold().split())
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def is_filtering(self) -> bool:
        return self._statuses is not None or bool(self._words)

    def filterAcceptsRow(  # noqa: N802 - Qt override
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        claim = self.sourceModel().index(source_row, 0, source_parent).data(ClaimRole)
        if claim is None:
            return False
        if self._statuses is not None and claim.status not in self._statuses:
            return False
        if self._words:
            haystack = f"{claim.quote}\n{claim.note}".casefold()
            return all(word in haystack for word in self._words)
        return True
