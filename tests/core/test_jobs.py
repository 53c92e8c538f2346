"""Import and seeding jobs: per-file outcomes, cancel, and no half-written articles."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from claimdesk.core import jobs
from claimdesk.core.errors import OperationCancelled
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


def test_cancel_keeps_finished_files_and_stops(store, tmp_path: Path) -> None:
    paths = [_write(tmp_path, f"{n}.txt", f"Article {n}\nBody {n}.\n") for n in range(3)]
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)

    with pytest.raises(OperationCancelled):
        import_paths(
            store, paths, extract=False, progress=progress, is_cancelled=lambda: len(seen) >= 2
        )
    assert _titles(store) == ["Article 0", "Article 1"]


def test_failure_inside_an_article_leaves_nothing_half_written(
    store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _write(tmp_path, "a.txt", "Sales rose 12% in 2025, the company said.\n")

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug while storing claims")

    monkeypatch.setattr(jobs, "apply_candidates", broken)
    (report,) = import_paths(store, [path], extract=True)
    assert (
        report.line() == f"{path}: internal error while importing it (RuntimeError); not imported"
    )
    with store.reading() as session:  # the article's transaction was rolled back
        assert session.scalar(select(func.count()).select_from(Article)) == 0
        assert session.scalar(select(func.count()).select_from(Claim)) == 0


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
