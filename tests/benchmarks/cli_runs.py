"""What the command-line benchmarks share: child processes' CPU time, runs taken in turns."""

from __future__ import annotations

import os
import statistics
import subprocess
from collections.abc import Mapping


def child_cpu(argv: list[str], env: Mapping[str, str]) -> float:
    """The CPU seconds of one child writing to /dev/null (its own, os.wait4): on a shared
    machine the steadier figure."""
    with open(os.devnull, "wb") as sink:
        child = subprocess.Popen(argv, stdout=sink, stderr=subprocess.DEVNULL, env=env)
        _, status, usage = os.wait4(child.pid, 0)
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{' '.join(argv)}: failed")
    return usage.ru_utime + usage.ru_stime


def print_in_turns(cases: Mapping[str, list[str]], runs: int, env: Mapping[str, str]) -> None:
    """Run each case `runs` times, in turns so that they share the load alike, and print each
    one's median CPU time and its ratio to the first case's."""
    seconds: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, argv in cases.items():
            seconds[name].append(child_cpu(argv, env))
    base = statistics.median(next(iter(seconds.values())))
    for name, taken in seconds.items():
        median = statistics.median(taken)
        print(f"{name:58} {median:6.3f} s CPU ({min(taken):.3f}-{max(taken):.3f})"
              f" {median / base:4.2f}x")  # fmt: skip
