"""What every window benchmark does first: a Qt app, private settings and a scratch folder."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from claimdesk.core import identity

if TYPE_CHECKING:
    from claimdesk.ui.main_window import MainWindow


def scratch_app() -> tuple[QApplication, Path]:
    """The app, with settings (reviewer "bench") kept in a new scratch folder, and the folder."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp(prefix="claimdesk-bench-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    os.environ["CLAIMDESK_CONFIG_DIR"] = str(folder)  # the shared reviewer name too
    identity.save_reviewer("bench")
    return app, folder  # type: ignore[return-value]


def wait_until(condition: Callable[[], bool], each: Callable[[], None] = lambda: None) -> None:
    """Run the event loop until `condition` holds, calling `each` after every turn."""
    app = QApplication.instance()
    while not condition():
        app.processEvents()
        each()


def open_window_idle(db: Path, each: Callable[[], None] = lambda: None) -> MainWindow:
    """The real window on `db`, once its first article is shown and no job is running."""
    from claimdesk.ui.app import open_window

    window = open_window(db)
    wait_until(
        lambda: window.controller.article is not None and window.controller.worker.is_idle(), each
    )
    return window
