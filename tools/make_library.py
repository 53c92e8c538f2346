"""Build a large library quickly for benchmarks: N articles with claims, statuses, evidence and
history, written with bulk SQL inserts (no extraction beyond the sample articles once).

    python tools/make_library.py OUT.sqlite3 --articles 10000

The articles are the sample articles' texts and extracted claims, copied: every copy gets its
own ids, a mix of statuses and sign-offs, evidence for most verdicts, and the history events
that would have produced them, from a pool of reviewers. Deterministic for a given --seed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from claimdesk.core.highlights import version_cut
from claimdesk.core.models import Article, Claim, ClaimEvent, Evidence
from claimdesk.core.reviewer import EXTRACTOR_ACTOR
from claimdesk.core.seeding import ensure_seeded
from claimdesk.core.store import open_store

REVIEWERS = ("ana", "ben", "chloé", "dmitri", "esther")
STATUSES = (  # (status, weight): most claims are still waiting, as in a working newsroom
    ("unreviewed", 45),
    ("sourced", 20),
    ("disputed", 12),
    ("speculative", 13),
    ("dismissed", 10),
)
BATCH = 500  # articles per transaction


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument(
        "--claims", type=int, default=10, help="claims per article (a sample of the original's)"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.out.exists():
        parser.error(f"{args.out} exists; choose a new file")
    began = time.perf_counter()
    store = open_store(args.out)
    ensure_seeded(store)  # extracts the sample articles once: the claims every copy reuses
    with store.reading() as session:
        models = [(article, list(article.claims)) for article in session.scalars(select(Article))]
    rng = random.Random(args.seed)
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    claims_written = 0
    for first in range(0, args.articles, BATCH):
        rows: dict[type[Any], list[dict[str, Any]]] = {
            Article: [],
            Claim: [],
            Evidence: [],
            ClaimEvent: [],
        }
        for n in range(first, min(first + BATCH, args.articles)):
            article, claims = models[n % len(models)]
            when = start + dt.timedelta(minutes=53 * n)
            chosen = sorted(
                rng.sample(claims, min(args.claims, len(claims))), key=lambda c: c.start
            )
            claims_written += _copy(rows, article, chosen, n, when, rng)
        with store.transaction() as session:
            for table, values in rows.items():
                if values:
                    session.execute(insert(table), values)
        print(f"\r{min(first + BATCH, args.articles)}/{args.articles} articles", end="")
    store.close()
    seconds = time.perf_counter() - began
    print(f"\n{args.out}: {args.articles} articles, {claims_written} claims in {seconds:.1f} s")
    return 0


def _copy(
    rows: dict[type[Any], list[dict[str, Any]]],
    article: Article,
    claims: list[Claim],
    n: int,
    when: dt.datetime,
    rng: random.Random,
) -> int:
    article_id = str(uuid.UUID(int=rng.getrandbits(128)))
    rows[Article].append(
        {
            "id": article_id,
            "title": f"{article.title} (copy {n + 1})",
            "text": article.text,
            "source_url": f"https://news.example.org/{n + 1}",
            "author": rng.choice(("A. Writer", "B. Reporter", None)),
            "published": when.date(),
            "language": article.language,
            "sha256": hashlib.sha256(f"{article.sha256}/{n}".encode()).hexdigest(),
            "origin": f"copy-{n + 1}-{article.origin}",
            "imported_at": when,
            "extractor_version": article.extractor_version,
            "word_count": article.word_count,  # as import stores it
            # as extraction stores it (and the 0007 backfill for older articles)
            "highlight_cut": version_cut(article.extractor_version)
            if article.highlight_cut is None
            else article.highlight_cut,
        }
    )
    names, weights = zip(*STATUSES, strict=True)
    for claim in claims:
        claim_id = str(uuid.UUID(int=rng.getrandbits(128)))
        status = rng.choices(names, weights)[0]
        reviewer = rng.choice(REVIEWERS) if status != "unreviewed" else None
        state = "draft"
        if status != "unreviewed":
            state = rng.choices(("draft", "needs_review", "approved"), (5, 3, 2))[0]
        approver = rng.choice([r for r in REVIEWERS if r != reviewer]) if state != "draft" else None
        events = [("created", None, {"start": claim.start, "end": claim.end}, EXTRACTOR_ACTOR)]
        if reviewer:
            events.append(("status", "unreviewed", status, reviewer))
        if approver:
            events.append(("review_state", "draft", state, approver))
        evidence = 0
        if status in ("sourced", "disputed") and rng.random() < 0.9:
            evidence = rng.randint(1, 3)
        rows[Claim].append(
            {
                "id": claim_id,
                "article_id": article_id,
                "start": claim.start,
                "end": claim.end,
                "quote": claim.quote,
                "status": status,
                "origin": claim.origin,
                "score": claim.score,
                "reasons": claim.reasons,
                "suggestion": claim.suggestion,
                "suggestion_cue": claim.suggestion_cue,
                "note": "Checked against the filing." if evidence else "",
                "note_public": bool(evidence) and rng.random() < 0.5,
                "reviewer": reviewer,
                "review_state": state,
                "reviewed_by": approver,
                "reviewed_at": when if approver else None,
                "created_at": when,
                "updated_at": when,
                "version": len(events),
            }
        )
        for position in range(evidence):
            rows[Evidence].append(
                {
                    "id": str(uuid.UUID(int=rng.getrandbits(128))),
                    "claim_id": claim_id,
                    "url": f"https://evidence.example.org/{n}/{position}",
                    "title": f"Source {position + 1}",
                    "note": "",
                    "stance": "refutes" if status == "disputed" else "supports",
                    "position": position,
                    "added_by": reviewer,
                    "added_at": when,
                }
            )
        for action, before, after, actor in events:
            rows[ClaimEvent].append(
                {
                    "id": str(uuid.UUID(int=rng.getrandbits(128))),
                    "claim_id": claim_id,
                    "at": when,
                    "actor": actor,
                    "action": action,
                    "before": before,
                    "after": after,
                }
            )
    return len(claims)


if __name__ == "__main__":
    sys.exit(main())
