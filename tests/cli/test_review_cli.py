"""`review`, `policy` and `tag` under the sign-off rules, on a real library file.

In-process through `main` (one test as a real subprocess): the library is the hostile one of
cli_library, whose claim was made by "setup"; a second claim is added over the next line.
"""

from __future__ import annotations

import pytest
from cli_library import Library, run_cli
from sqlalchemy import select

from claimdesk.cli import main
from claimdesk.core.models import Claim, ClaimEvent, LibraryEvent
from claimdesk.core.services import claims, evidence
from claimdesk.core.signoff import set_second_person_policy
from claimdesk.core.store import open_store

SECOND = "Critics disputed the figure."


@pytest.fixture
def two(library: Library) -> tuple[str, str]:
    """The hostile claim sourced by ana with evidence; a second, unreviewed one."""
    store = open_store(library.path)
    with store.transaction() as s:
        article_text = s.get_one(Claim, library.claim_id).article.text
        start = article_text.index(SECOND)
        second = claims.add_claim(s, library.article_id, start, start + len(SECOND), actor="ana").id
        claims.set_status(s, library.claim_id, "sourced", actor="ana")
        evidence.add_evidence(s, library.claim_id, "https://example.org/ssb", actor="ana")
        set_second_person_policy(s, False, actor="editor")
    store.close()
    return library.claim_id, second


def stored(library: Library, claim_id: str) -> Claim:
    store = open_store(library.path)
    try:
        with store.reading() as s:
            claim = s.get_one(Claim, claim_id)
            s.expunge(claim)
            return claim
    finally:
        store.close()


def cli(library: Library, *argv: str, reviewer: str = "bob") -> int:
    return main(["--db", library.db, "--reviewer", reviewer, *argv])


def test_review_approves_what_it_may_and_names_each_refusal(library, two) -> None:
    first, second = two
    done = run_cli("--db", library.db, "--reviewer", "bob", "review", first[:8], second, "approve")
    assert done.returncode == 1
    out, err = done.stdout.decode(), done.stderr.decode()
    (approved,) = out.splitlines()
    assert approved.startswith(f"{first[:8]}: approved: The ministry said a fake.txt")
    assert err == f"claimdesk: {second[:8]} “{SECOND}”: no verdict yet\n"
    assert "\x1b" not in out + err  # the hostile quote is escaped
    assert stored(library, first).review_state == "approved"
    assert stored(library, first).reviewed_by == "bob"
    assert stored(library, second).review_state == "draft"
    again = run_cli("--db", library.db, "review", first, "approve")
    assert again.returncode == 0  # nothing refused: already approved
    assert again.stdout.decode().startswith(f"{first[:8]}: already approved: The ministry said")


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["abcd1234"], "the last word must be an action"),
        (["abcd1234", "approved"], "got 'approved'"),
        (["approve"], "give at least one claim id before 'approve'"),
        (["abcd1234", "reopen"], "reopen needs --reason TEXT"),
        (["abcd1234", "reopen", "--reason", "  "], "reopen needs --reason TEXT"),
        (["abcd1234", "approve", "--reason", "why"], "--reason is for reopen, not approve"),
    ],
)
def test_review_usage_errors_exit_2_before_a_library_opens(tmp_path, capsys, argv, says) -> None:
    db = tmp_path / "never.sqlite3"
    with pytest.raises(SystemExit) as caught:
        main(["--db", str(db), "review", *argv])
    assert caught.value.code == 2
    assert says in capsys.readouterr().err
    assert not db.exists()


def test_an_unknown_id_changes_nothing(library, two, capsys) -> None:
    assert cli(library, "review", two[0], "ffffffff", "approve") == 1
    assert "claim ffffffff: no such claim" in capsys.readouterr().err
    assert stored(library, two[0]).review_state == "draft"


def test_reopen_and_the_lock_on_the_command_line(library, two, capsys) -> None:
    first, second = two
    assert cli(library, "review", first, "approve") == 0
    assert cli(library, "review", first, "needs-review") == 1
    assert "approved: reopen it first" in capsys.readouterr().err
    assert cli(library, "tag", first, "disputed", reviewer="ana") == 1
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith(f"claimdesk: claim {first[:8]} “The ministry said a fake.txt")
    assert line.endswith("is approved: reopen it first to change its status")
    assert stored(library, first).status == "sourced"

    assert cli(library, "review", first, second, "reopen", "--reason", "figure revised") == 1
    out, err = capsys.readouterr()
    assert out.startswith(f"{first[:8]}: reopened: ")
    assert err == f"claimdesk: {second[:8]} “{SECOND}”: not approved; nothing to reopen\n"
    assert stored(library, first).review_state == "needs_review"
    store = open_store(library.path)
    with store.reading() as s:
        last = s.scalars(
            select(ClaimEvent).where(ClaimEvent.claim_id == first).order_by(ClaimEvent.seq.desc())
        ).first()
        assert (last.actor, last.action, last.after) == ("bob", "reopen", "figure revised")
    store.close()
    assert cli(library, "tag", first, "disputed", reviewer="ana") == 0


def test_with_the_policy_on_the_verdict_setter_cannot_approve(library, two, capsys) -> None:
    assert cli(library, "policy", "second-person", "on", reviewer="editor") == 0
    assert cli(library, "review", two[0], "approve", reviewer="ana") == 1
    assert "you set its verdict; a second person must approve" in capsys.readouterr().err
    assert cli(library, "review", two[0], "approve", reviewer="bob") == 0


def test_policy_is_shown_and_switched_and_each_switch_recorded(library, capsys) -> None:
    assert cli(library, "policy") == 0
    # "setup" made the claim: one person so far
    assert capsys.readouterr().out == (
        "second person must approve: off "
        "(automatic: one person has worked in this library so far)\n"
    )
    assert cli(library, "policy", "second-person", "on", reviewer="editor") == 0
    assert capsys.readouterr().out.startswith("second person must approve: on (set;")
    assert cli(library, "policy", "second-person", "auto", reviewer="editor") == 0
    assert "off (automatic" in capsys.readouterr().out
    for bad in (["second-person"], ["second-person", "maybe"], ["quorum", "on"]):
        with pytest.raises(SystemExit) as caught:
            cli(library, "policy", *bad)
        assert caught.value.code == 2
    store = open_store(library.path)
    with store.reading() as s:
        switches = s.scalars(select(LibraryEvent).order_by(LibraryEvent.seq)).all()
        assert [(e.actor, e.before, e.after) for e in switches] == [
            ("editor", "auto", "on"),
            ("editor", "on", "auto"),
        ]
    store.close()


def test_tag_gives_evidence_a_title_and_a_stance_and_the_note_a_public_flag(
    library: Library, capsys
) -> None:
    claim = library.claim_id
    argv = ["tag", claim, "disputed", "--evidence", "https://a.org/1", "--evidence", "b.org/2"]
    assert cli(library, *argv, "--title", "Agency figures", "--note", "n", "--public-note") == 0
    store = open_store(library.path)
    with store.reading() as s:
        found = s.get_one(Claim, claim)
        assert [(e.url, e.title, e.stance) for e in found.evidence] == [
            ("https://a.org/1", "Agency figures", "refutes"),  # disputed: refutes by default
            ("https://b.org/2", "Agency figures", "refutes"),
        ]
        assert found.note_public
    store.close()
    assert cli(library, "tag", claim, "disputed", "--evidence", "c.org", "--stance", "context") == 0
    assert cli(library, "tag", claim, "disputed", "--private-note") == 0
    store = open_store(library.path)
    with store.reading() as s:
        found = s.get_one(Claim, claim)
        assert found.evidence[-1].stance == "context" and not found.note_public
    store.close()


@pytest.mark.parametrize(
    "argv",
    [
        ["--title", "T"],
        ["--stance", "refutes"],
        ["--evidence", "a.org", "--stance", "maybe"],
        ["--public-note", "--private-note"],
    ],
)
def test_tag_usage_errors_exit_2(tmp_path, capsys, argv) -> None:
    db = tmp_path / "never.sqlite3"
    with pytest.raises(SystemExit) as caught:
        main(["--db", str(db), "tag", "abcd1234", "sourced", *argv])
    assert caught.value.code == 2
    assert not db.exists()
