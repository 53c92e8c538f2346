"""One article with two claims (c1, c2), shared by the tests of what a commit announces and
of what another process's poll finds."""

from __future__ import annotations

from claimdesk.core.importing import ArticleDraft
from claimdesk.core.services.articles import import_draft
from claimdesk.core.services.claims import add_claim
from claimdesk.core.store import Store

TEXT = "Acme sold 12 trains in 2024. The mayor said the deal was fair.\n"


def add_article(store: Store) -> str:
    with store.transaction() as s:
        article = import_draft(s, ArticleDraft("Acme", TEXT, "acme.txt")).article
        add_claim(s, article.id, 0, 28, actor="ana", claim_id="c1")
        add_claim(s, article.id, 29, 62, actor="ana", claim_id="c2")
        return article.id
