"""Window fixtures: isolated settings, a preset reviewer, real SQLite files, no stray threads."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QThreadPool
from PySide6.QtWidgets import QApplication

from claimdesk.ui.app import application, open_window
from claimdesk.ui.main_window import MainWindow
from claimdesk.ui.workers import Worker

REVIEWER = "ana"


@pytest.fixture(autouse=True)
def settings_dir(qapp: QApplication, tmp_path: Path) -> Iterator[Path]:
    """Every test gets its own QSettings file; the user's real settings are never read."""
    folder = tmp_path / "settings"
    application()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    QSettings().setValue("reviewer", REVIEWER)
    yield folder


@pytest.fixture(autouse=True)
def no_threads_left(qapp: QApplication) -> Iterator[None]:
    """Fail a test that leaves background work running (after stopping it)."""
    yield
    busy = [w for w in Worker.instances if not w.is_idle() or w.active_threads()]
    for worker in busy:
        worker.shutdown()
    assert not busy, "a test left background work running"
    assert QThreadPool.globalInstance().activeThreadCount() == 0


@pytest.fixture
def open_workspace(qtbot, db_path: Path) -> Iterator[Callable[..., MainWindow]]:
    """Open the window as a person would and wait until an article is on screen."""
    windows: list[MainWindow] = []

    def opener(db: Path = db_path) -> MainWindow:
        window = open_window(db)
        windows.append(window)
        qtbot.waitUntil(
            lambda: window.article is not None and window.worker.is_idle(), timeout=60_000
        )
        return window

    yield opener
    for window in windows:
        window.close()
