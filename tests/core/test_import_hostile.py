"""Hostile import files: no pattern backtracks for ever, a slow parser is cut off, and one
bad file never stops the batch. Every hostile input is generated here, none is committed."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
import time
from collections.abc import Collection, Iterator
from multiprocessing.process import BaseProcess
from pathlib import Path

import pytest
from sqlalchemy import select

from claimdesk.core.errors import ImportFailure, OperationCancelled
from claimdesk.core.jobs import Outcome, import_paths
from claimdesk.core.models import Article
from claimdesk.core.reader_process import FileReader
from claimdesk.core.textnorm import decode_text

HANG_GUARD = 30.0  # seconds: only a pattern that backtracks without end comes near it
PARAGRAPH = "<p>" + "Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 10 + "</p>\n"

# Each input aims at one pattern applied to file content, at a size where the quadratic or
# exponential versions took from seconds to forever (issue 10).
HOSTILE = {
    "front-matter-dash-keys.md": "---\n" + "-x:\n" * 40,
    "front-matter-unclosed.md": "---\n" + "key: value\n" * 200_000 + "body",
    "front-matter-long-key.md": "---\n" + "k" * 1_000_000,
    "heading-spaces.md": "# a" + " " * 1_000_000 + "b",
    "heading-tabs-and-hashes.md": "# a" + " \t#" * 300_000 + "b",
    "heading-many-hashes.md": "###### " + "#" * 1_000_000 + "x",
    "fence-and-headings.md": "```\n" * 100_000 + "# T\n" * 100_000,
    "html-lang-in-comment.html": "<!-- " + "<html" * 200_000 + " --><p>Body text here.</p>",
    "html-lang-attributes.html": "<html " + "lang= " * 200_000 + "><p>Body text here.</p>",
    "trailing-space-run.txt": "a" + " " * 1_000_000 + "b",
    "trailing-space-lines.txt": ("a" + " " * 100 + "b \t\n") * 50_000,
    "unicode-spaces.txt": "a" + "\u3000\u00a0\u2009" * 300_000 + "b",
    "line-breaks.txt": "Title\n" + "\r\r\n\u2028\x85" * 300_000 + "end",
    "one-long-line.txt": "word " * 2_000_000,
    "title-without-letters.txt": "-\n" * 1_000_000 + "x",
}


def _write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _never() -> bool:
    return False


@pytest.fixture(scope="module")
def reader() -> Iterator[FileReader]:
    """One reading child for all hostile inputs, as in a batch."""
    with FileReader(HANG_GUARD) as shared:
        yield shared


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_no_content_pattern_backtracks_on_hostile_input(
    reader: FileReader, tmp_path: Path, name: str
) -> None:
    path = _write(tmp_path, name, HOSTILE[name])
    try:
        draft = reader.read(path, _never)
    except ImportFailure as failure:  # refused for what the file is, never for its time
        assert "took longer" not in failure.reason, failure
        return
    assert len(draft.title) <= 200 and draft.text


def test_declared_charset_is_found_after_many_unclosed_meta_tags() -> None:
    page = b"<meta" * 600 + b"<meta charset=latin-1><p>Caf\xe9 cr\xe8me.</p>"
    assert decode_text(page, "metas.html", html=True).endswith("<p>Café crème.</p>")


def _slow_page(folder: Path) -> Path:
    """A legitimate page that trafilatura needs far more than a second to read (about a
    minute for 6 MB of paragraphs: its work grows faster than the page)."""
    body = PARAGRAPH * (6 * 2**20 // len(PARAGRAPH))
    return _write(folder, "slow.html", f"<html><body><article>{body}</article></body></html>")


def test_a_file_over_the_time_limit_is_refused_and_the_batch_goes_on(store, tmp_path: Path) -> None:
    slow = _slow_page(tmp_path)
    good = _write(tmp_path, "good.txt", "Good title\nGood body.\n")

    reports = import_paths(store, [slow, good], extract=False, read_limit=1.0)

    assert [r.outcome for r in reports] == [Outcome.FAILED, Outcome.IMPORTED]
    assert reports[0].line() == f"{slow}: took longer than 1 s to read; refused"
    assert reports[1].line() == f"{good}: imported as 'Good title'"


def test_cancel_stops_a_file_that_is_being_read(tmp_path: Path) -> None:
    slow = _slow_page(tmp_path)
    others = _reading_children()
    with FileReader() as reader:
        start = time.monotonic()
        with pytest.raises(OperationCancelled):
            reader.read(slow, lambda: time.monotonic() > start + 0.5)
        assert _reading_children() == others  # killed, not left parsing


def _reading_children(but: Collection[BaseProcess] = ()) -> set[BaseProcess]:
    """This process's reading children, but those in `but` (other tests' readers)."""
    children = multiprocessing.active_children()
    return {p for p in children if p.name == "claimdesk-import" and p not in but}


def test_a_reader_that_dies_fails_only_its_file(tmp_path: Path) -> None:
    slow = _slow_page(tmp_path)
    good = _write(tmp_path, "good.txt", "Good title\nGood body.\n")
    others = _reading_children()
    with FileReader() as reader:
        assert reader.read(good, _never).title == "Good title"
        killer = threading.Timer(0.5, lambda: [p.kill() for p in _reading_children(others)])
        killer.start()
        with pytest.raises(ImportFailure, match=r"ended unexpectedly \(exit code -9\); refused$"):
            reader.read(slow, _never)
        killer.join()
        assert reader.read(good, _never).title == "Good title"  # in a new child
        for child in _reading_children(others):
            child.kill()  # an idle child that dies between files is replaced silently
            child.join()
        assert reader.read(good, _never).title == "Good title"


ORPHAN_SCRIPT = """
import multiprocessing, os, signal, sys, threading
from pathlib import Path
from claimdesk.core.reader_process import FileReader

def die():
    print(*[p.pid for p in multiprocessing.active_children()], flush=True)
    os.kill(os.getpid(), signal.SIGKILL)

if __name__ == "__main__":
    reader = FileReader(limit=1.0)
    reader.read(Path(sys.argv[1]), bool)  # the child is up
    threading.Timer(0.3, die).start()
    reader.read(Path(sys.argv[2]), bool)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc; the CPU limit is POSIX's")
def test_a_reader_left_parsing_by_a_killed_parent_stops_by_itself(tmp_path: Path) -> None:
    script = _write(tmp_path, "orphan.py", ORPHAN_SCRIPT)
    good = _write(tmp_path, "good.txt", "Good title\nGood body.\n")
    done = subprocess.run(
        [sys.executable, script, good, _slow_page(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == -9, done.stderr
    (child,) = map(int, done.stdout.split())
    deadline = time.monotonic() + HANG_GUARD  # ~3 s of CPU; unlimited, it parses for a minute
    while _running(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _running(child)


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state not in ("Z", "X")  # a zombie has ended; only its parent has not reaped it


def test_parser_crash_and_undecodable_name_do_not_stop_the_batch(store, tmp_path: Path) -> None:
    crash = _write(tmp_path, "min.html", "</><svg><meta><p>")  # AssertionError inside lxml
    latin = Path(os.fsdecode(os.fsencode(tmp_path) + b"/lat\xe9in.txt"))
    _write(tmp_path, latin.name, "Latin title\nLatin body.\n")
    good = _write(tmp_path, "z-good.txt", "Good title\nGood body.\n")

    reports = import_paths(store, [crash, latin, good], extract=False)

    assert [r.outcome for r in reports] == [Outcome.FAILED, Outcome.IMPORTED, Outcome.IMPORTED]
    assert reports[0].line() == (
        f"{crash}: could not be read as HTML (parser error: AssertionError)"
    )
    assert reports[1].path == f"{tmp_path}/lat\\xe9in.txt"  # valid Unicode, shows the byte
    with store.reading() as session:
        origins = sorted(session.scalars(select(Article.origin)))
    assert origins == ["lat\\xe9in.txt", "z-good.txt"]


def test_folder_with_undecodable_names_imports_and_reports_them(store, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _write(inbox, os.fsdecode(b"caf\xe9.txt"), "Cafe title\nBody.\n")
    _write(inbox, os.fsdecode(b"empty\xff.txt"), "")

    reports = {r.path: r for r in import_paths(store, [inbox], extract=False)}

    assert reports[f"{inbox}/caf\\xe9.txt"].outcome is Outcome.IMPORTED
    assert reports[f"{inbox}/empty\\xff.txt"].line() == f"{inbox}/empty\\xff.txt: file is empty"


def test_cli_import_reports_the_bad_file_and_imports_the_rest(tmp_path: Path) -> None:
    bad = _write(tmp_path, "a.html", "</><svg><meta><p>")
    good = _write(tmp_path, "b.txt", "Good title\nGood body.\n")
    db = tmp_path / "library.sqlite3"

    done = subprocess.run(
        [sys.executable, "-m", "claimdesk", "--db", str(db), "import", "--no-extract", bad, good],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert f"{bad}: could not be read as HTML (parser error: AssertionError)" in (
        done.stderr.splitlines()
    )
    assert done.stdout.splitlines() == [f"{good}: imported as 'Good title'"]
