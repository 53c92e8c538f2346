"""The highlight budget: a precision cut-off, a cap per article, reviewed work always shown."""

from __future__ import annotations

import random

import pytest
from sqlalchemy import select

from claimdesk.core import highlight_reads
from claimdesk.core.errors import ClaimdeskError
from claimdesk.core.extraction.extractor import Candidate, Reason
from claimdesk.core.extraction.scoring import Weights, load_weights
from claimdesk.core.highlight_reads import candidates_in, highlighted_in
from claimdesk.core.highlights import budget, highlighted
from claimdesk.core.importing import ArticleDraft
from claimdesk.core.listings import ARTICLE, claim_listing
from claimdesk.core.models import Article, Claim
from claimdesk.core.services import articles, claims
from claimdesk.core.services.dashboard import article_rollups
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
        article = session.get_one(Article, article_id)
        article.extractor_version = "garbage \x00"
        article.highlight_cut = None  # derived from the version
    with store.reading() as session:
        shown = highlighted_in(session, [article_id])
    assert shown == frozenset(best_first[: budget(len(TEXT.split()))])


def test_a_damaged_sentence_section_falls_back_to_the_features_cut_off(
    store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As extraction does, reading falls back to the features' weights instead of failing."""
    from claimdesk.core.extraction import scoring

    article_id, best_first = _library(store)
    with store.transaction() as session:
        session.get_one(Article, article_id).highlight_cut = None  # derived from the version
    shipped = scoring.load_weights

    def damaged(model: str) -> Weights:
        if model == "sentence":
            raise ClaimdeskError("resources/patterns/weights.json: bad 'sentence' ('vector')")
        return shipped(model)

    monkeypatch.setattr(scoring, "load_weights", damaged)
    with store.reading() as session:
        shown = highlighted_in(session, [article_id])
    assert shipped("trained").highlight <= 0.9  # every claim here scores over 0.9
    assert shown == frozenset(best_first[: budget(len(TEXT.split()))])


def _varied(store) -> list[str]:
    """Articles exercising every rule: scores tied at the budget's edge, equal to the cut-off,
    missing; hand-made and reviewed claims; word counts and cut-offs stored, stored unlike
    what the text and version give, or missing (rows written before schema 0007)."""
    rng = random.Random(7)
    cut = load_weights("sentence").highlight
    stored = [  # (word_count, highlight_cut, extractor_version), one article each
        (None, None, VERSION),
        (None, None, VERSION + "+features-only"),
        (None, None, None),
        (2000, None, VERSION + "+rule-only"),
        (None, 0.5, VERSION),
        (0, 0.99, VERSION),
        (None, cut, "1.4"),
    ]
    ids = []
    for n, (words, article_cut, version) in enumerate(stored):
        sentences = [
            f"Article {n} figure {i} rose {i} percent to {n + i} billion." for i in range(40)
        ]
        text = " ".join(sentences)
        found, at = [], 0
        for sentence in sentences[:36]:
            score = rng.choice([cut, cut, 0.9, 0.9, 0.95, 0.99, 0.4, 0.6])
            found.append(Candidate(at, at + len(sentence), sentence, score, (), None, None))
            at += len(sentence) + 1
        with store.transaction() as session:
            article = articles.import_draft(
                session, ArticleDraft(f"T{n}", text, f"{n}.txt")
            ).article
            apply_candidates(session, article, found, version or VERSION)
            extracted = sorted(article.claims, key=lambda c: c.start)
            for claim in extracted[:3]:
                claims.set_status(
                    session, claim.id, rng.choice(["sourced", "dismissed"]), actor="Ana"
                )
            start = text.index(sentences[38])
            claims.add_claim(session, article.id, start, start + len(sentences[38]), actor="Ana")
            extracted[5].score = None
            article.extractor_version = version
            article.word_count = words
            article.highlight_cut = article_cut
            ids.append(article.id)
    return ids


def _expected(session, article_id: str) -> frozenset[str]:
    """highlighted() given the article's stored facts, or what they are derived from."""
    article = session.get_one(Article, article_id)
    words = len(article.text.split()) if article.word_count is None else article.word_count
    return highlighted(
        article.claims,
        words=words,
        extractor_version=article.extractor_version,
        cut=article.highlight_cut,
    )


def test_the_listing_and_the_batch_decide_as_highlighted_does(store, monkeypatch) -> None:
    ids = _varied(store)
    with store.reading() as session:
        expected = {a: _expected(session, a) for a in ids}
        listed = [c for chunk in claim_listing(session, candidates=True, chunk=7) for c in chunk]
        shown = [c.id for chunk in claim_listing(session) for c in chunk]
        batch = highlighted_in(session, ids)
        facts = {
            a.id: (a.word_count, a.highlight_cut, a.extractor_version, a.text)
            for a in session.scalars(select(Article))
        }
        some = {a: facts[a] for a in ids[1:]}
        counted = candidates_in(session, some)  # as the listings count them
        monkeypatch.setattr(highlight_reads, "IN_LIMIT", 2)  # as for the dashboard's 10,000
        every = candidates_in(session, some)
        summaries = {a.id: a.candidates for a in articles.list_articles(session)}
        dashboard_rows = {a.id: a.candidates for a in article_rollups(session)}
    hidden = {a: 37 - len(expected[a]) for a in ids}  # every claim not highlighted
    assert counted == {a: n for a, n in hidden.items() if n and a != ids[0]}
    assert every == counted
    assert summaries == dashboard_rows == hidden
    for article_id in ids:
        mine = {c.id: c.highlighted for c in listed if c.row[ARTICLE] == article_id}
        assert len(mine) == 40 - 4 + 1  # 36 extracted, 1 by hand
        assert {i for i, h in mine.items() if h} == expected[article_id], article_id
    union = frozenset().union(*expected.values())
    assert batch == union
    assert shown == [c.id for c in listed if c.highlighted]
    # Every rule made a difference somewhere: not a decision that passes by luck.
    sizes = [len(e) for e in expected.values()]
    assert len(set(sizes)) >= 3 and min(sizes) >= 4 and max(sizes) < 37


def test_stored_facts_are_read_instead_of_the_text_and_version(store) -> None:
    """The stored word count and cut-off decide (the text and version are not read)."""
    article_id, best_first = _library(store)
    with store.transaction() as session:
        article = session.get_one(Article, article_id)
        article.word_count = 2 * len(TEXT.split())
        article.extractor_version = "garbage"
    with store.reading() as session:
        assert highlighted_in(session, [article_id]) == frozenset(
            best_first[: budget(2 * len(TEXT.split()))]
        )
    with store.transaction() as session:
        session.get_one(Article, article_id).highlight_cut = 1.0  # only the best scores 1.0
    with store.reading() as session:
        assert highlighted_in(session, [article_id]) == frozenset(best_first[:1])
