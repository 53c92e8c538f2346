"""Issue 14's leftovers: at 1280×800 the claim column takes the width the compact columns
leave; "Needs review" is never cut in the sign-off column; the key cap on a checked, disabled
status button (a locked claim) is legible."""

from __future__ import annotations

import pytest
from prepared_library import reviewed_db, reviewed_template  # noqa: F401 - fixtures
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from claimdesk.core.statuses import REVIEW_LABELS
from claimdesk.ui.claim_table import ICON_GAP, LOCK, PADDING
from claimdesk.ui.claim_table_model import COL_QUOTE, COL_REVIEW, COL_SCORE, HEADERS

SIZES = {"laptop": (1280, 800), "desktop": (1920, 1080)}


def laid_out(qtbot, window, size):
    window.show()
    window.resize(*size)
    qtbot.waitUntil(lambda: window.width() == size[0])
    qtbot.wait(50)  # the splitters and the table's sections follow the resize


@pytest.mark.parametrize("size", SIZES.values(), ids=SIZES.keys())
def test_the_claim_column_takes_what_the_compact_columns_leave(qtbot, open_workspace, size):
    window = open_workspace()
    laid_out(qtbot, window, size)
    table = window.claims.table
    width = table.viewport().width()
    others = [table.columnWidth(c) for c in range(len(HEADERS)) if c != COL_QUOTE]
    assert table.columnWidth(COL_QUOTE) >= width - sum(others) - 1  # all that is left
    # Compact: the score column no wider than its heading needs (no spare room for a sort
    # arrow it does not show), nor its header text cut.
    header = table.horizontalHeader()
    assert header.sortIndicatorSection() == COL_QUOTE
    score = table.columnWidth(COL_SCORE)
    assert score < 64, score
    header.setSortIndicator(COL_SCORE, Qt.SortOrder.DescendingOrder)
    assert table.columnWidth(COL_SCORE) > score  # now room for the arrow too


def test_sign_off_labels_are_never_elided(qtbot, open_workspace):
    window = open_workspace()
    laid_out(qtbot, window, SIZES["laptop"])
    table = window.claims.table
    metrics = table.fontMetrics()
    room = table.columnWidth(COL_REVIEW) - 2 * PADDING
    for state, label in REVIEW_LABELS.items():
        space = room - (LOCK + ICON_GAP if state == "approved" else 0)  # as the table paints
        assert metrics.elidedText(label, Qt.TextElideMode.ElideRight, space) == label


@pytest.mark.usefixtures("reviewed_db")
def test_the_key_cap_of_a_checked_disabled_status_button_is_legible(qtbot, open_workspace):
    window = open_workspace()
    laid_out(qtbot, window, SIZES["laptop"])
    rows = window.controller.gateway.recorded_claims()
    approved = next(c for c in rows if c.review_state == "approved")
    window.controller.select_claim(approved.id)
    button = window.inspector.buttons[approved.status]
    assert button.isChecked() and not button.isEnabled()
    image = button.grab().toImage()
    cap = button.cap_rect().adjusted(2, 2, -2, -2).toAlignedRect()  # inside its outline
    light = [
        QColor(image.pixel(x, y)).lightness()
        for x in range(cap.left(), cap.right())
        for y in range(cap.top(), cap.bottom())
    ]
    middle = sorted(light)[len(light) // 2]
    # The key's strokes stand out from the cap (a translucent cap left them 22 levels apart).
    assert max(abs(value - middle) for value in light) >= 60
