"""The claims table paints its rows itself: what it shows must still be what the model holds."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPalette
from ui_helpers import claim_row, near

from claimdesk.ui.claim_table import PADDING, ClaimTable
from claimdesk.ui.claim_table_model import (
    COL_EVIDENCE,
    COL_QUOTE,
    COL_SCORE,
    COL_STATUS,
    ClaimTableModel,
)
from claimdesk.ui.palette import STYLES

STATUSES = ("sourced", "disputed", "speculative", "dismissed", "unreviewed")
LONG = "Revenue rose twelve percent, the company said, " * 8


class CountingModel(ClaimTableModel):
    def __init__(self) -> None:
        super().__init__()
        self.asked = 0

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        self.asked += 1
        return super().data(index, role)


def make_table(qtbot) -> ClaimTable:
    table = ClaimTable()
    qtbot.addWidget(table)
    model = CountingModel()
    model.set_rows(
        [claim_row(n, status=s, score=n / 10, quote=LONG) for n, s in enumerate(STATUSES)]
    )
    table.setModel(model)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.verticalHeader().hide()
    table.horizontalHeader().resizeSection(COL_STATUS, 130)
    table.horizontalHeader().resizeSection(COL_QUOTE, 240)
    table.resize(720, 240)
    table.show()
    qtbot.waitExposed(table)
    return table


def cell(table: ClaimTable, row: int, col: int) -> tuple[QImage, QRect]:
    rect = table.visualRect(table.model().index(row, col))
    image = table.viewport().grab().toImage().copy(rect)
    return image, rect


def ink(image: QImage, background: QColor) -> list[tuple[int, int, QColor]]:
    """Every pixel that is not the row's background."""
    found = []
    for y in range(image.height()):
        for x in range(image.width()):
            colour = image.pixelColor(x, y)
            if colour.rgb() != background.rgb():
                found.append((x, y, colour))
    return found


def test_each_row_shows_its_status_icon_and_dismissed_rows_step_back(qtbot):
    table = make_table(qtbot)
    palette = table.viewport().palette()
    for row, status in enumerate(STATUSES):
        background = palette.color(
            QPalette.ColorRole.AlternateBase if row % 2 else QPalette.ColorRole.Base
        )
        image, _ = cell(table, row, COL_STATUS)
        colour = QColor(STYLES[status].colour)
        assert any(near(c, colour, 40) for _, _, c in ink(image, background)), status
        quote, _ = cell(table, row, COL_QUOTE)
        darkest = min(ink(quote, background), key=lambda p: p[2].lightness())[2]
        if status == "dismissed":
            assert darkest.lightness() > 90  # the dimmed grey, nowhere near black
        else:
            assert darkest.lightness() < 60


def test_a_selected_row_takes_the_highlight_and_the_rest_alternate(qtbot):
    table = make_table(qtbot)
    table.selectRow(1)
    palette = table.viewport().palette()
    corners = [cell(table, row, COL_EVIDENCE)[0].pixelColor(1, 1) for row in range(4)]
    assert corners[1].rgb() == palette.color(QPalette.ColorRole.Highlight).rgb()
    assert corners[0].rgb() == palette.color(QPalette.ColorRole.Base).rgb()
    assert corners[3].rgb() == palette.color(QPalette.ColorRole.AlternateBase).rgb()
    assert corners[0].rgb() != corners[3].rgb()


def test_scores_line_up_right_and_long_quotes_stay_in_their_cell(qtbot):
    table = make_table(qtbot)
    background = table.viewport().palette().color(QPalette.ColorRole.Base)
    score, rect = cell(table, 0, COL_SCORE)
    xs = [x for x, _, _ in ink(score, background)]
    assert rect.width() - PADDING - 3 <= max(xs) < rect.width() - PADDING
    assert min(xs) > rect.width() / 3
    quote, rect = cell(table, 0, COL_QUOTE)
    pixels = ink(quote, background)
    xs = [x for x, _, _ in pixels]
    assert min(xs) >= PADDING and max(xs) < rect.width() - PADDING
    assert max(xs) > rect.width() * 0.7  # the quote fills its cell...
    assert ends_in_an_ellipsis(pixels)  # ...and is cut short with "…", not clipped mid-letter


def ends_in_an_ellipsis(pixels: list[tuple[int, int, QColor]]) -> bool:
    """The last three marks of ink are dots: narrow, and low on the line like a full stop."""
    columns = sorted({x for x, _, _ in pixels})
    marks: list[list[int]] = []  # runs of adjacent inked columns, right to left
    for x in reversed(columns):
        if marks and marks[-1][-1] == x + 1:
            marks[-1].append(x)
        else:
            marks.append([x])
    top = min(y for _, y, _ in pixels)
    bottom = max(y for _, y, _ in pixels)
    low = top + (bottom - top) * 0.6
    return len(marks) >= 3 and all(
        len(mark) <= 3 and all(y > low for x, y, _ in pixels if x in mark) for mark in marks[:3]
    )


def test_the_focused_table_outlines_its_current_row(qtbot):
    table = make_table(qtbot)
    table.setCurrentIndex(table.model().index(2, COL_QUOTE))
    outline = table.viewport().palette().color(QPalette.ColorRole.Highlight).darker(150)
    left_edge = cell(table, 2, COL_STATUS)[0].pixelColor(0, 5)
    assert left_edge.rgb() != outline.rgb()  # not focused: no outline
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    assert cell(table, 2, COL_STATUS)[0].pixelColor(0, 5).rgb() == outline.rgb()


def on_screen(table: ClaimTable) -> QImage:
    """The viewport as the window's backing store holds it: what the user sees now."""
    window = table.window()
    image = QGuiApplication.primaryScreen().grabWindow(window.winId()).toImage()
    return image.copy(QRect(table.viewport().mapTo(window, QPoint(0, 0)), table.viewport().size()))


def test_moving_the_current_row_leaves_no_outline_behind(qtbot):
    table = make_table(qtbot)
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    table.setCurrentIndex(table.model().index(0, COL_STATUS))  # current but not selected
    qtbot.wait(20)
    target = table.visualRect(table.model().index(3, COL_QUOTE)).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=target)
    qtbot.wait(20)
    # Qt repaints only the two current cells; a row-wide outline needs both rows repainted.
    assert on_screen(table) == table.viewport().grab().toImage().convertToFormat(
        on_screen(table).format()
    )


def test_painting_reads_claims_without_asking_the_model_cell_by_cell(qtbot):
    table = make_table(qtbot)
    model = table.model()
    model.asked = 0
    table.viewport().repaint()
    assert model.asked == 0  # Qt's delegate asked seven times per painted cell
    background = table.viewport().palette().color(QPalette.ColorRole.Base)
    assert ink(cell(table, 0, COL_QUOTE)[0], background)  # and yet the rows are painted
    index = model.index(0, COL_QUOTE)
    assert index.data(Qt.ItemDataRole.ToolTipRole).startswith("Sourced: Revenue rose")
    assert model.asked == 1  # tooltips and accessibility tools still read the model


def test_a_filter_that_matches_nothing_says_so(qtbot):
    table = make_table(qtbot)
    background = table.viewport().palette().color(QPalette.ColorRole.Base)
    table.model().set_text("no such words anywhere")
    assert table.model().rowCount() == 0
    assert table.empty_text() == "No claims match the filters"
    middle = table.viewport().rect().center()
    band = table.viewport().grab(QRect(0, middle.y() - 10, table.viewport().width(), 20))
    assert ink(band.toImage(), background)  # the message is painted, not a blank box
    table.model().set_rows([])
    assert table.empty_text() == "No claims"
