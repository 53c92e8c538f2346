"""The inspector at 1280×800: the quote and the status buttons stay in view for every claim."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QWidget

from claimdesk.ui.palette import STYLES

KEY = Qt.Key
SHIFT = Qt.KeyboardModifier.ShiftModifier
SIZE = (1280, 800)


@pytest.fixture(autouse=True)
def collect_garbage() -> Iterator[None]:
    yield
    gc.collect()


@pytest.fixture
def window(qtbot, open_workspace):
    """The window as a 1280×800 screen shows it, laid out."""
    opened = open_workspace()
    opened.resize(*SIZE)
    qtbot.waitUntil(lambda: opened.size().toTuple() == SIZE)
    qtbot.wait(50)  # posted layout requests
    return opened


def visible_in(window, widget: QWidget) -> bool:
    """Wholly on screen: not scrolled away or clipped by the splitter or the window's edge."""
    if not widget.isVisible():
        return False
    shown = widget.visibleRegion().boundingRect()
    return shown.size() == widget.size() and window.rect().contains(
        QRect(widget.mapTo(window, shown.topLeft()), shown.size())
    )


def test_quote_buttons_and_evidence_in_view_at_1280_by_800(window):
    inspector = window.inspector
    assert visible_in(window, inspector.heading)
    assert visible_in(window, inspector.quote)
    for status, button in inspector.buttons.items():
        assert visible_in(window, button), status
    # The start of the evidence: its heading and the Add button.
    assert visible_in(window, inspector.evidence.add_button)


def test_scroll_goes_back_to_the_top_on_the_next_claim(qtbot, window):
    inspector = window.inspector
    bar = inspector.scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)  # History and the rest below the fold
    bar.setValue(bar.maximum())
    first = window.controller.current_claim()

    qtbot.keyClick(window.view, KEY.Key_J)
    assert window.controller.current_claim().id != first.id
    assert bar.value() == 0
    assert visible_in(window, inspector.quote)
    assert visible_in(window, inspector.buttons["sourced"])

    # Tagging in place keeps the reader where they were.
    bar.setValue(bar.maximum())
    at = bar.value()
    qtbot.keyClick(window.view, KEY.Key_3, SHIFT)
    assert bar.value() == at
    assert visible_in(window, inspector.quote)


def test_claim_n_of_m_counts_what_the_claims_panel_lists(qtbot, window):
    """M is every claim the panel lists, dismissed ones too, whatever the filter hides."""
    inspector, panel = window.inspector, window.claims

    def m_of_inspector() -> int:
        return int(re.search(r"Claim \d+ of (\d+)", inspector.heading.text()).group(1))

    def m_of_panel() -> int:
        return int(re.match(r"(\d+) claims", panel.title.text()).group(1))

    assert m_of_inspector() == m_of_panel() == len(panel.model.rows())
    qtbot.keyClick(window.view, KEY.Key_D)  # dismissed, and on to the next claim
    assert m_of_inspector() == m_of_panel() == len(panel.model.rows())
    assert "to check" in panel.title.text()
    panel.status_filter.setCurrentIndex(panel.status_filter.findText("Unreviewed"))
    assert "shown" in panel.title.text()
    qtbot.keyClick(window.view, KEY.Key_J)
    assert m_of_inspector() == m_of_panel() == len(panel.model.rows())


def test_status_buttons_show_their_key_as_a_cap_not_in_the_text(window):
    for status, button in window.inspector.buttons.items():
        style = STYLES[status]
        verb = "Dismiss" if status == "dismissed" else style.label
        assert button.text() == verb  # "Sourced", never "Sourced 1"
        assert button.key == style.key
        cap = button.cap_rect()
        assert button.rect().contains(cap.toAlignedRect()), status
        text_end = button.fontMetrics().horizontalAdvance(button.text()) + 8 + 16 + 8
        assert text_end < cap.left(), f"{status}: text runs into the key cap"
        assert f"({style.key})" in button.toolTip()
