"""Services: every write leaves an event, stale writes are refused, bad values are named."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from claimdesk.core.errors import NotFoundError, StaleClaimError, ValidationError
from claimdesk.core.importing import ArticleDraft
from claimdesk.core.models import Claim, ClaimEvent, Evidence
from claimdesk.core.services import articles, claims, evidence, history
from claimdesk.core.services.dashboard import load_dashboard
from claimdesk.core.services.lookup import resolve_id

TEXT = "Fujitsu and Palantir have worked together since 2020. Sales rose 12% in 2025.\n"


@pytest.fixture
def article_id(store) -> str:
    with store.transaction() as session:
        outcome = articles.import_draft(session, ArticleDraft("Deal", TEXT, "deal.txt"))
        return outcome.article.id


@pytest.fixture
def claim_id(store, article_id: str) -> str:
    with store.transaction() as session:
        return claims.add_claim(session, article_id, 0, 53, actor="ana").id


def _events(store, claim_id: str) -> list[tuple[str, str, object, object]]:
    with store.reading() as session:
        return [
            (e.actor, e.action, e.before, e.after) for e in history.claim_history(session, claim_id)
        ]


def test_duplicate_text_is_not_imported_twice(store, article_id: str) -> None:
    with store.transaction() as session:
        again = articles.import_draft(session, ArticleDraft("Other", TEXT, "copy.txt"))
    assert not again.created and again.article.id == article_id
    with store.reading() as session:
        assert [s.title for s in articles.list_articles(session)] == ["Deal"]


def test_add_claim_copies_quote_and_records_creation(store, claim_id: str) -> None:
    with store.reading() as session:
        claim = session.get_one(Claim, claim_id)
        assert claim.quote == TEXT[0:53] == "Fujitsu and Palantir have worked together since 2020."
        assert claim.origin == "manual" and claim.status == "unreviewed"
    assert [e[:2] for e in _events(store, claim_id)] == [("ana", "created")]


@pytest.mark.parametrize(("start", "end"), [(-1, 5), (5, 5), (0, 999), (53, 54)])
def test_bad_spans_are_refused(store, article_id: str, start: int, end: int) -> None:
    with pytest.raises(ValidationError, match="span"), store.transaction() as session:
        claims.add_claim(session, article_id, start, end, actor="ana")
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(Claim)) == 0


def test_a_second_claim_over_exactly_the_same_text_is_refused(store, claim_id: str) -> None:
    with store.reading() as session:
        article_id = session.get_one(Claim, claim_id).article_id
    refused = pytest.raises(ValidationError, match=r"0\.\.53 is already a claim")
    with refused, store.transaction() as session:
        claims.add_claim(session, article_id, 0, 53, actor="ana")
    with store.transaction() as session:
        other = claims.add_claim(session, article_id, 54, 77, actor="ana").id
        claims.add_claim(session, article_id, 0, 52, actor="ana")  # overlaps the first: fine
    with pytest.raises(ValidationError, match="span"), store.transaction() as session:
        claims.set_span(session, other, 0, 53, actor="ana")
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(Claim)) == 3
        assert session.get_one(Claim, other).start == 54  # nothing half-written


def test_every_write_appends_an_event(store, claim_id: str) -> None:
    with store.transaction() as session:
        claims.set_status(session, claim_id, "disputed", actor="ana")
        claims.set_note(session, claim_id, "Check the 2020 date.", actor="ana")
        claims.set_span(session, claim_id, 0, 20, actor="ana")
        item = evidence.add_evidence(
            session,
            claim_id,
            "https://example.org/a",
            actor="ben",
            title="Press release",
            stance="refutes",
        )
        evidence.update_evidence(session, item.id, note="archived copy", actor="ben")
        evidence.remove_evidence(session, item.id, actor="ben")
        claims.set_review_state(session, claim_id, "needs_review", actor="eve")
    actions = [(actor, action) for actor, action, _, _ in _events(store, claim_id)]
    assert actions == [
        ("ana", "created"),
        ("ana", "status"),
        ("ana", "note"),
        ("ana", "span"),
        ("ben", "evidence_added"),
        ("ben", "evidence_changed"),
        ("ben", "evidence_removed"),
        ("eve", "review_state"),
    ]
    events = _events(store, claim_id)
    assert events[1][2:] == ("unreviewed", "disputed")
    assert events[3][2:] == ({"start": 0, "end": 53}, {"start": 0, "end": 20})
    with store.reading() as session:
        claim = session.get_one(Claim, claim_id)
        assert claim.quote == "Fujitsu and Palantir"
        assert claim.reviewed_by == "eve" and claim.reviewed_at is not None
        assert claim.version == 1 + 7


def test_unchanged_values_write_nothing(store, claim_id: str) -> None:
    with store.transaction() as session:
        claims.set_status(session, claim_id, "unreviewed", actor="ana")
        claims.set_note(session, claim_id, "", actor="ana")
    assert len(_events(store, claim_id)) == 1


def test_stale_version_is_refused_and_nothing_is_written(store, claim_id: str) -> None:
    with store.reading() as session:
        seen = session.get_one(Claim, claim_id).version
    with store.transaction() as session:  # another window tags it meanwhile
        claims.set_status(session, claim_id, "sourced", actor="ben")
    with pytest.raises(StaleClaimError, match="changed elsewhere"), store.transaction() as s:
        claims.set_status(s, claim_id, "disputed", actor="ana", expected_version=seen)
    with pytest.raises(StaleClaimError), store.transaction() as session:
        evidence.add_evidence(
            session, claim_id, "https://example.org", actor="ana", expected_version=seen
        )
    with store.reading() as session:
        assert session.get_one(Claim, claim_id).status == "sourced"
        assert session.scalar(select(func.count()).select_from(Evidence)) == 0


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("javascript:alert(1)", "'javascript:' links are not allowed"),
        ("data:text/html,hi", "'data:' links are not allowed"),
        ("file:///etc/passwd", "'file:' links are not allowed"),
        ("ftp://example.org/x", "'ftp:' links are not allowed"),
        ("localhost/page", "without http"),
        ("notes/page.html", "without http"),
        ("https://", "no host name"),
        ("https://exa mple.org", "spaces"),
        ("   ", "is empty"),
    ],
)
def test_bad_evidence_urls_are_refused(store, claim_id: str, url: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as caught, store.transaction() as session:
        evidence.add_evidence(session, claim_id, url, actor="ana")
    assert caught.value.field == "URL"
    assert len(_events(store, claim_id)) == 1


@pytest.mark.parametrize(
    ("url", "stored"),
    [
        ("https://example.org/a?b=c#d", "https://example.org/a?b=c#d"),
        ("HTTP://EXAMPLE.ORG", "HTTP://EXAMPLE.ORG"),
        ("10.1000/xyz123", "doi:10.1000/xyz123"),
        ("DOI:10.1000/xyz123", "doi:10.1000/xyz123"),
        ("www.reuters.com/world/a-b", "https://www.reuters.com/world/a-b"),  # as browsers show
        ("apnews.com", "https://apnews.com"),
        ("www.bbc.co.uk:8080?x=1", "https://www.bbc.co.uk:8080?x=1"),
    ],
)
def test_good_evidence_urls_are_kept(store, claim_id: str, url: str, stored: str) -> None:
    with store.transaction() as session:
        item = evidence.add_evidence(session, claim_id, url, actor="ana")
    assert item.url == stored


def test_evidence_positions_and_exact_restore(store, claim_id: str) -> None:
    with store.transaction() as session:
        first = evidence.add_evidence(session, claim_id, "https://a.example", actor="ana")
        second = evidence.add_evidence(session, claim_id, "https://b.example", actor="ana")
        assert (first.position, second.position) == (0, 1)
        gone = evidence.remove_evidence(session, first.id, actor="ana")
    with store.transaction() as session:
        restored = evidence.add_evidence(
            session,
            claim_id,
            str(gone["url"]),
            actor="ana",
            evidence_id=str(gone["id"]),
            position=int(gone["position"]),
        )
    with store.reading() as session:
        claim = session.get_one(Claim, claim_id)
        assert [e.id for e in claim.evidence] == [restored.id, second.id] == [first.id, second.id]


def test_bad_status_names_the_field(store, claim_id: str) -> None:
    with (
        pytest.raises(ValidationError, match="status: 'maybe' is not one of"),
        store.transaction() as session,
    ):
        claims.set_status(session, claim_id, "maybe", actor="ana")


def test_only_manual_claims_can_be_deleted(store, article_id: str, claim_id: str) -> None:
    with store.transaction() as session:
        claim = session.get_one(Claim, claim_id)
        claim.origin = "extracted"
    with pytest.raises(ValidationError, match="dismiss"), store.transaction() as session:
        claims.delete_claim(session, claim_id, actor="ana")
    with store.transaction() as session:
        session.get_one(Claim, claim_id).origin = "manual"
    with store.transaction() as session:
        claims.delete_claim(session, claim_id, actor="ana")
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(ClaimEvent)) == 0


def test_list_articles_counts(store, article_id: str, claim_id: str) -> None:
    with store.transaction() as session:
        other = claims.add_claim(session, article_id, 54, 77, actor="ana")
        claims.set_status(session, other.id, "sourced", actor="ana")
        evidence.add_evidence(session, other.id, "https://example.org/b", actor="ana")
        claims.set_review_state(session, other.id, "approved", actor="eve")
        dismissed = claims.add_claim(session, article_id, 65, 76, actor="ana")
        claims.set_status(session, dismissed.id, "dismissed", actor="ana")
        claims.set_review_state(session, dismissed.id, "approved", actor="eve")
    with store.reading() as session:
        (summary,) = articles.list_articles(session)
        (stats,) = load_dashboard(session).articles
    assert {s: n for s, n in summary.counts.items() if n} == {
        "unreviewed": 1,
        "sourced": 1,
        "dismissed": 1,
    }
    # An approved dismissed claim is no work done: the same rule here and on the dashboard.
    assert (summary.total, summary.reviewed, summary.approved) == (2, 1, 1)
    assert (stats.total, stats.reviewed, stats.approved, stats.counts) == (2, 1, 1, summary.counts)
    assert summary.last_activity is not None and summary.last_activity.tzinfo is not None


def test_delete_article_removes_everything(store, article_id: str, claim_id: str) -> None:
    with store.transaction() as session:
        evidence.add_evidence(session, claim_id, "https://a.example", actor="ana")
    with store.transaction() as session:
        articles.delete_article(session, article_id, actor="test")
    with store.reading() as session:
        for model in (Claim, Evidence, ClaimEvent):
            assert session.scalar(select(func.count()).select_from(model)) == 0


def test_id_prefixes(store, article_id: str, claim_id: str) -> None:
    with store.reading() as session:
        assert resolve_id(session, Claim, claim_id[:8].upper()) == claim_id
        with pytest.raises(ValidationError, match="too short"):
            resolve_id(session, Claim, "ab")
        with pytest.raises(NotFoundError, match="no such claim"):
            resolve_id(session, Claim, "zzzzzzzz")


def test_tagging_keeps_unflushed_changes_of_the_same_transaction(store, claim_id: str) -> None:
    with store.transaction() as session:
        claim = session.get_one(Claim, claim_id)
        claim.note = "typed just before tagging"
        change = claims.set_status(session, claim_id, "sourced", actor="ana")
        assert (change.before, change.after) == ("unreviewed", "sourced")
        assert claim.status == "sourced"  # the loaded object follows the fast write
    with store.reading() as session:
        stored = session.get_one(Claim, claim_id)
        assert (stored.note, stored.status, stored.version) == (
            "typed just before tagging",
            "sourced",
            change.version,
        )
