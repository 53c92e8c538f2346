"""`claimdesk match --scan` as a real process: stores every claim's earlier checks, a re-run
does nothing, Ctrl+C keeps the batches written and the next run carries on."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from cli_library import Library, run_cli

from claimdesk.core.importing import ArticleDraft
from claimdesk.core.services.articles import import_draft
from claimdesk.core.services.claims import add_claim
from claimdesk.core.store import open_store

FEED = [
    {
        "@type": "ClaimReview",
        "url": "https://checks.example/unemployment",
        "claimReviewed": "The ministry said unemployment fell to 4.1%",
        "reviewRating": {"alternateName": "Misleading"},
        "author": {"name": "Checks"},
    }
]


def _import_feed(library: Library, tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(FEED), "utf-8")
    done = run_cli("--db", library.db, "factchecks", "import", str(path), text=True)
    assert done.returncode == 0, done.stderr


def _count(db: str, sql: str) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute(sql).fetchone()[0])


def test_scan_stores_matches_and_a_rerun_has_nothing_to_do(library: Library, tmp_path) -> None:
    _import_feed(library, tmp_path)
    claims = _count(library.db, "SELECT count(*) FROM claims")
    done = run_cli("--db", library.db, "match", "--scan", text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{claims} claims matched, 1 checked before\n"
    assert _count(library.db, "SELECT count(*) FROM match_scans") == claims
    stored = run_cli("--db", library.db, "match", library.claim_id, "--json")
    best = json.loads(stored.stdout)["matches"][0]["key"]
    with sqlite3.connect(library.db) as connection:
        rows = connection.execute("SELECT claim_id, match_key FROM claim_matches").fetchall()
    assert rows == [(library.claim_id, best)]
    again = run_cli("--db", library.db, "match", "--scan", text=True)
    assert again.stdout == "0 claims matched, 0 checked before\n"


def test_scan_is_a_usage_error_with_a_claim_id(library: Library) -> None:
    done = run_cli("--db", library.db, "match", library.claim_id, "--scan", text=True)
    assert done.returncode == 2 and "--scan matches every claim" in done.stderr
    bare = run_cli("--db", library.db, "match", text=True)
    assert bare.returncode == 2 and "give a CLAIM_ID, or --scan" in bare.stderr


def test_ctrl_c_keeps_the_batches_written_and_a_rerun_finishes(
    library: Library, tmp_path: Path
) -> None:
    _import_feed(library, tmp_path)
    store = open_store(library.path)
    try:
        with store.transaction() as session:
            lines = [f"Line {n}: the weather in town {n} was mild, rain on day {n % 7}." for n in
                     range(800)]  # fmt: skip
            text = "\n".join(lines)
            article = import_draft(session, ArticleDraft("Many", text, origin="many")).article
            at = 0
            for line in lines:
                add_claim(session, article.id, at, at + len(line), actor="setup")
                at += len(line) + 1
    finally:
        store.close()
    total = _count(library.db, "SELECT count(*) FROM claims")
    process = subprocess.Popen(
        [sys.executable, "-m", "claimdesk", "--db", library.db, "match", "--scan"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60  # a hang guard only
    while _count(library.db, "SELECT count(*) FROM match_scans") == 0:
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 1 and "interrupted" in err
    kept = _count(library.db, "SELECT count(*) FROM match_scans")
    assert 0 < kept < total
    rest = run_cli("--db", library.db, "match", "--scan", text=True)
    assert rest.returncode == 0, rest.stderr
    assert rest.stdout.startswith(f"{total - kept} claims matched, ")
    assert _count(library.db, "SELECT count(*) FROM match_scans") == total
