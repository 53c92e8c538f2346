"""Issue 15: the extraction child dies with its window, however the window's process ends."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and fork are POSIX")

# The window's side, as main_window runs it: ExtractionProcess from child_process.py, one real
# job so the child has loaded the pipeline, then (unless "idle") a long job in a worker thread.
WINDOW = """
import os, sys, threading, time
from claimdesk.core.extraction.child_process import ExtractionProcess
from claimdesk.core.seeding import seed_drafts

mode = sys.argv[1]
texts = [d.text for d in seed_drafts()]
process = ExtractionProcess()
assert process.extract(texts)[0]
holder = 0
if mode == "held":
    holder = os.fork()
    if holder == 0:  # keeps every descriptor of the window, its end of the pipe included
        time.sleep(300)
        os._exit(0)
if mode != "idle":
    busy = threading.Event()
    job = {"progress": lambda done, total: busy.set()}
    threading.Thread(target=process.extract, args=(texts * 300,), kwargs=job, daemon=True).start()
    busy.wait()
print(process.pid(), holder, flush=True)
time.sleep(300)
"""
HANG_GUARD = 30.0  # seconds; the child normally goes within one poll of its watch


def _gone(pid: int) -> bool:
    """Whether a process has ended; a zombie nobody reaps has ended too."""
    try:
        if Path("/proc/self").exists():
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
            return state in ("Z", "X")
        os.kill(pid, 0)
    except (FileNotFoundError, ProcessLookupError):
        return True
    return False


@pytest.mark.parametrize(
    "mode",
    [
        "idle",  # between jobs: the child is waiting on the pipe
        "busy",  # mid-job: the child is parsing and sending progress
        "held",  # mid-job, while a process the window forked still holds its end of the pipe
    ],
)
def test_sigkill_of_the_window_ends_its_extraction_child(mode: str, tmp_path: Path) -> None:
    errors = tmp_path / "window.err"
    with errors.open("w") as stderr:
        window = subprocess.Popen(
            [sys.executable, "-c", WINDOW, mode], stdout=subprocess.PIPE, stderr=stderr, text=True
        )
    child = holder = 0
    try:
        ready, _, _ = select.select([window.stdout], [], [], 300)
        assert ready and window.stdout is not None, errors.read_text()
        child, holder = map(int, window.stdout.readline().split())
        assert not _gone(child)
        window.send_signal(signal.SIGKILL)
        window.wait()
        deadline = time.monotonic() + HANG_GUARD
        while not _gone(child) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _gone(child), f"the extraction child outlived its window ({mode})"
    finally:
        for pid in (holder, child):
            if pid and not _gone(pid):
                os.kill(pid, signal.SIGKILL)
        if window.poll() is None:
            window.kill()
            window.wait()
