"""Start the Qt application on a database; `open_window` is also the entry point for tests."""

from __future__ import annotations

import os
import sys
from importlib.resources import files

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from claimdesk.core.errors import StoreError
from claimdesk.core.reviewer import system_user
from claimdesk.core.store import open_store
from claimdesk.ui.main_window import MainWindow
from claimdesk.ui.palette import app_icon

# How often a busy worker thread must hand Python's lock to the GUI thread (Python's default
# is 5 ms). Each Qt event the window handles in Python waits for it: while an article of
# 8,000 claims loaded, the window stalled 40-50 ms at a time at 5 ms, and 12-14 ms at 1 ms.
GIL_SWITCH_INTERVAL = 0.001
REVIEWER_ENV = "CLAIMDESK_REVIEWER"
REVIEWER_KEY = "reviewer"


def application() -> QApplication:
    """The running QApplication (created if needed), named and styled for Claimdesk."""
    sys.setswitchinterval(GIL_SWITCH_INTERVAL)  # for the whole process, as the GUI is
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


def saved_reviewer() -> str | None:
    """The reviewer named in settings or $CLAIMDESK_REVIEWER, if any."""
    name = QSettings().value(REVIEWER_KEY) or os.environ.get(REVIEWER_ENV)
    if not name:
        return None
    return str(name).strip() or None


def ask_reviewer() -> str:
    """Ask once, on first run, who is reviewing; prefilled with the system user name."""
    name, ok = QInputDialog.getText(
        None,
        "Welcome to Claimdesk",
        "Your name, as it will be recorded on every change you make:",
        text=system_user(),
    )
    reviewer = name.strip() if ok and name.strip() else system_user()
    QSettings().setValue(REVIEWER_KEY, reviewer)
    return reviewer


def open_window(db: str | os.PathLike[str] | None = None) -> MainWindow:
    """Open the database (seeding a new one in the background) and show the window on it.

    Never asks anything: the reviewer comes from settings, $CLAIMDESK_REVIEWER or the
    system user name, so tests and scripts can preset it.
    """
    application()
    store = open_store(db)
    window = MainWindow(store, saved_reviewer() or system_user())
    window.show()
    window.start()
    return window


def run(db: str | None = None) -> int:
    app = application()
    if saved_reviewer() is None:
        ask_reviewer()
    try:
        window = open_window(db)
    except StoreError as exc:
        QMessageBox.critical(None, "Claimdesk", str(exc))
        return 2
    window.raise_()
    return app.exec()
