"""Start the Qt application on a database; `open_window` is also the entry point for tests."""

from __future__ import annotations

import os
import sys
from importlib.resources import files
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from claimdesk.core import identity
from claimdesk.core.errors import ClaimdeskError, StoreError
from claimdesk.core.first_screen import read_first_screen
from claimdesk.core.library_file import library_path
from claimdesk.core.memory import limit_arenas
from claimdesk.core.reviewer import system_user
from claimdesk.ui.gateway_types import Unopened
from claimdesk.ui.main_window import MainWindow
from claimdesk.ui.palette import app_icon
from claimdesk.ui.reviewer_prompt import ask_name
from claimdesk.ui.window_state import WindowState

if TYPE_CHECKING:
    from claimdesk.ui.gateway import Library

# How often a busy worker thread must hand Python's lock to the GUI thread (Python's default
# is 5 ms). Each Qt event the window handles in Python waits for it: while an article of
# 8,000 claims loaded, the window stalled 40-50 ms at a time at 5 ms, and 12-14 ms at 1 ms.
GIL_SWITCH_INTERVAL = 0.001
REVIEWER_KEY = "reviewer"  # where the window kept the name before it was shared (QSettings)


def application() -> QApplication:
    """The running QApplication (created if needed), named and styled for Claimdesk."""
    sys.setswitchinterval(GIL_SWITCH_INTERVAL)  # for the whole process, as the GUI is
    limit_arenas()  # before the worker threads start: see core.memory
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv)
    app.setOrganizationName("Claimdesk")
    app.setApplicationName("Claimdesk")
    if not app.styleSheet():  # once per process: styling again re-polishes every live widget
        app.setStyle("Fusion")  # the same look on every platform, which the stylesheet builds on
        app.setWindowIcon(app_icon())
        app.setStyleSheet((files("claimdesk.resources") / "style" / "app.qss").read_text("utf-8"))
    return app


def reviewer_identity(option: str | None = None) -> identity.Identity:
    """The name this window records, chosen as the command line chooses it."""
    _share_window_setting()
    return identity.resolve(option)


def _share_window_setting() -> None:
    """Once: the name the window kept in its own settings becomes the shared one, so
    people who named themselves before the setting was shared keep their name."""
    settings = QSettings()
    kept = settings.value(REVIEWER_KEY)
    if kept is None:
        return
    try:
        if identity.saved_reviewer() is None:
            identity.save_reviewer(str(kept))
    except (ClaimdeskError, OSError):
        return  # the shared file is damaged or cannot be written: try again next time
    settings.remove(REVIEWER_KEY)


def ask_reviewer(problem: str | None = None) -> str:
    """Ask once, on first run, who is reviewing; prefilled with the system user name."""
    return ask_name(None, system_user(), first_run=True, problem=problem) or system_user()


def open_window(
    db: str | os.PathLike[str] | None = None, reviewer: str | None = None
) -> MainWindow:
    """Open the database (seeding a new one in the background) and show the window on it.

    Never asks anything: the reviewer comes from `reviewer` (--reviewer),
    $CLAIMDESK_REVIEWER, the shared setting or the system user name, so tests and scripts
    can preset it.
    """
    application()
    window = MainWindow(open_library(db), reviewer_identity(reviewer).name)
    window.show()
    window.start()
    return window


def open_library(db: str | os.PathLike[str] | None = None) -> Library:
    """The library as the window starts on it: a current file's first screen read with
    plain sqlite3 (its store opens behind the window, integrity check included: see
    core.first_screen), else the store, opened here (created, upgraded or checked first),
    so a refusal is said before any window shows."""
    path = library_path(db)
    if path is not None:
        last, _ = WindowState(str(path)).last_opened()
        first = read_first_screen(path, last)
        if first is not None:
            return Unopened(path, first)
    from claimdesk.core.store import open_store  # SQLAlchemy, Alembic if it must upgrade

    return open_store(db)


def run(db: str | None = None, reviewer: str | None = None) -> int:
    app = application()
    who = reviewer_identity(reviewer)
    if who.source is identity.Source.SYSTEM:
        ask_reviewer(who.problem)
    try:
        window = open_window(db, reviewer)
    except StoreError as exc:
        QMessageBox.critical(None, "Claimdesk", str(exc))
        return 2
    window.raise_()
    return app.exec()
