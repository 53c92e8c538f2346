"""`review`: sign claims off, by the same rules as the window (core.signoff).

Approves (or moves) what the rules allow in one transaction and names each refused claim
with its reason on stderr, exiting 1 if any was refused.
"""

from __future__ import annotations

import argparse
import sys
from functools import partial

from claimdesk.cli.arguments import text
from claimdesk.cli.output import EXIT_FAILED, EXIT_OK, clip, say
from claimdesk.core.store import Store

# The action word, last among the positionals, and the review state it sets.
ACTIONS = {"approve": "approved", "needs-review": "needs_review", "draft": "draft", "reopen": None}


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "review",
        usage="%(prog)s [-h] CLAIM_ID... {approve,needs-review,draft}\n"
        "       %(prog)s [-h] CLAIM_ID... reopen --reason TEXT",
        help="approve claims, move them back to needs review or draft, or reopen approved ones",
        description="Sign claims off. Approval needs a verdict (or a dismissal), evidence for "
        "sourced and disputed claims and, when the library's second-person policy is on, an "
        "approver other than whoever set the verdict (see `claimdesk policy`). Approved claims "
        "are locked until reopened with a reason. What the rules allow is done; each refused "
        "claim is named on stderr and the exit code is 1.",
    )
    p.add_argument(
        "words",
        type=text,
        nargs="+",
        metavar="WORD",
        help=f"claim ids or unique id prefixes, then one of {', '.join(ACTIONS)}",
    )
    p.add_argument("--reason", type=text, metavar="TEXT", help="why (reopen only; required)")
    p.set_defaults(run=_review, validate=partial(_validate, p))


def _validate(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    *ids, action = args.words
    if action not in ACTIONS:
        parser.error(
            f"the last word must be an action, one of {', '.join(ACTIONS)}; got {action!r}"
        )
    if not ids:
        parser.error(f"give at least one claim id before {action!r}")
    if action == "reopen" and not (args.reason or "").strip():
        parser.error("reopen needs --reason TEXT: it is kept in the claim's history")
    if action != "reopen" and args.reason is not None:
        parser.error(f"--reason is for reopen, not {action}")
    args.ids, args.action = ids, action


def _review(store: Store, args: argparse.Namespace) -> int:
    from claimdesk.core import signoff
    from claimdesk.core.models import Claim, ReviewState
    from claimdesk.core.services import claims
    from claimdesk.core.services.history import load_claims
    from claimdesk.core.services.lookup import resolve_id

    state = ACTIONS[args.action]
    with store.transaction() as session:
        ids = list(dict.fromkeys(resolve_id(session, Claim, i) for i in args.ids))
        if state is None:
            found = load_claims(session, ids)
            refused = [
                signoff.Refusal(c.id, c.quote, "not approved; nothing to reopen")
                for c in found
                if c.review_state != ReviewState.APPROVED
            ]
        else:
            refused = signoff.refusals(session, ids, state, args.reviewer)
        skip = {r.claim_id for r in refused}
        allowed = [i for i in ids if i not in skip]
        already = {c.id for c in load_claims(session, allowed) if c.review_state == state}
        if state is None:
            for claim_id in allowed:
                claims.reopen(session, claim_id, args.reason, actor=args.reviewer)
        else:
            claims.sign_off(session, [(i, state) for i in allowed], actor=args.reviewer)
        done = [(c.id, c.review_state, c.quote) for c in load_claims(session, allowed)]
    word = "reopened" if state is None else None
    for claim_id, now, quote in done:  # only once committed
        was = "already " if claim_id in already else ""
        say(f"{claim_id[:8]}: {was}{word or now.replace('_', ' ')}: {clip(quote, 70)}")
    for refusal in refused:
        say(f"claimdesk: {refusal}", sys.stderr)
    return EXIT_FAILED if refused else EXIT_OK
