"""Benchmark: `claimdesk import FOLDER` of 1,000 article files vs bare `nlp.pipe` of the same
texts through the same spaCy pipeline, both in child processes in the same run (issue 15
item 5); then the same import again, which finds every file already in and extracts none.
Wall and CPU time of each child; on a shared machine compare the CPU figures.

Run by hand: python tests/benchmarks/bench_import_folder.py [ARTICLES]
The articles are the sample articles' sentences, shuffled (deterministic), 12 to 30 sentences
each in paragraphs of two to five. Both sides include loading spaCy.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BARE = """
import sys, time
from pathlib import Path
from claimdesk.core.extraction.nlp import get_nlp
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).iterdir())]
nlp = get_nlp()  # the pipeline extraction runs, with Claimdesk's scoring components
sentences = sum(len(list(doc.sents)) for doc in nlp.pipe(texts, batch_size=64))
print(sentences)
"""


def _write_articles(folder: Path, count: int) -> None:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt")))
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if len(s) > 30]
    rng = random.Random(15)
    for n in range(count):
        chosen = rng.sample(sentences, min(len(sentences), rng.randint(12, 30)))
        paragraphs, at = [], 0
        while at < len(chosen):
            size = rng.randint(2, 5)
            paragraphs.append(" ".join(chosen[at : at + size]))
            at += size
        body = "\n\n".join(paragraphs)
        (folder / f"article-{n:04}.txt").write_text(f"Article {n}\n\n{body}\n", encoding="utf-8")


def _timed(argv: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall and CPU seconds (the child's own, from os.wait4: steadier on a busy machine)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(argv, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if child.returncode:
            raise SystemExit(f"{' '.join(argv[:4])}...: failed\n{err.read().decode()[-2000:]}")
        return seconds, usage.ru_utime + usage.ru_stime, out.read().decode()


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "articles"
        folder.mkdir()
        _write_articles(folder, count)
        chars = sum(p.stat().st_size for p in folder.iterdir())
        env = {**os.environ, "CLAIMDESK_CONFIG_DIR": scratch}  # never the user's own settings
        db = str(Path(scratch) / "library.sqlite3")
        command = [sys.executable, "-m", "claimdesk", "--db", db, "import", str(folder)]
        bare, bare_cpu, sentences = _timed([sys.executable, "-c", BARE, str(folder)], env)
        ours, ours_cpu, out = _timed(command, env)
        again, again_cpu, repeat = _timed(command, env)
    imported = sum(": imported as " in line for line in out.splitlines())
    skipped = sum(line.endswith(": already imported") for line in repeat.splitlines())
    print(f"{count:,} articles, {chars / 1e6:.1f} MB, {int(sentences):,} sentences")
    print(f"{'':34} {'wall':>8} {'CPU':>8} {'articles/s':>11} {'CPU vs bare':>12}")
    for name, wall, cpu in (
        ("bare nlp.pipe (same pipeline)", bare, bare_cpu),
        ("claimdesk import FOLDER", ours, ours_cpu),
        ("the same import again (resume)", again, again_cpu),
    ):
        print(f"{name:34} {wall:7.1f}s {cpu:7.1f}s {count / wall:11.1f} {cpu / bare_cpu:11.2f}x")
    print(f"{imported:,} imported, then {skipped:,} already imported")
    return 0 if imported == count and skipped == count else 1


if __name__ == "__main__":
    sys.exit(main())
