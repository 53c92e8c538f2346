"""The reviewed library (built once per session) copied for each test that writes to it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from claimdesk.core.store import Store, open_store
from learning_library import copy_of


@pytest.fixture
def reviewed(tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Iterator[Store]:
    store = open_store(copy_of(tmp_path_factory, tmp_path / "reviewed.sqlite3"))
    yield store
    store.close()
