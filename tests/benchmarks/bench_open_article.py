"""Benchmark: show an article with 1,000 highlighted claims vs a plain setPlainText of its text.

Run by hand: python tests/benchmarks/bench_open_article.py   (target: ratio <= 2)

Two figures against the same baseline: the article view alone (the text with every claim
marked, the like-for-like comparison) and the whole open as the reviewer sees it, the claims
table filled and painted beside it. The exit status follows the whole open.
"""

from __future__ import annotations

import os
import re
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench_setup import open_window_idle, scratch_app, wait_until
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPlainTextEdit

from claimdesk.core.importing import ArticleDraft
from claimdesk.core.models import Claim, Meta
from claimdesk.core.services.articles import import_draft
from claimdesk.core.store import open_store

CLAIMS = 1000
ROUNDS = 25
SENTENCE = (
    "Fujitsu said on May 27, 2026 that revenue rose 12% to USD 9.43 billion, according to "
    "its annual report, while analysts expected {n} new contracts."
)


def make_library(db: Path) -> str:
    text = "\n".join(" ".join(SENTENCE.format(n=4 * p + i) for i in range(4)) for p in range(250))
    store = open_store(db)
    with store.transaction() as session:
        session.add(Meta(key="seeded", value="benchmark"))
        article = import_draft(session, ArticleDraft("Benchmark", text, "bench.txt")).article
        for match in list(re.finditer(r"[^.\n]+\.", text))[:CLAIMS]:
            start = match.start() + (1 if match.group().startswith(" ") else 0)
            session.add(
                Claim(
                    article=article,
                    start=start,
                    end=match.end(),
                    quote=text[start : match.end()],
                    status="unreviewed",
                    origin="extracted",
                    score=0.5,
                    reasons=[],
                    note="",
                )
            )
        article_id = article.id
    store.close()
    return article_id


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> int:
    app, tmp = scratch_app()
    article_id = make_library(tmp / "bench.sqlite3")
    window = open_window_idle(tmp / "bench.sqlite3")
    data = window.controller.gateway.article(article_id)
    assert len(data.claims) == CLAIMS, len(data.claims)
    view = window.view
    plain = QPlainTextEdit()
    plain.setReadOnly(True)
    plain.setFont(view.font())
    plain.resize(view.size())
    plain.show()
    QTest.qWaitForWindowExposed(plain)  # an unexposed widget skips painting: not a fair race
    plain.setPlainText(data.text)
    app.processEvents()  # lets it show its scroll bar, as the article view does: same paint work
    assert plain.verticalScrollBar().isVisible() and view.verticalScrollBar().isVisible()

    def show_marked_text() -> None:
        view.set_article(data.text, data.claims)
        view.viewport().repaint()

    def show_with_table() -> None:
        view.set_article(data.text, data.claims)
        window.claims.model.set_rows(data.claims)
        view.viewport().repaint()  # paints every dirty widget of the window: the table too

    def show_plain() -> None:
        plain.setPlainText(data.text)
        plain.viewport().repaint()

    races: dict[str, list[float]] = {"plain": [], "view": [], "window": []}
    for _ in range(ROUNDS):
        races["plain"].append(timed(show_plain))
        races["view"].append(timed(show_marked_text))
        races["window"].append(timed(show_with_table))
    plain_ms, view_ms, window_ms = (statistics.median(races[k]) * 1000 for k in races)

    def open_from_database() -> None:
        window.controller.open_article(article_id)
        token = window.controller._load_token
        wait_until(
            lambda: window.controller._load_token == token and window.controller.worker.is_idle()
        )

    full = [timed(open_from_database) for _ in range(5)]
    ratio = window_ms / plain_ms
    print(f"article: {len(data.text):,} characters, {CLAIMS} claims")
    print(f"plain setPlainText + paint:               {plain_ms:6.1f} ms")
    print(f"article view, every claim marked:         {view_ms:6.1f} ms  {view_ms / plain_ms:.2f}x")
    print(f"article view + claims table (what opens): {window_ms:6.1f} ms  {ratio:.2f}x")
    print(f"ratio: {ratio:.2f}x (target <= 2x)")
    print(
        f"(for reference) open from the database, load off the GUI thread included: "
        f"{statistics.median(full) * 1000:.1f} ms"
    )
    window.close()
    return 0 if ratio <= 2 else 1


if __name__ == "__main__":
    sys.exit(main())
