"""Matching claims against fact-checks and the library's verdicts: ranking, index upkeep, memory."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine

from claimdesk.core.factchecks.library import import_file, remove_factchecks
from claimdesk.core.factchecks.matching import (
    AUTO_LINK_MIN_WORDS,
    SUGGESTED_AUTO_LINK,
    find_matches,
    reject_match,
    set_thresholds,
    unreject_match,
)
from claimdesk.core.factchecks.ranking import rank
from claimdesk.core.factchecks.terms import fts_query, search_terms
from claimdesk.core.importing import ArticleDraft
from claimdesk.core.search_schema import REVIEWED
from claimdesk.core.services.articles import delete_articles, import_draft
from claimdesk.core.services.claims import add_claim, set_status
from claimdesk.core.statuses import LOOKS
from claimdesk.core.store import _alembic_config

MOON = "The moon landing in 1969 was filmed in a Hollywood studio by Stanley Kubrick"
OTHERS = [
    "Drinking hot water cures the flu within two days",
    "The Eiffel Tower will be sold to a private investor next year",
    "A senator said windmills cause cancer in nearby residents",
    "Moon rocks brought back in 1972 were petrified wood",
]


def factchecks(tmp_path: Path, claims: list[str], name: str = "feed.json") -> Path:
    items = [
        {
            "@type": "ClaimReview",
            "url": f"https://checks.example/{abs(hash(c))}",
            "claimReviewed": c,
            "reviewRating": {"alternateName": "False"},
            "author": {"name": "Example Checks"},
            "datePublished": "2020-01-02",
        }
        for c in claims
    ]
    path = tmp_path / name
    path.write_text(json.dumps(items), "utf-8")
    return path


def article(store, text: str, title: str = "Article") -> tuple[str, str]:
    """An article whose whole text is one claim; (article id, claim id)."""
    with store.transaction() as session:
        made = import_draft(session, ArticleDraft(title=title, text=text, origin=title)).article
        claim = add_claim(session, made.id, 0, len(text), actor="t")
        return made.id, claim.id


def tag(store, claim_id: str, status: str) -> None:
    with store.transaction() as session:
        set_status(session, claim_id, status, actor="t")


def keys(store, claim_id: str) -> list[str]:
    return [m.key for m in find_matches(store, claim_id).matches]


def test_reviewed_statuses_are_the_verdicts() -> None:
    assert set(REVIEWED) == set(LOOKS) - {"unreviewed", "dismissed"}


@pytest.mark.parametrize(
    "text",
    [
        'He said "the moon" AND OR NOT NEAR(a b, 3) * ^start col:umn {a b} (x) - + "',
        'NEAR("moon" "landing") "unclosed',
        "*",
        "moon* OR",
        "___ -- ''",
    ],
)
def test_claim_text_can_never_be_read_as_query_syntax(store, tmp_path, text) -> None:
    import_file(store, factchecks(tmp_path, [MOON, *OTHERS]))
    with store.reading() as session:
        rank(session.connection(), text)  # raises on an FTS5 syntax error
    assert all(term.isalnum() for term in search_terms(text))
    assert fts_query(['a"b']) == '"a""b"'


def test_the_obvious_match_ranks_first_with_its_words(store, tmp_path: Path) -> None:
    import_file(store, factchecks(tmp_path, [*OTHERS, MOON]))
    _, claim = article(store, "Was the 1969 moon landing really filmed in a studio in Hollywood?")
    result = find_matches(store, claim)
    best = result.matches[0]
    assert best.claim == MOON and best.rating == "False" and best.publisher == "Example Checks"
    assert best.url and best.url.startswith("https://checks.example/")
    assert {"moon", "landing", "filmed", "hollywood"} <= set(best.matched_words)
    assert 0 < best.score <= 1


def test_not_the_same_claim_is_never_suggested_again(store, tmp_path: Path) -> None:
    feed = factchecks(tmp_path, [MOON, *OTHERS])
    import_file(store, feed)
    _, claim = article(store, "The moon landing of 1969 was filmed in Hollywood")
    first = keys(store, claim)[0]
    reject_match(store, claim, first, "ana")
    reject_match(store, claim, first, "ana")  # twice: still one memory
    assert first not in keys(store, claim)
    remove_factchecks(store, None)
    import_file(store, feed)  # removed and imported again: the URL is remembered
    assert first not in keys(store, claim)
    assert unreject_match(store, claim, first)
    assert keys(store, claim)[0] == first


def test_fact_check_index_follows_import_update_and_remove(store, tmp_path: Path) -> None:
    _, claim = article(store, "Windmills cause cancer says a senator")
    assert keys(store, claim) == []
    path = tmp_path / "one.json"
    item = {
        "@type": "ClaimReview",
        "url": "https://c.example/w",
        "claimReviewed": "Unrelated words entirely",
        "reviewRating": {"alternateName": "False"},
    }
    path.write_text(json.dumps(item), "utf-8")
    import_file(store, path)
    assert keys(store, claim) == []
    item["claimReviewed"] = "A senator claims windmills cause cancer"
    path.write_text(json.dumps(item), "utf-8")
    import_file(store, path)  # the same URL, its claim changed: the index follows
    assert keys(store, claim) == ["factcheck:https://c.example/w"]
    remove_factchecks(store, None)
    assert keys(store, claim) == []


def test_reviewed_claims_of_other_articles_match_and_follow_edits(store) -> None:
    earlier_article, earlier = article(
        store, "Windmills cause cancer in people living nearby.", "X"
    )
    _, same_article_claim = article(store, "Some other text entirely here.", "Y")
    _, claim = article(store, "Do windmills cause cancer for people who live nearby?", "Z")
    assert keys(store, claim) == []  # unreviewed claims are no verdict
    tag(store, earlier, "disputed")
    result = find_matches(store, claim)
    assert [m.key for m in result.matches] == [f"claim:{earlier}"]
    match = result.matches[0]
    assert (match.rating, match.publisher, match.article_id) == ("disputed", "X", earlier_article)
    assert keys(store, earlier) == []  # never itself, nor its own article
    tag(store, earlier, "dismissed")
    assert keys(store, claim) == []
    tag(store, earlier, "sourced")
    assert keys(store, claim) == [f"claim:{earlier}"]
    with store.transaction() as session:
        delete_articles(session, [earlier_article], "t")
    assert keys(store, claim) == []
    assert keys(store, same_article_claim) == []


def test_thresholds_and_auto_link(store, tmp_path: Path) -> None:
    import_file(store, factchecks(tmp_path, [MOON, *OTHERS]))
    _, long_claim = article(store, MOON + ".", "A")
    _, short_claim = article(store, "Moon landing filmed.", "B")
    assert len(search_terms(MOON)) >= AUTO_LINK_MIN_WORDS > len(search_terms("Moon landing filmed"))
    result = find_matches(store, long_claim)
    assert result.thresholds.auto_link is None and result.auto_links == []
    set_thresholds(store, auto_link=SUGGESTED_AUTO_LINK)
    assert [m.claim for m in find_matches(store, long_claim).auto_links] == [MOON]
    assert find_matches(store, short_claim).auto_links == []
    set_thresholds(store, suggest=1.0)
    assert find_matches(store, short_claim).matches == []
    assert set_thresholds(store, auto_link="off").auto_link is None


def test_a_new_library_and_a_migrated_one_have_the_same_indexes(store, tmp_path: Path) -> None:
    migrated = tmp_path / "migrated.sqlite3"
    engine = create_engine(f"sqlite:///{migrated}")
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "head")
    engine.dispose()

    def objects(path: Path) -> set[tuple[str, str]]:
        with sqlite3.connect(path) as connection:
            rows = connection.execute(
                "SELECT type, name FROM sqlite_master WHERE name LIKE '%fts%'"
            ).fetchall()
        connection.close()
        return set(rows)

    created = objects(store.path)
    assert ("trigger", "claims_fts_update") in created
    assert created == objects(migrated)


def test_upgrading_indexes_the_claims_already_reviewed(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        command.upgrade(_alembic_config(connection), "0003")
        connection.exec_driver_sql(
            "INSERT INTO articles (id, title, text, sha256, origin, imported_at) "
            "VALUES ('a1', 'Old', 'Windmills cause cancer.', 'h', 'o', '2025-01-01 00:00:00')"
        )
        connection.exec_driver_sql(
            'INSERT INTO claims (id, article_id, start, "end", quote, status, origin, reasons,'
            " note, note_public, review_state, created_at, updated_at, version) VALUES ('c1',"
            " 'a1', 0, 23, 'Windmills cause cancer.', 'disputed', 'manual', '[]', '', 0,"
            " 'draft', '2025-01-01', '2025-01-01', 1)"
        )
        command.upgrade(_alembic_config(connection), "head")
        found = connection.exec_driver_sql(
            "SELECT rowid FROM claims_fts WHERE claims_fts MATCH 'windmill'"
        ).all()
    engine.dispose()
    assert len(found) == 1
