"""Claims › Learn from our decisions…: learning in the background with progress and Cancel,
the comparison, adopting on a click, the versions and restoring, too few decisions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QPushButton, QTableWidget

from claimdesk.core.extraction.nlp import RULE_ONLY_ENV
from claimdesk.core.seeding import ensure_seeded
from claimdesk.core.store import open_store
from claimdesk.ui.learn_dialog import LearnDialog
from learning_library import copy_of


@pytest.fixture
def reviewed(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """The reviewed library; the learning child scores with the rule-only pipeline, which
    loads in a moment (the shipped model's own comparison is tested in tests/core/learning)."""
    copied = copy_of(tmp_path_factory, tmp_path / "reviewed.sqlite3")
    monkeypatch.setenv(RULE_ONLY_ENV, "1")
    return copied


def _open(window: object) -> LearnDialog:
    window.actions.learn.trigger()  # type: ignore[attr-defined]
    dialog = window.findChild(LearnDialog, "learnDialog")  # type: ignore[attr-defined]
    assert isinstance(dialog, LearnDialog) and dialog.isVisible()
    return dialog


def _meta(db: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(db) as connection:
        return connection.execute(
            "SELECT key, value FROM claimdesk_meta WHERE key = 'detector_model'"
        ).fetchall()


def test_learn_compare_adopt_and_restore(qtbot, open_workspace, reviewed: Path) -> None:
    window = open_workspace(reviewed)
    dialog = _open(window)
    progress = dialog.findChild(QProgressBar, "learnProgress")
    message = dialog.findChild(QLabel, "learnMessage")
    adopt = dialog.findChild(QPushButton, "adoptModel")
    assert not adopt.isEnabled() and dialog.findChild(QPushButton, "cancelLearning").isVisible()
    qtbot.waitUntil(lambda: progress.value() > 0 or adopt.isEnabled(), timeout=90_000)
    qtbot.waitUntil(adopt.isEnabled, timeout=90_000)
    assert "held back" in message.text()  # which model wins is tests/core/learning's business
    assert "can differ by chance" in message.text()  # the test library holds back fewer than 100
    assert "No library model has been adopted yet" in dialog.findChild(QLabel, "modelInUse").text()
    table = dialog.findChild(QTableWidget, "comparisonTable")
    assert table.rowCount() == 2
    assert table.verticalHeaderItem(1).text() == "The shipped model"
    assert all(0 <= float(table.item(row, 2).text()) <= 1 for row in (0, 1))
    assert table.item(0, 2).textAlignment() & Qt.AlignmentFlag.AlignRight  # digits line up
    assert _meta(reviewed) == []  # nothing adopted before the click

    qtbot.mouseClick(adopt, Qt.MouseButton.LeftButton)
    versions = dialog.findChild(QTableWidget, "modelVersions")
    qtbot.waitUntil(lambda: versions.rowCount() == 1, timeout=10_000)
    assert "Adopted as library model 1" in message.text()
    assert versions.item(0, 1).text() == "in use"
    assert _meta(reviewed) == [("detector_model", "1")]

    shipped = dialog.findChild(QPushButton, "useShipped")
    qtbot.mouseClick(shipped, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: versions.item(0, 1).text() == "", timeout=10_000)
    assert _meta(reviewed) == [] and not shipped.isEnabled()
    versions.selectRow(0)
    restore = dialog.findChild(QPushButton, "restoreVersion")
    assert restore.isEnabled()
    qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: versions.item(0, 1).text() == "in use", timeout=10_000)
    assert _meta(reviewed) == [("detector_model", "1")]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_cancel_stops_the_learning(qtbot, open_workspace, reviewed: Path) -> None:
    window = open_workspace(reviewed)
    dialog = _open(window)
    cancel = dialog.findChild(QPushButton, "cancelLearning")
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    message = dialog.findChild(QLabel, "learnMessage")
    qtbot.waitUntil(lambda: message.text().startswith("Cancelled"), timeout=20_000)
    assert not cancel.isVisible() and not dialog.findChild(QPushButton, "adoptModel").isEnabled()
    qtbot.waitUntil(window.controller.worker.is_idle, timeout=10_000)
    dialog.close()


def test_too_few_decisions_and_a_missing_model_are_said(qtbot, open_workspace, db_path) -> None:
    store = open_store(db_path)  # the sample articles, nothing decided (and not extracted)
    ensure_seeded(store, extract_claims=False)
    store.close()
    with sqlite3.connect(db_path) as connection:
        connection.execute("INSERT INTO claimdesk_meta VALUES ('detector_model', '7')")
    window = open_workspace(db_path)
    dialog = _open(window)
    message = dialog.findChild(QLabel, "learnMessage")
    qtbot.waitUntil(lambda: "needs at least 40" in message.text(), timeout=20_000)
    assert "this library has 0: 0 claims and 0 dismissed" in message.text()
    assert not dialog.findChild(QProgressBar, "learnProgress").isVisible()
    in_use = dialog.findChild(QLabel, "modelInUse")
    qtbot.waitUntil(lambda: "Library model 7 is missing" in in_use.text(), timeout=10_000)
    assert "shipped model" in in_use.text()
    dialog.close()
