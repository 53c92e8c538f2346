"""Pure offset maths over article text: overlap, lookup and snapping a selection to words."""

from __future__ import annotations

import bisect
from collections.abc import Sequence


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    """True if the half-open spans [a_start, a_end) and [b_start, b_end) share a character."""
    return a_start < b_end and b_start < a_end


def _is_word(ch: str) -> bool:
    # Apostrophes and hyphens join words ("Fujitsu's", "check-worthy"); other punctuation
    # does not, so a selection never swallows a neighbouring comma or bracket.
    return ch.isalnum() or ch in "'’-_"


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen [start, end) to whole words and trim surrounding white space.

    A selection that starts or ends inside a word grows to that word's edge; one that only
    covers white space comes back empty (start == end), which callers treat as no selection.
    """
    start = max(0, min(start, len(text)))
    end = max(start, min(end, len(text)))
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return start, start
    while start > 0 and _is_word(text[start - 1]) and _is_word(text[start]):
        start -= 1
    while end < len(text) and _is_word(text[end - 1]) and _is_word(text[end]):
        end += 1
    return start, end


def span_at(starts: Sequence[int], ends: Sequence[int], offset: int) -> int | None:
    """Index of the span containing `offset`, given spans sorted by start; None if there is none.

    Where spans overlap, the one starting last (the innermost, usually) wins.
    """
    i = bisect.bisect_right(starts, offset) - 1
    # Overlapping spans are rare and short-lived, so looking back a few is enough and cheap.
    for j in range(i, max(-1, i - 8), -1):
        if starts[j] <= offset < ends[j]:
            return j
    return None
