"""Turn a sentence's features into a 0..1 score, readable reasons and a suggested status."""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy

from claimdesk.core.errors import ClaimdeskError
from claimdesk.core.extraction.cues import choose_suggestion, load_patterns
from claimdesk.core.extraction.encoder import Pin
from claimdesk.core.extraction.features import Features
from claimdesk.core.extraction.score_labels import SENTENCE as SENTENCE  # re-exported
from claimdesk.core.extraction.score_labels import SHARE_KIND, share_text
from claimdesk.core.extraction.score_labels import TRAINED as TRAINED  # re-exported

# The word a reviewer sees for each feature ("number: USD 9.43 billion").
KINDS: Mapping[str, str] = {
    "org": "organisation",
    "person": "person",
    "place": "place",
    "group": "group",
    "name": "name",
    "names_3plus": "detail",
    "money": "number",
    "percent": "number",
    "quantity": "number",
    "number_digits": "number",
    "number_words": "number",
    "number_large": "number",
    "numbers_2plus": "detail",
    "ordinal": "rank",
    "year": "date",
    "date": "date",
    "according_to": "attribution",
    "source_named": "attribution",
    "source_other": "attribution",
    "comparative": "comparison",
    "comparison": "comparison",
    "superlative": "superlative",
    "quote": "quote",
    "past": "past event",
    "perfect": "past event",
    "change": "change",
    "record": "action",
    "statistic": "statistic",
    "topic": "topic",
    "long": "detail",
    "negation": "negation",
    "future": "future",
    "hedge": "hedge",
    "dispute": "dispute",
    "opinion": "opinion",
    "promise": "promise",
    "courtesy": "courtesy",
    "vague": "vague",
    "normative": "normative",
    "named_subject": "subject",
    "third_person": "subject",
    "copula": "state",
    "first_singular": "first person",
    "first_plural": "first person",
    "second_person": "second person",
    "question": "question",
    "exclamation": "exclamation",
    "short": "fragment",
    "fragment": "fragment",
    "directive": "directive",
}
# Features that barely move the score would only clutter the explanation.
REASON_MIN_WEIGHT = 0.1
REASON_WORDS = 3  # words of the sentence a reason quotes at most
# Cue labels of cues.json that suggest a status; suggest_none marks look-alikes to ignore.
SUGGESTION_LABELS: Mapping[str, str] = {
    "suggest_sourced": "sourced",
    "suggest_disputed": "disputed",
    "suggest_speculative": "speculative",
}
VETO_LABEL = "suggest_none"
Reasons = list[list[str]]
"""[kind, text] pairs, plain lists so spaCy can serialise them across processes."""


@dataclass(frozen=True, slots=True)
class Weights:
    """A fitted logistic model over yes/no features (and, for "sentence", the sentence vector).

    `threshold` makes a claim a candidate; `highlight`, higher, a claim highlighted by default.
    """

    bias: float
    weights: Mapping[str, float]
    threshold: float
    highlight: float = 1.0
    vector: numpy.ndarray | None = None  # weights of the sentence vector, for "sentence"
    centre: float = 0.0  # vector @ the mean training sentence: the vector's part is centred on it
    gate: float = 0.0  # "sentence": embed only sentences the features alone score this high
    encoder: Pin | None = None


@functools.cache
def load_weights(pipeline: str) -> Weights:
    """The weights fitted for one pipeline in weights.json: "sentence", "trained" or "rule_only".

    Raises:
        ClaimdeskError: the section is missing or malformed.
    """
    try:
        raw = load_patterns("weights.json")["pipelines"][pipeline]
        vector = raw.get("vector")
        return Weights(
            bias=float(raw["bias"]),
            weights={str(k): float(v) for k, v in raw["weights"].items()},
            threshold=float(raw["threshold"]),
            highlight=float(raw.get("highlight", raw["threshold"])),
            vector=None if vector is None else numpy.asarray(vector, dtype=numpy.float32),
            centre=float(raw.get("centre", 0.0)),
            gate=float(raw.get("gate", 0.0)),
            encoder=Pin.from_dict(raw["encoder"]) if "encoder" in raw else None,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ClaimdeskError(f"resources/patterns/weights.json: bad '{pipeline}' ({exc})") from exc


def sentence_logits(vectors: numpy.ndarray, weights: Weights) -> list[float]:
    """The sentence model's part of each logit, 0 for a sentence like the average one."""
    assert weights.vector is not None
    return [float(x) - weights.centre for x in vectors @ weights.vector]


def score(
    features: Features, weights: Weights, sentence: float | None = None
) -> tuple[float, Reasons]:
    """Logistic score of the features (plus the sentence model's part), with readable reasons.

    One reason per kind that pushed the score up, strongest first, so the first says most
    about why; with a sentence part, a last reason says how the two parts shared the score.
    """
    table = weights.weights
    feature_part = sum(table.get(name, 0.0) for name in features)
    logit = weights.bias + feature_part + (sentence or 0.0)
    by_kind: dict[str, tuple[float, list[str]]] = {}
    for name in sorted(features, key=lambda n: -table.get(n, 0.0)):
        weight = table.get(name, 0.0)
        if weight < REASON_MIN_WEIGHT:
            break
        kind = KINDS.get(name, name)
        total, words = by_kind.get(kind, (0.0, []))
        for word in features[name]:
            if len(words) == REASON_WORDS:
                break  # only these are shown; looking further made long sentences quadratic
            if not any(word in seen for seen in words):
                words.append(word)
        by_kind[kind] = (total + weight, words)
    ranked = sorted(by_kind.items(), key=lambda item: -item[1][0])
    reasons = [[kind, f"{kind}: {', '.join(words) or kind}"] for kind, (_, words) in ranked]
    if sentence is not None:
        reasons.append([SHARE_KIND, share_text(feature_part, sentence)])
    return 1.0 / (1.0 + math.exp(-logit)), reasons


def suggest(cues: Iterable[Any]) -> tuple[str | None, str | None]:
    """The status a reviewer might choose, with the words that triggered it.

    Only the suggest_* lists of cues.json count, not the attribution features: "X said"
    gives a reviewer nothing to check, "in its annual report" does. A cue overlapped by a
    suggest_none span ("denied entry", "could not be reached") is a look-alike and is skipped.

    Args:
        cues: the sentence's cue spans, in text order.
    """
    cues = list(cues)
    vetoed = {i for cue in cues if cue.label_ == VETO_LABEL for i in range(cue.start, cue.end)}
    found: dict[str, str] = {}
    for cue in cues:
        status = SUGGESTION_LABELS.get(cue.label_)
        if status and status not in found and vetoed.isdisjoint(range(cue.start, cue.end)):
            found[status] = cue.text
    return choose_suggestion(found)
