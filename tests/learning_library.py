"""A library reviewed by a simulated reviewer, for the tests of learning from decisions.

Articles are real prose: the shorter sample article and news sentences labelled for the
suggestion rules (tests/core/extraction/suggestions.tsv), three per paragraph. They are
imported and extracted by the real pipeline; then a reviewer with a consistent policy
that differs from the shipped model (a claim needs a number or a date) tags or dismisses
about 60% of the claims and adds by hand sentences with a number that the model missed.
Built once per test session and copied for each test.
"""

from __future__ import annotations

import csv
import random
import re
import shutil
from pathlib import Path

from sqlalchemy import select

from claimdesk.core.jobs import import_paths
from claimdesk.core.models import Article, Claim, ClaimOrigin
from claimdesk.core.services.claims import add_claim, set_status
from claimdesk.core.store import open_store

REPO = Path(__file__).resolve().parents[1]
SENTENCES = REPO / "tests" / "core" / "extraction" / "suggestions.tsv"
SAMPLE = "fujitsu-palantir-partnership.txt"
REVIEWER = "ana"
SENTENCE_COUNT = 180  # with 150 the held-back part is too small to tell the models apart
SHARE_REVIEWED = 0.6
MISSED_PER_ARTICLE = 2
HAS_FACT = re.compile(
    r"\d|\b(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today"
    r"|last (?:year|week|month)|percent|million|billion|half|twice|double)\b",
    re.IGNORECASE,
)
_template: Path | None = None


def wants(sentence: str) -> bool:
    """The simulated reviewer's policy: a claim worth checking has a number or a date."""
    return HAS_FACT.search(sentence) is not None


def article_files(folder: Path) -> Path:
    """A sample article, plus 180 labelled news sentences as 12 articles of 3-sentence
    paragraphs, written as .txt files into `folder` (small: extraction takes seconds)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "seeds" / SAMPLE, folder / SAMPLE)
    with SENTENCES.open(encoding="utf-8") as handle:
        rows = csv.DictReader(handle, delimiter="\t")
        sentences = [row["sentence"] for row in rows][:SENTENCE_COUNT]
    per_article = 15
    for number, first in enumerate(range(0, len(sentences), per_article)):
        chunk = sentences[first : first + per_article]
        paragraphs = [" ".join(chunk[i : i + 3]) for i in range(0, len(chunk), 3)]
        text = f"News digest {number + 1}\n\n" + "\n\n".join(paragraphs) + "\n"
        (folder / f"digest-{number + 1:02}.txt").write_text(text, encoding="utf-8")
    return folder


def build(path: Path, work: Path) -> None:
    """Import the articles with real extraction, then review them as the policy says."""
    store = open_store(path)
    try:
        reports = import_paths(store, [article_files(work)])
        assert all(r.article_id for r in reports), [r.line() for r in reports]
        review(store)
    finally:
        store.close()


def review(store: object, seed: int = 5) -> None:
    rng = random.Random(seed)
    with store.transaction() as session:  # type: ignore[attr-defined]
        articles = session.scalars(select(Article).order_by(Article.title)).all()
        for article in articles:
            claims = session.scalars(
                select(Claim).where(Claim.article_id == article.id).order_by(Claim.start)
            ).all()
            for claim in claims:
                if rng.random() < SHARE_REVIEWED:
                    status = "sourced" if wants(claim.quote) else "dismissed"
                    set_status(session, claim.id, status, actor=REVIEWER)
            if article.title.startswith("News digest"):
                add_missed(session, article, claims)


def add_missed(session: object, article: Article, claims: list[Claim]) -> None:
    """Add by hand the first sentences with a number that no claim covers."""
    taken = [(c.start, c.end) for c in claims]
    added = 0
    for match in re.finditer(r"[^.!?\n]+[.!?]", article.text):
        start = match.start() + len(match.group()) - len(match.group().lstrip())
        end = match.end()
        free = all(end <= s or start >= e for s, e in taken)
        if free and wants(match.group()) and added < MISSED_PER_ARTICLE:
            add_claim(session, article.id, start, end, actor=REVIEWER)  # type: ignore[arg-type]
            taken.append((start, end))
            added += 1


def template(factory: object) -> Path:
    """The reviewed library, built once per session; copy it before writing to it."""
    global _template
    if _template is None:
        folder = factory.mktemp("reviewed")  # type: ignore[attr-defined]
        build(folder / "library.sqlite3", folder / "articles")
        _template = folder / "library.sqlite3"
    return _template


def copy_of(factory: object, target: Path) -> Path:
    shutil.copy(template(factory), target)
    return target


def manual_count(store: object) -> int:
    with store.reading() as session:  # type: ignore[attr-defined]
        query = select(Claim.id).where(Claim.origin == ClaimOrigin.MANUAL)
        return len(session.scalars(query).all())
