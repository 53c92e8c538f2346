"""`eval-matching`: MAP@5, MRR@5 and precision@1 of each stage on a labelled set of queries.

The fact-checks go into a temporary in-memory database with the library's own schema and
index, so what is measured is the code that matches in a library, and no library is touched.
Formats (CLEF-2020 CheckThat! Task 2): TSV files with a header; queries `id<TAB>text`,
fact-checks `id<TAB>claim<TAB>title`; qrels TREC style, `query_id 0 factcheck_id 1`.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine

from claimdesk.core.errors import ClaimdeskError
from claimdesk.core.factchecks.ranking import Candidate, rank
from claimdesk.core.models import Base

DEPTH = 5
STAGES: dict[str, Callable[[Candidate], float]] = {
    "bm25": lambda c: c.bm25,
    "ngram cosine": lambda c: c.similarity,
    "bm25 + ngram cosine": lambda c: c.score,
}


@dataclass(frozen=True)
class StageScores:
    map5: float
    mrr5: float
    p1: float


@dataclass(frozen=True)
class MatchingEvaluation:
    queries: int
    factchecks: int
    stages: dict[str, StageScores]

    def to_dict(self) -> dict[str, Any]:
        return {
            "queries": self.queries,
            "factchecks": self.factchecks,
            "stages": {
                name: {"map@5": s.map5, "mrr@5": s.mrr5, "precision@1": s.p1}
                for name, s in self.stages.items()
            },
        }

    def format_text(self) -> str:
        lines = [f"{self.queries} queries, {self.factchecks} fact-checks"]
        lines.append(f"{'stage':<22}{'MAP@5':>8}{'MRR@5':>8}{'P@1':>8}")
        for name, s in self.stages.items():
            lines.append(f"{name:<22}{s.map5:>8.4f}{s.mrr5:>8.4f}{s.p1:>8.4f}")
        return "\n".join(lines)


def average_precision(ranked: list[str], relevant: set[str], depth: int = DEPTH) -> float:
    hits, total = 0, 0.0
    for position, item in enumerate(ranked[:depth], start=1):
        if item in relevant:
            hits += 1
            total += hits / position
    return total / min(len(relevant), depth) if relevant else 0.0


def reciprocal_rank(ranked: list[str], relevant: set[str], depth: int = DEPTH) -> float:
    for position, item in enumerate(ranked[:depth], start=1):
        if item in relevant:
            return 1 / position
    return 0.0


def evaluate_files(queries: Path, qrels: Path, factchecks: Path) -> MatchingEvaluation:
    texts = dict(_rows(queries, 2))
    gold = _qrels(qrels)
    docs = [(doc_id, claim, title) for doc_id, claim, title, *_ in _rows(factchecks, 3)]
    judged = [(q, texts[q], gold[q]) for q in texts if gold.get(q)]
    if not judged:
        raise ClaimdeskError(f"{qrels}: no query of {queries} has a relevant fact-check")
    engine = create_engine("sqlite://")
    try:
        with engine.begin() as connection:
            Base.metadata.create_all(connection)
            connection.exec_driver_sql(
                "INSERT INTO factchecks (id, url, claim, title, rating, source, imported_at) "
                "VALUES (?, ?, ?, ?, '', 'eval', CURRENT_TIMESTAMP)",
                [(n, f"eval:{doc}", claim, title) for n, (doc, claim, title) in enumerate(docs)],
            )
            runs = [(rank(connection, text), relevant) for _, text, relevant in judged]
    finally:
        engine.dispose()
    ids = [doc for doc, _, _ in docs]
    stages = {}
    for name, key in STAGES.items():
        ranked = [
            ([ids[c.rowid] for c in sorted(found, key=key, reverse=True)], relevant)
            for found, relevant in runs
        ]
        n = len(ranked)
        stages[name] = StageScores(
            sum(average_precision(r, g) for r, g in ranked) / n,
            sum(reciprocal_rank(r, g) for r, g in ranked) / n,
            sum(bool(r) and r[0] in g for r, g in ranked) / n,
        )
    return MatchingEvaluation(len(judged), len(docs), stages)


def _rows(path: Path, columns: int) -> Iterator[list[str]]:
    """The rows after the header; a row with too few columns names its line."""
    csv.field_size_limit(1 << 24)
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle, delimiter="\t")
            next(reader, None)
            for row in reader:
                if not row:
                    continue
                if len(row) < columns:
                    raise ClaimdeskError(
                        f"{path}:{reader.line_num}: expected {columns} tab-separated columns"
                    )
                yield row
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ClaimdeskError(f"{path}: cannot read ({exc})") from None


def _qrels(path: Path) -> dict[str, set[str]]:
    gold: dict[str, set[str]] = defaultdict(set)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ClaimdeskError(f"{path}: cannot read ({exc})") from None
    for number, line in enumerate(lines, start=1):
        fields = line.split()
        if not fields:
            continue
        if len(fields) != 4 or not fields[3].lstrip("-").isdigit():
            raise ClaimdeskError(f"{path}:{number}: expected 'query_id 0 factcheck_id relevance'")
        if int(fields[3]) > 0:
            gold[fields[0]].add(fields[2])
    return gold
