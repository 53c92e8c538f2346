"""A sample library with some review work already done through the core services, as another
reviewer would have left it: the window tests then open it as a person would."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from claimdesk.core.seeding import ensure_seeded
from claimdesk.core.services import claims, evidence
from claimdesk.core.store import open_store

REFUTING_NOTE = "The figure comes from a 2019 estimate that the company later withdrew."


@pytest.fixture(scope="module")
def reviewed_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample library, extracted and reviewed once per module."""
    path = tmp_path_factory.mktemp("reviewed") / "library.sqlite3"
    store = open_store(path)
    ensure_seeded(store)
    store.close()
    review_each_article(path)
    return path


@pytest.fixture
def reviewed_db(reviewed_template: Path, db_path: Path) -> Path:
    """This test's own copy of the reviewed library, where the window opens by default."""
    shutil.copy(reviewed_template, db_path)
    return db_path


def review_each_article(db_path: Path) -> None:
    """In every article: the first claim sourced and approved, the second disputed with a
    refuting fact check, the third dismissed (so 'claims listed' and 'to check' differ)."""
    store = open_store(db_path)
    with store.transaction() as session:
        by_article: dict[str, list[str]] = {}
        for claim in claims.list_claims(session):
            by_article.setdefault(claim.article_id, []).append(claim.id)
        for first, second, third, *_ in by_article.values():
            claims.set_status(session, first, "sourced", actor="ben")
            evidence.add_evidence(session, first, "https://example.org/report", actor="ben")
            claims.set_review_state(session, first, "approved", actor="eve")
            claims.set_status(session, second, "disputed", actor="ben")
            evidence.add_evidence(
                session,
                second,
                "https://www.reuters.com/fact-check/fujitsu-figures",
                title="Reuters fact check",
                note=REFUTING_NOTE,
                stance="refutes",
                actor="ben",
            )
            claims.set_status(session, third, "dismissed", actor="ben")
    store.close()
