"""The PDF report: the HTML report's Qt-friendly variant laid out by QTextDocument on A4."""

# The only module of the reports allowed to import Qt (QtCore and QtGui, never widgets).

from __future__ import annotations

import os
import sys

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


def render_pdf(html: str, *, title: str) -> bytes:
    """Lay out `html` on A4 pages with 2 cm margins and page numbers, and return the PDF.

    The layout is paginated here rather than by QTextDocument.print(), which cuts pages line
    by line: `paginate` moves what must stay together to the next page first. The PDF is
    made in memory: QPdfWriter ignores errors of the file it writes to, so the exporter
    writes the bytes itself and sees a full disk.

    Raises:
        ClaimdeskError: Qt's output is not a complete PDF.
    """
    ensure_gui_application()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
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
    document = QTextDocument()
    document.documentLayout().setPaintDevice(writer)
    document.setDocumentMargin(0)
    document.setHtml(html)
    root = document.rootFrame()
    frame = root.frameFormat()
    frame.setMargin(MARGIN_MM / 25.4 * _LAYOUT_DPI)
    root.setFrameFormat(frame)
    document.setPageSize(QSizeF(writer.width(), writer.height()))
    margin = MARGIN_MM / 25.4 * writer.logicalDpiY()
    paginate(document, Page(writer.height(), margin, margin))
    _draw(document, writer, margin)
    data = bytes(buffer.data().data())
    if not (data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")):
        raise ClaimdeskError("Qt could not make the PDF: its output is incomplete")
    return data


def paginate(document: QTextDocument, page: Page) -> None:
    """Start a new page before each run of blocks that `next_break` says must not be cut.

    Each break moves only what follows it, so the search goes on from there; a break never
    goes twice before the same block, so this ends after at most one break per block.
    """
    targets = _top_level(document)
    start = 0
    while (at := next_break([_item(document, t) for t in targets], page, start)) is not None:
        _break_before(targets[at])
        start = at + 1


def _top_level(document: QTextDocument) -> list[QTextBlock | QTextTable]:
    """The root frame's blocks and tables, in order (a table stands for all its cells)."""
    found: list[QTextBlock | QTextTable] = []
    block = document.begin()
    while block.isValid():
        frame = document.frameAt(block.position())
        if isinstance(frame, QTextTable):
            if not (found and found[-1] == frame):
                found.append(frame)
        elif frame == document.rootFrame():
            found.append(block)
        block = block.next()
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


def _draw(document: QTextDocument, writer: QPdfWriter, margin: float) -> None:
    """Paint each page of the paginated document, and its number in the bottom margin."""
    width, height = writer.width(), writer.height()
    pages = document.pageCount()
    context = QAbstractTextDocumentLayout.PaintContext()
    palette = QPalette(context.palette)
    palette.setColor(QPalette.ColorRole.Text, QColor("black"))  # whatever the desktop theme
    context.palette = palette
    number_font = QFont("DejaVu Sans")
    number_font.setPointSizeF(8)
    painter = QPainter(writer)
    try:
        for number in range(pages):
            if number:
                writer.newPage()
            painter.save()
            painter.translate(0, -number * height)
            context.clip = QRectF(0, number * height, width, height)
            document.documentLayout().draw(painter, context)
            painter.restore()
            painter.setFont(number_font)
            painter.setPen(QColor("#777777"))
            foot = QRectF(margin, height - margin * 0.75, width - 2 * margin, margin * 0.5)
            painter.drawText(foot, Qt.AlignmentFlag.AlignRight, f"{number + 1} of {pages}")
    finally:
        painter.end()
