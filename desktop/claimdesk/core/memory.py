"""Keep the C heap of a long-running process from holding memory it no longer uses.

glibc gives every thread that allocates its own heap ("arena"), up to 8 per core, and keeps
what is freed in each for later use by that thread alone. In the window, reads and jobs run
on pool threads: an import's 2 MB text and 11,000 claims, then a poll every half second,
each left their own arena's worth behind (the window grew 40 MB while a match scan ran
after a 2 MB import). Elsewhere (macOS, Windows, musl) these do nothing.
"""

from __future__ import annotations

import contextlib
import ctypes

M_ARENA_MAX = -8  # glibc's mallopt parameter
WINDOW_ARENAS = 2


def limit_arenas(arenas: int = WINDOW_ARENAS) -> None:
    """Let all threads share at most `arenas` heaps; call it before any thread starts."""
    with contextlib.suppress(OSError, TypeError, AttributeError):  # not glibc: nothing to do
        ctypes.CDLL(None).mallopt(M_ARENA_MAX, arenas)


def give_back_memory() -> None:
    """Return the freed heap to the system after a big job, while the process waits.

    1 ms; collect cyclic garbage first where it matters (gc.collect costs 20-30 ms with
    spaCy loaded, which a `claimdesk import` about to exit does not need)."""
    with contextlib.suppress(OSError, TypeError, AttributeError):  # not glibc: nothing to do
        ctypes.CDLL(None).malloc_trim(0)
