"""Detectors by name: an article is re-extracted by the detector its extractor_version names."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest

from claimdesk.core.extraction import extractor
from claimdesk.core.extraction.extractor import (
    DEFAULT_DETECTOR,
    DETECTORS,
    EXTRACTOR_VERSION,
    RULE_ONLY_SUFFIX,
    Candidate,
    detector_for,
    detector_name,
)
from claimdesk.core.importing import ArticleDraft
from claimdesk.core.jobs import extract_articles
from claimdesk.core.models import Article, Claim
from claimdesk.core.services.articles import import_draft

TEXT = "Sales rose 12% in 2025. The weather was fine.\n"


class FirstSentence:
    """A second detector: the first sentence, whatever it says."""

    def extract(
        self,
        texts: Sequence[str],
        *,
        progress: Callable[[int, int], None] | None = None,
        is_cancelled: Callable[[], bool] | None = None,
    ) -> list[list[Candidate]]:
        return [
            [Candidate(0, t.index(".") + 1, t[: t.index(".") + 1], 1.0, (), None, None)]
            for t in texts
        ]

    def version_used(self) -> str:
        return "1.0+first-0001"


def test_the_current_detector_is_the_default_and_names_itself() -> None:
    assert DETECTORS[DEFAULT_DETECTOR] is extractor.IN_THIS_PROCESS
    assert detector_name(EXTRACTOR_VERSION) == DEFAULT_DETECTOR
    assert detector_name(EXTRACTOR_VERSION + RULE_ONLY_SUFFIX) == DEFAULT_DETECTOR
    for unknown in (None, "", "0.9", "2.0+gone-1234"):  # never extracted, old, or retired
        assert detector_for(unknown) is extractor.IN_THIS_PROCESS


def test_each_article_is_re_extracted_by_its_own_detector(
    store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(DETECTORS, "first", FirstSentence())
    with store.transaction() as session:
        article = import_draft(
            session, ArticleDraft(title="Sales", text=TEXT, origin="test")
        ).article
        article.extractor_version = "1.0+first-0000"
        article_id = article.id
    (outcome,) = extract_articles(store, [article_id]).values()
    assert outcome.added == 1
    with store.reading() as session:
        (claim,) = session.query(Claim).all()
        assert claim.quote == "Sales rose 12% in 2025."
        assert session.get_one(Article, article_id).extractor_version == "1.0+first-0001"
