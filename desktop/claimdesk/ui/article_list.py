"""The library: one row per article with its title, claim count and a bar of reviewed claims."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QListView, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from claimdesk.core.services.articles import ArticleSummary
from claimdesk.ui.palette import STYLES

SummaryRole = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex
_TRACK = QColor("#E4E7EB")
_DONE = QColor(STYLES["sourced"].colour)


def _counts_line(summary: ArticleSummary) -> str:
    total = summary.total
    if total == 0:
        return "no claims yet"
    return f"{total} claim{'s' if total != 1 else ''} · {summary.reviewed} reviewed"


class ArticleListModel(QAbstractListModel):
    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._rows: list[ArticleSummary] = []

    def set_rows(self, rows: Sequence[ArticleSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_of(self, article_id: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == article_id), None)

    def ids(self) -> list[str]:
        return [r.id for r in self._rows]

    def titles(self) -> list[tuple[str, str]]:
        """(id, title) of every article, in the list's order."""
        return [(r.id, r.title) for r in self._rows]

    def set_counts(self, article_id: str, counts: Mapping[str, int]) -> None:
        """One article's claims by status, as the window holds them: no database trip."""
        row = self.row_of(article_id)
        if row is None:
            return
        self._rows[row] = dataclasses.replace(self._rows[row], counts=dict(counts))
        index = self.index(row)
        self.dataChanged.emit(index, index)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        summary = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return summary.title
        if role == SummaryRole:
            return summary
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{summary.title}\n{summary.origin}\n{_counts_line(summary)}"
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return _counts_line(summary)
        return None


class ArticleDelegate(QStyledItemDelegate):
    """Two lines per article: the title, then the counts beside a small progress bar."""

    PAD = 8

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        metrics = QFontMetrics(option.font)  # type: ignore[attr-defined]
        return QSize(200, 2 * metrics.height() + 3 * self.PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        summary: ArticleSummary = index.data(SummaryRole)
        style = option.widget.style() if option.widget else None  # type: ignore[attr-defined]
        # Draw the standard background so selection and hover look native.
        bare = QStyleOptionViewItem(option)
        self.initStyleOption(bare, index)
        bare.text = ""  # type: ignore[attr-defined]
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, bare, painter, option.widget)  # type: ignore[attr-defined]
        rect: QRect = option.rect.adjusted(self.PAD + 2, self.PAD, -self.PAD, -self.PAD)  # type: ignore[attr-defined]
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        palette = option.palette  # type: ignore[attr-defined]
        text_colour = palette.highlightedText().color() if selected else palette.text().color()
        painter.save()
        title_font = QFont(option.font)  # type: ignore[attr-defined]
        title_font.setWeight(QFont.Weight.DemiBold)
        metrics = QFontMetrics(title_font)
        painter.setFont(title_font)
        painter.setPen(text_colour)
        title = metrics.elidedText(summary.title, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect.x(), rect.y() + metrics.ascent(), title)

        small = QFontMetrics(option.font)  # type: ignore[attr-defined]
        line_y = rect.y() + metrics.height() + self.PAD // 2
        counts = _counts_line(summary)
        painter.setFont(option.font)  # type: ignore[attr-defined]
        muted = QColor(text_colour)
        muted.setAlpha(170)
        painter.setPen(muted)
        counts_width = small.horizontalAdvance(counts)
        painter.drawText(rect.x(), line_y + small.ascent(), counts)
        bar_x = rect.x() + counts_width + 10
        bar_width = rect.right() - bar_x
        if summary.total and bar_width > 24:
            bar = QRectF(bar_x, line_y + small.height() / 2 - 3, bar_width, 6)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(_TRACK)
            painter.drawRoundedRect(bar, 3, 3)
            done = bar.adjusted(0, 0, -bar.width() * (1 - summary.reviewed / summary.total), 0)
            if done.width() > 0:
                painter.setBrush(_DONE)
                painter.drawRoundedRect(done, 3, 3)
        painter.restore()


class ArticleList(QListView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleList")
        self.setModel(ArticleListModel(self))
        self.setItemDelegate(ArticleDelegate(self))
        self.setUniformItemSizes(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def articles(self) -> ArticleListModel:
        model = self.model()
        assert isinstance(model, ArticleListModel)
        return model

    def current_article(self) -> str | None:
        summary = self.currentIndex().data(SummaryRole)
        return summary.id if summary else None

    def select_article(self, article_id: str) -> None:
        row = self.articles().row_of(article_id)
        if row is not None:
            self.setCurrentIndex(self.articles().index(row))
