"""Helpers for window tests: where a claim is on screen, how long the GUI thread froze, and
made-up claims for the table tests."""

from __future__ import annotations

import time

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtGui import QColor

from claimdesk.ui.library import ClaimRow
from claimdesk.ui.main_window import MainWindow


def claim_point(window: MainWindow, claim_id: str) -> QPoint:
    """Where to click, in the article view's viewport, to hit a claim's highlight."""
    rect = window.view.claim_rect(claim_id)
    assert not rect.isEmpty(), "claim is not on screen"
    return rect.center()


class Heartbeat:
    """Measures the longest time the GUI thread went without running its event loop."""

    def __init__(self, interval_ms: int = 5) -> None:
        self.max_gap = 0.0
        self._last = time.perf_counter()
        self._timer = QTimer(interval=interval_ms)
        self._timer.timeout.connect(self._beat)

    def __enter__(self) -> Heartbeat:
        self._last = time.perf_counter()
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._beat()
        self._timer.stop()

    def _beat(self) -> None:
        now = time.perf_counter()
        self.max_gap = max(self.max_gap, now - self._last)
        self._last = now


def claim_row(
    n: int, *, status: str = "unreviewed", score: float = 0.5, quote: str = ""
) -> ClaimRow:
    """A claim of a made-up article: claim-n, at offset n * 100, in reading order."""
    return ClaimRow(
        id=f"claim-{n}",
        article_id="article",
        start=n * 100,
        end=n * 100 + 40,
        quote=quote or f"Sentence number {n} says revenue rose.",
        status=status,
        origin="extracted",
        score=score,
        reasons=(),
        suggestion=None,
        suggestion_cue=None,
        note="",
        reviewer=None,
        review_state="draft",
        reviewed_by=None,
        version=1,
        evidence=(),
    )


def near(a: QColor, b: QColor, tolerance: int) -> bool:
    """The same colour give or take antialiasing: each of red, green and blue within `tolerance`."""
    return all(abs(p - q) <= tolerance for p, q in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))
