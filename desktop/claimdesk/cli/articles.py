"""`import`, `articles` and `extract`: bringing articles in and finding their claims."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from claimdesk.cli.arguments import text
from claimdesk.cli.library import pipeline_notice, seed
from claimdesk.cli.listing import add_listing_options, print_listing
from claimdesk.cli.output import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    clip,
    json_line,
    progress_bar,
    say,
)
from claimdesk.core.store import Store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("import", help="import article files or folders (.txt, .md, .html)")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--no-extract", action="store_true", help="do not extract claims")
    p.set_defaults(run=_import)

    p = sub.add_parser("articles", help="list articles with their claim counts")
    add_listing_options(p, "article")
    p.set_defaults(run=_articles)

    p = sub.add_parser("extract", help="(re-)extract claims; reviewed work is never touched")
    p.add_argument("articles", type=text, nargs="*", metavar="ARTICLE_ID")
    p.add_argument("--all", action="store_true", help="every article in the library")
    p.set_defaults(run=_extract)


def _import(store: Store, args: argparse.Namespace) -> int:
    from claimdesk.core.jobs import Outcome, import_paths

    seed(store)
    reports = import_paths(
        store, args.paths, extract=not args.no_extract, progress=progress_bar("import")
    )
    if not args.no_extract:
        pipeline_notice(store)
    for report in reports:
        say(report.line(), sys.stderr if report.outcome is Outcome.FAILED else sys.stdout)
    return EXIT_FAILED if any(r.outcome is Outcome.FAILED for r in reports) else EXIT_OK


def _articles(store: Store, args: argparse.Namespace) -> int:
    from claimdesk.core.serialize import summary_dict
    from claimdesk.core.services.articles import ArticleSummary, article_chunks

    def as_json(s: ArticleSummary) -> str:
        return json_line(summary_dict(s))

    def as_row(s: ArticleSummary) -> tuple[str, ...]:
        listed = s.listed_to_check  # the claims to check that `claims` lists: candidates apart
        return (
            s.id[:8],
            str(listed),
            str(s.candidates),
            f"{s.reviewed}/{listed}",
            clip(s.title, 80),
        )

    seed(store)
    with store.reading() as session:
        chunks = article_chunks(session, limit=args.limit, offset=args.offset)
        headers = ("ID", "CLAIMS", "+CANDIDATES", "REVIEWED", "TITLE")
        print_listing(args, chunks, as_json, headers, as_row)
    return EXIT_OK


def _extract(store: Store, args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from claimdesk.core.jobs import extract_articles
    from claimdesk.core.models import Article
    from claimdesk.core.services.lookup import resolve_id

    if args.all == bool(args.articles):
        print("claimdesk extract: give article ids or --all (not both)", file=sys.stderr)
        return EXIT_USAGE
    seed(store)
    with store.reading() as session:
        if args.all:
            ids = list(session.scalars(select(Article.id).order_by(Article.imported_at)))
        else:
            ids = [resolve_id(session, Article, prefix) for prefix in args.articles]
    results = extract_articles(store, ids, progress=progress_bar("extract"))
    pipeline_notice(store)
    for article_id, outcome in results.items():
        say(
            f"{article_id[:8]}: {outcome.added} added, {outcome.updated} rescored, "
            f"{outcome.removed} removed, {outcome.kept} reviewed kept"
        )
    return EXIT_OK
