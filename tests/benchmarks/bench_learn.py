"""Benchmark: learning from a library's decisions (issue 12 item 4) against its baseline,
scoring the same decision sentences with the base model alone, in the same run.

Run by hand: python tests/benchmarks/bench_learn.py
It builds the simulated reviewer's library of tests/learning_library.py (about 30 s),
then times `learn` (read the decisions, score them, split, fit, compare) and the bare
`score_sentences` on the same sentences, by CPU time; then the fit alone on generated
rows of 1,000 and 10,000 decisions (the fit is a few Newton steps: it should not matter).
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    from claimdesk.core.extraction.extractor import score_sentences
    from claimdesk.core.learning.adapt import FEATURE_KINDS, Scored, fit
    from claimdesk.core.learning.decisions import read_decisions
    from claimdesk.core.learning.learn import learn
    from claimdesk.core.store import open_store
    from learning_library import build

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "library.sqlite3"
        build(path, Path(folder) / "articles")
        store = open_store(path)
        with store.reading() as session:
            sentences = [d.text for d in read_decisions(session).items]
        score_sentences(sentences[:4])  # the pipeline loaded before either is timed
        start = time.process_time()
        score_sentences(sentences)
        bare = time.process_time() - start
        start = time.process_time()
        comparison = learn(store)
        learning = time.process_time() - start
        store.close()
    print(f"load average: {os.getloadavg()}")
    print(f"{len(sentences)} decisions: learn {learning:.2f} s CPU, bare scoring {bare:.2f} s CPU")
    print(f"ratio learn / bare scoring: {learning / bare:.2f}")
    print(f"held back: adapted {comparison.adapted}")
    print(f"held back: {comparison.current_name} {comparison.current}")
    rng = random.Random(1)
    for n in (1000, 10_000):
        items = [
            Scored(rng.random(), frozenset(rng.sample(FEATURE_KINDS, rng.randint(0, 5))))
            for _ in range(n)
        ]
        labels = [rng.random() < item.score for item in items]
        start = time.process_time()
        fit(items, labels, "sentence")
        print(f"fit alone on {n} decisions: {time.process_time() - start:.3f} s CPU")


if __name__ == "__main__":
    main()
