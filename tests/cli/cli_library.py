"""A small library on a real SQLite file holding one article made of hostile text."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from claimdesk.core.extraction.extractor import EXTRACTOR_VERSION, Candidate
from claimdesk.core.highlights import version_cut
from claimdesk.core.importing import ArticleDraft
from claimdesk.core.models import Claim
from claimdesk.core.seeding import ensure_seeded
from claimdesk.core.services.articles import import_draft
from claimdesk.core.services.claims import add_claim
from claimdesk.core.services.extraction import apply_candidates
from claimdesk.core.store import open_store

# What an imported file can carry into a title, a file name or a quote: a line break that
# forges a result line, a colour (CSI), a window title (OSC), an 8-bit CSI (C1), a bidi override.
HOSTILE = "a\nfake.txt: imported as 'x'\r\x1b[31mred\x1b]0;owned\x07 \x9b2J \u202eevil\x7f"
QUOTE = f"The ministry said {HOSTILE} unemployment fell to 4.1%."


@dataclass(frozen=True)
class Library:
    path: Path
    article_id: str
    claim_id: str

    @property
    def db(self) -> str:
        return str(self.path)


def make_library(path: Path) -> Library:
    """Seeded without extraction (no spaCy, so fast), plus the hostile article and its claim."""
    store = open_store(path)
    try:
        ensure_seeded(store, extract_claims=False)
        text = f"{QUOTE}\nCritics disputed the figure."
        with store.transaction() as session:
            draft = ArticleDraft(title=HOSTILE, text=text, origin=f"{HOSTILE}.md")
            article = import_draft(session, draft).article
            claim = add_claim(session, article.id, 0, len(QUOTE), actor="setup")
            ids = (article.id, claim.id)
    finally:
        store.close()
    return Library(path, *ids)


def add_extracted_article(path: Path, title: str, sentences: Sequence[str]) -> list[str]:
    """An article whose sentences are its claims as an extraction stores them (scores falling
    in sentence order, the model's cut-off kept with the article), without running spaCy.
    Returns the claims' ids in sentence order."""
    text, candidates = "", []
    for n, sentence in enumerate(sentences):
        text += " " if text else ""
        score = 0.999 - n / 10_000
        candidates.append(Candidate(len(text), len(text) + len(sentence), sentence, score, (),
                                    None, None))  # fmt: skip
        text += sentence
    cut = version_cut(EXTRACTOR_VERSION)
    assert cut < candidates[-1].score, "every claim is worth highlighting, budget permitting"
    store = open_store(path)
    try:
        with store.transaction() as session:
            article = import_draft(session, ArticleDraft(title, text, f"{title}.txt")).article
            apply_candidates(session, article, candidates, EXTRACTOR_VERSION, cut)
            query = select(Claim.id).where(Claim.article_id == article.id).order_by(Claim.start)
            return list(session.scalars(query))
    finally:
        store.close()


def run_cli(
    *argv: str | bytes, env: Mapping[str, str] | None = None, **options: Any
) -> subprocess.CompletedProcess[Any]:
    """`python -m claimdesk ARGV` as a real process, `env` added to this one's environment."""
    return subprocess.run(
        [sys.executable, "-m", "claimdesk", *argv],
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=120,  # a hang guard only
        check=False,
        **options,
    )
