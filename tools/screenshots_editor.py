"""Render the editor's views offscreen into docs/screenshots/: the dashboard after a bulk
sign-off, People…, an approved (locked) claim, the export dialog, and the dashboard filtered
on "Checked before" once a small ClaimReview feed is imported and matched.

Run: python tools/screenshots_editor.py  (seeds a temporary library, tags a few claims as
three reviewers and signs some off as ed, the editor, so the roll-ups and the chart have
something to show).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication
from screenshots import (
    SMALL,
    import_feed,
    open_ready,
    resize,
    save,
    settle,
    temporary_user,
    wait_until,
)

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

VERDICTS = [w for w in WORK if w[1] != "dismissed"]


def populate(store: object) -> None:
    """Tag and annotate some seed claims as ana, ben and eve; ed, the editor, signs off."""
    from claimdesk.core.seeding import ensure_seeded
    from claimdesk.core.services import claims, evidence
    from claimdesk.core.services.dashboard import list_claims
    from claimdesk.core.statuses import default_stance

    ensure_seeded(store)  # type: ignore[arg-type]
    with store.transaction() as session:  # type: ignore[attr-defined]
        ids = [c.id for c in list_claims(session)]
        for n, status, who, url, state in WORK:
            claims.set_status(session, ids[n], status, actor=who)
            if url:
                evidence.add_evidence(
                    session,
                    ids[n],
                    url,
                    actor=who,
                    title="Press release",
                    stance=default_stance(status),
                )
            if state != "draft":
                claims.set_review_state(session, ids[n], state, actor="ed")  # the editor
        claims.set_note(session, ids[2], "Figures differ from the annual report.", actor="ben")
        claims.set_note_public(session, ids[2], True, actor="ben")  # printed in publications


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


def sign_off_selection(window: object, rows: int) -> None:
    """Approve the first `rows` claims with a verdict at once, as the editor: the rules
    approve what they may and list the rest (no evidence, or already approved)."""
    from claimdesk.ui.dashboard_model import CLAIM_HEADERS

    dashboard = window.dashboard  # type: ignore[attr-defined]
    table = dashboard.claim_table
    table.sortByColumn(CLAIM_HEADERS.index("Status"), Qt.SortOrder.AscendingOrder)
    wait_until(window.controller.worker.is_idle)  # type: ignore[attr-defined]
    settle()
    table.clearSelection()
    for row in range(rows):
        table.selectionModel().select(
            table.model().index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )
    settle()
    task = dashboard.sign_off.set_review_state("approved")
    assert task is not None, "nothing selected to sign off"
    wait_until(lambda: dashboard.sign_off.task is None and window.controller.worker.is_idle())  # type: ignore[attr-defined]
    settle(0.5)


def shoot_checked_before(folder: Path) -> None:
    """The dashboard filtered on "Checked before" at 1280×800: the sample library with its
    verdicts and a small ClaimReview feed, once the background scan has matched every claim."""
    from claimdesk.core.store import open_store

    db = folder / "checked-before.sqlite3"
    store = open_store(db)
    populate(store)
    import_feed(store, folder)
    store.close()
    window = open_ready(db, SMALL)
    w = window  # type: ignore[assignment]
    scanner, gateway = w.match_scanner, w.controller.gateway  # type: ignore[attr-defined]
    wait_until(
        lambda: scanner.task is None and gateway.worker.is_idle() and not gateway.match_pending(),
        timeout=120,
    )
    w.actions.dashboard.trigger()  # type: ignore[attr-defined]
    dashboard = w.dashboard  # type: ignore[attr-defined]
    wait_until(lambda: dashboard.snapshot is not None and gateway.worker.is_idle())
    earlier = dashboard.filters.earlier
    earlier.setCurrentIndex(earlier.findText("Checked before"))
    wait_until(gateway.worker.is_idle)
    settle(0.5)
    save(w, "dashboard-checked-before")  # type: ignore[arg-type]
    w.close()  # type: ignore[attr-defined]
    settle()


def main() -> int:
    with temporary_user("ed") as (_app, folder):
        home = folder / "home" / "ed"
        (home / "Reports").mkdir(parents=True)
        os.environ["HOME"] = str(home)  # so ~/Reports in the dialog is a real folder
        from claimdesk.core.store import open_store

        db = folder / "screenshots.sqlite3"
        store = open_store(db)
        populate(store)
        store.close()

        # The real window, on its Dashboard tab (Ctrl+2), as the editor sees it after
        # approving a selection of which the rules refuse a part.
        window = open_ready(db, (1440, 900))
        window.actions.dashboard.trigger()  # type: ignore[attr-defined]
        dashboard = window.dashboard  # type: ignore[attr-defined]
        wait_until(lambda: dashboard.snapshot is not None and window.controller.worker.is_idle())  # type: ignore[attr-defined]
        dashboard.filters.status.setCurrentIndex(1)  # not dismissed
        wait_until(window.controller.worker.is_idle)  # type: ignore[attr-defined]
        settle()
        sign_off_selection(window, len(VERDICTS))
        save(window, "dashboard")  # type: ignore[arg-type]
        extra = os.environ.get("CLAIMDESK_SHOTS_EXTRA")  # a folder for shots not in the docs
        if extra:
            shoot_extras(Path(extra), window.controller.gateway, dashboard)  # type: ignore[attr-defined]

        # File > People…: everyone who worked in the library.
        people = window.show_people()  # type: ignore[attr-defined]
        wait_until(lambda: people.table.rowCount() > 0)
        settle()
        save(people, "people")
        people.close()

        # An approved claim in the workspace at 1280×800: the lock, who approved, Reopen….
        window.actions.workspace.trigger()  # type: ignore[attr-defined]
        resize(window, SMALL)  # type: ignore[arg-type]
        first = window.claims.model.rows()[0]  # type: ignore[attr-defined]
        window.controller.select_claim(first.id)  # type: ignore[attr-defined]
        settle()
        assert window.inspector.is_locked(), "the first sample claim should be approved"  # type: ignore[attr-defined]
        save(window, "locked-claim")  # type: ignore[arg-type]

        # File > Export report… (Ctrl+E) from the workspace: the open article is preselected.
        window.editor.open_url = lambda _url: True  # type: ignore[attr-defined]
        window.actions.export.trigger()  # type: ignore[attr-defined]
        dialog = QApplication.activeModalWidget()
        dialog.kind.setCurrentIndex(dialog.kind.findData("publication"))  # type: ignore[union-attr]
        dialog.path.setText("~/Reports/claims-report.html")  # type: ignore[union-attr]
        dialog.organisation.setText("Northern Fact-Check Desk")  # type: ignore[union-attr]
        settle()
        save(dialog, "export-dialog")  # type: ignore[arg-type]
        dialog.close()  # type: ignore[union-attr]
        window.close()  # type: ignore[attr-defined]
        settle()
        shoot_checked_before(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
