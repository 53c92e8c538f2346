"""Where a paginated report needs a page break that the text layout did not make.

Qt's text layout breaks pages line by line: a heading can end a page with its text on the
next, a claim's note can be cut after its first line, a paragraph can leave one line behind
or carry one over, and the last page can hold nothing but the footer. The PDF exporter lays
the report out, describes it here as a list of Items, and starts a new page where
`next_break` says, until it says None. Kept apart from Qt so the rules are plain code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# A block kept whole (a claim's note, a heading with what follows) may leave at most this much
# of a page blank; anything taller is cut where the layout cuts it.
KEEP_LIMIT = 0.4
MIN_LINES = 2  # lines of a paragraph that may stand alone at the foot or top of a page


@dataclass(frozen=True, slots=True)
class Item:
    """A block (or a table) of the laid-out document, in document coordinates."""

    lines: tuple[tuple[float, float], ...]  # (top, bottom) of each line, or each cell of a table
    keep_with_next: bool = False  # a heading, or a line that introduces what follows
    group: int = 0  # items in a row with the same group > 0 belong together (a claim's note)

    @property
    def top(self) -> float:
        return self.lines[0][0]

    @property
    def bottom(self) -> float:
        return self.lines[-1][1]


@dataclass(frozen=True, slots=True)
class Page:
    height: float  # of the whole page; page n spans [n * height, (n + 1) * height)
    top_margin: float
    bottom_margin: float

    @property
    def body(self) -> float:
        return self.height - self.top_margin - self.bottom_margin

    def of(self, y: float) -> int:
        return int(y // self.height)

    def starts_page(self, y: float) -> bool:
        """True when `y` is the first thing on its page: a break before it gains nothing."""
        return y - self.of(y) * self.height <= self.top_margin + 1


def next_break(items: Sequence[Item], page: Page, start: int = 0) -> int | None:
    """The first item, from `start` on, that must begin a new page; None when none must.

    The rules, in document order: a note (a group) that fits in KEEP_LIMIT of a page is not
    cut; a block kept with the next one ends on the page where the next one's first two
    lines are (the footer counts as kept with the block before it, so the last page never
    holds it alone); a paragraph leaves no single line at the foot or top of a page. A break
    always goes before the whole run of blocks kept together, and only where it helps: never
    before something already first on its page, nor to move more than KEEP_LIMIT of a page.
    """
    limit = KEEP_LIMIT * page.body
    last = len(items) - 1
    for index in range(start, len(items)):
        item = items[index]
        kept = item.keep_with_next or (index == last - 1)
        if kept and index < last:
            following = items[index + 1].lines[:MIN_LINES]
            if page.of(item.lines[-1][0]) != page.of(following[-1][0]):
                at = _run_start(items, index)
                if _may_break(items[at : index + 1], following, page, limit):
                    return at
        if item.group and (index == 0 or items[index - 1].group != item.group):
            end = index
            while end < last and items[end + 1].group == item.group:
                end += 1
            if page.of(item.top) != page.of(items[end].lines[-1][0]):
                at = _run_start(items, index)
                if _may_break(items[at : end + 1], (), page, limit):
                    return at
        if len(item.lines) > 1 and _cut_badly(item, page):
            at = _run_start(items, index)
            if _may_break(items[at : index + 1], (), page, limit):
                return at
    return None


def _run_start(items: Sequence[Item], index: int) -> int:
    """The first of the blocks kept together with items[index]: back over those kept with
    their next one, and over the rest of its group."""
    at = index
    while at > 0 and (
        items[at - 1].keep_with_next or (items[at].group and items[at - 1].group == items[at].group)
    ):
        at -= 1
    return at


def _may_break(
    run: Sequence[Item], more: Sequence[tuple[float, float]], page: Page, limit: float
) -> bool:
    """Whether to move `run` (and the `more` lines after it) to a new page: not if it is
    first on its page already, nor if its lines are taller than `limit` together."""
    lines = [line for item in run for line in item.lines] + list(more)
    return not page.starts_page(run[0].top) and sum(b - t for t, b in lines) <= limit


def _cut_badly(item: Item, page: Page) -> bool:
    """A block cut by a page end with fewer than MIN_LINES lines on one side of it."""
    first = page.of(item.lines[0][0])
    before = sum(1 for top, _ in item.lines if page.of(top) == first)
    after = len(item.lines) - before
    return after > 0 and (before < MIN_LINES or after < MIN_LINES)
