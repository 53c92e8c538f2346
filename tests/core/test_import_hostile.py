"""Hostile import files: no pattern backtracks for ever, a slow parser is cut off, and one
bad file never stops the batch. Every hostile input is generated here, none is committed."""

from __future__ import annotations

import codecs
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Collection, Iterator
from multiprocessing.process import BaseProcess
from pathlib import Path

import pytest
from sqlalchemy import select

from claimdesk.core import importing
from claimdesk.core.dberrors import StorageFullError
from claimdesk.core.errors import ClaimdeskError, ImportFailure, OperationCancelled
from claimdesk.core.extraction.child_process import ExtractionError
from claimdesk.core.extraction.extractor import IN_THIS_PROCESS
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


def _python(*args: object, timeout: float = 120, **env: str) -> subprocess.CompletedProcess[str]:
    """A fresh interpreter running `args` (a script and its arguments, or -m ...), with
    `env` added to this process's environment; its output as text, whatever its exit."""
    return subprocess.run(
        [sys.executable, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, **env},
    )


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
    done = _python(script, good, _slow_page(tmp_path))
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

    done = _python("-m", "claimdesk", "--db", db, "import", "--no-extract", bad, good)

    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert f"{bad}: could not be read as HTML (parser error: AssertionError)" in (
        done.stderr.splitlines()
    )
    assert done.stdout.splitlines() == [f"{good}: imported as 'Good title'"]


def _nest(top: Path, depth: int) -> int:
    """Make `depth` folders each inside the last, by descriptor (no long path is ever
    passed to the system); returns an open descriptor of the deepest one."""
    fd = os.open(top, os.O_RDONLY)
    for _ in range(depth):
        os.mkdir("a", dir_fd=fd)
        inner = os.open("a", os.O_RDONLY, dir_fd=fd)
        os.close(fd)
        fd = inner
    return fd


def _unnest(top: Path) -> None:
    """Remove what _nest made, one level at a time with short paths (shutil.rmtree
    recurses, and so fails on such a tree before Python 3.12)."""
    while (top / "a" / "a").is_dir():
        (top / "a" / "a").rename(top / "inner")
        for leftover in (top / "a").iterdir():
            leftover.unlink()
        (top / "a").rmdir()
        (top / "inner").rename(top / "a")
    for leftover in (top / "a").iterdir():
        leftover.unlink()
    (top / "a").rmdir()


@pytest.fixture
def inbox(tmp_path: Path) -> Iterator[Path]:
    """A folder for deep trees, removed by this test (see _unnest)."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    yield folder
    for top in folder.iterdir():
        if (top / "a").is_dir():
            _unnest(top)


@pytest.mark.skipif(sys.platform == "win32", reason="Windows limits paths differently")
def test_a_folder_tree_deeper_than_the_recursion_limit_is_walked(store, inbox: Path) -> None:
    (inbox / "deep").mkdir()
    (inbox / "too-deep").mkdir()
    deepest = _nest(inbox / "deep", sys.getrecursionlimit() + 500)
    with open(
        "bottom.txt", "w", encoding="utf-8", opener=lambda p, f: os.open(p, f, dir_fd=deepest)
    ) as f:
        f.write("Bottom title\nBottom body.\n")
    os.close(deepest)
    os.close(_nest(inbox / "too-deep", 2_100))  # its path grows past the system's limit
    _write(inbox, "z-good.txt", "Good title\nGood body.\n")

    reports = import_paths(store, [inbox], extract=False)

    assert [r.outcome for r in reports] == [Outcome.IMPORTED, Outcome.FAILED, Outcome.IMPORTED]
    assert reports[0].path.endswith("/a/bottom.txt")
    assert reports[1].message == "file name too long"
    assert reports[1].path.startswith(f"{inbox}/too-deep/a/a/")
    assert reports[2].line() == f"{inbox}/z-good.txt: imported as 'Good title'"


# Files within the size limit made of millions of short lines: every line tried in Python
# for front matter or a title took 10-40 s (issue 10, item 2).
MB = 2**20
MANY_LINES = {
    "front-matter-never-closed.md": b"---\n" + b"-\n" * (19 * MB // 2),
    "fence-lines.md": b"```\n" * (19 * MB // 4),
    "rule-lines-then-a-letter.txt": b"-\n" * (19 * MB // 2) + b"x",
    "short-sentences.md": b"a.\n" * (19 * MB // 3),
}


@pytest.mark.parametrize("name", sorted(MANY_LINES))
def test_title_and_front_matter_are_looked_for_in_the_head_only(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    lines_read = 0
    all_lines = importing._lines

    def counted(text: str, start: int = 0) -> Iterator[tuple[str, int]]:
        nonlocal lines_read
        for line in all_lines(text, start):
            lines_read += 1
            yield line

    monkeypatch.setattr(importing, "_lines", counted)
    data = MANY_LINES[name]

    draft = importing.draft_from_bytes(data, name)

    assert lines_read <= 3 * 1_000  # front matter, heading and first line: 1,000 lines each
    assert len(draft.text) > 9 * MB and draft.title


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-be", "utf-32"])
def test_nul_is_refused_whatever_the_byte_order_mark(encoding: str) -> None:
    data = "Tit\0le\nBody.\n".encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    with pytest.raises(ImportFailure, match=r"^nul\.txt: binary file \(contains NUL bytes\)"):
        decode_text(data, "nul.txt", html=False)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("ctrl.txt", "\x1b[31mRed\x07alert\x9b!\nBody \x1b text.\n"),
        ("ctrl.md", "---\ntitle: \x1b[31mRed\x07alert\x9b!\n---\nBody \x1b text.\n"),
    ],
)
def test_control_characters_leave_the_title_but_stay_in_the_text(name: str, data: str) -> None:
    draft = importing.draft_from_bytes(data.encode("utf-8"), name)
    assert draft.title == "[31mRed alert !"
    # The body verbatim (offsets index it); the title line is metadata in both formats.
    assert draft.text == "Body \x1b text."


def test_an_unexpected_error_while_reading_refuses_only_that_file(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    good = _write(tmp_path, "good.txt", "Good title\nGood body.\n")
    odd = tmp_path / "nul\0name.txt"  # os.stat raises ValueError, not OSError, in the child
    with FileReader() as reader:
        with pytest.raises(
            ImportFailure, match=r"nul\x00name\.txt: internal error while reading; refused$"
        ):
            reader.read(odd, _never)
        assert reader.read(good, _never).title == "Good title"
    assert "internal error while reading" in caplog.text
    assert "ValueError: embedded null byte" in caplog.text  # the child's traceback, logged


# A script that starts a reader without the __main__ guard (children no longer run the
# parent's script again, so it works) and says how the reader was started: forked in a
# process with no other thread (the command line), spawned beside another thread (the
# window). With --thread it starts one first; given a broken interpreter for spawned
# children ("/bin/false" exits 1 at once), it must say the reader could not start.
NO_MAIN_GUARD = """
import multiprocessing, sys, threading, time
from pathlib import Path
from claimdesk.core.child_processes import CONTEXT
from claimdesk.core.errors import ClaimdeskError, ImportFailure
from claimdesk.core.reader_process import FileReader

if sys.argv[1] == "--broken-interpreter":
    CONTEXT.set_executable("/bin/false")
    sys.argv[1] = "--thread"
if sys.argv[1] == "--thread":
    threading.Thread(target=time.sleep, args=(600,), daemon=True).start()
    sys.argv.pop(1)

try:
    with FileReader(limit=1.0) as reader:
        for name in sys.argv[1:]:
            try:
                print("read:", reader.read(Path(name), bool).title)
            except ImportFailure as failure:
                print("refused:", failure.reason)
            started = {type(p).__name__ for p in multiprocessing.active_children()}
            print("reader:", *sorted(started & {"ForkProcess", "SpawnProcess"}))
except ClaimdeskError as error:
    print("batch:", error)
"""


def _run_reader_script(
    tmp_path: Path, *flags: str, files: Collection[Path] = ()
) -> subprocess.CompletedProcess[str]:
    script = _write(tmp_path, "no_guard.py", NO_MAIN_GUARD)
    files = files or [_write(tmp_path, f"{n}.txt", f"Title {n}\nBody.\n") for n in range(3)]
    return _python(script, *flags, *files)


def test_a_script_without_a_main_guard_reads_its_files(tmp_path: Path) -> None:
    done = _run_reader_script(tmp_path)
    assert [line for line in done.stdout.splitlines() if line.startswith("read:")] == [
        f"read: Title {n}" for n in range(3)
    ], done.stderr


@pytest.mark.skipif(sys.platform != "linux", reason="forks only on Linux")
@pytest.mark.parametrize(
    ("flags", "started"), [((), "ForkProcess"), (("--thread",), "SpawnProcess")]
)
def test_the_reader_is_forked_only_in_a_process_with_no_other_thread(
    tmp_path: Path, flags: tuple[str, ...], started: str
) -> None:
    """Forked (a few ms, where spawning costs ~0.1 s of CPU) or spawned, it reads, refuses a
    file over the limit, and the next file is read by a new child started the same way."""
    good = _write(tmp_path, "good.txt", "Good title\nGood body.\n")
    done = _run_reader_script(tmp_path, *flags, files=[good, _slow_page(tmp_path), good])
    assert done.stdout.splitlines() == [
        "read: Good title",
        f"reader: {started}",
        "refused: took longer than 1 s to read; refused",
        "reader:",  # killed with its file
        "read: Good title",
        f"reader: {started}",
    ], done.stderr


@pytest.mark.skipif(not Path("/bin/false").exists(), reason="needs /bin/false")
def test_a_reader_that_cannot_start_is_one_batch_error(tmp_path: Path) -> None:
    done = _run_reader_script(tmp_path, "--broken-interpreter")
    assert done.stdout.splitlines() == [
        "batch: the process that reads import files could not start (exit code 1); "
        "nothing more was imported"
    ], done.stderr


def test_a_reader_the_system_refuses_is_one_batch_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(self: BaseProcess) -> None:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(BaseProcess, "start", refused)  # what fork() says at the process cap
    good = _write(tmp_path, "good.txt", "Good title\nGood body.\n")
    with FileReader() as reader, pytest.raises(ClaimdeskError) as raised:
        reader.read(good, _never)
    assert str(raised.value) == (
        "a helper process could not start (Resource temporarily unavailable)"
    )


# A forked reader, idle, then its pipe closed as `stop_child` closes it: it must see the end
# of the pipe and leave by itself (exit 0), not wait to be killed (-9).
IDLE_FORK_SCRIPT = """
from claimdesk.core.child_processes import start_child, stop_child
from claimdesk.core.reader_process import _serve

process, ours = start_child(_serve, (60.0,), "claimdesk-import", may_fork=True)
assert ours.recv() == "ready"
stop_child(process, ours, grace=30)
print(type(process).__name__, process.exitcode)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="forks only on Linux")
def test_an_idle_forked_reader_leaves_when_its_pipe_closes(tmp_path: Path) -> None:
    script = _write(tmp_path, "idle_fork.py", IDLE_FORK_SCRIPT)
    done = _python(script)
    assert done.stdout.split() == ["ForkProcess", "0"], done.stderr


# `claimdesk import` as typed, noting how each child is started.
CLI_IMPORT_SCRIPT = """
import sys
from claimdesk.core import child_processes

started = []
real = child_processes._context

def noting():
    started.append(real().get_start_method())
    return real()

child_processes._context = noting
from claimdesk.cli import main

code = main(["--db", sys.argv[1], "import", sys.argv[2]])
print("started:", code, *started)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="forks only on Linux")
def test_the_command_line_forks_its_reader_before_numpy_starts_threads(tmp_path: Path) -> None:
    """numpy's BLAS starts threads as it loads; a reader started after that is spawned."""
    script = _write(tmp_path, "cli_import.py", CLI_IMPORT_SCRIPT)
    article = _write(tmp_path, "a.txt", "A title\nThe mayor said 40 cafés closed in 2024.\n")
    library = tmp_path / "lib.sqlite3"
    env = {"CLAIMDESK_CONFIG_DIR": str(tmp_path), "CLAIMDESK_REVIEWER": "ana"}
    made = _python("-m", "claimdesk", "--db", library, "articles", timeout=300, **env)  # seeded
    assert made.returncode == 0, made.stderr
    done = _python(script, library, article, timeout=300, **env)
    assert done.stdout.splitlines()[-1] == "started: 0 fork", done.stderr


# The reader idle between two files when its parent is killed, while a process the parent
# forked still holds the parent's end of the pipe: the child's read never ends, and it
# uses no CPU, so only the parent watch can end it.
HELD_PIPE_SCRIPT = """
import multiprocessing, os, signal, sys, time
from pathlib import Path
from claimdesk.core.reader_process import FileReader

if __name__ == "__main__":
    reader = FileReader()
    reader.read(Path(sys.argv[1]), bool)
    holder = os.fork()
    if holder == 0:
        time.sleep(300)
        os._exit(0)
    print(*[p.pid for p in multiprocessing.active_children()], holder, flush=True)
    os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc; fork is POSIX")
def test_a_reader_blocked_when_its_parent_is_killed_ends(tmp_path: Path) -> None:
    script = _write(tmp_path, "held.py", HELD_PIPE_SCRIPT)
    good = _write(tmp_path, "good.txt", "Good title\nGood body.\n")
    # Not run(): it reads the output to its end, which the holder keeps open.
    with subprocess.Popen(
        [sys.executable, script, good], stdout=subprocess.PIPE, text=True
    ) as parent:
        assert parent.stdout is not None
        child, holder = map(int, parent.stdout.readline().split())
        assert parent.wait(timeout=120) == -9
    try:
        deadline = time.monotonic() + HANG_GUARD  # the watch polls twice a second
        while _running(child) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _running(child)
    finally:
        os.kill(holder, signal.SIGKILL)


class _FailsOnSecondFile:
    """Real extraction, but the second file's text raises `error` (alone or in a batch with
    others), as a dying child or spaCy might."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def extract(self, texts, *, progress=None, is_cancelled=None):
        if any(" 2%" in text or "Body 2." in text for text in texts):
            raise self.error
        return IN_THIS_PROCESS.extract(texts, progress=progress, is_cancelled=is_cancelled)

    def version_used(self) -> str:
        return IN_THIS_PROCESS.version_used()


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (
            ExtractionError(
                "claim extraction stopped: the extraction process ended (exit code -9)"
            ),
            "claim extraction stopped: the extraction process ended (exit code -9); not imported",
        ),
        (MemoryError(), "internal error while importing it (MemoryError); not imported"),
    ],
    ids=["extraction-child-died", "spacy-raised"],
)
def test_extraction_failing_on_one_file_fails_only_that_file(
    store, tmp_path: Path, error: Exception, message: str
) -> None:
    files = [
        _write(tmp_path, f"{n}.txt", f"Title {n}\nThe minister said GDP grew {n}% in 2023.\n")
        for n in (1, 2, 3)
    ]

    reports = import_paths(store, files, extraction=_FailsOnSecondFile(error))

    assert [r.outcome for r in reports] == [Outcome.IMPORTED, Outcome.FAILED, Outcome.IMPORTED]
    assert reports[1].line() == f"{files[1]}: {message}"
    with store.reading() as session:  # nothing half-written: no article without its claims
        assert sorted(session.scalars(select(Article.title))) == ["Title 1", "Title 3"]


def test_a_library_error_during_extraction_still_stops_the_batch(store, tmp_path: Path) -> None:
    files = [_write(tmp_path, f"{n}.txt", f"Title {n}\nBody {n}.\n") for n in (1, 2, 3)]
    full = StorageFullError("library.sqlite3: the disk is full")
    with pytest.raises(StorageFullError):
        import_paths(store, files, extraction=_FailsOnSecondFile(full))
