"""Each article's word count and cut-off, stored for the highlight budget (schema 0007):
filled for the articles an older library holds, and kept whenever an article is created or
put back."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine, select

from claimdesk.core.highlights import version_cut
from claimdesk.core.importing import ArticleDraft
from claimdesk.core.models import Article, DeletedArticle
from claimdesk.core.services import articles
from claimdesk.core.store import _alembic_config, open_store

VERSIONS = [
    None,
    "2.0+patterns-0123abcd",
    "2.0+patterns-0123abcd+features-only",
    "1.2",
    "x+rule-only",
]
# Python's split, which the budget counts with, also splits on these; SQL's would not.
SPACES = [" ", "\u00a0", "\u2003", "\n\t", "  "]


def _library_at_0006(path: Path, n: int) -> list[tuple[str, str, str | None]]:
    """A library last opened before 0007, with `n` articles of assorted lengths and versions."""
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "0006")
    engine.dispose()
    rows = []
    for i in range(n):
        words = [f"w{i}-{k}" for k in range(i % 37)]
        rows.append((f"a{i:05}", SPACES[i % len(SPACES)].join(words), VERSIONS[i % len(VERSIONS)]))
    with sqlite3.connect(path) as connection:
        connection.executemany(
            "INSERT INTO articles (id, title, text, sha256, origin, imported_at, "
            "extractor_version) VALUES (?, 'T', ?, ?, 'o.txt', '2025-01-01 00:00:00', ?)",
            [(key, text, f"h{key}", version) for key, text, version in rows],
        )
    connection.close()
    return rows


def test_the_upgrade_fills_every_article_a_batch_at_a_time(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    rows = _library_at_0006(path, 1203)  # more than two batches of 500
    store = open_store(path)
    try:
        with store.reading() as session:
            stored = {
                key: (words, cut)
                for key, words, cut in session.execute(
                    select(Article.id, Article.word_count, Article.highlight_cut)
                )
            }
    finally:
        store.close()
    assert stored == {key: (len(text.split()), version_cut(version)) for key, text, version in rows}
    assert {cut for _, cut in stored.values()} == {version_cut(v) for v in VERSIONS}
    assert len({cut for _, cut in stored.values()}) > 1  # the versions name different models


def test_an_imported_and_a_restored_article_keep_their_word_count(store) -> None:
    text = "One\u00a0two three.\n\nFour  five\tsix."
    with store.transaction() as session:
        article_id = articles.import_draft(session, ArticleDraft("T", text, "t.txt")).article.id
    with store.transaction() as session:
        assert session.get_one(Article, article_id).word_count == 6
        articles.delete_article(session, article_id, "Ana")
    with store.transaction() as session:  # a backup made before articles kept the count
        backup = session.get_one(DeletedArticle, article_id)
        saved = dict(backup.snapshot)
        saved["article"] = {k: v for k, v in saved["article"].items() if k != "word_count"}
        backup.snapshot = saved
    with store.transaction() as session:
        articles.restore_article(session, article_id, "Ana")
    with store.reading() as session:
        assert session.get_one(Article, article_id).word_count == 6
