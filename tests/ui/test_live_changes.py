"""Changes committed by another process show in the open window; sign-off is undoable."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from claimdesk.core.commands import SetNote, SetSpan
from claimdesk.core.models import ClaimStatus
from claimdesk.core.services import claims
from claimdesk.core.services.dashboard import list_claims
from claimdesk.core.store import open_store
from claimdesk.ui.article_list import SummaryRole

CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def stored_status(db_path, claim_id: str) -> str:
    """The claim's status as committed, read on a connection of its own (closed after)."""
    con = sqlite3.connect(db_path)
    try:
        return con.execute("SELECT status FROM claims WHERE id=?", (claim_id,)).fetchone()[0]
    finally:
        con.close()


def claimdesk(db: Path, *args: str) -> None:
    """Run the real command line in its own process, as a second user would."""
    done = subprocess.run(
        [sys.executable, "-m", "claimdesk", "--db", str(db), "--reviewer", "ben", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr


def test_a_tag_and_evidence_from_the_command_line_show_in_the_open_window(
    qtbot, open_workspace, db_path
) -> None:
    window = open_workspace()
    claim = window.controller.current_claim()
    other = next(c for c in window.claims.model.rows() if c.id != claim.id)
    assert claim.status == other.status == ClaimStatus.UNREVIEWED

    claimdesk(db_path, "tag", other.id, "disputed", "--evidence", "https://example.org/x")
    qtbot.waitUntil(lambda: window.claims.model.claim(other.id).status == "disputed")
    shown = window.claims.model.claim(other.id)
    assert [e.url for e in shown.evidence] == ["https://example.org/x"]
    assert window.meta.counts()["disputed"] == 1
    assert window.controller.current_claim().id == claim.id  # the reviewer stays where they were

    # The claim on show follows too; the next key press works on the new version.
    claimdesk(db_path, "tag", claim.id, "sourced")
    qtbot.waitUntil(lambda: window.controller.current_claim().status == "sourced")
    qtbot.keyClick(window.view, Qt.Key.Key_2, SHIFT)  # disputed, stay
    assert stored_status(db_path, claim.id) == "disputed"
    assert not window.inspector.notice.isVisible()


def test_a_claim_tagged_here_is_not_announced_again_when_another_process_commits(
    qtbot, open_workspace, db_path
) -> None:
    """The tag key's row is not read back; reading it again later finds nothing new."""
    window = open_workspace()
    claim = window.controller.current_claim()
    other = next(c for c in window.claims.model.rows() if c.id != claim.id)
    qtbot.keyClick(window.view, Qt.Key.Key_1, SHIFT)  # sourced, stay
    assert window.controller.current_claim().status == "sourced"
    announced: list[str] = []
    window.controller.gateway.sig_claims_updated.connect(
        lambda update: announced.extend(after.id for _, after in update.changed)
    )

    claimdesk(db_path, "tag", other.id, "disputed")  # its poll reads our tag's event too
    qtbot.waitUntil(lambda: window.claims.model.claim(other.id).status == "disputed")
    # With it, only claims whose highlight its new status moved (issue 12's budget).
    assert announced[0] == other.id and claim.id not in announced
    assert all(window.controller.gateway.recorded(i).highlighted for i in announced[1:])
    assert window.controller.current_claim().version == claim.version + 1


def test_a_note_typed_over_a_claim_changed_elsewhere_is_refused(
    qtbot, open_workspace, db_path
) -> None:
    window = open_workspace()
    claim = window.controller.current_claim()
    window.inspector.note.setFocus()
    qtbot.keyClicks(window.inspector.note, "my note")
    claimdesk(db_path, "tag", claim.id, "sourced", "--note", "their note")
    qtbot.waitUntil(lambda: window.controller.current_claim().status == "sourced")
    window.inspector.flush_note()
    with sqlite3.connect(db_path) as con:
        row = con.execute("SELECT note FROM claims WHERE id=?", (claim.id,)).fetchone()
    assert row == ("their note",)  # nothing overwritten
    assert window.inspector.notice.isVisible()


def test_an_import_from_another_process_appears_in_the_article_list(
    qtbot, open_workspace, db_path, tmp_path
) -> None:
    window = open_workspace()
    before = window.articles.articles().ids()
    source = tmp_path / "bridge.txt"
    source.write_text("The council said it spent 4 million euros on the bridge in 2023.\n")
    claimdesk(db_path, "import", str(source))
    qtbot.waitUntil(lambda: len(window.articles.articles().ids()) == len(before) + 1)
    assert (
        window.controller.article.id == before[0] or window.controller.article.id in before
    )  # not moved


def test_dashboard_sign_off_is_one_undoable_edit(qtbot, open_workspace, db_path) -> None:
    window = open_workspace()
    store = open_store(db_path)  # ben gives every claim a verdict: only those are approved
    try:
        with store.transaction() as session:
            for claim in list_claims(session):
                claims.set_status(session, claim.id, ClaimStatus.SPECULATIVE, actor="ben")
    finally:
        store.close()
    qtbot.keyClick(window.view, Qt.Key.Key_2, CTRL)
    dashboard = window.dashboard
    qtbot.waitUntil(lambda: dashboard.snapshot is not None and window.controller.worker.is_idle())
    table = dashboard.claim_table
    table.selectAll()
    ids = dashboard.selected_claim_ids()
    assert len(ids) > 2
    marks = ",".join("?" * len(ids))

    def states() -> list[str]:
        with sqlite3.connect(db_path) as con:
            query = f"SELECT review_state FROM claims WHERE id IN ({marks}) ORDER BY id"
            return [r[0] for r in con.execute(query, ids)]

    before = states()
    table.setFocus()
    with qtbot.waitSignal(dashboard.sig_review_changed):
        qtbot.keyClick(table, Qt.Key.Key_A, CTRL | SHIFT)
    assert states() == ["approved"] * len(ids)
    qtbot.waitUntil(lambda: window.actions.undo.isEnabled())
    assert window.actions.undo.text() == f"&Undo Approve {len(ids)} claims"

    qtbot.keyClick(table, Qt.Key.Key_Z, CTRL)
    assert states() == before
    assert window.actions.redo.text() == f"&Redo Approve {len(ids)} claims"
    qtbot.waitUntil(lambda: window.controller.worker.is_idle())


def test_undo_after_another_process_changed_the_claim_is_refused(
    qtbot, open_workspace, db_path
) -> None:
    """Undo checks the version this window wrote, not the record that followed the change."""
    window = open_workspace()
    claim = window.controller.current_claim()
    qtbot.keyClick(window.view, Qt.Key.Key_1, SHIFT)  # sourced, stay
    claimdesk(db_path, "tag", claim.id, "disputed")
    qtbot.waitUntil(lambda: window.controller.current_claim().status == "disputed")

    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert stored_status(db_path, claim.id) == "disputed"  # theirs, not our undo's "unreviewed"
    assert window.inspector.notice.isVisible()
    assert not window.actions.undo.isEnabled()  # the refused step left the stack


def test_undo_of_own_edits_in_a_row_still_works(qtbot, open_workspace, db_path) -> None:
    window = open_workspace()
    claim = window.controller.current_claim()
    qtbot.keyClick(window.view, Qt.Key.Key_1, SHIFT)
    qtbot.keyClick(window.view, Qt.Key.Key_2, SHIFT)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert stored_status(db_path, claim.id) == "unreviewed"
    assert not window.inspector.notice.isVisible()


def test_changes_from_another_process_still_show_after_a_refused_edit(
    qtbot, open_workspace, db_path
) -> None:
    """A refused write rolls back on the same connection; the poll keeps hearing."""
    window = open_workspace()
    claim = window.controller.current_claim()
    other = next(c for c in window.claims.model.rows() if c.id != claim.id)
    refusals: list[str] = []
    window.controller.edits.sig_invalid.connect(lambda field, _: refusals.append(field))
    assert not window.controller.edits.do(SetSpan(claim.id, 5, 2))  # end before start
    assert refusals

    claimdesk(db_path, "tag", other.id, "disputed")
    qtbot.waitUntil(lambda: window.claims.model.claim(other.id).status == "disputed")


def test_only_the_other_process_change_is_announced_as_external(
    qtbot, open_workspace, db_path
) -> None:
    """This window's own edits move the poll's mark; they never come back as external."""
    window = open_workspace()
    claim = window.controller.current_claim()
    other = next(c for c in window.claims.model.rows() if c.id != claim.id)
    external: list[str] = []
    window.controller.gateway.sig_changed.connect(
        lambda changes, own: external.extend(i for c in changes for i in c.claim_ids if not own)
    )
    qtbot.keyClick(window.view, Qt.Key.Key_1, SHIFT)  # sourced, stay
    window.controller.edits.do(SetNote(claim.id, "mine"))

    claimdesk(db_path, "tag", other.id, "disputed")
    qtbot.waitUntil(lambda: window.claims.model.claim(other.id).status == "disputed")
    qtbot.waitUntil(lambda: window.controller.worker.is_idle())
    assert external == [other.id]


def test_a_claim_deleted_elsewhere_in_an_article_not_open_updates_its_count(
    qtbot, open_workspace, db_path
) -> None:
    """Its events go with it (cascade), so the poll compares claim counts per article."""
    window = open_workspace()
    model = window.articles.articles()
    article = next(a for a in model.ids() if a != window.controller.article.id)

    def total() -> int:
        return model.data(model.index(model.row_of(article)), SummaryRole).total

    before = total()
    assert before > 0
    script = (
        "import sqlite3, sys\n"
        "con = sqlite3.connect(sys.argv[1]); con.execute('PRAGMA foreign_keys=ON')\n"
        "con.execute('DELETE FROM claims WHERE id = (SELECT min(id) FROM claims"
        " WHERE article_id = ?)', (sys.argv[2],)); con.commit()\n"
    )
    subprocess.run([sys.executable, "-c", script, str(db_path), article], check=True, timeout=60)
    qtbot.waitUntil(lambda: total() == before - 1)


def test_a_key_pressed_during_a_long_job_write_is_refused_as_busy(
    qtbot, open_workspace, db_path, monkeypatch
) -> None:
    """The one-writer lock is waited for no longer than the busy timeout, as SQLite's was."""
    window = open_workspace()
    claim = window.controller.current_claim()
    gateway = window.controller.gateway
    gateway.store.lock_timeout_s = 0.2  # the busy timeout, shortened for the test
    writing, release = threading.Event(), threading.Event()

    def long_write(store, **_: object) -> None:
        with store.transaction():
            writing.set()
            release.wait(60)

    gateway.job("A long write", long_write)
    assert writing.wait(60)
    failures: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: failures.append(args[2]))
    try:
        qtbot.keyClick(window.view, Qt.Key.Key_1, SHIFT)
    finally:
        release.set()
    assert len(failures) == 1 and "library is busy" in failures[0]
    qtbot.waitUntil(lambda: window.controller.worker.is_idle())
    assert stored_status(db_path, claim.id) == "unreviewed"
    qtbot.keyClick(window.view, Qt.Key.Key_1, SHIFT)  # the job done, the key works again
    assert window.controller.current_claim().status == "sourced"


def test_the_open_article_deleted_elsewhere_gives_way_to_another_without_an_error(
    qtbot, open_workspace, db_path, monkeypatch
) -> None:
    window = open_workspace()
    gone = window.controller.article.id
    errors: list[str] = []
    for kind in ("warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, lambda *args: errors.append(args[2]))
    script = (
        "import sys\n"
        "from claimdesk.core.store import open_store\n"
        "from claimdesk.core.services.articles import delete_article\n"
        "store = open_store(sys.argv[1])\n"
        "with store.transaction() as session:\n"
        "    delete_article(session, sys.argv[2], actor='elsewhere')\n"
    )
    subprocess.run([sys.executable, "-c", script, str(db_path), gone], check=True, timeout=120)
    qtbot.waitUntil(
        lambda: window.controller.article is not None and window.controller.article.id != gone
    )
    qtbot.waitUntil(lambda: window.controller.worker.is_idle())
    assert gone not in window.articles.articles().ids()
    assert errors == []
