"""The sign-off bar under the dashboard's claims: draft, needs review, approve, with shortcuts."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from claimdesk.core.commands import SignOff
from claimdesk.core.errors import ClaimdeskError, StaleClaimError
from claimdesk.core.models import ReviewState
from claimdesk.core.services.dashboard import DashboardData
from claimdesk.ui.edit_controller import EditController
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
Selected = Callable[[], Mapping[str, int]]  # claim id -> the version the dashboard shows


class SignOffBar(QWidget):
    """Writes a review state for the selected claims as one undoable edit, on the job lane.

    The job commits one transaction (stale versions roll it all back) and reads the
    dashboard again, so the caller gets the new state in the same round trip; Ctrl+Z undoes
    it like any edit in the workspace.
    """

    sig_started = Signal()
    sig_written = Signal(list, object)  # claim ids, DashboardData after the change
    sig_message = Signal(str, bool)  # text, ok
    sig_stale = Signal()  # nothing written: a claim changed elsewhere, read again

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
        """Sign off the selected claims as the window's reviewer, in one transaction."""
        versions = dict(self._selected())
        if not versions or self.task is not None:
            return None
        ids = list(versions)
        actor, gateway = self.edits.gateway.reviewer, self.edits.gateway
        count = f"{len(ids)} claim{'s' if len(ids) != 1 else ''}"
        cmd = SignOff(
            tuple((claim_id, state) for claim_id in ids),
            _STEP[state].format(count),
            tuple(versions.values()),
        )
        verb = SIGN_OFF[state][2]
        task = self.edits.submit(f"{verb}: {count}", cmd, then=gateway.dashboard)
        task.setProperty("inline_errors", True)  # the dashboard shows its own failures
        self.task = task
        task.sig_finished.connect(
            lambda result: self._on_task_finished(ids, state, verb, actor, result)
        )
        task.sig_failed.connect(self._on_task_failed)
        task.sig_ended.connect(self._on_task_ended)
        self.sig_started.emit()
        self.update_selection()
        return task

    def _on_task_finished(
        self,
        ids: list[str],
        state: str,
        verb: str,
        actor: str,
        result: tuple[SignOff, DashboardData],
    ) -> None:
        inverse, data = result
        changed = sum(before != state for _, before in inverse.states)
        self.sig_written.emit(ids if changed else [], data)
        noun = "claim" if changed == 1 else "claims"
        self.sig_message.emit(f"{verb} {changed} {noun} as {actor}.", True)

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
