"""A small logistic layer on top of the shipped detector, fitted on one library's decisions.

It reads what the base model says of a sentence (its logit, and the kinds of reason it
gives: number, date, attribution...) and learns how this newsroom weighs them, so it stays
cheap to fit (a few hundred sentences, milliseconds) and as explainable as the base: a
weight per kind of reason. Plain numpy Newton steps with an L2 penalty: no new dependency.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy

from claimdesk.core.extraction.scoring import KINDS

FEATURE_KINDS = tuple(sorted(set(KINDS.values())))
"""The reason kinds the layer weighs (the words a reviewer sees: "number", "date"...)."""
PENALTY = 1.0  # L2 on every weight but the bias: a few hundred decisions, ~50 columns
HIGHLIGHT_PRECISION = 0.8  # as the shipped models' highlight cut-offs
FLOOR_LEAST = 0.02
"""Extraction never keeps candidates the base scores below this, whatever the layer says."""
_EDGE = 1e-4


@dataclass(frozen=True, slots=True)
class Scored:
    """A sentence as the base model saw it: its score and the kinds of its reasons."""

    score: float
    kinds: frozenset[str]


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float

    def as_dict(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass(frozen=True, slots=True)
class Layer:
    """The fitted layer: a claim when it rates a sentence at least `threshold` (and the base
    scores it at least `floor()`); highlighted by default from `highlight` on."""

    base_model: str
    bias: float
    slope: float  # weight of the base model's logit
    kinds: Mapping[str, float]
    threshold: float
    highlight: float

    def probability(self, scored: Scored) -> float:
        extra = sum(self.kinds.get(kind, 0.0) for kind in scored.kinds)
        return _sigmoid(self.bias + self.slope * logit(scored.score) + extra)

    def is_claim(self, scored: Scored) -> bool:
        return scored.score >= self.floor() and self.probability(scored) >= self.threshold

    def floor(self) -> float:
        """The lowest base score that can still clear the threshold, with every kind of
        reason that helps: extraction keeps candidates from here, so the layer can bring
        back sentences the base model alone would have dropped."""
        if self.slope <= 0:
            return FLOOR_LEAST
        best = sum(max(weight, 0.0) for weight in self.kinds.values())
        needed = (logit(self.threshold) - self.bias - best) / self.slope
        return max(FLOOR_LEAST, _sigmoid(needed) - _EDGE)

    def weights_json(self) -> dict[str, Any]:
        """What the library stores of it (base model and highlight cut have columns)."""
        return {
            "bias": self.bias,
            "slope": self.slope,
            "kinds": dict(self.kinds),
            "threshold": self.threshold,
        }

    @classmethod
    def from_json(cls, base_model: str, highlight: float, raw: Any) -> Layer:
        """Read stored weights back; ValueError names what is wrong with them."""
        try:
            kinds = {str(k): float(v) for k, v in raw["kinds"].items()}
            numbers = [float(raw[key]) for key in ("bias", "slope", "threshold")]
            layer = cls(base_model, numbers[0], numbers[1], kinds, numbers[2], float(highlight))
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"weights: {type(exc).__name__}: {exc}") from None
        values = [*numbers, layer.highlight, *kinds.values()]
        if not all(math.isfinite(v) for v in values) or not 0 < layer.threshold < 1:
            raise ValueError("weights: a value out of range")
        return layer


def logit(score: float) -> float:
    p = min(max(score, _EDGE), 1 - _EDGE)
    return math.log(p / (1 - p))


def _sigmoid(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(x, 50.0), -50.0)))


def _matrix(items: Sequence[Scored]) -> numpy.ndarray:
    """One row per sentence: a 1 for the bias, the base logit, then one 0/1 per reason kind."""
    rows = numpy.zeros((len(items), 2 + len(FEATURE_KINDS)))
    rows[:, 0] = 1.0
    for i, item in enumerate(items):
        rows[i, 1] = logit(item.score)
        for j, kind in enumerate(FEATURE_KINDS):
            rows[i, 2 + j] = kind in item.kinds
    return rows


def fit(items: Sequence[Scored], labels: Sequence[bool], base_model: str) -> Layer:
    """Logistic regression by Newton's method, classes weighted to count equally, so the
    layer's 0.5 means "as likely a claim as not" however the decisions lean."""
    x = _matrix(items)
    y = numpy.asarray(labels, dtype=float)
    positives = max(y.sum(), 1.0)
    negatives = max(len(y) - y.sum(), 1.0)
    weight = numpy.where(y == 1, len(y) / (2 * positives), len(y) / (2 * negatives))
    penalty = numpy.full(x.shape[1], PENALTY)
    penalty[0] = 0.0
    beta = numpy.zeros(x.shape[1])
    for _ in range(50):
        p = 1.0 / (1.0 + numpy.exp(-numpy.clip(x @ beta, -50, 50)))
        gradient = x.T @ (weight * (p - y)) + penalty * beta
        hessian = (x.T * (weight * p * (1 - p))) @ x + numpy.diag(penalty + 1e-9)
        step = numpy.linalg.solve(hessian, gradient)
        beta -= step
        if float(numpy.abs(step).max()) < 1e-8:
            break
    kinds = {kind: round(float(w), 6) for kind, w in zip(FEATURE_KINDS, beta[2:], strict=True)}
    layer = Layer(base_model, float(beta[0]), float(beta[1]), kinds, 0.5, 1.0)
    probabilities = [layer.probability(item) for item in items]
    cut = precision_cut(probabilities, labels, HIGHLIGHT_PRECISION, layer.threshold)
    return Layer(base_model, layer.bias, layer.slope, kinds, layer.threshold, cut)


def precision_cut(
    probabilities: Sequence[float], labels: Sequence[bool], precision: float, least: float
) -> float:
    """The lowest cut-off (not under `least`) above which the fitted decisions reach this
    precision, counting at least three; `least` itself when none does."""
    ranked = sorted(zip(probabilities, labels, strict=True), key=lambda pair: -pair[0])
    cut, right = None, 0
    for count, (probability, label) in enumerate(ranked, start=1):
        right += label
        if probability < least:
            break
        if count >= 3 and right / count >= precision:
            cut = probability
    return cut if cut is not None else least


def scores(predicted: Sequence[bool], labels: Sequence[bool]) -> Scores:
    """Precision, recall and F1 of the "claim" class."""
    hits = sum(p and t for p, t in zip(predicted, labels, strict=True))
    precision = hits / sum(predicted) if any(predicted) else 0.0
    recall = hits / sum(labels) if any(labels) else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(round(precision, 4), round(recall, 4), round(f1, 4))


def split(
    groups: Sequence[str], labels: Sequence[bool], share: float = 0.25, seed: int = 0
) -> tuple[list[int], list[int]]:
    """(fitted, held back) indexes: about `share` of each label held back, whole groups
    (articles) at a time, so no article's sentences are on both sides; sentence by
    sentence when the groups are too few or too uneven for that."""
    grouped = _split(groups, labels, share, seed)
    if grouped is not None:
        return grouped
    each = [str(i) for i in range(len(labels))]
    return _split(each, labels, share, seed) or (list(range(len(labels))), [])


def _split(
    groups: Sequence[str], labels: Sequence[bool], share: float, seed: int
) -> tuple[list[int], list[int]] | None:
    members: dict[str, list[int]] = {}
    for index, group in enumerate(groups):
        members.setdefault(group, []).append(index)
    order = sorted(members)
    random.Random(seed).shuffle(order)
    wanted = (share * sum(labels), share * (len(labels) - sum(labels)))
    held: list[int] = []
    have = [0.0, 0.0]
    for group in order:
        claims = sum(labels[i] for i in members[group])
        after = (have[0] + claims, have[1] + len(members[group]) - claims)
        if _distance(after, wanted) < _distance(have, wanted):
            held += members[group]
            have = list(after)
    left = len(labels) - len(held)
    if min(have) < 1 or left < 1 or min(have) < 0.5 * min(wanted):
        return None
    held_set = set(held)
    return [i for i in range(len(labels)) if i not in held_set], sorted(held)


def _distance(have: Iterable[float], wanted: Iterable[float]) -> float:
    return sum(abs(h - w) for h, w in zip(have, wanted, strict=True))
