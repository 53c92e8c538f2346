"""Turn a sentence's features into a 0..1 score, readable reasons and a suggested status."""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass

from claimdesk.core.errors import ClaimdeskError
from claimdesk.core.extraction.cues import choose_suggestion, load_patterns
from claimdesk.core.extraction.features import Features

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
Reasons = list[list[str]]
"""[kind, text] pairs, plain lists so spaCy can serialise them across processes."""


@dataclass(frozen=True, slots=True)
class Weights:
    """A fitted logistic model over yes/no features, and its default threshold."""

    bias: float
    weights: Mapping[str, float]
    threshold: float


@functools.cache
def load_weights(pipeline: str) -> Weights:
    """The weights fitted for one pipeline kind ("trained" or "rule_only") in weights.json.

    Raises:
        ClaimdeskError: the section is missing or malformed.
    """
    try:
        raw = load_patterns("weights.json")["pipelines"][pipeline]
        return Weights(
            bias=float(raw["bias"]),
            weights={str(k): float(v) for k, v in raw["weights"].items()},
            threshold=float(raw["threshold"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ClaimdeskError(f"resources/patterns/weights.json: bad '{pipeline}' ({exc})") from exc


def score(features: Features, weights: Weights) -> tuple[float, Reasons]:
    """Logistic score of the features, with one reason per kind that pushed the score up.

    Reasons list the strongest kinds first, so the first reason says most about why.
    """
    table = weights.weights
    logit = weights.bias + sum(table.get(name, 0.0) for name in features)
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
    return 1.0 / (1.0 + math.exp(-logit)), reasons


def suggest(features: Features) -> tuple[str | None, str | None]:
    """The status a reviewer might choose, from cues, with the words that triggered it."""
    found: dict[str, str] = {}
    if "dispute" in features:
        found["disputed"] = features["dispute"][0]
    if "hedge" in features:
        found["speculative"] = features["hedge"][0]
    for name in ("source_named", "according_to"):
        if name in features:
            found.setdefault("sourced", features[name][0])
    if "quote" in features and "person" in features and "source_other" in features:
        found.setdefault("sourced", features["source_other"][0])
    return choose_suggestion(found)
