"""Runs every edit as one transaction, keeps the undo stack, and says what changed or failed."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from sqlalchemy.exc import SQLAlchemyError

from claimdesk.core.commands import AddClaim, Batch, Command
from claimdesk.core.errors import ClaimdeskError, NotFoundError, StaleClaimError, ValidationError
from claimdesk.ui.claim_table_model import ClaimTableModel
from claimdesk.ui.library import Library
from claimdesk.ui.undo import EditCommand


class EditController(QObject):
    sig_claim_changed = Signal(object, bool)  # ClaimRow; True when an undo or redo did it
    sig_claim_removed = Signal(str)  # claim id
    sig_stale = Signal(object, str)  # the ClaimRow as stored now (or None), message
    sig_invalid = Signal(str, str)  # field, message
    sig_failed = Signal(str)  # message: the change was not saved
    sig_saved = Signal()

    def __init__(self, library: Library, claims: ClaimTableModel, parent: QObject | None = None):
        super().__init__(parent)
        self.library = library
        self.claims = claims
        self.undo_stack = QUndoStack(self)

    def do(self, cmd: Command) -> bool:
        """Commit an edit and make it undoable; False (and a signal saying why) if refused."""
        inverse = self.execute(cmd)
        if inverse is None:
            return False
        self.undo_stack.push(EditCommand(cmd, inverse, self._replay))
        return True

    def _replay(self, cmd: Command) -> Command | None:
        return self.execute(cmd, replayed=True)

    def execute(self, cmd: Command, *, replayed: bool = False) -> Command | None:
        """Commit one command; return its inverse, or None after announcing the failure."""
        try:
            shown = self.claims.claim(cmd.claim_id)
            inverse, row = self.library.execute(cmd, self._expected_version(cmd), shown)
        except StaleClaimError as exc:
            fresh = self.library.claim(exc.claim_id)
            self.sig_stale.emit(
                fresh,
                "This claim was changed in another window or by another reviewer, so your "
                "change was not applied. It now shows the latest version.",
            )
            return None
        except ValidationError as exc:
            self.sig_invalid.emit(exc.field, exc.message)
            return None
        except NotFoundError as exc:
            self.sig_stale.emit(None, f"Not saved: {exc}. It was probably deleted elsewhere.")
            return None
        except (ClaimdeskError, SQLAlchemyError) as exc:
            self.sig_failed.emit(f"Not saved: {exc}")
            return None
        if row is None:
            self.sig_claim_removed.emit(cmd.claim_id)
        else:
            self.sig_claim_changed.emit(row, replayed)
        self.sig_saved.emit()
        return inverse

    def _expected_version(self, cmd: Command) -> int | None:
        # The version the window shows: a different one in the database means someone else
        # changed the claim, and overwriting their work silently would lose it.
        if isinstance(cmd, AddClaim) or (
            isinstance(cmd, Batch) and isinstance(cmd.commands[0], AddClaim)
        ):
            return None
        row = self.claims.claim(cmd.claim_id)
        return row.version if row is not None else None
