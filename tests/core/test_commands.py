"""Undo as data: every command applied and then its inverse leaves the claim as it was."""

from __future__ import annotations

import pytest

from claimdesk.core import commands as c
from claimdesk.core.errors import StaleClaimError, ValidationError
from claimdesk.core.importing import ArticleDraft
from claimdesk.core.models import Claim, ClaimEvent, Evidence
from claimdesk.core.readmodels import claim_row
from claimdesk.core.serialize import claim_dict
from claimdesk.core.services.articles import import_draft
from claimdesk.core.services.claims import add_claim
from claimdesk.core.spans import snap_to_words, span_at

TEXT = "Fujitsu said revenue rose 12% in 2024. Critics disputed the figure. It may grow."
ACTOR = "ana"


@pytest.fixture
def claim_id(store):
    with store.transaction() as s:
        article = import_draft(s, ArticleDraft("Fujitsu", TEXT, "f.txt")).article
        return add_claim(s, article.id, 0, 38, actor=ACTOR, claim_id="c1").id


def state(store, claim_id):
    """The claim as the user sees it, without bookkeeping that changes on every write."""
    with store.reading() as s:
        claim = s.get(Claim, claim_id)
        if claim is None:
            return None
        data = claim_dict(claim_row(claim))
    for key in ("version", "updated_at", "created_at", "reviewed_at", "reviewed_by", "reviewer"):
        data.pop(key)
    for item in data["evidence"]:
        item.pop("added_at")
    return data


def run(store, cmd, expected_version=None):
    with store.transaction() as s:
        return c.apply(s, cmd, ACTOR, expected_version=expected_version)


def roundtrip(store, claim_id, cmd):
    """Apply, undo, redo: undo restores the first state and redo the second, exactly."""
    before = state(store, claim_id)
    inverse = run(store, cmd)
    after = state(store, claim_id)
    assert after != before
    redo = run(store, inverse)
    assert state(store, claim_id) == before
    run(store, redo)
    assert state(store, claim_id) == after
    return after


def test_set_status_and_its_label(store, claim_id):
    after = roundtrip(store, claim_id, c.SetStatus(claim_id, "disputed"))
    assert after["status"] == "disputed"
    assert c.SetStatus(claim_id, "disputed").label == "Set status to disputed"
    assert c.SetStatus(claim_id, "dismissed").label == "Dismiss claim"


def test_note_span_and_review_state(store, claim_id):
    assert roundtrip(store, claim_id, c.SetNote(claim_id, "check the annual report"))["note"]
    assert roundtrip(store, claim_id, c.SetSpan(claim_id, 0, 12))["quote"] == "Fujitsu said"
    run(store, c.SetStatus(claim_id, "speculative"))
    after = roundtrip(store, claim_id, c.SetReviewState(claim_id, "approved"))
    assert after["review_state"] == "approved"


def test_note_public_flag_round_trips_and_is_recorded(store, claim_id):
    run(store, c.SetNote(claim_id, "Source: annual report"))
    inverse = run(store, c.SetNotePublic(claim_id, True))
    assert c.SetNotePublic(claim_id, True).label == "Make note public"
    with store.reading() as s:
        assert claim_row(s.get(Claim, claim_id)).note_public
    run(store, inverse)
    with store.reading() as s:
        assert not claim_row(s.get(Claim, claim_id)).note_public
        events = s.query(ClaimEvent).filter_by(claim_id=claim_id, action="note_public").all()
    assert [(e.actor, e.before, e.after) for e in events] == [
        (ACTOR, False, True),
        (ACTOR, True, False),
    ]


def test_evidence_add_edit_remove(store, claim_id):
    add = c.AddEvidence(claim_id, "e1", "https://example.org/a", "Annual report", "", "supports")
    assert roundtrip(store, claim_id, add)["evidence"][0]["id"] == "e1"
    edit = c.UpdateEvidence(claim_id, "e1", "doi:10.1000/xyz", "Paper", "p. 4", "refutes")
    assert roundtrip(store, claim_id, edit)["evidence"][0]["stance"] == "refutes"
    assert roundtrip(store, claim_id, c.RemoveEvidence(claim_id, "e1"))["evidence"] == []


def test_new_claim_undo_deletes_and_redo_restores_the_same_id(store, claim_id):
    with store.reading() as s:
        article_id = s.get(Claim, claim_id).article_id
    inverse = run(store, c.AddClaim("c2", article_id, 39, 66))
    assert state(store, "c2")["quote"] == "Critics disputed the figure"
    run(store, inverse)
    assert state(store, "c2") is None
    run(store, c.AddClaim("c2", article_id, 39, 66))
    assert state(store, "c2")["origin"] == "manual"


def test_deleting_a_worked_claim_restores_everything_on_undo(store, claim_id):
    run(store, c.SetStatus(claim_id, "sourced"))
    run(store, c.SetNote(claim_id, "seen"))
    run(store, c.SetNotePublic(claim_id, True))
    run(store, c.SetReviewState(claim_id, "needs_review"))
    run(store, c.AddEvidence(claim_id, "e1", "https://example.org/a", "A", "n", "context"))
    run(store, c.AddEvidence(claim_id, "e2", "https://example.org/b"))
    before = state(store, claim_id)
    restore = run(store, c.DeleteClaim(claim_id))
    with store.reading() as s:
        assert s.query(Evidence).count() == 0
        assert s.query(ClaimEvent).count() == 0
    run(store, restore)
    assert state(store, claim_id) == before
    with store.reading() as s:
        assert claim_row(s.get_one(Claim, claim_id)).note_public


def test_undoing_a_deletion_restores_the_claim_even_over_a_newer_claim_of_its_text(store, claim_id):
    with store.reading() as s:
        article_id = s.get(Claim, claim_id).article_id
    run(store, c.SetNote(claim_id, "my notes"))
    before = state(store, claim_id)
    restore = run(store, c.DeleteClaim(claim_id))
    with store.transaction() as s:  # as another window might, meanwhile
        add_claim(s, article_id, 0, 38, actor="bob", claim_id="newer")
    with pytest.raises(ValidationError, match="already a claim"):
        run(store, c.AddClaim("c3", article_id, 0, 38))  # a new claim there is refused...
    run(store, restore)
    assert state(store, claim_id) == before  # ...but the reviewer's own comes back


def test_stale_version_is_refused_and_nothing_changes(store, claim_id):
    with store.reading() as s:
        seen = s.get(Claim, claim_id).version
    run(store, c.SetNote(claim_id, "changed elsewhere"))
    with pytest.raises(StaleClaimError):
        run(store, c.SetStatus(claim_id, "disputed"), expected_version=seen)
    assert state(store, claim_id)["status"] == "unreviewed"


def test_invalid_input_rolls_back(store, claim_id):
    with pytest.raises(ValidationError) as info:
        run(store, c.AddEvidence(claim_id, "e1", "javascript:alert(1)"))
    assert info.value.field == "URL"
    assert state(store, claim_id)["evidence"] == []


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (2, 9, "Fujitsu said"),  # inside two words: grows to both
        (0, 7, "Fujitsu"),
        (7, 13, "said"),  # surrounding spaces trimmed
        (26, 27, "12"),  # "%" is punctuation, not part of the word
        (7, 8, ""),  # only white space: nothing
    ],
)
def test_snap_to_words(start, end, expected):
    s, e = snap_to_words(TEXT, start, end)
    assert TEXT[s:e] == expected


def test_span_at_finds_the_innermost_span():
    starts, ends = [0, 5, 20], [30, 10, 25]
    assert span_at(starts, ends, 6) == 1
    assert span_at(starts, ends, 12) == 0
    assert span_at(starts, ends, 40) is None
    assert span_at([], [], 3) is None
