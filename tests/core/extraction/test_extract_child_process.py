"""The window's extraction process: same claims as in-process, cancel, and a child that dies."""

from __future__ import annotations

import os
import signal
import threading
import time

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


def test_cancel_is_seen_even_while_progress_keeps_coming(monkeypatch):
    monkeypatch.setenv("CLAIMDESK_RULE_ONLY", "1")  # batches of ~20 ms: progress never pauses
    child = ExtractionProcess()
    try:
        child.extract(["Warm-up: revenue rose 5% in 2024."])
        pid = child.pid()
        steps: list[int] = []
        with pytest.raises(OperationCancelled):
            child.extract(
                [d.text for d in seed_drafts()] * 60,
                progress=lambda done, total: steps.append(done),
                is_cancelled=lambda: len(steps) > 1,
            )
        assert child.pid() == pid  # it answered Cancel itself: not killed after the grace
    finally:
        child.close()


def test_a_failing_progress_callback_never_leaks_that_job_into_the_next(process):
    def fail(done: int, total: int) -> None:
        raise RuntimeError("the window's progress bar broke")

    with pytest.raises(RuntimeError):
        process.extract([d.text for d in seed_drafts()] * 20, progress=fail)
    text = "Revenue rose 12% to USD 9.43 billion in 2025, the company said."
    (found,) = process.extract([text])
    assert found and all(text[c.start : c.end] == c.quote for c in found)


def test_closing_cancels_a_running_job_instead_of_waiting_for_it():
    child = ExtractionProcess()
    child.extract(["Warm-up: revenue rose 5% in 2024."])
    outcome: list[BaseException] = []

    def job() -> None:
        try:
            child.extract([d.text for d in seed_drafts()] * 200)
        except BaseException as error:  # noqa: BLE001 - the test inspects it
            outcome.append(error)

    worker = threading.Thread(target=job)
    worker.start()
    time.sleep(1.0)
    child.close()
    worker.join(timeout=60)  # only a hang guard: `outcome` says whether it waited for the job
    assert not worker.is_alive()
    assert outcome and isinstance(outcome[0], OperationCancelled | ExtractionError)
    assert child.pid() is None


def test_a_child_started_under_other_pipeline_settings_is_replaced(process, monkeypatch):
    """The child reads CLAIMDESK_RULE_ONLY & co. once, when it loads its pipeline: a job
    after they changed gets a new child that follows them (one test's setting once leaked
    into every later test's extraction this way)."""
    texts = ["Unemployment fell to 4.1% in March, the lowest rate since 2008."]
    process.extract(texts)
    before = process.pid()
    assert not process.version_used().endswith("+rule-only")
    monkeypatch.setenv("CLAIMDESK_RULE_ONLY", "1")
    process.extract(texts)
    assert process.pid() != before and process.version_used().endswith("+rule-only")
    monkeypatch.delenv("CLAIMDESK_RULE_ONLY")
    process.extract(texts)
    assert not process.version_used().endswith("+rule-only")
