"""The PDF report: the HTML report's Qt-friendly variant laid out by QTextDocument on A4."""

# The only module of the reports allowed to import Qt (QtCore and QtGui, never widgets).

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from claimdesk.core.errors import ClaimdeskError

RESOLUTION_DPI = 300
# QTextDocument.print() adds 2 cm margins of its own (and puts the page number in the
# bottom one), so the page layout itself has none.
NO_MARGINS = QMarginsF(0, 0, 0, 0)
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

    The PDF is made in memory: QPdfWriter ignores errors of the file it writes to, so the
    exporter writes the bytes itself and sees a full disk. The document is given no page size
    of its own, so Qt paginates it to the writer's page and prints the page numbers.

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
    document.setDocumentMargin(0)
    document.setHtml(html)
    document.print_(writer)
    data = bytes(buffer.data().data())
    if not (data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")):
        raise ClaimdeskError("Qt could not make the PDF: its output is incomplete")
    return data
