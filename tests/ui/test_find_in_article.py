"""Find in the open article (issue 14 item 2): as you type, every match marked, "3 of 17",
Return / F3 and Shift+Return / Shift+F3, Esc back to the article; Ctrl+F still filters claims."""

from __future__ import annotations

import re

from big_articles import library_with_big_article
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel
from test_responsiveness import assert_within_budget
from ui_helpers import Heartbeat

from claimdesk.ui.palette import FOUND, FOUND_CURRENT

KEY = Qt.Key
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | SHIFT


def occurrences(text: str, words: str) -> list[int]:
    """Where the words are, ignoring case: worked out here, not by the find bar."""
    return [m.start() for m in re.finditer(re.escape(words), text, re.IGNORECASE)]


def open_find(window):
    window.view.setFocus()
    QTest.keyClick(window.view, KEY.Key_F, CTRL_SHIFT)
    assert window.find_bar.isVisible()
    assert QApplication.focusWidget() is window.find_bar.field


def type_words(qtbot, window, words: str, expected: str) -> None:
    QTest.keyClicks(window.find_bar.field, words)
    qtbot.waitUntil(lambda: window.find_bar.count.text() == expected)


def colour_under(window, offset: int, length: int) -> set[str]:
    """The background colours along the top edge of a match, as painted on screen."""
    view = window.view
    view.viewport().repaint()
    image: QImage = view.viewport().grab().toImage()
    cursor = view.textCursor()
    cursor.setPosition(offset)
    left = view.cursorRect(cursor)
    cursor.setPosition(offset + length)
    right = view.cursorRect(cursor)
    assert left.top() == right.top(), "pick a match on one line"
    y = left.top() + 2
    return {QColor(image.pixel(x, y)).name() for x in range(left.left() + 2, right.left() - 1)}


def test_find_as_you_type_counts_steps_both_ways_and_esc_returns_to_the_article(
    qtbot, open_workspace
):
    window = open_workspace()
    text = window.view.toPlainText()
    found = occurrences(text, "fujitsu")
    assert len(found) > 3
    assert any(text[s : s + 7] == "fujitsu" for s in found), "the test needs a lower-case one"
    open_find(window)
    type_words(qtbot, window, "FUJITSU", f"1 of {len(found)}")
    bar = window.find_bar
    # the current match is painted in the find colour, which is no claim's colour
    assert FOUND_CURRENT.name() in colour_under(window, found[0], 7)
    assert FOUND.name() in colour_under(window, found[1], 7)

    QTest.keyClick(bar.field, KEY.Key_Return)
    assert bar.count.text() == f"2 of {len(found)}"
    QTest.keyClick(bar.field, KEY.Key_F3)
    assert bar.count.text() == f"3 of {len(found)}"
    QTest.keyClick(bar.field, KEY.Key_Return, SHIFT)
    QTest.keyClick(bar.field, KEY.Key_F3, SHIFT)
    assert bar.count.text() == f"1 of {len(found)}"
    QTest.keyClick(bar.field, KEY.Key_F3, SHIFT)  # wraps round to the last
    assert bar.count.text() == f"{len(found)} of {len(found)}"
    last = found[-1]
    visible = window.view.viewport().rect()
    cursor = window.view.textCursor()
    cursor.setPosition(last)
    assert visible.contains(window.view.cursorRect(cursor)), "the last match is not on screen"

    QTest.keyClick(bar.field, KEY.Key_Escape)
    assert not bar.isVisible()
    assert QApplication.focusWidget() is window.view
    selection = window.view.textCursor()
    assert (selection.selectionStart(), selection.selectionEnd()) == (last, last + 7)
    assert FOUND_CURRENT.name() not in colour_under(window, last, 7)

    QTest.keyClick(window.view, KEY.Key_F3)  # F3 on a closed bar: the same words again
    assert bar.isVisible() and bar.field.text().lower() == "fujitsu"  # the selection
    qtbot.waitUntil(lambda: bar.count.text().endswith(f" of {len(found)}"))


def test_no_matches_is_said_and_an_empty_field_marks_nothing(qtbot, open_workspace):
    window = open_workspace()
    open_find(window)
    type_words(qtbot, window, "qqzzx", "No matches")
    assert window.find_bar.field.property("missing") is True
    window.find_bar.field.clear()
    qtbot.waitUntil(lambda: window.find_bar.count.text() == "")
    assert window.find_bar.field.property("missing") is False


def test_ctrl_f_still_filters_the_claims_and_find_is_in_the_menu_and_cheat_sheet(
    qtbot, open_workspace
):
    window = open_workspace()
    window.view.setFocus()
    QTest.keyClick(window.view, KEY.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget().objectName() == "claimFilter"
    assert not window.find_bar.isVisible()
    edit_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Edit")
    texts = [a.text() for a in edit_menu.actions()]
    assert "&Find in article…" in texts
    assert window.actions.find_in_article.shortcut().toString() == "Ctrl+Shift+F"
    sheet = window.show_cheat_sheet()
    shown = " ".join(label.text() for label in sheet.findChildren(QLabel))
    assert "Find in article" in shown and "Ctrl+Shift+F" in shown and "F3" in shown
    sheet.close()


def test_finding_in_a_2mb_article_keeps_the_window_responsive(qtbot, open_workspace, db_path):
    big_id, _ = library_with_big_article(db_path, claims=True)
    window = open_workspace()
    window.controller.open_article(big_id)
    qtbot.waitUntil(
        lambda: window.controller.article.id == big_id and window.controller.worker.is_idle()
    )
    text = window.view.text()
    assert len(text) >= 2_000_000
    bar = window.find_bar
    with Heartbeat() as busy:
        open_find(window)
        for letter in "the":  # "t" alone is found about 150,000 times
            QTest.keyClicks(bar.field, letter)
            qtbot.wait(5)
        total = len(occurrences(text, "the"))
        qtbot.waitUntil(lambda: bar.count.text() == f"1 of {total}")
        QTest.keyClick(bar.field, KEY.Key_Return, SHIFT)  # wraps to the very end
        qtbot.wait(20)
        QTest.keyClick(bar.field, KEY.Key_Return)
        QTest.keyClick(bar.field, KEY.Key_Return)
        qtbot.wait(20)
    assert_within_budget(busy)
    assert bar.count.text() == f"2 of {total}"
