"""Fixtures for the report tests: a reviewed sample library on a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from reportkit import Sample, build_sample

from claimdesk.core.store import open_store


@pytest.fixture
def sample(db_path: Path) -> Iterator[Sample]:
    store = open_store(db_path)
    try:
        yield build_sample(store)
    finally:
        store.close()
