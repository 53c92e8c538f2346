"""Long id lists go to `IN (...)` a slice at a time: SQLite caps a statement's bound values."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")
IN_CHUNK = 500  # well under SQLite's limit on bound parameters


def chunked(items: Sequence[T], size: int = IN_CHUNK) -> Iterator[Sequence[T]]:
    for at in range(0, len(items), size):
        yield items[at : at + size]
