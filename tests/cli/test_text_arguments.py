"""Arguments that are not UTF-8: text is refused as a usage error, paths keep working."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from cli_library import Library, run_cli

from claimdesk.cli import main
from claimdesk.core.models import Claim
from claimdesk.core.store import open_store

BAD = os.fsdecode(b"\xff")  # what Python makes of the byte 0xff in argv or the environment


def _claim(library: Library) -> tuple[str, str, int]:
    store = open_store(library.path)
    with store.reading() as session:
        claim = session.get_one(Claim, library.claim_id)
        found = (claim.status, claim.note, len(claim.evidence))
    store.close()
    return found


def _cli(*argv: str | bytes, **env: str) -> subprocess.CompletedProcess[bytes]:
    return run_cli(*argv, env={"PYTHONIOENCODING": "utf-8:strict", **env})


def test_invalid_utf8_note_is_a_usage_error(library: Library) -> None:
    result = _cli("--db", library.db, "tag", library.claim_id, "sourced", "--note", b"\xff")
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1] == (
        b"claimdesk tag: error: argument --note: not valid UTF-8"
    )
    assert _claim(library) == ("unreviewed", "", 0)


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["tag", "{claim}", "sourced", "--evidence", f"https://x.org/{BAD}"], "--evidence"),
        (["tag", "{claim}", f"sourced{BAD}"], "STATUS"),
        (["tag", f"{BAD}abcd", "sourced"], "CLAIM_ID"),
        (["--reviewer", BAD, "tag", "{claim}", "sourced"], "--reviewer"),
        (["claims", "--status", BAD], "--status"),
        (["claims", "--article", BAD], "--article"),
        (["extract", BAD], "ARTICLE_ID"),
        (["export", "--format", "md", "--out", "r.md", "--article", BAD], "--article"),
        (["export", "--format", "md", "--out", "r.md", "--status", BAD], "--status"),
        (["export", "--format", "md", "--out", "r.md", "--organisation", BAD], "--organisation"),
        (["export", "--format", "md", "--out", "r.md", "--report-url", BAD], "--report-url"),
    ],
)
def test_every_text_option_is_checked(
    library: Library, argv: list[str], named: str, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [a.replace("{claim}", library.claim_id) for a in argv]
    with pytest.raises(SystemExit) as caught:
        main(["--db", library.db, *args])
    assert caught.value.code == 2
    assert f"argument {named}: not valid UTF-8" in capsys.readouterr().err
    assert _claim(library) == ("unreviewed", "", 0)


def test_a_bad_default_from_the_environment_names_the_variable(library: Library) -> None:
    reviewer = os.fsdecode(b"\xffna")  # os.environ keeps it so; the child gets the raw bytes
    result = _cli(
        "--db", library.db, "tag", library.claim_id, "sourced", CLAIMDESK_REVIEWER=reviewer
    )
    assert result.returncode == 2
    assert b"--reviewer: not valid UTF-8 (as given or in $CLAIMDESK_REVIEWER)" in result.stderr
    assert _claim(library) == ("unreviewed", "", 0)


def test_paths_that_are_not_utf8_work(library: Library, tmp_path: Path) -> None:
    """File names may be any bytes: a library and a report named so are used, shown escaped."""
    folder = os.fsencode(tmp_path)
    db = folder + b"/lib\xe9.sqlite3"
    shutil.copyfile(library.path, db)
    report = folder + b"/r\xe9port.md"
    result = _cli(b"--db", db, b"tag", library.claim_id[:8], b"sourced")
    assert result.returncode == 0, result.stderr
    result = _cli(b"--db", db, b"export", b"--format", b"md", b"--out", report)
    assert result.returncode == 0, result.stderr
    assert result.stdout == os.fsencode(tmp_path) + b"/r\\xe9port.md: 1 article, 1 claim\n"
    assert b"sourced" in Path(os.fsdecode(report)).read_bytes().lower()
