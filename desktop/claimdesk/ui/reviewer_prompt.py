"""Asking who is reviewing, at first run and from File › Change reviewer name….

The answer is saved in the shared setting (`core.identity`), not in the window's own
settings, so that the command line records the same name.
"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from claimdesk.core import identity
from claimdesk.core.errors import ValidationError

FIRST_RUN = ("Welcome to Claimdesk", "Your name, as it will be recorded on every change you make:")
CHANGE = ("Reviewer", "Your name, recorded on every change (here and on the command line):")


def ask_name(
    parent: QWidget | None, current: str, *, first_run: bool = False, problem: str | None = None
) -> str | None:
    """The name typed and saved, or None if the person cancelled.

    A name refused (empty, a line break) is said and asked again; one that cannot be saved
    (a read-only config folder) is still used until the window closes.
    """
    title, label = FIRST_RUN if first_run else CHANGE
    if problem:
        label = f"Your saved name could not be read ({problem}).\n\n{label}"
    while True:
        name, ok = QInputDialog.getText(parent, title, label, text=current)
        if not ok:
            return None
        try:
            return identity.save_reviewer(name)
        except ValidationError as exc:
            QMessageBox.warning(parent, title, str(exc))
            current = name
        except OSError as exc:
            QMessageBox.warning(
                parent,
                title,
                f"{identity.settings_path()}: not saved ({exc.strerror or exc}); "
                "the name is used until Claimdesk closes",
            )
            return identity.check_name(name)
