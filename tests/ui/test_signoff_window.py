"""Sign-off in the real window, as an editor would do it: the rules, the lock, reopen, policy."""

from __future__ import annotations

import gc
import sqlite3
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from claimdesk.core import commands
from claimdesk.core.store import open_store
from claimdesk.ui.dashboard_model import COL_REVIEW
from claimdesk.ui.dialogs.reopen_dialog import ReopenDialog

KEY = Qt.Key
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton


@pytest.fixture(autouse=True)
def collect_garbage() -> Iterator[None]:
    yield
    gc.collect()


def stored(db_path, claim_id: str, columns: str = "status, review_state") -> tuple:
    with sqlite3.connect(db_path) as con:
        return con.execute(f"SELECT {columns} FROM claims WHERE id=?", (claim_id,)).fetchone()


def refusal_shown(window, words: str) -> bool:
    """The refusal is in the inspector's banner and in the status bar."""
    notice = window.inspector.notice
    return (
        notice.isVisible()
        and words in notice.text()
        and words in window.statusBar().currentMessage()
    )


def add_evidence(qtbot, window, url: str = "https://example.org/figures") -> None:
    """E, type the address, Enter: as a reviewer attaches a source."""
    evidence = window.inspector.evidence
    qtbot.keyClick(window.view, KEY.Key_E)
    assert evidence.is_open()
    qtbot.keyClicks(evidence.url, url)
    count = len(window.controller.current_claim().evidence)
    qtbot.keyClick(evidence.url, KEY.Key_Return)
    qtbot.waitUntil(lambda: len(window.controller.current_claim().evidence) == count + 1)
    window.view.setFocus()


def approve_own(qtbot, window) -> str:
    """Tag the current claim sourced, attach a source, press A: approved by its own tagger."""
    claim = window.controller.current_claim()
    qtbot.keyClick(window.view, KEY.Key_1, SHIFT)
    add_evidence(qtbot, window)
    qtbot.keyClick(window.view, KEY.Key_A)
    qtbot.waitUntil(lambda: window.controller.current_claim().review_state == "approved")
    return claim.id


def history_lines(qtbot, window, claim_id: str) -> list[str]:
    window.history.refresh()
    qtbot.waitUntil(lambda: window.history.claim_id() == claim_id)
    qtbot.waitUntil(window.controller.worker.is_idle)
    return [line.what for line in window.history.lines()]


def test_key_a_refuses_a_claim_without_verdict_or_evidence(qtbot, open_workspace, db_path):
    window = open_workspace()
    claim = window.controller.current_claim()
    assert claim.status == "unreviewed"

    qtbot.keyClick(window.view, KEY.Key_A)
    assert refusal_shown(window, "Not approved: no verdict yet")
    assert stored(db_path, claim.id) == ("unreviewed", "draft")

    qtbot.keyClick(window.view, KEY.Key_1, SHIFT)  # sourced, staying on the claim
    qtbot.keyClick(window.view, KEY.Key_A)
    assert refusal_shown(window, "Not approved: sourced but no evidence")
    assert stored(db_path, claim.id) == ("sourced", "draft")

    add_evidence(qtbot, window)
    qtbot.keyClick(window.view, KEY.Key_A)
    assert stored(db_path, claim.id, "review_state, reviewed_by") == ("approved", "ana")


def test_policy_on_refuses_self_approval_off_marks_it_on_the_dashboard(
    qtbot, open_workspace, db_path
):
    window = open_workspace()
    policy = window.actions.policy
    assert policy[None].isChecked()  # automatic: ana alone, so self-approval is allowed
    assert policy[None].text().endswith("(now off)")

    policy[True].trigger()  # Claims › A second person must approve › On
    assert policy[True].isChecked()
    claim = window.controller.current_claim()
    qtbot.keyClick(window.view, KEY.Key_1, SHIFT)
    add_evidence(qtbot, window)
    qtbot.keyClick(window.view, KEY.Key_A)
    assert refusal_shown(window, "you set its verdict; a second person must approve")
    assert stored(db_path, claim.id) == ("sourced", "draft")

    policy[False].trigger()
    qtbot.keyClick(window.view, KEY.Key_A)
    assert stored(db_path, claim.id, "review_state") == ("approved",)
    assert "self-approved" in window.inspector.reviewed_by.text()

    qtbot.keyClick(window.view, KEY.Key_2, CTRL)  # the dashboard
    dashboard = window.dashboard
    qtbot.waitUntil(lambda: dashboard.snapshot is not None and window.controller.worker.is_idle())
    assert "self-approval allowed" in dashboard.policy_line.text()
    assert "switched off" in dashboard.policy_line.text()
    model = dashboard.claims
    index = model.index(model.row_of(claim.id), COL_REVIEW)
    assert index.data() == "✓ Approved (self)"
    assert "ana also set its verdict" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert "Approved: 1 (1 self-approved)" in dashboard.sign_off_summary.text()


def test_policy_switch_is_kept_in_the_library_and_recorded(qtbot, open_workspace, db_path):
    window = open_workspace()
    window.actions.policy[True].trigger()
    window.close()
    with sqlite3.connect(db_path) as con:
        assert con.execute(
            "SELECT value FROM claimdesk_meta WHERE key='second_person'"
        ).fetchone() == ("on",)
        assert con.execute(
            "SELECT actor, before, after FROM library_events WHERE action='policy'"
        ).fetchall() == [("ana", '"auto"', '"on"')]
    again = open_workspace()
    qtbot.waitUntil(lambda: again.actions.policy[True].isChecked())


def test_bulk_sign_off_approves_what_it_may_and_lists_the_refused(qtbot, open_workspace, db_path):
    window = open_workspace()
    rows = window.claims.model.rows()
    sourced_bare, speculative, unreviewed = rows[0].id, rows[1].id, rows[2].id
    already = rows[3].id
    store = open_store(db_path)  # a colleague, in another process's place
    try:
        with store.transaction() as session:
            commands.apply(session, commands.SetStatus(sourced_bare, "sourced"), "ben")
            commands.apply(session, commands.SetStatus(speculative, "speculative"), "ben")
            commands.apply(session, commands.SetStatus(already, "speculative"), "ben")
            commands.apply(session, commands.SetReviewState(already, "approved"), "ana")
    finally:
        store.close()

    qtbot.keyClick(window.view, KEY.Key_2, CTRL)
    dashboard = window.dashboard
    qtbot.waitUntil(lambda: dashboard.snapshot is not None and window.controller.worker.is_idle())
    table = dashboard.claim_table
    selection = table.selectionModel()
    flags = selection.SelectionFlag.Select | selection.SelectionFlag.Rows
    for claim_id in (sourced_bare, speculative, unreviewed, already):
        selection.select(dashboard.claims.index(dashboard.claims.row_of(claim_id), 0), flags)
    table.setFocus()
    with qtbot.waitSignal(dashboard.sig_review_changed) as changed:
        qtbot.keyClick(table, KEY.Key_A, CTRL | SHIFT)
    assert sorted(changed.args[0]) == sorted([speculative, already])  # the claims allowed
    assert stored(db_path, speculative, "review_state, reviewed_by") == ("approved", "ana")
    assert stored(db_path, sourced_bare, "review_state") == ("draft",)
    assert stored(db_path, unreviewed, "review_state") == ("draft",)

    refused = dashboard.refused
    assert refused.isVisible()
    assert "2 claims not approved" in refused.title.text()
    reasons = {
        refused.table.item(r, 0).data(Qt.ItemDataRole.UserRole): refused.table.item(r, 1).text()
        for r in range(refused.table.rowCount())
    }
    assert reasons == {sourced_bare: "sourced but no evidence", unreviewed: "no verdict yet"}
    assert "Approved 1 claim as ana; the rules refuse 2 claims" in dashboard.notice.text()
    qtbot.waitUntil(window.controller.worker.is_idle)

    # Undo takes back what was written, and only that: the claim approved before is not
    # counted as approved by this step.
    assert window.actions.undo.text() == "&Undo Approve 1 claim"
    window.actions.undo.trigger()
    assert stored(db_path, speculative, "review_state") == ("draft",)

    # A refused claim opens in the workspace with a double-click, to be fixed there.
    item = refused.table.item(0, 0)
    with qtbot.waitSignal(window.controller.sig_claim_shown):
        refused.table.itemActivated.emit(item)
    assert window.tabs.currentWidget() is window.split
    assert window.controller.current_claim().id == item.data(Qt.ItemDataRole.UserRole)


def test_approved_claim_is_locked_until_reopened_with_a_reason(qtbot, open_workspace, db_path):
    window = open_workspace()
    claim_id = approve_own(qtbot, window)
    inspector = window.inspector
    assert inspector.lock_banner.isVisible()
    assert "Approved by ana" in inspector.lock.text()
    assert all(not b.isEnabled() for b in inspector.buttons.values())
    assert inspector.note.isReadOnly() and not inspector.note_public.isEnabled()
    assert not inspector.evidence.add_button.isEnabled()
    assert not inspector.review.isEnabled()

    before = stored(db_path, claim_id, 'status, note, start, "end", version')
    for key in (KEY.Key_1, KEY.Key_2, KEY.Key_3, KEY.Key_D, KEY.Key_E):
        inspector.notice.hide()
        qtbot.keyClick(window.view, key)
        assert refusal_shown(window, "approved, so it is locked"), key
        assert window.controller.current_claim().id == claim_id  # no moving on either
    assert not inspector.evidence.is_open()
    assert stored(db_path, claim_id, 'status, note, start, "end", version') == before

    # Reopen…: the reason is required, then recorded in the history.
    qtbot.mouseClick(inspector.reopen_button, LEFT)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), ReopenDialog))
    dialog = QApplication.activeModalWidget()
    assert not dialog.ok.isEnabled()
    qtbot.keyClicks(dialog.reason, "   ")
    assert not dialog.ok.isEnabled()
    qtbot.keyClicks(dialog.reason, "new figures published")
    qtbot.mouseClick(dialog.ok, LEFT)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is None)
    assert stored(db_path, claim_id, "review_state") == ("needs_review",)
    assert not inspector.lock_banner.isVisible()
    lines = history_lines(qtbot, window, claim_id)
    assert lines[0] == "ana reopened it — “new figures published”"

    # Unlocked: the keys work again, on the article, which has the focus back.
    assert all(b.isEnabled() for b in inspector.buttons.values())
    window.activateWindow()  # the offscreen platform does not hand it back from the dialog
    qtbot.waitUntil(window.isActiveWindow)
    assert window.view.hasFocus()
    qtbot.keyClick(window.view, KEY.Key_3, SHIFT)
    assert stored(db_path, claim_id, "status") == ("speculative",)


def test_ctrl_z_undoes_an_approval_and_the_history_says_so(qtbot, open_workspace, db_path):
    window = open_workspace()
    claim_id = approve_own(qtbot, window)
    assert window.actions.undo.text() == "&Undo Set review state to approved"
    qtbot.keyClick(window.view, KEY.Key_Z, CTRL)
    qtbot.waitUntil(lambda: window.controller.current_claim().review_state == "draft")
    assert stored(db_path, claim_id, "review_state") == ("draft",)
    assert not window.inspector.lock_banner.isVisible()
    lines = history_lines(qtbot, window, claim_id)
    assert lines[:2] == ["ana moved back to draft", "ana approved"]


def test_public_note_checkbox_is_saved_and_undoable(qtbot, open_workspace, db_path):
    window = open_workspace()
    claim = window.controller.current_claim()
    public = window.inspector.note_public
    assert not public.isChecked()
    qtbot.mouseClick(public, LEFT)
    assert stored(db_path, claim.id, "note_public") == (1,)
    assert public.isChecked()
    assert window.controller.current_claim().note_public
    qtbot.keyClick(window.view, KEY.Key_Z, CTRL)
    assert stored(db_path, claim.id, "note_public") == (0,)
    assert not public.isChecked()
