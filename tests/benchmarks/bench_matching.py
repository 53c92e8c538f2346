"""Matching speed, by hand: `python tests/benchmarks/bench_matching.py [VERIFIED_CLAIMS.tsv]`.

Imports 10,373 fact-checks into a new library (target <= 10 s), then times matching one claim
(target <= 50 ms) against the bare FTS5 query it starts from (target <= 5x), both in the
same run. Without an argument the fact-checks are synthetic; with the CLEF-2020
verified_claims.tsv (id, vclaim, title) they are real, and the scan's claims are the dev
queries beside it (dev_queries.tsv). Nothing is written outside a temp folder.

Then the background scan that stores every claim's matches for the dashboard (issue 16):
SCANNED claims in 40 articles (a fifth of them disputed, so library matches count too), in
claims per second of wall and CPU time, against matching the same claims one by one with
`find_matches` (what storing adds).
"""

from __future__ import annotations

import csv
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from claimdesk.core.factchecks.library import import_file
from claimdesk.core.factchecks.matching import find_matches
from claimdesk.core.factchecks.stored import scan
from claimdesk.core.factchecks.terms import fts_query, search_terms
from claimdesk.core.importing import ArticleDraft
from claimdesk.core.services.articles import import_draft
from claimdesk.core.services.claims import add_claim
from claimdesk.core.store import open_store

COUNT = 10_373
SCANNED = 400
CLAIM = (
    "Did the President say that 122 detainees released from Guantanamo Bay returned to "
    "terrorist activities after they were freed?"
)


def claims(source: Path | None) -> list[tuple[str, str]]:
    if source is not None:
        csv.field_size_limit(1 << 24)
        with source.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle, delimiter="\t"))[1:]
        return [(row[1], row[2]) for row in rows[:COUNT]]
    rng = random.Random(7)
    words = [f"{a}{b}" for a in ("ba", "ko", "mi", "tu", "re", "sa") for b in "nrstlmdkpv"]
    words += CLAIM.lower().replace("?", "").split()
    return [
        (" ".join(rng.choices(words, k=rng.randint(10, 25))), " ".join(rng.choices(words, k=8)))
        for _ in range(COUNT)
    ]


def scan_texts(source: Path | None, pool: list[tuple[str, str]]) -> list[str]:
    """The claims the scan matches: the CLEF dev queries, or sentences of the same words."""
    queries = source.parent / "dev_queries.tsv" if source is not None else None
    if queries is not None and queries.exists():
        with queries.open(encoding="utf-8", newline="") as handle:
            texts = [row[1] for row in list(csv.reader(handle, delimiter="\t"))[1:]]
    else:
        texts = [claim for claim, _ in pool]
    return [texts[n % len(texts)] for n in range(SCANNED)]


def bench_scan(store, texts: list[str]) -> None:
    ids = []
    with store.transaction() as session:
        for n in range(40):
            share = texts[n::40]
            text = "\n".join(share)
            article = import_draft(session, ArticleDraft(f"S{n}", text, f"s{n}.txt")).article
            at = 0
            for line in share:
                ids.append(add_claim(session, article.id, at, at + len(line), actor="bench").id)
                at += len(line) + 1
    raw = store.engine.raw_connection()
    raw.execute("UPDATE claims SET status = 'disputed' WHERE rowid % 5 = 0")
    raw.commit()
    raw.close()
    one_by_one = time.perf_counter()
    for claim_id in ids[:100]:
        find_matches(store, claim_id)
    one_by_one = (time.perf_counter() - one_by_one) / 100
    wall, cpu = time.perf_counter(), time.process_time()
    done = scan(store)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(
        f"scan {done.scanned} claims ({done.checked_before} checked before): "
        f"{done.scanned / wall:.0f} claims/s wall, {done.scanned / cpu:.0f} claims/s CPU; "
        f"{1000 * wall / done.scanned:.1f} ms a claim against {1000 * one_by_one:.1f} ms for "
        f"find_matches alone ({wall / done.scanned / one_by_one:.2f}x); "
        f"100,000 claims would take {100_000 * wall / done.scanned / 60:.0f} min"
    )


def timed(action, repeat: int = 30) -> float:
    action()
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    with tempfile.TemporaryDirectory() as folder:
        feed = Path(folder) / "feed.json"
        items = [
            {
                "@type": "ClaimReview",
                "url": f"https://checks.example/{n}",
                "claimReviewed": claim,
                "name": title,
                "reviewRating": {"alternateName": "False"},
                "author": {"name": "Example"},
                "datePublished": "2020-01-01",
            }
            for n, (claim, title) in enumerate(claims(source))
        ]
        feed.write_text(json.dumps({"@type": "DataFeed", "dataFeedElement": items}), "utf-8")
        store = open_store(Path(folder) / "library.sqlite3")
        start = time.perf_counter()
        summary = import_file(store, feed)
        took = time.perf_counter() - start
        print(f"import {summary.added} fact-checks: {took:.2f} s (target <= 10 s)")
        with store.transaction() as session:
            article = import_draft(session, ArticleDraft("A", CLAIM, "a.txt")).article
            claim_id = add_claim(session, article.id, 0, len(CLAIM), actor="bench").id
        query = fts_query(search_terms(CLAIM))
        raw = store.engine.raw_connection()

        def bare() -> None:
            raw.execute(
                "SELECT rowid FROM factchecks_fts WHERE factchecks_fts MATCH ? "
                "ORDER BY bm25(factchecks_fts) LIMIT 30",
                (query,),
            ).fetchall()

        fts = timed(bare)
        match = timed(lambda: find_matches(store, claim_id))
        raw.close()
        print(f"bare FTS5 query: {fts * 1000:.2f} ms")
        print(f"match one claim: {match * 1000:.2f} ms (target <= 50 ms)")
        print(f"ratio: {match / fts:.1f}x (target <= 5x)")
        bench_scan(store, scan_texts(source, claims(source)))
        store.close()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
