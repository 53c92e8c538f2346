"""`export`: an annotated report of the library, or part of it, in one of the formats."""

from __future__ import annotations

import argparse
import os
from functools import partial
from pathlib import Path

from claimdesk.cli.arguments import ORG_ENV, LazyChoices, status, text
from claimdesk.cli.library import seed
from claimdesk.cli.output import EXIT_OK, EXIT_USAGE, fail, progress_bar, say
from claimdesk.core.statuses import LOOKS
from claimdesk.core.store import Store

# The option that sets each field ClaimReview requires, for the usage error naming it.
_OPTIONS = {"organisation": f"--organisation (or ${ORG_ENV})", "report URL": "--report-url"}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("export", help="write an annotated report")
    p.add_argument(
        "--format",
        required=True,
        choices=LazyChoices(_formats),
        metavar="FORMAT",
        help="report format: %(choices)s",
    )
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
        "--kind",
        choices=LazyChoices(_kinds),
        metavar="KIND",
        help="%(choices)s (html, pdf, md): a publication (default: verdicts, evidence, public "
        "notes, sign-off) or a working copy (everything, detector details included)",
    )
    p.add_argument(
        "--include-unreviewed",
        action=argparse.BooleanOptionalAction,
        help="claims without a verdict (default: in a working copy, CSV and JSON only)",
    )
    p.add_argument(
        "--include-dismissed",
        action="store_true",
        help="dismissed claims (false detections), left out of every format by default",
    )
    p.add_argument(
        "--include-unapproved",
        action="store_true",
        help="claimreview: verdicts no editor has approved yet (default: approved only)",
    )
    p.add_argument(
        "--organisation",
        type=partial(text, env=ORG_ENV),
        default=os.environ.get(ORG_ENV, ""),
        metavar="NAME",
        help=f"publisher named in reports (required for claimreview; default: ${ORG_ENV})",
    )
    p.add_argument(
        "--report-url",
        type=text,
        metavar="URL",
        help="where the HTML report will be published (required for claimreview: its url)",
    )
    p.set_defaults(run=_export)


def _formats() -> tuple[str, ...]:
    from claimdesk.reports.formats import FORMATS

    return FORMATS


def _kinds() -> list[str]:
    from claimdesk.reports.selection import ReportKind

    return [k.value for k in ReportKind]


def _export(store: Store, args: argparse.Namespace) -> int:
    from claimdesk.reports import export
    from claimdesk.reports.exporter import missing_for_claimreview
    from claimdesk.reports.formats import EXPORT_FORMATS

    chosen = EXPORT_FORMATS[args.format]
    if args.kind and not chosen.kinds:
        return fail(f"export --format {args.format}: --kind is for html, pdf and md", EXIT_USAGE)
    if args.include_unapproved and not chosen.claimreview:
        return fail(
            f"export --format {args.format}: --include-unapproved is for claimreview", EXIT_USAGE
        )
    if chosen.claimreview and (
        missing := missing_for_claimreview(args.organisation, args.report_url)
    ):
        needed = " and ".join(_OPTIONS[field] for field in missing)
        return fail(f"export --format claimreview: {needed} required", EXIT_USAGE)
    seed(store)
    result = export(
        store,
        args.format,
        args.out,
        article_ids=args.article,
        statuses=args.status,
        kind=args.kind,
        include_unreviewed=args.include_unreviewed,
        include_dismissed=args.include_dismissed,
        include_unapproved=args.include_unapproved,
        organisation=args.organisation,
        report_url=args.report_url,
        progress=progress_bar("export"),
    )
    say(f"{result.path}: {result.summary}")
    return EXIT_OK
