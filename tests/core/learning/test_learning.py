"""Learning from a library's decisions, on a library reviewed by a simulated reviewer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select, text

from claimdesk.core.errors import ClaimdeskError
from claimdesk.core.highlights import version_cut
from claimdesk.core.importing import ArticleDraft
from claimdesk.core.jobs import Outcome, extract_articles, import_paths
from claimdesk.core.learning import learn as learn_module
from claimdesk.core.learning import library_models
from claimdesk.core.learning.adapt import Layer
from claimdesk.core.learning.decisions import read_decisions
from claimdesk.core.learning.learn import NotEnoughDecisionsError, learn
from claimdesk.core.models import Article, Claim, ClaimStatus, LibraryEvent
from claimdesk.core.services.articles import import_draft
from claimdesk.core.services.claims import add_claim, set_status
from claimdesk.core.store import Store
from learning_library import REVIEWER, wants

NEW_ARTICLE = (
    "Council spending\n\n"
    "The council spent 4.2 million euros on road repairs in 2023. "
    "Residents say the roads feel safer. "
    "Officials believe the programme is a success.\n"
)


def test_the_adapted_model_beats_the_base_on_held_back_decisions(reviewed: Store) -> None:
    """On every one of five different held-back quarters (a quarter is ~25 decisions, so
    one split alone is noisy), and by a clear margin on average."""
    margins = []
    for seed in range(5):
        comparison = learn(reviewed, seed=seed)
        assert comparison.current_name == "the shipped model"
        assert comparison.held_back >= 15 and comparison.used >= 2 * comparison.held_back
        assert comparison.adapted.f1 > comparison.current.f1, comparison
        assert comparison.adapted.precision > comparison.current.precision, comparison
        margins.append(comparison.adapted.f1 - comparison.current.f1)
        # It learnt the reviewer's policy: numbers and dates count for a claim.
        assert comparison.layer.kinds["number"] > 1 and comparison.layer.kinds["date"] > 0.5
    assert sum(margins) / len(margins) > 0.08, margins


def test_a_layer_that_learns_nothing_scores_as_the_base(
    reviewed: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The comparison can fail: the identity layer is the base model, and does not win."""
    from claimdesk.core.extraction.extractor import default_threshold

    def identity(items: object, labels: object, base_model: str) -> Layer:
        return Layer(base_model, 0.0, 1.0, {}, default_threshold(), 1.0)

    monkeypatch.setattr(learn_module, "fit", identity)
    comparison = learn(reviewed)
    assert comparison.adapted == comparison.current
    assert not comparison.better()


def test_too_few_decisions_say_how_many_are_needed(store: Store) -> None:
    with store.transaction() as session:
        draft = ArticleDraft(title="t", text="Prices rose 4% in May. It rained.", origin="t.txt")
        article = import_draft(session, draft).article
        add_claim(session, article.id, 0, 22, actor=REVIEWER)
    with pytest.raises(NotEnoughDecisionsError) as raised:
        learn(store)
    message = str(raised.value)
    assert "at least 40 decisions" in message and "at least 10" in message
    assert "has 1: 1 claims and 0 dismissed" in message


def test_sentences_labelled_both_ways_are_left_out_and_counted(reviewed: Store) -> None:
    with reviewed.reading() as session:
        before = read_decisions(session)
        dismissed = session.scalars(
            select(Claim).where(Claim.status == ClaimStatus.DISMISSED).order_by(Claim.id)
        ).first()
        assert dismissed is not None
        quote = dismissed.quote
    with reviewed.transaction() as session:  # the same sentence, in another article, kept
        draft = ArticleDraft(title="Copy", text=f"{quote}\n", origin="copy.txt")
        article = import_draft(session, draft).article
        claim = add_claim(session, article.id, 0, len(quote), actor="ben")
        set_status(session, claim.id, "sourced", actor="ben")
    with reviewed.reading() as session:
        after = read_decisions(session)
    assert after.contradictory == 1
    assert len(after.items) == len(before.items) - 1
    assert all(d.text != " ".join(quote.split()) for d in after.items)
    assert learn(reviewed).contradictory == 1


def test_an_unknown_or_damaged_model_falls_back_to_the_base_with_a_notice(
    reviewed: Store, tmp_path: Path
) -> None:
    with reviewed.transaction() as session:
        session.execute(
            text("INSERT INTO claimdesk_meta (key, value) VALUES ('detector_model', '7')")
        )
    with reviewed.reading() as session:
        assert library_models.in_use(session).model is None
        assert "Library model 7 is missing" in (library_models.notice(session, "sentence") or "")
    article = _import(reviewed, tmp_path, "one.txt")
    assert "+library" not in article.extractor_version
    assert article.highlight_cut == version_cut(article.extractor_version)  # the shipped one's

    comparison = learn(reviewed)  # the current model is then the shipped one
    assert comparison.current_name == "the shipped model"
    with reviewed.transaction() as session:
        version = library_models.adopt(
            session, comparison.layer, decisions=1, scores={}, actor=REVIEWER
        )
        session.execute(text('UPDATE detector_models SET weights = \'{"bias": "x"}\''))
    with reviewed.reading() as session:
        notice = library_models.in_use(session).notice or ""
    assert f"Library model {version} is damaged (weights:" in notice
    assert "shipped model" in notice
    article = _import(reviewed, tmp_path, "two.txt")
    assert "+library" not in article.extractor_version


def test_adopting_applies_to_new_extraction_only_and_restoring_goes_back(
    reviewed: Store, tmp_path: Path
) -> None:
    reviewed_before = _reviewed_claims(reviewed)
    comparison = learn(reviewed)
    with reviewed.transaction() as session:
        first = library_models.adopt(
            session,
            comparison.layer,
            decisions=comparison.used,
            scores=comparison.scores_json(),
            actor=REVIEWER,
        )
    assert _reviewed_claims(reviewed) == reviewed_before  # adopting changes no claim
    again = learn(reviewed)  # the same decisions and split: the model in use is the same layer
    assert again.current_name == f"library model {first}" and again.current == comparison.adapted

    article = _import(reviewed, tmp_path, "adopted.txt")
    assert article.extractor_version.endswith(f"+library-{first}")
    assert article.highlight_cut == pytest.approx(comparison.layer.highlight)
    quotes = [claim.quote for claim in article.claims]
    assert quotes and all(wants(quote) for quote in quotes), quotes  # the reviewer's policy
    assert "library" in article.claims[0].kinds

    with reviewed.reading() as session:
        reviewed_ids = {
            a
            for (a,) in session.execute(
                select(Claim.article_id).where(Claim.status != ClaimStatus.UNREVIEWED)
            )
        }
    extract_articles(reviewed, sorted(reviewed_ids))  # re-extraction keeps reviewed work
    assert _reviewed_claims(reviewed) == reviewed_before

    with reviewed.transaction() as session:
        second = library_models.adopt(
            session, comparison.layer, decisions=2, scores={}, actor="ben"
        )
        library_models.restore(session, first, "ben")
    assert _import(reviewed, tmp_path, "restored.txt").extractor_version.endswith(
        f"+library-{first}"
    )
    with reviewed.transaction() as session:
        library_models.restore(session, None, "ben")
    with pytest.raises(ClaimdeskError, match="no library model 99"), reviewed.transaction() as s:
        library_models.restore(s, 99, "ben")
    with reviewed.reading() as session:
        assert library_models.in_use(session) == library_models.Active(None)
    base = _import(reviewed, tmp_path, "base.txt")
    assert "+library" not in base.extractor_version
    assert base.highlight_cut == version_cut(base.extractor_version)
    with reviewed.reading() as session:
        versions = library_models.versions(session)
        events = session.scalars(
            select(LibraryEvent.after).where(LibraryEvent.action == library_models.EVENT)
        ).all()
    assert [v.version for v in versions] == [second, first] and not any(v.in_use for v in versions)
    assert events == [str(first), str(second), str(first), "shipped"]


@dataclass
class Found:
    quote: str
    kinds: list[str]


@dataclass
class Imported:
    extractor_version: str
    highlight_cut: float | None
    claims: list[Found]


def _import(store: Store, folder: Path, name: str) -> Imported:
    path = folder / name
    path.write_text(NEW_ARTICLE.replace("road", f"{name} road"), encoding="utf-8")
    [report] = import_paths(store, [path])
    assert report.outcome is Outcome.IMPORTED, report.line()
    with store.reading() as session:
        article = session.get_one(Article, report.article_id)
        claims = [Found(c.quote, [r["kind"] for r in c.reasons]) for c in article.claims]
        return Imported(article.extractor_version or "", article.highlight_cut, claims)


def _reviewed_claims(store: Store) -> list[tuple[object, ...]]:
    with store.reading() as session:
        rows = session.execute(
            select(Claim.id, Claim.start, Claim.end, Claim.status, Claim.score, Claim.version)
            .where((Claim.status != ClaimStatus.UNREVIEWED) | (Claim.origin == "manual"))
            .order_by(Claim.id)
        )
        return [tuple(row) for row in rows]
