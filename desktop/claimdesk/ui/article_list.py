"""The library: one row per article with its title (two lines), claim count and a bar of
reviewed claims; a filter box above it; the keys that rename and delete articles."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from claimdesk.core.rows import ArticleSummary
from claimdesk.ui.article_meta import TITLE_LINES, elided_lines
from claimdesk.ui.palette import STYLES

SummaryRole = Qt.ItemDataRole.UserRole + 1
CandidatesShownRole = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex
_TRACK = QColor("#E4E7EB")
_DONE = QColor(STYLES["sourced"].colour)


def _source(summary: ArticleSummary) -> str:
    return summary.source_url or summary.origin


def _words(summary: ArticleSummary) -> str:
    """What the filter box searches: title, source and author."""
    return " ".join((summary.title, _source(summary), summary.author or "")).casefold()


def _tooltip(summary: ArticleSummary, candidates_shown: bool) -> str:
    day = summary.published or summary.imported_at.date()
    dated = f"published {day.isoformat()}" if summary.published else f"imported {day.isoformat()}"
    by = f" · {summary.author}" if summary.author else ""
    more = 0 if candidates_shown else summary.candidates
    hidden = f" · {more} more candidate{'s' if more != 1 else ''} hidden" if more else ""
    counts = _counts_line(summary, candidates_shown)
    return f"{summary.title}\n{_source(summary)}{by}\n{dated} · {counts}{hidden}"


def _to_check(summary: ArticleSummary, candidates_shown: bool) -> int:
    """What the article's own header counts: the claims it lists."""
    return summary.total if candidates_shown else summary.listed_to_check


def _counts_line(summary: ArticleSummary, candidates_shown: bool) -> str:
    total = _to_check(summary, candidates_shown)
    if total:
        return f"{summary.reviewed} of {total} to check reviewed"
    if summary.candidates:  # found, but none over the cut-off: not "no claims yet"
        return "none highlighted"
    return "no claims yet"


class ArticleListModel(QAbstractListModel):
    def __init__(self, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self._rows: list[ArticleSummary] = []
        self.loading: int | None = None  # articles on their way, until their rows come
        self.candidates_shown = False  # as the workspace lists them: counted as work too

    def set_rows(self, rows: Sequence[ArticleSummary]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.loading = None
        self.endResetModel()

    def expect(self, articles: int) -> None:
        """The list of the library's `articles` is on its way (a first screen shows): said
        until it comes, rather than "0 articles"."""
        self.beginResetModel()
        self.loading = articles
        self.endResetModel()

    def row_of(self, article_id: str) -> int | None:
        return next((i for i, r in enumerate(self._rows) if r.id == article_id), None)

    def ids(self) -> list[str]:
        return [r.id for r in self._rows]

    def titles(self) -> list[tuple[str, str]]:
        """(id, title) of every article, in the list's order."""
        return [(r.id, r.title) for r in self._rows]

    def show_candidates(self, shown: bool) -> None:
        """Count the "more candidates" as claims to check, as the workspace now lists them."""
        if shown != self.candidates_shown:
            self.candidates_shown = shown
            if self._rows:
                self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))

    def set_counts(self, article_id: str, counts: Mapping[str, int], candidates: int) -> None:
        """One article's claims by status and its faint candidates, as the window holds
        them: no database trip."""
        row = self.row_of(article_id)
        if row is None:
            return
        self._rows[row] = dataclasses.replace(
            self._rows[row], counts=dict(counts), candidates=candidates
        )
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
        if role == CandidatesShownRole:
            return self.candidates_shown
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(summary, self.candidates_shown)
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return _counts_line(summary, self.candidates_shown)
        return None


class ArticleDelegate(QStyledItemDelegate):
    """Per article: the title on up to two lines, then the counts beside a small progress bar."""

    PAD = 8

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:  # noqa: N802
        metrics = QFontMetrics(option.font)  # type: ignore[attr-defined]
        return QSize(200, (TITLE_LINES + 1) * metrics.height() + 3 * self.PAD)

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
        lines = elided_lines(summary.title, title_font, max(1, rect.width()))
        baseline = rect.y() + metrics.ascent()
        for number, line in enumerate(lines):
            painter.drawText(rect.x(), baseline + number * metrics.height(), line)

        small = QFontMetrics(option.font)  # type: ignore[attr-defined]
        line_y = rect.y() + TITLE_LINES * metrics.height() + self.PAD // 2
        shown = bool(index.data(CandidatesShownRole))
        counts = _counts_line(summary, shown)
        painter.setFont(option.font)  # type: ignore[attr-defined]
        muted = QColor(text_colour)
        muted.setAlpha(170)
        painter.setPen(muted)
        counts_width = small.horizontalAdvance(counts)
        painter.drawText(rect.x(), line_y + small.ascent(), counts)
        bar_x = rect.x() + counts_width + 10
        bar_width = rect.right() - bar_x
        listed = _to_check(summary, shown)
        if listed and bar_width > 24:
            bar = QRectF(bar_x, line_y + small.height() / 2 - 3, bar_width, 6)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(_TRACK)
            painter.drawRoundedRect(bar, 3, 3)
            done = bar.adjusted(0, 0, -bar.width() * (1 - summary.reviewed / listed), 0)
            if done.width() > 0:
                painter.setBrush(_DONE)
                painter.drawRoundedRect(done, 3, 3)
        painter.restore()


class ArticleFilter(QSortFilterProxyModel):
    """Rows whose title, source and author hold every word typed, in any case."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []

    def set_words(self, typed: str) -> None:
        self.beginFilterChange()
        self._words = typed.casefold().split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: Index) -> bool:  # noqa: N802 - Qt override
        if not self._words:
            return True
        summary = self.sourceModel().index(row, 0, parent).data(SummaryRole)
        found = _words(summary)
        return all(word in found for word in self._words)


class ArticleList(QListView):
    """The list; Del (here only: elsewhere it deletes a claim) asks to delete the selection."""

    sig_delete_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleList")
        self._source = ArticleListModel(self)
        self.shown = ArticleFilter(self)
        self.shown.setSourceModel(self._source)
        self.setModel(self.shown)
        self.setItemDelegate(ArticleDelegate(self))
        self.setUniformItemSizes(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def articles(self) -> ArticleListModel:
        return self._source

    def placeholder(self) -> str | None:
        """What the empty list says while the library's articles are on their way."""
        loading = self._source.loading
        if loading is None or self._source.rowCount():
            return None
        return f"Loading {loading:,} article{'' if loading == 1 else 's'}…"

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        super().paintEvent(event)
        text = self.placeholder()
        if text is None:
            return
        painter = QPainter(self.viewport())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap
        painter.drawText(self.viewport().rect().adjusted(8, 12, -8, 0), flags, text)
        painter.end()

    def current_article(self) -> str | None:
        summary = self.currentIndex().data(SummaryRole)
        return summary.id if summary else None

    def selected_articles(self) -> list[str]:
        """The selected articles in list order, else the current one."""
        rows = sorted(self.selectionModel().selectedRows(), key=lambda index: index.row())
        chosen = [index.data(SummaryRole).id for index in rows]
        current = self.current_article()
        return chosen or ([current] if current else [])

    def select_article(self, article_id: str) -> None:
        row = self._source.row_of(article_id)
        if row is not None:
            self.setCurrentIndex(self.shown.mapFromSource(self._source.index(row)))

    def event(self, event: QEvent) -> bool:
        # The window's Del deletes a claim; in the list it is this list's.
        if event.type() == QEvent.Type.ShortcutOverride and _is_delete(event):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if _is_delete(event):
            self.sig_delete_requested.emit()
            return
        super().keyPressEvent(event)


def _is_delete(event: QEvent) -> bool:
    return isinstance(event, QKeyEvent) and event.matches(QKeySequence.StandardKey.Delete)


class ArticleFilterBox(QWidget):
    """ "Filter articles…" above the list, and how many of them it shows; Esc clears it."""

    def __init__(self, articles: ArticleList, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="articleFilterBox")
        self.articles = articles
        self.edit = QLineEdit(objectName="articleFilter", placeholderText="Filter articles…")
        self.edit.setClearButtonEnabled(True)
        self.edit.setToolTip("Words in the title, source or author; Esc clears")
        self.count = QLabel(objectName="articleCount")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.count)
        self.edit.textChanged.connect(self._on_edit_text_changed)
        self.edit.installEventFilter(self)
        model = articles.shown
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self._show_count)
        self._show_count()

    def eventFilter(self, watched: object, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (
            watched is self.edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and self.edit.text()
        ):
            self.edit.clear()
            return True
        return False

    def _on_edit_text_changed(self, typed: str) -> None:
        self.articles.shown.set_words(typed)
        self._show_count()

    def _show_count(self) -> None:
        shown, total = self.articles.shown.rowCount(), self.articles.articles().rowCount()
        loading = self.articles.placeholder()
        if loading is not None:  # the list says how many; "0 articles" would be wrong
            self.count.setText("Loading…")
            self.count.setToolTip(loading)
            return
        filtered = bool(self.edit.text().split())
        self.count.setText(f"{shown} of {total}" if filtered else f"{total} articles")
        self.count.setToolTip(f"{shown} of {total} articles shown")
