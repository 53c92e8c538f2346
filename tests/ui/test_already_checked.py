"""The inspector's "Already checked" (issue 16 item 3): earlier fact-checks imported through
File › Import fact-checks… are matched to the claim on show off the GUI thread; M attaches
one as evidence (Ctrl+Z removes it), Shift+M says it is not the same claim, for good; the
library's thresholds are set in Claims › Matching settings…."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from prepared_library import reviewed_db, reviewed_template  # noqa: F401
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from test_responsiveness import HeavyCallsHere

from claimdesk.core.factchecks.matching import DEFAULT_CHECKED_BEFORE
from claimdesk.ui.main_window import MainWindow
from claimdesk.ui.match_panel import LOOKING, NOTHING_FOUND, NOTHING_IMPORTED

KEY = Qt.Key
URL = "https://checks.example/fact-check/palantir-ice"
DECOYS = [
    "Drinking hot water cures the flu within two days",
    "The Eiffel Tower will be sold to a private investor next year",
    "A senator said windmills cause cancer in nearby residents",
]


def feed(tmp_path: Path, claim: str) -> Path:
    """A ClaimReview DataFeed as fact-check archives publish it: the claim, reworded a
    little, rated False, and unrelated checks around it."""
    reviews = [
        {
            "@type": "ClaimReview",
            "url": URL if n == 0 else f"https://checks.example/other/{n}",
            "claimReviewed": text,
            "reviewRating": {"@type": "Rating", "alternateName": "False"},
            "author": {"@type": "Organization", "name": "Example <b>Checks</b>"},
            "datePublished": "2025-03-04",
        }
        for n, text in enumerate([f"Viral post: {claim}", *DECOYS])
    ]
    path = tmp_path / "feed.jsonld"
    items = [{"@type": "DataFeedItem", "item": review} for review in reviews]
    path.write_text(json.dumps({"@type": "DataFeed", "dataFeedElement": items}), "utf-8")
    return path


def unreviewed_claim(qtbot, window: MainWindow) -> str:
    claim = next(c for c in window.claims.model.rows() if c.status == "unreviewed")
    window.claims.select_claim(claim.id)
    qtbot.waitUntil(lambda: getattr(window.inspector.claim(), "id", None) == claim.id)
    return claim.id


def import_feed(qtbot, window: MainWindow, tmp_path: Path) -> str:
    """Import a feed matching the claim on show; wait until its card is shown."""
    claim = window.inspector.claim()
    task = window.already_checked.import_files([feed(tmp_path, claim.quote)])
    with qtbot.waitSignal(task.sig_finished):
        pass
    panel = window.inspector.matches
    qtbot.waitUntil(lambda: [c.match.url for c in panel.cards][:1] == [URL])
    return claim.id


def stored(db_path: Path, sql: str, *args: object) -> list[tuple]:
    with sqlite3.connect(db_path) as db:
        return db.execute(sql, args).fetchall()


@pytest.mark.usefixtures("reviewed_db")
def test_the_section_shows_the_earlier_fact_check_with_its_publisher_rating_and_words(
    qtbot, open_workspace, tmp_path
):
    window = open_workspace()
    unreviewed_claim(qtbot, window)
    panel = window.inspector.matches
    qtbot.waitUntil(lambda: panel.message.text() != LOOKING)
    assert panel.message.text() == NOTHING_IMPORTED and not panel.cards

    import_feed(qtbot, window, tmp_path)
    assert window.statusBar().currentMessage().startswith("Fact-checks: 4 imported, 0 updated")
    card = panel.cards[0]
    source = card.source.text()
    assert "Example &lt;b&gt;Checks&lt;/b&gt;" in source  # a publisher's HTML is shown as text
    assert "rated <b>False</b>" in source and "2025-03-04" in source
    quoted = card.claim.text().lower()
    assert card.match.matched_words and all(  # the words that matched, in bold
        f"<b>{word}</b>" in quoted for word in card.match.matched_words
    )
    assert "viral post" in quoted and "<b>viral</b>" not in quoted  # not in the claim
    assert card.link.text().startswith(f'<a href="{URL}">')
    assert float(card.findChild(type(card.source), "matchScore").text().split()[1]) >= 0.5
    assert card.attach.text() == "Attach as evidence · refutes   M"  # the key acts on it
    assert card.reject.text() == "Not the same claim   Shift+M"
    assert not panel.message.isVisible()
    assert len(panel.cards) == 1  # the decoys score below the suggest threshold


@pytest.mark.usefixtures("reviewed_db")
def test_m_attaches_the_check_as_refuting_evidence_and_ctrl_z_removes_it(
    qtbot, open_workspace, tmp_path, db_path
):
    window = open_workspace()
    unreviewed_claim(qtbot, window)
    claim_id = import_feed(qtbot, window, tmp_path)
    evidence = "SELECT url, stance, title FROM evidence WHERE claim_id = ?"

    qtbot.keyClick(window.view, KEY.Key_M)
    assert stored(db_path, evidence, claim_id) == [
        (URL, "refutes", "Example <b>Checks</b>: rated “False”")
    ]
    card = window.inspector.matches.cards[0]
    qtbot.waitUntil(lambda: card.attach.text() == "✓ Attached as evidence")
    assert not card.attach.isEnabled()
    assert window.inspector.evidence.list.count() == 1

    qtbot.keyClick(window.view, KEY.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(db_path, evidence, claim_id) == []
    qtbot.waitUntil(lambda: card.attach.isEnabled())


@pytest.mark.usefixtures("reviewed_db")
def test_an_approved_claim_refuses_the_attachment(qtbot, open_workspace, tmp_path, db_path):
    window = open_workspace()
    approved = next(c for c in window.claims.model.rows() if c.review_state == "approved")
    window.claims.select_claim(approved.id)
    qtbot.waitUntil(lambda: getattr(window.inspector.claim(), "id", None) == approved.id)
    import_feed(qtbot, window, tmp_path)
    before = stored(db_path, "SELECT id FROM evidence WHERE claim_id = ?", approved.id)
    assert not window.inspector.matches.cards[0].attach.isEnabled()
    qtbot.keyClick(window.view, KEY.Key_M)
    assert "approved, so it is locked" in window.inspector.notice.text()
    assert stored(db_path, "SELECT id FROM evidence WHERE claim_id = ?", approved.id) == before


@pytest.mark.usefixtures("reviewed_db")
def test_not_the_same_claim_hides_it_for_good_and_ctrl_z_offers_it_again(
    qtbot, open_workspace, tmp_path, db_path
):
    window = open_workspace()
    unreviewed_claim(qtbot, window)
    claim_id = import_feed(qtbot, window, tmp_path)
    panel = window.inspector.matches

    qtbot.mouseClick(panel.cards[0].reject, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.cards and panel.message.text() == NOTHING_FOUND)
    assert stored(db_path, "SELECT claim_id, match_key FROM rejected_matches") == [
        (claim_id, f"factcheck:{URL}")
    ]
    # Another article, then back: still not suggested.
    article = window.controller.article.id
    other = next(i for i in window.articles.articles().ids() if i != article)
    window.controller.open_article(other)
    qtbot.waitUntil(lambda: window.controller.article.id == other)
    window.controller.open_article(article, claim_id)
    qtbot.waitUntil(lambda: getattr(window.inspector.claim(), "id", None) == claim_id)
    qtbot.waitUntil(lambda: panel.message.text() == NOTHING_FOUND)
    assert not panel.cards

    qtbot.keyClick(window.view, KEY.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: [c.match.url for c in panel.cards] == [URL])
    assert stored(db_path, "SELECT * FROM rejected_matches") == []
    qtbot.keyClick(window.view, KEY.Key_M, Qt.KeyboardModifier.ShiftModifier)  # the key
    qtbot.waitUntil(lambda: not panel.cards)


@pytest.mark.usefixtures("reviewed_db")
def test_the_thresholds_are_kept_in_the_library(qtbot, open_workspace, tmp_path, db_path):
    window = open_workspace()
    unreviewed_claim(qtbot, window)
    import_feed(qtbot, window, tmp_path)
    panel = window.inspector.matches
    score = panel.cards[0].match.score

    dialog = window.already_checked.show_settings()
    assert not dialog.auto_on.isChecked() and not dialog.auto_link.isEnabled()  # off by default
    assert dialog.checked_before.value() == DEFAULT_CHECKED_BEFORE
    dialog.checked_before.setValue(0.35)
    dialog.auto_on.setChecked(True)
    dialog.auto_link.setValue(round(score - 0.05, 2))
    dialog.accept()
    qtbot.waitUntil(lambda: panel.cards and panel.cards[0].attach.text().startswith("Attach (auto"))
    settings = "SELECT key, value FROM claimdesk_meta WHERE key LIKE 'matching.%' ORDER BY key"
    assert [row for row in stored(db_path, settings) if row[0] != "matching.generation"] == [
        ("matching.auto_link", str(round(score - 0.05, 2))),
        ("matching.checked_before", "0.35"),
        ("matching.suggest", "0.18"),
    ]

    dialog = window.already_checked.show_settings()
    assert dialog.auto_on.isChecked()
    dialog.suggest.setValue(0.99)  # above the match: no longer suggested
    dialog.accept()
    qtbot.waitUntil(lambda: not panel.cards and panel.message.text() == NOTHING_FOUND)
    window.close()

    reopened = open_workspace()
    dialog = reopened.already_checked.show_settings()
    assert dialog.suggest.value() == 0.99 and dialog.auto_on.isChecked()
    assert dialog.checked_before.value() == 0.99  # never under the suggest score
    dialog.reject()


class MatchingHere(HeavyCallsHere):
    """Records whether the matching itself (find_matches, the ranking) runs on this thread."""

    def _on_call(self, frame, event: str, arg: object) -> None:
        if event != "call":
            return
        module = frame.f_globals.get("__name__") or ""
        name = frame.f_code.co_name
        if module.startswith(("claimdesk.core.factchecks.ranking", "claimdesk.core.factchecks.re")):
            self.modules.add(f"{module}.{name}")
        elif module == "claimdesk.core.factchecks.matching" and name == "find_matches":
            self.modules.add(name)


@pytest.mark.usefixtures("reviewed_db")
def test_the_inspector_shows_the_claim_at_once_and_matches_off_the_gui_thread(
    qtbot, open_workspace, tmp_path
):
    window = open_workspace()
    first = unreviewed_claim(qtbot, window)
    import_feed(qtbot, window, tmp_path)
    panel = window.inspector.matches
    with MatchingHere() as gui_thread:
        for _ in range(3):  # J held down: each claim is on show before its matches
            qtbot.keyClick(window.view, KEY.Key_J)
            shown = window.inspector.claim()
            assert shown.id != first and panel.claim_id == shown.id
            assert panel.message.text() == LOOKING and not panel.cards
        qtbot.waitUntil(lambda: panel.message.text() != LOOKING or bool(panel.cards))
        window.claims.select_claim(first)
        qtbot.waitUntil(lambda: [c.match.url for c in panel.cards][:1] == [URL])
    assert gui_thread.modules == set()

    with MatchingHere() as gui_thread:  # the probe sees matching that does run here
        window.controller.gateway.matches(first)
    assert "find_matches" in gui_thread.modules


@pytest.mark.usefixtures("reviewed_db")
def test_importing_fact_checks_reports_refused_files_and_records(qtbot, open_workspace, tmp_path):
    window = open_workspace()
    broken = tmp_path / "broken.json"
    broken.write_text('{"@type": "ClaimReview", "url": ', "utf-8")
    unrated = tmp_path / "unrated.json"
    unrated.write_text(
        json.dumps(
            [
                {"@type": "ClaimReview", "url": "https://a.example/1", "claimReviewed": "X"},
                {
                    "@type": "ClaimReview",
                    "url": "https://a.example/2",
                    "claimReviewed": "Y <script>alert(1)</script>",
                    "reviewRating": {"alternateName": "False"},
                },
            ]
        ),
        "utf-8",
    )
    with qtbot.waitSignal(window.controller.worker.sig_job_started) as started:
        task = window.already_checked.import_files([broken, unrated])
    assert started.args[0].title == "Importing fact-checks"  # shown with progress and Cancel
    with qtbot.waitSignal(task.sig_finished):
        pass
    summary = "Fact-checks: 1 imported, 0 updated, 1 records refused, 1 files refused"
    assert window.statusBar().currentMessage() == summary
    report = window.findChild(QMessageBox, "factcheckImportReport")
    assert report.isVisible() and report.text() == summary
    lines = report.detailedText().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{broken}:") and lines[1].startswith("unrated.json: ")
    report.close()


@pytest.mark.usefixtures("reviewed_db")
def test_the_file_menu_imports_fact_checks_picked_in_a_file_dialog(
    qtbot, open_workspace, tmp_path, monkeypatch
):
    """File › Import fact-checks… (its code loads on first use): the files picked are imported
    and matched, and the next dialog starts in their folder."""
    window = open_workspace()
    unreviewed_claim(qtbot, window)
    picked = feed(tmp_path, window.inspector.claim().quote)
    asked: list[str] = []

    def pick(_parent, _title: str, folder: str, _filter: str) -> tuple[list[str], str]:
        asked.append(folder)
        return ([str(picked)] if len(asked) == 1 else []), ""  # then cancelled

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", pick)  # the system's file picker
    window.actions.import_factchecks.trigger()
    panel = window.inspector.matches
    qtbot.waitUntil(lambda: [c.match.url for c in panel.cards][:1] == [URL], timeout=60_000)
    assert window.statusBar().currentMessage().startswith("Fact-checks: 4 imported")
    window.actions.import_factchecks.trigger()
    assert asked[1] == str(tmp_path)
