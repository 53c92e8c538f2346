"""Benchmark: peak memory of the app with the seeds open, then after extracting a 2 MB article.

Run by hand: python tests/benchmarks/bench_memory.py   (target: under 500 MB)
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
from importlib.resources import files
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

TARGET_MB = 500
SIZE = 2_000_000


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


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
    app = QApplication.instance() or QApplication(sys.argv[:1])
    tmp = Path(tempfile.mkdtemp(prefix="claimdesk-bench-"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp))
    QSettings().setValue("reviewer", "bench")
    from claimdesk.ui.app import open_window

    window = open_window(tmp / "bench.sqlite3")
    while window.article is None or not window.worker.is_idle():
        app.processEvents()
    seeds = peak_mb()
    article = tmp / "two-megabytes.txt"
    big_article(article)
    window.import_paths([article])
    while (
        window.article is None
        or window.article.origin != article.name
        or not window.worker.is_idle()
    ):
        app.processEvents()
    after = peak_mb()
    print(f"peak with the seeds open:              {seeds:6.0f} MB")
    print(
        f"peak after extracting a 2 MB article:  {after:6.0f} MB "
        f"({window.claims.model.rowCount()} claims shown)"
    )
    print(f"ratio to the {TARGET_MB} MB target: {after / TARGET_MB:.2f}")
    window.close()
    return 0 if after < TARGET_MB else 1


if __name__ == "__main__":
    sys.exit(main())
