"""Runs every edit as one transaction, keeps the undo stack, and says what changed or failed.

The claims themselves reach the widgets through the gateway's change announcements; this
only says which claim an edit was about, so the workspace controller can show it (an undo
in another article opens that article).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from claimdesk.core.commands import Command, SignOff
from claimdesk.core.errors import (
    ClaimdeskError,
    ClaimLockedError,
    NotFoundError,
    SignOffRefused,
    StaleClaimError,
    ValidationError,
)
from claimdesk.ui.gateway import Gateway
from claimdesk.ui.gateway_types import Label, LibraryNotOpenedError, SignedOff
from claimdesk.ui.undo import EditCommand
from claimdesk.ui.workers import Task

STALE = (
    "This claim was changed in another window or by another reviewer, so your change was not "
    "applied. It now shows the latest version."
)


class EditController(QObject):
    sig_claim_changed = Signal(str, bool)  # claim id; True when an undo or redo did it
    sig_stale = Signal(str)  # message: nothing saved, the latest version is shown
    sig_invalid = Signal(str, str)  # field, message
    sig_failed = Signal(str)  # message: the change was not saved
    sig_refused = Signal(str)  # message: the sign-off rules or the lock refused the change
    sig_saved = Signal()

    def __init__(self, gateway: Gateway, parent: QObject | None = None):
        super().__init__(parent)
        self.gateway = gateway
        self.undo_stack = QUndoStack(self)
        # The version each claim was left at by this window's last write: an undo or redo
        # is refused if it moved since (someone else changed the claim), whether or not
        # its article is open.
        self._written: dict[str, int] = {}

    def do(self, cmd: Command, expected_version: int | None = None) -> bool:
        """Commit an edit and make it undoable; False (and a signal saying why) if refused."""
        inverse = self.execute(cmd, expected_version=expected_version)
        if inverse is None:
            return False
        self._push_done(cmd, inverse)
        return True

    def _push_done(self, cmd: Command, inverse: Command) -> None:
        """Make an edit already committed (here, or by a job) undoable."""
        self.undo_stack.push(EditCommand(cmd, inverse, self._replay))

    def sign_off(self, title: str, cmd: SignOff, then: Callable[[], Any], label: Label) -> Task:
        """Sign off on the job lane what the rules allow (see `Gateway.sign_off`), then read
        `then()`; what was written joins the undo stack. Failures are the task's to report."""
        task = self.gateway.sign_off(title, cmd, then, label)
        task.sig_finished.connect(self._on_signed_off)
        return task

    def _on_signed_off(self, result: SignedOff) -> None:
        if result.done is None or result.inverse is None:
            return  # the rules refused every claim: nothing to undo
        self._note_written(result.inverse, None)
        self._push_done(result.done, result.inverse)
        self.sig_saved.emit()

    def _replay(self, cmd: Command) -> Command | None:
        expected = None if isinstance(cmd, SignOff) else self._written.get(cmd.claim_id)
        return self.execute(cmd, replayed=True, expected_version=expected)

    def _note_written(self, inverse: Command, version: int | None) -> None:
        if isinstance(inverse, SignOff):  # its inverse carries the versions it wrote
            self._written.update(zip(inverse.claim_ids, inverse.versions or (), strict=False))
        elif version is None:
            self._written.pop(inverse.claim_id, None)
        else:
            self._written[inverse.claim_id] = version

    def execute(
        self, cmd: Command, *, replayed: bool = False, expected_version: int | None = None
    ) -> Command | None:
        """Commit one command; return its inverse, or None after announcing the failure."""
        try:
            inverse, version = self.gateway.execute(cmd, expected_version)
        except StaleClaimError:
            self.sig_stale.emit(STALE)
            return None
        except ValidationError as exc:
            self.sig_invalid.emit(exc.field, exc.message)
            return None
        except ClaimLockedError as exc:
            self.sig_refused.emit(locked_text(exc))
            return None
        except SignOffRefused as exc:
            self.sig_refused.emit(refused_text(exc))
            return None
        except NotFoundError as exc:
            self.sig_stale.emit(f"Not saved: {exc}. It was probably deleted elsewhere.")
            return None
        except LibraryNotOpenedError:
            return None  # the window says why the library did not open, once, and closes
        except ClaimdeskError as exc:
            self.sig_failed.emit(f"Not saved: {exc}")
            return None
        self._note_written(inverse, version)
        self.sig_claim_changed.emit(cmd.claim_id, replayed)
        self.sig_saved.emit()
        return inverse


def locked_message(change: str = "change it") -> str:
    return f"This claim is approved, so it is locked: Reopen… it (with a reason) to {change}."


def locked_text(exc: ClaimLockedError) -> str:
    return locked_message(exc.change)


def refused_text(exc: SignOffRefused) -> str:
    """One claim's refusal in a sentence; several are listed (see dashboard_signoff)."""
    if len(exc.refusals) != 1:
        return str(exc)
    verb = "approved" if exc.state == "approved" else f"set to {exc.state.replace('_', ' ')}"
    return f"Not {verb}: {exc.refusals[0].reason}."
