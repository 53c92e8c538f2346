"""`match`, `match-thresholds` and `eval-matching`: has a claim been checked before?"""

from __future__ import annotations

import argparse
from functools import partial
from pathlib import Path

from claimdesk.cli.arguments import text
from claimdesk.cli.output import EXIT_OK, clip, print_json, print_table, progress_bar, say
from claimdesk.core.store import Store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "match",
        help="earlier fact-checks and verdicts matching a claim; --scan stores every claim's",
    )
    p.add_argument("claim_id", type=text, nargs="?", metavar="CLAIM_ID")
    p.add_argument("--limit", type=_count, default=5, metavar="N", help="at most N (default 5)")
    p.add_argument(
        "--not-same",
        type=text,
        metavar="KEY",
        help="remember that the match with this key is not the same claim (never shown again)",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument(
        "--scan",
        action="store_true",
        help="match every claim not matched since the last fact-check import or threshold "
        "change and store the results (the dashboard's 'checked before' filter); Ctrl+C keeps "
        "what is done, a re-run carries on",
    )
    p.set_defaults(run=_match, validate=partial(_validate, p))
    t = sub.add_parser(
        "match-thresholds", help="show or set the suggest, checked-before and auto-link scores"
    )
    t.add_argument("--suggest", type=_score, metavar="S", help="show matches from this score")
    t.add_argument(
        "--checked-before",
        type=_score,
        metavar="S",
        help="mark claims checked before (dashboard, claims --checked-before) from this score",
    )
    t.add_argument(
        "--auto-link", type=_score_or_off, metavar="S|off", help="attach from this score, or off"
    )
    t.set_defaults(run=_thresholds)
    e = sub.add_parser("eval-matching", help="measure matching on labelled queries")
    e.add_argument("queries", type=Path, metavar="QUERIES.tsv")
    e.add_argument("qrels", type=Path, metavar="QRELS")
    e.add_argument("factchecks", type=Path, metavar="FACTCHECKS.tsv")
    e.add_argument("--json", action="store_true", help="print JSON")
    e.set_defaults(run=_eval, library=False)


def _validate(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if args.scan and (args.claim_id or args.not_same or args.json):
        parser.error("--scan matches every claim: give no CLAIM_ID, --not-same or --json")
    if not args.scan and not args.claim_id:
        parser.error("give a CLAIM_ID, or --scan")


def _count(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive whole number")
    return int(value)


def _score(value: str) -> float:
    try:
        score = float(value)
    except ValueError:
        score = -1.0
    if not 0.0 < score <= 1.0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a score above 0 and at most 1")
    return score


def _score_or_off(value: str) -> float | str:
    return "off" if value.strip().lower() == "off" else _score(value)


def _match(store: Store, args: argparse.Namespace) -> int:
    from claimdesk.core.factchecks.matching import find_matches, reject_match

    if args.scan:
        return _scan(store)
    if args.not_same:
        reject_match(store, args.claim_id, args.not_same, args.reviewer)
    result = find_matches(store, args.claim_id, args.limit)
    auto = {m.key for m in result.auto_links}
    if args.json:
        print_json(
            {
                "claim_id": result.claim_id,
                "quote": result.quote,
                "suggest": result.thresholds.suggest,
                "auto_link": result.thresholds.auto_link,
                "checked_before": result.thresholds.checked_before,
                "matches": [
                    {
                        "key": m.key,
                        "kind": m.kind,
                        "claim": m.claim,
                        "rating": m.rating,
                        "publisher": m.publisher,
                        "date": m.date.isoformat() if m.date else None,
                        "url": m.url,
                        "score": round(m.score, 4),
                        "matched_words": list(m.matched_words),
                        "auto_link": m.key in auto,
                    }
                    for m in result.matches
                ],
            }
        )
        return EXIT_OK
    if not result.matches:
        say(f"no earlier check scores {result.thresholds.suggest} or more")
        return EXIT_OK
    rows = [
        [
            f"{m.score:.2f}" + (" auto" if m.key in auto else ""),
            m.rating,
            m.publisher or "",
            m.date.isoformat() if m.date else "",
            clip(m.claim, 50),
            ", ".join(m.matched_words),
            m.key,
        ]
        for m in result.matches
    ]
    print_table(["SCORE", "RATING", "BY / IN", "DATE", "CLAIM", "MATCHED", "KEY"], rows)
    return EXIT_OK


def _scan(store: Store) -> int:
    from claimdesk.core.factchecks.stored import scan

    done = scan(store, progress=progress_bar("matching"))
    left = f"; {done.left} changed meanwhile, left for the next scan" if done.left else ""
    say(f"{done.scanned} claims matched, {done.checked_before} checked before{left}")
    return EXIT_OK


def _thresholds(store: Store, args: argparse.Namespace) -> int:
    from claimdesk.core.factchecks.matching import set_thresholds

    now = set_thresholds(
        store, suggest=args.suggest, auto_link=args.auto_link, checked_before=args.checked_before
    )
    auto = "off" if now.auto_link is None else now.auto_link
    say(f"suggest {now.suggest}, checked before {now.checked_before}, auto-link {auto}")
    return EXIT_OK


def _eval(args: argparse.Namespace) -> int:
    from claimdesk.core.factchecks.evaluation import evaluate_files

    evaluation = evaluate_files(args.queries, args.qrels, args.factchecks)
    if args.json:
        print_json(evaluation.to_dict())
    else:
        for line in evaluation.format_text().splitlines():
            say(line)
    return EXIT_OK
