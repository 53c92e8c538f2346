"""Helpers for window tests: where a claim is on screen, how long the GUI thread was busy, and
made-up claims for the table tests."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtGui import QColor

from claimdesk.core.readmodels import ClaimRow
from claimdesk.ui.main_window import MainWindow

MADE_UP_AT = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def claim_point(window: MainWindow, claim_id: str) -> QPoint:
    """Where to click, in the article view's viewport, to hit a claim's highlight."""
    rect = window.view.claim_rect(claim_id)
    assert not rect.isEmpty(), "claim is not on screen"
    return rect.center()


class Heartbeat:
    """The longest time the GUI thread went without a turn of its event loop, by `clock`.

    By default that clock is the GUI thread's own CPU time: the work the code does between two
    turns, which a busy machine does not inflate (it only delays when the work runs). Waiting
    for Python's lock while another thread holds it costs no CPU time and is not counted, so
    tests check separately that heavy work never runs on the GUI thread. The benchmark passes
    `time.perf_counter` for the stall a person would see.
    """

    def __init__(self, clock: Callable[[], float] = time.thread_time, interval_ms: int = 5) -> None:
        self.longest = 0.0
        self._clock = clock
        self._last = clock()
        self._timer = QTimer(interval=interval_ms)
        self._timer.timeout.connect(self._beat)

    def __enter__(self) -> Heartbeat:
        self._last = self._clock()
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._beat()
        self._timer.stop()

    def _beat(self) -> None:  # on the GUI thread, so thread_time() is the GUI thread's
        now = self._clock()
        self.longest = max(self.longest, now - self._last)
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
        reviewed_at=None,
        created_at=MADE_UP_AT,
        updated_at=MADE_UP_AT,
        version=1,
        evidence=(),
    )


def near(a: QColor, b: QColor, tolerance: int) -> bool:
    """The same colour give or take antialiasing: each of red, green and blue within `tolerance`."""
    return all(abs(p - q) <= tolerance for p, q in zip(a.getRgb()[:3], b.getRgb()[:3], strict=True))
