"""`factchecks import|list|remove`: the earlier fact-checks claims are matched against."""

from __future__ import annotations

import argparse
from pathlib import Path

from claimdesk.cli.output import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    clip,
    fail,
    print_json,
    print_table,
    say,
)
from claimdesk.core.errors import ImportFailure
from claimdesk.core.store import Store


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("factchecks", help="import, list or remove earlier fact-checks")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    imp = actions.add_parser(
        "import", help="import ClaimReview JSON-LD, a CSV, or a Claimdesk JSON export"
    )
    imp.add_argument("files", nargs="+", type=Path, metavar="FILE")
    imp.set_defaults(run=_import)
    show = actions.add_parser("list", help="list the imported fact-checks")
    show.add_argument("--json", action="store_true", help="print JSON")
    show.set_defaults(run=_list)
    rm = actions.add_parser("remove", help="remove fact-checks by id")
    rm.add_argument("ids", nargs="*", type=int, metavar="ID")
    rm.add_argument("--all", action="store_true", help="remove every fact-check")
    rm.set_defaults(run=_remove)


def _import(store: Store, args: argparse.Namespace) -> int:
    from claimdesk.core.factchecks.library import import_file

    failed = False
    for path in args.files:
        try:
            summary = import_file(store, path)
        except ImportFailure as exc:
            fail(str(exc), EXIT_FAILED)
            failed = True
            continue
        for problem in summary.problems:
            say(f"{path}: {problem}")
        say(f"{path}: {summary.added} added, {summary.updated} updated")
    return EXIT_FAILED if failed else EXIT_OK


def _list(store: Store, args: argparse.Namespace) -> int:
    from claimdesk.core.factchecks.library import list_factchecks
    from claimdesk.core.serialize import fields, iso

    found = list_factchecks(store)
    if args.json:
        keys = ("id", "url", "claim", "title", "rating", "publisher", "published", "language",
                "source", "imported_at")  # fmt: skip
        print_json([fields(f, keys) for f in found])
        return EXIT_OK
    rows = [
        [str(f.id), f.publisher or "", f.rating, iso(f.published) or "", clip(f.claim, 60), f.url]
        for f in found
    ]
    print_table(["ID", "PUBLISHER", "RATING", "DATE", "CLAIM", "URL"], rows)
    return EXIT_OK


def _remove(store: Store, args: argparse.Namespace) -> int:
    from claimdesk.core.factchecks.library import remove_factchecks

    if bool(args.all) == bool(args.ids):
        return fail("factchecks remove: give fact-check ids or --all", EXIT_USAGE)
    removed = remove_factchecks(store, None if args.all else args.ids)
    say(f"{removed} fact-checks removed")
    return EXIT_OK
