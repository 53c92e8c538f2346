"""`policy`: the library's sign-off policy, shown or switched (recorded in its history)."""

from __future__ import annotations

import argparse
from functools import partial

from claimdesk.cli.output import EXIT_OK, say
from claimdesk.core.store import Store

SETTINGS = {"on": True, "off": False, "auto": None}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "policy",
        help="show or set the library's sign-off policy",
        description="With no arguments, shows whether a second person must approve a claim "
        "(the approver must differ from whoever set its verdict). `second-person on|off` "
        "sets it; `auto` (the default) turns it on once more than one person has worked in "
        "the library.",
    )
    p.add_argument("name", nargs="?", choices=["second-person"], help="the policy to set")
    p.add_argument("value", nargs="?", choices=list(SETTINGS), help="on, off or auto")
    p.set_defaults(run=_policy, validate=partial(_validate, p))


def _validate(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    if args.name is not None and args.value is None:
        parser.error(f"give {args.name} on, off or auto")


def _policy(store: Store, args: argparse.Namespace) -> int:
    from claimdesk.core import signoff

    with store.transaction() as session:
        if args.name is not None:
            signoff.set_second_person_policy(session, SETTINGS[args.value], args.reviewer)
        setting = signoff.policy_setting(session)
        required = signoff.second_person_required(session)
    if setting is not None:
        how = "set; `claimdesk policy second-person auto` makes it automatic"
    elif required:
        how = "automatic: more than one person has worked in this library"
    else:
        how = "automatic: one person has worked in this library so far"
    say(f"second person must approve: {'on' if required else 'off'} ({how})")
    return EXIT_OK
