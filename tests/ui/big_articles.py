"""Big articles and what a reviewer does with them: shared by the responsiveness tests, which
check the GUI thread's own CPU time, and their benchmark, which reports wall-clock stalls."""

from __future__ import annotations

import re
from collections.abc import Callable
from importlib.resources import files
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLineEdit

from claimdesk.core.importing import ArticleDraft
from claimdesk.core.models import Claim, Meta
from claimdesk.core.services.articles import import_draft
from claimdesk.core.store import open_store
from claimdesk.ui.article_view import ArticleView
from claimdesk.ui.main_window import MainWindow

SIZE = 2_000_000


class Bot(Protocol):
    """What the scenarios need of pytest-qt's qtbot (the benchmark has its own)."""

    def wait(self, ms: int) -> None: ...

    def waitUntil(self, callback: Callable[[], bool], *, timeout: int) -> None: ...  # noqa: N802


def big_text(size: int = SIZE) -> str:
    """About `size` characters of realistic article prose, every paragraph distinct."""
    seeds = [
        e.read_text("utf-8") for e in files("claimdesk.seeds").iterdir() if e.name.endswith(".txt")
    ]
    paragraphs = [p for s in seeds for p in s.split("\n") if len(p) > 80]
    out, total, n = [], 0, 0
    while total < size:
        paragraph = f"In report {n}, {paragraphs[n % len(paragraphs)]}"
        out.append(paragraph)
        total += len(paragraph) + 1
        n += 1
    return "\n".join(out)


def add_sentence_claims(session, article, pattern: str, limit: int | None = None) -> int:
    """An unreviewed detected claim for each match of `pattern` in the article's text."""
    matches = list(re.finditer(pattern, article.text))[:limit]
    for match in matches:
        session.add(
            Claim(
                article=article,
                start=match.start(),
                end=match.end(),
                quote=match.group(),
                status="unreviewed",
                origin="extracted",
                score=0.5,
                reasons=[],
                note="",
            )
        )
    return len(matches)


def library_with_big_article(db_path: Path, *, claims: bool) -> tuple[str, int]:
    """A small article first (opened at start-up), then a 2 MB one; no seeds.

    Returns the big article's id and how many claims it has.
    """
    store = open_store(db_path)
    count = 0
    with store.transaction() as session:
        session.add(Meta(key="seeded", value="skipped in this test"))
        import_draft(session, ArticleDraft("Small", "Fujitsu said sales rose 5% in 2024.", "s.txt"))
    with store.transaction() as session:
        big = import_draft(session, ArticleDraft("Two megabytes", big_text(), "big.txt")).article
        if claims:
            count = add_sentence_claims(session, big, r"[^.\n]{40,}?\.")
        big_id = big.id
    store.close()
    return big_id, count


def library_with_one_huge_paragraph(db_path: Path) -> None:
    """A 200 KB paragraph with 2,000 claims: one block of thousands of lines."""
    text = " ".join(big_text().split("\n"))[:200_000]
    store = open_store(db_path)
    with store.transaction() as session:
        session.add(Meta(key="seeded", value="skipped in this test"))
        article = import_draft(session, ArticleDraft("One paragraph", text, "huge.txt")).article
        add_sentence_claims(session, article, r"[^.]{40,}?\.", limit=2000)
    store.close()


def scroll_and_tag(bot: Bot, view: ArticleView, fractions: tuple[float, ...], moves: int) -> None:
    """Scroll through the article painting each screen, step through claims, tag one."""
    bar = view.verticalScrollBar()
    for fraction in fractions:
        bar.setValue(int(bar.maximum() * fraction))
        view.viewport().repaint()
        bot.wait(10)
    for _ in range(moves):
        QTest.keyClick(view, Qt.Key.Key_J)
    QTest.keyClick(view, Qt.Key.Key_1)  # retag: one claim repaints, nothing relays out
    bot.wait(50)


def open_and_scroll_big_article(bot: Bot, window: MainWindow, big_id: str) -> None:
    window.controller.open_article(big_id)
    bot.waitUntil(
        lambda: window.controller.article.id == big_id and window.controller.worker.is_idle(),
        timeout=60_000,
    )
    scroll_and_tag(bot, window.view, (0.25, 0.5, 0.75, 1.0), moves=5)


def scroll_huge_paragraph(bot: Bot, window: MainWindow) -> None:
    scroll_and_tag(bot, window.view, (0.3, 0.6, 0.9, 0.1), moves=1)


TYPED = "still typing while it extracts"


def type_while_extracting_then_cancel(bot: Bot, window: MainWindow) -> QLineEdit:
    """Start extracting the article on screen, type into the claim filter, press Cancel."""
    field = window.findChild(QLineEdit, "claimFilter")
    field.setFocus()
    task = window.controller.extract_current()
    assert window.job_status.progress.isVisible()
    cancelled: list[bool] = []
    task.sig_cancelled.connect(lambda: cancelled.append(True))
    for ch in TYPED:
        QTest.keyClicks(field, ch)
        bot.wait(60)
    assert window.job_status.cancel_button.isVisible()
    QTest.mouseClick(window.job_status.cancel_button, Qt.MouseButton.LeftButton)
    bot.waitUntil(lambda: bool(cancelled), timeout=60_000)
    return field
