"""Shared test set-up: headless Qt, and no test ever touches the user's real library."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path: Path) -> Iterator[None]:
    """Point the default database and settings (the shared reviewer name too) into tmp_path.

    With its own MonkeyPatch, not the test's: a test calling `monkeypatch.undo()` to end its
    own patches would otherwise also point the rest of it at the user's real library.
    """
    with pytest.MonkeyPatch.context() as env:
        env.delenv("CLAIMDESK_DB", raising=False)
        env.delenv("CLAIMDESK_REVIEWER", raising=False)
        env.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
        env.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
        env.setenv("CLAIMDESK_CONFIG_DIR", str(tmp_path / "claimdesk-config"))  # the reviewer name
        yield


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "library.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[object]:
    """A new, empty (unseeded) library on a real SQLite file."""
    from claimdesk.core.store import open_store

    opened = open_store(db_path)
    yield opened
    opened.close()
