"""The window's extraction process: same claims as in-process, cancel, and a child that dies."""

from __future__ import annotations

import os
import signal

import pytest

from claimdesk.core.errors import OperationCancelled
from claimdesk.core.extraction.child_process import ExtractionError, ExtractionProcess
from claimdesk.core.extraction.extractor import extract, version_used
from claimdesk.core.seeding import seed_drafts


@pytest.fixture(scope="module")
def process():
    child = ExtractionProcess()
    yield child
    child.close()


def test_the_child_finds_what_this_process_finds(process):
    texts = [d.text for d in seed_drafts()]
    steps: list[tuple[int, int]] = []
    found = process.extract(texts, progress=lambda done, total: steps.append((done, total)))
    assert found == extract(texts)
    assert sum(map(len, found)) > 10
    assert steps and steps[-1][0] == steps[-1][1]  # progress arrived, up to the end
    assert process.version_used() == version_used()
    assert process.notice() is None  # the trained model loaded in the child
    assert process.pid() not in (None, os.getpid())


def test_cancel_stops_the_job_and_the_child_takes_the_next(process):
    texts = [d.text for d in seed_drafts()] * 20
    with pytest.raises(OperationCancelled):
        process.extract(texts, is_cancelled=lambda: True)
    pid = process.pid()
    assert process.extract(["Revenue rose 12% to USD 9.43 billion in 2025."])[0]
    assert process.pid() == pid  # the same child, pipeline still loaded


def test_a_child_that_dies_fails_the_job_clearly_and_a_new_one_starts(process):
    texts = [d.text for d in seed_drafts()] * 20

    def kill_child(done: int, total: int) -> None:
        if process.pid() is not None:
            os.kill(process.pid(), signal.SIGKILL)

    with pytest.raises(ExtractionError, match="extraction process ended unexpectedly"):
        process.extract(texts, progress=kill_child)
    assert process.pid() is None
    assert process.extract(["Revenue rose 12% to USD 9.43 billion in 2025."])[0]
    assert process.pid() is not None
