"""Dashboard queries: per-article roll-ups, library-wide claim filters and bulk sign-off."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from claimdesk.core.errors import StaleClaimError, ValidationError
from claimdesk.core.importing import ArticleDraft
from claimdesk.core.models import Claim, ClaimEvent
from claimdesk.core.services import articles, claims, evidence, history
from claimdesk.core.services.dashboard import (
    ClaimFilter,
    filter_claims,
    find_claims,
    load_dashboard,
    set_review_states,
    status_counts,
)
from claimdesk.core.services.extraction import EXTRACTOR_ACTOR

FIRST = "Acme sold 12 trains in 2024. The mayor said the deal was fair. Profits may double soon.\n"
SECOND = "Globex hired 300 engineers, according to its report. Critics deny the figure.\n"


@dataclass
class Library:
    first: str
    second: str
    trains: str  # sourced by ana, with evidence, approved by eve
    mayor: str  # sourced by ben, no evidence
    profits: str  # untouched apart from the extractor
    globex: str  # disputed by ben
    critics: str  # dismissed by ana


def _claim(session, article, text: str, quote: str, actor: str = EXTRACTOR_ACTOR) -> str:
    start = text.index(quote)
    claim = claims.add_claim(session, article.id, start, start + len(quote), actor=actor)
    return claim.id


@pytest.fixture
def library(store) -> Library:
    with store.transaction() as s:
        first = articles.import_draft(s, ArticleDraft("Acme trains", FIRST, "acme.txt")).article
        second = articles.import_draft(s, ArticleDraft("Globex jobs", SECOND, "gx.txt")).article
        lib = Library(
            first.id,
            second.id,
            trains=_claim(s, first, FIRST, "Acme sold 12 trains in 2024."),
            mayor=_claim(s, first, FIRST, "The mayor said the deal was fair."),
            profits=_claim(s, first, FIRST, "Profits may double soon."),
            globex=_claim(
                s, second, SECOND, "Globex hired 300 engineers, according to its report."
            ),
            critics=_claim(s, second, SECOND, "Critics deny the figure."),
        )
    with store.transaction() as s:
        claims.set_status(s, lib.trains, "sourced", actor="ana")
        evidence.add_evidence(s, lib.trains, "https://example.org/acme", actor="ana")
        claims.set_review_state(s, lib.trains, "approved", actor="eve")
        claims.set_status(s, lib.mayor, "sourced", actor="ben")
        claims.set_note(s, lib.mayor, "Ask the town hall", actor="ben")
        claims.set_status(s, lib.globex, "disputed", actor="ben")
        claims.set_status(s, lib.critics, "dismissed", actor="ana")
        claims.set_review_state(s, lib.critics, "approved", actor="eve")
    return lib


def test_articles_roll_up_counts_sign_off_activity_and_reviewers(store, library) -> None:
    with store.reading() as session:
        data = load_dashboard(session)
    first, second = data.articles
    assert (first.id, first.title, second.id) == (library.first, "Acme trains", library.second)
    assert dict(first.counts) == {
        "unreviewed": 1,
        "sourced": 2,
        "disputed": 0,
        "speculative": 0,
        "dismissed": 0,
    }
    assert (first.total, first.reviewed, first.approved) == (3, 2, 1)
    assert (first.pct_reviewed, first.pct_approved) == (67, 33)
    # The dismissed claim is not work to do, so its sign-off does not count either.
    assert (second.total, second.reviewed, second.approved, second.pct_approved) == (1, 1, 0, 0)
    assert first.reviewers == ("ana", "ben", "eve")  # never the extractor
    assert second.reviewers == ("ana", "ben", "eve")
    assert data.reviewers == ("ana", "ben", "eve")
    with store.reading() as session:
        latest = session.scalar(
            select(ClaimEvent.at)
            .where(ClaimEvent.claim_id.in_([library.trains, library.mayor]))
            .order_by(ClaimEvent.seq.desc())
        )
    assert first.last_activity == latest
    assert first.last_activity.tzinfo is not None


def test_an_article_only_the_extractor_touched_has_no_activity_or_reviewers(store) -> None:
    with store.transaction() as s:
        article = articles.import_draft(s, ArticleDraft("Fresh", FIRST, "f.txt")).article
        _claim(s, article, FIRST, "Acme sold 12 trains in 2024.")
        articles.import_draft(s, ArticleDraft("Empty", "No claims here at all.", "e.txt"))
    with store.reading() as session:
        fresh, empty = load_dashboard(session).articles
    assert (fresh.last_activity, fresh.reviewers, fresh.total, fresh.pct_reviewed) == (
        None,
        (),
        1,
        0,
    )
    assert (empty.total, empty.pct_reviewed, empty.pct_approved) == (0, None, None)


def test_claims_listing_carries_article_evidence_and_people(store, library) -> None:
    with store.reading() as session:
        listed = {c.id: c for c in load_dashboard(session).claims}
    trains = listed[library.trains]
    assert trains.article_title == "Acme trains"
    assert (trains.status, trains.review_state, trains.evidence_count) == ("sourced", "approved", 1)
    assert (trains.reviewer, trains.reviewed_by) == ("ana", "eve")
    assert trains.actors == {"ana", "eve"}
    assert listed[library.profits].actors == frozenset()
    assert listed[library.mayor].note == "Ask the town hall"
    assert isinstance(trains.updated_at, dt.datetime)


@pytest.mark.parametrize(
    ("wanted", "expected"),
    [
        (ClaimFilter(), ["trains", "mayor", "profits", "globex", "critics"]),
        (ClaimFilter(statuses=frozenset({"sourced"})), ["trains", "mayor"]),
        (ClaimFilter(statuses=frozenset({" Disputed "})), ["globex"]),
        (ClaimFilter(review_states=frozenset({"approved"})), ["trains", "critics"]),
        (ClaimFilter(reviewer="ben"), ["mayor", "globex"]),
        (ClaimFilter(reviewer="eve"), ["trains", "critics"]),
        (ClaimFilter(reviewer=EXTRACTOR_ACTOR), []),
        (ClaimFilter(text="TOWN hall"), ["mayor"]),  # words of the note, any case
        (ClaimFilter(text="globex"), ["globex", "critics"]),  # the article title matches too
        (ClaimFilter(needs_attention=True), ["mayor", "globex"]),
        (ClaimFilter(unreviewed=True), ["profits"]),
        (ClaimFilter(needs_attention=True, reviewer="ben", text="globex"), ["globex"]),
    ],
)
def test_filters_work_across_the_whole_library(store, library, wanted, expected) -> None:
    with store.reading() as session:
        found = find_claims(session, wanted)
    assert [c.id for c in found] == [getattr(library, name) for name in expected]


def test_filter_by_articles_and_counts_per_status(store, library) -> None:
    with store.reading() as session:
        data = load_dashboard(session)
    only_second = filter_claims(data.claims, ClaimFilter(article_ids=frozenset({library.second})))
    assert status_counts(only_second) == {
        "unreviewed": 0,
        "sourced": 0,
        "disputed": 1,
        "speculative": 0,
        "dismissed": 1,
    }
    assert list(status_counts([])) == [
        "unreviewed",
        "sourced",
        "disputed",
        "speculative",
        "dismissed",
    ]
    assert ClaimFilter().is_empty and not ClaimFilter(unreviewed=True).is_empty


def test_unknown_status_or_review_state_is_refused_by_name() -> None:
    with pytest.raises(ValidationError, match="status: 'maybe'"):
        ClaimFilter(statuses=frozenset({"maybe"}))
    with pytest.raises(ValidationError, match="review state: 'done'"):
        ClaimFilter(review_states=frozenset({"done"}))


def test_bulk_approve_is_one_transaction_with_who_and_when(store, library) -> None:
    ids = [library.mayor, library.globex, library.trains]  # trains is already approved
    with store.transaction() as session:
        for claim_id in ids[:2]:  # sourced and disputed claims are approved with evidence
            evidence.add_evidence(session, claim_id, "https://example.org/x", actor="ben")
        changed = set_review_states(session, ids, "approved", actor="eve")
    assert changed == 2
    with store.reading() as session:
        rows = {c.id: c for c in session.scalars(select(Claim).where(Claim.id.in_(ids)))}
        assert {c.review_state for c in rows.values()} == {"approved"}
        assert rows[library.mayor].reviewed_by == "eve"
        assert rows[library.mayor].reviewed_at is not None
        events = history.claim_history(session, library.mayor)
    assert (events[-1].actor, events[-1].action, events[-1].before, events[-1].after) == (
        "eve",
        "review_state",
        "draft",
        "approved",
    )


def test_a_stale_claim_rolls_the_whole_bulk_change_back(store, library) -> None:
    with store.reading() as session:
        versions = {c.id: c.version for c in load_dashboard(session).claims}
    with store.transaction() as session:
        claims.set_note(session, library.globex, "changed elsewhere", actor="ben")
    ids = [library.mayor, library.globex]
    with pytest.raises(StaleClaimError), store.transaction() as session:
        set_review_states(session, ids, "needs_review", actor="eve", expected_versions=versions)
    with store.reading() as session:
        states = session.scalars(select(Claim.review_state).where(Claim.id.in_(ids)))
        assert set(states) == {"draft"}
