"""The workspace used as a fact-checker would: click, press keys, type, undo, close, reopen."""

from __future__ import annotations

import sqlite3
from collections import Counter
from contextlib import closing

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QFont, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTableView,
)
from ui_helpers import claim_point

from claimdesk.core.services.claims import set_note
from claimdesk.core.store import open_store
from claimdesk.ui.app import open_window
from claimdesk.ui.article_list import SummaryRole
from claimdesk.ui.article_view import EMPTY_HINT

KEY = Qt.Key
SHIFT = Qt.KeyboardModifier.ShiftModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def current(window):
    return window.controller.current_claim()


def db_rows(db_path, sql, *args):
    with sqlite3.connect(db_path) as con:
        return con.execute(sql, args).fetchall()


def meta_text(window):
    """The line under the title, its non-breaking spaces read as spaces."""
    return window.meta.text().replace("\u00a0", " ")


def counts_shown(window):
    """(claims, reviewed) as the meta line and the article list show them, after checking
    that both agree with a recount of every claim the window holds."""
    rows = window.claims.model.rows()
    total = sum(c.status != "dismissed" for c in rows)
    reviewed = sum(c.is_reviewed for c in rows)
    assert f"{len(rows)} claims  ·  {reviewed} of {total} to check reviewed" in meta_text(window)
    model = window.articles.articles()
    summary = model.data(model.index(model.row_of(window.controller.article.id)), SummaryRole)
    # Counters compare missing and zero counts alike: a list read from the database names
    # every status, one updated after an edit only those the article has. The list counts
    # every claim of the article, the faint candidates the panel does not list too.
    every = window.controller.gateway.recorded_claims()
    assert Counter(summary.counts) == Counter(c.status for c in every)
    return total, reviewed


def first_visible_unreviewed(window):
    for claim in window.claims.model.rows():
        if claim.status == "unreviewed" and not window.view.claim_rect(claim.id).isEmpty():
            return claim
    raise AssertionError("no unreviewed claim on screen")


def test_tag_evidence_undo_redo_and_everything_survives_a_reopen(qtbot, open_workspace, db_path):
    window = open_workspace()
    assert window.articles.articles().rowCount() == 2  # the seeds
    view = window.view
    target = first_visible_unreviewed(window)
    view.setFocus()

    # Click the highlight: its claim becomes current in the table and the inspector.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=claim_point(window, target.id))
    assert current(window).id == target.id
    assert window.claims.current_claim() == target.id
    assert view.current_claim() == target.id

    # 2 tags it disputed and moves on to the next unreviewed claim.
    qtbot.keyClick(view, KEY.Key_2)
    assert window.claims.model.claim(target.id).status == "disputed"
    assert current(window).id != target.id
    assert current(window).status == "unreviewed"
    assert db_rows(db_path, "SELECT status, reviewer FROM claims WHERE id=?", target.id) == [
        ("disputed", "ana")
    ]
    assert window.actions.undo.text() == "&Undo Set status to disputed"

    # Back to it, and add evidence from the keyboard.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=claim_point(window, target.id))
    qtbot.keyClick(view, KEY.Key_E)
    url_field = window.findChild(QLineEdit, "evidenceUrl")
    assert url_field.hasFocus()
    qtbot.keyClicks(url_field, "https://example.org/report")
    qtbot.keyClicks(window.findChild(QLineEdit, "evidenceTitle"), "Annual report")
    qtbot.keyClick(window.findChild(QLineEdit, "evidenceTitle"), KEY.Key_Return)
    assert window.inspector.evidence.list.count() == 1
    evidence = "SELECT url, title, added_by FROM evidence"
    assert db_rows(db_path, evidence) == [("https://example.org/report", "Annual report", "ana")]

    # Undo removes it (in the file, not just on screen); redo brings it back.
    qtbot.keyClick(view, KEY.Key_Z, CTRL)
    assert db_rows(db_path, evidence) == []
    assert window.inspector.evidence.list.count() == 0
    assert window.actions.redo.text() == "&Redo Add evidence"
    qtbot.keyClick(view, KEY.Key_Z, CTRL | SHIFT)
    assert len(db_rows(db_path, evidence)) == 1
    assert window.inspector.evidence.list.count() == 1

    # A note is committed after a short pause while typing.
    note = window.findChild(QPlainTextEdit, "noteEdit")
    note.setFocus()
    qtbot.keyClicks(note, "Report says 9.1bn")
    qtbot.waitUntil(
        lambda: (
            db_rows(db_path, "SELECT note FROM claims WHERE id=?", target.id)
            == [("Report says 9.1bn",)]
        )
    )
    window.resize(780, 600)  # inside the offscreen screen, which restoreGeometry clamps to,
    # and above the minimum height even while a job shows its progress in the status bar
    window.split.setSizes([200, 300, 280])
    QApplication.processEvents()
    sizes = window.split.sizes()
    window.close()

    reopened = open_workspace()
    assert reopened.controller.article.id == target.article_id
    assert current(reopened).id == target.id
    assert current(reopened).status == "disputed"
    assert current(reopened).note == "Report says 9.1bn"
    assert [e.url for e in current(reopened).evidence] == ["https://example.org/report"]
    assert reopened.inspector.evidence.list.count() == 1
    assert reopened.size().toTuple() == (780, 600)
    assert reopened.split.sizes() == sizes
    actors = "SELECT DISTINCT actor FROM claim_events WHERE claim_id=? AND action != 'created'"
    assert db_rows(db_path, actors, target.id) == [("ana",)]
    assert "reviewer: ana" in reopened.where.text()
    assert str(db_path) in reopened.where.text()


def test_a_note_typed_then_erased_leaves_nothing_to_undo(qtbot, open_workspace, db_path):
    window = open_workspace()
    claim = current(window)
    qtbot.keyClick(window.view, KEY.Key_1, SHIFT)
    note = window.findChild(QPlainTextEdit, "noteEdit")
    note.setFocus()
    saved = "SELECT note FROM claims WHERE id=?"
    qtbot.keyClicks(note, "Draft")
    qtbot.waitUntil(lambda: db_rows(db_path, saved, claim.id) == [("Draft",)])
    assert window.actions.undo.text() == "&Undo Edit note"
    qtbot.keyClick(note, KEY.Key_Z, CTRL)  # the text box's own undo, then saved after a pause
    qtbot.waitUntil(lambda: db_rows(db_path, saved, claim.id) == [("",)])
    assert window.actions.undo.text() == "&Undo Set status to sourced"
    qtbot.keyClick(window.view, KEY.Key_Z, CTRL)
    assert current(window).status == "unreviewed"


def test_note_typed_then_window_closed_at_once_is_saved(qtbot, open_workspace, db_path):
    window = open_workspace()
    claim = current(window)
    note = window.findChild(QPlainTextEdit, "noteEdit")
    note.setFocus()
    qtbot.keyClicks(note, "closing now")
    window.close()  # before the debounce fires
    assert db_rows(db_path, "SELECT note FROM claims WHERE id=?", claim.id) == [("closing now",)]


def test_keys_do_not_fire_while_typing(qtbot, open_workspace):
    window = open_workspace()
    claim = current(window)
    for name, kind in (("noteEdit", QPlainTextEdit), ("claimFilter", QLineEdit)):
        field = window.findChild(kind, name)
        field.setFocus()
        qtbot.keyClicks(field, "12 3 0 djkne")
        assert current(window).id == claim.id
        assert window.claims.model.claim(claim.id).status == "unreviewed"
    qtbot.keyClick(window.findChild(QLineEdit, "claimFilter"), KEY.Key_Escape)
    qtbot.keyClick(window.view, KEY.Key_E)
    url = window.findChild(QLineEdit, "evidenceUrl")
    qtbot.keyClicks(url, "d1")
    assert url.text() == "d1"
    assert window.claims.model.claim(claim.id).status == "unreviewed"
    assert window.findChild(type(window.inspector.evidence.error), "evidenceError").isVisible()
    qtbot.keyClick(url, KEY.Key_Escape)
    assert not window.inspector.evidence.is_open()
    assert window.view.hasFocus()


def test_letters_typed_in_a_drop_down_list_pick_an_entry_and_run_no_command(qtbot, open_workspace):
    window = open_workspace()
    claim = current(window)
    count = len(window.claims.model.rows())
    review = window.findChild(QComboBox, "reviewState")
    review.setFocus()
    qtbot.keyClick(review, KEY.Key_N)  # N would make a new claim from the selection
    assert review.currentText() == "Needs review"  # the key chose the entry...
    assert window.claims.model.claim(claim.id).review_state == "needs_review"
    qtbot.wait(QApplication.keyboardInputInterval() + 50)  # a new search, not "nd"
    qtbot.keyClick(review, KEY.Key_D)  # D would dismiss the claim
    assert review.currentText() == "Draft"
    assert window.claims.model.claim(claim.id).status == "unreviewed"  # ...and ran no command
    status_filter = window.findChild(QComboBox, "statusFilter")
    status_filter.setFocus()
    qtbot.keyClick(status_filter, KEY.Key_D)
    assert status_filter.currentText() == "Disputed"  # the first entry starting with D
    assert window.claims.model.claim(claim.id).status == "unreviewed"
    qtbot.keyClick(window.view, KEY.Key_E)
    stance = window.findChild(QComboBox, "evidenceStance")
    stance.setFocus()
    qtbot.keyClick(stance, KEY.Key_S)  # S would start changing the claim's span
    assert stance.currentText() == "Supports"
    assert window.inspector.evidence.is_open()
    assert len(window.claims.model.rows()) == count
    window.statusBar().clearMessage()
    qtbot.keyClick(stance, KEY.Key_Delete)  # Del would run "Delete claim", which would say
    assert window.statusBar().currentMessage() == ""  # that detected claims are dismissed
    qtbot.keyClick(stance, KEY.Key_Z, CTRL)  # Ctrl keys still reach the window
    assert window.claims.model.claim(claim.id).review_state == "needs_review"  # Draft undone


def test_tab_moves_focus_out_of_the_claims_table_without_changing_the_claim(qtbot, open_workspace):
    window = open_workspace()
    claim = current(window)
    table = window.findChild(QTableView, "claimTable")
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    qtbot.keyClick(table, KEY.Key_Tab)
    assert not table.hasFocus()
    assert current(window).id == claim.id


def test_keys_start_on_the_article_and_say_when_they_cannot_act_or_the_work_is_done(
    qtbot, open_workspace
):
    window = open_workspace()
    assert window.focusWidget() is window.view  # not the tab bar, whose arrows switch tabs
    view = window.view
    assert current(window).origin == "extracted"
    qtbot.keyClick(view, KEY.Key_Delete)
    assert "dismissed (D), not deleted" in window.statusBar().currentMessage()
    assert window.claims.model.claim(current(window).id) is not None
    # Every candidate listed: tagging a highlighted claim then brings no new one in.
    qtbot.keyClick(view, KEY.Key_C)
    left = sum(c.status == "unreviewed" for c in window.claims.model.rows())
    words = " ".join(current(window).quote.split()[:6])
    window.findChild(QLineEdit, "claimFilter").setText(words)  # shows this claim alone
    assert window.claims.model.rowCount() == 1
    qtbot.keyClick(view, KEY.Key_1)
    assert f"filters hide the {left - 1} other unreviewed" in window.statusBar().currentMessage()
    window.findChild(QLineEdit, "claimFilter").clear()
    qtbot.keyClick(view, KEY.Key_J)  # on to the next claim, which the filter had hidden
    for _ in range(left - 1):
        assert "last unreviewed" not in window.statusBar().currentMessage()
        qtbot.keyClick(view, KEY.Key_1)
    assert not any(c.status == "unreviewed" for c in window.claims.model.rows())
    assert "last unreviewed claim" in window.statusBar().currentMessage()
    window.statusBar().clearMessage()
    qtbot.keyClick(view, KEY.Key_2)  # retagging a reviewed claim: nothing new is done
    assert window.statusBar().currentMessage() == ""


def test_shift_digit_tags_in_place_and_j_k_move(qtbot, open_workspace):
    window = open_workspace()
    view = window.view
    qtbot.keyClick(view, KEY.Key_C)  # every candidate listed: a tag brings no new claim in
    view.setFocus()
    first = current(window)
    total, reviewed = counts_shown(window)
    qtbot.keyClick(view, KEY.Key_3, SHIFT)
    assert current(window).id == first.id
    assert current(window).status == "speculative"
    assert window.inspector.buttons["speculative"].isChecked()
    assert counts_shown(window) == (total, reviewed + 1)
    qtbot.keyClick(view, KEY.Key_1, SHIFT)
    assert window.inspector.buttons["sourced"].isChecked()
    assert counts_shown(window) == (total, reviewed + 1)
    qtbot.keyClick(view, KEY.Key_J)
    second = current(window)
    assert second.id != first.id
    qtbot.keyClick(view, KEY.Key_K)
    assert current(window).id == first.id
    qtbot.keyClick(view, KEY.Key_0)
    assert current(window).status == "unreviewed"
    assert current(window).id == first.id  # going back to unreviewed never moves on
    assert counts_shown(window) == (total, reviewed)


def test_new_claim_span_adjust_and_dismiss_with_undo(qtbot, open_workspace, db_path):
    window = open_workspace()
    view = window.view
    qtbot.keyClick(view, KEY.Key_C)  # every candidate listed: a tag brings no new claim in
    text = window.controller.article.text
    claimed = [(c.start, c.end) for c in window.claims.model.rows()]
    # A stretch of text no claim covers, selected from inside a word.
    start = next(
        i
        for i in range(1, len(text))
        if text[i - 1] == " "
        and text[i].isalpha()
        and not any(s <= i < e + 20 for s, e in claimed)
        and all(e <= i or s >= i + 40 for s, e in claimed)
    )
    view.setFocus()
    view.select_text(start + 2, start + 20)
    before = window.claims.model.rowCount()
    total, reviewed = counts_shown(window)
    qtbot.keyClick(view, KEY.Key_N)
    assert window.claims.model.rowCount() == before + 1
    assert counts_shown(window) == (total + 1, reviewed)
    new = current(window)
    assert new.origin == "manual"
    assert new.quote == text[new.start : new.end]
    assert start + 2 <= new.end and new.start <= start + 3  # whole words around the selection
    assert not text[new.start - 1].isalnum() and not text[new.end].isalnum()
    assert db_rows(db_path, "SELECT quote FROM claims WHERE id=?", new.id) == [(new.quote,)]
    assert not view.textCursor().hasSelection()  # so N again cannot add it twice
    detected = next(c for c in window.claims.model.rows() if c.origin == "extracted")
    for same in (new, detected):  # exactly the text of a claim: that claim, not a copy
        view.select_text(same.start, same.end)
        qtbot.keyClick(view, KEY.Key_N)
        assert current(window).id == same.id
        assert "already a claim" in window.statusBar().currentMessage()
    assert window.claims.model.rowCount() == before + 1
    window.controller.select_claim(new.id)

    view.select_text(new.start + 1, new.start + 3)
    qtbot.keyClick(view, KEY.Key_S)
    assert current(window).id == new.id
    assert current(window).start == new.start
    assert current(window).end < new.end
    assert window.actions.undo.text() == "&Undo Set claim span"
    qtbot.keyClick(view, KEY.Key_Z, CTRL)
    assert current(window).end == new.end

    qtbot.keyClick(view, KEY.Key_Z, CTRL)  # undo the new claim itself
    assert window.claims.model.claim(new.id) is None
    assert db_rows(db_path, "SELECT count(*) FROM claims WHERE id=?", new.id) == [(0,)]
    assert counts_shown(window) == (total, reviewed)
    qtbot.keyClick(view, KEY.Key_Z, CTRL | SHIFT)
    assert window.claims.model.claim(new.id) is not None
    assert counts_shown(window) == (total + 1, reviewed)

    detected = next(c for c in window.claims.model.rows() if c.origin == "extracted")
    window.controller.select_claim(detected.id)
    qtbot.keyClick(view, KEY.Key_D)
    assert window.claims.model.claim(detected.id).status == "dismissed"
    assert window.actions.undo.text() == "&Undo Dismiss claim"
    assert counts_shown(window) == (total, reviewed)
    assert meta_text(window).endswith(
        f"{total + 1} claims  ·  {reviewed} of {total} to check reviewed"
    )
    qtbot.keyClick(view, KEY.Key_Z, CTRL)
    assert window.claims.model.claim(detected.id).status == "unreviewed"
    assert current(window).id == detected.id  # undo shows what it undid
    assert counts_shown(window) == (total + 1, reviewed)


def test_change_made_elsewhere_is_reloaded_not_overwritten(qtbot, open_workspace, db_path):
    window = open_workspace()
    claim = current(window)
    other = open_store(db_path)  # another window or process
    with other.transaction() as session:
        set_note(session, claim.id, "checked by bob", actor="bob")
    other.close()
    window.view.setFocus()
    qtbot.keyClick(window.view, KEY.Key_1)
    assert db_rows(db_path, "SELECT status, note FROM claims WHERE id=?", claim.id) == [
        ("unreviewed", "checked by bob")
    ]
    assert current(window).id == claim.id
    assert current(window).note == "checked by bob"
    assert window.inspector.notice.isVisible()
    assert "changed in another window" in window.inspector.notice.text()
    qtbot.keyClick(window.view, KEY.Key_1)  # now it applies, on the fresh version
    assert db_rows(db_path, "SELECT status FROM claims WHERE id=?", claim.id) == [("sourced",)]


def test_a_failed_save_is_shown_writes_nothing_and_the_next_one_works(
    qtbot, open_workspace, db_path, monkeypatch
):
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    window = open_workspace()
    claim = current(window)
    with closing(sqlite3.connect(db_path)) as con:
        con.execute(
            "CREATE TRIGGER refuse BEFORE UPDATE ON claims "
            "BEGIN SELECT RAISE(ABORT, 'disk on fire'); END"
        )
    window.view.setFocus()
    qtbot.keyClick(window.view, KEY.Key_1, SHIFT)
    assert "disk on fire" in warnings[0]
    assert window.save_state.text() == "Last change NOT saved"
    assert window.save_state.property("error") is True
    assert current(window).status == "unreviewed"
    events = "SELECT count(*) FROM claim_events WHERE claim_id=? AND action='status'"
    assert db_rows(db_path, events, claim.id) == [(0,)]

    with closing(sqlite3.connect(db_path)) as con:
        con.execute("DROP TRIGGER refuse")
    qtbot.keyClick(window.view, KEY.Key_1, SHIFT)
    assert window.save_state.text() == "All changes saved"
    assert window.save_state.property("error") is False
    assert db_rows(db_path, "SELECT status FROM claims WHERE id=?", claim.id) == [("sourced",)]
    assert db_rows(db_path, events, claim.id) == [(1,)]


def test_filter_table_and_menus_show_keys(qtbot, open_workspace):
    window = open_workspace()
    table = window.findChild(QTableView, "claimTable")
    total = table.model().rowCount()
    qtbot.keyClick(window.view, KEY.Key_F, CTRL)
    field = window.findChild(QLineEdit, "claimFilter")
    assert field.hasFocus()
    qtbot.keyClicks(field, "fujitsu")
    assert 0 < table.model().rowCount() < total
    window.claims.status_filter.setCurrentIndex(window.claims.status_filter.findText("Sourced"))
    assert table.model().rowCount() == 0
    window.claims.status_filter.setCurrentIndex(0)
    field.clear()
    assert table.model().rowCount() == total
    tags = window.actions.tag
    assert tags["disputed"].shortcut() == QKeySequence("2")
    assert window.actions.tag_stay["disputed"].shortcut() == QKeySequence("Shift+2")
    qtbot.keyClick(window.view, KEY.Key_F1)
    sheet = window.findChild(type(window.show_cheat_sheet()), "cheatSheet")
    assert sheet.isVisible()
    assert "Shift+1" in sheet.findChildren(QLabel)[-1].text()
    sheet.close()
    for name in (
        "articleList",
        "articleView",
        "claimTable",
        "claimFilter",
        "inspector",
        "statusSourced",
        "statusDisputed",
        "statusSpeculative",
        "statusUnreviewed",
        "dismissButton",
        "evidenceList",
        "addEvidenceButton",
        "noteEdit",
    ):
        assert window.findChild(object, name) is not None, name


def test_status_buttons_and_review_state(qtbot, open_workspace, db_path):
    window = open_workspace()
    claim = current(window)
    # Speculative: a verdict the sign-off rules approve without evidence.
    qtbot.mouseClick(window.inspector.buttons["speculative"], Qt.MouseButton.LeftButton)
    assert current(window).id == claim.id  # a click tags in place
    assert current(window).status == "speculative"
    window.actions.review["approved"].trigger()
    assert db_rows(
        db_path, "SELECT review_state, reviewed_by FROM claims WHERE id=?", claim.id
    ) == [("approved", "ana")]


def test_highlight_click_on_plain_text_keeps_the_claim(qtbot, open_workspace):
    window = open_workspace()
    claim = current(window)
    view = window.view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(2, 2))
    assert current(window).id == claim.id
    QApplication.sendEvent(view, QEvent(QEvent.Type.Leave))


def test_headings_and_boilerplate_are_set_apart_from_body_text(qtbot, open_workspace):
    """The reader sees at a glance which lines can hold no claims."""
    window = open_workspace()
    articles = window.controller.gateway.articles()
    (anthropic,) = [a for a in articles if "anthropic" in a.origin]
    window.controller.open_article(anthropic.id)
    qtbot.waitUntil(
        lambda: window.controller.article.id == anthropic.id and window.controller.worker.is_idle()
    )
    text = window.view.toPlainText()
    document = window.view.document()

    def look(line: str) -> tuple[bool, bool]:
        fmt = document.findBlock(text.index(line)).begin().fragment().charFormat()
        return fmt.fontWeight() >= QFont.Weight.Bold, fmt.fontItalic()

    assert look("The Strategic Landscape of AI in Japan") == (True, False)
    assert look("Table of Contents") == (False, True)
    assert look("Also read: Chip manufacturing") == (False, True)
    assert look("To grasp the significance") == (False, False)


def test_tagging_in_place_under_a_status_filter_keeps_the_claim_in_hand(qtbot, open_workspace):
    window = open_workspace()
    panel = window.claims
    panel.status_filter.setCurrentIndex(panel.status_filter.findText("Unreviewed"))
    claim = current(window)
    following = panel.model.claim_at(panel.model.row_of(claim.id) + 1)
    place, total = panel.model.place(claim.id)
    window.view.setFocus()
    qtbot.keyClick(window.view, KEY.Key_1, Qt.KeyboardModifier.ShiftModifier)
    assert panel.model.row_of(claim.id) is None  # the filter hides it at once
    assert current(window).id == claim.id and current(window).status == "sourced"
    assert window.view.current_claim() == claim.id  # still outlined in the article
    assert panel.current_claim() is None  # the table does not pretend another is chosen
    assert f"Claim {place + 1} of {total} " in window.inspector.heading.text()
    qtbot.keyClick(window.view, KEY.Key_J)  # on from where it stood
    assert current(window).id == following.id == panel.current_claim()


def test_first_run_says_the_samples_are_loading_until_they_are_shown(qtbot, db_path):
    window = open_window(db_path)  # a new library: the samples load in the background
    try:
        view = window.view
        assert window.controller.worker.is_idle() is False
        assert view.document().isEmpty()  # so the placeholder is what the view shows
        assert view.placeholderText() == "Loading the sample articles…"
        qtbot.waitUntil(
            lambda: window.controller.article is not None and window.controller.worker.is_idle()
        )
        assert view.placeholderText() == EMPTY_HINT  # for a library emptied later
        assert not view.document().isEmpty()
    finally:
        window.close()
        window.deleteLater()
