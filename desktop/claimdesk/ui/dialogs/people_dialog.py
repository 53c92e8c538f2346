"""People…: everyone who worked in the library, and merging two names of one person.

A merge rewrites the name wherever the library records it (see `core.services.reviewers`)
and is kept in the library's own history; the window then reads again what shows names.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core import identity
from claimdesk.core.errors import ClaimdeskError
from claimdesk.core.services.reviewers import Merged, Person
from claimdesk.ui.gateway import Gateway

COLUMNS = ("Name", "Changes", "Claims", "Sign-offs", "Evidence", "Last active")
NUMBER = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class MergeChoice(QDialog):
    """Which name `old` becomes, and the confirmation that it is the same person."""

    def __init__(self, old: str, others: Sequence[str], parent: QWidget) -> None:
        super().__init__(parent, objectName="mergeChoice")
        self.setWindowTitle("Merge names")
        self.old = old
        self.into = QComboBox(objectName="mergeInto")
        self.into.addItems(list(others))
        text = QLabel(
            f"<p>Is <b>{html.escape(old)}</b> the same person as the name chosen below?</p>"
            "<p>Every change, verdict, sign-off and evidence item recorded under "
            f"<b>{html.escape(old)}</b> will carry the chosen name instead. The merge is kept in "
            "the library's history; it cannot be undone from here.</p>",
            wordWrap=True,
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Merge")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.into)
        layout.addWidget(buttons)


class PeopleDialog(QDialog):
    sig_merged = Signal(object)  # Merged

    def __init__(self, gateway: Gateway, parent: QWidget | None = None) -> None:
        super().__init__(parent, objectName="peopleDialog")
        self.setWindowTitle("People in this library")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.gateway = gateway
        self.people: list[Person] = []
        self.choice: MergeChoice | None = None

        self.table = QTableWidget(0, len(COLUMNS), objectName="peopleTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.message = QLabel(objectName="peopleMessage", wordWrap=True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)  # names are whatever was typed
        self.merge_button = QPushButton("Merge into…", objectName="mergeButton", enabled=False)
        self.merge_button.setToolTip("The selected name is the same person as another one")
        close = QPushButton("Close")
        close.clicked.connect(self.close)

        buttons = QHBoxLayout()
        buttons.addWidget(self.merge_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel("Everyone whose name is on a change in this library.", wordWrap=True)
        )
        layout.addWidget(self.table)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.resize(640, 360)

        self.table.itemSelectionChanged.connect(self._on_selection_changed)
        self.merge_button.clicked.connect(self._on_merge_clicked)
        self.reload()

    def reload(self) -> None:
        task = self.gateway.fetch("Reading who worked here", self.gateway.people)
        task.sig_finished.connect(self._show)
        task.sig_failed.connect(lambda error: self.message.setText(f"Not read: {error}"))

    def selected_name(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return self.people[rows[0].row()].name if rows else None

    def _show(self, people: list[Person]) -> None:
        chosen = self.selected_name()
        self.people = people
        self.table.setRowCount(len(people))
        # A merged-away name leaves no row selected: removing its row moved the current row
        # (and the selection with it) onto a neighbour.
        self.table.setCurrentItem(None)
        self.table.clearSelection()
        for row, person in enumerate(people):
            last = person.last_active.strftime("%Y-%m-%d %H:%M UTC") if person.last_active else ""
            counts = (person.changes, person.claims, person.sign_offs, person.evidence)
            for col, value in enumerate((person.name, *map(str, counts), last)):
                item = QTableWidgetItem(value)
                if 0 < col < len(COLUMNS) - 1:
                    item.setTextAlignment(NUMBER)
                self.table.setItem(row, col, item)
            if person.name == chosen:
                self.table.selectRow(row)
        self._on_selection_changed()

    def _on_selection_changed(self) -> None:
        self.merge_button.setEnabled(self.selected_name() is not None and len(self.people) > 1)

    def _on_merge_clicked(self) -> None:
        old = self.selected_name()
        if old is None:
            return
        others = [p.name for p in self.people if p.name != old]
        self.choice = MergeChoice(old, others, self)
        self.choice.accepted.connect(lambda: self.merge(old, self.choice_name()))
        self.choice.open()

    def choice_name(self) -> str:
        assert self.choice is not None
        return self.choice.into.currentText()

    def merge(self, old: str, into: str) -> Merged | None:
        """Merge through the gateway; a refusal is said in the dialog, nothing changed."""
        try:
            merged = self.gateway.merge_reviewers(old, into)
        except ClaimdeskError as exc:
            self.message.setText(f"Not merged: {exc}")
            return None
        said = f"{old} is now {into} everywhere in this library ({merged.claims_phrase})."
        try:
            if identity.follow_merge(old, into):
                said += " Your saved name is now this one too."
        except (ClaimdeskError, OSError) as exc:
            said += f" Your saved name was not changed: {exc}"
        self.message.setText(said)
        self.sig_merged.emit(merged)
        self.reload()
        return merged
