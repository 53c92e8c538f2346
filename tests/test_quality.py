"""Project promises checked on every run: layering, lint, types, and README/CI agreement."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_core_never_imports_qt() -> None:
    probe = (
        "import importlib, pkgutil, sys\n"
        "import claimdesk.core\n"
        "for m in pkgutil.walk_packages(claimdesk.core.__path__, 'claimdesk.core.'):\n"
        "    if '.migrations' not in m.name: importlib.import_module(m.name)\n"
        "bad = sorted(n for n in sys.modules if n.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "assert not bad, bad\n"
    )
    result = _run(sys.executable, "-c", probe)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("entry", ["claimdesk.cli", "claimdesk.ui.app"])
def test_starting_does_not_load_spacy(entry: str) -> None:
    """spaCy takes seconds to load: only running an extraction may pay for it."""
    probe = (
        "import sys\n"
        f"import {entry}, claimdesk.core.jobs, claimdesk.core.seeding\n"
        "assert 'spacy' not in sys.modules, 'spaCy was loaded at start-up'\n"
    )
    result = _run(sys.executable, "-c", probe)
    assert result.returncode == 0, result.stderr


def test_import_contracts_hold() -> None:
    result = _run(str(BIN / "lint-imports"), "--no-cache")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_is_clean() -> None:
    result = _run(str(BIN / "ruff"), "check", "desktop", "tests", "tools")
    assert result.returncode == 0, result.stdout


@pytest.mark.slow
def test_mypy_strict_on_core() -> None:
    result = _run(sys.executable, "-m", "mypy", "--no-incremental")
    assert result.returncode == 0, result.stdout


def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```(?:sh|bash)\n(.*?)\n```", readme, flags=re.DOTALL)
    assert len(commands) >= 2, "README must open with the run and the test command"
    run_command, test_command = commands[0].strip(), commands[1].strip()
    assert "pip install" in run_command and "claimdesk" in run_command
    assert "pip install" in test_command and "pytest" in test_command
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci


def test_every_package_ships_in_the_wheel() -> None:
    """A sub-package missing from pyproject's list works editable but breaks `pip install .`."""
    import tomllib

    listed = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    )
    source = ROOT / "desktop"
    found = {
        ".".join(init.parent.relative_to(source).parts) for init in source.rglob("__init__.py")
    }
    assert found - listed == set()
