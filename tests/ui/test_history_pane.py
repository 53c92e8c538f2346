"""The history pane says in words who changed a claim, what, and when in local time."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

import pytest

from claimdesk.core.importing import ArticleDraft
from claimdesk.core.models import ClaimEvent
from claimdesk.core.reviewer import EXTRACTOR_ACTOR
from claimdesk.core.services import articles, claims, evidence
from claimdesk.core.services.history import load_claim, record
from claimdesk.ui.gateway import Gateway
from claimdesk.ui.history_pane import HistoryPane, describe, when_text
from claimdesk.ui.workers import Worker

TEXT = "Acme sold 12 trains in 2024. The mayor said the deal was fair.\n"


@pytest.fixture
def claim_id(store) -> str:
    """A claim the extractor found, then worked on by ana, ben and eve."""
    with store.transaction() as s:
        article = articles.import_draft(s, ArticleDraft("Acme", TEXT, "acme.txt")).article
        claim_id = claims.add_claim(s, article.id, 0, 28, actor=EXTRACTOR_ACTOR).id
    with store.transaction() as s:
        claims.set_status(s, claim_id, "disputed", actor="ana")
        evidence.add_evidence(s, claim_id, "https://example.org/trains", actor="ben")
        claims.set_note(s, claim_id, "Asked the press office", actor="ana")
        claims.set_span(s, claim_id, 0, 27, actor="ana")
        claims.set_review_state(s, claim_id, "approved", actor="eve")
    return claim_id


@pytest.fixture
def pane(qtbot, store) -> Iterator[HistoryPane]:
    worker = Worker()
    widget = HistoryPane(Gateway(store, "eve", worker))
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    worker.shutdown()


def shown(qtbot, pane: HistoryPane, claim_id: str | None) -> None:
    """Ask for a claim's history and wait until it is on screen (it is read off the GUI thread)."""
    with qtbot.waitSignal(pane.sig_shown):
        pane.show_claim(claim_id)


@pytest.fixture
def in_kolkata() -> Iterator[None]:
    """A fixed local time zone (UTC+5:30, no daylight saving) so times are predictable."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("TZ", "Asia/Kolkata")
        time.tzset()
        yield
    time.tzset()


def test_pane_lists_every_change_in_words_newest_first(qtbot, pane, store, claim_id) -> None:
    shown(qtbot, pane, claim_id)
    assert [line.what for line in pane.lines()] == [
        "eve approved",
        "ana: span moved",
        "ana: note changed — “Asked the press office”",
        "ben added evidence https://example.org/trains",
        "ana set status unreviewed → disputed",
        "Detected by the claim extractor",
    ]
    item = pane.list.item(0)
    assert item.text().startswith("eve approved\ntoday ")
    assert "review_state" in item.toolTip()
    assert pane.list.isVisible() and not pane.empty.isVisible()

    # A change made after it was shown appears on refresh (the inspector calls it after edits).
    with store.transaction() as s:
        claims.reopen(s, claim_id, "the ministry corrected its figures", actor="ben")
        claims.set_status(s, claim_id, "sourced", actor="ben")
    with qtbot.waitSignal(pane.sig_shown):
        pane.refresh()
    assert [line.what for line in pane.lines()[:2]] == [
        "ben set status disputed → sourced",
        "ben reopened it — “the ministry corrected its figures”",
    ]


def test_no_claim_or_a_deleted_claim_shows_an_empty_pane(qtbot, pane, claim_id) -> None:
    shown(qtbot, pane, None)
    assert pane.lines() == [] and pane.empty.isVisible()
    shown(qtbot, pane, "no-such-claim")
    assert pane.lines() == [] and pane.empty.isVisible()
    assert pane.claim_id() == "no-such-claim"


def test_times_are_shown_in_local_time(in_kolkata) -> None:
    at = dt.datetime(2026, 5, 3, 3, 40, tzinfo=dt.UTC)  # 09:10 in Kolkata
    later = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)
    assert when_text(at, now=later) == "3 May 2026, 09:10"
    assert when_text(at, now=at + dt.timedelta(hours=2)) == "today 09:10"
    # 20:00 UTC is already the next day in Kolkata: the local date decides.
    evening = dt.datetime(2026, 5, 3, 20, 0, tzinfo=dt.UTC)
    assert when_text(evening, now=evening + dt.timedelta(hours=1)) == "today 01:30"
    assert when_text(at, now=evening + dt.timedelta(hours=1)) == "yesterday 09:10"


def test_every_action_reads_as_words(store, claim_id) -> None:
    assert describe("ana", "status", "unreviewed", "disputed") == (
        "ana set status unreviewed → disputed"
    )
    assert describe("eve", "review_state", "approved", "needs_review") == "eve asked for review"
    assert describe("eve", "review_state", "approved", "draft") == "eve moved back to draft"
    assert describe("ben", "evidence_removed", {"url": "https://a.org"}, None) == (
        "ben removed evidence https://a.org"
    )
    assert describe("ben", "evidence_changed", {}, {"url": "https://b.org"}) == (
        "ben edited evidence https://b.org"
    )
    assert describe("ana", "note", "old", "") == "ana: note cleared"
    assert describe("ana", "note_public", False, True) == "ana made the note public"
    assert describe("ana", "note_public", True, False) == "ana made the note private"
    assert describe("eve", "reopen", "approved", "new figures") == (
        "eve reopened it — “new figures”"
    )
    assert describe("ana", "created", None, {}) == "ana added the claim by hand"
    assert describe(EXTRACTOR_ACTOR, "rescored", {}, {}) == "Rescored by the claim extractor"
    long_note = describe("ana", "note", "", "word " * 40)
    assert long_note.endswith("…”") and len(long_note) < 90
    # An action this version does not know yet still says who and what.
    with store.transaction() as s:
        record(s, load_claim(s, claim_id), "zed", "merged_from_laptop", None, None)
    with store.reading() as s:
        last = s.query(ClaimEvent).order_by(ClaimEvent.seq.desc()).first()
        assert describe(last.actor, last.action, last.before, last.after) == (
            "zed: merged from laptop"
        )
