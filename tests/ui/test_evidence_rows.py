"""Evidence one can see and use (issue 14 item 6): each row says stance, title, site and the
note's first words; a double-click opens the link; a bare www. address gets https://; new
evidence on a disputed claim refutes it by default."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from prepared_library import REFUTING_NOTE, reviewed_db, reviewed_template  # noqa: F401
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QListWidget

from claimdesk.ui.main_window import MainWindow

KEY = Qt.Key


def show_claim_with_status(qtbot, window: MainWindow, status: str) -> str:
    claim = next(c for c in window.claims.model.rows() if c.status == status)
    window.claims.select_claim(claim.id)
    qtbot.waitUntil(lambda: getattr(window.inspector.claim(), "id", None) == claim.id)
    return claim.id


def double_click(qtbot, listing: QListWidget, row: int) -> None:
    """As the system delivers one: a click (which opens the edit form), then the double."""
    centre = listing.visualItemRect(listing.item(row)).center()
    qtbot.mouseClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(listing.viewport(), Qt.MouseButton.LeftButton, pos=centre)


@pytest.mark.usefixtures("reviewed_db")
def test_an_evidence_row_shows_stance_title_site_and_the_note(qtbot, open_workspace):
    window = open_workspace()
    show_claim_with_status(qtbot, window, "disputed")
    listing = window.inspector.evidence.list
    assert listing.count() == 1
    text = listing.item(0).text()
    assert text == ("Refutes · Reuters fact check — reuters.com — “The figure comes from a 2019…”")
    tip = listing.item(0).toolTip()
    assert "https://www.reuters.com/fact-check/fujitsu-figures" in tip and REFUTING_NOTE in tip


@pytest.mark.usefixtures("reviewed_db")
def test_a_double_click_opens_the_link_in_the_browser(qtbot, open_workspace, monkeypatch):
    opened: list[str] = []
    # The system boundary: the desktop's browser is not started in a test.
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    window = open_workspace()
    show_claim_with_status(qtbot, window, "disputed")
    listing = window.inspector.evidence.list
    double_click(qtbot, listing, 0)
    assert opened == ["https://www.reuters.com/fact-check/fujitsu-figures"]

    # A DOI opens at doi.org, and its row names that site.
    evidence = window.inspector.evidence
    qtbot.keyClick(window.view, KEY.Key_E)
    qtbot.keyClicks(evidence.url, "10.1000/xyz123")
    qtbot.keyClick(evidence.url, KEY.Key_Return)
    qtbot.waitUntil(lambda: listing.count() == 2)
    assert "doi.org" in listing.item(1).text()
    double_click(qtbot, listing, 1)
    assert opened[-1] == QUrl("https://doi.org/10.1000/xyz123").toString()


@pytest.mark.usefixtures("reviewed_db")
def test_a_bare_www_address_gets_https_in_the_field_and_the_library(
    qtbot, open_workspace, db_path: Path
):
    window = open_workspace()
    claim_id = show_claim_with_status(qtbot, window, "unreviewed")
    evidence = window.inspector.evidence
    qtbot.keyClick(window.view, KEY.Key_E)
    assert evidence.url.hasFocus()
    qtbot.keyClicks(evidence.url, "www.reuters.com/x")
    assert not evidence.error.isVisible()
    qtbot.keyClick(evidence.url, KEY.Key_Tab)  # on to the title: the field shows the address
    assert evidence.url.text() == "https://www.reuters.com/x"
    qtbot.keyClicks(evidence.title, "Reuters")
    qtbot.keyClick(evidence.title, KEY.Key_Return)
    with sqlite3.connect(db_path) as db:
        stored = db.execute(
            "SELECT url FROM evidence WHERE claim_id = ? AND title = 'Reuters'", (claim_id,)
        ).fetchall()
    assert stored == [("https://www.reuters.com/x",)]
    assert "Supports · Reuters — reuters.com" in [
        evidence.list.item(i).text() for i in range(evidence.list.count())
    ]


@pytest.mark.usefixtures("reviewed_db")
def test_new_evidence_takes_the_stance_that_fits_the_verdict(qtbot, open_workspace):
    window = open_workspace()
    evidence = window.inspector.evidence
    show_claim_with_status(qtbot, window, "disputed")
    qtbot.keyClick(window.view, KEY.Key_E)
    assert evidence.stance.currentData() == "refutes"
    qtbot.keyClick(evidence.url, KEY.Key_Escape)

    claim_id = show_claim_with_status(qtbot, window, "unreviewed")
    qtbot.keyClick(window.view, KEY.Key_E)
    assert evidence.stance.currentData() == "supports"
    qtbot.keyClick(evidence.url, KEY.Key_Escape)

    # Tagged disputed while staying on it (Shift+2): the next new link refutes.
    qtbot.keyClick(window.view, KEY.Key_2, Qt.KeyboardModifier.ShiftModifier)
    assert window.inspector.claim().id == claim_id
    assert window.inspector.claim().status == "disputed"
    qtbot.keyClick(window.view, KEY.Key_E)
    assert evidence.stance.currentData() == "refutes"
