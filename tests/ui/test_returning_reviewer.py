"""A returning reviewer's article opens before the article list is read (issue 15 item 6):
at 10,000 articles the list takes seconds, and the first screen no longer waits for it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from unchanged_library import vouched, written

from claimdesk.core.importing import ArticleDraft
from claimdesk.core.models import Article, Claim, Meta
from claimdesk.core.services.articles import import_draft
from claimdesk.core.store import open_store
from claimdesk.ui.app import open_window
from claimdesk.ui.main_window import MainWindow

TEXTS = (
    "Fujitsu said sales rose 5% in 2024, its best year.",
    "Exports fell by a third in March, the minister said.",
)


def two_articles(path: Path) -> list[str]:
    """Two articles with a claim each (made by a person, so always listed), oldest first."""
    store = open_store(path)
    ids = []
    with store.transaction() as session:
        session.add(Meta(key="seeded", value="skipped in this test"))
    for n, text in enumerate(TEXTS):
        with store.transaction() as session:
            article = import_draft(session, ArticleDraft(f"Article {n}", text, f"{n}.txt")).article
            session.add(
                Claim(
                    article=article,
                    start=0,
                    end=len(text),
                    quote=text,
                    status="unreviewed",
                    origin="manual",
                    reasons=[],
                    note="",
                )
            )
            session.flush()
            ids.append(article.id)
    store.close()
    return ids


def reopen(qtbot, db_path: Path) -> tuple[MainWindow, list[int]]:
    """Open the window again; for each article shown, how many articles were listed then."""
    window = open_window(db_path)
    listed: list[int] = []
    # Results come back through the event loop, which has not run yet: nothing is missed.
    window.controller.sig_article_shown.connect(
        lambda _id: listed.append(window.articles.articles().rowCount())
    )
    qtbot.waitUntil(
        lambda: (
            window.controller.article is not None
            and window.articles.articles().rowCount() > 0
            and window.controller.worker.is_idle()
        )
    )
    return window, listed


def test_the_article_open_at_close_shows_before_the_list_and_the_list_selects_it(
    qtbot, open_workspace, db_path: Path
) -> None:
    first, second = two_articles(db_path)
    window = open_workspace()
    assert window.controller.article.id == first  # a first visit opens the first article
    window.controller.open_article(second)
    qtbot.waitUntil(lambda: window.controller.article.id == second)
    window.close()  # remembers the second

    again, listed = reopen(qtbot, db_path)
    try:
        assert again.controller.article.id == second
        assert listed == [0]  # on screen before the list was read, and read once
        assert again.articles.current_article() == second
    finally:
        again.close()
        again.deleteLater()


def test_on_an_unchanged_library_the_article_is_on_screen_when_the_window_opens(
    qtbot, open_workspace, db_path: Path
) -> None:
    """Its first screen is read with sqlite3 before the window is built (core.first_screen):
    no event-loop turn, no SQLAlchemy; the store and the list come behind it."""
    _, second = two_articles(db_path)
    window = open_workspace()
    window.controller.open_article(second)
    qtbot.waitUntil(lambda: window.controller.article.id == second)
    window.close()
    written(db_path, "UPDATE articles SET highlight_cut = 0.5")  # as extraction stores it
    vouched(db_path)

    again = open_window(db_path)
    try:
        assert again.controller.gateway.first_screen is not None
        assert again.controller.article.id == second  # open_window has just returned
        assert again.claims.model.rowCount() == 1 and again.articles.articles().rowCount() == 0
        qtbot.waitUntil(
            lambda: again.articles.articles().rowCount() == 2 and again.controller.worker.is_idle()
        )
        assert again.controller.article.id == second
        assert again.articles.current_article() == second
    finally:
        again.close()
        again.deleteLater()


def test_an_article_deleted_since_is_passed_over_without_a_warning(
    qtbot, open_workspace, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = two_articles(db_path)
    window = open_workspace()
    window.controller.open_article(second)
    qtbot.waitUntil(lambda: window.controller.article.id == second)
    window.close()
    store = open_store(db_path)
    with store.transaction() as session:  # as another window or the command line would
        session.delete(session.get(Article, second))
    store.close()
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))

    again, listed = reopen(qtbot, db_path)
    try:
        assert again.controller.article.id == first
        assert listed == [1]  # the list came first this time: it opened what is there
        assert warnings == []
    finally:
        again.close()
        again.deleteLater()


def test_a_first_visit_shows_the_lists_first_article_before_the_list(qtbot, db_path: Path) -> None:
    """No article saved: the one the list would open is found with a one-row query."""
    first, _ = two_articles(db_path)
    window, listed = reopen(qtbot, db_path)
    try:
        assert window.controller.article.id == first
        assert listed == [0]
        assert window.articles.current_article() == first
    finally:
        window.close()
        window.deleteLater()


def test_a_first_visit_to_an_empty_library_shows_no_article_and_no_warning(
    qtbot, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = open_store(db_path)
    with store.transaction() as session:
        session.add(Meta(key="seeded", value="skipped in this test"))
    store.close()
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args: warnings.append(args[2]))
    window = open_window(db_path)
    try:
        qtbot.waitUntil(window.controller.worker.is_idle)
        qtbot.wait(50)  # results delivered through the event loop
        assert window.controller.article is None and warnings == []
        assert window.articles.articles().rowCount() == 0
    finally:
        window.close()
        window.deleteLater()
