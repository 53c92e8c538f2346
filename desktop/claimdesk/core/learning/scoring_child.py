"""Scoring the decisions for the window, in a child process of its own.

spaCy and the encoder hold Python's global lock for long stretches (see
extraction.child_process); in the window's process they would freeze it. Learning is
rare, so the child lives for one run only and gives its memory back when it ends; Cancel
ends it at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from multiprocessing.connection import Connection
from typing import cast

from claimdesk.core.child_processes import exit_with_parent, one_run
from claimdesk.core.learning.learn import BaseScores, Cancelled, Progress, score_here


def score_in_child(
    sentences: Sequence[str], *, progress: Progress, is_cancelled: Cancelled
) -> BaseScores:
    """`learn.score_here` run in a child process; same contract."""
    result = one_run(
        _serve,
        (list(sentences),),
        "claimdesk-learning",
        "learning",
        progress=progress,
        is_cancelled=is_cancelled,
    )
    return cast(BaseScores, result)


def _serve(connection: Connection, sentences: list[str]) -> None:
    exit_with_parent()
    try:
        result = score_here(
            sentences,
            progress=lambda done, total: connection.send(("progress", (done, total))),
            is_cancelled=lambda: False,  # the parent ends this process on Cancel
        )
        connection.send(("done", result))
    except Exception as error:  # noqa: BLE001 - reported to the window as the job's failure
        connection.send(("failed", f"{type(error).__name__}: {error}"))
