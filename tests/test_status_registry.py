"""Every place that lists claim statuses, review states or stances agrees with core.statuses."""

from __future__ import annotations

import json
import re
import sqlite3
from importlib.resources import files

import pytest

from claimdesk.cli import build_parser
from claimdesk.core.models import Claim, Evidence
from claimdesk.core.statuses import LOOKS, REVIEW_LABELS, STANCE_LABELS, VERDICTS
from claimdesk.core.store import open_store
from claimdesk.reports import EXPORT_FORMATS, FORMATS
from claimdesk.reports.claimreview import VERDICTS as CLAIMREVIEW_VERDICTS
from claimdesk.reports.view import STATUSES as REPORT_STYLES

STATUSES = set(LOOKS)
REGISTRY = {"status": STATUSES, "review_state": set(REVIEW_LABELS), "stance": set(STANCE_LABELS)}
MIGRATIONS = files("claimdesk.core.migrations") / "versions"


def _listed(sql: str, column: str) -> set[str]:
    """The values of `column IN ('a', 'b')` in a CHECK constraint's SQL."""
    match = re.search(rf"\b{column} IN \(([^)]*)\)", sql)
    assert match, f"no CHECK on {column} in {sql[:200]}"
    return set(re.findall(r"'([^']*)'", match.group(1)))


def test_the_registry_names_each_status_once_with_its_roll_up_role() -> None:
    assert len({look.key for look in LOOKS.values()}) == len(LOOKS)
    assert {"sourced", "disputed", "speculative"} == VERDICTS
    assert {s for s, look in LOOKS.items() if not look.work} == {"dismissed"}


@pytest.mark.parametrize(
    ("table", "column"), [(Claim, "status"), (Claim, "review_state"), (Evidence, "stance")]
)
def test_the_models_check_constraints_list_the_registry(table: type, column: str) -> None:
    checks = [str(c.sqltext) for c in table.__table__.constraints if hasattr(c, "sqltext")]
    assert _listed("\n".join(checks), column) == REGISTRY[column]


@pytest.mark.parametrize("column", ["status", "review_state", "stance"])
def test_a_new_library_and_the_migrations_check_the_registry(tmp_path, column: str) -> None:
    store = open_store(tmp_path / "library.sqlite3")
    store.close()
    with sqlite3.connect(tmp_path / "library.sqlite3") as db:
        schema = "\n".join(sql for (sql,) in db.execute("SELECT sql FROM sqlite_master") if sql)
    assert _listed(schema, column) == REGISTRY[column]
    migrations = "\n".join(
        p.read_text("utf-8") for p in MIGRATIONS.iterdir() if p.name.endswith(".py")
    )
    assert _listed(migrations, column) == REGISTRY[column]


def test_the_json_schema_lists_the_registry() -> None:
    schema = json.loads(
        (files("claimdesk.resources") / "schemas" / "claimdesk-export-v1.schema.json").read_text(
            "utf-8"
        )
    )
    defs = schema["$defs"]
    assert set(defs["status"]["enum"]) == STATUSES
    claim = next(d for d in defs.values() if "review_state" in d.get("properties", {}))
    evidence = next(d for d in defs.values() if "stance" in d.get("properties", {}))
    assert set(claim["properties"]["review_state"]["enum"]) == REGISTRY["review_state"]
    assert set(evidence["properties"]["stance"]["enum"]) == REGISTRY["stance"]


def test_claimreview_rates_exactly_the_verdicts() -> None:
    assert set(CLAIMREVIEW_VERDICTS) == VERDICTS


def test_the_palette_reports_and_icons_cover_every_status() -> None:
    from claimdesk.ui.palette import STYLES  # Qt, but no window

    assert set(STYLES) == STATUSES == set(REPORT_STYLES)
    icons = files("claimdesk.resources") / "icons"
    assert all((icons / f"{status}.svg").is_file() for status in STATUSES)


def test_the_command_line_offers_the_registry() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    tag = next(a for a in commands["tag"]._actions if a.dest == "status")
    assert set(re.findall(r"\w+", tag.help)) == STATUSES
    for name in ("claims", "export"):
        status = next(a for a in commands[name]._actions if a.dest == "status")
        assert set(status.help.split(": ", 1)[1].split(", ")) == STATUSES
    fmt = next(a for a in commands["export"]._actions if a.dest == "format")
    assert tuple(fmt.choices) == FORMATS == tuple(EXPORT_FORMATS)
