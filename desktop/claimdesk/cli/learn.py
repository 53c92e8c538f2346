"""`learn`: adapt the claim detector to this library's decisions, list and restore versions."""

from __future__ import annotations

import argparse
import sys

from claimdesk.cli.output import EXIT_FAILED, EXIT_OK, print_table, progress_bar, say
from claimdesk.core.store import Store

BASE = "base"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "learn",
        help="adapt claim detection to this library's decisions (shown before adopting)",
        description="Fits a small model on top of the shipped detector from what reviewers "
        "decided (dismissed: not a claim; tagged, approved or added by hand: a claim), shows "
        "how it and the current model do on decisions held back from fitting, and adopts it "
        "only if you accept. New imports and re-extractions then use it; claims already "
        "found are never changed. Nothing leaves this computer.",
    )
    what = p.add_mutually_exclusive_group()
    what.add_argument("--yes", action="store_true", help="adopt the new model without asking")
    what.add_argument("--dry-run", action="store_true", help="only show the comparison")
    what.add_argument("--list", action="store_true", help="list the library's model versions")
    what.add_argument(
        "--restore",
        metavar="VERSION",
        type=_version,
        help=f"use an earlier version again, or '{BASE}' for the shipped model",
    )
    p.set_defaults(run=_learn)


def _version(value: str) -> str:
    if value == BASE or (value.isdigit() and int(value) > 0):
        return value
    raise argparse.ArgumentTypeError(f"expected a version number or '{BASE}', got {value!r}")


def _learn(store: Store, args: argparse.Namespace) -> int:
    if args.list:
        return _list(store)
    if args.restore is not None:
        return _restore(store, args)
    from claimdesk.core.learning.learn import NotEnoughDecisionsError, adopt, learn

    try:
        comparison = learn(store, progress=progress_bar("learn"))
    except NotEnoughDecisionsError as exc:
        say(str(exc), sys.stderr)
        return EXIT_FAILED
    if comparison.notice:
        say(f"claimdesk: {comparison.notice}", sys.stderr)
    say(
        f"Decisions: {comparison.used + comparison.held_back} ({comparison.used} fitted on, "
        f"{comparison.held_back} held back; {comparison.contradictory} sentences labelled "
        "both ways left out)"
    )
    say(f"On the {comparison.held_back} held-back decisions:")
    rows = [("adapted (new)", comparison.adapted), (comparison.current_name, comparison.current)]
    print_table(
        ("MODEL", "PRECISION", "RECALL", "F1"),
        [(name, f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}") for name, s in rows],
    )
    if not comparison.better():
        say(f"The adapted model does not score higher than {comparison.current_name}.")
    if args.dry_run or not (args.yes or _accepted()):
        say("Not adopted; `claimdesk learn --yes` adopts it.")
        return EXIT_OK
    version = adopt(store, comparison, args.reviewer)
    say(
        f"Adopted as library model {version}: new imports and re-extractions use it; claims "
        f"already found are unchanged. `claimdesk learn --restore {BASE}` goes back."
    )
    return EXIT_OK


def _accepted() -> bool:
    """Ask on a terminal; a script without --yes never adopts."""
    if not sys.stdin.isatty():
        return False
    try:
        return input("Adopt this model? [y/N] ").strip().lower() in ("y", "yes")
    except EOFError:
        return False


def _list(store: Store) -> int:
    from claimdesk.core.learning.learn import versions as read_versions

    versions, problem = read_versions(store)
    if problem:
        say(f"claimdesk: {problem}", sys.stderr)
    rows = [
        (
            str(v.version),
            "yes" if v.in_use else "",
            v.created_at.strftime("%Y-%m-%d %H:%M"),
            v.created_by,
            str(v.decisions),
            v.f1_text(),
        )
        for v in versions
    ]
    print_table(("VERSION", "IN USE", "CREATED", "BY", "DECISIONS", "F1 HELD BACK"), rows)
    if not any(v.in_use for v in versions):
        say("In use: the shipped model.")
    return EXIT_OK


def _restore(store: Store, args: argparse.Namespace) -> int:
    from claimdesk.core.learning.learn import use

    version = None if args.restore == BASE else int(args.restore)
    use(store, version, args.reviewer)
    name = "the shipped model" if version is None else f"library model {version}"
    say(f"In use: {name}; claims already found are unchanged.")
    return EXIT_OK
