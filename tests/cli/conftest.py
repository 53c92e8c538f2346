"""Fixtures for the command-line tests."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_library import Library, make_library


@pytest.fixture
def library(tmp_path: Path) -> Library:
    return make_library(tmp_path / "library.sqlite3")
