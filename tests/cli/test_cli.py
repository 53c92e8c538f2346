"""The command line, run in-process on real SQLite files (and once as a real subprocess)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from claimdesk.cli import main
from claimdesk.core.models import Article, Claim, ClaimEvent
from claimdesk.core.services.articles import delete_article
from claimdesk.core.store import default_db_path, open_store

pytestmark = pytest.mark.slow  # a new library is seeded, which runs spaCy

ARTICLE = (
    "Ministry figures questioned\n"
    "The ministry said unemployment fell to 4.1% in March 2025, according to Statistics Norway.\n"
    "Critics disputed the figure.\n"
)


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "cli.sqlite3")


def test_new_library_is_seeded_once(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    listed = _json(capsys, "--db", db, "articles", "--json")
    assert len(listed) == 2
    assert all(a["claims"] > 0 for a in listed), "seeds are extracted on first run"
    store = open_store(db)
    with store.transaction() as session:
        delete_article(session, listed[0]["id"], actor="test")
    store.close()
    assert len(_json(capsys, "--db", db, "articles", "--json")) == 1


def test_import_reports_each_file(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "ministry.txt"
    good.write_text(ARTICLE, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    pdf = tmp_path / "scan.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    missing = tmp_path / "nowhere.md"

    code = main(["--db", db, "import", str(good), str(empty), str(pdf), str(missing)])
    out, err = capsys.readouterr()
    assert code == 1
    assert f"{good}: imported as 'Ministry figures questioned'" in out
    for bad in (empty, pdf, missing):
        assert str(bad) in err
    failures = [line for line in err.splitlines() if not line.startswith("new library at")]
    assert len(failures) == 3

    assert main(["--db", db, "import", str(good)]) == 0
    assert f"{good}: already imported" in capsys.readouterr().out

    listed = _json(capsys, "--db", db, "articles", "--json")
    assert [a["title"] for a in listed].count("Ministry figures questioned") == 1


def test_claims_filter_and_tag(db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "ministry.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert main(["--db", db, "import", str(path)]) == 0
    capsys.readouterr()
    article = next(
        a for a in _json(capsys, "--db", db, "articles", "--json") if a["origin"] == path.name
    )
    found = _json(capsys, "--db", db, "claims", "--article", article["id"][:8], "--json")
    assert found, "the unemployment sentence is a claim"
    claim = next(c for c in found if "4.1%" in c["quote"])

    code = main(
        [
            "--db",
            db,
            "--reviewer",
            "ana",
            "tag",
            claim["id"][:8],
            "disputed",
            "--note",
            "Figure is seasonally adjusted",
            "--evidence",
            "https://ssb.no/x",
            "--evidence",
            "10.1000/abc",
        ]
    )
    assert code == 0
    assert capsys.readouterr().out.startswith(f"{claim['id'][:8]}: disputed: ")

    (tagged,) = _json(capsys, "--db", db, "claims", "--status", "disputed", "--json")
    assert tagged["id"] == claim["id"]
    assert tagged["note"] == "Figure is seasonally adjusted"
    assert [e["url"] for e in tagged["evidence"]] == ["https://ssb.no/x", "doi:10.1000/abc"]
    assert tagged["reviewer"] == "ana"


def test_tag_is_all_or_nothing(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    claim = _json(capsys, "--db", db, "claims", "--json")[0]
    code = main(
        [
            "--db",
            db,
            "tag",
            claim["id"],
            "sourced",
            "--note",
            "n",
            "--evidence",
            "javascript:alert(1)",
        ]
    )
    err = capsys.readouterr().err
    assert code == 1
    assert "URL: 'javascript:' links are not allowed" in err
    store = open_store(db)
    with store.reading() as session:
        stored = session.get_one(Claim, claim["id"])
        assert (stored.status, stored.note) == ("unreviewed", "")
        events = session.scalars(select(ClaimEvent).where(ClaimEvent.claim_id == claim["id"]))
        assert [e.action for e in events] == ["created"]
    store.close()


def test_tag_errors_name_what_is_wrong(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    claim = _json(capsys, "--db", db, "claims", "--json")[0]
    for command in (["tag", claim["id"], "maybe"], ["claims", "--status", "maybe"]):
        with pytest.raises(SystemExit) as caught:  # a misspelt status is a usage error
            main(["--db", db, *command])
        assert caught.value.code == 2
        assert "'maybe' is not a status; use one of sourced, disputed" in capsys.readouterr().err
    assert main(["--db", db, "tag", "ffffffff", "sourced"]) == 1
    assert "claim ffffffff: no such claim" in capsys.readouterr().err
    for url in ("https://[x", "https://a]b.org/", "https://example.org:99999/"):
        assert main(["--db", db, "tag", claim["id"], "sourced", "--evidence", url]) == 1
        assert capsys.readouterr().err == "claimdesk: URL: has an invalid host or port\n"


def test_extract_all_keeps_reviewed_work(db: str, capsys: pytest.CaptureFixture[str]) -> None:
    claim = _json(capsys, "--db", db, "claims", "--json")[0]
    assert main(["--db", db, "tag", claim["id"], "sourced"]) == 0
    capsys.readouterr()
    assert main(["--db", db, "extract", "--all"]) == 0
    out = capsys.readouterr().out
    assert len(out.strip().splitlines()) == 2
    assert "0 added" in out and "0 removed" in out
    (kept,) = _json(capsys, "--db", db, "claims", "--status", "sourced", "--json")
    assert kept["version"] == claim["version"] + 1
    assert main(["--db", db, "extract"]) == 2


def test_refused_database_is_a_usage_error(tmp_path: Path, capsys) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("not a database")
    assert main(["--db", str(notes), "articles"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"claimdesk: {notes}: is not a Claimdesk database")
    assert notes.read_text() == "not a database"


def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["claims", "--bogus"])
    assert caught.value.code == 2


def test_default_database_lives_in_the_user_data_folder(capsys) -> None:
    assert main(["articles"]) == 0
    assert default_db_path().exists()
    store = open_store(default_db_path())
    with store.reading() as session:
        assert len(session.scalars(select(Article)).all()) == 2
    store.close()


def test_console_entry_point_runs(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "claimdesk", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and result.stdout.startswith("claimdesk ")


@pytest.mark.parametrize("fmt", ["html", "md", "csv", "json", "claimreview"])
def test_export_writes_each_format(
    db: str, tmp_path: Path, fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    claim = _json(capsys, "--db", db, "claims", "--json")[0]
    assert (
        main(
            ["--db", db, "tag", claim["id"], "disputed", "--evidence", "https://example.org/source"]
        )
        == 0
    )
    capsys.readouterr()
    out = tmp_path / f"report.{fmt}"
    code = main(
        [
            "--db",
            db,
            "export",
            "--format",
            fmt,
            "--out",
            str(out),
            "--article",
            claim["article_id"][:8],
            "--organisation",
            "Desk Check",
            *(["--report-url", "https://desk.example/r.html"] if fmt == "claimreview" else []),
            *(["--include-unapproved"] if fmt == "claimreview" else []),
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert capsys.readouterr().out.startswith(f"{out}: 1 article, ")
    body = out.read_text(encoding="utf-8-sig")
    if fmt != "claimreview":
        assert "https://example.org/source" in body
    else:
        (review,) = json.loads(body)
        assert review["reviewRating"]["alternateName"] == "Disputed"
        assert review["author"]["name"] == "Desk Check"


def test_export_errors_name_the_problem(db: str, tmp_path: Path, capsys) -> None:
    target = tmp_path / "no-such-folder" / "r.html"
    assert main(["--db", db, "export", "--format", "html", "--out", str(target)]) == 1
    assert "no-such-folder" in capsys.readouterr().err
    assert not target.parent.exists()
    with pytest.raises(SystemExit) as caught:
        main(["--db", db, "export", "--format", "docx", "--out", str(tmp_path / "r.docx")])
    assert caught.value.code == 2


def test_rule_only_fallback_is_announced(
    db: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("CLAIMDESK_RULE_ONLY", "1")
    path = tmp_path / "ministry.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert main(["--db", db, "import", str(path)]) == 0
    err = capsys.readouterr().err
    assert "claimdesk: Claim detection uses rules only" in err
    store = open_store(db)
    with store.reading() as session:
        versions = dict(session.execute(select(Article.origin, Article.extractor_version)).all())
    store.close()
    assert versions[path.name].endswith("+rule-only")  # so a later re-extraction can tell


def test_trained_pipeline_version_is_recorded(db: str, capsys) -> None:
    _json(capsys, "--db", db, "articles", "--json")
    store = open_store(db)
    with store.reading() as session:
        versions = set(session.scalars(select(Article.extractor_version)))
    store.close()
    (version,) = versions
    assert version.startswith("2.0+patterns-") and not version.endswith(
        ("+rule-only", "+features-only")
    )


# A command, then garbage that only a collection can free, whose end says so.
LAST_COLLECTION_SCRIPT = """
import gc, sys
from claimdesk.cli import main

class Cycle:
    def __init__(self):
        self.me = self

    def __del__(self):
        print("collected at exit", flush=True)

if sys.argv[1:]:
    print("exit", main(sys.argv[1:]), flush=True)
gc.disable()  # no collection before exit: only the interpreter's last one could free it
Cycle()
"""


@pytest.mark.parametrize("command", [True, False], ids=["command", "no-command"])
def test_a_command_exits_without_the_last_garbage_collection(tmp_path: Path, command: bool) -> None:
    """It costs ~0.25 s after an import; without a command run, the interpreter's own
    exit still collects (so the test can tell)."""
    script = tmp_path / "last.py"
    script.write_text(LAST_COLLECTION_SCRIPT, encoding="utf-8")
    argv = ["--db", str(tmp_path / "none.sqlite3"), "article", "show", "x"] if command else []
    done = subprocess.run(
        [sys.executable, str(script), *argv], capture_output=True, text=True, timeout=120
    )
    expected = ["exit 1"] if command else ["collected at exit"]  # 1: "x" is refused as an id
    assert done.stdout.splitlines() == expected, done.stderr
