"""A claim's evidence links: a list, and a small form to add, edit or remove one.

Each row says what the link is without hovering: "Refutes · Reuters fact check — reuters.com —
“The figure comes from…”"; a double-click opens it in the browser (web and DOI links only).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from PySide6.QtCore import QEvent, QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.errors import ValidationError
from claimdesk.core.rows import EvidenceRow
from claimdesk.core.statuses import STANCE_LABELS, default_stance
from claimdesk.core.urls import href, is_safe_link, normalise_url

_ID_ROLE = Qt.ItemDataRole.UserRole + 1
NOTE_WORDS = 6  # of the note, shown in the row


def domain(url: str) -> str:
    """The site a link points to, as people name it: "reuters.com", "doi.org"."""
    if not is_safe_link(url):
        return ""
    host = urlsplit(href(url)).hostname or ""
    return host.removeprefix("www.")


def note_start(note: str) -> str:
    words = note.split()
    if not words:
        return ""
    cut = len(words) > NOTE_WORDS
    return f"“{' '.join(words[:NOTE_WORDS])}{'…' if cut else ''}”"


def row_text(row: EvidenceRow) -> str:
    """Stance · title — domain — “first words of the note…”, leaving out what is empty."""
    stance = STANCE_LABELS.get(row.stance, row.stance)
    site = domain(row.url)
    what = [row.title.strip() or (row.url if not site else ""), site, note_start(row.note)]
    return f"{stance} · " + " — ".join(part for part in what if part)


def _row_tip(row: EvidenceRow) -> str:
    opens = f"Double-click to open {href(row.url)}" if is_safe_link(row.url) else row.url
    return "\n".join(filter(None, [row.title, opens, row.note]))


class EvidenceEditor(QWidget):
    sig_add_requested = Signal(str, str, str, str)  # url, title, note, stance
    sig_update_requested = Signal(str, str, str, str, str)  # evidence id, url, title, note, stance
    sig_remove_requested = Signal(str)
    sig_finished = Signal()  # the form closed: keyboard focus can go back to the article
    sig_form_opened = Signal()
    sig_error_shown = Signal()  # the form grew by a line or two: its buttons may be out of view

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The verdict of the claim shown (set by the window): new evidence takes the stance
        # that fits it, refuting a disputed claim.
        self.verdict: Callable[[], str | None] = lambda: None
        self._rows: dict[str, EvidenceRow] = {}
        self._editing: str | None = None  # evidence id, or None for a new link

        self.add_button = QPushButton("Add evidence   E")
        self.add_button.setObjectName("addEvidenceButton")
        self.add_button.setToolTip("Attach a link (http, https or DOI) to this claim  (E)")
        self.add_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.add_button.clicked.connect(self.start_new)

        self.list = QListWidget()
        self.list.setObjectName("evidenceList")
        self.list.setAlternatingRowColors(True)
        # One line a link, cut at the edge (the tooltip has it all): a wrapped row was taller
        # than the height the list takes for its rows, and its second line was cut off.
        self.list.setWordWrap(False)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setToolTip("Click to edit, double-click to open the link")
        self.list.itemClicked.connect(self._on_list_clicked)
        self.list.itemActivated.connect(self._on_list_activated)

        self.url = QLineEdit(objectName="evidenceUrl", placeholderText="https://… or 10.xxxx/…")
        self.error = QLabel(objectName="evidenceError", wordWrap=True)
        self.error.hide()
        self.title = QLineEdit(objectName="evidenceTitle", placeholderText="What the source is")
        self.note = QLineEdit(objectName="evidenceNote", placeholderText="Page, quote, caveat…")
        self.stance = QComboBox(objectName="evidenceStance")
        for value, label in STANCE_LABELS.items():
            self.stance.addItem(label, value)
        self.save_button = QPushButton("Add", objectName="evidenceSave")
        self.save_button.setDefault(True)
        self.remove_button = QPushButton("Remove", objectName="evidenceRemove")
        cancel = QPushButton("Cancel")
        self.save_button.clicked.connect(self._on_save_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)
        cancel.clicked.connect(self.close_form)
        self.url.textChanged.connect(self._on_url_edited)
        self.url.editingFinished.connect(self._show_normalised_url)
        for field in (self.url, self.title, self.note):
            field.returnPressed.connect(self._on_save_clicked)
            field.installEventFilter(self)
        self.stance.installEventFilter(self)

        self.form = QFrame(objectName="evidenceForm")
        form = QFormLayout(self.form)
        form.setContentsMargins(8, 8, 8, 8)
        form.addRow("URL", self.url)
        form.addRow("", self.error)
        form.addRow("Title", self.title)
        form.addRow("Note", self.note)
        form.addRow("Stance", self.stance)
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_button)
        buttons.addStretch()
        buttons.addWidget(cancel)
        buttons.addWidget(self.save_button)
        form.addRow(buttons)
        self.form.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list)
        layout.addWidget(self.form)

    def set_evidence(self, rows: Sequence[EvidenceRow]) -> None:
        self._rows = {r.id: r for r in rows}
        self.list.clear()
        for row in rows:
            item = QListWidgetItem(row_text(row))
            item.setData(_ID_ROLE, row.id)
            item.setToolTip(_row_tip(row))
            self.list.addItem(item)
        self.list.setVisible(bool(rows))
        # As tall as its items (up to five): an empty expanse under one link looked broken.
        shown = min(len(rows), 5)
        row_height = self.list.sizeHintForRow(0) if rows else 0
        self.list.setFixedHeight(shown * row_height + 2 * self.list.frameWidth() + 4)
        if self._editing is not None and self._editing not in self._rows:
            self.close_form()

    def start_new(self) -> None:
        """Open an empty form with the cursor in the URL field."""
        self._open_form(None)

    def show_error(self, message: str) -> None:
        self._show_error(message)
        self.url.setFocus()

    def close_form(self) -> None:
        had_focus = self.form.isAncestorOf(self.focusWidget()) if self.focusWidget() else False
        self._editing = None
        self.form.hide()
        self.error.hide()
        self.list.clearSelection()
        if had_focus:
            self.sig_finished.emit()

    def is_open(self) -> bool:
        return self.form.isVisible()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            self.close_form()
            return True
        return super().eventFilter(watched, event)

    def _open_form(self, evidence_id: str | None) -> None:
        row = self._rows.get(evidence_id) if evidence_id else None
        self._editing = row.id if row else None
        self.url.setText(row.url if row else "")
        self.title.setText(row.title if row else "")
        self.note.setText(row.note if row else "")
        verdict = self.verdict()
        stance = row.stance if row else default_stance(verdict) if verdict else "supports"
        self.stance.setCurrentIndex(max(0, self.stance.findData(stance)))
        self.save_button.setText("Save" if row else "Add")
        self.remove_button.setVisible(row is not None)
        self.error.hide()
        self.form.show()
        self.url.setFocus()
        self.url.selectAll()
        self.sig_form_opened.emit()

    def _on_url_edited(self, text: str) -> None:
        # Say what is wrong while typing, but only once there is something to judge.
        if not text.strip():
            self.error.hide()
            return
        try:
            normalise_url(text)
        except ValidationError as exc:
            self._show_error(exc.message)
        else:
            self.error.hide()

    def _show_normalised_url(self) -> None:
        """Show the address as it will be stored: "www.reuters.com/x" gets its https://."""
        try:
            url = normalise_url(self.url.text())
        except ValidationError:
            return  # the error under the field says why
        if url != self.url.text():
            self.url.setText(url)

    def _show_error(self, message: str) -> None:
        appears = self.error.isHidden()
        self.error.setText(message)
        self.error.show()
        if appears:  # not on every key press while the link stays wrong
            self.sig_error_shown.emit()

    def _on_save_clicked(self) -> None:
        title, note = self.title.text(), self.note.text()
        stance = str(self.stance.currentData())
        try:
            url = normalise_url(self.url.text())
        except ValidationError as exc:
            self.show_error(exc.message)
            return
        if self._editing is None:
            self.sig_add_requested.emit(url, title, note, stance)
        else:
            self.sig_update_requested.emit(self._editing, url, title, note, stance)

    def _on_remove_clicked(self) -> None:
        if self._editing is not None:
            self.sig_remove_requested.emit(self._editing)

    def _on_list_clicked(self, item: QListWidgetItem) -> None:
        self._open_form(item.data(_ID_ROLE))

    def _on_list_activated(self, item: QListWidgetItem) -> None:
        row = self._rows.get(item.data(_ID_ROLE))
        if row is not None and is_safe_link(row.url):
            QDesktopServices.openUrl(QUrl(href(row.url)))
