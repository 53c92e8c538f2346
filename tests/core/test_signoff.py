"""Sign-off rules, the lock approval puts on a claim, reopening and the second-person policy.

All on a real SQLite library, through the commands the window applies and the services the
command line calls.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select
from sqlalchemy.orm import selectinload

from claimdesk.core import commands as c
from claimdesk.core import signoff
from claimdesk.core.errors import ClaimLockedError, ValidationError
from claimdesk.core.importing import ArticleDraft
from claimdesk.core.models import Claim, ClaimEvent, LibraryEvent
from claimdesk.core.readmodels import claim_row, claim_rows
from claimdesk.core.reviewer import EXTRACTOR_ACTOR
from claimdesk.core.services import articles, claims, evidence

SENTENCES = {
    "acme": "Acme sold 12 trains in 2024.",
    "mayor": "The mayor said the deal was fair.",
    "profits": "Profits may double soon.",
    "globex": "Globex denied the report.",
    "nobody": "Nobody has checked this yet.",
}
TEXT = " ".join(SENTENCES.values()) + "\n"


def _span(sentence: str) -> tuple[int, int]:
    start = TEXT.index(sentence)
    return start, start + len(sentence)


@pytest.fixture
def ids(store) -> dict[str, str]:
    """trains sourced with evidence, mayor sourced without, profits speculative, globex
    disputed with evidence, nobody unreviewed: all made and tagged by ana."""
    with store.transaction() as s:
        article = articles.import_draft(s, ArticleDraft("Acme", TEXT, "acme.txt")).article
        made = {
            name: claims.add_claim(s, article.id, *_span(sentence), actor="ana").id
            for name, sentence in SENTENCES.items()
        }
        for name, status in [
            ("acme", "sourced"),
            ("mayor", "sourced"),
            ("profits", "speculative"),
            ("globex", "disputed"),
        ]:
            claims.set_status(s, made[name], status, actor="ana")
        evidence.add_evidence(s, made["acme"], "https://example.org/acme", actor="ana")
        evidence.add_evidence(s, made["globex"], "https://example.org/globex", actor="ana")
    return made


def run(store, cmd, actor="ana"):
    with store.transaction() as s:
        return c.apply(s, cmd, actor)


def row(store, claim_id):
    with store.reading() as s:
        return claim_row(s.get_one(Claim, claim_id))


def reasons(store, claim_ids, state="approved", approver="ana"):
    with store.reading() as s:
        return {r.claim_id: r.reason for r in signoff.refusals(s, claim_ids, state, approver)}


def test_only_a_verdict_or_a_dismissal_can_be_approved(store, ids) -> None:
    assert reasons(store, [ids["nobody"]]) == {ids["nobody"]: "no verdict yet"}
    run(store, c.SetStatus(ids["nobody"], "dismissed"))
    assert reasons(store, [ids["nobody"], ids["profits"]]) == {}
    run(store, c.SetReviewState(ids["nobody"], "approved"))
    assert row(store, ids["nobody"]).review_state == "approved"


@pytest.mark.parametrize("name", ["mayor", "globex"])
def test_sourced_and_disputed_claims_need_evidence(store, ids, name) -> None:
    claim_id = ids[name]
    if name == "globex":  # disputed with its evidence removed
        (item,) = row(store, claim_id).evidence
        run(store, c.RemoveEvidence(claim_id, item.id))
    status = row(store, claim_id).status
    with pytest.raises(signoff.SignOffRefused, match=f"{status} but no evidence"):
        run(store, c.SetReviewState(claim_id, "approved"))
    assert row(store, claim_id).review_state == "draft"
    run(store, c.AddEvidence(claim_id, "e-new", "https://example.org/proof"))
    run(store, c.SetReviewState(claim_id, "approved"))
    assert row(store, claim_id).review_state == "approved"


def test_with_the_policy_on_a_second_person_must_approve(store, ids) -> None:
    with store.transaction() as s:
        signoff.set_second_person_policy(s, True, actor="editor")
    with pytest.raises(signoff.SignOffRefused, match="a second person must approve") as info:
        run(store, c.SetReviewState(ids["acme"], "approved"), actor="ana")
    assert [r.reason for r in info.value.refusals] == [
        "you set its verdict; a second person must approve"
    ]
    run(store, c.SetReviewState(ids["acme"], "approved"), actor="ben")
    approved = row(store, ids["acme"])
    assert (approved.reviewed_by, approved.verdict_by, approved.self_approved) == (
        "ben",
        "ana",
        False,
    )


def test_policy_is_automatic_until_set_and_every_switch_is_recorded(store, ids) -> None:
    with store.reading() as s:
        assert signoff.policy_setting(s) is None
        assert not signoff.second_person_required(s)  # ana alone (the extractor is nobody)
    with store.transaction() as s:  # the extractor's rescoring is not a second person
        s.add(ClaimEvent(claim_id=ids["acme"], actor=EXTRACTOR_ACTOR, action="rescored"))
    with store.reading() as s:
        assert not signoff.second_person_required(s)
    run(store, c.SetNote(ids["mayor"], "ask the town hall"), actor="ben")
    with store.reading() as s:
        assert signoff.second_person_required(s)  # automatic: on with two people
    with store.transaction() as s:
        signoff.set_second_person_policy(s, False, actor="editor")
    with store.reading() as s:
        assert signoff.policy_setting(s) is False
        assert not signoff.second_person_required(s)
    run(store, c.SetReviewState(ids["acme"], "approved"), actor="ana")
    assert row(store, ids["acme"]).self_approved  # allowed, and marked as such
    with store.transaction() as s:
        signoff.set_second_person_policy(s, None, actor="editor")
        signoff.set_second_person_policy(s, None, actor="editor")  # no change: not recorded
    with store.reading() as s:
        assert signoff.policy_setting(s) is None and signoff.second_person_required(s)
        switches = s.scalars(select(LibraryEvent).order_by(LibraryEvent.seq)).all()
    assert [(e.actor, e.action, e.subject, e.before, e.after) for e in switches] == [
        ("editor", "policy", "second_person", "auto", "off"),
        ("editor", "policy", "second_person", "off", "auto"),
    ]


def test_a_sign_off_with_any_refused_claim_writes_nothing_and_lists_them_all(store, ids) -> None:
    every = list(ids.values())
    versions = tuple(row(store, i).version for i in every)
    cmd = c.SignOff(tuple((i, "approved") for i in every), "Approve", versions)
    with pytest.raises(signoff.SignOffRefused) as info:
        run(store, cmd)
    assert {r.claim_id: r.reason for r in info.value.refusals} == {
        ids["mayor"]: "sourced but no evidence",
        ids["nobody"]: "no verdict yet",
    }
    message = str(info.value)
    assert message.startswith("2 claims cannot be approved: ")
    assert f"{ids['mayor'][:8]} “The mayor said the deal was fair.”: sourced but no evidence" in (
        message
    )
    assert {row(store, i).review_state for i in every} == {"draft"}
    # What the window does: approve what the rules allow, list the rest.
    with store.reading() as s:
        refused = {r.claim_id for r in signoff.refusals(s, every, "approved", "ana")}
    allowed = [i for i in every if i not in refused]
    run(store, c.SignOff(tuple((i, "approved") for i in allowed), "Approve"))
    assert {i: row(store, i).review_state == "approved" for i in every} == {
        i: i not in refused for i in every
    }


def test_a_refusal_in_a_sign_off_of_several_states_says_approved(store, ids) -> None:
    states = [(ids["profits"], "needs_review"), (ids["nobody"], "approved")]
    with pytest.raises(signoff.SignOffRefused, match=r"^1 claim cannot be approved: "):
        run(store, c.SignOff(tuple(states), "Sign off"))


def test_a_long_refusal_list_names_five_and_counts_the_rest() -> None:
    many = [signoff.Refusal(f"claim{n:04}-x", "Same quote", "no verdict yet") for n in range(8)]
    message = str(signoff.SignOffRefused(many))
    assert message.count("no verdict yet") == 5 and message.endswith("; and 3 more")
    assert str(signoff.SignOffRefused(many[:1])).startswith("1 claim cannot be approved: ")


def _approved(store, claim_id):
    run(store, c.SetReviewState(claim_id, "approved"), actor="ben")
    return row(store, claim_id)


LOCKED_CHANGES = {
    "status": lambda i, e: c.SetStatus(i, "disputed"),
    "dismissal": lambda i, e: c.SetStatus(i, "dismissed"),
    "span": lambda i, e: c.SetSpan(i, 0, 4),
    "note": lambda i, e: c.SetNote(i, "changed my mind"),
    "note flag": lambda i, e: c.SetNotePublic(i, True),
    "evidence added": lambda i, e: c.AddEvidence(i, "e2", "https://example.org/more"),
    "evidence edited": lambda i, e: c.UpdateEvidence(
        i, e, "https://example.org/x", "", "", "context"
    ),
    "evidence removed": lambda i, e: c.RemoveEvidence(i, e),
    "deletion": lambda i, e: c.DeleteClaim(i),
    "review state": lambda i, e: c.SetReviewState(i, "needs_review"),
}


@pytest.mark.parametrize("change", LOCKED_CHANGES)
def test_an_approved_claim_is_locked(store, ids, change) -> None:
    before = _approved(store, ids["acme"])
    cmd = LOCKED_CHANGES[change](ids["acme"], before.evidence[0].id)
    with pytest.raises(ClaimLockedError, match="approved: reopen it first") as info:
        run(store, cmd)
    assert "“Acme sold 12 trains in 2024.”" in str(info.value)
    assert row(store, ids["acme"]) == before  # nothing written, not even a history event


def test_the_command_line_s_services_obey_the_lock_too(store, ids) -> None:
    _approved(store, ids["acme"])
    with pytest.raises(ClaimLockedError), store.transaction() as s:
        claims.set_status(s, ids["acme"], "dismissed", actor="ana")
    with store.transaction() as s:  # the same status again is no change, so no refusal
        assert claims.set_status(s, ids["acme"], "sourced", actor="ana").after == "sourced"


def test_reopen_needs_a_reason_and_records_it(store, ids) -> None:
    _approved(store, ids["acme"])
    with pytest.raises(ValidationError) as info:
        run(store, c.Reopen(ids["acme"], "   "))
    assert info.value.field == "Reason"
    with pytest.raises(ValidationError, match="not approved; nothing to reopen"):
        run(store, c.Reopen(ids["mayor"], "typo"))
    undo = run(store, c.Reopen(ids["acme"], "  The figure was revised.  "), actor="cy")
    assert row(store, ids["acme"]).review_state == "needs_review"
    with store.reading() as s:
        last = s.scalars(
            select(ClaimEvent)
            .where(ClaimEvent.claim_id == ids["acme"])
            .order_by(ClaimEvent.seq.desc())
        ).first()
    assert (last.actor, last.action, last.before, last.after) == (
        "cy",
        "reopen",
        "approved",
        "The figure was revised.",
    )
    run(store, c.SetStatus(ids["acme"], "disputed"), actor="cy")  # unlocked now
    assert row(store, ids["acme"]).status == "disputed"
    with store.transaction() as s:  # undo of the reopen is an approval: checked again
        signoff.set_second_person_policy(s, True, actor="editor")
    with pytest.raises(signoff.SignOffRefused, match="second person"):
        run(store, undo, actor="cy")


def test_undo_of_a_reopen_by_the_approver_approves_again(store, ids) -> None:
    _approved(store, ids["acme"])
    undo = run(store, c.Reopen(ids["acme"], "checking a date"), actor="ben")
    run(store, undo, actor="ben")
    assert row(store, ids["acme"]).review_state == "approved"


def test_undo_of_an_approval_works_and_is_recorded(store, ids) -> None:
    undo = run(store, c.SetReviewState(ids["acme"], "approved"), actor="ben")
    redo = run(store, undo, actor="ben")
    assert row(store, ids["acme"]).review_state == "draft"
    sign_off = c.SignOff(((ids["acme"], "approved"), (ids["profits"], "approved")), "Approve")
    undo_all = run(store, sign_off, actor="ben")
    run(store, undo_all, actor="ben")
    assert {row(store, i).review_state for i in (ids["acme"], ids["profits"])} == {"draft"}
    with store.reading() as s:
        events = s.scalars(
            select(ClaimEvent)
            .where(ClaimEvent.claim_id == ids["acme"], ClaimEvent.action == "review_state")
            .order_by(ClaimEvent.seq)
        ).all()
    assert [(e.actor, e.before, e.after) for e in events] == [
        ("ben", "draft", "approved"),
        ("ben", "approved", "draft"),
        ("ben", "draft", "approved"),
        ("ben", "approved", "draft"),
    ]
    run(store, redo, actor="ben")  # redo of the approval is checked and applied again
    assert row(store, ids["acme"]).review_state == "approved"


def test_verdict_by_and_self_approval_on_the_read_model(store, ids) -> None:
    assert row(store, ids["nobody"]).verdict_by is None
    with store.transaction() as s:
        signoff.set_second_person_policy(s, False, actor="editor")
    run(store, c.SetStatus(ids["profits"], "dismissed"), actor="ben")
    run(store, c.SetReviewState(ids["profits"], "approved"), actor="ben")
    run(store, c.SetReviewState(ids["acme"], "approved"), actor="cy")
    with store.reading() as s:
        rows = {r.id: r for r in claim_rows(s, s.scalars(select(Claim)).all())}
    assert (rows[ids["profits"]].verdict_by, rows[ids["profits"]].self_approved) == ("ben", True)
    assert (rows[ids["acme"]].verdict_by, rows[ids["acme"]].self_approved) == ("ana", False)
    assert rows[ids["nobody"]].verdict_by is None
    assert rows == {i: row(store, i) for i in ids.values()}  # one claim at a time agrees


@contextmanager
def counted(store) -> Iterator[list[str]]:
    seen: list[str] = []

    def count(conn, cursor, statement, *args) -> None:
        seen.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(store.engine, "before_cursor_execute", count)


def _many(store, n: int) -> list[str]:
    with store.transaction() as s:
        text = " ".join(f"Claim {i} says sales rose." for i in range(n))
        article = articles.import_draft(s, ArticleDraft(f"Many {n}", text, f"{n}.txt")).article
        made = []
        for i in range(n):
            start = text.index(f"Claim {i} says")
            made.append(claims.add_claim(s, article.id, start, start + 10, actor="ana").id)
            claims.set_status(s, made[-1], "sourced", actor="ana")
    return made


def test_many_claims_are_read_and_checked_in_a_few_queries(store) -> None:
    """Not one query per claim: the same count of queries for 40 claims as for 160."""
    queries = {}
    for n in (40, 160):
        made = _many(store, n)
        with store.reading() as s, counted(store) as seen:
            query = select(Claim).where(Claim.id.in_(made)).options(selectinload(Claim.evidence))
            rows = claim_rows(s, s.scalars(query).all())
            refused = signoff.refusals(s, made, "approved", "bob")
        assert len(rows) == len(refused) == n
        queries[n] = len(seen)
    assert queries[40] == queries[160]
