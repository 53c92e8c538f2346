"""Our extraction steps as registered spaCy components: cue matching and sentence scoring."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import Any

import numpy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from claimdesk.core.extraction.cues import load_patterns
from claimdesk.core.extraction.features import sentence_features
from claimdesk.core.extraction.scoring import load_weights, score, suggest

CUES_KEY = "claimdesk_cues"
RESULTS_ATTR = "claimdesk_sentences"
SentenceResult = list[Any]
"""[start_char, end_char, score, reasons, suggestion, cue]: msgpack-friendly, so docs serialise."""

if not Doc.has_extension(RESULTS_ATTR):
    Doc.set_extension(RESULTS_ATTR, default=None)


class CueMatcher:
    """Marks every cue of cues.json in a doc as a labelled span in doc.spans["claimdesk_cues"]."""

    def __init__(self, nlp: Language) -> None:
        raw = load_patterns("cues.json")
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.tokens = Matcher(nlp.vocab)
        for label, phrases in raw["phrases"].items():
            self.lower.add(label, [nlp.make_doc(phrase) for phrase in phrases])
        for label, phrases in raw["case_sensitive"].items():
            self.orth.add(label, [nlp.make_doc(phrase) for phrase in phrases])
        for label, patterns in raw["token_patterns"].items():
            self.tokens.add(label, patterns)

    def __call__(self, doc: Doc) -> Doc:
        """Match all lists in one pass each; the scorer then reads cues per sentence."""
        matches = self.lower(doc) + self.orth(doc) + self.tokens(doc)
        matches.sort(key=lambda m: (m[1], m[2]))
        doc.spans[CUES_KEY] = [Span(doc, start, end, label=key) for key, start, end in matches]
        return doc


class SentenceScorer:
    """Scores each sentence into doc._.claimdesk_sentences (a SentenceResult each)."""

    def __init__(self, weights: str) -> None:
        self.weights = load_weights(weights)

    def __call__(self, doc: Doc) -> Doc:
        """Score inside the pipeline, so every way of running it (nlp(), nlp.pipe) scores alike."""
        sents = list(doc.sents)
        cues = _group(doc.spans.get(CUES_KEY, []), sents)
        ents = _group(doc.ents, sents)
        results = [self._result(*group) for group in zip(sents, cues, ents, strict=True)]
        doc._.set(RESULTS_ATTR, results)
        # The cues now live on in the results; dropping them keeps docs light to ship between
        # worker processes.
        doc.spans.pop(CUES_KEY, None)
        # Nothing after us reads the tok2vec tensor, by far the largest thing a doc carries.
        doc.tensor = numpy.empty((0,), dtype="float32")
        return doc

    def score_whole(self, doc: Doc) -> SentenceResult:
        """Score a doc as one sentence, whatever the parser thinks (for labelled sentences)."""
        cues = list(doc.spans.get(CUES_KEY, []))
        return self._result(doc[:], cues, list(doc.ents))

    def _result(self, sent: Span, cues: list[Span], ents: list[Span]) -> SentenceResult:
        features = sentence_features(sent, cues, ents)
        value, reasons = score(features, self.weights)
        status, cue = suggest(cues)
        return [sent.start_char, sent.end_char, value, reasons, status, cue]


def _group(spans: Sequence[Span], sents: Sequence[Span]) -> list[list[Span]]:
    """Spans lying wholly inside each sentence, in one pass over both sorted lists."""
    starts = [s.start for s in sents]
    groups: list[list[Span]] = [[] for _ in sents]
    for span in spans:
        index = bisect_left(starts, span.start + 1) - 1
        if index >= 0 and span.end <= sents[index].end:
            groups[index].append(span)
    return groups


@Language.factory("claimdesk_cues")
def make_cue_matcher(nlp: Language, name: str) -> CueMatcher:
    """Registered so pipelines (and their worker processes) can be built by name."""
    return CueMatcher(nlp)


@Language.factory("claimdesk_scorer", default_config={"weights": "trained"})
def make_sentence_scorer(nlp: Language, name: str, weights: str) -> SentenceScorer:
    """Registered with the weights section to use: "trained" or "rule_only"."""
    return SentenceScorer(weights)
