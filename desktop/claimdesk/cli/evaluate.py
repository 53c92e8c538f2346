"""`eval-claims`: measure the detector on a labelled file; needs no library."""

from __future__ import annotations

import argparse
from pathlib import Path

from claimdesk.cli.output import EXIT_OK, print_json, say


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("eval-claims", help="measure claim detection on a labelled TSV file")
    p.add_argument("dataset", type=Path, metavar="DATASET.tsv")
    p.add_argument(
        "--threshold",
        type=float,
        metavar="T",
        help="score above which a sentence is a claim (default: the shipped one)",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=_eval_claims, library=False)


def _eval_claims(args: argparse.Namespace) -> int:
    from claimdesk.core.extraction.evaluation import evaluate_tsv

    evaluation = evaluate_tsv(args.dataset, threshold=args.threshold)
    if args.json:
        print_json(evaluation.to_dict())
    else:
        for line in evaluation.format_text().splitlines():
            say(line)
    return EXIT_OK
