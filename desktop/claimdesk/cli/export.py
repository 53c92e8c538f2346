"""`export`: an annotated report of the library, or part of it, in one of the formats."""

from __future__ import annotations

import argparse
import os
from functools import partial
from pathlib import Path

from claimdesk.cli.arguments import ORG_ENV, status, text
from claimdesk.cli.library import seed
from claimdesk.cli.output import EXIT_OK, progress_bar, say
from claimdesk.core.statuses import LOOKS
from claimdesk.core.store import Store
from claimdesk.reports.formats import FORMATS


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("export", help="write an annotated report")
    p.add_argument("--format", required=True, choices=FORMATS, help="report format")
    p.add_argument("--out", required=True, type=Path, metavar="PATH", help="file to write")
    p.add_argument(
        "--article",
        type=text,
        action="append",
        metavar="ID",
        help="only this article (repeatable; default: all)",
    )
    p.add_argument(
        "--status",
        type=status,
        action="append",
        metavar="S",
        help=f"only claims with this status (repeatable): {', '.join(LOOKS)}",
    )
    p.add_argument(
        "--organisation",
        type=partial(text, env=ORG_ENV),
        default=os.environ.get(ORG_ENV, ""),
        metavar="NAME",
        help=f"publisher named in reports and ClaimReview (default: ${ORG_ENV})",
    )
    p.add_argument(
        "--report-url",
        type=text,
        metavar="URL",
        help="where the report will be published (ClaimReview url)",
    )
    p.set_defaults(run=_export)


def _export(store: Store, args: argparse.Namespace) -> int:
    from claimdesk.reports import export

    seed(store)
    result = export(
        store,
        args.format,
        args.out,
        article_ids=args.article,
        statuses=args.status,
        organisation=args.organisation,
        report_url=args.report_url,
        progress=progress_bar("export"),
    )
    say(f"{result.path}: {result.articles} articles, {result.claims} claims")
    return EXIT_OK
