"""Our registered spaCy components, each tested on a small pipeline built for the test."""

from __future__ import annotations

import pytest
import spacy

from claimdesk.core.extraction.components import CUES_KEY, RESULTS_ATTR
from claimdesk.core.extraction.nlp import add_components

pytestmark = pytest.mark.slow


def _cues(text: str) -> list[tuple[str, str]]:
    nlp = spacy.blank("en")
    nlp.add_pipe("claimdesk_cues")
    doc = nlp(text)
    return [(span.label_, span.text) for span in doc.spans[CUES_KEY]]


def test_cue_matcher_is_registered_by_name() -> None:
    assert "claimdesk_cues" in spacy.registry.factories
    assert "claimdesk_scorer" in spacy.registry.factories


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Prices may rise.", ("speculative", "may")),
        ("Sales are expected to grow.", ("speculative", "expected to")),
        ("The market will reach USD 57.89 billion by 2034.", ("speculative", "by 2034")),
        ("He allegedly took the money.", ("speculative", "allegedly")),
        ("The claims were denied.", ("disputed", "denied")),
        ("The firm came under fire.", ("disputed", "under fire")),
        ("ACCORDING TO the agency, it fell.", ("according_to", "ACCORDING TO")),
        ("The minister said so.", ("report_verb", "said")),
        ("Growth was 5% in 1999.", ("year", "1999")),
        ("Growth was 5% in 1999.", ("percent", "5%")),
    ],
)
def test_cue_matcher_finds(text: str, cue: tuple[str, str]) -> None:
    assert cue in _cues(text)


def test_modal_may_is_case_sensitive() -> None:
    assert ("speculative", "May") not in _cues("The deal was signed on May 27, 2026.")


def test_cue_spans_are_sorted() -> None:
    spans = _cues("Critics said the figures may be wrong, according to the report.")
    labels = [label for label, _ in spans]
    assert labels.index("disputed") < labels.index("report_verb") < labels.index("according_to")


def test_scorer_writes_one_result_per_sentence() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    add_components(nlp, "rule_only")
    text = "Fujitsu signed a deal in 2020. Is it good? Revenue fell 5%."
    doc = nlp(text)
    results = doc._.get(RESULTS_ATTR)
    assert [text[start:end] for start, end, *_ in results] == [
        "Fujitsu signed a deal in 2020.",
        "Is it good?",
        "Revenue fell 5%.",
    ]
    for _, _, score, reasons, _, _ in results:
        assert 0.0 <= score <= 1.0
        assert all(isinstance(kind, str) and text.startswith(kind) for kind, text in reasons)


def test_scorer_results_survive_serialisation() -> None:
    """Docs serialised to bytes (spaCy's way to ship them between processes) keep results."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    add_components(nlp, "rule_only")
    doc = nlp("Sales rose 5% in 2024, Fujitsu said.")
    copy = spacy.tokens.Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert copy._.get(RESULTS_ATTR) == doc._.get(RESULTS_ATTR)


def test_scorer_score_whole_ignores_sentence_boundaries() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    add_components(nlp, "rule_only")
    text = "Sales rose. By 5% in 2024."
    with nlp.select_pipes(disable=["claimdesk_scorer"]):
        doc = nlp(text)
    ((start, end, *_),) = nlp.get_pipe("claimdesk_scorer").score_whole([doc])
    assert (start, end) == (0, len(text))
