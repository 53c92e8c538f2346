"""The layer's pieces on generated data: the floor extraction starts from, stored weights
read back or refused, and the held-back split."""

from __future__ import annotations

import random

import pytest

from claimdesk.core.learning.adapt import (
    FEATURE_KINDS,
    FLOOR_LEAST,
    Layer,
    Scored,
    fit,
    logit,
    split,
)


def _layer(rng: random.Random) -> Layer:
    kinds = {kind: rng.uniform(-2, 2) for kind in rng.sample(FEATURE_KINDS, 6)}
    return Layer("sentence", rng.uniform(-2, 1), rng.uniform(0.05, 2), kinds, 0.5, 0.7)


def test_the_floor_is_the_lowest_base_score_that_can_still_be_a_claim() -> None:
    rng = random.Random(3)
    for _ in range(200):
        layer = _layer(rng)
        helping = frozenset(kind for kind, weight in layer.kinds.items() if weight > 0)
        floor = layer.floor()
        if floor > FLOOR_LEAST:  # just under it even every helping reason is not enough
            below = Scored(floor - 1e-3, helping)
            assert layer.probability(below) < layer.threshold
        above = Scored(min(floor + 1e-3, 0.999), helping)
        assert layer.probability(above) >= layer.threshold or above.score >= 0.999


def test_stored_weights_round_trip_and_damage_is_named() -> None:
    layer = _layer(random.Random(1))
    assert Layer.from_json("sentence", 0.7, layer.weights_json()) == layer
    for damaged in (
        None,
        "x",
        {"bias": 1},
        {**layer.weights_json(), "slope": "steep"},
        {**layer.weights_json(), "threshold": 1.5},
        {**layer.weights_json(), "kinds": {"number": float("nan")}},
    ):
        with pytest.raises(ValueError, match=r"^weights: "):
            Layer.from_json("sentence", 0.7, damaged)


def test_the_split_holds_back_whole_articles_and_a_quarter_of_each_label() -> None:
    rng = random.Random(2)
    groups = [f"article-{rng.randrange(30)}" for _ in range(400)]
    labels = [rng.random() < 0.4 for _ in groups]
    fitted, held = split(groups, labels, 0.25, seed=7)
    assert sorted(fitted + held) == list(range(400))
    assert not {groups[i] for i in fitted} & {groups[i] for i in held}
    for label in (True, False):
        share = sum(labels[i] == label for i in held) / sum(x == label for x in labels)
        assert 0.18 < share < 0.32
    assert split(groups, labels, 0.25, seed=7) == (fitted, held)
    lone = split(["one"] * 40, [i % 2 == 0 for i in range(40)], 0.25, seed=7)
    assert len(lone[1]) == 10  # one article: held back sentence by sentence instead


def test_the_fit_learns_a_kind_the_base_ignores() -> None:
    rng = random.Random(4)
    items = [
        Scored(rng.uniform(0.3, 0.9), frozenset(rng.sample(FEATURE_KINDS, 3))) for _ in range(300)
    ]
    labels = ["number" in item.kinds for item in items]
    layer = fit(items, labels, "sentence")
    assert layer.kinds["number"] > 2 and abs(layer.slope) < 1
    assert all(layer.is_claim(item) == label for item, label in zip(items, labels, strict=True))
    assert layer.threshold <= layer.highlight <= 1 and logit(layer.floor()) < logit(0.3)
