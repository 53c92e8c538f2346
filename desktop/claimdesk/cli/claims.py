"""`claims` and `tag`: listing claims and recording a reviewer's verdict."""

from __future__ import annotations

import argparse
import sys
from functools import partial
from typing import TYPE_CHECKING

from claimdesk.cli.arguments import status, text
from claimdesk.cli.library import seed
from claimdesk.cli.listing import add_listing_options, print_listing
from claimdesk.cli.output import EXIT_OK, clip, say
from claimdesk.core.models import Stance
from claimdesk.core.statuses import LOOKS
from claimdesk.core.store import Store

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

STANCES = tuple(s.value for s in Stance)


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("claims", help="list claims")
    p.add_argument(
        "--article", type=text, metavar="ID", help="only this article (an id or id prefix)"
    )
    p.add_argument(
        "--status",
        type=status,
        action="append",
        metavar="S",
        help=f"only this status (repeatable): {', '.join(LOOKS)}",
    )
    p.add_argument(
        "--candidates",
        action="store_true",
        help="also list the candidates not highlighted by default (faint in the window)",
    )
    earlier = p.add_mutually_exclusive_group()
    earlier.add_argument(
        "--checked-before",
        dest="checked",
        action="store_const",
        const=True,
        help="only claims with an earlier check stored by `match --scan` (or the window)",
    )
    earlier.add_argument(
        "--not-checked-before",
        dest="checked",
        action="store_const",
        const=False,
        help="only claims without one",
    )
    add_listing_options(p, "claim")
    p.set_defaults(run=_claims)

    p = sub.add_parser("tag", help="set a claim's status, optionally with a note and evidence")
    p.add_argument("claim", type=text, metavar="CLAIM_ID")
    p.add_argument("status", type=status, metavar="STATUS", help=", ".join(LOOKS))
    p.add_argument("--note", type=text, metavar="TEXT", help="replace the claim's note")
    p.add_argument(
        "--evidence",
        type=text,
        action="append",
        metavar="URL",
        help="add an evidence link (http, https or DOI; repeatable)",
    )
    p.add_argument("--title", type=text, metavar="T", help="the title of every --evidence link")
    p.add_argument(
        "--stance",
        choices=STANCES,
        help="how every --evidence link bears on the claim (default: refutes for disputed, "
        "else supports)",
    )
    public = p.add_mutually_exclusive_group()
    public.add_argument(
        "--public-note",
        dest="note_public",
        action="store_const",
        const=True,
        help="print the note in publications",
    )
    public.add_argument(
        "--private-note",
        dest="note_public",
        action="store_const",
        const=False,
        help="keep the note a working note (the default for a new note)",
    )
    p.set_defaults(run=_tag, validate=partial(_validate_tag, p))


def _validate_tag(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    for option, value in (("--title", args.title), ("--stance", args.stance)):
        if value is not None and not args.evidence:
            parser.error(f"{option} describes --evidence links; give --evidence URL too")


def _claims(store: Store, args: argparse.Namespace) -> int:
    from claimdesk.core.claim_json import claim_json
    from claimdesk.core.listings import ListedClaim, claim_listing
    from claimdesk.core.models import Article
    from claimdesk.core.services.lookup import resolve_id

    def as_row(c: ListedClaim) -> tuple[str, ...]:
        score = "" if c.score is None else f"{c.score:.2f}"
        return (c.id[:8], c.status, score, str(len(c.evidence)), clip(c.quote, 70))

    seed(store)
    with store.reading() as session:
        article_id = resolve_id(session, Article, args.article) if args.article else None
        chunks = claim_listing(
            session,
            article_id=article_id,
            statuses=args.status,
            candidates=args.candidates,
            checked=args.checked,
            offset=args.offset,
            limit=args.limit,
        )
        header = ("ID", "STATUS", "SCORE", "EVIDENCE", "QUOTE")
        print_listing(args, chunks, claim_json, header, as_row)
        if args.checked is not None:
            _say_pending(session)
    return EXIT_OK


def _say_pending(session: Session) -> None:
    """Claims not matched yet count as not checked before: say so, as the dashboard does."""
    from claimdesk.core.factchecks.stored import pending_count

    if pending := pending_count(session):
        noun = "claim" if pending == 1 else "claims"
        say(f"{pending} {noun} not matched yet: run `claimdesk match --scan`", sys.stderr)


def _tag(store: Store, args: argparse.Namespace) -> int:
    from claimdesk.core.models import Claim
    from claimdesk.core.services import claims, evidence
    from claimdesk.core.services.lookup import resolve_id
    from claimdesk.core.statuses import default_stance

    with store.transaction() as session:
        claim_id = resolve_id(session, Claim, args.claim)
        change = claims.set_status(session, claim_id, args.status, actor=args.reviewer)
        if args.note is not None:
            claims.set_note(session, claim_id, args.note, actor=args.reviewer)
        if args.note_public is not None:
            claims.set_note_public(session, claim_id, args.note_public, actor=args.reviewer)
        stance = args.stance or default_stance(change.after)
        for url in args.evidence or []:
            evidence.add_evidence(
                session, claim_id, url, actor=args.reviewer, title=args.title or "", stance=stance
            )
        quote = session.get_one(Claim, claim_id).quote
    say(f"{claim_id[:8]}: {change.after}: {clip(quote, 70)}")  # only once it is committed
    return EXIT_OK
