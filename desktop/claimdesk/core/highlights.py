"""Which claims are highlighted by default; the others are "more candidates", shown on request.

A detector tuned to find claims flags most sentences of news prose: the ranking is good, a
single cut-off is not. So an extracted claim is highlighted only when its score clears the
precision-oriented cut-off of the model that scored it AND it ranks within the article's
budget (HIGHLIGHTS_PER_1000_WORDS). Claims a person tagged, dismissed or made are always
shown.

Decided at read time, so a new budget applies to old articles too. The article's length and
its model's cut-off are stored with it (schema 0007: reading them beats reading every text);
an article stored without them has them derived as before, from its text and extractor
version. Nothing here imports numpy: only such an article loads the scoring module. Nor
SQLAlchemy (reading the decision's inputs is core.highlight_reads'), so the window's first
screen decides it without loading the store.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Protocol

from claimdesk.core.enums import ClaimOrigin, ClaimStatus
from claimdesk.core.errors import ClaimdeskError

HIGHLIGHTS_PER_1000_WORDS = 12
"""About one sentence in four of news prose (20 words a sentence) at most."""
HIGHLIGHTS_AT_LEAST = 3  # a short article still gets its best few

Entry = tuple[str, float | None, str, str]
"""What the decision reads of a claim: (id, score, status, origin)."""


class ClaimLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def score(self) -> float | None: ...
    @property
    def status(self) -> str: ...
    @property
    def origin(self) -> str: ...


def budget(words: int) -> int:
    """How many extracted, unreviewed claims an article of this many words highlights at most."""
    return max(HIGHLIGHTS_AT_LEAST, math.ceil(words * HIGHLIGHTS_PER_1000_WORDS / 1000))


def word_count(text: str) -> int:
    """The article's length as the budget counts it (stored in `articles.word_count`)."""
    return len(text.split())


def highlight_cut(model: str) -> float:
    """The model's precision-oriented cut-off; the features' when its section is damaged
    (extraction then falls back to them too, and says so)."""
    from claimdesk.core.extraction import scoring  # numpy: only when a cut is not stored

    try:
        return scoring.load_weights(model).highlight
    except ClaimdeskError:
        return scoring.load_weights(scoring.TRAINED).highlight


def version_cut(extractor_version: str | None) -> float:
    """The cut-off of the model an article's recorded extractor version names (an unknown
    one is taken for the model shipped now): what `articles.highlight_cut` holds."""
    from claimdesk.core.extraction.extractor import model_of

    return highlight_cut(model_of(extractor_version))


def basis(
    words: int | None, cut: float | None, extractor_version: str | None, text: str | None
) -> tuple[int, float]:
    """An article's (word count, cut-off) from BASIS_COLUMNS: as stored, else derived."""
    if words is None:
        assert text is not None, "read the text of an article without a word count"
        words = word_count(text)
    return words, version_cut(extractor_version) if cut is None else cut


def chosen(entries: Iterable[Entry], *, words: int, cut: float) -> frozenset[str]:
    """The ids of one article's claims that are highlighted: its every claim as an Entry
    (the budget ranks them against each other; ties go to the smaller id)."""
    shown = set()
    ranked = []
    for claim_id, score, status, origin in entries:
        if origin == ClaimOrigin.MANUAL or status != ClaimStatus.UNREVIEWED:
            shown.add(claim_id)
        elif score is not None and score >= cut:
            ranked.append((-score, claim_id))
    ranked.sort()
    shown.update(claim_id for _, claim_id in ranked[: budget(words)])
    return frozenset(shown)


def highlighted(
    claims: Iterable[ClaimLike],
    *,
    words: int,
    extractor_version: str | None,
    cut: float | None = None,
) -> frozenset[str]:
    """The ids of one article's claims that are highlighted by default.

    Args:
        claims: all the article's claims (the budget ranks them against each other).
        words: the article's length in words.
        extractor_version: the article's, naming the model whose cut-off applies; an
            unknown one is taken for the model shipped now.
        cut: the article's stored cut-off (`articles.highlight_cut`), if it has one: then
            the version is not read.
    """
    entries = ((c.id, c.score, c.status, c.origin) for c in claims)
    return chosen(entries, words=words, cut=version_cut(extractor_version) if cut is None else cut)
