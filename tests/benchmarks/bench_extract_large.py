"""Benchmark: extraction of large texts of three hostile shapes against bare spaCy.

Run by hand: python tests/benchmarks/bench_extract_large.py [--scale 0.1] [--shapes prose,line]

The shapes of issue 10 item 2, at `scale` times their size there: 20 MB of prose paragraphs,
a 15 MB single line, 3 MB of `a.` lines (and a line without any sentence break). Each run is
a fresh process, so its peak resident size is its own. Baseline: bare `nlp.pipe` (the same
pipeline without our components, spaCy's own batching) over the same text cut into lines
(a line over spaCy's limit cut as extract() cuts it); the ratio is extract's throughput over
the baseline's. Also printed: the longest wait between two progress reports.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import subprocess
import sys
import time
from itertools import pairwise

from bench_extract import make_texts

ISSUE_MB = {"prose": 20.0, "line": 15.0, "dots": 3.0, "unbroken": 15.0}


def make(shape: str, megabytes: float) -> str:
    """One article of the shape, about `megabytes` long."""
    if shape == "dots":
        return "a.\n" * int(megabytes * 1_000_000 / 3)
    prose = "\n\n".join(make_texts(megabytes))
    if shape == "prose":
        return prose
    words = re.sub(r"(?m)^\s*(?:[-*•]|\d+[.)])\s+", "", prose).split()
    if shape == "unbroken":
        words = [w.strip(".!?;:") or "and" for w in words]
    return " ".join(words)


def measure(shape: str, megabytes: float, way: str) -> dict[str, float]:
    """Run one way over one text in this process: seconds, progress gap, peak RSS."""
    from claimdesk.core.extraction.extractor import extract
    from claimdesk.core.extraction.nlp import OURS, get_nlp
    from claimdesk.core.extraction.segment import segment

    nlp = get_nlp(rule_only=False)
    text = make(shape, megabytes)
    extract(["Warm up: revenue rose 5% in 2024, the company said."])
    reports = [time.perf_counter()]
    start = time.perf_counter()
    if way == "extract":
        extract([text], progress=lambda done, total: reports.append(time.perf_counter()))
    else:
        lines = [text[b.start : b.end] for b in segment(text)]  # all lines, headings too
        for _ in nlp.pipe(lines, disable=list(OURS)):
            pass
    seconds = time.perf_counter() - start
    reports.append(time.perf_counter())
    return {
        "seconds": seconds,
        "gap": max(b - a for a, b in pairwise(reports)),
        "reports": len(reports) - 2,
        "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run(shape: str, megabytes: float, way: str) -> dict[str, float]:
    """`measure` in a fresh process."""
    args = [sys.executable, __file__, "--one", shape, str(megabytes), way]
    done = subprocess.run(args, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])  # type: ignore[no-any-return]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.1, help="fraction of the issue's sizes")
    parser.add_argument("--shapes", default=",".join(ISSUE_MB))
    parser.add_argument("--one", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        shape, megabytes, way = args.one
        print(json.dumps(measure(shape, float(megabytes), way)))
        return
    for shape in args.shapes.split(","):
        megabytes = ISSUE_MB[shape] * args.scale
        ours, bare = run(shape, megabytes, "extract"), run(shape, megabytes, "bare")
        print(
            f"{shape:8} {megabytes:5.2f} MB: extract {ours['seconds']:7.1f} s, "
            f"peak {ours['rss_mb']:5.0f} MB, {ours['reports']:.0f} progress reports, "
            f"longest gap {ours['gap']:5.2f} s | bare nlp.pipe {bare['seconds']:7.1f} s, "
            f"peak {bare['rss_mb']:5.0f} MB | throughput ratio "
            f"{bare['seconds'] / ours['seconds']:.2f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
