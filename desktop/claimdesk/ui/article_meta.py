"""The line under the article's title: where it is from, and how far its review has got."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QWidget

from claimdesk.core.statuses import StatusCounts
from claimdesk.ui.library import ArticleData, ClaimRow


@dataclass(frozen=True, slots=True)
class _Tally(StatusCounts):
    counts: Mapping[str, int]
    approved: int = 0


class ArticleMeta(QLabel):
    """Source, author, date, claims and how many are reviewed, for the article shown.

    The counts follow each edit instead of recounting every claim, which in an article
    with thousands of them would cost a tag key press milliseconds.
    """

    sig_counts_changed = Signal(str, object)  # article id, {status: claims}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="articleMeta", wordWrap=True)
        self._article: ArticleData | None = None
        self._counts: Counter[str] = Counter()

    def show_article(self, article: ArticleData) -> None:
        self._article = article
        self._counts = Counter(c.status for c in article.claims)
        self._refresh()

    def count(self, before: ClaimRow | None, after: ClaimRow | None) -> None:
        """A claim of the article changed (`before` None: added; `after` None: removed)."""
        old = before.status if before is not None else None
        new = after.status if after is not None else None
        if old == new:
            return
        if old is not None:
            self._counts[old] -= 1
        if new is not None:
            self._counts[new] += 1
        self._refresh()

    def counts(self) -> dict[str, int]:
        return {status: n for status, n in self._counts.items() if n}

    def _refresh(self) -> None:
        a = self._article
        if a is None:
            return
        tally = _Tally(self.counts())
        parts = [
            a.source_url or a.origin,
            a.author,
            a.published.isoformat() if a.published else None,
            f"{tally.total} claims",
            f"{tally.reviewed} reviewed",
        ]
        self.setText("  ·  ".join(p for p in parts if p))
        self.sig_counts_changed.emit(a.id, tally.counts)
