"""What the window's first screen loads: nothing it does not show (issue 15 item 6).

Imports are most of the start-up, so the real window is started in a fresh interpreter on a
real library (a returning reviewer's: unchanged since its last check), left to show its
article's claims and paint, and its `sys.modules` read then, and again once the reads that
follow (the store's open, the list, earlier checks) are done. Not a timing: a module pulled
in again by a new top-level import fails this on any machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from unchanged_library import vouched

from claimdesk.core.importing import ArticleDraft
from claimdesk.core.models import Claim, Meta
from claimdesk.core.services.articles import import_draft
from claimdesk.core.store import open_store

TEXT = "Fujitsu said sales rose 5% in 2024. Exports fell by a third, the minister said."

FIRST_SCREEN = """
import json, os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication
from claimdesk.ui.app import open_window
window = open_window(sys.argv[1], reviewer="tester")
app = QApplication.instance()
while window.controller.article is None or window.claims.model.rowCount() == 0:
    app.processEvents()
window.repaint()
painted = sorted(sys.modules)  # the store opens once this paint is done
while not window.controller.worker.is_idle():  # the reads it started: earlier checks too
    app.processEvents()
shown = window.claims.model.rowCount()
loaded = sorted(sys.modules)
window.close()
print(json.dumps({"claims": shown, "painted": painted, "modules": loaded}))
"""

# Not before the first paint: the store (SQLAlchemy, the models) opens behind it.
NOT_BEFORE_THE_FIRST_PAINT = (
    "sqlalchemy",
    "claimdesk.core.models",
    "claimdesk.core.store",
    "claimdesk.core.factchecks.stored",  # the stored-match scan may start 1.5 s after the list
)
# Built or imported on first use: each was measured on the start-up path.
NOT_ON_FIRST_SCREEN = (
    "alembic",  # only to create or upgrade a library (~0.4 s)
    "claimdesk.reports",  # the export dialog's (~45 ms)
    "claimdesk.ui.dialogs",  # every dialog: export, people, matching settings, reopen...
    "claimdesk.ui.dashboard",  # built when its tab is first shown (~60 ms with its widgets)
    "claimdesk.ui.cheat_sheet",
    "claimdesk.ui.factcheck_import",
    "claimdesk.ui.learn_dialog",
    "claimdesk.core.factchecks.library",  # fact-check import
    "claimdesk.core.jobs",  # imports and extraction, on first use
    "spacy",  # extraction runs in its own process
)


@pytest.fixture(scope="module")
def first_screen(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    """The modules loaded at the window's first paint of a one-article library's claims
    ("painted"), and once the reads it started are done ("modules")."""
    folder = tmp_path_factory.mktemp("first-screen")
    library = folder / "library.sqlite3"
    store = open_store(library)
    with store.transaction() as session:
        session.add(Meta(key="seeded", value="skipped in this test"))
        article = import_draft(session, ArticleDraft("Sales", TEXT, "sales.txt")).article
        article.highlight_cut = 0.9  # stored by every extraction (and the 0007 upgrade)
        for start, end in ((0, 35), (36, len(TEXT))):
            quote = TEXT[start:end]
            session.add(
                Claim(
                    article=article,
                    start=start,
                    end=end,
                    quote=quote,
                    status="unreviewed",
                    origin="manual",  # a claim a person made is always listed
                    score=None,
                    reasons=[],
                    note="",
                )
            )
    store.close()
    env = {**os.environ, "XDG_CONFIG_HOME": str(folder), "CLAIMDESK_CONFIG_DIR": str(folder)}
    with pytest.MonkeyPatch.context() as patch:  # the window's config folder
        patch.setenv("CLAIMDESK_CONFIG_DIR", str(folder))
        vouched(library)  # a returning reviewer's library: unchanged since its last check
    done = subprocess.run(
        [sys.executable, "-c", FIRST_SCREEN, str(library)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,  # a hang guard only
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["claims"] == 2
    return {"painted": result["painted"], "modules": result["modules"]}


@pytest.fixture(scope="module")
def first_screen_modules(first_screen: dict[str, list[str]]) -> list[str]:
    return first_screen["modules"]


def _loaded(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return [n for n in names if any(m == n or m.startswith(f"{n}.") for m in modules)]


def test_the_first_screen_loads_no_dialog_report_dashboard_or_migration_code(
    first_screen_modules: list[str],
) -> None:
    assert "claimdesk.ui.main_window" in first_screen_modules  # the real window was measured
    assert _loaded(first_screen_modules, NOT_ON_FIRST_SCREEN) == []


def test_the_first_screen_loads_no_numpy(first_screen_modules: list[str]) -> None:
    """numpy (~0.15 s) comes with scoring, the learning layer and the re-ranker: extraction,
    learning and re-ranking a claim that has earlier checks to rank are what need it."""
    assert _loaded(first_screen_modules, ("numpy",)) == []


def test_the_first_paint_comes_before_sqlalchemy(first_screen: dict[str, list[str]]) -> None:
    """The first screen is read with sqlite3 (core.first_screen); SQLAlchemy and the models
    (~0.35 s) load behind it, on the worker."""
    painted = first_screen["painted"]
    assert "claimdesk.ui.main_window" in painted
    assert _loaded(painted, NOT_BEFORE_THE_FIRST_PAINT) == []
    assert _loaded(first_screen["modules"], NOT_BEFORE_THE_FIRST_PAINT)  # then the store opened
