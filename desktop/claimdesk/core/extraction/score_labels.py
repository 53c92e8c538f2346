"""The labels scoring writes and the window reads: which pipeline scored an article, and the
reason saying how a claim's score was shared between the features and the sentence model.

Kept apart from scoring (numpy) so that reading them loads nothing the first screen does
not need (issue 15 item 6)."""

from __future__ import annotations

from collections.abc import Sequence

SENTENCE = "sentence"  # features and the sentence vector: the model shipped
TRAINED = "trained"  # features of the trained spaCy pipeline: the model without the encoder
RULE_ONLY = "rule_only"  # features of the rule-only pipeline: without the spaCy model either
SHARE_KIND = "share"
"""The reason saying how much of the score came from the features and the sentence model."""


def share_text(feature_part: float, sentence_part: float) -> str:
    """'features 62%, sentence model 38%': each part's share of how far the evidence moved
    the score from that of a sentence without features and like the average one."""
    total = abs(feature_part) + abs(sentence_part)
    features = round(100 * abs(feature_part) / total) if total else 50
    return f"features {features}%, sentence model {100 - features}%"


def feature_share(reasons: Sequence[Sequence[str]]) -> float | None:
    """The features' share (0..1) from a claim's (kind, text) reasons; None: features alone."""
    for kind, text in reasons:
        if kind == SHARE_KIND and text.startswith("features ") and "%" in text:
            try:
                return int(text[len("features ") : text.index("%")]) / 100
            except ValueError:
                return None
    return None
