"""Measure claim detection against a labelled TSV file (columns `text` and `label`)."""

from __future__ import annotations

import csv
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from claimdesk.core.errors import ClaimdeskError

SWEEP = tuple(round(0.05 * step, 2) for step in range(1, 20))
_LABELS = {"1": 1, "0": 0, "true": 1, "false": 0, "yes": 1, "no": 0}


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Precision, recall and F1 of the positive class at one threshold, plus a sweep."""

    path: str
    n: int
    positives: int
    threshold: float
    precision: float
    recall: float
    f1: float
    sweep: list[tuple[float, float, float, float]] = field(default_factory=list)
    model: str = ""  # the weights that scored: "sentence", or a fallback's
    notice: str | None = None  # why a fallback scored, as extraction would say it

    def to_dict(self) -> dict[str, Any]:
        """Plain values for `--json` output."""
        return {
            "path": self.path,
            "n": self.n,
            "positives": self.positives,
            "model": self.model,
            "notice": self.notice,
            "threshold": self.threshold,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "sweep": [
                {"threshold": t, "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}
                for t, p, r, f in self.sweep
            ],
        }

    def format_text(self) -> str:
        """A short report for the terminal, the chosen threshold marked in the sweep."""
        lines = [
            f"{self.path}: {self.n} sentences, {self.positives} check-worthy",
            f"model: {self.model}" + (f" ({self.notice})" if self.notice else ""),
            f"threshold {self.threshold:.2f}: precision {self.precision:.3f}  "
            f"recall {self.recall:.3f}  F1 {self.f1:.3f}",
            "",
            "threshold  precision  recall  F1",
        ]
        for t, p, r, f in self.sweep:
            mark = "  <" if abs(t - self.threshold) < 0.025 else ""
            lines.append(f"{t:9.2f}  {p:9.3f}  {r:6.3f}  {f:.3f}{mark}")
        return "\n".join(lines)


def read_labelled(path: str | Path) -> tuple[list[str], list[int]]:
    """Sentences and 0/1 labels from a TSV with a header naming `text` and `label`.

    Raises:
        ClaimdeskError: naming the file, when it cannot be read, lacks a column or a label
            is not 0/1.
    """
    texts: list[str] = []
    labels: list[int] = []
    csv.field_size_limit(sys.maxsize)
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            rows = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            header = [name.strip().lower() for name in next(rows, [])]
            if "text" not in header or "label" not in header:
                raise ClaimdeskError(f"{path}: the header must name a 'text' and a 'label' column")
            text_at, label_at = header.index("text"), header.index("label")
            for line, row in enumerate(rows, 2):
                if not any(cell.strip() for cell in row):
                    continue
                label = _LABELS.get(row[label_at].strip().lower() if len(row) > label_at else "")
                if label is None or len(row) <= text_at:
                    raise ClaimdeskError(f"{path}, line {line}: expected a text and a 0/1 label")
                texts.append(row[text_at])
                labels.append(label)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ClaimdeskError(f"{path}: cannot be read as a UTF-8 TSV file ({exc})") from exc
    return texts, labels


def metrics(
    scores: Sequence[float], labels: Sequence[int], threshold: float
) -> tuple[float, float, float]:
    """(precision, recall, F1) of `score >= threshold` against the 0/1 labels."""
    hits = [s >= threshold for s in scores]
    true_pos = sum(1 for hit, label in zip(hits, labels, strict=True) if hit and label)
    predicted, actual = sum(hits), sum(labels)
    precision = true_pos / predicted if predicted else 0.0
    recall = true_pos / actual if actual else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def evaluate_tsv(
    path: str | Path, threshold: float | None = None, *, rule_only: bool | None = None
) -> Evaluation:
    """Score every sentence of a labelled file as the app would, and compare with the labels.

    Each row is scored as one sentence (no segmentation), so the numbers measure the scorer.

    Args:
        path: the TSV file.
        threshold: the one to report; None uses the pipeline's fitted default.
        rule_only: measure the rule-only fallback instead of the trained pipeline.
    """
    from claimdesk.core.extraction.extractor import default_threshold, score_sentences
    from claimdesk.core.extraction.nlp import get_nlp, pipeline_notice, scorer

    texts, labels = read_labelled(path)
    nlp = get_nlp(rule_only)
    if threshold is None:
        threshold = default_threshold(nlp)
    scores = [value for value, _ in score_sentences(texts, rule_only=rule_only)]
    precision, recall, f1 = metrics(scores, labels, threshold)
    return Evaluation(
        path=str(path),
        n=len(texts),
        positives=sum(labels),
        threshold=threshold,
        precision=precision,
        recall=recall,
        f1=f1,
        sweep=[(t, *metrics(scores, labels, t)) for t in SWEEP],
        model=scorer(nlp).pipeline,
        notice=pipeline_notice(rule_only),
    )
