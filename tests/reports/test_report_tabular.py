"""CSV rows per claim, and the JSON export checked against its published schema."""

from __future__ import annotations

import copy
import csv
import json
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from reportkit import Sample

from claimdesk.reports import export
from claimdesk.reports.tabular import CSV_COLUMNS, csv_cell

SCHEMA = json.loads(
    (files("claimdesk.resources") / "schemas" / "claimdesk-export-v1.schema.json").read_text(
        encoding="utf-8"
    )
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def _csv_rows(sample: Sample, tmp_path: Path) -> list[dict[str, str]]:
    out = export(sample.store, "csv", tmp_path / "r.csv", include_dismissed=True).path
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM, so Excel reads UTF-8
    with out.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
        return list(reader)


def test_csv_has_one_row_per_claim_in_stable_columns(sample: Sample, tmp_path: Path) -> None:
    rows = _csv_rows(sample, tmp_path)
    assert len(rows) == len(sample.claims)
    withdrawn = next(r for r in rows if r["claim_id"] == sample.claims["withdrawn"])
    assert withdrawn["status"] == "disputed"
    assert withdrawn["review_state"] == "needs_review" and withdrawn["reviewed_by"] == "lena"
    assert withdrawn["evidence_urls"] == (
        "https://example.org/fund/statement | https://example.org/news/divestment"
    )
    assert withdrawn["note"].splitlines() == [
        "Sources disagree on whether this was a full withdrawal.",
        "Ask the fund for its list.",
    ]
    assert withdrawn["quote"].startswith("Other companies, such as the large Norwegian")
    assert int(withdrawn["end"]) - int(withdrawn["start"]) == len(withdrawn["quote"])
    assert withdrawn["updated_at"].endswith("+00:00") and withdrawn["score"] == "0.82"
    unreviewed = next(r for r in rows if r["claim_id"] == sample.claims["revealed"])
    assert unreviewed["reviewed_at"] == "" and unreviewed["evidence_urls"] == ""


@pytest.mark.parametrize("value", ['=HYPERLINK("x")', "+1", "-2+3", "@SUM(A1)", "\tx"])
def test_csv_cells_that_a_spreadsheet_would_run_get_an_apostrophe(value: str) -> None:
    assert csv_cell(value) == "'" + value


def test_csv_leaves_plain_text_and_numbers_alone() -> None:
    assert csv_cell("Fujitsu = 1") == "Fujitsu = 1"
    assert csv_cell(-1) == -1


def _json(sample: Sample, tmp_path: Path) -> dict[str, Any]:
    out = export(sample.store, "json", tmp_path / "r.json", include_dismissed=True).path
    document: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return document


def test_json_validates_against_the_schema(sample: Sample, tmp_path: Path) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    document = _json(sample, tmp_path)
    VALIDATOR.validate(document)
    assert (document["format"], document["version"]) == ("claimdesk-export", 1)
    assert document["filters"] == {"article_ids": None, "statuses": None}


def test_json_holds_everything_needed_to_rebuild_the_rows(sample: Sample, tmp_path: Path) -> None:
    document = _json(sample, tmp_path)
    claims = {c["id"]: (a, c) for a in document["articles"] for c in a["claims"]}
    assert set(claims) == set(sample.claims.values())
    for article, claim in claims.values():
        assert article["text"][claim["start"] : claim["end"]] == claim["quote"]
    article, market = claims[sample.claims["market"]]
    assert article["published"] == "2026-05-27" and len(article["sha256"]) == 64
    assert [e["url"] for e in market["evidence"]] == [
        "doi:10.5555/market.2026.17",
        "https://example.org/analyst/forecast",
    ]
    assert [e["action"] for e in market["events"]] == [
        "created",
        "status",
        "evidence_added",
        "evidence_added",
        "note",
        "review_state",
    ]
    assert market["events"][1]["before"] == "unreviewed" and market["events"][1]["after"] == (
        "speculative"
    )
    assert market["reviewed_by"] == "lena" and market["version"] >= 1


def _corrupt(document: dict[str, Any], change: str) -> None:
    claim = document["articles"][0]["claims"][0]
    if change == "unknown key":
        claim["colour"] = "green"
    elif change == "bad status":
        claim["status"] = "true"
    elif change == "local time":
        claim["updated_at"] = "2026-05-27T10:00:00+02:00"
    elif change == "missing id":
        del document["articles"][0]["id"]
    elif change == "offset as text":
        claim["start"] = "12"
    elif change == "wrong version":
        document["version"] = 2
    elif change == "bad stance":
        claim["evidence"] = [{**document["articles"][1]["claims"][0]["evidence"][0], "stance": "x"}]


@pytest.mark.parametrize(
    "change",
    [
        "unknown key",
        "bad status",
        "local time",
        "missing id",
        "offset as text",
        "wrong version",
        "bad stance",
    ],
)
def test_schema_is_strict(sample: Sample, tmp_path: Path, change: str) -> None:
    document = copy.deepcopy(_json(sample, tmp_path))
    _corrupt(document, change)
    assert not VALIDATOR.is_valid(document)
