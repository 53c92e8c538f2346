"""Window fixtures: isolated settings, a preset reviewer, real SQLite files, no stray threads,
and no window outliving its test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QEvent, QSettings, QThreadPool
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from claimdesk.core import identity
from claimdesk.ui.app import application, open_window
from claimdesk.ui.main_window import MainWindow
from claimdesk.ui.workers import Worker

REVIEWER = "ana"
HANG_GUARD_MS = 60_000


class PatientQtBot(QtBot):
    """qtbot whose waits give up after a minute, not pytest-qt's 5 s: they only guard against
    a hang, and on a busy machine the same work is slower, not broken."""

    def waitUntil(self, callback, *, timeout: int = HANG_GUARD_MS) -> None:  # noqa: N802
        super().waitUntil(callback, timeout=timeout)

    def waitSignal(self, signal, *, timeout: int = HANG_GUARD_MS, **options):  # noqa: N802
        return super().waitSignal(signal, timeout=timeout, **options)


@pytest.fixture
def qtbot(qapp: QApplication, request: pytest.FixtureRequest) -> PatientQtBot:
    return PatientQtBot(request)


@pytest.fixture(autouse=True)
def settings_dir(qapp: QApplication, tmp_path: Path) -> Iterator[Path]:
    """Every test gets its own QSettings file; the user's real settings are never read."""
    folder = tmp_path / "settings"
    application()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    identity.save_reviewer(REVIEWER)  # in the config folder the root conftest isolates
    yield folder


@pytest.fixture(autouse=True)
def no_threads_left(qapp: QApplication) -> Iterator[None]:
    """Fail a test that leaves background work running (after stopping it)."""
    yield
    alive = [w for w in Worker.instances if shiboken6.isValid(w)]  # deleted with their window
    busy = [w for w in alive if not w.is_idle() or w.active_threads()]
    for worker in busy:
        worker.shutdown()
    assert not busy, "a test left background work running"
    assert QThreadPool.globalInstance().activeThreadCount() == 0


def _windows(app: QApplication) -> dict[int, QWidget]:
    """The live top-level widgets by address (a widget's Python wrapper may change)."""
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # carry out deleteLater()
    return {shiboken6.getCppPointer(w)[0]: w for w in app.topLevelWidgets()}


@pytest.fixture(autouse=True)
def no_windows_left(qapp: QApplication) -> Iterator[None]:
    """Fail a test that leaves a window alive: a closed window is only hidden, and each one kept
    ~270 widgets that every later test paid for (stylesheet, events, setup time)."""
    before = _windows(qapp)
    yield
    left = [w for address, w in _windows(qapp).items() if address not in before]
    assert not left, f"a test left windows alive: {[type(w).__name__ for w in left]}"


@pytest.fixture
def open_workspace(qtbot, db_path: Path) -> Iterator[Callable[..., MainWindow]]:
    """Open the window as a person would and wait until an article is on screen."""
    windows: list[MainWindow] = []

    def opener(db: Path = db_path) -> MainWindow:
        window = open_window(db)
        windows.append(window)
        qtbot.waitUntil(
            lambda: window.controller.article is not None and window.controller.worker.is_idle(),
            timeout=60_000,
        )
        return window

    yield opener
    for window in windows:
        if window.isVisible():  # not closed by the test itself
            window.close()
        window.deleteLater()
