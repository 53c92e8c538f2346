"""The gateway's record of the open article's claims (see ui.gateway).

Edits and changes are checked against it: a write's expected version is the record's, and
rows read again (after a write, or a change made elsewhere) replace a recorded row only if
they are newer, every change moving a claim's version. The record also keeps the
`highlighted` flags up to the article's highlight budget (see ui.candidates).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from claimdesk.core.rows import ArticleData, ClaimRow
from claimdesk.ui.candidates import Budget, marked, moves_budget
from claimdesk.ui.gateway_types import ClaimUpdate


class ClaimRecord:
    """The open article's id, its claims as last known, and its highlight budget."""

    def __init__(self) -> None:
        self.article_id: str | None = None
        self.claims: dict[str, ClaimRow] = {}
        self._budget: Budget | None = None  # the open article's highlight budget

    def watch(self, data: ArticleData, budget: Budget | None) -> None:
        """Record this article's claims, `budget` the one it was read with (None: flags as
        they came)."""
        self.article_id = data.id
        self.claims = {claim.id: claim for claim in data.claims}
        self._budget = budget

    def versions(self) -> dict[str, int]:
        return {claim_id: row.version for claim_id, row in self.claims.items()}

    def refresh(self, claim_ids: Sequence[str], rows: dict[str, ClaimRow]) -> ClaimUpdate | None:
        """Bring the record up to `rows` (a missing id: the claim is gone); what to announce."""
        article = self.article_id
        changed: list[tuple[ClaimRow | None, ClaimRow]] = []
        removed: list[ClaimRow] = []
        for claim_id in claim_ids:
            before, after = self.claims.get(claim_id), rows.get(claim_id)
            if after is None:
                if before is not None:
                    removed.append(self.claims.pop(claim_id))
            elif after.article_id == article:
                if before is not None and before.version >= after.version:
                    continue  # every change moves the version: nothing new, or an older read
                self.claims[claim_id] = after
                changed.append((before, after))
        if changed or removed:
            changed = self._follow_budget(changed, bool(removed))
        if article is not None and (changed or removed):
            return ClaimUpdate(article, tuple(changed), tuple(removed))
        return None

    def _follow_budget(
        self, changed: list[tuple[ClaimRow | None, ClaimRow]], removed: bool
    ) -> list[tuple[ClaimRow | None, ClaimRow]]:
        """The record's `highlighted` flags brought up to these changes, which are returned
        with any other claim whose flag they moved (see ui.candidates)."""
        if self._budget is None:
            return changed
        if removed or any(moves_budget(before, after) for before, after in changed):
            rows = marked(self.claims.values(), self._budget)
        else:  # rows read again from the store carry the default: keep what was known
            known = {b.id: b.highlighted for b, _ in changed if b is not None}
            rows = [replace(a, highlighted=known[a.id]) for _, a in changed]
        moved = {row.id: row for row in rows if row is not self.claims[row.id]}
        others = [(self.claims[i], row) for i, row in moved.items()]
        self.claims.update(moved)
        ids = {after.id for _, after in changed}
        announced = [(before, self.claims[after.id]) for before, after in changed]
        return announced + [(before, after) for before, after in others if after.id not in ids]
