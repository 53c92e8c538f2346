"""Which of the open article's claims are highlighted, and which are faint "more candidates".

core.highlights decides, for the command line too; this keeps the window's rows in step
with it. Its budget ranks an article's unreviewed claims against each other, so a change to
one claim can move another: tagging a highlighted claim frees its place for the best
candidate, and undoing that tag takes the place back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from claimdesk.core.rows import ClaimRow


@dataclass(frozen=True, slots=True)
class Budget:
    """What the highlight budget needs of an article besides its claims."""

    words: int
    extractor_version: str | None
    cut: float  # the score a claim must reach to be highlighted

    @classmethod
    def of(
        cls, text: str, extractor_version: str | None, words: int | None, cut: float | None
    ) -> Budget:
        """An article's budget from what is stored with it, the rest derived as
        core.highlights derives it. Call it where the article is read (the worker): the
        cut-off of an article stored without one is read from its model's weights, which
        must not happen on the GUI thread while a key is handled."""
        if cut is None:
            from claimdesk.core.extraction.extractor import model_of
            from claimdesk.core.highlights import highlight_cut

            cut = highlight_cut(model_of(extractor_version))
        return cls(len(text.split()) if words is None else words, extractor_version, cut)


def marked(claims: Iterable[ClaimRow], budget: Budget) -> list[ClaimRow]:
    """The claims with `highlighted` as core.highlights says (rows already right are kept)."""
    # Loaded on first use: it brings the extraction weights (and numpy), which the window
    # needs only once an article is read, on the worker, not while it starts.
    from claimdesk.core.highlights import highlighted

    rows = list(claims)
    shown = highlighted(
        rows, words=budget.words, extractor_version=budget.extractor_version, cut=budget.cut
    )
    return [
        row if row.highlighted == (row.id in shown) else replace(row, highlighted=row.id in shown)
        for row in rows
    ]


def moves_budget(before: ClaimRow | None, after: ClaimRow | None) -> bool:
    """Whether a change can change what is highlighted: a claim added or removed, or one
    whose status, origin or score changed (a note, evidence or sign-off cannot)."""
    if before is None or after is None:
        return True
    return (before.status, before.origin, before.score) != (after.status, after.origin, after.score)
