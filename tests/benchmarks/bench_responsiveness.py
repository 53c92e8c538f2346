"""Benchmark: the longest wall-clock stall of the window's event loop in the scenarios of
tests/ui/test_responsiveness.py, against the stall of the same window left idle.

Run by hand, on a quiet machine: python tests/benchmarks/bench_responsiveness.py
(target: every stall under 100 ms; the exit status follows it)

This is the freeze a person sees, so it grows with whatever else the machine runs: the tests
check the GUI thread's own CPU time instead, printed here beside it. The idle figure, measured
in the same run, shows how much of a stall is the machine (timer slack, other processes).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))  # scenarios and Heartbeat

from bench_setup import open_window_idle, scratch_app
from big_articles import (
    library_with_big_article,
    library_with_one_huge_paragraph,
    open_and_scroll_big_article,
    scroll_huge_paragraph,
    type_while_extracting_then_cancel,
)
from PySide6.QtTest import QTest
from ui_helpers import Heartbeat

from claimdesk.ui.main_window import MainWindow

TARGET = 0.100
IDLE_MS = 1000


class Bot:
    """The two qtbot calls the scenarios make, without pytest."""

    def wait(self, ms: int) -> None:
        QTest.qWait(ms)

    def waitUntil(self, callback: Callable[[], bool], *, timeout: int) -> None:  # noqa: N802
        deadline = time.monotonic() + timeout / 1000  # a hang guard, not a measurement
        while not callback():
            if time.monotonic() > deadline:
                raise TimeoutError("the window never got there")
            QTest.qWait(5)


def measure(scenario: Callable[[], object]) -> tuple[float, float]:
    """The longest stall during `scenario`: wall clock, and the GUI thread's CPU time."""
    with Heartbeat(time.perf_counter) as wall, Heartbeat() as cpu:
        scenario()
    return wall.longest, cpu.longest


def close(window: MainWindow) -> None:
    window.close()
    window.deleteLater()


def main() -> int:
    _, folder = scratch_app()
    bot = Bot()
    figures: dict[str, tuple[float, float]] = {}

    big_db = folder / "big.sqlite3"
    big_id, count = library_with_big_article(big_db, claims=True)
    window = open_window_idle(big_db)
    figures["idle window (baseline)"] = measure(lambda: bot.wait(IDLE_MS))
    figures[f"open + scroll 2 MB, {count:,} claims"] = measure(
        lambda: open_and_scroll_big_article(bot, window, big_id)
    )
    close(window)

    paragraph_db = folder / "paragraph.sqlite3"
    library_with_one_huge_paragraph(paragraph_db)
    window = open_window_idle(paragraph_db)
    figures["scroll one 200 KB paragraph"] = measure(lambda: scroll_huge_paragraph(bot, window))
    close(window)

    plain_db = folder / "plain.sqlite3"
    plain_id, _ = library_with_big_article(plain_db, claims=False)
    window = open_window_idle(plain_db)
    window.controller.open_article(plain_id)
    bot.waitUntil(
        lambda: window.controller.article.id == plain_id and window.controller.worker.is_idle(),
        timeout=60_000,
    )
    figures["type while 2 MB extracts, cancel"] = measure(
        lambda: type_while_extracting_then_cancel(bot, window)
    )
    bot.waitUntil(window.controller.worker.is_idle, timeout=60_000)
    close(window)

    idle_wall, _ = figures["idle window (baseline)"]
    print(f"{'scenario':40} {'wall stall':>11} {'x idle':>7} {'GUI CPU':>9}")
    for name, (wall, cpu) in figures.items():
        ratio = wall / idle_wall
        print(f"{name:40} {wall * 1000:8.1f} ms {ratio:6.1f}x {cpu * 1000:6.1f} ms")
    worst = max(wall for wall, _ in figures.values())
    print(f"longest stall: {worst * 1000:.1f} ms (target < {TARGET * 1000:.0f} ms)")
    return 0 if worst < TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
