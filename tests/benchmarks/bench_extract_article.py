"""Benchmark: importing a 1,500-word article end to end on one core, with and without the
sentence model; and the share of body sentences highlighted by default.

Run by hand: python tests/benchmarks/bench_extract_article.py [--repeat 3] [FILE.txt ...]
Target: under 3 s with the sentence model. Each import is `claimdesk import` in a fresh
interpreter pinned to one CPU (pipeline loading included), the two models interleaved so a
busy spell hits both alike. The share is reported for the sample articles and any FILE given
(news prose: target at most 40%).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from types import SimpleNamespace

from bench_extract import encoder_used

from claimdesk.core.extraction.extractor import extract, version_used
from claimdesk.core.extraction.nlp import get_nlp, scorer
from claimdesk.core.highlights import highlighted

TARGET_S = 3.0


@dataclass(frozen=True)
class Found:
    id: str
    score: float | None
    status: str = "unreviewed"
    origin: str = "extracted"


def seed_texts() -> dict[str, str]:
    seeds = files("claimdesk.seeds")
    return {
        e.name: e.read_text("utf-8")
        for e in sorted(seeds.iterdir(), key=lambda e: e.name)
        if e.name.endswith(".txt")
    }


def import_seconds(path: Path, encoder: bool, bytecode: bool) -> tuple[float, float]:
    """Wall and CPU time of one `claimdesk import` in a fresh interpreter on one CPU.

    CPU time is what the import would take on an idle core: on a busy machine the wall
    time also counts the other processes' turns. With `bytecode`, modules are read from
    their compiled bytecode as in an installed app (pip compiles it at install; the first
    run below writes Claimdesk's own); without, PYTHONDONTWRITEBYTECODE as the caller set it
    (set on some build machines: then every start compiles Claimdesk's modules again)."""
    env = {**os.environ, "CLAIMDESK_ENCODER": "on" if encoder else "off"}
    if bytecode:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as scratch:
        env["CLAIMDESK_CONFIG_DIR"] = scratch
        db = str(Path(scratch) / "bench.sqlite3")
        # A library with the samples already in, so the import runs on one article only.
        subprocess.run(
            [sys.executable, "-m", "claimdesk", "--db", db, "articles"],
            env=env,
            check=True,
            capture_output=True,
        )
        cpu = min(os.sched_getaffinity(0))
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "claimdesk", "--db", db, "import", str(path)],
            env=env,
            check=True,
            capture_output=True,
            preexec_fn=lambda: os.sched_setaffinity(0, {cpu}),
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return wall, after.ru_utime + after.ru_stime - used.ru_utime - used.ru_stime


def embedded_share(text: str) -> tuple[int, int]:
    """(sentences the encoder embedded, body sentences) when extracting one text afresh."""
    encoder = scorer(get_nlp()).encoder
    if encoder is None:
        return 0, len(extract([text], threshold=0.0)[0])
    encoder.forget()
    model, embedded = encoder._model, []

    def counting(texts: list[str]) -> object:
        embedded.extend(texts)
        return model.query(texts)

    encoder._model = SimpleNamespace(query=counting, dim=model.dim)
    try:
        body = len(extract([text], threshold=0.0)[0])
    finally:
        encoder._model = model
    return len(embedded), body


def highlighted_share(text: str) -> tuple[int, int, int]:
    """(body sentences, candidates, highlighted) of one text, as a new import stores them."""
    everything = extract([text], threshold=0.0)[0]  # every body sentence scores >= 0
    candidates = extract([text])[0]
    shown = highlighted(
        [Found(str(i), c.score) for i, c in enumerate(candidates)],
        words=len(text.split()),
        extractor_version=version_used(),
    )
    return len(everything), len(candidates), len(shown)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--no-bytecode",
        action="store_true",
        help="keep PYTHONDONTWRITEBYTECODE if set: every start compiles Claimdesk's modules",
    )
    parser.add_argument("files", nargs="*", type=Path, help="more articles to report the share of")
    args = parser.parse_args()
    texts = seed_texts()
    for path in args.files:
        texts[path.name] = path.read_text("utf-8")
    print(
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs; model {version_used()}; "
        f"{encoder_used(get_nlp())}"
    )
    for name, text in texts.items():
        body, candidates, shown = highlighted_share(text)
        print(
            f"{name}: {len(text.split())} words, {body} body sentences, {candidates} candidates "
            f"({candidates / body:.0%}), {shown} highlighted ({shown / body:.0%})"
        )
    article = "\n\n".join(seed_texts().values())
    embedded, body = embedded_share(article)
    print(f"the article: {embedded} of {body} body sentences embedded")
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "article.txt"
        path.write_text(article, encoding="utf-8")
        best = {True: (float("inf"),) * 2, False: (float("inf"),) * 2}
        for _ in range(args.repeat):
            for encoder, kept in best.items():  # the best wall and the best CPU time, each
                now = import_seconds(path, encoder, bytecode=not args.no_bytecode)
                best[encoder] = (min(kept[0], now[0]), min(kept[1], now[1]))
    (wall, cpu), (plain_wall, plain_cpu) = best[True], best[False]
    print(
        f"import of a {len(article.split())}-word article on one CPU (best of {args.repeat}): "
        f"{wall:.2f} s ({cpu:.2f} s CPU) with the sentence model (target {TARGET_S:.0f} s), "
        f"{plain_wall:.2f} s ({plain_cpu:.2f} s CPU) with the features alone "
        f"(ratio {wall / plain_wall:.2f}); "
        + ("compiling modules at every start" if args.no_bytecode else "bytecode cached")
    )


if __name__ == "__main__":
    main()
