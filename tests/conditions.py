"""Real conditions a library meets, set up by tests: a small or full disk, a held write lock.

Shared by the store, command-line and report tests (tests/ is on sys.path through its
conftest), so each condition is made one way everywhere.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def run_quietly(*command: str) -> bool:
    """Whether `command` succeeded (False if there is no such program); its output is dropped."""
    try:
        return subprocess.run(command, capture_output=True, check=False).returncode == 0
    except OSError:
        return False


@contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A small real file system of its own at `folder` (created), `size` as mount takes it.

    Skips the test where this process may not mount (not Linux, not root, no CAP_SYS_ADMIN).
    """
    if not sys.platform.startswith("linux") or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root on Linux")
    folder.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def fill(folder: Path, leave: int = 0) -> Path:
    """Fill the disk holding `folder` until at most `leave` bytes are free; return the filler.

    With `leave` 0 it writes until the disk refuses (ENOSPC), so what closing a file freed
    is taken too.
    """
    filler = folder / "filler"
    disk = os.statvfs(folder)
    free = disk.f_bavail * disk.f_frsize
    handle = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        if leave:
            os.write(handle, bytes(max(0, free - leave)))
        else:
            while os.write(handle, bytes(4096)):
                pass
    except OSError:  # ENOSPC: the disk is full
        pass
    finally:
        os.close(handle)
    return filler


@contextmanager
def write_lock(path: Path) -> Iterator[sqlite3.Connection]:
    """Another connection's write transaction on the library at `path`, held for the block
    (as a long import in another Claimdesk holds it). The connection is given to the block,
    which may end the transaction itself; a transaction still open at the end is rolled back."""
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        holder.execute("UPDATE claimdesk_meta SET value = value WHERE key = 'seeded'")
        yield holder
    finally:
        if holder.in_transaction:
            holder.execute("ROLLBACK")
        holder.close()
