"""The article's title, and the line under it: where it is from and how far its review got."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent, QTextLayout
from PySide6.QtWidgets import QLabel, QWidget

from claimdesk.core.rows import ArticleData, ClaimRow
from claimdesk.core.statuses import StatusCounts

TITLE_LINES = 2


class ArticleTitle(QLabel):
    """The title on at most two lines, the rest elided, the whole of it in the tooltip.

    A long headline wrapped onto four lines in a narrow window and pushed the article down.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="articleTitle", wordWrap=True)
        self._full = ""

    def setText(self, text: str) -> None:  # noqa: N802 - Qt override
        self._full = " ".join(text.split())
        self.setToolTip(self._full)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        width = max(1, self.contentsRect().width())
        lines = elided_lines(self._full, self.font(), width)
        # Whole when it fits: the label wraps it itself, and a copy reads as the title.
        shown = "\n".join(lines) if lines[-1].endswith("…") else self._full
        if shown != self.text():
            super().setText(shown)


def elided_lines(text: str, font: QFont, width: int, lines: int = TITLE_LINES) -> list[str]:
    """`text` wrapped at `width` in `font`, cut to `lines` lines, the last one elided.

    Shared by the title above the article and the article list's rows.
    """
    layout = QTextLayout(text, font)
    starts: list[int] = []
    layout.beginLayout()
    while (line := layout.createLine()).isValid():
        line.setLineWidth(width)
        starts.append(line.textStart())
    layout.endLayout()
    if len(starts) <= lines:
        return [text[a:b].strip() for a, b in pairwise([*starts, len(text)])]
    kept = [text[a:b].strip() for a, b in pairwise(starts[:lines])]
    rest = text[starts[lines - 1] :].strip()  # the last line shown and all after it
    elided = QFontMetrics(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)
    if elided.endswith("…"):
        elided = elided[:-1].rstrip() + "…"  # "partnership…", not "partnership …"
    return [*kept, elided]


@dataclass(frozen=True, slots=True)
class _Tally(StatusCounts):
    counts: Mapping[str, int]
    approved: int = 0


class ArticleMeta(QLabel):
    """Source, author, date, claims and how many are reviewed, for the article shown.

    The counts follow each edit instead of recounting every claim, which in an article
    with thousands of them would cost a tag key press milliseconds.
    """

    sig_counts_changed = Signal(str, object, int)  # article id, {status: claims}, candidates

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="articleMeta", wordWrap=True)
        self._article: ArticleData | None = None
        self._counts: Counter[str] = Counter()
        self._hidden = 0  # faint candidates the claims panel does not list
        self._candidates = 0  # all the article's faint candidates, listed or not

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

    def set_hidden(self, hidden: int, candidates: int) -> None:
        """How many faint candidates the claims panel does not list, of the article's
        `candidates`: the line counts what it lists (hidden candidates are all unreviewed, so
        all of them work to do); the article list is told them all and decides itself."""
        if (hidden, candidates) != (self._hidden, self._candidates):
            self._hidden, self._candidates = hidden, candidates
            self._refresh()

    def counts(self) -> dict[str, int]:
        return {status: n for status, n in self._counts.items() if n}

    def _refresh(self) -> None:
        a = self._article
        if a is None:
            return
        tally = _Tally(self.counts())
        hidden = self._hidden
        parts = [
            a.source_url or a.origin,
            a.author,
            a.published.isoformat() if a.published else None,
            # The claims panel's count: every claim listed (the inspector's "of 16"), then
            # those that are work to do, which every summary and report counts.
            f"{sum(tally.counts.values()) - hidden} claims",
            f"{tally.reviewed} of {tally.total - hidden} to check reviewed",
            f"{hidden} more candidates hidden" if hidden else None,
        ]
        # Non-breaking spaces keep "0 reviewed" whole when the line wraps.
        self.setText("  ·  ".join(p.replace(" ", "\u00a0") for p in parts if p))
        self.sig_counts_changed.emit(a.id, tally.counts, self._candidates)
