"""`article show|rename|edit|delete|deleted|restore`: managing one article at a time.

A delete keeps a backup of each article whole (claims, evidence, history) until restored;
without --yes it only says what would go.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from claimdesk.cli.arguments import text
from claimdesk.cli.output import EXIT_OK, EXIT_USAGE, clip, fail, print_json, print_table, say
from claimdesk.core.errors import ValidationError
from claimdesk.core.store import Store

if TYPE_CHECKING:
    from claimdesk.core.services.articles import ArticleEdit, DeletePreview


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = sub.add_parser("article", help="show, rename, edit, delete or restore an article")
    commands = group.add_subparsers(dest="article_command", metavar="ACTION", required=True)
    p = commands.add_parser("show", help="an article's details and what it holds")
    p.add_argument("article", type=text, metavar="ID", help="an article id or id prefix")
    p.add_argument("--json", action="store_true", help="print JSON instead of lines")
    p.set_defaults(run=_show)

    p = commands.add_parser("rename", help="give an article a new title")
    p.add_argument("article", type=text, metavar="ID")
    p.add_argument("title", type=text, metavar="TITLE")
    p.set_defaults(run=_rename)

    p = commands.add_parser("edit", help="change an article's title, source, author or date")
    p.add_argument("article", type=text, metavar="ID")
    p.add_argument("--title", type=text)
    p.add_argument("--source-url", type=text, metavar="URL", help='the address ("" clears it)')
    p.add_argument("--author", type=text, help='the author ("" clears it)')
    p.add_argument("--published", type=text, metavar="YYYY-MM-DD", help='("" clears it)')
    p.set_defaults(run=_edit)

    p = commands.add_parser(
        "delete", help="delete articles (a backup is kept); without --yes, say what would go"
    )
    p.add_argument("articles", type=text, nargs="+", metavar="ID")
    p.add_argument("--yes", action="store_true", help="delete; without it nothing changes")
    p.set_defaults(run=_delete)

    p = commands.add_parser("deleted", help="list deleted articles that can be restored")
    p.set_defaults(run=_deleted)

    p = commands.add_parser("restore", help="put a deleted article back as it was")
    p.add_argument("article", type=text, metavar="ID", help="its id or id prefix (see `deleted`)")
    p.set_defaults(run=_restore)


def _show(store: Store, args: argparse.Namespace) -> int:
    from claimdesk.core.models import Article
    from claimdesk.core.serialize import iso
    from claimdesk.core.services.articles import delete_preview, get_article
    from claimdesk.core.services.lookup import resolve_id

    with store.reading() as session:
        article = get_article(session, resolve_id(session, Article, args.article))
        held = delete_preview(session, [article.id])
    details: dict[str, Any] = {
        "id": article.id,
        "title": article.title,
        "source_url": article.source_url,
        "author": article.author,
        "published": iso(article.published),
        "language": article.language,
        "origin": article.origin,
        "imported_at": iso(article.imported_at),
        "claims": held.claims,
        "reviewed": held.reviewed,
        "evidence": held.evidence,
    }
    if args.json:
        print_json(details)
        return EXIT_OK
    for name, value in details.items():
        say(f"{name + ':':<13}{'' if value is None else value}")
    return EXIT_OK


def _rename(store: Store, args: argparse.Namespace) -> int:
    from claimdesk.core.services.articles import ArticleEdit

    return _change(store, args, ArticleEdit(title=args.title))


def _edit(store: Store, args: argparse.Namespace) -> int:
    from claimdesk.core.services.articles import ArticleEdit

    edit = ArticleEdit(args.title, args.source_url, args.author, args.published)
    if edit == ArticleEdit():
        return fail("article edit: give --title, --source-url, --author or --published", EXIT_USAGE)
    return _change(store, args, edit)


def _change(store: Store, args: argparse.Namespace, edit: ArticleEdit) -> int:
    from claimdesk.core.models import Article
    from claimdesk.core.services.articles import checked_edit, edit_article, rename_article
    from claimdesk.core.services.lookup import resolve_id

    try:
        checked_edit(edit)  # a bad value is a usage error, named before the library is touched
    except ValidationError as exc:
        return fail(str(exc), EXIT_USAGE)
    with store.transaction() as session:
        article_id = resolve_id(session, Article, args.article)
        if args.article_command == "rename":
            changed = rename_article(session, article_id, args.title, args.reviewer)
        else:
            changed = edit_article(session, article_id, edit, args.reviewer)
    if not changed:
        say(f"{article_id[:8]}: unchanged")
    for name, value in changed.items():
        say(f"{article_id[:8]}: {name} {'cleared' if value is None else f'set to {value}'}")
    return EXIT_OK


def _delete(store: Store, args: argparse.Namespace) -> int:
    from claimdesk.core.models import Article
    from claimdesk.core.services.articles import delete_articles, delete_preview
    from claimdesk.core.services.lookup import resolve_id

    if not args.yes:
        with store.reading() as session:
            ids = [resolve_id(session, Article, prefix) for prefix in args.articles]
            preview = delete_preview(session, ids)
        say(f"would delete {_tally(preview)}:")
        _list_articles(preview)
        say("nothing changed; add --yes to delete (a backup is kept, to restore them later)")
        return EXIT_OK
    with store.transaction() as session:
        ids = [resolve_id(session, Article, prefix) for prefix in args.articles]
        gone = delete_articles(session, ids, args.reviewer)
    say(f"deleted {_tally(gone)}:")
    _list_articles(gone)
    say("restore one with: claimdesk article restore ID  (list them: claimdesk article deleted)")
    return EXIT_OK


def _tally(preview: DeletePreview) -> str:
    n = len(preview.articles)
    return (
        f"{n} article{'s' if n != 1 else ''}, {_count(preview.claims, 'claim')} "
        f"({preview.reviewed} reviewed{_approved(preview)}), "
        f"{_count(preview.evidence, 'evidence item')}"
    )


def _approved(preview: DeletePreview) -> str:
    """Approved claims are locked; a delete passes over that, so it is said."""
    return f", {preview.approved} approved" if preview.approved else ""


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"


def _list_articles(preview: DeletePreview) -> None:
    for article_id, title in preview.articles:
        say(f"  {article_id[:8]}  {clip(title, 80)}")


def _deleted(store: Store, args: argparse.Namespace) -> int:
    from claimdesk.core.services.articles import deleted_articles

    with store.reading() as session:
        backups = deleted_articles(session)
    if not backups:
        say("no deleted articles")
        return EXIT_OK
    rows: Sequence[Sequence[str]] = [
        (
            b.id[:8],
            b.deleted_at.strftime("%Y-%m-%d %H:%M"),
            clip(b.deleted_by, 20),
            str(b.claims),
            str(b.reviewed),
            str(b.evidence),
            clip(b.title, 60),
        )
        for b in backups
    ]
    print_table(("ID", "DELETED (UTC)", "BY", "CLAIMS", "REVIEWED", "EVIDENCE", "TITLE"), rows)
    return EXIT_OK


def _restore(store: Store, args: argparse.Namespace) -> int:
    from claimdesk.core.models import DeletedArticle
    from claimdesk.core.services.articles import restore_article
    from claimdesk.core.services.lookup import resolve_id

    with store.transaction() as session:
        article_id = resolve_id(session, DeletedArticle, args.article)
        title = restore_article(session, article_id, args.reviewer)
    say(f"{article_id[:8]}: restored '{clip(title, 80)}' with its claims, evidence and history")
    return EXIT_OK
