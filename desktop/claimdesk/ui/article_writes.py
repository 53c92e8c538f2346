"""Managing articles, for the gateway (see ui.gateway): a mixin, so they stay `Gateway`
methods. Reads through the gateway's `store`; writes are short transactions on the GUI
thread through its `_writing`, announced like any change. This module imports neither
SQLAlchemy nor the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

from claimdesk.core.rows import ArticleEdit, DeletedSummary, DeletePreview

if TYPE_CHECKING:
    from claimdesk.core.one_writer import OneWriter


class ArticleWrites:
    """Rename, edit, delete and restore articles, and what their dialogs read first."""

    if TYPE_CHECKING:
        reviewer: str

        @property
        def store(self) -> OneWriter: ...

        def _writing(self) -> AbstractContextManager[Any]: ...  # a Session (no SQLAlchemy here)

    def article_fields(self, article_id: str) -> ArticleEdit:
        from claimdesk.core.services import articles

        with self.store.reading() as session:
            return articles.editable(session, article_id)

    def delete_preview(self, article_ids: Sequence[str]) -> DeletePreview:
        from claimdesk.core.services import articles

        with self.store.reading() as session:
            return articles.delete_preview(session, article_ids)

    def deleted_articles(self) -> list[DeletedSummary]:
        from claimdesk.core.services import articles

        with self.store.reading() as session:
            return articles.deleted_articles(session)

    def edit_article(
        self, article_id: str, edit: ArticleEdit, *, rename: bool = False
    ) -> dict[str, Any]:
        """Rename or edit; a ValidationError names the field. Returns what changed."""
        from claimdesk.core.services import articles

        with self._writing() as session:
            if rename and edit.title is not None:
                return articles.rename_article(session, article_id, edit.title, self.reviewer)
            return articles.edit_article(session, article_id, edit, self.reviewer)

    def delete_articles(self, article_ids: Sequence[str]) -> DeletePreview:
        """Delete in one transaction, a backup of each kept (see `restore_article`)."""
        from claimdesk.core.services import articles

        with self._writing() as session:
            return articles.delete_articles(session, article_ids, self.reviewer)

    def restore_article(self, article_id: str) -> str:
        from claimdesk.core.services import articles

        with self._writing() as session:
            return articles.restore_article(session, article_id, self.reviewer)

    def restore_articles(self, article_ids: Sequence[str]) -> list[str]:
        """All of them in one transaction, or none (the refusal names the article)."""
        from claimdesk.core.services import articles

        with self._writing() as session:
            return articles.restore_articles(session, article_ids, self.reviewer)
