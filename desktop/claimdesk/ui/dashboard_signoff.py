"""The sign-off bar under the dashboard's claims (draft, needs review, approve, with shortcuts)
and the list of claims the sign-off rules refused."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.commands import SignOff
from claimdesk.core.enums import ReviewState
from claimdesk.core.errors import ClaimdeskError, Refusal, StaleClaimError
from claimdesk.ui.edit_controller import EditController
from claimdesk.ui.gateway_types import SignedOff
from claimdesk.ui.workers import Task

# The undo step's name, as the Edit menu shows it: "Undo Approve 3 claims".
_STEP = {
    ReviewState.DRAFT.value: "Move {} back to draft",
    ReviewState.NEEDS_REVIEW.value: "Mark {} for review",
    ReviewState.APPROVED.value: "Approve {}",
}
SIGN_OFF = {  # state: (button text, shortcut, verb for messages)
    ReviewState.DRAFT.value: ("Back to draft", "Ctrl+Shift+D", "Moved back to draft"),
    ReviewState.NEEDS_REVIEW.value: ("Mark needs review", "Ctrl+Shift+R", "Marked for review"),
    ReviewState.APPROVED.value: ("Approve", "Ctrl+Shift+A", "Approved"),
}
_REFUSED_ROWS = 6  # rows shown before the list scrolls
Selected = Callable[[], Mapping[str, int]]  # claim id -> the version the dashboard shows


class SignOffBar(QWidget):
    """Writes a review state for the selected claims as one undoable edit, on the job lane.

    The job commits one transaction (stale versions roll it all back; claims the rules
    refuse are left out) and reads the dashboard again, so the caller gets the new state in
    the same round trip; Ctrl+Z undoes it like any edit in the workspace.
    """

    sig_started = Signal()
    sig_written = Signal(list, object)  # claim ids, DashboardData after the change
    sig_message = Signal(str, bool)  # text, ok
    sig_stale = Signal()  # nothing written: a claim changed elsewhere, read again
    sig_refused = Signal(list, str)  # the Refusals of the last sign-off, the state asked for

    def __init__(self, edits: EditController, selected: Selected, shortcut_scope: QWidget) -> None:
        super().__init__()
        self.setObjectName("signOffBar")
        self.edits, self._selected = edits, selected
        self.task: Task | None = None
        self.actions: dict[str, QAction] = {}
        self.buttons: dict[str, QPushButton] = {}
        self.label = QLabel(objectName="selectionCount")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label, 1)
        for state, (text, keys, _verb) in SIGN_OFF.items():
            action = QAction(text, shortcut_scope)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.setToolTip(f"{text}: the selected claims ({keys})")
            action.triggered.connect(lambda _=False, s=state: self.set_review_state(s))
            shortcut_scope.addAction(action)
            button = QPushButton(f"{text}   {keys}", objectName=f"signOff_{state}")
            button.setToolTip(action.toolTip())
            button.clicked.connect(action.trigger)
            layout.addWidget(button)
            self.actions[state], self.buttons[state] = action, button
        self.buttons[ReviewState.APPROVED].setDefault(True)  # the usual next step
        self.update_selection()

    def update_selection(self) -> None:
        count = len(self._selected())
        noun = "claim" if count == 1 else "claims"
        self.label.setText(f"{count} {noun} selected" if count else "Select claims to sign off")
        for state, action in self.actions.items():
            action.setEnabled(bool(count) and self.task is None)
            self.buttons[state].setEnabled(action.isEnabled())

    def set_review_state(self, state: str) -> Task | None:
        """Sign off the selected claims as the window's reviewer, in one transaction.

        What the sign-off rules refuse is left out and listed (`sig_refused`); the rest is
        written as one undoable step.
        """
        versions = dict(self._selected())
        if not versions or self.task is not None:
            return None
        ids = list(versions)
        actor, gateway = self.edits.gateway.reviewer, self.edits.gateway
        count = _count(len(ids))
        cmd = SignOff(
            tuple((claim_id, state) for claim_id in ids),
            _STEP[state].format(count),
            tuple(versions.values()),
        )
        verb = SIGN_OFF[state][2]
        task = self.edits.sign_off(
            f"{verb}: {count}",
            cmd,
            then=gateway.dashboard,
            label=lambda n: _STEP[state].format(_count(n)),
        )
        task.setProperty("inline_errors", True)  # the dashboard shows its own failures
        self.task = task
        task.sig_finished.connect(lambda result: self._on_task_finished(state, verb, actor, result))
        task.sig_failed.connect(self._on_task_failed)
        task.sig_ended.connect(self._on_task_ended)
        self.sig_started.emit()
        self.update_selection()
        return task

    def _on_task_finished(self, state: str, verb: str, actor: str, result: SignedOff) -> None:
        done, inverse = result.done, result.inverse
        changed = 0 if inverse is None else sum(before != state for _, before in inverse.states)
        self.sig_written.emit(list(done.claim_ids) if done and changed else [], result.data)
        self.sig_refused.emit(list(result.refused), state)
        refused = len(result.refused)
        if not refused:
            self.sig_message.emit(f"{verb} {_count(changed)} as {actor}.", True)
        elif done is None:
            self.sig_message.emit(f"Nothing changed: the rules refuse {_count(refused)}.", False)
        else:
            self.sig_message.emit(
                f"{verb} {_count(changed)} as {actor}; the rules refuse {_count(refused)}.", True
            )

    def _on_task_failed(self, error: BaseException) -> None:
        if isinstance(error, StaleClaimError):
            self.sig_message.emit(
                "Nothing was changed: a claim was edited elsewhere meanwhile. The list now shows "
                "the latest state; select and try again.",
                False,
            )
            self.sig_stale.emit()
        elif isinstance(error, ClaimdeskError):
            self.sig_message.emit(f"Nothing was changed: {error}", False)
        else:
            self.sig_message.emit(f"Nothing was changed: {type(error).__name__}: {error}", False)

    def _on_task_ended(self) -> None:
        self.task = None
        self.update_selection()


def _count(n: int) -> str:
    return f"{n} claim" if n == 1 else f"{n} claims"


class RefusedList(QFrame):
    """The claims a sign-off left out, one row each with the rule's reason.

    Double-click (or Enter) opens a claim in the workspace to fix what the rule asks.
    """

    sig_open_claim = Signal(str)  # claim id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("refusedList")
        self.title = QLabel(objectName="refusedTitle")
        close = QPushButton("Hide", objectName="refusedHide")
        close.clicked.connect(self.hide)
        self.table = QTableWidget(0, 2, objectName="refusedTable")
        self.table.setHorizontalHeaderLabels(["Claim", "Why not"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(False)
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemActivated.connect(self._on_item_activated)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.addLayout(head)
        layout.addWidget(self.table)
        self.hide()

    def show_refusals(self, refused: Sequence[Refusal], state: str) -> None:
        if not refused:
            self.hide()
            return
        verb = SIGN_OFF[state][2].lower()
        self.title.setText(f"<b>{_count(len(refused))} not {verb}</b> — double-click to open one")
        self.table.setRowCount(len(refused))
        for row, refusal in enumerate(refused):
            quote = QTableWidgetItem(" ".join(refusal.quote.split()))
            quote.setData(Qt.ItemDataRole.UserRole, refusal.claim_id)
            quote.setToolTip(refusal.quote)
            self.table.setItem(row, 0, quote)
            self.table.setItem(row, 1, QTableWidgetItem(refusal.reason))
        shown = min(len(refused), _REFUSED_ROWS)
        rows = sum(self.table.rowHeight(r) for r in range(shown))
        self.table.setFixedHeight(rows + self.table.horizontalHeader().height() + 4)
        self.show()

    def claim_ids(self) -> list[str]:
        return [
            self.table.item(row, 0).data(Qt.ItemDataRole.UserRole)
            for row in range(self.table.rowCount())
        ]

    def _on_item_activated(self, item: QTableWidgetItem) -> None:
        self.sig_open_claim.emit(self.table.item(item.row(), 0).data(Qt.ItemDataRole.UserRole))
