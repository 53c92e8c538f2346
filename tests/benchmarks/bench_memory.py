"""Benchmark: peak memory of the app with the seeds open, then after extracting a 2 MB article.

Run by hand: python tests/benchmarks/bench_memory.py   (target: under 500 MB)

The app is two processes, the window and its extraction child (spaCy). Their peaks come at
different moments (the child while parsing, the window while saving and showing the claims),
so the figure held against the target is the largest sum of the two resident sizes, sampled
every 5 ms (Linux: read from /proc); each process's own peak is printed beside it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench_setup import open_window_idle, scratch_app, wait_until

from claimdesk.core.extraction import child_process as extraction_process

TARGET_MB = 500
SIZE = 2_000_000


def status_mb(pid: int | None, field: str) -> float:
    """A memory field of /proc/PID/status (VmRSS now, VmHWM peak) in MB; 0 for no process."""
    if pid is None:
        return 0.0
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024  # kB
    raise RuntimeError(f"no {field} for process {pid}")


class Sampler:
    """The largest sum of the window's and the extraction child's resident memory seen."""

    def __init__(self, child: Callable[[], int | None]) -> None:
        self.child = child
        self.peak = 0.0
        self._next = 0.0

    def sample(self) -> None:
        if time.monotonic() >= self._next:
            now = status_mb(os.getpid(), "VmRSS") + status_mb(self.child(), "VmRSS")
            self.peak = max(self.peak, now)
            self._next = time.monotonic() + 0.005

    def peaks(self) -> tuple[float, float]:
        return status_mb(os.getpid(), "VmHWM"), status_mb(self.child(), "VmHWM")


def big_article(path: Path) -> None:
    seeds = [
        e.read_text("utf-8") for e in files("claimdesk.seeds").iterdir() if e.name.endswith(".txt")
    ]
    paragraphs = [p for s in seeds for p in s.split("\n") if len(p) > 80]
    out, size, n = [], 0, 0
    while size < SIZE:
        out.append(f"In report {n}, {paragraphs[n % len(paragraphs)]}")
        size += len(out[-1]) + 1
        n += 1
    path.write_text("\n".join(out), encoding="utf-8")


def main() -> int:
    _app, tmp = scratch_app()
    sampler = Sampler(lambda: extraction_process.shared().pid())  # the window's child
    window = open_window_idle(tmp / "bench.sqlite3", each=sampler.sample)
    seeds, (window_seeds, child_seeds) = sampler.peak, sampler.peaks()
    article = tmp / "two-megabytes.txt"
    big_article(article)
    window.controller.import_paths([article])
    wait_until(
        lambda: (
            window.controller.article.origin == article.name and window.controller.worker.is_idle()
        ),
        sampler.sample,
    )
    after, (window_after, child_after) = sampler.peak, sampler.peaks()
    print("peak memory, MB                   both at once   window alone   extraction alone")
    print(
        f"with the seeds open:              {seeds:12.0f}   {window_seeds:12.0f}   "
        f"{child_seeds:16.0f}"
    )
    print(
        f"after extracting a 2 MB article:  {after:12.0f}   {window_after:12.0f}   "
        f"{child_after:16.0f}   ({window.claims.model.rowCount()} claims shown)"
    )
    print(f"ratio to the {TARGET_MB} MB target: {after / TARGET_MB:.2f}")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    window.close()
    return 0 if after < TARGET_MB else 1


if __name__ == "__main__":
    sys.exit(main())
