"""Opening the gateway's library behind the window's first screen (see ui.gateway).

A library whose first screen was read without SQLAlchemy (core.first_screen, `Unopened`) is
opened on the read lane, as its first task, once the window has been painted (`begin`):
reads queue behind it, jobs wait for it (`when_open`), and the GUI thread, should it write
first, waits for it (`wait`). Whatever the open's outcome (open, failed or cancelled),
nobody waits for it any longer; why it failed is kept, for the write that waited for it.

The gateway owns one and hands `run` the open itself: this module imports neither the
gateway nor SQLAlchemy nor the store.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

from claimdesk.core.errors import OperationCancelled, StoreError

WAIT_POLL_S = 0.05  # how often a task waiting for the store looks whether it was cancelled
OPEN_HANG_GUARD_S = 60.0  # the GUI thread waits for a store being opened; a hang guard only

T = TypeVar("T")


class LibraryOpening:
    """Whether the store may open, has opened (or failed to), and why it failed."""

    def __init__(self, display_name: str) -> None:
        self.display_name = display_name
        self.opened = threading.Event()  # set once the store is open, or failed to open
        self.failure: str | None = None  # why it failed to open (said by the window)
        self.may_open = threading.Event()  # the window has been painted, or needs the store

    def begin(self) -> None:
        """Let the store open (the window has shown its first screen, or is closing)."""
        self.may_open.set()

    def wait(self) -> None:
        """The GUI thread's synchronous writes and settings wait for the rest of an open
        that has just begun (reads and jobs queue behind it instead)."""
        if not self.opened.is_set():
            self.may_open.set()
            if not self.opened.wait(OPEN_HANG_GUARD_S):
                raise StoreError(f"{self.display_name}: is taking too long to open")

    def run(self, open_store: Callable[[], T], is_cancelled: Callable[[], bool]) -> T:
        """Worker thread: `open_store()` once the window lets it (or closes)."""
        try:
            while not self.may_open.wait(WAIT_POLL_S):
                if is_cancelled():
                    raise OperationCancelled()
            if is_cancelled():
                raise OperationCancelled()
            return open_store()
        except StoreError as exc:
            self.failure = str(exc)
            raise
        finally:
            self.opened.set()  # failed or cancelled too: nobody waits for it any longer

    def when_open(self, is_cancelled: Callable[[], bool]) -> None:
        """Worker thread: wait for the open to end, unless the task is cancelled first."""
        while not self.opened.wait(WAIT_POLL_S):
            if is_cancelled():
                raise OperationCancelled()
