"""No test can reach the user's real library, even one that ends its own patches early."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from claimdesk.core.store import default_db_path


def test_a_test_undoing_its_own_patches_keeps_the_library_in_tmp_path(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("CLAIMDESK_DB", str(tmp_path / "patched.sqlite3"))
    monkeypatch.undo()
    assert "CLAIMDESK_DB" not in os.environ
    assert default_db_path().is_relative_to(tmp_path)
    assert os.environ["XDG_CONFIG_HOME"] == str(tmp_path / "xdg-config")
