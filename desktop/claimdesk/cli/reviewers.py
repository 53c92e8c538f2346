"""`whoami` and `reviewers`: the name your changes are recorded under, and everyone else's."""

from __future__ import annotations

import argparse
import sys

from claimdesk.cli.arguments import text
from claimdesk.cli.output import EXIT_OK, print_json, print_table, say
from claimdesk.core import identity
from claimdesk.core.errors import ValidationError
from claimdesk.core.store import Store

_SOURCES = {
    identity.Source.OPTION: "from --reviewer",
    identity.Source.ENV: f"from ${identity.REVIEWER_ENV}",
    identity.Source.SETTING: "from your setting in {path}",
    identity.Source.SYSTEM: "your login name; set your own with: claimdesk whoami --set NAME",
}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "whoami", help="the name your changes are recorded under, and where it comes from"
    )
    p.add_argument(
        "--set",
        type=_name,
        metavar="NAME",
        help="save NAME for the window and the command line alike",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of a line")
    p.set_defaults(run=_whoami, library=False)

    p = sub.add_parser("reviewers", help="everyone who worked in the library; merge two names")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(run=_list)
    actions = p.add_subparsers(dest="reviewers_action", metavar="ACTION")
    merge = actions.add_parser(
        "merge", help="rewrite OLD to INTO everywhere (the same person under two names)"
    )
    merge.add_argument("old", type=text, metavar="OLD")
    merge.add_argument("into", type=text, metavar="INTO")
    merge.set_defaults(run=_merge)


def _name(value: str) -> str:
    """A name to save, checked as the setting will check it: a bad one is a usage error."""
    try:
        return identity.check_name(text(value))
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def _whoami(args: argparse.Namespace) -> int:
    who: identity.Identity = args.identity
    if args.set is not None:
        saved = identity.save_reviewer(args.set)
        say(f"saved {saved!r} in {identity.settings_path()}")
        who = identity.resolve(args.reviewer if who.source is identity.Source.OPTION else None)
    if args.json:
        print_json({"name": who.name, "source": str(who.source), "settings": _settings()})
        return EXIT_OK
    say(f"{who.name}  ({_SOURCES[who.source].format(path=_settings())})")
    return EXIT_OK


def _list(store: Store, args: argparse.Namespace) -> int:
    from claimdesk.core.services.reviewers import list_people

    with store.reading() as session:
        people = list_people(session)
    if args.json:
        print_json(
            [
                {
                    "name": p.name,
                    "changes": p.changes,
                    "claims": p.claims,
                    "sign_offs": p.sign_offs,
                    "evidence": p.evidence,
                    "last_active": p.last_active.isoformat() if p.last_active else None,
                }
                for p in people
            ]
        )
        return EXIT_OK
    rows = [
        (
            p.name,
            str(p.changes),
            p.last_active.strftime("%Y-%m-%d %H:%M UTC") if p.last_active else "—",
        )
        for p in people
    ]
    print_table(("NAME", "CHANGES", "LAST ACTIVE"), rows)
    return EXIT_OK


def _merge(store: Store, args: argparse.Namespace) -> int:
    from claimdesk.core.services.reviewers import merge

    with store.transaction() as session:
        merged = merge(session, args.old, args.into, actor=args.reviewer)
    say(merged.describe())
    if identity.follow_merge(merged.old, merged.into):
        say(f"your setting now names {merged.into!r}", sys.stderr)
    return EXIT_OK


def _settings() -> str:
    return str(identity.settings_path())
