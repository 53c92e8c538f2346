"""core.memory: threads share the capped number of C heaps, and a trim is harmless."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="glibc's arenas")

PROBE = """\
import ctypes, sys, tempfile, threading
from claimdesk.core.memory import give_back_memory, limit_arenas

if sys.argv[1] == "capped":
    limit_arenas(2)
ready = threading.Barrier(7)

def work():
    kept = [bytearray(50_000) for _ in range(20)]  # from this thread's heap
    ready.wait()  # all alive at once, so no thread's heap is handed on to another
    ready.wait()

threads = [threading.Thread(target=work) for _ in range(6)]
for thread in threads:
    thread.start()
ready.wait()
libc = ctypes.CDLL(None)
libc.fopen.restype = ctypes.c_void_p
with tempfile.NamedTemporaryFile("r") as report:
    stream = ctypes.c_void_p(libc.fopen(report.name.encode(), b"w"))
    libc.malloc_info(0, stream)
    libc.fclose(stream)
    print(report.read().count("<heap nr="))
ready.wait()
for thread in threads:
    thread.join()
give_back_memory()
"""


def heaps(mode: str) -> int:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, mode], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return int(result.stdout)


def test_threads_share_at_most_the_capped_heaps() -> None:
    assert heaps("free") > 2  # each thread would take a heap of its own
    assert heaps("capped") <= 2
