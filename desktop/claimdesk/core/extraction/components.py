"""Our extraction steps as registered spaCy components: cue matching and sentence scoring."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from itertools import islice
from typing import Any, TypeVar

from claimdesk.core.extraction import spacy_import  # noqa: F401 - before spacy.* (see there)

# isort: split
import numpy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span

from claimdesk.core.errors import ClaimdeskError
from claimdesk.core.extraction.cues import load_patterns
from claimdesk.core.extraction.encoder import FALLBACK, Encoder, load_encoder
from claimdesk.core.extraction.features import sentence_features
from claimdesk.core.extraction.scoring import (
    SENTENCE,
    TRAINED,
    Weights,
    load_weights,
    score,
    sentence_logits,
    suggest,
)

CUES_KEY = "claimdesk_cues"
RESULTS_ATTR = "claimdesk_sentences"
T = TypeVar("T")
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
    """Scores each sentence into doc._.claimdesk_sentences (a SentenceResult each).

    In the trained pipeline the sentence model joins the features when the encoder loads;
    otherwise the features score alone and `notice` says why.
    """

    def __init__(self, weights: str) -> None:
        self.pipeline, self.weights, self.encoder, self.notice = _model(weights)
        # The features alone: what scores when the encoder is not used, and its gate.
        self.fallback = self.weights if self.encoder is None else load_weights(TRAINED)

    def __call__(self, doc: Doc) -> Doc:
        """Score inside the pipeline, so every way of running it (nlp(), nlp.pipe) scores alike."""
        return next(self.pipe([doc]))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 64) -> Iterator[Doc]:
        """Score docs a batch at a time: the encoder embeds a batch's sentences in one go."""
        for batch in chunks(docs, batch_size):
            yield from self._score_docs(batch)

    def _score_docs(self, docs: Sequence[Doc]) -> list[Doc]:
        found = []
        for doc in docs:
            sents = list(doc.sents)
            cues = _group(doc.spans.get(CUES_KEY, []), sents)
            ents = _group(doc.ents, sents)
            found.append(list(zip(sents, cues, ents, strict=True)))
        results = iter(self._results([item for items in found for item in items]))
        for doc, items in zip(docs, found, strict=True):
            doc._.set(RESULTS_ATTR, [next(results) for _ in items])
            # The cues now live on in the results; dropping them keeps docs light to ship
            # between worker processes.
            doc.spans.pop(CUES_KEY, None)
            # Nothing after us reads the tok2vec tensor, by far the largest thing a doc carries.
            doc.tensor = numpy.empty((0,), dtype="float32")
        return list(docs)

    def score_whole(self, docs: Sequence[Doc]) -> list[SentenceResult]:
        """Score each doc as one sentence, whatever the parser thinks (for labelled sentences)."""
        return self._results(
            [(doc[:], list(doc.spans.get(CUES_KEY, [])), list(doc.ents)) for doc in docs]
        )

    def _results(
        self, items: Sequence[tuple[Span, list[Span], list[Span]]]
    ) -> list[SentenceResult]:
        """Each sentence's result. Only sentences the features alone rate at least at the
        gate go through the encoder (it costs ~12 ms a sentence); the others keep their
        feature score, under the gate and so under the threshold: never candidates."""
        features = [sentence_features(sent, cues, ents) for sent, cues, ents in items]
        scored = [score(found, self.fallback) for found in features]
        parts: dict[int, float] = {}
        if self.encoder is not None:
            open_ = [i for i, (value, _) in enumerate(scored) if value >= self.weights.gate]
            vectors = self.encoder.embed([items[i][0].text for i in open_])
            parts = dict(zip(open_, sentence_logits(vectors, self.weights), strict=True))
        results = []
        for i, ((sent, cues, _), found) in enumerate(zip(items, features, strict=True)):
            value, reasons = score(found, self.weights, parts[i]) if i in parts else scored[i]
            status, cue = suggest(cues)
            results.append([sent.start_char, sent.end_char, value, reasons, status, cue])
        return results


def _model(pipeline: str) -> tuple[str, Weights, Encoder | None, str | None]:
    """(pipeline scoring, its weights, the encoder, a notice): the sentence model when it can."""
    if pipeline != TRAINED:
        return pipeline, load_weights(pipeline), None, None
    try:
        sentence = load_weights(SENTENCE)
        if sentence.encoder is None or sentence.vector is None:
            raise ClaimdeskError("resources/patterns/weights.json: 'sentence' has no vector")
    except ClaimdeskError as exc:
        return TRAINED, load_weights(TRAINED), None, f"{FALLBACK}: {exc}."
    encoder, notice = load_encoder(sentence.encoder)
    if encoder is None:
        return TRAINED, load_weights(TRAINED), None, notice
    return SENTENCE, sentence, encoder, None


def chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of `size` items (the last one shorter), read lazily."""
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


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
