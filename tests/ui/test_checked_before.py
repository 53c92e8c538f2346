"""The dashboard's "checked before" filter (issue 16 item 3): fact-checks imported in the window
are matched to every claim in the background (a job in the status bar, with Cancel), the
filter lists exactly the claims with stored matches, says how many are still to be matched,
and "not the same claim" takes a claim out of it at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from prepared_library import reviewed_db, reviewed_template  # noqa: F401
from PySide6.QtCore import Qt
from test_already_checked import feed, import_feed, stored, unreviewed_claim

from claimdesk.core.factchecks.matching import DEFAULT_CHECKED_BEFORE
from claimdesk.core.services.dashboard import ClaimFilter, claim_tally
from claimdesk.ui import match_scan
from claimdesk.ui.dashboard_model import COL_QUOTE, earlier_icon
from claimdesk.ui.main_window import MainWindow
from claimdesk.ui.match_scan import CHILD_FROM, IDLE_MS, TITLE

KEY = Qt.Key
PENDING = """SELECT count(*) FROM claims c LEFT JOIN match_scans s ON s.claim_id = c.id
    WHERE s.claim_id IS NULL OR s.generation != (SELECT CAST(value AS INTEGER)
    FROM claimdesk_meta WHERE key = 'matching.generation')"""


def scanned(qtbot, window: MainWindow) -> None:
    """Wait until the background scan has matched every claim and the window is idle."""
    scanner = window.match_scanner
    qtbot.waitUntil(
        lambda: (
            scanner.task is None
            and window.controller.worker.is_idle()
            and not window.dashboard.filters.pending.isVisible()
        ),
        timeout=60_000,
    )


def show_dashboard(qtbot, window: MainWindow) -> None:
    window.actions.dashboard.trigger()
    qtbot.waitUntil(lambda: window.dashboard.snapshot is not None and not window.dashboard._stale)


def choose_checked_before(qtbot, window: MainWindow, presses: int = 1) -> list[str]:
    """Pick the filter's choice with the keyboard, as a reviewer would; the ids listed."""
    combo, claims = window.dashboard.filters.earlier, window.dashboard.claims
    combo.setFocus()
    with qtbot.waitSignal(window.dashboard.sig_loaded, timeout=30_000):
        for _ in range(presses):
            qtbot.keyClick(combo, KEY.Key_Down)
    while claims.canFetchMore():
        claims.fetchMore()
        qtbot.waitUntil(lambda: not claims._fetching)
    return [row.id for row in claims.rows()]


def matched_ids(db_path: Path) -> set[str]:
    """The claims a stored match marks "checked before" (weaker ones are only suggested)."""
    query = "SELECT DISTINCT claim_id FROM claim_matches WHERE score >= ?"
    return {row[0] for row in stored(db_path, query, DEFAULT_CHECKED_BEFORE)}


@pytest.mark.usefixtures("reviewed_db")
@pytest.mark.parametrize("child_from", [CHILD_FROM, 1], ids=["here", "in a child process"])
def test_the_filter_lists_exactly_the_claims_with_stored_matches(
    qtbot, open_workspace, tmp_path, db_path, monkeypatch, child_from
):
    monkeypatch.setattr(match_scan, "CHILD_FROM", child_from)
    window = open_workspace()
    unreviewed_claim(qtbot, window)
    claim_id = import_feed(qtbot, window, tmp_path)
    scanned(qtbot, window)
    assert stored(db_path, PENDING) == [(0,)]
    expected = matched_ids(db_path)
    assert claim_id in expected

    show_dashboard(qtbot, window)
    listed = choose_checked_before(qtbot, window)
    assert window.dashboard.filters.earlier.currentText() == "Checked before"
    assert set(listed) == expected and len(listed) == len(expected)
    claims = window.dashboard.claims
    row = claims.row_of(claim_id)
    index = claims.index(row, COL_QUOTE)
    assert index.data(Qt.ItemDataRole.DecorationRole).cacheKey() == earlier_icon().cacheKey()
    assert "Checked before: https://checks.example/" in index.data(Qt.ItemDataRole.ToolTipRole)
    assert window.dashboard.filters.match_count.text().startswith(f"{len(expected)} of ")

    others = choose_checked_before(qtbot, window)  # the next choice: not checked before
    assert window.dashboard.filters.earlier.currentText() == "Not checked before"
    every = stored(db_path, "SELECT count(*) FROM claims")[0][0]
    assert not set(others) & expected and len(others) == every - len(expected)
    # Counted as the library's counts less the checked ones: as SQL counts them.
    with window.dashboard.gateway.store.reading() as session:
        counted = claim_tally(session, ClaimFilter(checked_before=False))
    assert window.dashboard.tally == counted and counted.matching == len(others)
    assert window.dashboard.filters.match_count.text() == f"{len(others)} of {every} claims"
    assert all(claims.index(n, COL_QUOTE).data(Qt.ItemDataRole.DecorationRole) is None
               for n in range(claims.rowCount()))  # fmt: skip


@pytest.mark.usefixtures("reviewed_db")
def test_not_the_same_claim_takes_it_out_of_the_filter(qtbot, open_workspace, tmp_path, db_path):
    window = open_workspace()
    unreviewed_claim(qtbot, window)
    claim_id = import_feed(qtbot, window, tmp_path)
    scanned(qtbot, window)
    panel = window.inspector.matches
    while panel.cards:  # every match of the claim: not the same claim
        count = len(panel.cards)
        qtbot.keyClick(window.view, KEY.Key_M, Qt.KeyboardModifier.ShiftModifier)
        qtbot.waitUntil(lambda count=count: len(panel.cards) < count)
    assert stored(db_path, "SELECT match_key FROM claim_matches WHERE claim_id = ?", claim_id) == []

    show_dashboard(qtbot, window)
    listed = choose_checked_before(qtbot, window)
    assert claim_id not in listed and set(listed) == matched_ids(db_path)


@pytest.mark.usefixtures("reviewed_db")
def test_a_cancelled_scan_is_said_beside_the_filter_and_the_next_import_finishes_it(
    qtbot, open_workspace, tmp_path, db_path
):
    window = open_workspace()
    scanned(qtbot, window)  # the library's own verdicts, matched at start
    show_dashboard(qtbot, window)
    unreviewed_claim(qtbot, window)
    claim = window.inspector.claim()
    status = window.job_status
    with qtbot.waitSignal(window.controller.worker.sig_job_started) as started:
        window.already_checked.import_files([feed(tmp_path, claim.quote)])
    with qtbot.waitSignal(started.args[0].sig_ended):
        pass
    # The scan follows the import; the reviewer cancels it in the status bar.
    qtbot.waitUntil(lambda: window.match_scanner.task is not None, timeout=30_000)
    assert status.label.text() == f"{TITLE}…"
    qtbot.mouseClick(status.cancel_button, Qt.MouseButton.LeftButton)
    worker = window.controller.worker
    qtbot.waitUntil(lambda: window.match_scanner.task is None and worker.is_idle())
    pending = window.dashboard.filters.pending
    left = stored(db_path, PENDING)[0][0]
    assert left > 0
    qtbot.waitUntil(lambda: pending.isVisible() and pending.text() == f"matching {left} claims…")
    qtbot.keyClick(window.view, KEY.Key_S)  # an edit does not undo the reviewer's Cancel
    qtbot.wait(2 * IDLE_MS)
    assert window.match_scanner.task is None and pending.isVisible()

    # The fact-checks imported again: what was left is matched, and the note goes.
    window.already_checked.import_files([feed(tmp_path, claim.quote)])
    scanned(qtbot, window)
    assert stored(db_path, PENDING) == [(0,)] and claim.id in matched_ids(db_path)
    listed = choose_checked_before(qtbot, window)
    assert set(listed) == matched_ids(db_path)
