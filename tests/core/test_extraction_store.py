"""Re-extraction merges into stored claims idempotently and never touches a person's work."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import func, select

from claimdesk.core.extraction.extractor import Candidate, Reason
from claimdesk.core.importing import ArticleDraft
from claimdesk.core.models import Article, Claim, ClaimEvent
from claimdesk.core.services import articles, claims, evidence
from claimdesk.core.services.extraction import apply_candidates

TEXT = "One claim here. Two claim here. Three claim here. Four claim here. Five claim here."


def _cand(start: int, end: int, score: float = 0.8, suggestion: str | None = None) -> Candidate:
    return Candidate(
        start=start,
        end=end,
        quote=TEXT[start:end],
        score=score,
        reasons=(Reason("number", "number: one"),),
        suggestion=suggestion,
        cue="may" if suggestion else None,
    )


SENTENCES = [(0, 15), (16, 31), (32, 49), (50, 66), (67, 83)]


@pytest.fixture
def article_id(store) -> str:
    with store.transaction() as session:
        return articles.import_draft(session, ArticleDraft("T", TEXT, "t.txt")).article.id


def _apply(store, article_id: str, candidates: list[Candidate], version: str = "v1"):
    with store.transaction() as session:
        return apply_candidates(session, session.get_one(Article, article_id), candidates, version)


def _spans(store, article_id: str) -> dict[tuple[int, int], Claim]:
    with store.reading() as session:
        return {
            (c.start, c.end): c
            for c in session.scalars(select(Claim).where(Claim.article_id == article_id))
        }


def _event_count(store) -> int:
    with store.reading() as session:
        return session.scalar(select(func.count()).select_from(ClaimEvent))


def test_first_run_adds_and_second_run_changes_nothing(store, article_id: str) -> None:
    found = [_cand(*s) for s in SENTENCES[:3]]
    outcome = _apply(store, article_id, found)
    assert (outcome.added, outcome.updated, outcome.removed) == (3, 0, 0)
    stored = _spans(store, article_id)
    assert all(TEXT[s:e] == c.quote for (s, e), c in stored.items())
    assert stored[SENTENCES[0]].reasons == [{"kind": "number", "text": "number: one"}]
    events = _event_count(store)

    again = _apply(store, article_id, found)
    assert (again.added, again.updated, again.removed) == (0, 0, 0)
    assert _event_count(store) == events
    assert {k: c.version for k, c in _spans(store, article_id).items()} == {
        k: c.version for k, c in stored.items()
    }
    with store.reading() as session:
        assert session.get_one(Article, article_id).extractor_version == "v1"


def test_reviewed_manual_and_dismissed_claims_are_never_touched(store, article_id: str) -> None:
    _apply(store, article_id, [_cand(*s) for s in SENTENCES[:4]])
    stored = _spans(store, article_id)
    with store.transaction() as session:
        claims.set_status(session, stored[SENTENCES[0]].id, "sourced", actor="ana")
        claims.set_status(session, stored[SENTENCES[1]].id, "dismissed", actor="ana")
        evidence.add_evidence(session, stored[SENTENCES[2]].id, "https://a.example", actor="ana")
        manual = claims.add_claim(session, article_id, 67, 71, actor="ana")  # "Five"
    before = {k: (c.id, c.version) for k, c in _spans(store, article_id).items()}

    # A new extractor: shifted spans over the protected claims, a rescored free claim,
    # a claim that vanished, and one overlapping the manual claim.
    outcome = _apply(
        store,
        article_id,
        [
            _cand(0, 10),
            _cand(16, 31),
            _cand(40, 49),
            _cand(67, 83),
            _cand(50, 66, score=0.5),
        ],
        version="v2",
    )
    assert (outcome.added, outcome.updated, outcome.removed, outcome.kept) == (0, 1, 0, 4)

    after = _spans(store, article_id)
    for key in (SENTENCES[0], SENTENCES[1], SENTENCES[2], (67, 71)):
        assert (after[key].id, after[key].version) == before[key]
    assert after[SENTENCES[3]].score == 0.5
    assert manual.id in {c.id for c in after.values()}

    outcome = _apply(store, article_id, [], version="v3")
    assert outcome.removed == 1  # only the untouched detected claim goes
    assert set(_spans(store, article_id)) == {SENTENCES[0], SENTENCES[1], SENTENCES[2], (67, 71)}


def test_suggestion_is_stored_but_never_applied(store, article_id: str) -> None:
    _apply(store, article_id, [_cand(*SENTENCES[0], suggestion="speculative")])
    (claim,) = _spans(store, article_id).values()
    assert (claim.suggestion, claim.suggestion_cue, claim.status) == (
        "speculative",
        "may",
        "unreviewed",
    )


def test_candidates_overlapping_any_protected_claim_are_dropped_among_many(store) -> None:
    """Hundreds of reviewed claims, overlapping in every way, against hundreds of candidates."""
    rng = random.Random(5)
    text = "word " * 4000

    def cands(spans: list[tuple[int, int]]) -> list[Candidate]:
        return [Candidate(s, e, text[s:e], 0.9, (), None, None) for s, e in spans]

    with store.transaction() as session:
        article_id = articles.import_draft(session, ArticleDraft("Big", text, "b.txt")).article.id
    starts = rng.sample(range(0, len(text) - 60, 5), 1200)
    spans = sorted((s, s + rng.randint(4, 60)) for s in starts)  # all start on a word
    _apply(store, article_id, cands(spans))
    protected = spans[::2]
    stored = _spans(store, article_id)
    with store.transaction() as session:
        for span in protected:
            claims.set_status(session, stored[span].id, "sourced", actor="ana")
    fresh = [(s + 1, e + 1) for s, e in spans[1::2]] + [(0, len(text)), (len(text) - 5, len(text))]
    outcome = _apply(store, article_id, cands(fresh))
    free = [(s, e) for s, e in fresh if not any(s < pe and ps < e for ps, pe in protected)]
    assert (outcome.added, outcome.kept) == (len(free), len(protected))
    assert 0 < len(free) < len(fresh)
    assert set(_spans(store, article_id)) == set(protected) | set(free)
