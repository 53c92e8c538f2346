"""`claimdesk claims --checked-before / --not-checked-before`: the claims with (or without) an
earlier check stored by `match --scan`, as real processes on a real library. Claims not
matched yet count as not checked, and the command says how many there are."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from cli_library import Library, add_extracted_article, run_cli

from claimdesk.core.highlights import budget

FACT_CHECK = "The ministry said unemployment fell to 4.1% last year"
# A ClaimReview feed as fact-check archives publish it (schema.org JSON-LD, @graph).
FEED = {
    "@context": "https://schema.org",
    "@graph": [
        {
            "@type": "ClaimReview",
            "url": "https://checks.example/unemployment",
            "claimReviewed": FACT_CHECK,
            "reviewRating": {"@type": "Rating", "alternateName": "Misleading"},
            "author": {"@type": "Organization", "name": "Checks"},
            "datePublished": "2026-10-02",
        }
    ],
}


@pytest.fixture
def wire(library: Library, tmp_path: Path) -> list[str]:
    """Fact-checks imported, and a wire report of more claim-like sentences than its length
    may highlight; its last, lowest-scored sentence repeats the checked claim. Its ids."""
    feed = tmp_path / "feed.jsonld"
    feed.write_text(json.dumps(FEED), "utf-8")
    done = run_cli("--db", library.db, "factchecks", "import", str(feed), text=True)
    assert done.returncode == 0, done.stderr
    sentences = [f"Shipments from plant {n} rose {n + 3} percent in {2000 + n}." for n in range(30)]
    ids = add_extracted_article(library.path, "Wire", [*sentences, f"{FACT_CHECK}."])
    assert budget(len(" ".join(sentences).split())) < len(ids)  # the last one is faint
    return ids


def _listed(library: Library, *options: str) -> tuple[list[str], str]:
    done = run_cli("--db", library.db, "claims", "--json", *options, text=True)
    assert done.returncode == 0, done.stderr
    return [c["id"] for c in json.loads(done.stdout)], done.stderr


def _stored(db: str) -> set[str]:
    with sqlite3.connect(db) as connection:
        return {row[0] for row in connection.execute("SELECT claim_id FROM claim_matches")}


def _waiting(claims: int) -> str:
    noun = "claim" if claims == 1 else "claims"
    return f"{claims} {noun} not matched yet: run `claimdesk match --scan`\n"


def test_the_filter_lists_exactly_the_claims_with_a_stored_check(
    library: Library, wire: list[str]
) -> None:
    everything, said = _listed(library)
    assert said == ""  # said only with the filter
    with sqlite3.connect(library.db) as connection:
        (claims,) = connection.execute("SELECT count(*) FROM claims").fetchone()
    assert _listed(library, "--checked-before") == ([], _waiting(claims))
    assert _listed(library, "--not-checked-before") == (everything, _waiting(claims))

    scan = run_cli("--db", library.db, "match", "--scan", text=True)
    assert scan.returncode == 0, scan.stderr
    assert {library.claim_id, wire[-1]} <= _stored(library.db)

    checked, said = _listed(library, "--checked-before")
    unchecked, _ = _listed(library, "--not-checked-before")
    assert checked == [c for c in everything if c in _stored(library.db)]
    assert library.claim_id in checked and said == ""  # all matched: nothing to say
    assert unchecked == [c for c in everything if c not in checked]
    lines = run_cli("--db", library.db, "claims", "--checked-before", "--jsonl", text=True)
    assert [json.loads(line)["id"] for line in lines.stdout.splitlines()] == checked
    table = run_cli("--db", library.db, "claims", "--checked-before", text=True)
    assert [line.split()[0] for line in table.stdout.splitlines()[1:]] == [c[:8] for c in checked]


def test_a_faint_checked_claim_stays_faint(library: Library, wire: list[str]) -> None:
    """The filter applies after the highlights are decided: the wire report's checked claim
    is outranked by its other sentences, so it is listed only with --candidates."""
    assert run_cli("--db", library.db, "match", "--scan").returncode == 0
    assert wire[-1] in _stored(library.db)
    assert wire[-1] not in _listed(library, "--checked-before")[0]
    done = run_cli("--db", library.db, "claims", "--json", "--checked-before", "--candidates")
    faint = [c for c in json.loads(done.stdout) if c["id"] == wire[-1]]
    assert [c["highlighted"] for c in faint] == [False]
    assert wire[-1] not in _listed(library, "--not-checked-before", "--candidates")[0]


def test_an_edited_claim_waits_for_the_next_scan(library: Library, wire: list[str]) -> None:
    assert run_cli("--db", library.db, "match", "--scan").returncode == 0
    assert run_cli("--db", library.db, "tag", wire[0], "sourced").returncode == 0
    checked, said = _listed(library, "--checked-before")
    assert library.claim_id in checked and said == _waiting(1)


def test_both_filters_at_once_is_a_usage_error(library: Library) -> None:
    done = run_cli("--db", library.db, "claims", "--checked-before", "--not-checked-before")
    assert done.returncode == 2 and b"not allowed with argument" in done.stderr
