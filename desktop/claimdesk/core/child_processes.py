"""Start, stop and watch the app's helper processes (the import reader and the extractor).

Both run code that a signal cannot interrupt, in a child of their own, and both must
end with the process that started them, however it ended.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import sys
import threading
import time
import types
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from multiprocessing.context import ForkContext, SpawnContext
from multiprocessing.process import BaseProcess

from claimdesk.core.errors import ClaimdeskError, OperationCancelled

# "spawn", not "fork", wherever another thread runs: forking a process that runs Qt
# threads (or any thread holding a lock) can deadlock the child.
CONTEXT = multiprocessing.get_context("spawn")
_PARENT_POLL_SECONDS = 0.5  # how soon a child notices that its parent is gone


def start_child(
    target: Callable[..., None], args: tuple[object, ...], name: str, *, may_fork: bool = False
) -> tuple[BaseProcess, Connection]:
    """A running child with `target(connection, *args)` and the parent's end of its pipe.

    `may_fork` only for a child that never touches the library: a forked child inherits
    this process's open SQLite connections (their files and what SQLite holds in memory
    about their locks), which must never be used, nor closed, from another process.

    Raises:
        ClaimdeskError: the system refused a new process (too many, out of memory).
    """
    context = _context() if may_fork else CONTEXT
    ours, theirs = context.Pipe()
    process: BaseProcess
    if context is CONTEXT:
        process = context.Process(target=target, args=(theirs, *args), name=name, daemon=True)
    else:  # a forked child has our end of the pipe too: closed, its reads end with ours
        forked = (ours, target, theirs, *args)
        process = context.Process(target=_forked, args=forked, name=name, daemon=True)
    try:
        with _main_left_behind() if context is CONTEXT else contextlib.nullcontext():
            process.start()
    except OSError as exc:
        ours.close()
        raise ClaimdeskError(f"a helper process could not start ({exc.strerror or exc})") from exc
    finally:
        theirs.close()  # so the parent's reads fail once the child is gone
    return process, ours


def _forked(
    parent_end: Connection, target: Callable[..., None], theirs: Connection, *args: object
) -> None:
    parent_end.close()
    target(theirs, *args)


def _context() -> SpawnContext | ForkContext:
    """Fork in a process with no other thread on Linux (the command line), else spawn.

    A spawned child starts a new interpreter, imports its modules and a resource tracker:
    ~0.1 s of CPU, a thirtieth of importing one article on one core. A fork copies this
    one in a few ms, and with no other thread no lock can be held by a thread that the
    child would lack. Counted from /proc, so threads started by native code count too.
    """
    if sys.platform != "linux":
        return CONTEXT
    try:
        threads = len(os.listdir("/proc/self/task"))
    except OSError:
        return CONTEXT
    return multiprocessing.get_context("fork") if threads == 1 else CONTEXT


_MAIN_LOCK = threading.Lock()


@contextlib.contextmanager
def _main_left_behind() -> Iterator[None]:
    """Start a child that does not run the parent's main script again.

    A spawned child runs it so that a target defined there can be found; ours never are.
    Run again, the `claimdesk` script imports the whole command line in every child
    (36 MB and 0.4 s of CPU before any work; a benchmark's script, Qt too). While the child
    starts, multiprocessing sees a main module with nothing to run.
    """
    with _MAIN_LOCK:
        main = sys.modules["__main__"]
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            sys.modules["__main__"] = main


def stop_child(process: BaseProcess | None, connection: Connection | None, grace: float) -> None:
    """Close the pipe, let the child leave within `grace` seconds, else kill it.

    An idle child leaves when its pipe closes; a busy one would never notice, and waiting
    for it could mean waiting for ever.
    """
    if connection is not None:
        connection.close()
    if process is not None:
        process.join(timeout=grace)
        if process.is_alive():
            process.kill()
            process.join()


def exit_with_parent() -> None:
    """End this child as soon as its parent's process is gone, however that ended.

    The pipe tells only when the child next reads or writes it, and never while another
    process (one the parent forked) still holds the parent's end: a child busy with a job,
    or blocked on the pipe, would then keep its memory for good.
    Not prctl(PR_SET_PDEATHSIG): it fires when the *thread* that started the child ends,
    and the window starts it from a worker thread. On POSIX an orphan is adopted by another
    process, so its parent id changes; Windows never changes it, but there the parent's
    sentinel (a process handle) is signalled when the parent's process ends.
    """
    parent = multiprocessing.parent_process()
    parent_pid = parent.pid if parent is not None else os.getppid()
    sentinel = parent.sentinel if parent is not None and sys.platform == "win32" else None

    def watch() -> None:
        while os.getppid() == parent_pid:
            if sentinel is None:
                time.sleep(_PARENT_POLL_SECONDS)
            elif multiprocessing.connection.wait([sentinel], _PARENT_POLL_SECONDS):
                break
        os._exit(1)

    threading.Thread(target=watch, name="claimdesk-parent-watch", daemon=True).start()


def one_run(
    target: Callable[..., None],
    args: tuple[object, ...],
    name: str,
    what: str,
    *,
    progress: Callable[[int, int], None],
    is_cancelled: Callable[[], bool],
) -> object:
    """Run `target(connection, *args)` in a child for one job and hand back its result.

    The child sends ("progress", (done, total)), then ("done", result) or ("failed",
    message). Cancel ends the child at once (OperationCancelled); a child that dies, or
    fails, is a ClaimdeskError naming `what`.
    """
    process, connection = start_child(target, args, name)
    finished = False
    try:
        while True:
            if is_cancelled():
                raise OperationCancelled()
            if not connection.poll(_ONE_RUN_POLL_SECONDS):
                if not process.is_alive():
                    raise ClaimdeskError(
                        f"{what} stopped: its process ended unexpectedly "
                        f"(exit code {process.exitcode})"
                    )
                continue
            try:
                kind, value = connection.recv()
            except (EOFError, OSError):
                continue  # the child is gone: the next turn says how it ended
            if kind == "progress":
                progress(*value)
            elif kind == "failed":
                raise ClaimdeskError(f"{what} failed: {value}")
            else:
                finished = True
                return value
    finally:
        stop_child(process, connection, grace=2 if finished else 0)


_ONE_RUN_POLL_SECONDS = 0.05
