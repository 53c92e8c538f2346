"""Listing an existing library imports no other command's modules: not the reports (Jinja),
not extraction (numpy, spaCy), not Alembic. Each cost every run its import time (0.4-0.9 s
of CPU before). Measured in a real `python -m claimdesk` process."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli_library import add_extracted_article, run_cli

from claimdesk.core.seeding import ensure_seeded
from claimdesk.core.store import open_store

HEAVY = ("numpy", "spacy", "jinja2", "alembic", "claimdesk.reports", "claimdesk.core.extraction")

# `python -m claimdesk ARGS`, then which of HEAVY it imported, as the last line on stderr.
PROBE = f"""
import runpy, sys
try:
    runpy.run_module("claimdesk", run_name="__main__", alter_sys=True)
finally:
    loaded = [h for h in {HEAVY!r} if any(m == h or m.startswith(h + ".") for m in sys.modules)]
    print(loaded, file=sys.stderr)
"""


@pytest.fixture(scope="module")
def listed_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A library as extraction leaves it: seeded, one article whose claims were scored."""
    path = tmp_path_factory.mktemp("imports") / "library.sqlite3"
    store = open_store(path)
    try:
        ensure_seeded(store, extract_claims=False)
    finally:
        store.close()
    add_extracted_article(
        path, "Budget", [f"Spending rose {n} percent in {2000 + n}." for n in range(8)]
    )
    return path


def _heavy_imports(*argv: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *argv],
        capture_output=True,
        text=True,
        timeout=120,  # a hang guard only
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return ast.literal_eval(done.stderr.splitlines()[-1])  # type: ignore[no-any-return]


@pytest.mark.parametrize("command", [["articles", "--json"], ["claims", "--json"], ["claims"]])
def test_listing_imports_nothing_another_command_needs(
    listed_library: Path, command: list[str]
) -> None:
    assert _heavy_imports("--db", str(listed_library), *command) == []


def test_the_probe_sees_what_a_command_imports(listed_library: Path) -> None:
    """The same probe on `export`, which needs the reports: the list is not empty by design."""
    out = listed_library.parent / "report.md"
    found = _heavy_imports(
        "--db", str(listed_library), "export", "--format", "md", "--out", str(out)
    )
    assert "claimdesk.reports" in found and "jinja2" in found


def test_every_command_and_option_is_still_in_the_help() -> None:
    """The parser is still built from every command module: --help names each command, and
    the export options whose choices are read only when shown list them all."""
    from claimdesk.reports.formats import FORMATS

    top = run_cli("--help", text=True)
    assert top.returncode == 0
    for name in ("articles", "claims", "export", "factchecks", "match", "learn", "tag"):
        assert f"    {name} " in top.stdout, name
    export = run_cli("export", "--help", text=True)
    assert f"report format: {', '.join(FORMATS)}" in export.stdout
    assert "publication, working" in export.stdout
    wrong = run_cli("export", "--format", "docx", "--out", "x", text=True)
    assert wrong.returncode == 2
    assert "invalid choice: 'docx' (choose from 'html', 'pdf', 'md'" in wrong.stderr


@pytest.mark.slow  # the first run extracts the sample articles with spaCy
def test_a_library_seeded_by_the_first_run_lists_its_claims_without_extraction(
    tmp_path: Path,
) -> None:
    """Seeding extracts; it stores each sample article's highlight cut-off with its claims,
    so listing them later never loads the model that scored them to work the cut-off out."""
    db = str(tmp_path / "new.sqlite3")
    first = run_cli("--db", db, "claims", "--json", text=True)
    assert first.returncode == 0 and "added 2 sample articles" in first.stderr
    assert len(json.loads(first.stdout)) > 0
    assert _heavy_imports("--db", db, "claims", "--json") == []
