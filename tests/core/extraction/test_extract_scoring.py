"""Scores and reasons from features: plain arithmetic, no spaCy (suggestions: test_suggestions)."""

from __future__ import annotations

import math

import pytest

from claimdesk.core.extraction.scoring import Weights, load_weights, score

WEIGHTS = Weights(bias=-1.0, weights={"org": 1.0, "money": 2.0, "question": -3.0}, threshold=0.5)


def test_score_is_the_logistic_of_the_summed_weights() -> None:
    value, _ = score({"org": ["Fujitsu"], "money": ["USD 9.43 billion"]}, WEIGHTS)
    assert value == pytest.approx(1 / (1 + math.exp(-2.0)))


def test_reasons_name_positive_kinds_strongest_first() -> None:
    _, reasons = score(
        {"org": ["Fujitsu", "Palantir"], "money": ["USD 9.43 billion"], "question": ["?"]},
        WEIGHTS,
    )
    assert reasons == [
        ["number", "number: USD 9.43 billion"],
        ["organisation", "organisation: Fujitsu, Palantir"],
    ]


def test_unknown_features_weigh_nothing() -> None:
    value, reasons = score({"brand_new": ["x"]}, WEIGHTS)
    assert value == pytest.approx(1 / (1 + math.exp(1.0)))
    assert reasons == []


def test_score_is_idempotent() -> None:
    features = {"org": ["Fujitsu"], "question": ["?"]}
    assert score(features, WEIGHTS) == score(features, WEIGHTS)


@pytest.mark.parametrize("pipeline", ["trained", "rule_only"])
def test_shipped_weights_load(pipeline: str) -> None:
    weights = load_weights(pipeline)
    assert 0.0 < weights.threshold < 1.0
    assert weights.weights["question"] < 0 < weights.weights["money"]
