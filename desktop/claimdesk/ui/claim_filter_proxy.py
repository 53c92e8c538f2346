"""Filter claims by status and by words in the quote or note, without a Python call per row.

The filter is one regular expression over the model's FilterRole text, so Qt matches rows in
C++ and an unfiltered table costs nothing even with ten thousand claims. Sorting is handed to
the source model, which sorts in Python in one go instead of Qt asking for two values per
comparison.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QRegularExpression, QSortFilterProxyModel, Qt

from claimdesk.ui.claim_table_model import FilterRole


class ClaimFilterProxy(QSortFilterProxyModel):
    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._statuses: tuple[str, ...] | None = None
        self._words: tuple[str, ...] = ()
        self.setFilterRole(FilterRole)
        self.setDynamicSortFilter(True)

    def set_statuses(self, statuses: Iterable[str] | None) -> None:
        """Show only these statuses; None shows every claim."""
        self._statuses = None if statuses is None else tuple(statuses)
        self._apply()

    def set_text(self, text: str) -> None:
        """Keep claims whose quote or note holds every word typed, in any case."""
        self._words = tuple(text.split())
        self._apply()

    def is_filtering(self) -> bool:
        return self._statuses is not None or bool(self._words)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)

    def _apply(self) -> None:
        pattern = ""
        if self._statuses is not None:
            pattern = "^(?:" + "|".join(map(QRegularExpression.escape, self._statuses)) + ")\n"
        pattern += "".join(f"(?=.*{QRegularExpression.escape(w)})" for w in self._words)
        options = (
            QRegularExpression.PatternOption.CaseInsensitiveOption
            | QRegularExpression.PatternOption.DotMatchesEverythingOption
            | QRegularExpression.PatternOption.UseUnicodePropertiesOption
        )
        if self._statuses is None and pattern:
            pattern = "^" + pattern
        self.setFilterRegularExpression(QRegularExpression(pattern, options))
