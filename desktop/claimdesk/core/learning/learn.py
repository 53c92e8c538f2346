"""Learn a library model from the library's decisions and compare it with the current one.

Nothing is stored here: the comparison is shown first, and only a person adopts the model
(library_models.adopt). Every decision sentence is scored afresh by the base model (claims
added by hand have no stored score, and stored scores may come from an older model), in
this process for the command line or in a child process for the window (scoring_child).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from claimdesk.core.errors import ClaimdeskError, OperationCancelled
from claimdesk.core.learning import library_models
from claimdesk.core.learning.adapt import Layer, Scored, Scores, fit, scores, split
from claimdesk.core.learning.decisions import read_decisions
from claimdesk.core.store import Store

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
SCORE_BATCH = 32  # sentences between two progress reports and cancel checks
HELD_BACK = 0.25
SEED = 12  # the same decisions are held back each time, so two runs compare alike


class NotEnoughDecisionsError(ClaimdeskError):
    """Too few decisions to learn from; the message says how many are needed and there are."""


@dataclass(frozen=True, slots=True)
class BaseScores:
    """What the base model in use said of each sentence, and its own threshold."""

    pipeline: str
    threshold: float
    items: list[Scored]


class Scorer(Protocol):
    def __call__(
        self, sentences: Sequence[str], *, progress: Progress, is_cancelled: Cancelled
    ) -> BaseScores: ...


def score_here(
    sentences: Sequence[str], *, progress: Progress, is_cancelled: Cancelled
) -> BaseScores:
    """Score with the base model in this process (loads spaCy and the encoder once)."""
    from claimdesk.core.extraction.extractor import score_sentences
    from claimdesk.core.extraction.nlp import get_nlp, scorer

    items: list[Scored] = []
    progress(0, len(sentences))
    for first in range(0, len(sentences), SCORE_BATCH):
        if is_cancelled():
            raise OperationCancelled()
        for value, reasons in score_sentences(sentences[first : first + SCORE_BATCH]):
            items.append(Scored(value, frozenset(reason.kind for reason in reasons)))
        progress(len(items), len(sentences))
    used = scorer(get_nlp())
    return BaseScores(used.pipeline, used.weights.threshold, items)


@dataclass(frozen=True, slots=True)
class Comparison:
    """The adapted model and how it and the current model did on the held-back decisions."""

    layer: Layer
    adapted: Scores
    current: Scores
    current_name: str  # "the shipped model" or "library model N"
    used: int  # decisions the layer was fitted on
    held_back: int
    contradictory: int  # sentences labelled both ways, left out
    notice: str | None = None  # the library names a model that cannot be used

    def better(self) -> bool:
        return self.adapted.f1 > self.current.f1

    def scores_json(self) -> dict[str, Any]:
        """What the library stores with the version, to compare against later."""
        return {
            "held_back": self.held_back,
            "contradictory": self.contradictory,
            "adapted": self.adapted.as_dict(),
            "current": {"name": self.current_name, **self.current.as_dict()},
        }


def learn(
    store: Store,
    *,
    scorer: Scorer = score_here,
    progress: Progress = lambda done, total: None,
    is_cancelled: Cancelled = lambda: False,
    seed: int = SEED,
) -> Comparison:
    """Fit a layer on about three quarters of the decisions, whole articles at a time, and
    score it and the current model on the rest.

    Raises:
        NotEnoughDecisionsError: too few decisions, or too few of either kind.
        OperationCancelled: is_cancelled() returned True.
    """
    with store.reading() as session:
        decisions = read_decisions(session)
        active = library_models.in_use(session)
    if problem := decisions.shortfall():
        raise NotEnoughDecisionsError(problem)
    items = decisions.items
    base = scorer([d.text for d in items], progress=progress, is_cancelled=is_cancelled)
    labels = [d.claim for d in items]
    fitted, held = split([d.article for d in items], labels, HELD_BACK, seed)
    layer = fit([base.items[i] for i in fitted], [labels[i] for i in fitted], base.pipeline)
    truth = [labels[i] for i in held]
    model = active.model
    if model is not None and model.layer.base_model == base.pipeline:
        current = model.layer.is_claim
        name = model.name
    else:
        current = lambda scored: scored.score >= base.threshold  # noqa: E731
        name = "the shipped model"
    return Comparison(
        layer=layer,
        adapted=scores([layer.is_claim(base.items[i]) for i in held], truth),
        current=scores([current(base.items[i]) for i in held], truth),
        current_name=name,
        used=len(fitted),
        held_back=len(held),
        contradictory=decisions.contradictory,
        notice=active.notice,
    )


def adopt(store: Store, comparison: Comparison, actor: str) -> int:
    """Store the compared model as a new version and put it in use; returns its number."""
    with store.transaction() as session:
        return library_models.adopt(
            session,
            comparison.layer,
            decisions=comparison.used,
            scores=comparison.scores_json(),
            actor=actor,
        )


def use(store: Store, version: int | None, actor: str) -> None:
    """Put a stored version (None: the shipped model) back in use."""
    with store.transaction() as session:
        library_models.restore(session, version, actor)


def versions(store: Store) -> tuple[list[library_models.Version], str | None]:
    """The stored versions, newest first, and the notice if the one named cannot be used."""
    with store.reading() as session:
        return library_models.versions(session), library_models.in_use(session).notice


def notice(store: Store, pipeline: str) -> str | None:
    """What to tell the user after extraction by `pipeline` if the library's model was not used."""
    with store.reading() as session:
        return library_models.notice(session, pipeline)
