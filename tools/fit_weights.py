"""Fit the claim scorer's feature weights by logistic regression and write weights.json.

Usage: python tools/fit_weights.py TRAIN.tsv [--out resources/patterns/weights.json]

Needs scikit-learn (a development tool only: the app reads the JSON this writes). The
threshold and the regularisation C are chosen by cross-validation on the training file,
never on a held-out set.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from claimdesk.core.extraction.components import CUES_KEY
from claimdesk.core.extraction.evaluation import read_labelled
from claimdesk.core.extraction.features import sentence_features
from claimdesk.core.extraction.nlp import get_nlp

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "resources" / "patterns" / "weights.json"
C_GRID = (0.03, 0.1, 0.3, 1.0, 3.0)
THRESHOLDS = np.round(np.arange(0.05, 0.951, 0.01), 2)


def feature_sets(texts: list[str], rule_only: bool) -> list[set[str]]:
    """The names of the features firing in each sentence, scored as the app scores them."""
    nlp = get_nlp(rule_only)
    found = []
    for doc in nlp.pipe(texts, disable=["claimdesk_scorer"], batch_size=256):
        cues = list(doc.spans[CUES_KEY]) if CUES_KEY in doc.spans else []
        found.append(set(sentence_features(doc[:], cues, list(doc.ents))))
    return found


def best_threshold(probs: np.ndarray, labels: np.ndarray) -> tuple[float, float, float, float]:
    """(threshold, precision, recall, F1) with the highest F1 over the threshold grid."""
    best = (0.5, 0.0, 0.0, 0.0)
    for t in THRESHOLDS:
        hits = probs >= t
        tp = float(np.sum(hits & (labels == 1)))
        p = tp / max(1.0, float(np.sum(hits)))
        r = tp / max(1.0, float(np.sum(labels)))
        f = 2 * p * r / (p + r) if p + r else 0.0
        if f > best[3]:
            best = (float(t), p, r, f)
    return best


def fit(sets: list[set[str]], labels: np.ndarray, folds: int) -> dict[str, object]:
    """Cross-validate C, then fit on everything; returns the weights.json section."""
    names = sorted(set().union(*sets))
    index = {name: i for i, name in enumerate(names)}
    x = np.zeros((len(sets), len(names)))
    for row, found in enumerate(sets):
        x[row, [index[name] for name in found]] = 1.0
    split = StratifiedKFold(folds, shuffle=True, random_state=0)
    scored = []
    for c in C_GRID:
        model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
        probs = cross_val_predict(model, x, labels, cv=split, method="predict_proba")[:, 1]
        scored.append((best_threshold(probs, labels), c))
        print(f"  C={c}: cv F1 {scored[-1][0][3]:.4f} at threshold {scored[-1][0][0]:.2f}")
    (threshold, p, r, f), c = max(scored, key=lambda item: item[0][3])
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000).fit(x, labels)
    weights = {name: round(float(w), 4) for name, w in zip(names, model.coef_[0], strict=True)}
    return {
        "bias": round(float(model.intercept_[0]), 4),
        "threshold": threshold,
        "weights": dict(sorted(weights.items(), key=lambda item: -item[1])),
        "fitted": {
            "C": c,
            "class_weight": "balanced",
            "folds": folds,
            "cv_precision": round(p, 4),
            "cv_recall": round(r, 4),
            "cv_f1": round(f, 4),
            "features": len(names),
        },
    }


def main() -> None:
    """Fit both pipelines' weights on one training file and write them with how they were fit."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train", type=Path, help="TSV with `text` and `label` columns")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    texts, raw_labels = read_labelled(args.train)
    labels = np.array(raw_labels)
    pipelines: dict[str, object] = {}
    result: dict[str, object] = {
        "_about": (
            "Logistic-regression weights over the yes/no features of features.py, written by "
            "tools/fit_weights.py; C and the threshold (max F1) chosen by stratified "
            "cross-validation on the training file only."
        ),
        "fitted_on": {
            "date": dt.date.today().isoformat(),
            "data": args.train.name,
            "sentences": len(texts),
            "positives": int(labels.sum()),
            "method": "sklearn LogisticRegression, L2",
        },
        "pipelines": pipelines,
    }
    for section, rule_only in (("trained", False), ("rule_only", True)):
        print(f"{section}: computing features of {len(texts)} sentences")
        pipelines[section] = fit(feature_sets(texts, rule_only), labels, args.folds)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
