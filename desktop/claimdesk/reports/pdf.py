"""The PDF report: the HTML report's Qt-friendly variant laid out by QTextDocument on A4."""

# The only module of the reports allowed to import Qt (QtCore and QtGui, never widgets).

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import overload

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QTextBlock,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextTable,
)

from claimdesk.core.errors import ClaimdeskError
from claimdesk.reports.pagination import Item, Page, next_break

RESOLUTION_DPI = 300
MARGIN_MM = 20  # on every side; the page number sits in the bottom margin
# The text layout takes frame margins in pixels at Qt's default resolution and scales them to
# the paint device's own (QTextDocument.print() relies on the same).
_LAYOUT_DPI = 96
NO_MARGINS = QMarginsF(0, 0, 0, 0)  # the page layout has none: the document's frame has them
KEEP_WITH_NEXT = 1  # -qt-user-state of a block kept with the next (see article.html)
_app: QGuiApplication | None = None  # kept so Python never collects it while Qt uses it


def ensure_gui_application() -> None:
    """Qt needs a QGuiApplication (for fonts) even when nothing is shown.

    With none running (the command line), one is started. On Linux it is on the offscreen
    platform (fonts come from fontconfig all the same) unless QT_QPA_PLATFORM says otherwise:
    a display is never needed, nor the X11 libraries that Qt aborts without when a $DISPLAY
    is set (the exporter checked Qt's own before importing it).
    """
    if QGuiApplication.instance() is not None:
        return
    if sys.platform.startswith("linux"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    global _app
    _app = QGuiApplication([sys.argv[0] if sys.argv else "claimdesk"])


class _Sink:
    """Where QPdfWriter writes: a buffer the exporter takes the bytes from as pages are done,
    so it writes the file itself (QPdfWriter ignores its own write errors: a full disk).

    Taken bytes are overwritten from the start: the PDF engine counts the offsets its index
    needs itself and never seeks, so the buffer stays as large as one part's pages.
    """

    def __init__(self) -> None:
        self.device = QBuffer()
        self.device.open(QIODevice.OpenModeFlag.WriteOnly)

    def take(self) -> bytes:
        size = self.device.pos()
        data = bytes(self.device.data().data()[:size])
        self.device.seek(0)
        return data


def render_pdf(parts: Iterable[str], *, title: str) -> Iterator[bytes]:
    """Lay out the HTML `parts` one after another as one flow on A4 pages with 2 cm margins
    and numbered pages, and yield the PDF as its pages are drawn.

    Each part (the report's head, then one article) in turn is the content of one
    QTextDocument, laid out, paginated by `paginate`, drawn and replaced by the next: memory
    holds one article, and pagination costs what the article costs, not what the report
    does. A part starts where the one before it ended (pushed down by a spacer block on its
    first page). The pages show their number alone: "3 of 40" would need the whole report
    laid out before the first page.

    Raises:
        ClaimdeskError: Qt's output is not a complete PDF.
    """
    ensure_gui_application()
    sink = _Sink()
    writer = QPdfWriter(sink.device)
    writer.setTitle(title)
    writer.setCreator("Claimdesk")
    writer.setResolution(RESOLUTION_DPI)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            NO_MARGINS,
            QPageLayout.Unit.Millimeter,
        )
    )
    painter = QPainter(writer)
    flow = _Flow(writer, painter)
    try:
        for html in parts:
            flow.place(html)
            yield sink.take()
    finally:
        painter.end()
    data = sink.take()
    if not data.rstrip().endswith(b"%%EOF"):
        raise ClaimdeskError("Qt could not make the PDF: its output is incomplete")
    yield data


class _Flow:
    """Places parts one after another on the pages: `pages` counts the pages begun, `used`
    is how far down the last one the flow has come (0: nothing on it yet)."""

    def __init__(self, writer: QPdfWriter, painter: QPainter) -> None:
        self.writer = writer
        self.painter = painter
        margin = MARGIN_MM / 25.4 * writer.logicalDpiY()
        self.page = Page(writer.height(), margin, margin)
        self.pages = 0
        self.used = 0.0
        self.context = QAbstractTextDocumentLayout.PaintContext()
        palette = QPalette(self.context.palette)
        palette.setColor(QPalette.ColorRole.Text, QColor("black"))  # whatever the desktop theme
        self.context.palette = palette
        self.number_font = QFont("DejaVu Sans")
        self.number_font.setPointSizeF(8)
        self.document = QTextDocument()
        self.document.setUndoRedoEnabled(False)
        self.document.documentLayout().setPaintDevice(writer)
        self.document.setDocumentMargin(MARGIN_MM / 25.4 * _LAYOUT_DPI)
        self.document.setPageSize(QSizeF(writer.width(), writer.height()))

    def place(self, html: str) -> None:
        document = self._document(html)
        bottom = paginate(document, self.page)
        continues = self.pages > 0 and self.used > 0  # its first page is the current one
        for number in range(document.pageCount()):
            if number or not continues:
                self._new_page()
            self._draw(document, number)
        if bottom is not None:
            self.used = bottom - self.page.of(bottom) * self.page.height

    def _document(self, html: str) -> QTextDocument:
        """The part laid out on the pages, in the one document every part reuses: its margins
        and page size are set once, before any content, so each part is laid out once (they
        are kept by setHtml; setting them after it lays the whole part out again)."""
        document = self.document
        document.setHtml(html)
        if self.used > self.page.top_margin:  # room for what the page holds already
            cursor = QTextCursor(document)
            cursor.insertBlock()
            spacer = QTextBlockFormat()
            height = (self.used - self.page.top_margin) * _LAYOUT_DPI / self.writer.logicalDpiY()
            spacer.setLineHeight(height, QTextBlockFormat.LineHeightTypes.FixedHeight.value)
            QTextCursor(document.begin()).setBlockFormat(spacer)
            # Qt lays new content out lazily, and an edit before it has finished makes it
            # forget the rest (pageCount() then counts the first pages only): setting the page
            # size again starts the layout over, as cheap as the first one.
            document.setPageSize(document.pageSize())
        return document

    def _new_page(self) -> None:
        """Start a page, with its number in the bottom margin."""
        if self.pages:
            self.writer.newPage()
        self.pages += 1
        self.used = 0.0
        self.painter.setFont(self.number_font)
        self.painter.setPen(QColor("#777777"))
        width, height, margin = self.writer.width(), self.writer.height(), self.page.top_margin
        foot = QRectF(margin, height - margin * 0.75, width - 2 * margin, margin * 0.5)
        self.painter.drawText(foot, Qt.AlignmentFlag.AlignRight, str(self.pages))

    def _draw(self, document: QTextDocument, number: int) -> None:
        """Paint page `number` of the document on the current PDF page."""
        height = self.writer.height()
        self.painter.save()
        self.painter.translate(0, -number * height)
        self.context.clip = QRectF(0, number * height, self.writer.width(), height)
        document.documentLayout().draw(self.painter, self.context)
        self.painter.restore()


def paginate(document: QTextDocument, page: Page) -> float | None:
    """Start a new page before each run of blocks that `next_break` says must not be cut;
    return where the last block ends (None: the document is empty).

    Each break moves only what follows it, so the search goes on from there; a break never
    goes twice before the same block, so this ends after at most one break per block.
    """
    document.pageCount()  # the whole layout first: a break made before it ends loses the rest
    items = _Items(document)
    start = 0
    while (at := next_break(items, page, start)) is not None:
        items.break_before(at)
        start = at + 1
    return items[-1].bottom if len(items) else None


class _Items(Sequence[Item]):
    """The document's top-level blocks and tables as Items, each read from the layout when
    `next_break` first asks for it: after a break it stops at the next one, so what follows
    a break is read again once, not once for every break before the end."""

    def __init__(self, document: QTextDocument) -> None:
        self.document = document
        self.targets = _top_level(document)
        self.read: list[Item] = []  # items[:len(read)], valid until the next break

    def __len__(self) -> int:
        return len(self.targets)

    @overload
    def __getitem__(self, index: int) -> Item: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Item]: ...
    def __getitem__(self, index: int | slice) -> Item | Sequence[Item]:
        end = index.stop if isinstance(index, slice) else index + 1
        wanted = len(self.targets) if end is None or end <= 0 else end
        for target in self.targets[len(self.read) : wanted]:
            self.read.append(_item(self.document, target))
        return self.read[index]

    def break_before(self, index: int) -> None:
        _break_before(self.targets[index])
        del self.read[index:]  # only what followed moved


def _top_level(document: QTextDocument) -> list[QTextBlock | QTextTable]:
    """The root frame's blocks and tables, in order (a table stands for all its cells)."""
    found: list[QTextBlock | QTextTable] = []
    child = document.rootFrame().begin()
    while not child.atEnd():
        frame = child.currentFrame()
        if frame is None:
            found.append(child.currentBlock())
        elif isinstance(frame, QTextTable):
            found.append(frame)
        child += 1
    return found


def _item(document: QTextDocument, target: QTextBlock | QTextTable) -> Item:
    layout = document.documentLayout()
    if isinstance(target, QTextTable):
        cells = []
        block = document.findBlock(target.firstPosition())
        while block.isValid() and block.position() <= target.lastPosition():
            rect = layout.blockBoundingRect(block)
            cells.append((rect.top(), rect.bottom()))
            block = block.next()
        return Item(tuple(sorted(cells)) or ((0.0, 0.0),))
    rect = layout.blockBoundingRect(target)
    text = target.layout()
    origin = text.position().y()
    lines = tuple(
        (origin + line.y(), origin + line.y() + line.height())
        for line in (text.lineAt(n) for n in range(text.lineCount()))
    ) or ((rect.top(), rect.bottom()),)
    state = target.userState()
    heading = target.blockFormat().headingLevel() > 0
    return Item(
        lines,
        keep_with_next=heading or state == KEEP_WITH_NEXT,
        group=state if state > KEEP_WITH_NEXT else 0,
    )


def _break_before(target: QTextBlock | QTextTable) -> None:
    if isinstance(target, QTextTable):
        table = target.format()
        table.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
        target.setFormat(table)
        return
    cursor = QTextCursor(target)
    block = target.blockFormat()
    block.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
    cursor.setBlockFormat(block)
