"""Extraction with the library's adopted model on top of the base model.

The base extracts with the layer's floor as threshold (lower than its own when the layer
can bring back sentences it would drop), the layer re-rates each candidate and keeps
those it calls claims. Scores stored are the layer's, so the highlight cut written on the
article (the layer's) ranks them; the article's extractor_version ends in "+library-N".
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from sqlalchemy.orm import Session

from claimdesk.core.extraction.extractor import Candidate, Extraction, Reason, model_of
from claimdesk.core.extraction.scoring import load_weights
from claimdesk.core.highlights import version_cut
from claimdesk.core.learning.adapt import Scored
from claimdesk.core.learning.library_models import LibraryModel, in_use, mismatch_notice

REASON_KIND = "library"  # the reason saying a library model rated the claim


class AdaptedExtraction:
    """An Extraction (in this process or the child) with a library model applied."""

    def __init__(self, inner: Extraction, model: LibraryModel) -> None:
        self.inner = inner
        self.model = model
        self.applied = False
        self.notice: str | None = None

    def extract(
        self,
        texts: Sequence[str],
        *,
        progress: Callable[[int, int], None] | None = None,
        is_cancelled: Callable[[], bool] | None = None,
        threshold: float | None = None,
    ) -> list[list[Candidate]]:
        layer = self.model.layer
        found = self.inner.extract(
            texts, progress=progress, is_cancelled=is_cancelled, threshold=layer.floor()
        )
        pipeline = model_of(self.inner.version_used())
        self.applied = pipeline == layer.base_model
        if not self.applied:  # its logits mean something else: the base model's own cut
            self.notice = mismatch_notice(self.model, pipeline)
            cut = load_weights(pipeline).threshold
            return [[c for c in candidates if c.score >= cut] for candidates in found]
        self.notice = None
        return [rerate(candidates, self.model) for candidates in found]

    def version_used(self) -> str:
        return self.inner.version_used() + (self.model.suffix if self.applied else "")

    def highlight_cut(self) -> float | None:
        """The cut-off to record on the articles just extracted; None: the base model's."""
        return self.model.layer.highlight if self.applied else None


def rerate(candidates: Sequence[Candidate], model: LibraryModel) -> list[Candidate]:
    """The candidates the layer calls claims, each scored by it."""
    kept = []
    for candidate in candidates:
        scored = Scored(candidate.score, frozenset(r.kind for r in candidate.reasons))
        if model.layer.is_claim(scored):
            said = Reason(
                REASON_KIND, f"{model.name}; the shipped model alone: {candidate.score:.2f}"
            )
            rated = model.layer.probability(scored)
            kept.append(replace(candidate, score=rated, reasons=(*candidate.reasons, said)))
    return kept


def with_library_model(session: Session, extraction: Extraction) -> Extraction:
    """The extraction to run in this library: wrapped when it has adopted a usable model."""
    model = in_use(session).model
    return extraction if model is None else AdaptedExtraction(extraction, model)


def highlight_cut(extraction: Extraction, version: str | None) -> float | None:
    """The cut-off to write on articles this extraction just found claims in (recorded as
    `version`): stored for the shipped model too, so reading highlights never loads it."""
    if isinstance(extraction, AdaptedExtraction):
        return extraction.highlight_cut()
    return None if version is None else version_cut(version)
