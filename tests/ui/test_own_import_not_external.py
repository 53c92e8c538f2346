"""The window's own import is never taken for another program's change, which is noticed."""

from __future__ import annotations

from test_live_changes import claimdesk, stored_status

from claimdesk.core.events import Change, ChangeKind
from claimdesk.ui.gateway import _ROWS_AT_ONCE

SENTENCE = "The council said it spent {n} million euros on bridge {n} in 2023, up 40 percent.\n"


def test_an_imported_article_is_read_once_and_a_change_made_elsewhere_still_shows(
    qtbot, open_workspace, db_path, tmp_path
) -> None:
    """The import commits its articles in savepoints; heard at a savepoint's release, its
    changes could not be counted as the window's own, and the next poll after any other
    connection's commit announced all its claims as changed elsewhere: the article, just
    shown, was read a second time (11,220 claims: seconds and tens of MB)."""
    window = open_workspace()
    gateway = window.controller.gateway
    reads: list[str] = []
    read_article = gateway.article
    gateway.article = lambda article_id: (reads.append(article_id), read_article(article_id))[1]
    outside: list[Change] = []
    gateway.sig_changed.connect(lambda changes, own: None if own else outside.extend(changes))
    outdated: list[str] = []
    gateway.sig_article_outdated.connect(outdated.append)
    source = tmp_path / "bridges.txt"
    source.write_text("".join(SENTENCE.format(n=n) for n in range(_ROWS_AT_ONCE + 50)))

    window.controller.import_paths([source])
    qtbot.waitUntil(
        lambda: (
            window.controller.article.origin == "bridges.txt" and window.controller.worker.is_idle()
        ),  # the match scan, in a child, too
        timeout=120_000,
    )
    article = window.controller.article.id
    # Enough claims to have the article read again, rather than the claims changed.
    assert len(window.controller.article.claims) > _ROWS_AT_ONCE
    claim = window.claims.model.rows()[-1].id  # one the table shows

    claimdesk(db_path, "tag", claim, "disputed")  # moves data_version: the poll reads
    qtbot.waitUntil(lambda: window.claims.model.claim(claim).status == "disputed")
    assert stored_status(db_path, claim) == "disputed"
    qtbot.waitUntil(window.controller.worker.is_idle)
    assert reads == [article]
    assert outdated == []
    # Jobs' commits are not edits (`own` is False for them too), but the import's were
    # announced once, as they came, and nothing of them again as made elsewhere.
    kinds = [c.kind for c in outside]
    assert kinds.count(ChangeKind.ARTICLE_ADDED) == kinds.count(ChangeKind.CLAIMS_ADDED) == 1
    changed = [c.claim_ids for c in outside if c.kind == ChangeKind.CLAIMS_CHANGED]
    assert changed == [frozenset([claim])]  # the other program's tag, and only it
