"""`claimdesk article ...`: show, rename, edit, delete (previewed, then with --yes), restore."""

from __future__ import annotations

import json

import pytest
from cli_library import Library, run_cli
from sqlalchemy import text

from claimdesk.cli import main
from claimdesk.core.services import claims, evidence
from claimdesk.core.store import open_store

TABLES = ("articles", "claims", "evidence", "claim_events", "deleted_articles", "library_events")


@pytest.fixture
def reviewed(library: Library) -> Library:
    """The library's claim reviewed, with two evidence links, and approved."""
    store = open_store(library.path)
    with store.transaction() as s:
        claims.set_status(s, library.claim_id, "disputed", actor="ana")
        evidence.add_evidence(s, library.claim_id, "https://a.example", actor="ana")
        evidence.add_evidence(s, library.claim_id, "https://b.example", actor="ana")
        claims.set_review_state(s, library.claim_id, "approved", actor="eve")
    store.close()
    return library


def _rows(library: Library) -> dict[str, list[tuple[object, ...]]]:
    store = open_store(library.path)
    try:
        with store.reading() as s:
            return {t: sorted(map(tuple, s.execute(text(f"SELECT * FROM {t}")))) for t in TABLES}
    finally:
        store.close()


def _run(capsys: pytest.CaptureFixture[str], library: Library, *argv: str) -> tuple[int, str, str]:
    code = main(["--db", library.db, "--reviewer", "ana", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_show_prints_details_and_json(capsys, reviewed: Library) -> None:
    code, out, _ = _run(capsys, reviewed, "article", "show", reviewed.article_id[:8], "--json")
    shown = json.loads(out)
    assert code == 0
    assert (shown["id"], shown["claims"], shown["reviewed"], shown["evidence"]) == (
        reviewed.article_id,
        1,
        1,
        2,
    )
    code, out, _ = _run(capsys, reviewed, "article", "show", reviewed.article_id)
    assert code == 0
    assert f"id:          {reviewed.article_id}" in out
    assert "\x1b" not in out  # the hostile title is escaped


def test_rename_and_edit_store_the_new_values(capsys, library: Library) -> None:
    short = library.article_id[:8]
    code, out, _ = _run(capsys, library, "article", "rename", short, "Ministry figures")
    assert (code, out) == (0, f"{short}: title set to Ministry figures\n")
    code, out, _ = _run(
        capsys,
        library,
        "article",
        "edit",
        short,
        "--source-url",
        "www.ssb.no/en/figures",
        "--published",
        "2025-03-31",
    )
    assert code == 0
    assert "source_url set to https://www.ssb.no/en/figures" in out
    code, out, _ = _run(capsys, library, "article", "show", short, "--json")
    shown = json.loads(out)
    assert (shown["title"], shown["source_url"], shown["published"]) == (
        "Ministry figures",
        "https://www.ssb.no/en/figures",
        "2025-03-31",
    )
    code, out, _ = _run(capsys, library, "article", "rename", short, "Ministry figures")
    assert (code, out) == (0, f"{short}: unchanged\n")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("edit", "ID", "--published", "31/03/2025"), "published date: '31/03/2025' is not a date"),
        (("edit", "ID", "--source-url", "ftp://x.org/a"), "source URL: 'ftp:' links"),
        (("rename", "ID", "   "), "title: is empty"),
        (("edit", "ID"), "give --title, --source-url, --author or --published"),
    ],
)
def test_bad_values_are_usage_errors_and_change_nothing(
    capsys, library: Library, argv: tuple[str, ...], message: str
) -> None:
    before = _rows(library)
    args = [library.article_id if a == "ID" else a for a in argv]
    code, out, err = _run(capsys, library, "article", *args)
    assert (code, out) == (2, "")
    assert message in err
    assert _rows(library) == before


def test_delete_without_yes_says_what_would_go_and_changes_nothing(
    capsys, reviewed: Library
) -> None:
    before = _rows(reviewed)
    code, out, _ = _run(capsys, reviewed, "article", "delete", reviewed.article_id[:8])
    assert code == 0
    assert out.startswith(
        "would delete 1 article, 1 claim (1 reviewed, 1 approved), 2 evidence items:\n"
    )
    assert "add --yes" in out
    assert _rows(reviewed) == before


def test_delete_with_yes_then_restore_gives_everything_back(capsys, reviewed: Library) -> None:
    before = _rows(reviewed)
    short = reviewed.article_id[:8]
    code, out, _ = _run(capsys, reviewed, "article", "delete", short, "--yes")
    assert code == 0
    assert out.startswith(
        "deleted 1 article, 1 claim (1 reviewed, 1 approved), 2 evidence items:\n"
    )
    assert "claimdesk article restore ID" in out
    code, out, _ = _run(capsys, reviewed, "articles", "--json")
    assert reviewed.article_id not in {a["id"] for a in json.loads(out)}
    code, out, _ = _run(capsys, reviewed, "article", "deleted")
    (line,) = [row for row in out.splitlines() if row.startswith(short)]
    assert line.split()[3:7] == ["ana", "1", "1", "2"]
    code, out, _ = _run(capsys, reviewed, "article", "restore", short)
    assert code == 0
    assert out.startswith(f"{short}: restored ")
    after = _rows(reviewed)
    assert {t: after[t] for t in TABLES[:4]} == {t: before[t] for t in TABLES[:4]}
    assert after["deleted_articles"] == []
    actions = [row[4] for row in after["library_events"]]
    assert actions == ["delete_article", "restore_article"]
    code, out, _ = _run(capsys, reviewed, "article", "deleted")
    assert out == "no deleted articles\n"


def test_delete_of_several_at_once_and_an_unknown_id_deletes_none(
    capsys, reviewed: Library
) -> None:
    before = _rows(reviewed)
    code, _, err = _run(
        capsys, reviewed, "article", "delete", reviewed.article_id, "ffffffff", "--yes"
    )
    assert code == 1
    assert "article ffffffff: no such article" in err
    assert _rows(reviewed) == before
    code, out, _ = _run(capsys, reviewed, "articles", "--json")
    every = [a["id"][:8] for a in json.loads(out)]
    code, out, _ = _run(capsys, reviewed, "article", "delete", *every, "--yes")
    assert code == 0
    assert out.startswith(f"deleted {len(every)} articles, ")
    code, out, _ = _run(capsys, reviewed, "articles", "--json")
    assert json.loads(out) == []


def test_exit_codes_in_a_real_process(reviewed: Library) -> None:
    unknown = run_cli("--db", reviewed.db, "article", "show", "ffffffff")
    assert unknown.returncode == 1
    assert b"article ffffffff: no such article in this database" in unknown.stderr
    gone = run_cli("--db", reviewed.db, "article", "restore", reviewed.article_id[:8])
    assert gone.returncode == 1
    assert b"no such deleted article" in gone.stderr
    usage = run_cli("--db", reviewed.db, "article", "delete")
    assert usage.returncode == 2
    preview = run_cli("--db", reviewed.db, "article", "delete", reviewed.article_id[:8])
    assert preview.returncode == 0
    assert preview.stdout.startswith(b"would delete 1 article")
