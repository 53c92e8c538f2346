"""Render the real window offscreen into docs/screenshots/ (run: python tools/screenshots.py)."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, QSettings
from PySide6.QtWidgets import QApplication, QLabel

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"


def wait_until(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        QApplication.processEvents()
        time.sleep(0.01)


def settle(seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        app = QApplication(sys.argv[:1])
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        from claimdesk.ui.app import application, open_window

        application()  # names the settings file before the reviewer is written to it
        QSettings().setValue("reviewer", "ana")

        window = open_window(Path(tmp) / "screenshots.sqlite3")
        window.resize(1600, 1000)
        wait_until(
            lambda: window.controller.article is not None and window.controller.worker.is_idle()
        )
        # Show a reviewer part-way through: a few verdicts, one with evidence and a note.
        model = window.claims.model
        rows = model.rows()
        for claim, status in zip(
            rows[:4], ("sourced", "disputed", "speculative", "dismissed"), strict=False
        ):
            window.controller.select_claim(claim.id)
            window.controller.tag_current(status, advance=False)
        window.controller.select_claim(rows[1].id)
        window.inspector.evidence.start_new()
        window.inspector.evidence.url.setText("https://www.example.org/annual-report-2024")
        window.inspector.evidence.title.setText("Annual report 2024, p. 12")
        window.inspector.evidence.stance.setCurrentIndex(1)
        window.inspector.evidence._on_save_clicked()
        window.inspector.note.setPlainText(
            "Figure differs from the annual report; asked press office."
        )
        window.inspector.flush_note()
        # The disputed claim as a reviewer sees it, outlined in the article, the inspector from
        # its status buttons down.
        window.controller.select_claim(rows[1].id)
        settle()
        OUT.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(OUT / "workspace.png"))

        # The same claim's inspector scrolled down to its History (who did what, when).
        inspector = window.inspector
        why = next(x for x in inspector.body.findChildren(QLabel) if x.text().startswith("Why"))
        inspector.verticalScrollBar().setValue(why.mapTo(inspector.widget(), QPoint()).y() - 2)
        settle()
        inspector.grab().save(str(OUT / "inspector-history.png"))
        inspector.verticalScrollBar().setValue(0)

        window.right_split.setSizes([270, 520])  # the default again
        window.controller.select_claim(rows[1].id)
        window.inspector.evidence.start_new()
        window.inspector.evidence.url.setText("javascript:alert(1)")
        settle()
        window.grab().save(str(OUT / "evidence-editor.png"))
        window.inspector.evidence.close_form()

        sheet = window.show_cheat_sheet()
        settle()
        sheet.grab().save(str(OUT / "cheat-sheet.png"))
        sheet.close()
        window.close()
        settle()
        del app
    for name in ("workspace", "inspector-history", "evidence-editor", "cheat-sheet"):
        print(OUT / f"{name}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
