"""The command line: `claimdesk` opens the window; subcommands import, list, tag, extract, export.

Exit codes: 0 all well; 1 something failed (an input, or a busy library or full disk: worth
trying again); 2 usage error (bad arguments, or a --db that cannot be opened as a library).
Nothing here imports Qt except the `gui` command (and a PDF export), and spaCy loads only when
extraction runs. Every line printed goes through `escape`, JSON through `ensure_ascii`: file
names, titles and quotes come from untrusted files and must not drive the terminal.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any, TextIO

from sqlalchemy.exc import DatabaseError

from claimdesk import __version__
from claimdesk.core.dberrors import LibraryBusyError, StorageFullError, user_error
from claimdesk.core.errors import ClaimdeskError, OperationCancelled, StoreError
from claimdesk.core.reviewer import system_user
from claimdesk.core.statuses import LOOKS
from claimdesk.core.store import ENV_VAR, Store, open_store
from claimdesk.core.terminal import escape
from claimdesk.reports.formats import FORMATS

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
REVIEWER_ENV = "CLAIMDESK_REVIEWER"
ORG_ENV = "CLAIMDESK_ORGANISATION"


def _text(value: str, env: str | None = None) -> str:
    """An argument stored or matched as text (not a path): it must be valid UTF-8.

    Python keeps undecodable argument bytes as lone surrogates, which SQLite cannot store;
    argparse turns this error into a usage error naming the option. `env` names the
    variable the option's default comes from, which argparse checks the same way.
    """
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        source = f" (as given or in ${env})" if env else ""
        raise argparse.ArgumentTypeError(f"not valid UTF-8{source}") from None
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="claimdesk",
        description="Offline workbench for fact-checkers. With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"claimdesk {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH_OR_URL",
        help=f"database file or SQLAlchemy URL (default: ${ENV_VAR}, else the user data folder)",
    )
    parser.add_argument(
        "--reviewer",
        type=partial(_text, env=REVIEWER_ENV),
        default=os.environ.get(REVIEWER_ENV) or system_user(),
        help=f"name recorded on changes (default: ${REVIEWER_ENV} or your user name)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("gui", help="open the window (the default)")

    p = sub.add_parser("import", help="import article files or folders (.txt, .md, .html)")
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    p.add_argument("--no-extract", action="store_true", help="do not extract claims")

    p = sub.add_parser("articles", help="list articles with their claim counts")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")

    p = sub.add_parser("claims", help="list claims")
    p.add_argument(
        "--article", type=_text, metavar="ID", help="only this article (an id or id prefix)"
    )
    p.add_argument(
        "--status",
        type=_text,
        action="append",
        metavar="S",
        help=f"only this status (repeatable): {', '.join(LOOKS)}",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")

    p = sub.add_parser("tag", help="set a claim's status, optionally with a note and evidence")
    p.add_argument("claim", type=_text, metavar="CLAIM_ID")
    p.add_argument(
        "status",
        type=_text,
        metavar="STATUS",
        help=", ".join(LOOKS),
    )
    p.add_argument("--note", type=_text, metavar="TEXT", help="replace the claim's note")
    p.add_argument(
        "--evidence",
        type=_text,
        action="append",
        metavar="URL",
        help="add an evidence link (http, https or DOI; repeatable)",
    )

    p = sub.add_parser("extract", help="(re-)extract claims; reviewed work is never touched")
    p.add_argument("articles", type=_text, nargs="*", metavar="ARTICLE_ID")
    p.add_argument("--all", action="store_true", help="every article in the library")

    p = sub.add_parser("export", help="write an annotated report")
    p.add_argument("--format", required=True, choices=FORMATS, help="report format")
    p.add_argument("--out", required=True, type=Path, metavar="PATH", help="file to write")
    p.add_argument(
        "--article",
        type=_text,
        action="append",
        metavar="ID",
        help="only this article (repeatable; default: all)",
    )
    p.add_argument(
        "--status",
        type=_text,
        action="append",
        metavar="S",
        help=f"only claims with this status (repeatable): {', '.join(LOOKS)}",
    )
    p.add_argument(
        "--organisation",
        type=partial(_text, env=ORG_ENV),
        default=os.environ.get(ORG_ENV, ""),
        metavar="NAME",
        help=f"publisher named in reports and ClaimReview (default: ${ORG_ENV})",
    )
    p.add_argument(
        "--report-url",
        type=_text,
        metavar="URL",
        help="where the report will be published (ClaimReview url)",
    )

    p = sub.add_parser("eval-claims", help="measure claim detection on a labelled TSV file")
    p.add_argument("dataset", type=Path, metavar="DATASET.tsv")
    p.add_argument(
        "--threshold",
        type=float,
        metavar="T",
        help="score above which a sentence is a claim (default: the shipped one)",
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    _tolerant_stdout()
    args = build_parser().parse_args(argv)
    command = args.command or "gui"
    if command == "gui":
        from claimdesk.reports.qt_libraries import missing_libraries_message

        if problem := missing_libraries_message():  # before Qt's libraries load or abort
            return _fail(problem, EXIT_FAILED)
        from claimdesk.ui.app import run

        return run(args.db)
    if command == "eval-claims":
        return _guard(lambda: _eval_claims(args))
    try:
        store = open_store(args.db)
    except (LibraryBusyError, StorageFullError) as exc:  # worth trying again, not a bad --db
        return _fail(str(exc), EXIT_FAILED)
    except StoreError as exc:
        return _fail(str(exc), EXIT_USAGE)
    try:
        return _guard(lambda: COMMANDS[command](store, args), store.display_name)
    finally:
        store.close()


def _tolerant_stdout() -> None:
    """Never fail on a character the terminal's encoding lacks (a title in a Latin-1 locale).

    `escape` already removed what could drive the terminal; anything left is printable text.
    """
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="backslashreplace")


def _guard(action: Callable[[], int], library: str | None = None) -> int:
    """Run a command; expected failures become one line on stderr, never a traceback."""
    try:
        return action()
    except (DatabaseError, sqlite3.Error) as exc:
        if library is None:
            raise
        known = user_error(exc, library)
        reason = getattr(exc, "orig", None) or exc
        return _fail(str(known) if known else f"{library}: database error: {reason}", EXIT_FAILED)
    except BrokenPipeError:
        # The reader went away (`claimdesk claims | head`): stop quietly, like other Unix tools.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILED
    except OperationCancelled:
        return _fail("cancelled", EXIT_FAILED)
    except ClaimdeskError as exc:
        return _fail(str(exc), EXIT_FAILED)
    except KeyboardInterrupt:
        return _fail("interrupted", EXIT_FAILED)


def _fail(message: str, code: int) -> int:
    _say(f"claimdesk: {message}", sys.stderr)
    return code


def _say(line: str, stream: TextIO | None = None) -> None:
    """Print one line, its untrusted parts (names, titles, quotes, paths) escaped."""
    print(escape(line), file=stream or sys.stdout)


def _seed(store: Store) -> None:
    from claimdesk.core.seeding import ensure_seeded

    added = ensure_seeded(store)
    if added:
        _pipeline_notice()
        _say(f"new library at {store.display_name}: added {added} sample articles", sys.stderr)


def _pipeline_notice() -> None:
    """Say so when claims came from the rule-only fallback (the trained model is missing)."""
    if "spacy" not in sys.modules:  # nothing was extracted, so nothing to report
        return
    from claimdesk.core.extraction.nlp import pipeline_notice

    notice = pipeline_notice()
    if notice:
        _say(f"claimdesk: {notice}", sys.stderr)


def _cmd_import(store: Store, args: argparse.Namespace) -> int:
    from claimdesk.core.jobs import Outcome, import_paths

    _seed(store)
    reports = import_paths(store, args.paths, extract=not args.no_extract, progress=_bar("import"))
    if not args.no_extract:
        _pipeline_notice()
    for report in reports:
        _say(report.line(), sys.stderr if report.outcome is Outcome.FAILED else sys.stdout)
    return EXIT_FAILED if any(r.outcome is Outcome.FAILED for r in reports) else EXIT_OK


def _cmd_articles(store: Store, args: argparse.Namespace) -> int:
    from claimdesk.core.serialize import summary_dict
    from claimdesk.core.services.articles import list_articles

    _seed(store)
    with store.reading() as session:
        summaries = list_articles(session)
    if args.json:
        _print_json([summary_dict(s) for s in summaries])
        return EXIT_OK
    rows = [
        (s.id[:8], str(s.total), f"{s.reviewed}/{s.total}", _clip(s.title, 80)) for s in summaries
    ]
    _print_table(("ID", "CLAIMS", "REVIEWED", "TITLE"), rows)
    return EXIT_OK


def _cmd_claims(store: Store, args: argparse.Namespace) -> int:
    from claimdesk.core.models import Article
    from claimdesk.core.readmodels import claim_row
    from claimdesk.core.serialize import claim_dict
    from claimdesk.core.services.claims import list_claims
    from claimdesk.core.services.lookup import resolve_id

    _seed(store)
    with store.reading() as session:
        article_id = resolve_id(session, Article, args.article) if args.article else None
        claims = [
            claim_row(c) for c in list_claims(session, article_id=article_id, statuses=args.status)
        ]
        if args.json:
            _print_json([claim_dict(c, article_id=True) for c in claims])
            return EXIT_OK
        rows = [
            (
                c.id[:8],
                c.status,
                "" if c.score is None else f"{c.score:.2f}",
                str(len(c.evidence)),
                _clip(c.quote, 70),
            )
            for c in claims
        ]
    _print_table(("ID", "STATUS", "SCORE", "EVIDENCE", "QUOTE"), rows)
    return EXIT_OK


def _cmd_tag(store: Store, args: argparse.Namespace) -> int:
    from claimdesk.core.models import Claim
    from claimdesk.core.services import claims, evidence
    from claimdesk.core.services.lookup import resolve_id

    with store.transaction() as session:
        claim_id = resolve_id(session, Claim, args.claim)
        change = claims.set_status(session, claim_id, args.status, actor=args.reviewer)
        if args.note is not None:
            claims.set_note(session, claim_id, args.note, actor=args.reviewer)
        for url in args.evidence or []:
            evidence.add_evidence(session, claim_id, url, actor=args.reviewer)
        quote = session.get_one(Claim, claim_id).quote
    _say(f"{claim_id[:8]}: {change.after}: {_clip(quote, 70)}")  # only once it is committed
    return EXIT_OK


def _cmd_extract(store: Store, args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from claimdesk.core.jobs import extract_articles
    from claimdesk.core.models import Article
    from claimdesk.core.services.lookup import resolve_id

    if args.all == bool(args.articles):
        print("claimdesk extract: give article ids or --all (not both)", file=sys.stderr)
        return EXIT_USAGE
    _seed(store)
    with store.reading() as session:
        if args.all:
            ids = list(session.scalars(select(Article.id).order_by(Article.imported_at)))
        else:
            ids = [resolve_id(session, Article, prefix) for prefix in args.articles]
    results = extract_articles(store, ids, progress=_bar("extract"))
    _pipeline_notice()
    for article_id, outcome in results.items():
        _say(
            f"{article_id[:8]}: {outcome.added} added, {outcome.updated} rescored, "
            f"{outcome.removed} removed, {outcome.kept} reviewed kept"
        )
    return EXIT_OK


def _cmd_export(store: Store, args: argparse.Namespace) -> int:
    from claimdesk.reports import export

    _seed(store)
    result = export(
        store,
        args.format,
        args.out,
        article_ids=args.article,
        statuses=args.status,
        organisation=args.organisation,
        report_url=args.report_url,
        progress=_bar("export"),
    )
    _say(f"{result.path}: {result.articles} articles, {result.claims} claims")
    return EXIT_OK


def _eval_claims(args: argparse.Namespace) -> int:
    from claimdesk.core.extraction.evaluation import evaluate_tsv

    evaluation = evaluate_tsv(args.dataset, threshold=args.threshold)
    if args.json:
        _print_json(evaluation.to_dict())
    else:
        for line in evaluation.format_text().splitlines():
            _say(line)
    return EXIT_OK


COMMANDS: dict[str, Callable[[Store, argparse.Namespace], int]] = {
    "import": _cmd_import,
    "articles": _cmd_articles,
    "claims": _cmd_claims,
    "tag": _cmd_tag,
    "extract": _cmd_extract,
    "export": _cmd_export,
}


def _bar(label: str) -> Callable[[int, int], None]:
    """A one-line progress bar on stderr, drawn only when someone is watching a terminal."""
    if not sys.stderr.isatty():
        return lambda done, total: None

    def draw(done: int, total: int) -> None:
        width = 30
        filled = width * done // total if total else width
        end = "\n" if done >= total else ""
        sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}{end}")
        sys.stderr.flush()

    return draw


def _clip(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _print_json(data: Any) -> None:
    """JSON in printable ASCII: every other character as a `\\uXXXX` escape, which no
    terminal acts on and any stdout encoding holds, so it parses back whatever the locale."""
    print(json.dumps(data, indent=2, ensure_ascii=True))


def _print_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    rows = [[escape(cell) for cell in row] for row in rows]
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)
    ]
    for row in (header, *rows):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
