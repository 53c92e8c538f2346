"""Import and seeding jobs: per-file outcomes, batches kept by a cancel or a crash and resumed,
and no half-written articles."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from claimdesk.core import jobs
from claimdesk.core.dberrors import StorageFullError
from claimdesk.core.errors import OperationCancelled
from claimdesk.core.extraction.extractor import IN_THIS_PROCESS
from claimdesk.core.jobs import Outcome, import_paths
from claimdesk.core.models import Article, Claim
from claimdesk.core.seeding import ensure_seeded, seed_drafts
from claimdesk.core.services.articles import delete_article


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _titles(store) -> list[str]:
    with store.reading() as session:
        return sorted(session.scalars(select(Article.title)))


def test_folder_import_reports_every_file(store, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    _write(inbox, "a.txt", "Alpha title\nAlpha body text that is long enough.\n")
    _write(inbox, "nested/b.md", "# Beta\n\nBeta body.\n")
    _write(inbox, "nested/c.txt", "")
    _write(inbox, "copy-of-a.txt", "Alpha title\r\nAlpha body text that is long enough.\r\n")

    reports = import_paths(store, [inbox, tmp_path / "missing.txt"], extract=False)

    by_name = {Path(r.path).name: r for r in reports}
    assert by_name["a.txt"].outcome is Outcome.IMPORTED
    assert by_name["b.md"].outcome is Outcome.IMPORTED
    assert by_name["copy-of-a.txt"].outcome is Outcome.DUPLICATE
    assert by_name["c.txt"].outcome is Outcome.FAILED and "empty" in by_name["c.txt"].message
    assert by_name["missing.txt"].outcome is Outcome.FAILED
    assert _titles(store) == ["Alpha title", "Beta"]


class _Recording:
    """Real extraction that records the texts it is given, and can fail on one of them."""

    def __init__(self, fail_on: str | None = None, error: Exception | None = None) -> None:
        self.calls: list[list[str]] = []
        self.fail_on, self.error = fail_on, error

    def extract(self, texts, *, progress=None, is_cancelled=None):
        self.calls.append(list(texts))
        if self.fail_on and self.error and any(self.fail_on in text for text in texts):
            raise self.error
        return IN_THIS_PROCESS.extract(texts, progress=progress, is_cancelled=is_cancelled)

    def version_used(self) -> str:
        return IN_THIS_PROCESS.version_used()

    def texts(self) -> list[str]:
        return [text for call in self.calls for text in call]


def _articles(folder: Path, count: int) -> list[Path]:
    return [
        _write(folder, f"{n}.txt", f"Article {n}\n\nThe minister said exports grew {n}% in 2023.\n")
        for n in range(count)
    ]


@pytest.mark.parametrize("stop", ["cancel", "disk full"])
def test_an_interrupted_import_keeps_its_batches_and_a_rerun_does_the_rest(
    store, tmp_path: Path, stop: str
) -> None:
    paths = _articles(tmp_path, 7)  # batches of two: 0-1, 2-3, 4-5 (stopped), 6
    if stop == "cancel":  # polled by the extraction of the third batch: a real code path
        first = _Recording()
        cancel = lambda: any("grew 4%" in text for text in first.texts())  # noqa: E731
        with pytest.raises(OperationCancelled):
            import_paths(store, paths, extraction=first, is_cancelled=cancel, batch=2)
    else:
        first = _Recording("grew 4%", StorageFullError("library.sqlite3: the disk is full"))
        with pytest.raises(StorageFullError):
            import_paths(store, paths, extraction=first, batch=2)

    assert max(map(len, first.calls)) == 2  # one batch extracted at a time
    with store.reading() as session:  # the first two batches, whole; nothing of the third
        query = select(Article.title, Article.extractor_version)
        stored = {title: version for title, version in session.execute(query)}
        assert sorted(stored) == [f"Article {n}" for n in range(4)]
        assert None not in stored.values()  # each with its claims applied
        with_claims = set(session.scalars(select(Claim.article_id).distinct()))
        assert with_claims <= set(session.scalars(select(Article.id)))

    again = _Recording()
    reports = import_paths(store, paths, extraction=again, batch=2)

    assert [r.outcome for r in reports] == [Outcome.DUPLICATE] * 4 + [Outcome.IMPORTED] * 3
    assert [r.path for r in reports] == [str(p) for p in paths]
    assert again.texts() == [f"The minister said exports grew {n}% in 2023." for n in (4, 5, 6)]
    assert _titles(store) == [f"Article {n}" for n in range(7)]


def test_progress_moves_forward_to_the_end(store, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    import_paths(
        store,
        _articles(tmp_path, 5),
        extraction=_Recording(),
        batch=2,
        progress=lambda done, total: seen.append((done, total)),
    )
    done = [d for d, _ in seen]
    assert done == sorted(done) and seen[-1] == (5 * jobs.STEPS, 5 * jobs.STEPS)
    assert len(set(done)) > 5  # within batches too, not only between them


def test_copies_in_one_batch_are_extracted_once(store, tmp_path: Path) -> None:
    text = "Copy\n\nThe minister said exports grew 9% in 2023.\n"
    paths = [_write(tmp_path, name, text) for name in ("a.txt", "b.txt", "c.txt")]
    recording = _Recording()
    reports = import_paths(store, paths, extraction=recording)
    assert [r.outcome for r in reports] == [Outcome.IMPORTED, Outcome.DUPLICATE, Outcome.DUPLICATE]
    assert reports[1].article_id == reports[0].article_id
    assert recording.texts() == ["The minister said exports grew 9% in 2023."]


def test_failure_inside_an_article_leaves_nothing_half_written(
    store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _articles(tmp_path, 3)  # one batch
    apply_candidates = jobs.apply_candidates

    def broken(session, article, *rest):
        if article.title == "Article 1":
            raise RuntimeError("a bug while storing claims")
        return apply_candidates(session, article, *rest)

    monkeypatch.setattr(jobs, "apply_candidates", broken)
    reports = import_paths(store, paths, extract=True)
    assert [r.outcome for r in reports] == [Outcome.IMPORTED, Outcome.FAILED, Outcome.IMPORTED]
    assert reports[1].line() == (
        f"{paths[1]}: internal error while importing it (RuntimeError); not imported"
    )
    with store.reading() as session:  # the article's savepoint was rolled back, not the batch
        assert _titles(store) == ["Article 0", "Article 2"]
        claimed = set(session.scalars(select(Claim.article_id)))
        assert claimed == {r.article_id for r in reports if r.outcome is Outcome.IMPORTED}


@pytest.mark.slow
def test_seeds_are_loaded_once_and_stay_deleted(store) -> None:
    assert ensure_seeded(store) == len(seed_drafts()) == 2
    with store.reading() as session:
        assert session.scalar(select(func.count()).select_from(Claim)) > 10
        first = session.scalars(select(Article.id)).first()
    assert ensure_seeded(store) == 0
    with store.transaction() as session:
        delete_article(session, first, actor="test")
    assert ensure_seeded(store) == 0
    assert len(_titles(store)) == 1


def test_seed_texts_are_the_bundled_files_byte_for_byte() -> None:
    root = Path(__file__).resolve().parents[2] / "seeds"
    texts = {d.origin: d.text for d in seed_drafts()}
    for path in root.glob("*.txt"):
        assert texts[path.name] == path.read_text(encoding="utf-8").rstrip("\n")
