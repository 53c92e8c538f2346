"""What an exporter is given besides the data: the caller's choices and its progress hooks."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from claimdesk.core.errors import OperationCancelled

T = TypeVar("T")


@dataclass
class RenderContext:
    """Options for the renderers, and one progress step per article with a cancel check."""

    organisation: str = ""
    report_url: str | None = None
    progress: Callable[[int, int], None] | None = None
    is_cancelled: Callable[[], bool] | None = None
    total: int = field(default=1, init=False)
    done: int = field(default=0, init=False)

    def start(self, total: int) -> None:
        self.total, self.done = total, 0
        self._report()

    def check(self) -> None:
        if self.is_cancelled is not None and self.is_cancelled():
            raise OperationCancelled()

    def advance(self) -> None:
        self.done = min(self.done + 1, self.total)
        self._report()

    def each(self, items: Iterable[T]) -> Iterator[T]:
        """Yield items, checking for cancel before and reporting progress after each one."""
        for item in items:
            self.check()
            yield item
            self.advance()

    def _report(self) -> None:
        if self.progress is not None:
            self.progress(self.done, self.total)
