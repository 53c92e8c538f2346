"""The highlight budget: a precision cut-off, a cap per article, reviewed work always shown."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from claimdesk.core.errors import ClaimdeskError
from claimdesk.core.extraction.extractor import Candidate, Reason
from claimdesk.core.extraction.scoring import Weights, load_weights
from claimdesk.core.highlights import budget, highlighted_in
from claimdesk.core.importing import ArticleDraft
from claimdesk.core.models import Article, Claim
from claimdesk.core.services import articles, claims
from claimdesk.core.services.extraction import apply_candidates

# 60 sentences that all read as claims, 600 words: a detector flags every one.
SENTENCES = [f"Exports of item {i} rose {i} percent in {1990 + i} to 9 billion." for i in range(60)]
HAND = "A sentence the detector missed."
TEXT = " ".join([*SENTENCES, HAND])
VERSION = "2.0+patterns-0123abcd"


def _library(store, version: str = VERSION) -> tuple[str, list[str]]:
    """An article whose every sentence is a candidate over the highlight cut-off, best first."""
    cut = load_weights("sentence").highlight
    found, at = [], 0
    for rank, sentence in enumerate(SENTENCES):
        score = 1.0 - (1.0 - cut) * rank / (2 * len(SENTENCES))  # all >= cut, falling
        found.append(
            Candidate(at, at + len(sentence), sentence, score, (Reason("number", "n"),), None, None)
        )
        at += len(sentence) + 1
    with store.transaction() as session:
        article = articles.import_draft(session, ArticleDraft("T", TEXT, "t.txt")).article
        apply_candidates(session, article, found, version)
        ids = [c.id for c in sorted(article.claims, key=lambda c: -(c.score or 0))]
        return article.id, ids


def test_many_claim_like_sentences_highlight_at_most_the_budget(store) -> None:
    article_id, best_first = _library(store)
    cap = budget(len(TEXT.split()))
    assert 3 <= cap < len(SENTENCES)
    with store.reading() as session:
        shown = highlighted_in(session, [article_id])
    assert shown == frozenset(best_first[:cap])  # the best-scored, the rest are candidates


def test_reviewed_and_hand_made_claims_are_always_highlighted(store) -> None:
    article_id, best_first = _library(store)
    worst = best_first[-1]
    with store.transaction() as session:
        claims.set_status(session, worst, "disputed", actor="Ana")
        start = TEXT.index(HAND)
        manual = claims.add_claim(session, article_id, start, start + len(HAND), actor="Ana").id
    with store.reading() as session:
        shown = highlighted_in(session, [article_id])
    assert {worst, manual} <= shown
    assert len(shown - {worst, manual}) == budget(len(TEXT.split()))  # the budget is not used up


def test_below_the_cut_off_nothing_is_highlighted_whatever_the_budget(store) -> None:
    article_id, _ = _library(store)
    cut = load_weights("sentence").highlight
    with store.transaction() as session:
        for claim in session.scalars(select(Claim)):
            claim.score = cut - 0.01
    with store.reading() as session:
        assert highlighted_in(session, [article_id]) == frozenset()


def test_an_unknown_model_version_uses_the_shipped_cut_off(store) -> None:
    article_id, best_first = _library(store, version="7.3+learned-elsewhere-ffffffff")
    with store.transaction() as session:
        session.get_one(Article, article_id).extractor_version = "garbage \x00"
    with store.reading() as session:
        shown = highlighted_in(session, [article_id])
    assert shown == frozenset(best_first[: budget(len(TEXT.split()))])


def test_a_damaged_sentence_section_falls_back_to_the_features_cut_off(
    store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As extraction does, reading falls back to the features' weights instead of failing."""
    from claimdesk.core import highlights

    article_id, best_first = _library(store)
    shipped = highlights.load_weights

    def damaged(model: str) -> Weights:
        if model == "sentence":
            raise ClaimdeskError("resources/patterns/weights.json: bad 'sentence' ('vector')")
        return shipped(model)

    monkeypatch.setattr(highlights, "load_weights", damaged)
    with store.reading() as session:
        shown = highlighted_in(session, [article_id])
    assert shipped("trained").highlight <= 0.9  # every claim here scores over 0.9
    assert shown == frozenset(best_first[: budget(len(TEXT.split()))])
