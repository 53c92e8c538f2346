"""Benchmark: words/second of extract() against bare nlp.pipe of the same pipeline.

Run by hand: python tests/benchmarks/bench_extract.py [--mb 1.0] [--repeat 3]
Target: extract with the features alone reaches at least 0.85 of bare spaCy's speed; the
sentence model's cost (the encoder, ~12 ms a sentence it embeds, idle core) is printed beside it.
Two baselines: bare spaCy over the whole texts (what a naive caller would do), and over exactly
the body blocks extract() feeds it (so the ratio isolates our own overhead). Speeds are all
counted in words of the whole input texts.
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections.abc import Callable
from importlib.resources import files

from spacy.language import Language

from claimdesk.core.extraction.extractor import extract
from claimdesk.core.extraction.nlp import OURS, get_nlp, scorer
from claimdesk.core.extraction.segment import segment

NAMES = ["Fujitsu", "Palantir", "Anthropic", "OpenAI", "IBM", "Japan", "Amnesty"]
SWAPS = ["Acme Corp", "Globex", "Initech", "Umbrella", "Hooli", "Norway", "Oxfam"]


def make_texts(megabytes: float, seed: int = 7) -> list[str]:
    """Seed articles with shuffled paragraphs, swapped names and nudged numbers, up to size."""
    rng = random.Random(seed)
    lines = []
    for entry in sorted(files("claimdesk.seeds").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".txt"):
            lines.extend(entry.read_text("utf-8").splitlines())
    texts: list[str] = []
    size = 0
    while size < megabytes * 1_000_000:
        picked = rng.sample(lines, k=min(len(lines), 20))
        text = "\n".join(picked)
        for old, new in zip(NAMES, rng.sample(SWAPS, k=len(SWAPS)), strict=True):
            if rng.random() < 0.5:
                text = text.replace(old, new)
        text = re.sub(r"\d+", lambda m: str(int(m.group()) + rng.randint(0, 9)), text)
        texts.append(text)
        size += len(text.encode("utf-8"))
    return texts


def encoder_used(nlp: Language) -> str:
    """Which encoder scores (file and layers run), so figures say what they measured."""
    model = scorer(nlp)
    if model.encoder is None:
        return f"no sentence encoder ({model.notice})"
    pin = model.encoder.pin
    return f"encoder {pin.model_file} ({pin.size / 1e6:.0f} MB), first {pin.layers} layers"


def best_speeds(runs: dict[str, Callable[[], object]], words: int, repeat: int) -> dict[str, float]:
    """Best words/second of each run, the runs interleaved so a busy spell hits all alike."""
    best = dict.fromkeys(runs, 0.0)
    for _ in range(repeat):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            best[name] = max(best[name], words / (time.perf_counter() - start))
    return best


def main() -> None:
    """Print words/second of both ways and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0, help="megabytes of text")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = make_texts(args.mb)
    words = sum(len(t.split()) for t in texts)
    nlp = get_nlp(rule_only=False)
    print(f"{len(texts)} texts, {words} words, pipeline {nlp.pipe_names}; {encoder_used(nlp)}")
    blocks = [t[b.start : b.end] for t in texts for b in segment(t) if b.yields_claims]
    extract(texts[:3])  # warm up: load everything once

    def bare(inputs: list[str]) -> Callable[[], None]:
        def run() -> None:
            for _ in nlp.pipe(inputs, disable=list(OURS), batch_size=64):
                pass

        return run

    def features_alone() -> None:
        """extract() as on a platform without the encoder (the scorer's own fallback)."""
        model = scorer(nlp)
        kept = model.encoder, model.weights
        model.encoder, model.weights = None, model.fallback
        try:
            extract(texts)
        finally:
            model.encoder, model.weights = kept

    def with_the_encoder() -> None:
        """extract() as shipped; every sentence embedded, none remembered from an earlier run."""
        encoder = scorer(nlp).encoder
        if encoder is not None:
            encoder.forget()
        extract(texts)

    runs = {
        "whole": bare(texts),
        "blocks": bare(blocks),
        "features": features_alone,
        "extract": with_the_encoder,
    }
    wps = best_speeds(runs, words, args.repeat)
    for name in ("features", "extract"):
        print(
            f"extract ({'features alone' if name == 'features' else scorer(nlp).pipeline}) "
            f"{wps[name]:6.0f} words/s; bare nlp.pipe "
            f"{wps['whole']:6.0f} on whole texts (ratio {wps[name] / wps['whole']:.2f}), "
            f"{wps['blocks']:6.0f} on the same blocks (ratio {wps[name] / wps['blocks']:.2f})"
        )


if __name__ == "__main__":
    main()
