"""Find in the open article: every match marked, one current, "3 of 17", next and previous.

A 2 MB article holds a common word a hundred thousand times: the search runs a slice of the
text per turn of the event loop, so each typed letter costs milliseconds, and the view paints
only the matches on screen. Matching ignores case, as a reader expects.
"""

from __future__ import annotations

import bisect
import re

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from claimdesk.ui.article_view import ArticleView

CHUNK = 256_000  # characters searched per turn of the event loop: a few milliseconds


class FindBar(QWidget):
    def __init__(self, view: ArticleView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.view = view
        self.field = QLineEdit(objectName="findField", placeholderText="Find in the article")
        self.field.setClearButtonEnabled(True)
        self.field.textChanged.connect(self._start_search)
        self.field.installEventFilter(self)
        self.count = QLabel(objectName="findCount")
        self.previous_button = _button("↑", "Previous match  (Shift+Return, Shift+F3)")
        self.next_button = _button("↓", "Next match  (Return, F3)")
        self.close_button = _button("✕", "Close  (Esc)")
        self.previous_button.clicked.connect(self.find_previous)
        self.next_button.clicked.connect(self.find_next)
        self.close_button.clicked.connect(self.close_bar)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.addWidget(self.field, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.previous_button)
        layout.addWidget(self.next_button)
        layout.addWidget(self.close_button)
        self._pattern: re.Pattern[str] | None = None
        self._text = ""
        self._matches: list[int] = []
        self._current: int | None = None
        self._anchor = 0  # the first match at or after this offset becomes current
        self._searched = 0  # the running search has looked at text[:_searched]
        self._timer = QTimer(self, interval=0)
        self._timer.timeout.connect(self._search_slice)
        view.sig_article_set.connect(self._on_article_set)
        self.hide()

    # -- commands ------------------------------------------------------------------------

    def open(self) -> None:
        """Show the bar with the words selected in the article, or the last ones, selected."""
        selected = self.view.textCursor().selectedText()
        if selected and len(selected) <= 100 and "\u2029" not in selected:
            self.field.setText(selected)  # a paragraph break shows as U+2029 here
        if not self.isVisible():
            self.show()
            self._start_search()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()

    def close_bar(self) -> None:
        """Hide the marks; the current match stays selected (N makes it a claim)."""
        self._timer.stop()
        if self._current is not None:
            start = self._matches[self._current]
            self.view.select_text(start, start + len(self.field.text()))
        self.view.show_found([], 0, None)
        self.hide()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def find_next(self) -> None:
        self._step(1)

    def find_previous(self) -> None:
        self._step(-1)

    def _step(self, step: int) -> None:
        if not self.isVisible():
            self.open()  # F3 on a closed bar: its words again, from where the reader is
            return
        self._finish()
        if not self._matches:
            return
        if self._current is None:
            self._current = 0 if step > 0 else len(self._matches) - 1
        else:
            self._current = (self._current + step) % len(self._matches)
        self._show(scroll=True)

    # -- searching -----------------------------------------------------------------------

    def _on_article_set(self) -> None:
        if self.isVisible():
            self._current = None  # a new article: start from where it opens, not the old place
            self._start_search()

    def _start_search(self) -> None:
        words = self.field.text()
        if self._current is not None:
            self._anchor = self._matches[self._current]  # typing on keeps the reader's place
        else:
            self._anchor = self.view.first_visible_offset()
        self._text = self.view.text()
        self._pattern = re.compile(re.escape(words), re.IGNORECASE) if words else None
        self._matches, self._current, self._searched = [], None, 0
        if self._pattern is None:
            self._timer.stop()
            self._show(scroll=False)
        else:
            self._timer.start()

    def _search_slice(self) -> None:
        """Search the next CHUNK characters; the first match at the anchor becomes current."""
        assert self._pattern is not None
        start, end = self._searched, min(self._searched + CHUNK, len(self._text))
        # A match may begin in this slice and end in the next: let it run over.
        reach = min(end + len(self.field.text()) - 1, len(self._text))
        found = [m.start() for m in self._pattern.finditer(self._text, start, reach)]
        self._matches += [s for s in found if s < end]
        self._searched = end
        done = end == len(self._text)
        if done:
            self._timer.stop()
        if self._current is None:
            i = bisect.bisect_left(self._matches, self._anchor)
            if i < len(self._matches):
                self._current = i
            elif done and self._matches:
                self._current = 0  # nothing after the reader's place: wrap to the top
            if self._current is not None:
                self._show(scroll=True)
                return
        if done or self._matches:
            self._show(scroll=False)

    def _finish(self) -> None:
        """Run the rest of the search now (Return pressed before it ended)."""
        while self._timer.isActive():
            self._search_slice()

    def _show(self, *, scroll: bool) -> None:
        self.view.show_found(self._matches, len(self.field.text()), self._current)
        searching = self._timer.isActive()
        if not self.field.text():
            text = ""
        elif not self._matches:
            text = "Searching…" if searching else "No matches"
        else:
            place = "" if self._current is None else f"{self._current + 1} of "
            text = f"{place}{len(self._matches)}{'…' if searching else ''}"
        self.count.setText(text)
        missing = text == "No matches"
        if self.field.property("missing") != missing:
            self.field.setProperty("missing", missing)
            self.field.style().polish(self.field)
        if scroll and self._current is not None:
            start = self._matches[self._current]
            self.view.bring_into_view(start, start + len(self.field.text()))

    # -- keys ----------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                shifted = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                self._step(-1 if shifted else 1)
                return True
            if key == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(watched, event)


def _button(text: str, tip: str) -> QToolButton:
    button = QToolButton(text=text, toolTip=tip, autoRaise=True)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab stays in the field
    return button
