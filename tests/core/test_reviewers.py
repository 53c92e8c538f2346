"""People in a library: who worked in it, and merging two names of one person, all or nothing."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DatabaseError

from claimdesk.core import events
from claimdesk.core.errors import ValidationError
from claimdesk.core.importing import ArticleDraft
from claimdesk.core.models import Claim, ClaimEvent, Evidence, LibraryEvent
from claimdesk.core.reviewer import EXTRACTOR_ACTOR
from claimdesk.core.services import articles, claims, evidence, reviewers
from claimdesk.core.services.merged_names import MERGE_ACTION, canonical_name

TEXT = "Sales rose 12% in 2025. Exports fell by half. The mayor was elected in 2019.\n"


@dataclass(frozen=True)
class Library:
    article: str
    by_ana: str  # created, tagged and signed off by "Ana", evidence by "Ana"
    by_both: str  # created by "ana", evidence by "Ana"
    untouched: str  # only "ana"


@pytest.fixture
def library(store) -> Library:
    """One person as "Ana" (the window) and "ana" (the command line), and an editor."""
    with store.transaction() as session:
        article = articles.import_draft(session, ArticleDraft("Sales", TEXT, "s.txt")).article
        first = claims.add_claim(session, article.id, 0, 23, actor="Ana").id
        claims.set_status(session, first, "sourced", actor="Ana")
        evidence.add_evidence(session, first, "https://ssb.no/a", actor="Ana")
        claims.set_review_state(session, first, "needs_review", actor="Ana")
        second = claims.add_claim(session, article.id, 24, 45, actor="ana").id
        evidence.add_evidence(session, second, "https://ssb.no/b", actor="Ana")
        third = claims.add_claim(session, article.id, 46, 76, actor="ana").id
        claims.set_status(session, third, "disputed", actor="ed")
        session.add(ClaimEvent(claim_id=third, actor=EXTRACTOR_ACTOR, action="rescored"))
    return Library(article.id, first, second, third)


def _names(store) -> dict[str, list[str | None]]:
    """Every name column, row by row in a fixed order."""
    with store.reading() as session:
        return {
            "events": list(session.scalars(select(ClaimEvent.actor).order_by(ClaimEvent.seq))),
            "reviewer": list(session.scalars(select(Claim.reviewer).order_by(Claim.start))),
            "reviewed_by": list(session.scalars(select(Claim.reviewed_by).order_by(Claim.start))),
            "added_by": list(session.scalars(select(Evidence.added_by).order_by(Evidence.url))),
        }


def _versions(store) -> list[int]:
    with store.reading() as session:
        return list(session.scalars(select(Claim.version).order_by(Claim.start)))


def test_everyone_is_listed_with_their_work_but_not_the_detector(store, library: Library) -> None:
    with store.reading() as session:
        people = reviewers.list_people(session)
    assert [(p.name, p.changes, p.claims, p.sign_offs, p.evidence) for p in people] == [
        ("Ana", 5, 1, 1, 2),
        ("ana", 2, 1, 0, 0),
        ("ed", 1, 1, 0, 0),
    ]
    with store.reading() as session:
        newest = session.scalar(select(func.max(ClaimEvent.at)).where(ClaimEvent.actor == "ed"))
    assert people[2].last_active == newest
    assert all(p.last_active is not None for p in people)


def test_a_merge_rewrites_every_column_and_is_recorded_once(store, library: Library) -> None:
    before, versions = _names(store), _versions(store)
    heard: list[events.Changes] = []
    events.bus_for(store.sessions).subscribe(heard.append)

    with store.transaction() as session:
        merged = reviewers.merge(session, "Ana", "ana", actor="ed")

    assert merged.rows == {
        "claim_events.actor": 5,
        "claims.reviewer": 1,
        "claims.reviewed_by": 1,
        "evidence.added_by": 2,
    }
    assert merged.claims == 2
    assert merged.describe() == (
        "merged 'Ana' into 'ana': 5 claim_events.actor, 1 claims.reviewer, "
        "1 claims.reviewed_by, 2 evidence.added_by (2 claims)"
    )
    after = _names(store)
    assert after == {
        column: [None if n is None else "ana" if n == "Ana" else n for n in names]
        for column, names in before.items()
    }
    assert "Ana" not in str(after)
    assert EXTRACTOR_ACTOR in after["events"]  # the detector is nobody's other name
    # The two claims that carried the name move on a version, so windows read them again.
    assert [v - w for v, w in zip(_versions(store), versions, strict=True)] == [1, 1, 0]
    assert heard == [
        (
            events.Change(
                events.ChangeKind.CLAIMS_CHANGED,
                library.article,
                frozenset({library.by_ana, library.by_both}),
            ),
        )
    ]
    with store.reading() as session:
        (record,) = session.scalars(select(LibraryEvent))
        assert (record.actor, record.action, record.subject) == ("ed", "merge_reviewers", "Ana")
        assert record.before == {"name": "Ana"}
        assert record.after == {"name": "ana", "rows": merged.rows}
        assert [p.name for p in reviewers.list_people(session)] == ["ana", "ed"]


def test_a_merge_that_fails_half_way_changes_nothing(store, library: Library) -> None:
    """The evidence column is rewritten last: its failure must undo the three before it."""
    before, versions = _names(store), _versions(store)
    with store.transaction() as session:
        session.connection().exec_driver_sql(
            "CREATE TRIGGER refuse BEFORE UPDATE OF added_by ON evidence "
            "BEGIN SELECT RAISE(ABORT, 'disk went away'); END"
        )
    refused = pytest.raises((DatabaseError, sqlite3.Error), match="disk went away")
    with refused, store.transaction() as session:
        reviewers.merge(session, "Ana", "ana", actor="ed")
    assert _names(store) == before
    assert _versions(store) == versions
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(LibraryEvent)) == 0


@pytest.mark.parametrize(
    ("old", "into", "message"),
    [
        ("Ana", "Ana", "new name: 'Ana' is the name being merged; choose another"),
        ("Anna", "ana", "old name: 'Anna' is not a name anyone worked under here"),
        ("Ana", "Ana Lima", "new name: 'Ana Lima' is not a name anyone worked under here"),
        ("Ana", EXTRACTOR_ACTOR, "new name: 'claimdesk extractor' is the claim detector"),
        (EXTRACTOR_ACTOR, "ana", "old name: 'claimdesk extractor' is the claim detector"),
    ],
)
def test_a_merge_of_a_name_into_itself_or_an_unknown_one_is_refused(
    store, library: Library, old: str, into: str, message: str
) -> None:
    before = _names(store)
    with pytest.raises(ValidationError) as caught, store.transaction() as session:
        reviewers.merge(session, old, into, actor="ed")
    assert str(caught.value).startswith(message)
    assert _names(store) == before


def _merge_event(session, old: str, into: str) -> None:
    """A merge as recorded; written directly, since the library's older rows may still hold
    names that a merge under canonicalised writes would never see again."""
    session.add(LibraryEvent(actor="ed", action=MERGE_ACTION, subject=old, after={"name": into}))


def test_merged_names_follow_every_merge_and_a_reversal_makes_no_cycle(store) -> None:
    with store.transaction() as session:
        _merge_event(session, "Bo", "Bob")
        _merge_event(session, "Bob", "Ana")  # Bo -> Bob -> Ana
        _merge_event(session, "Ana", "Bob")  # reverses the last: everyone is Bob now
        _merge_event(session, "Cy", "Cy")  # nonsense on record: ignored
    with store.reading() as session:
        assert {n: canonical_name(session, n) for n in ("Bo", "Bob", "Ana", "Cy", "Di")} == {
            "Bo": "Bob",
            "Bob": "Bob",
            "Ana": "Bob",
            "Cy": "Cy",
            "Di": "Di",
        }


def test_a_merge_takes_effect_for_later_writes_in_the_same_transaction(store, library) -> None:
    with store.transaction() as session:
        assert canonical_name(session, "Ana") == "Ana"  # read and cached before the merge
        reviewers.merge(session, "Ana", "ana", actor="ed")
        claims.set_note(session, library.untouched, "checked", actor="Ana")
        assert session.get_one(Claim, library.untouched).reviewer == "ana"
    with store.reading() as session:
        assert "Ana" not in {p.name for p in reviewers.list_people(session)}
