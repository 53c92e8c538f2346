"""Managing articles: rename and edit (checked, recorded), delete with a backup, restore."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from sqlalchemy import func, select, text

from claimdesk.core.errors import NotFoundError, ValidationError
from claimdesk.core.factchecks.matching import find_matches, remember_rejection
from claimdesk.core.importing import ArticleDraft
from claimdesk.core.models import (
    Article,
    Claim,
    ClaimEvent,
    DeletedArticle,
    Evidence,
    LibraryEvent,
    RejectedMatch,
)
from claimdesk.core.services import articles, claims, evidence
from claimdesk.core.services.articles import ArticleEdit

TEXTS = (
    "Fujitsu and Palantir have worked together since 2020. Sales rose 12% in 2025.\n",
    "The council spent 4 million euros on the bridge. It opened in 2023.\n",
)
TABLES = (Article, Claim, Evidence, ClaimEvent, RejectedMatch)


def _add_article(store, number: int) -> str:
    """An article with two claims: one reviewed (with evidence, a note, a sign-off, a
    "not the same claim"), one not."""
    with store.transaction() as s:
        article = articles.import_draft(
            s, ArticleDraft(f"Article {number}", TEXTS[number], f"a{number}.txt")
        ).article
        first = claims.add_claim(s, article.id, 0, 10, actor="ana")
        claims.add_claim(s, article.id, 20, 30, actor="ana")
        claims.set_status(s, first.id, "sourced", actor="ana")
        claims.set_note(s, first.id, "checked with the annual report", actor="ana")
        evidence.add_evidence(s, first.id, "https://a.example/report", actor="ana", title="AR")
        evidence.add_evidence(s, first.id, "www.b.example/x", actor="ana", stance="context")
        claims.set_review_state(s, first.id, "approved", actor="eve")
        remember_rejection(s, first.id, "factcheck:https://f.example/other", "ana")
        return article.id


@pytest.fixture
def two(store) -> tuple[str, str]:
    return _add_article(store, 0), _add_article(store, 1)


def _rows(store) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the article tables, every column, as the database holds them."""
    with store.reading() as s:
        return {
            model.__tablename__: sorted(
                map(tuple, s.execute(text(f"SELECT * FROM {model.__tablename__}")))
            )
            for model in TABLES
        }


def _unapproved_claim(session, article_id: str) -> Claim:
    """The article's claim that takes edits (the other one is approved, hence locked)."""
    query = select(Claim).where(Claim.article_id == article_id, Claim.review_state != "approved")
    return session.scalars(query).one()


def _claim_like_the_first(store) -> str:
    """A claim in a third article that says what Article 0's reviewed claim says."""
    text = "Fujitsu and Palantir have worked together since 2020, the two firms confirmed.\n"
    with store.transaction() as s:
        article = articles.import_draft(s, ArticleDraft("Again", text, "c.txt")).article
        return claims.add_claim(s, article.id, 0, 52, actor="ana").id


def _reviewed_claim(store, article_id: str) -> str:
    with store.reading() as s:
        query = select(Claim.id).where(Claim.article_id == article_id, Claim.status != "unreviewed")
        return s.scalars(query).one()


def _matched_claims(store, claim_id: str) -> list[str | None]:
    return [m.claim_id for m in find_matches(store, claim_id).matches if m.kind == "claim"]


def _library_events(store) -> list[tuple[str, str | None, object, object]]:
    with store.reading() as s:
        query = select(LibraryEvent).order_by(LibraryEvent.seq)
        return [(e.action, e.subject, e.before, e.after) for e in s.scalars(query)]


# -- rename and edit ---------------------------------------------------------------------------


def test_rename_is_stored_and_recorded_with_before_and_after(store, two) -> None:
    first, _ = two
    with store.transaction() as s:
        changed = articles.rename_article(s, first, "  Fujitsu\tand   Palantir ", actor="ana")
    assert changed == {"title": "Fujitsu and Palantir"}
    with store.reading() as s:
        assert articles.get_article(s, first).title == "Fujitsu and Palantir"
    assert _library_events(store) == [
        ("rename_article", first, {"title": "Article 0"}, {"title": "Fujitsu and Palantir"})
    ]


def test_rename_to_the_same_title_records_nothing(store, two) -> None:
    with store.transaction() as s:
        assert articles.rename_article(s, two[0], "Article 0", actor="ana") == {}
    assert _library_events(store) == []


def test_edit_checks_and_normalises_every_field(store, two) -> None:
    first, _ = two
    edit = ArticleEdit(
        source_url=" www.reuters.com/world/deal ", author=" Jane  Doe ", published="2024-05-03"
    )
    with store.transaction() as s:
        articles.edit_article(s, first, edit, actor="ana")
    with store.reading() as s:
        article = articles.get_article(s, first)
        assert (article.source_url, article.author, article.published) == (
            "https://www.reuters.com/world/deal",
            "Jane Doe",
            dt.date(2024, 5, 3),
        )
        assert article.title == "Article 0"  # not given: left as it was
    ((action, subject, before, after),) = _library_events(store)
    assert (action, subject) == ("edit_article", first)
    assert before == {"source_url": None, "author": None, "published": None}
    assert after == {
        "source_url": "https://www.reuters.com/world/deal",
        "author": "Jane Doe",
        "published": "2024-05-03",
    }
    with store.transaction() as s:  # "" clears an optional field
        articles.edit_article(s, first, ArticleEdit(author="", published=""), actor="ana")
        assert (
            articles.get_article(s, first).author,
            articles.get_article(s, first).published,
        ) == (
            None,
            None,
        )


@pytest.mark.parametrize(
    ("edit", "field", "message"),
    [
        (ArticleEdit(title="   "), "title", "is empty"),
        (ArticleEdit(title="x" * 201), "title", "the limit is 200"),
        (ArticleEdit(source_url="javascript:alert(1)"), "source URL", "not allowed"),
        (ArticleEdit(source_url="https://a b"), "source URL", "spaces"),
        (ArticleEdit(published="2024-13-01"), "published date", "'2024-13-01' is not a date"),
        (ArticleEdit(published="3 May 2024"), "published date", "use YYYY-MM-DD"),
        (ArticleEdit(published="20240503"), "published date", "is not a date"),
    ],
)
def test_bad_values_are_refused_naming_the_field_and_nothing_changes(
    store, two, edit: ArticleEdit, field: str, message: str
) -> None:
    before = _rows(store)
    with pytest.raises(ValidationError, match=message) as caught, store.transaction() as s:
        articles.edit_article(s, two[0], ArticleEdit(author="Someone"), actor="ana")
        articles.edit_article(s, two[0], edit, actor="ana")
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}: ")
    assert _rows(store) == before
    assert _library_events(store) == []


def test_rename_of_an_unknown_article_is_not_found(store) -> None:
    with pytest.raises(NotFoundError, match="no such article"), store.transaction() as s:
        articles.rename_article(s, "0000-none", "Title", actor="ana")


# -- delete and restore --------------------------------------------------------------------------


def test_preview_counts_what_goes_and_changes_nothing(store, two) -> None:
    before = _rows(store)
    with store.reading() as s:
        preview = articles.delete_preview(s, [*two, two[0]])
    assert preview.articles == ((two[0], "Article 0"), (two[1], "Article 1"))
    assert (preview.claims, preview.reviewed, preview.evidence, preview.approved) == (4, 2, 4, 2)
    assert _rows(store) == before
    with pytest.raises(NotFoundError, match="no such article"), store.reading() as s:
        articles.delete_preview(s, [two[0], "ffff-unknown"])


def test_delete_keeps_a_backup_and_restore_gives_back_identical_rows(store, two) -> None:
    first, second = two
    asking = _claim_like_the_first(store)
    reviewed = _reviewed_claim(store, first)
    assert _matched_claims(store, asking) == [reviewed]
    before = _rows(store)
    with store.transaction() as s:
        gone = articles.delete_articles(s, [first], actor="ana")
    assert (gone.claims, gone.reviewed, gone.evidence) == (2, 1, 2)
    after_delete = _rows(store)
    for table, rows in after_delete.items():
        assert len(rows) < len(before[table]), table  # the first article's rows went
    with store.reading() as s:
        (backup,) = articles.deleted_articles(s)
        assert (backup.id, backup.title, backup.deleted_by) == (first, "Article 0", "ana")
        assert (backup.claims, backup.reviewed, backup.evidence) == (2, 1, 2)
        assert articles.get_article(s, second).title == "Article 1"

    assert _matched_claims(store, asking) == []
    with store.transaction() as s:
        assert articles.restore_article(s, first, actor="bob") == "Article 0"
    assert _rows(store) == before  # same ids, versions, times, history, event numbers
    # The reviewed claim is in the search index again: matching finds it as an earlier verdict.
    assert _matched_claims(store, asking) == [reviewed]
    with store.reading() as s:
        assert s.scalar(select(func.count()).select_from(DeletedArticle)) == 0
    assert [(a, subject) for a, subject, _, _ in _library_events(store)] == [
        ("delete_article", first),
        ("restore_article", first),
    ]
    # The restored claims take edits again, from the version they had.
    with store.transaction() as s:
        claim = _unapproved_claim(s, first)
        claims.set_status(s, claim.id, "disputed", actor="bob", expected_version=claim.version)


def test_restore_when_the_event_numbers_were_taken_meanwhile_keeps_order_and_ids(
    store, two
) -> None:
    first, second = two
    with store.reading() as s:
        old = s.execute(
            select(ClaimEvent.id, ClaimEvent.claim_id)
            .join(Claim)
            .where(Claim.article_id == second)
            .order_by(ClaimEvent.seq)
        ).all()
    with store.transaction() as s:
        articles.delete_articles(s, [second], actor="ana")
    # SQLite numbers new rows from the highest left: the deleted events' numbers come back.
    with store.transaction() as s:
        claim = _unapproved_claim(s, first)
        claims.set_note(s, claim.id, "a newer event", actor="ana")
    with store.transaction() as s:
        articles.restore_article(s, second, actor="ana")
    with store.reading() as s:
        again = s.execute(
            select(ClaimEvent.id, ClaimEvent.claim_id)
            .join(Claim)
            .where(Claim.article_id == second)
            .order_by(ClaimEvent.seq)
        ).all()
    assert again == old


def test_several_articles_go_in_one_transaction_or_none_does(store, two, db_path) -> None:
    first, second = two
    before = _rows(store)
    # A real failure half-way: the database refuses to delete the second article.
    raw = sqlite3.connect(db_path)
    raw.execute(
        f"CREATE TRIGGER refuse BEFORE DELETE ON articles WHEN old.id = '{second}' "
        "BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"
    )
    raw.commit()
    raw.close()
    with pytest.raises(Exception, match="refused by the test"), store.transaction() as s:
        articles.delete_articles(s, [first, second], actor="ana")
    assert _rows(store) == before
    with store.reading() as s:
        assert articles.deleted_articles(s) == []
    assert _library_events(store) == []


def test_restore_is_refused_when_the_same_text_came_back(store, two) -> None:
    first, _ = two
    with store.transaction() as s:
        articles.delete_articles(s, [first], actor="ana")
        again = articles.import_draft(s, ArticleDraft("Again", TEXTS[0], "again.txt")).article.id
    refused = pytest.raises(ValidationError, match=f"imported again since.*{again[:8]}")
    with refused, store.transaction() as s:
        articles.restore_article(s, first, actor="ana")
    with store.reading() as s:
        assert [b.id for b in articles.deleted_articles(s)] == [first]  # the backup is kept


def test_restoring_several_is_one_transaction_and_a_refusal_names_the_article(store, two) -> None:
    first, second = two
    with store.transaction() as s:
        articles.delete_articles(s, [first, second], actor="ana")
        articles.import_draft(s, ArticleDraft("Again", TEXTS[1], "again.txt"))
    deleted = _rows(store)
    refused = pytest.raises(ValidationError, match="restore: 'Article 1': the same text was")
    with refused, store.transaction() as s:
        articles.restore_articles(s, [first, second], actor="ana")
    assert _rows(store) == deleted  # the first article, restored before the refusal, is not
    with store.reading() as s:
        assert sorted(b.id for b in articles.deleted_articles(s)) == sorted(two)
    with store.transaction() as s:
        assert articles.restore_articles(s, [first], actor="ana") == ["Article 0"]


def test_restore_of_an_unknown_backup_is_not_found(store) -> None:
    with pytest.raises(NotFoundError, match="no such backup"), store.transaction() as s:
        articles.restore_article(s, "ffff-none", actor="ana")
