"""Render the editor's dashboard and the export dialog offscreen into docs/screenshots/.

Run: python tools/screenshots_editor.py  (seeds a temporary library, tags and signs off a few
claims as three reviewers so the roll-ups and the chart have something to show).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from screenshots import OUT, settle, wait_until

WORK = [  # (claim number in the library, status, who tags it, evidence url or "", sign-off)
    (0, "sourced", "ana", "https://www.fujitsu.com/global/about/resources/news/", "approved"),
    (1, "sourced", "ana", "", "needs_review"),
    (2, "disputed", "ben", "https://www.example.org/fact-check", "needs_review"),
    (3, "speculative", "ben", "", "approved"),
    (4, "dismissed", "ana", "", "draft"),
    (5, "sourced", "eve", "https://www.anthropic.com/news", "approved"),
    (16, "disputed", "ben", "", "draft"),
    (17, "sourced", "eve", "https://www.palantir.com/newsroom/", "approved"),
    (18, "speculative", "eve", "", "needs_review"),
    (19, "sourced", "ana", "", "draft"),
    (20, "dismissed", "ben", "", "draft"),
]


def populate(store: object) -> None:
    """Tag and annotate some seed claims as ana, ben and eve; ed, the editor, signs off."""
    from claimdesk.core.seeding import ensure_seeded
    from claimdesk.core.services import claims, evidence
    from claimdesk.core.services.dashboard import list_claims

    ensure_seeded(store)  # type: ignore[arg-type]
    with store.transaction() as session:  # type: ignore[attr-defined]
        ids = [c.id for c in list_claims(session)]
        for n, status, who, url, state in WORK:
            claims.set_status(session, ids[n], status, actor=who)
            if url:
                evidence.add_evidence(session, ids[n], url, actor=who, title="Press release")
            if state != "draft":
                claims.set_review_state(session, ids[n], state, actor="ed")  # the editor
        claims.set_note(session, ids[2], "Figures differ from the annual report.", actor="ben")


def shoot_extras(folder: Path, gateway: object, dashboard: object) -> None:
    """The attention filter and the history pane, for checking by eye while working on them."""
    from claimdesk.ui.history_pane import HistoryPane

    folder.mkdir(parents=True, exist_ok=True)
    dashboard.clear_filters()  # type: ignore[attr-defined]
    dashboard.filters.attention.setChecked(True)  # type: ignore[attr-defined]
    settle()
    dashboard.grab().save(str(folder / "dashboard-attention.png"))  # type: ignore[attr-defined]
    claim = dashboard.claims.rows()[0]  # type: ignore[attr-defined]
    pane = HistoryPane(gateway)  # type: ignore[arg-type]
    pane.resize(420, 320)
    pane.show_claim(claim.id)
    pane.show()
    settle()
    pane.grab().save(str(folder / "history-pane.png"))
    pane.close()


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp) / "home" / "ana"
        (home / "Reports").mkdir(parents=True)
        os.environ["HOME"] = str(home)  # so ~/Reports in the dialog is a real folder
        app = QApplication(sys.argv[:1])
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        from claimdesk.core.store import open_store
        from claimdesk.ui.app import application, open_window

        application()
        QSettings().setValue("reviewer", "eve")
        db = Path(tmp) / "screenshots.sqlite3"
        store = open_store(db)
        populate(store)
        store.close()
        OUT.mkdir(parents=True, exist_ok=True)

        # The real window, on its Dashboard tab (Ctrl+2), as the editor sees it.
        window = open_window(db)
        window.resize(1440, 900)
        wait_until(
            lambda: window.controller.article is not None and window.controller.worker.is_idle()
        )
        window.actions.dashboard.trigger()
        dashboard = window.dashboard
        wait_until(lambda: dashboard.snapshot is not None and window.controller.worker.is_idle())
        dashboard.filters.status.setCurrentIndex(1)  # not dismissed
        dashboard.claim_table.selectRow(1)
        settle()
        window.grab().save(str(OUT / "dashboard.png"))
        extra = os.environ.get("CLAIMDESK_SHOTS_EXTRA")  # a folder for shots not in the docs
        if extra:
            shoot_extras(Path(extra), window.controller.gateway, dashboard)

        # File > Export report… (Ctrl+E) from the workspace: the open article is preselected.
        window.actions.workspace.trigger()
        window.editor.open_url = lambda _url: True
        window.actions.export.trigger()
        dialog = QApplication.activeModalWidget()
        dialog.path.setText("~/Reports/claims-report.html")  # type: ignore[union-attr]
        dialog.organisation.setText("Northern Fact-Check Desk")  # type: ignore[union-attr]
        settle()
        dialog.grab().save(str(OUT / "export-dialog.png"))  # type: ignore[union-attr]
        dialog.close()  # type: ignore[union-attr]
        window.close()
        settle()
        del app
    for name in ("dashboard", "export-dialog"):
        print(OUT / f"{name}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
