"""The command line: `claimdesk` opens the window; each subcommand lives in its own module.

Exit codes: 0 all well; 1 something failed (an input, or a busy library or full disk: worth
trying again); 2 usage error (bad arguments, or a --db that cannot be opened as a library).
Nothing here imports Qt except the `gui` command (and a PDF export), and spaCy loads only when
extraction runs. A command module's `register` adds its parsers with `run` (and `library=False`
when it needs no library, `validate` for usage checks argparse cannot express) as defaults.
Every run builds every command's parser, so a command module imports at its top only what
that takes; its handlers import the rest (the reports, extraction, numpy), and choices read
from them are `arguments.LazyChoices`.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from functools import cache, partial

from sqlalchemy.exc import DatabaseError

from claimdesk import __version__
from claimdesk.cli import (
    article,
    articles,
    claims,
    evaluate,
    export,
    factchecks,
    learn,
    matching,
    policy,
    review,
    reviewers,
)
from claimdesk.cli.arguments import text
from claimdesk.cli.output import EXIT_FAILED, EXIT_USAGE, fail, say, tolerant_stdout
from claimdesk.core import identity
from claimdesk.core.dberrors import LibraryBusyError, StorageFullError, user_error
from claimdesk.core.errors import ClaimdeskError, OperationCancelled, StoreError
from claimdesk.core.identity import REVIEWER_ENV
from claimdesk.core.store import ENV_VAR, open_store

COMMAND_MODULES = (
    articles,
    article,
    claims,
    review,
    policy,
    export,
    evaluate,
    reviewers,
    factchecks,
    matching,
    learn,
)


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
        type=partial(text, env=REVIEWER_ENV),
        help=f"name recorded on changes (default: ${REVIEWER_ENV}, else the name saved in the "
        "window or by `whoami --set`, else your login name)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.add_parser("gui", help="open the window (the default)")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    tolerant_stdout()
    parser = build_parser()
    args = parser.parse_args(argv)
    if validate := getattr(args, "validate", None):
        validate(args)  # a command's own usage checks (exit 2), before any library opens
    if args.command in (None, "gui"):
        from claimdesk.reports.qt_libraries import missing_libraries_message

        if problem := missing_libraries_message():  # before Qt's libraries load or abort
            return fail(problem, EXIT_FAILED)
        from claimdesk.ui.app import run

        return run(args.db, args.reviewer)
    _skip_final_collection()
    args.identity = _identity(parser, args.reviewer)
    args.reviewer = args.identity.name
    if not getattr(args, "library", True):
        return _guard(lambda: args.run(args))
    try:
        store = open_store(args.db)
    except (LibraryBusyError, StorageFullError) as exc:  # worth trying again, not a bad --db
        return fail(str(exc), EXIT_FAILED)
    except StoreError as exc:
        return fail(str(exc), EXIT_USAGE)
    try:
        return _guard(lambda: args.run(store, args), store.display_name)
    finally:
        store.close()


@cache
def _skip_final_collection() -> None:
    """Exit a command without the interpreter's last garbage collection.

    It walks every object left: after an extraction, spaCy's and SQLAlchemy's by the
    million, ~0.25 s of a 3 s `claimdesk import` on one core, to free memory the process
    is giving back anyway. Frozen objects are left out of it; everything else about exit
    (atexit handlers, open files flushed as modules are cleared) is as before. Commands
    close their library themselves. Not registered for the window, which runs until Qt's
    objects are gone in their order. Cached: registered once however often `main` runs.
    """
    atexit.register(gc.freeze)


def _identity(parser: argparse.ArgumentParser, option: str | None) -> identity.Identity:
    """Who this run records changes as; a damaged settings file is said, not fatal."""
    if option is None:
        try:  # argparse checked the option; the variable is checked the same way
            text(os.environ.get(REVIEWER_ENV, ""), env=REVIEWER_ENV)
        except argparse.ArgumentTypeError as exc:
            parser.error(f"argument --reviewer: {exc}")
    who = identity.resolve(option)
    if who.problem:
        say(f"claimdesk: warning: {who.problem}; recording changes as {who.name!r}", sys.stderr)
    return who


def _guard(action: Callable[[], int], library: str | None = None) -> int:
    """Run a command; expected failures become one line on stderr, never a traceback."""
    try:
        return action()
    except (DatabaseError, sqlite3.Error) as exc:
        if library is None:
            raise
        known = user_error(exc, library)
        reason = getattr(exc, "orig", None) or exc
        return fail(str(known) if known else f"{library}: database error: {reason}", EXIT_FAILED)
    except BrokenPipeError:
        # The reader went away (`claimdesk claims | head`): stop quietly, like other Unix tools.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_FAILED
    except OperationCancelled:
        return fail("cancelled", EXIT_FAILED)
    except ClaimdeskError as exc:
        return fail(str(exc), EXIT_FAILED)
    except KeyboardInterrupt:
        return fail("interrupted", EXIT_FAILED)
