"""Benchmark: start-up, from the first line of Python to the window showing the last
article's claims, against a bare PySide6 window showing the same text.

Run by hand: python tests/benchmarks/bench_startup.py [ARTICLES]   (target: <= 0.5 s, ratio <= 4)

Each start is a fresh interpreter (imports are most of the cost), timed from inside: the
first line of the child script to a paint of the window. The library is built once (the
sample articles, or ARTICLES copies of them) and reused, as a user's library is.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROUNDS = 5

OURS = """
import time; t0 = time.perf_counter()
import os, sys; os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["CLAIMDESK_REVIEWER"] = "bench"
from PySide6.QtWidgets import QApplication
from claimdesk.ui.app import open_window
window = open_window(sys.argv[1])
app = QApplication.instance()
while window.controller.article is None or window.claims.model.rowCount() == 0:
    app.processEvents()
window.repaint()
print(time.perf_counter() - t0)
"""

BARE = """
import time; t0 = time.perf_counter()
import os, sys; os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QMainWindow, QPlainTextEdit
app = QApplication(sys.argv[:1])
window = QMainWindow()
view = QPlainTextEdit()
view.setPlainText(open(sys.argv[1], encoding="utf-8").read())
window.setCentralWidget(view)
window.resize(1280, 800)
window.show()
window.repaint()
print(time.perf_counter() - t0)
"""


def build_library(folder: Path, copies: int) -> tuple[Path, Path]:
    """The library and a file holding the text the window will show (its newest article)."""
    from sqlalchemy import select

    from claimdesk.core.models import Article
    from claimdesk.core.seeding import ensure_seeded
    from claimdesk.core.store import open_store

    db = folder / "library.sqlite3"
    store = open_store(db)
    ensure_seeded(store)
    with store.transaction() as session:
        originals = list(session.scalars(select(Article)))
        for n in range(copies - 1):
            for article in originals:
                session.add(
                    Article(
                        title=f"{article.title} ({n})",
                        text=article.text,
                        sha256=f"{article.sha256[:40]}{n:024d}",
                        origin=article.origin,
                    )
                )
        newest = session.scalars(select(Article).order_by(Article.imported_at.desc())).first()
        assert newest is not None
        text = folder / "text.txt"
        text.write_text(newest.text, encoding="utf-8")
    store.close()
    return db, text


def start(script: str, argument: Path, env: dict[str, str]) -> float:
    done = subprocess.run(
        [sys.executable, "-c", script, str(argument)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    return float(done.stdout.strip().splitlines()[-1])


def main() -> int:
    copies = int(sys.argv[1]) if len(sys.argv) > 1 else 1
    folder = Path(tempfile.mkdtemp(prefix="claimdesk-startup-"))
    db, text = build_library(folder, copies)
    env = {**os.environ, "XDG_CONFIG_HOME": str(folder), "CLAIMDESK_CONFIG_DIR": str(folder)}
    start(OURS, db, env)  # the first start compiles bytecode and warms the disk cache
    start(BARE, text, env)
    ours, bare = [], []
    for _ in range(ROUNDS):  # interleaved, so a busy moment costs both
        ours.append(start(OURS, db, env))
        bare.append(start(BARE, text, env))
    mine, base = statistics.median(ours), statistics.median(bare)
    print(f"library: {copies} x the sample articles")
    print(f"claimdesk window with claims: {mine:.3f} s (runs {min(ours):.3f}-{max(ours):.3f})")
    print(f"bare PySide6 window, same text: {base:.3f} s (runs {min(bare):.3f}-{max(bare):.3f})")
    print(f"ratio: {mine / base:.2f}x   (target: <= 0.5 s and <= 4x)")
    return 0 if mine <= 0.5 and mine / base <= 4 else 1


if __name__ == "__main__":
    sys.exit(main())
