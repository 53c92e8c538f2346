"""Untrusted text (titles, file names, quotes, paths) never reaches the terminal raw."""

from __future__ import annotations

import json
import os
import unicodedata
from pathlib import Path

from cli_library import HOSTILE, Library, run_cli

from claimdesk.cli import main
from claimdesk.core.terminal import escape

BIDI_CONTROLS = {"LRE", "RLE", "LRO", "RLO", "PDF", "LRI", "RLI", "FSI", "PDI"}
UNDECODABLE = os.fsdecode(b"lat\xe9in")  # how Python hands over a file name that is not UTF-8


def _unsafe(char: str) -> bool:
    """Defined independently of the code under test, from the Unicode database."""
    return (
        unicodedata.category(char) in {"Cc", "Cs", "Zl", "Zp"}
        or unicodedata.bidirectional(char) in BIDI_CONTROLS
        or char in "\u061c\u200e\u200f"
    )


def _raw_controls(output: str) -> list[str]:
    """What the output holds raw, besides the line feeds that end its lines.

    Split on "\n" only: `str.splitlines` would also take away \r, \v, \f, \x1c-\x1e,
    \x85, U+2028 and U+2029, exactly the forged line breaks this is looking for.
    """
    return [c for line in output.split("\n") for c in line if _unsafe(c)]


def test_every_unsafe_character_becomes_a_visible_escape() -> None:
    unsafe = [chr(c) for c in range(0x110000) if _unsafe(chr(c))]
    assert len(unsafe) > 2000  # C0, DEL, C1, bidi controls, separators, every surrogate
    for char in unsafe:
        shown = escape(char)
        assert shown.startswith("\\") and shown.isascii() and shown.isprintable(), repr(char)
    assert escape("\n\t\x1b\x9b\u202e") == "\\n\\t\\x1b\\x9b\\u202e"
    assert escape(UNDECODABLE) == "lat\\xe9in"  # the byte it was
    printable = "Café 中文 👍🏽 a\\b C:\\x ‘quoted’ \u00a0"
    assert escape(printable) == printable


def test_the_check_sees_every_raw_line_break() -> None:
    breaks = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
    assert _raw_controls(f"ok\n{breaks}\nok\n") == list(breaks)
    assert _raw_controls(escape(f"ok\n{breaks}") + "\n") == []


def test_tables_show_one_line_per_row(library: Library, capsys) -> None:
    assert main(["--db", library.db, "articles"]) == 0
    out = capsys.readouterr().out
    assert not _raw_controls(out)
    assert len(out.splitlines()) == 1 + 3  # header, two samples, the hostile article
    assert "\\x1b[31mred\\x1b]0;owned\\x07 \\x9b2J \\u202eevil\\x7f" in out

    assert main(["--db", library.db, "claims", "--article", library.article_id]) == 0
    out = capsys.readouterr().out
    assert not _raw_controls(out)
    assert len(out.splitlines()) == 2
    assert "\\x1b[31mred" in out


def test_json_output_round_trips_without_raw_controls(library: Library, capsys) -> None:
    for command in ("articles", "claims"):
        assert main(["--db", library.db, command, "--json"]) == 0
        out = capsys.readouterr().out
        assert out.isascii() and not _raw_controls(out)
        listed = json.loads(out)
        texts = [item.get("title") or item.get("quote") for item in listed]
        assert any(HOSTILE in text for text in texts)


def test_tag_line_is_escaped(library: Library, capsys) -> None:
    assert main(["--db", library.db, "tag", library.claim_id[:8], "sourced"]) == 0
    out = capsys.readouterr().out
    assert not _raw_controls(out)
    assert len(out.splitlines()) == 1 and "\\x1b[31mred" in out


def test_import_lines_cannot_be_forged(library: Library, tmp_path: Path, capsys) -> None:
    forged = tmp_path / "a\nfake.txt: imported as 'x'\x1b[2J.txt"
    forged.write_text("Title \x1b]0;owned\x07 here\n\nThe rate fell to 4.1% in March.\n")
    missing = tmp_path / f"{UNDECODABLE}.txt"
    code = main(["--db", library.db, "import", "--no-extract", str(forged), str(missing)])
    out, err = capsys.readouterr()
    assert code == 1
    assert not _raw_controls(out + err)
    (imported,) = out.splitlines()  # the title may keep its controls or lose them; never raw
    assert imported.startswith(f"{tmp_path}/a\\nfake.txt: imported as 'x'\\x1b[2J.txt: imported")
    (failure,) = err.splitlines()
    assert failure.startswith(f"{tmp_path}/lat\\xe9in.txt: ")


def test_export_line_and_path_errors_are_escaped(library: Library, tmp_path: Path, capsys) -> None:
    out_path = tmp_path / f"report\n{UNDECODABLE}\x1b[2J.md"
    export = ["export", "--format", "md", "--kind", "working", "--out", str(out_path)]
    assert main(["--db", library.db, *export]) == 0
    assert out_path.exists()
    out = capsys.readouterr().out
    assert out == f"{tmp_path}/report\\nlat\\xe9in\\x1b[2J.md: 1 article, 1 claim\n"

    notes = tmp_path / f"notes\n{UNDECODABLE}\x1b[2J.txt"
    notes.write_text("not a database")
    assert main(["--db", str(notes), "articles"]) == 2
    err = capsys.readouterr().err
    assert not _raw_controls(err)
    (line,) = err.splitlines()
    assert line.startswith(f"claimdesk: {tmp_path}/notes\\nlat\\xe9in\\x1b[2J.txt: ")


def test_a_terminal_that_cannot_show_a_character_gets_an_escape(library: Library) -> None:
    """An ASCII or Latin-1 locale: a title's '中' or the table's '…' must not crash the listing."""
    result = run_cli("--db", library.db, "articles", env={"PYTHONIOENCODING": "ascii:strict"})
    assert result.returncode == 0, result.stderr
    assert b"\\u2026" in result.stdout  # the ellipsis of a clipped sample title


def test_json_parses_back_on_a_terminal_that_is_not_utf8(library: Library) -> None:
    """A Latin-1 stdout lacks '😀': `\\U0001f600` there would be invalid JSON."""
    note = "Ünïcode 😀 \u202e\x85 \U00010348 end"
    tagged = run_cli("--db", library.db, "tag", library.claim_id, "sourced", "--note", note)
    assert tagged.returncode == 0, tagged.stderr
    for encoding in ("latin-1", "ascii:strict"):
        result = run_cli("--db", library.db, "claims", "--json", env={"PYTHONIOENCODING": encoding})
        assert result.returncode == 0, result.stderr
        [claim] = json.loads(result.stdout.decode(encoding.split(":")[0]))
        assert claim["note"] == note and claim["quote"].count(HOSTILE) == 1
