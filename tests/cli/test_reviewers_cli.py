"""`whoami` and `reviewers`: the command line records the shared name, and merges two names."""

from __future__ import annotations

import json

import pytest
from cli_library import Library, run_cli
from sqlalchemy import select

from claimdesk.cli import main
from claimdesk.core import identity
from claimdesk.core.models import Claim, ClaimEvent, LibraryEvent
from claimdesk.core.reviewer import system_user
from claimdesk.core.store import open_store


def _actors(library: Library) -> list[str]:
    store = open_store(library.path)
    try:
        with store.reading() as session:
            query = select(ClaimEvent.actor).where(ClaimEvent.claim_id == library.claim_id)
            return list(session.scalars(query.order_by(ClaimEvent.seq)))
    finally:
        store.close()


def _tag(library: Library, *options: str) -> int:
    return main(["--db", library.db, *options, "tag", library.claim_id, "sourced"])


def test_tag_records_the_saved_name_unless_the_option_or_variable_says_otherwise(
    library: Library, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["whoami", "--set", "Ana Lima"]) == 0
    assert _tag(library) == 0
    monkeypatch.setenv("CLAIMDESK_REVIEWER", "from-env")
    assert main(["--db", library.db, "tag", library.claim_id, "disputed"]) == 0
    assert main(["--db", library.db, "--reviewer", "Bo", "tag", library.claim_id, "sourced"]) == 0
    assert _actors(library) == ["setup", "Ana Lima", "from-env", "Bo"]
    capsys.readouterr()


@pytest.mark.parametrize(
    ("options", "env", "expected"),
    [
        ([], {}, ("Ana", "setting")),
        ([], {"CLAIMDESK_REVIEWER": "Eve"}, ("Eve", "env")),
        (["--reviewer", "Bo"], {"CLAIMDESK_REVIEWER": "Eve"}, ("Bo", "option")),
    ],
)
def test_whoami_says_the_name_and_where_it_came_from(
    options: list[str],
    env: dict[str, str],
    expected: tuple[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    identity.save_reviewer("Ana")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main([*options, "whoami", "--json"]) == 0
    said = json.loads(capsys.readouterr().out)
    assert (said["name"], said["source"]) == expected
    assert said["settings"] == str(identity.settings_path())


def test_whoami_in_a_new_process_reads_the_same_setting(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_cli("whoami", text=True)
    assert result.returncode == 0
    assert result.stdout == f"{system_user()}  (your login name; set your own with: " + (
        "claimdesk whoami --set NAME)\n"
    )
    identity.save_reviewer("Ana Lima")
    result = run_cli("whoami", text=True)
    assert result.stdout == f"Ana Lima  (from your setting in {identity.settings_path()})\n"


def test_a_damaged_setting_is_named_and_work_goes_on_under_the_login_name(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    path = identity.settings_path()
    path.parent.mkdir(parents=True)
    path.write_text('{"reviewer": "Ana"', encoding="utf-8")
    assert _tag(library) == 0
    err = capsys.readouterr().err
    assert err == (
        f"claimdesk: warning: {path}: not valid JSON (Expecting ',' delimiter, line 1); "
        f"recording changes as {system_user()!r}\n"
    )
    assert _actors(library)[-1] == system_user()
    assert path.read_text(encoding="utf-8") == '{"reviewer": "Ana"'  # left for the user to see


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Ana\nApproved by: editor", "the name holds a control or formatting character"),
        ("", "the name is empty"),
        ("   ", "the name is empty"),
    ],
)
def test_whoami_set_refuses_a_bad_name_as_a_usage_error(
    name: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["whoami", "--set", name])
    assert caught.value.code == 2
    assert f"argument --set: {message}" in capsys.readouterr().err
    assert not identity.settings_path().exists()


def _library_with_two_names(library: Library) -> None:
    assert _tag(library, "--reviewer", "Ana") == 0
    assert main(["--db", library.db, "--reviewer", "ana", "tag", library.claim_id, "disputed"]) == 0


def test_reviewers_lists_everyone_with_their_changes(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    _library_with_two_names(library)
    capsys.readouterr()
    assert main(["--db", library.db, "reviewers", "--json"]) == 0
    people = json.loads(capsys.readouterr().out)
    assert [(p["name"], p["changes"], p["claims"]) for p in people] == [
        ("Ana", 1, 0),
        ("ana", 1, 1),
        ("setup", 1, 0),
    ]
    assert main(["--db", library.db, "reviewers"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["NAME", "CHANGES", "LAST", "ACTIVE"]
    assert [line.split()[:2] for line in lines[1:]] == [["Ana", "1"], ["ana", "1"], ["setup", "1"]]
    assert all(line.endswith(" UTC") for line in lines[1:])


def test_reviewers_merge_rewrites_the_name_and_records_who_merged(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    _library_with_two_names(library)
    identity.save_reviewer("Ana")  # this user's own setting still names the old name
    capsys.readouterr()
    assert main(["--db", library.db, "--reviewer", "ed", "reviewers", "merge", "Ana", "ana"]) == 0
    out, err = capsys.readouterr()
    assert out == "merged 'Ana' into 'ana': 1 claim_events.actor (1 claim)\n"
    assert err == "your setting now names 'ana'\n"
    assert identity.saved_reviewer() == "ana"
    assert _actors(library) == ["setup", "ana", "ana"]
    store = open_store(library.path)
    try:
        with store.reading() as session:
            assert session.get_one(Claim, library.claim_id).reviewer == "ana"
            (record,) = session.scalars(select(LibraryEvent))
            assert (record.actor, record.subject, record.after["name"]) == ("ed", "Ana", "ana")
    finally:
        store.close()


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["merge", "Anna", "ana"], 1, "old name: 'Anna' is not a name anyone worked under here"),
        (["merge", "ana", "ana"], 1, "new name: 'ana' is the name being merged; choose another"),
        (["merge", "Ana"], 2, "the following arguments are required: INTO"),
        (["merge"], 2, "the following arguments are required: OLD, INTO"),
    ],
)
def test_reviewers_merge_refuses_unknown_names_and_bad_usage(
    library: Library,
    argv: list[str],
    code: int,
    message: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _library_with_two_names(library)
    capsys.readouterr()
    if code == 2:
        with pytest.raises(SystemExit) as caught:
            main(["--db", library.db, "reviewers", *argv])
        assert caught.value.code == 2
    else:
        assert main(["--db", library.db, "reviewers", *argv]) == 1
    assert message in capsys.readouterr().err
    assert _actors(library) == ["setup", "Ana", "ana"]


def test_a_merged_away_name_cannot_approve_its_own_verdict(
    library: Library, capsys: pytest.CaptureFixture[str]
) -> None:
    """Bob tags, Bob is merged into Alice, Bob approves: still the person who set the verdict."""

    def as_(name: str, *argv: str) -> int:
        return main(["--db", library.db, "--reviewer", name, *argv])

    assert as_("Alice", "tag", library.claim_id, "disputed") == 0
    assert as_("Bob", "tag", library.claim_id, "speculative") == 0
    assert as_("ed", "policy", "second-person", "on") == 0
    assert as_("ed", "reviewers", "merge", "Bob", "Alice") == 0
    capsys.readouterr()
    assert as_("Bob", "review", library.claim_id, "approve") == 1
    assert "you set its verdict; a second person must approve" in capsys.readouterr().err
    assert stored_state(library) == "draft"
    # Writes under the merged-away name go on record under the name it was merged into...
    assert as_("Bob", "tag", library.claim_id, "speculative", "--note", "a plan, not a fact") == 0
    assert _actors(library)[-1] == "Alice"
    capsys.readouterr()
    assert main(["--db", library.db, "reviewers", "--json"]) == 0
    assert [p["name"] for p in json.loads(capsys.readouterr().out)] == ["Alice", "setup"]
    # ... and a second person still approves.
    assert as_("ed", "review", library.claim_id, "approve") == 0
    assert stored_state(library) == "approved"


def stored_state(library: Library) -> str:
    store = open_store(library.path)
    try:
        with store.reading() as session:
            return session.get_one(Claim, library.claim_id).review_state
    finally:
        store.close()
