"""QUndoCommand as a thin adapter over core commands, whose inverses are plain data."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from claimdesk.core.commands import Command, SetNote

# Runs a command in one transaction and returns its inverse, or None if it failed (the
# runner has told the user why).
Runner = Callable[[Command], Command | None]

_NOTE_MERGE_ID = 1


class EditCommand(QUndoCommand):
    """An edit already committed when pushed; undo and redo each commit the opposite value."""

    def __init__(self, cmd: Command, inverse: Command, run: Runner) -> None:
        super().__init__(cmd.label)
        self.cmd = cmd
        self.inverse = inverse
        self._run = run
        self._applied = True  # QUndoStack.push calls redo() at once; the edit is already in

    def redo(self) -> None:
        if self._applied:
            self._applied = False
            return
        inverse = self._run(self.cmd)
        if inverse is None:
            self.setObsolete(True)  # the stack drops a command it can no longer replay
        else:
            self.inverse = inverse

    def undo(self) -> None:
        cmd = self._run(self.inverse)
        if cmd is None:
            self.setObsolete(True)
        else:
            self.cmd = cmd

    def id(self) -> int:
        return _NOTE_MERGE_ID if isinstance(self.cmd, SetNote) else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt override
        """Typing a note commits every pause, but one undo takes back the whole edit.

        An edit that ends where it began (typed, then erased) leaves the stack: its undo
        would change nothing.
        """
        if (
            isinstance(other, EditCommand)
            and isinstance(other.cmd, SetNote)
            and isinstance(self.cmd, SetNote)
            and other.cmd.claim_id == self.cmd.claim_id
        ):
            self.cmd = other.cmd
            self.setObsolete(self.cmd == self.inverse)
            return True
        return False
