"""The window in a small screen (1100 x 700, 1280 x 800): nothing the reader needs is cut off
or squeezed."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from prepared_library import reviewed_db, reviewed_template  # noqa: F401 - fixtures
from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtWidgets import QHeaderView, QVBoxLayout, QWidget

from claimdesk.ui.article_meta import ArticleTitle
from claimdesk.ui.claim_table import LOCK, PADDING
from claimdesk.ui.claim_table_model import COL_QUOTE as COL_CLAIM
from claimdesk.ui.claim_table_model import COL_REVIEW, COL_STATUS
from claimdesk.ui.dashboard import TITLE_ROOM
from claimdesk.ui.dashboard_model import (
    COL_ARTICLE,
    COL_FIRST_STATUS,
    COL_QUOTE,
    COL_REVIEWED,
    COL_TITLE,
    STATUS_COLUMNS,
)
from claimdesk.ui.legend import Legend
from claimdesk.ui.palette import CANDIDATE, STYLES

KEY = Qt.Key
CTRL = Qt.KeyboardModifier.ControlModifier
SMALL, LARGE = (1100, 700), (1600, 1000)
LAPTOP, DESKTOP = (1280, 800), (1920, 1080)
LONG_TITLE = (
    "Fujitsu announces the expansion of its partnership with Palantir, despite the company "
    "being under fire for its collaboration with the Israeli military and its role in "
    "deportations in the US"
)


@pytest.fixture(autouse=True)
def collect_garbage() -> Iterator[None]:
    """Free this test's window now, so a later timing-sensitive test does not pay for it."""
    yield
    gc.collect()


def resize(qtbot, window, size: tuple[int, int]) -> None:
    window.resize(*size)
    qtbot.waitUntil(lambda: window.size().toTuple() == size)
    qtbot.wait(50)  # posted layout requests


def test_legend_wraps_and_shows_every_status_in_a_narrow_window(qtbot, open_workspace):
    window = open_workspace()
    legend = window.findChild(Legend)
    resize(qtbot, window, LARGE)
    items = legend.items()
    # Every status, then the faint candidates the sample article has (issue 12).
    assert [i.style.status for i in items] == [*STYLES, CANDIDATE.status]
    assert len({i.rect.top() for i in items}) == 1, "one row when there is room"

    resize(qtbot, window, SMALL)
    items = legend.items()
    assert len({i.rect.top() for i in items}) > 1, "the narrow legend should wrap"
    shown = QRectF(legend.rect())
    for item in items:
        assert shown.contains(item.rect), f"{item.style.label} is cut off"
    assert legend.visibleRegion().boundingRect() == legend.rect()


def test_a_smaller_window_keeps_the_article_the_widest_pane(qtbot, open_workspace):
    window = open_workspace()
    resize(qtbot, window, SMALL)
    library, article, claims = window.split.sizes()
    assert article > claims > library
    assert "\u00a0reviewed" in window.meta.text()  # "0 reviewed" never breaks across lines


def test_long_title_takes_two_lines_elided_with_the_whole_in_the_tooltip(qtbot):
    page = QWidget()
    qtbot.addWidget(page)
    title = ArticleTitle()
    column = QVBoxLayout(page)
    column.addWidget(title)
    column.addStretch(1)  # the article view, in the window
    title.setText(LONG_TITLE)
    page.resize(340, 300)
    page.show()
    qtbot.waitExposed(page)
    qtbot.wait(50)

    lines = title.text().split("\n")
    assert len(lines) == 2 and lines[1].endswith("…"), title.text()
    assert title.height() < 3 * title.fontMetrics().lineSpacing()
    assert all(title.fontMetrics().horizontalAdvance(x) <= title.width() for x in lines)
    assert title.toolTip() == LONG_TITLE
    assert " ".join(lines).rstrip("…") in LONG_TITLE

    page.resize(1600, 300)  # room enough: the whole title, wrapped by the label itself
    qtbot.waitUntil(lambda: title.text() == LONG_TITLE)
    title.setText("Short title")
    assert title.text() == "Short title"


def test_dashboard_claim_column_is_wider_than_the_article_column(qtbot, open_workspace):
    window = open_workspace()
    resize(qtbot, window, LARGE)
    dashboard = open_dashboard(qtbot, window)
    header = dashboard.claim_table.horizontalHeader()
    assert header.sectionSize(COL_QUOTE) > header.sectionSize(COL_ARTICLE)

    # Made narrow while the workspace is shown, the dashboard fits its columns when shown.
    qtbot.keyClick(dashboard.claim_table, KEY.Key_1, CTRL)
    resize(qtbot, window, SMALL)
    qtbot.keyClick(window.view, KEY.Key_2, CTRL)
    qtbot.waitUntil(lambda: dashboard.isVisible())
    qtbot.wait(50)
    assert header.sectionSize(COL_QUOTE) > header.sectionSize(COL_ARTICLE) >= 100
    widths = sum(header.sectionSize(c) for c in range(header.count()))
    assert widths <= dashboard.claim_table.viewport().width(), "no sideways scrolling"


@pytest.mark.parametrize(("size", "named"), [(LAPTOP, False), (DESKTOP, True)])
def test_dashboard_article_titles_keep_their_room_the_statuses_give_way(
    qtbot, open_workspace, size, named
):
    """At 1280 px the five status names left the titles 65 px; the icons alone head them
    there (each names its status in its tooltip), the names come back with room."""
    window = open_workspace()
    resize(qtbot, window, size)
    dashboard = open_dashboard(qtbot, window)
    header = dashboard.article_table.horizontalHeader()
    model = dashboard.articles
    statuses = range(COL_FIRST_STATUS, COL_REVIEWED)
    labels = [model.headerData(c, Qt.Orientation.Horizontal) for c in statuses]
    assert labels == ([STYLES[s].label for s in STYLES] if named else [""] * len(STYLES))
    for col in statuses:
        assert model.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.DecorationRole)
        tip = model.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
        assert STYLES[STATUS_COLUMNS[col - COL_FIRST_STATUS]].label.lower() in tip
    assert header.sectionSize(COL_TITLE) >= (TITLE_ROOM if named else 250)  # was 65 at 1280
    widths = sum(header.sectionSize(c) for c in range(header.count()))
    assert widths <= dashboard.article_table.viewport().width(), "no sideways scrolling"


def test_evidence_buttons_stay_in_view_after_a_refused_link(qtbot, open_workspace):
    window = open_workspace()
    resize(qtbot, window, SMALL)
    inspector, evidence = window.inspector, window.inspector.evidence

    def in_view(widget: QWidget) -> bool:
        viewport = inspector.scroll.viewport()
        corner = widget.mapTo(viewport, widget.rect().topLeft())
        return viewport.rect().contains(QRect(corner, widget.size()))

    qtbot.keyClick(window.view, KEY.Key_E)
    assert evidence.is_open()
    qtbot.waitUntil(lambda: in_view(evidence.save_button))
    qtbot.wait(50)  # as a person would: the form is on screen before anything is typed
    qtbot.keyClicks(evidence.url, "notaurl")
    qtbot.wait(50)
    qtbot.keyClick(evidence.url, KEY.Key_Return)
    assert evidence.error.isVisible()
    qtbot.waitUntil(lambda: in_view(evidence.save_button))
    assert in_view(evidence.url) and in_view(evidence.error)
    assert evidence.url.hasFocus()


def open_dashboard(qtbot, window):
    """Ctrl+2, as a person would, then wait for the dashboard to read the library."""
    qtbot.keyClick(window.view, KEY.Key_2, CTRL)
    qtbot.waitUntil(
        lambda: window.dashboard.snapshot is not None and window.controller.worker.is_idle()
    )
    return window.dashboard


# -- the claims table at 1280 x 800 (issue 14 item 4) ------------------------------------------


def visible_rows(table) -> int:
    """Rows drawn whole inside the table's viewport."""
    viewport = table.viewport().rect()
    model = table.model()
    return sum(
        viewport.contains(table.visualRect(model.index(row, COL_CLAIM)))
        for row in range(model.rowCount())
    )


@pytest.mark.usefixtures("reviewed_db")
@pytest.mark.parametrize("size", [LAPTOP, DESKTOP])
def test_the_claims_table_shows_ten_rows_and_the_claim_takes_the_width(qtbot, open_workspace, size):
    window = open_workspace()
    resize(qtbot, window, size)
    table = window.claims.table
    assert table.model().rowCount() >= 10
    assert visible_rows(table) >= 10, window.right_split.sizes()
    header = table.horizontalHeader()
    widths = {col: header.sectionSize(col) for col in range(header.count())}
    assert max(widths, key=widths.__getitem__) == COL_CLAIM, widths
    others = sum(w for col, w in widths.items() if col != COL_CLAIM)
    assert widths[COL_CLAIM] >= others * 0.7, widths  # not a sliver beside the rest
    assert header.sectionResizeMode(COL_CLAIM) == QHeaderView.ResizeMode.Stretch
    assert sum(widths.values()) <= table.viewport().width(), "no sideways scrolling"


@pytest.mark.usefixtures("reviewed_db")
def test_the_status_column_shows_the_name_when_there_is_room_and_the_icon_alone_if_not(
    qtbot, open_workspace
):
    window = open_workspace()
    table, model = window.claims.table, window.claims.model
    resize(qtbot, window, DESKTOP)
    assert model.headerData(COL_STATUS, Qt.Orientation.Horizontal) == "Status"
    named = table.columnWidth(COL_STATUS)
    resize(qtbot, window, LAPTOP)
    assert table.columnWidth(COL_STATUS) < named / 2
    assert model.headerData(COL_STATUS, Qt.Orientation.Horizontal) == ""  # not "atu"
    tip = model.headerData(COL_STATUS, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert "verdict" in tip


@pytest.mark.usefixtures("reviewed_db")
def test_the_sign_off_column_shows_approved_with_a_lock(qtbot, open_workspace):
    window = open_workspace()
    resize(qtbot, window, LAPTOP)
    model, table = window.claims.model, window.claims.table
    texts = [model.index(row, COL_REVIEW).data() for row in range(model.rowCount())]
    assert texts[0] == "Approved" and set(texts[1:]) == {"Draft"}, texts
    assert "locked" in model.index(0, COL_CLAIM).data(Qt.ItemDataRole.ToolTipRole)
    assert model.headerData(COL_REVIEW, Qt.Orientation.Horizontal) == "Sign-off"

    # The lock is drawn before the word: ink left of where a draft's word starts.
    image = table.viewport().grab().toImage()
    rect = table.visualRect(model.index(0, COL_REVIEW))
    lock_x = range(rect.left() + PADDING, rect.left() + PADDING + LOCK)
    rows = {0: [], 1: []}
    for row in rows:
        top = table.visualRect(model.index(row, COL_REVIEW)).top()
        rows[row] = [image.pixelColor(x, top + y).lightness() for x in lock_x for y in range(4, 16)]
    assert min(rows[0]) < 120, "no lock before Approved"
    assert min(rows[1]) > min(rows[0]) + 60, "a draft has no lock"


@pytest.mark.usefixtures("reviewed_db")
def test_one_count_of_claims_in_the_panel_and_the_inspector(qtbot, open_workspace):
    window = open_workspace()
    model = window.claims.model
    listed = len(model.rows())
    dismissed = sum(c.status == "dismissed" for c in model.rows())
    assert dismissed == 1
    assert window.claims.title.text() == f"{listed} claims  ·  {listed - 1} to check"
    assert f" of {listed} " in window.inspector.heading.text()

    window.claims.filter.setText("Fujitsu")  # a filter says how many it shows, counts stay
    shown = model.rowCount()
    assert 0 < shown < listed
    assert window.claims.title.text().endswith(f"{listed - 1} to check  ·  {shown} shown")
    assert f" of {listed} " in window.inspector.heading.text()
