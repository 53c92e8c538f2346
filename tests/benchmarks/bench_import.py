"""Benchmark: `import --no-extract` of large and of many small files vs reading, hashing and
inserting the same text with bare sqlite3.

Run by hand: python tests/benchmarks/bench_import.py   (target: every large file in seconds)
The baseline is measured in the same run: read the bytes, decode, sha256, INSERT + commit
(WAL, synchronous=NORMAL, as the app's libraries).
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from claimdesk.core.jobs import Outcome, import_paths
from claimdesk.core.store import open_store

MB = 2**20
SENTENCE = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. "


def _files(folder: Path) -> dict[str, list[Path]]:
    """The shapes reported slow in issue 10 and in its review, plus text with long runs of
    spaces inside lines."""
    made: dict[str, bytes] = {
        "20 MB plain text.txt": ((SENTENCE * 20 + "\n") * (20 * MB // 1161 - 10)).encode(),
        "15 MB single line.txt": b"word " * (3 * MB),
        "1M lines of a. (3 MB).txt": b"a.\n" * 1_000_000,
        "10 MB spaced columns.txt": (b"a" + b" " * 100 + b"b  \n") * 100_000,
        "18 MB Markdown.md": (b"## Part\n\n" + (SENTENCE * 20 + "\n\n").encode() * 5) * 3100,
        # Millions of short lines, where front matter and title were looked for on every
        # line (10-41 s before they were looked for in the head only).
        "19 MB unclosed front.md": b"---\n" + b"-\n" * (19 * MB // 2),
        "19 MB fence lines.md": b"```\n" * (19 * MB // 4),
        "19 MB rules, then x.txt": b"-\n" * (19 * MB // 2) + b"x",
        "19 MB of a. lines.md": b"a.\n" * (19 * MB // 3),
    }
    groups = {}
    for name, data in made.items():
        path = folder / name
        path.write_bytes(data)
        groups[name] = [path]
    small = folder / "small"
    small.mkdir()
    for n in range(100):
        (small / f"note-{n:03}.txt").write_text(f"Note {n}\n{SENTENCE * 5}\n", encoding="utf-8")
    groups["100 small files"] = sorted(small.iterdir())
    return groups


def _ours(paths: list[Path], db: Path) -> float:
    store = open_store(db)
    start = time.perf_counter()
    reports = import_paths(store, paths, extract=False)
    seconds = time.perf_counter() - start
    store.close()
    assert all(r.outcome is Outcome.IMPORTED for r in reports), [r.line() for r in reports]
    return seconds


def _baseline(paths: list[Path], db: Path) -> float:
    start = time.perf_counter()
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA journal_mode=WAL")  # as the app's libraries
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.execute("CREATE TABLE t (sha TEXT, body TEXT)")
    for path in paths:
        text = path.read_bytes().decode("utf-8")
        connection.execute(
            "INSERT INTO t VALUES (?, ?)", (hashlib.sha256(text.encode()).hexdigest(), text)
        )
        connection.commit()
    connection.close()
    return time.perf_counter() - start


def main() -> int:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        print(f"{'input':28} {'import':>8} {'baseline':>9} {'ratio':>7}")
        worst = 0.0
        for n, (name, paths) in enumerate(_files(folder).items()):
            ours = _ours(paths, folder / f"{n}.sqlite3")
            base = _baseline(paths, folder / f"{n}.raw.sqlite3")
            worst = max(worst, ours)
            print(f"{name:28} {ours:7.2f}s {base:8.2f}s {ours / base:6.1f}x")
    print(f"slowest import: {worst:.2f} s (target: a few seconds)")
    return 0 if worst < 10 else 1


if __name__ == "__main__":
    sys.exit(main())
