"""The article text with every claim marked in its status style, the current one outlined.

Marks are painted under the text for the claims on screen only, never stored in the document
(no relayout), and drawn exactly as the legend draws them: an article with ten thousand claims
costs no more to show or retag than one with fifty.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator
from operator import attrgetter

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QContextMenuEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTextBlock,
    QTextCursor,
    QTextLine,
)
from PySide6.QtWidgets import QPlainTextDocumentLayout, QPlainTextEdit, QStyle, QWidget

from claimdesk.core.enums import ClaimStatus
from claimdesk.core.rows import ClaimRow
from claimdesk.core.spans import snap_to_words
from claimdesk.ui.palette import (
    CANDIDATE,
    OUTLINE,
    STYLES,
    StatusStyle,
    draw_boundaries,
    draw_found,
    draw_marks,
    line_format,
)

EMPTY_HINT = "Import articles with File › Import, or drop files here."
LINE_HEIGHT = 1.35  # times the font's own line spacing
PARAGRAPH_GAP = 0.6  # of a line, below each paragraph
MEASURE = 75  # characters a line holds at most: longer lines are hard to follow back


class _ReadingLayout(QPlainTextDocumentLayout):
    """QPlainTextEdit's layout (fast on 2 MB) with line height and paragraph spacing.

    The plain-text layout ignores block formats, so each block's lines are spread out here,
    when the view first asks where the block is; a block laid out again starts over at 0.
    """

    def blockBoundingRect(self, block: QTextBlock) -> QRectF:  # noqa: N802 - Qt override
        rect = super().blockBoundingRect(block)
        layout = block.layout()
        count = layout.lineCount() if layout is not None else 0
        if not count:
            return rect
        first = layout.lineAt(0)
        # Whole pixels: crisp text, and Qt keeps them exactly (it stores 1/64ths), so a block
        # already spread out is known at its first line.
        half = round(first.height() * (LINE_HEIGHT - 1) / 2)
        if first.y() != half:  # freshly laid out: spread the lines
            y = half
            for n in range(count):
                line = layout.lineAt(n)
                line.setPosition(QPointF(line.x(), y))
                y += round(line.height() * LINE_HEIGHT)
            rect = super().blockBoundingRect(block)
        rect.setHeight(rect.height() + half + round(first.height() * PARAGRAPH_GAP * LINE_HEIGHT))
        return rect


class ArticleView(QPlainTextEdit):
    sig_claim_clicked = Signal(str)
    sig_article_set = Signal()  # a new text is on screen (the find bar searches it again)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("articleView")
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        document = self.document()
        document.setDocumentLayout(_ReadingLayout(document))
        self.setDocument(document)
        document.setDocumentMargin(18)
        self.viewport().setMouseTracking(True)
        # The viewport paints its own background (see paintEvent), and the scroll bar's box
        # fills its own unless the style floats scroll bars over the text: so Qt need not
        # repaint the window, tab, splitter and pane backgrounds behind them on every frame.
        self.viewport().setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        bar = self.verticalScrollBar()
        if not self.style().styleHint(QStyle.StyleHint.SH_ScrollBar_Transient, None, bar):
            bar.parentWidget().setAutoFillBackground(True)
        self.setPlaceholderText(EMPTY_HINT)
        self._text = ""
        self._found: list[int] = []  # starts of the find bar's matches, in order
        self._found_length = 0
        self._found_current: int | None = None
        self._claims: list[ClaimRow] = []
        self._starts: list[int] = []
        self._positions: dict[str, int] = {}
        self._longest = 0
        self._current: str | None = None
        self._press: QPoint | None = None
        self.context_actions: list[QAction] = []

    def set_article(
        self,
        text: str,
        claims: Iterable[ClaimRow],
        structure: Iterable[tuple[int, int, str]] = (),
    ) -> None:
        """Show an article; `structure` marks heading and boilerplate lines to set them apart."""
        self._current = None
        self._text = text
        self._found, self._found_current = [], None
        self.setPlainText(text)
        cursor = QTextCursor(self.document())
        for start, end, kind in structure:
            cursor.setPosition(start)
            cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
            cursor.mergeCharFormat(line_format(kind))
        self.set_claims(claims)
        self.sig_article_set.emit()

    def text(self) -> str:
        """The article's text as given (no copy out of the document: 2 MB costs milliseconds)."""
        return self._text

    def set_waiting(self, message: str | None) -> None:
        """Say what the empty view is waiting for (None: nothing, so say how to import)."""
        self.setPlaceholderText(message or EMPTY_HINT)

    def set_claims(self, claims: Iterable[ClaimRow]) -> None:
        self._claims = sorted(claims, key=attrgetter("start", "end"))
        self._starts = [c.start for c in self._claims]
        self._positions = {c.id: i for i, c in enumerate(self._claims)}
        self._longest = max((c.end - c.start for c in self._claims), default=0)
        self.viewport().update()

    def put_claim(self, claim: ClaimRow) -> None:
        """Show a changed claim; a retag only repaints, a moved span re-sorts the list."""
        i = self._positions.get(claim.id)
        if i is not None and (self._claims[i].start, self._claims[i].end) == (
            claim.start,
            claim.end,
        ):
            self._claims[i] = claim
            self.viewport().update()
        else:
            self.set_claims([c for c in self._claims if c.id != claim.id] + [claim])

    def remove_claim(self, claim_id: str) -> None:
        self.set_claims(c for c in self._claims if c.id != claim_id)

    def current_claim(self) -> str | None:
        return self._current

    def set_current_claim(self, claim_id: str | None, *, scroll: bool = True) -> None:
        """Outline a claim and, if it is off screen, bring it to the middle of the view."""
        self._current = claim_id
        claim = self._claim(claim_id)
        if claim is not None and scroll:
            self.bring_into_view(claim.start, claim.end)
        self.viewport().update()

    def bring_into_view(self, start: int, end: int) -> None:
        """Scroll text[start:end] to the middle of the view unless it is wholly on screen."""
        if not self._is_visible(start, end):
            cursor = QTextCursor(self.document())
            cursor.setPosition(start)
            self.setTextCursor(cursor)
            self.centerCursor()

    def first_visible_offset(self) -> int:
        return self.cursorForPosition(QPoint(0, 0)).position()

    def show_found(self, starts: list[int], length: int, current: int | None) -> None:
        """Mark the find bar's matches (sorted starts, all `length` long), one as current."""
        self._found, self._found_length, self._found_current = starts, length, current
        self.viewport().update()

    def selected_span(self) -> tuple[int, int] | None:
        """The selection widened to whole words, or None if nothing but space is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = snap_to_words(
            self.toPlainText(), cursor.selectionStart(), cursor.selectionEnd()
        )
        return (start, end) if end > start else None

    def clear_selection(self) -> None:
        cursor = self.textCursor()
        cursor.clearSelection()
        self.setTextCursor(cursor)

    def select_text(self, start: int, end: int) -> None:
        cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def claim_rect(self, claim_id: str) -> QRect:
        """Where a claim's first run of text is on the viewport (empty if off screen)."""
        claim = self._claim(claim_id)
        rects = self._span_rects(claim.start, claim.end) if claim else []
        return rects[0].toAlignedRect() if rects else QRect()

    def claim_at(self, pos: QPoint) -> str | None:
        offset = self.cursorForPosition(pos).position()
        for claim in self._overlapping(offset - 1, offset + 1):
            if any(r.contains(pos.toPointF()) for r in self._span_rects(claim.start, claim.end)):
                return claim.id
        return None

    # -- reading measure -----------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        self._keep_measure()
        super().resizeEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._keep_measure()

    def _keep_measure(self) -> None:
        """Lines no longer than MEASURE characters: the spare width stays blank on the right."""
        bar = self.verticalScrollBar()
        room = self.width() - 2 * self.frameWidth() - (bar.sizeHint().width() if bar else 0)
        most = self.fontMetrics().averageCharWidth() * MEASURE
        most += 2 * round(self.document().documentMargin())
        self.setViewportMargins(0, 0, max(0, room - most), 0)

    # -- painting ------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        # Marks go under the text, for the claims on screen only: Qt then draws the text once,
        # so an article with thousands of claims costs no more to show than one with fifty.
        viewport = self.viewport()
        painter = QPainter(viewport)
        painter.fillRect(event.rect(), viewport.palette().color(viewport.backgroundRole()))
        draw_marks(painter, ((mark_style(c), r) for c, r in self._visible_marks()))
        boundaries = self._visible_boundaries()
        draw_boundaries(painter, ((mark_style(c), r) for c, r in boundaries))
        if self._found:
            draw_found(painter, self._visible_found())
        painter.end()
        super().paintEvent(event)
        claim = self._claim(self._current)
        if claim is None:
            return
        painter = QPainter(self.viewport())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(OUTLINE, 2.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for rect in self._span_rects(claim.start, claim.end):
            painter.drawRoundedRect(rect.adjusted(-2, -1, 2, 1), 3, 3)
        painter.end()

    def _visible_found(self) -> Iterator[tuple[bool, QRectF]]:
        """Every on-screen run of a find match, and whether it is the current match."""
        length = self._found_length
        current = self._found[self._found_current] if self._found_current is not None else -1
        for lines in self._laid_out_blocks(self.firstVisibleBlock()):
            first, last = lines.text_range()
            i = bisect.bisect_left(self._found, first - length + 1)
            for start in self._found[i : bisect.bisect_left(self._found, last)]:
                for rect in lines.rects(start, start + length):
                    yield start == current, rect

    def _overlapping(self, first: int, last: int) -> list[ClaimRow]:
        i = bisect.bisect_left(self._starts, first - self._longest)
        j = bisect.bisect_right(self._starts, last)
        return [c for c in self._claims[i:j] if c.end > first]

    def _span_rects(self, start: int, end: int, *, whole: bool = False) -> list[QRectF]:
        """One rectangle per visual line the span covers on screen, in viewport coordinates.

        `whole` also keeps the lines of on-screen blocks that are scrolled out of view.
        """
        rects: list[QRectF] = []
        for lines in self._laid_out_blocks(self.document().findBlock(start), end, whole=whole):
            rects += lines.rects(start, end)
        return rects

    def _visible_marks(self) -> Iterator[tuple[ClaimRow, QRectF]]:
        """Every on-screen run of every claim, walking the visible lines once."""
        for lines in self._laid_out_blocks(self.firstVisibleBlock()):
            first, last = lines.text_range()
            for claim in self._overlapping(first, last):
                for rect in lines.rects(claim.start, claim.end):
                    yield claim, rect

    def _visible_boundaries(self) -> Iterator[tuple[ClaimRow, QRectF]]:
        """The first run of each on-screen claim that follows another with only a space
        between: two such bands would read as one, so the boundary gets a mark."""
        for lines in self._laid_out_blocks(self.firstVisibleBlock()):
            first, last = lines.text_range()
            for claim in self._overlapping(first, last):
                i = self._positions[claim.id]
                before = self._claims[i - 1] if i else None
                if (
                    claim.start >= first
                    and before is not None
                    and not self._text[before.end : claim.start].strip(" \t")
                    and (rects := lines.rects(claim.start, claim.end))
                ):
                    yield claim, rects[0]  # none if it starts where the visible lines end

    def _laid_out_blocks(
        self, block: QTextBlock, end: int | None = None, *, whole: bool = False
    ) -> Iterator[_BlockLines]:
        """The on-screen blocks from `block` on (and before text offset `end`), with lines."""
        offset = self.contentOffset()
        height = self.viewport().height()
        while block.isValid() and (end is None or block.position() < end):
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > height:
                return
            if geometry.bottom() >= 0:
                yield _BlockLines(block, geometry, None if whole else height)
            block = block.next()

    def _claim(self, claim_id: str | None) -> ClaimRow | None:
        i = self._positions.get(claim_id) if claim_id else None
        return None if i is None else self._claims[i]

    def _is_visible(self, start: int, end: int) -> bool:
        rects = self._span_rects(start, end, whole=True)
        area = QRectF(self.viewport().rect())
        return bool(rects) and area.contains(rects[0]) and area.contains(rects[-1])

    # -- mouse ---------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self._press = event.position().toPoint()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        super().mouseReleaseEvent(event)
        pos = event.position().toPoint()
        clicked = self._press is not None and (pos - self._press).manhattanLength() < 4
        self._press = None
        if event.button() == Qt.MouseButton.LeftButton and clicked:
            claim_id = self.claim_at(pos)
            if claim_id is not None:
                self.sig_claim_clicked.emit(claim_id)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        super().mouseMoveEvent(event)
        if event.buttons() == Qt.MouseButton.NoButton:
            over = self.claim_at(event.position().toPoint()) is not None
            shape = Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.IBeamCursor
            self.viewport().setCursor(shape)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt override
        menu = self.createStandardContextMenu(event.pos())
        if self.context_actions:
            menu.addSeparator()
            menu.addActions(self.context_actions)
        menu.exec(event.globalPos())
        menu.deleteLater()


def mark_style(claim: ClaimRow) -> StatusStyle:
    """How a claim is marked: its status's look, or faint if it is not highlighted."""
    if not claim.highlighted:
        return CANDIDATE
    return STYLES.get(claim.status) or STYLES[ClaimStatus.UNREVIEWED]


class _BlockLines:
    """A laid-out block's lines (those on screen, given `clip`), read from Qt once.

    A single paragraph can run to thousands of lines: the first visible one is found by
    bisection, and each claim's lines too, so a paint costs what the screen shows.
    """

    def __init__(self, block: QTextBlock, geometry: QRectF, clip: float | None) -> None:
        self.base = block.position()
        self._length = block.length()
        self._left, self._top = geometry.left(), geometry.top()
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._lines: list[QTextLine] = []
        layout = block.layout()
        count = layout.lineCount() if layout is not None else 0
        first = 0
        if clip is not None and count:
            low, high = 0, count  # the first line whose bottom is below the viewport's top
            while low < high:
                middle = (low + high) // 2
                line = layout.lineAt(middle)
                if self._top + line.y() + line.height() < 0:
                    low = middle + 1
                else:
                    high = middle
            first = low
        for n in range(first, count):
            line = layout.lineAt(n)
            if clip is not None and self._top + line.y() > clip:
                break
            start = line.textStart()
            self._starts.append(start)
            self._ends.append(start + line.textLength())
            self._lines.append(line)

    def text_range(self) -> tuple[int, int]:
        """The document offsets these lines cover."""
        if not self._lines:
            return self.base, self.base
        return self.base + self._starts[0], self.base + self._ends[-1]

    def rects(self, start: int, end: int) -> list[QRectF]:
        """The rectangles of text[start:end] on each of these lines."""
        lo, hi = start - self.base, min(end - self.base, self._length - 1)
        rects = []
        for n in range(bisect.bisect_right(self._ends, lo), len(self._lines)):
            if self._starts[n] >= hi:
                break
            a, b = max(lo, self._starts[n]), min(hi, self._ends[n])
            if a < b:
                line = self._lines[n]
                x0, x1 = line.cursorToX(a)[0], line.cursorToX(b)[0]
                top = self._top + line.y()
                rects.append(QRectF(self._left + x0, top, x1 - x0, line.height()))
        return rects
