"""`claimdesk learn`: the comparison, adopting, listing and restoring, and the fallbacks."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from cli_library import run_cli

from claimdesk.cli import main
from learning_library import copy_of


@pytest.fixture
def db(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> str:
    return str(copy_of(tmp_path_factory, tmp_path / "reviewed.sqlite3"))


def test_dry_run_shows_the_comparison_then_yes_adopts_and_restore_goes_back(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--db", db, "--reviewer", "ana", "learn", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "held back" in out and "On the " in out
    assert "adapted (new)" in out and "the shipped model" in out
    assert "Not adopted; `claimdesk learn --yes` adopts it." in out
    assert main(["--db", db, "learn", "--list"]) == 0
    assert "In use: the shipped model." in capsys.readouterr().out

    assert main(["--db", db, "--reviewer", "ana", "learn", "--yes"]) == 0
    assert "Adopted as library model 1" in capsys.readouterr().out
    assert main(["--db", db, "learn", "--list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert listed[0].split() == [
        "VERSION",
        "IN",
        "USE",
        "CREATED",
        "BY",
        "DECISIONS",
        "F1",
        "HELD",
        "BACK",
    ]
    assert listed[1].split()[:2] == ["1", "yes"] and " ana " in listed[1] and "(was " in listed[1]

    article = tmp_path / "new.txt"
    article.write_text("Rates\n\nThe bank raised rates to 4.5% in March.\n", encoding="utf-8")
    assert main(["--db", db, "import", str(article)]) == 0
    assert "Library model" not in capsys.readouterr().err
    assert _versions(db)[-1].endswith("+library-1")

    assert main(["--db", db, "--reviewer", "ben", "learn", "--restore", "base"]) == 0
    assert "In use: the shipped model" in capsys.readouterr().out
    assert main(["--db", db, "learn", "--restore", "9"]) == 1
    assert "no library model 9 (versions: 1)" in capsys.readouterr().err
    assert main(["--db", db, "learn", "--restore", "1"]) == 0
    with sqlite3.connect(db) as connection:
        events = connection.execute(
            'SELECT actor, "before", "after" FROM library_events '
            "WHERE action = 'detector model' ORDER BY seq"
        ).fetchall()
    assert events == [
        ("ana", '"shipped"', '"1"'),
        ("ben", '"1"', '"shipped"'),
        (events[2][0], '"shipped"', '"1"'),
    ]


def test_a_missing_model_is_said_and_the_shipped_one_used(
    db: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with sqlite3.connect(db) as connection:
        connection.execute("INSERT INTO claimdesk_meta VALUES ('detector_model', '7')")
    listed = run_cli("--db", db, "learn", "--list")
    assert listed.returncode == 0
    missing = b"claimdesk: Library model 7 is missing from this library; claims are found by"
    assert missing + b" the shipped model." in listed.stderr
    article = tmp_path / "new.txt"
    article.write_text("Rates\n\nThe bank raised rates to 4.5% in March.\n", encoding="utf-8")
    assert main(["--db", db, "import", str(article)]) == 0
    assert "claimdesk: Library model 7 is missing" in capsys.readouterr().err
    assert "+library" not in _versions(db)[-1]


def test_too_few_decisions_name_the_numbers(tmp_path: Path) -> None:
    result = run_cli("--db", str(tmp_path / "new.sqlite3"), "learn")
    assert result.returncode == 1
    assert b"Learning needs at least 40 decisions" in result.stderr
    assert b"this library has 0: 0 claims and 0 dismissed" in result.stderr
    usage = run_cli("--db", str(tmp_path / "new.sqlite3"), "learn", "--restore", "x")
    assert usage.returncode == 2 and b"expected a version number or 'base'" in usage.stderr


def _versions(db: str) -> list[str]:
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT extractor_version FROM articles ORDER BY imported_at")
        return [version for (version,) in rows]
