"""Writing a report on a real disk: full disks, killed exports, and the library as the target."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from reportkit import Sample

from claimdesk.core.store import open_store
from claimdesk.reports import ExportError, export
from claimdesk.reports.exporter import STALE_PART_SECONDS
from conditions import tmpfs

# Runs an export in a fresh process: argv = library, format, target, then `setup` code run
# just before the export (with the store already open, as the window and CLI have it).
EXPORT_SCRIPT = """
import os, resource, signal, sys
from pathlib import Path
from claimdesk.core.errors import ClaimdeskError
from claimdesk.core.store import open_store
from claimdesk.reports import export
store = open_store(sys.argv[1])
{setup}
try:
    export(store, sys.argv[2], Path(sys.argv[3]))
except ClaimdeskError as exc:
    print(exc)
    sys.exit(1)
"""


def run_export(
    library: Path, fmt: str, target: Path, setup: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", EXPORT_SCRIPT.format(setup=setup), str(library), fmt, str(target)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=120,  # a hang guard only
        check=False,
    )


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def library(sample: Sample) -> Path:
    """The sample library's file, closed so a subprocess can use it alone."""
    path = sample.store.path
    assert path is not None
    sample.store.close()
    return path


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_a_file_size_limit_is_reported_and_leaves_nothing(
    library: Path, tmp_path: Path, fmt: str
) -> None:
    """RLIMIT_FSIZE makes the OS refuse writes past 8 KiB with EFBIG, as a full disk refuses
    them with ENOSPC; it needs no privileges, so it runs everywhere."""
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / f"r.{fmt}"
    limit = (
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (8192, resource.RLIM_INFINITY))"
    )
    result = run_export(library, fmt, target, limit)
    assert result.returncode == 1, result.stderr
    assert (
        result.stdout
        == f"{target}: file too large for this disk or size limit, report not written\n"
    )
    assert leftovers(folder) == []


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 64 KiB file system, 56 KiB of it already used (skipped where it cannot be
    mounted)."""
    with tmpfs(tmp_path / "small", "64k") as mount:
        (mount / "filler").write_bytes(b"x" * 56 * 1024)
        yield mount


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_a_full_disk_is_reported_and_the_earlier_report_kept(
    sample: Sample, small_disk: Path, fmt: str, qapp: object
) -> None:
    target = small_disk / f"r.{fmt}"
    target.write_bytes(b"the previous report")
    with pytest.raises(ExportError) as raised:
        export(sample.store, fmt, target)
    assert str(raised.value) == f"{target}: disk full, report not written"
    assert target.read_bytes() == b"the previous report"
    assert leftovers(small_disk) == ["filler", target.name]


def test_the_next_export_removes_what_a_killed_one_left(library: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "r.html"
    # Killed (SIGKILL, nothing runs after it) with the report written but not yet renamed.
    kill = "os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGKILL)"
    result = run_export(library, "html", target, kill)
    assert result.returncode == -9, result.stderr
    [stale] = folder.iterdir()
    assert stale.name.startswith(".r.html.") and stale.name.endswith(".part")
    assert b"Fact-check report" in stale.read_bytes()
    past = time.time() - STALE_PART_SECONDS - 60
    os.utime(stale, (past, past))
    # Not ours, or not stale: another export writing right now, and files of the same look.
    running = folder / ".r.html.0123abcd.part"
    running.write_text("another export, still writing")
    kept = [folder / ".notes.part", folder / ".r.html.NOTHEX00.part", folder / "r.0123abcd.part"]
    for path in kept:
        path.write_text("someone else's")
        os.utime(path, (past, past))
    (folder / ".d.0123abcd.part").mkdir()
    os.utime(folder / ".d.0123abcd.part", (past, past))

    store = open_store(library)
    try:
        export(store, "md", folder / "other.md")
    finally:
        store.close()
    assert not stale.exists()
    assert leftovers(folder) == sorted(
        [running.name, ".d.0123abcd.part", "other.md", *(p.name for p in kept)]
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    "target",
    [
        "{library}",
        "{library}-wal",
        "{library}-shm",
        "{library}-journal",
        "{folder}/sub/../{name}",
        "{elsewhere}/symlink",
        "{elsewhere}/hardlink",
        "{elsewhere}/symlink-to-folder/{name}",
    ],
)
def test_the_library_itself_is_never_a_target(sample: Sample, tmp_path: Path, target: str) -> None:
    library = sample.store.path
    assert library is not None
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (library.parent / "sub").mkdir()
    (elsewhere / "symlink").symlink_to(library)
    os.link(library, elsewhere / "hardlink")
    (elsewhere / "symlink-to-folder").symlink_to(library.parent, target_is_directory=True)
    out = Path(
        target.format(
            library=library, folder=library.parent, name=library.name, elsewhere=elsewhere
        )
    )
    before = {p: _digest(p) for p in library.parent.iterdir() if p.is_file()}
    with pytest.raises(ExportError, match=r"is the library .* choose another file name"):
        export(sample.store, "pdf", out)
    assert {p: _digest(p) for p in library.parent.iterdir() if p.is_file()} == before
    assert leftovers(elsewhere) == ["hardlink", "symlink", "symlink-to-folder"]
    fine = tmp_path / "fine.json"
    assert export(sample.store, "json", fine, include_dismissed=True).claims == len(sample.claims)


def test_the_command_line_refuses_the_library_as_target(library: Path, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "claimdesk", "--db", str(library), "export"]
    result = subprocess.run(
        [*command, "--format", "html", "--out", str(library)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "is the library" in result.stderr and "choose another file name" in result.stderr
    assert library.read_bytes().startswith(b"SQLite format 3\x00")
    store = open_store(library)
    try:
        assert export(store, "json", tmp_path / "after.json", include_dismissed=True).claims == 7
    finally:
        store.close()
