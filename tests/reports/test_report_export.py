"""export(): format and target checks, filters, progress, and all-or-nothing writing."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest
from reportkit import Sample

from claimdesk.core.errors import ClaimdeskError, NotFoundError, OperationCancelled
from claimdesk.core.errors import ValidationError as FieldError
from claimdesk.core.store import open_store
from claimdesk.reports import FORMATS, SUFFIXES, ExportError, export
from claimdesk.reports.exporter import STALE_PART_SECONDS


def test_every_format_has_a_suffix() -> None:
    assert set(SUFFIXES) == set(FORMATS)


def test_unknown_format_is_refused_by_name(sample: Sample, tmp_path: Path) -> None:
    with pytest.raises(FieldError, match="format: 'docx' is not one of html, pdf"):
        export(sample.store, "docx", tmp_path / "r.docx")


@pytest.mark.parametrize(
    ("target", "message"),
    [("missing/r.html", "no such folder"), (".", "is a folder")],
)
def test_unusable_target_is_refused_before_any_work(
    sample: Sample, tmp_path: Path, target: str, message: str
) -> None:
    with pytest.raises(ExportError, match=message):
        export(sample.store, "html", tmp_path / target)


def test_a_file_standing_where_the_folder_should_be(sample: Sample, tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x")
    with pytest.raises(ClaimdeskError, match="plain: no such folder"):
        export(sample.store, "csv", tmp_path / "plain" / "r.csv")


def test_unknown_article_and_status_are_named(sample: Sample, tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="article ffffffff"):
        export(sample.store, "json", tmp_path / "r.json", article_ids=["ffffffff"])
    with pytest.raises(FieldError, match="status: 'true' is not one of"):
        export(sample.store, "json", tmp_path / "r.json", statuses=["true"])
    assert not list(tmp_path.glob("r.json*"))


def test_filters_by_article_prefix_and_status(sample: Sample, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    result = export(
        sample.store, "json", out, article_ids=[sample.palantir[:8]], statuses=["Speculative"]
    )
    document = json.loads(out.read_text(encoding="utf-8"))
    assert [a["id"] for a in document["articles"]] == [sample.palantir]
    assert [c["id"] for c in document["articles"][0]["claims"]] == [sample.claims["allegedly"]]
    assert document["filters"] == {"article_ids": [sample.palantir], "statuses": ["speculative"]}
    assert (result.path, result.articles, result.claims) == (out, 1, 1)


def test_a_status_filter_leaves_out_articles_without_such_claims(
    sample: Sample, tmp_path: Path
) -> None:
    result = export(sample.store, "csv", tmp_path / "r.csv", statuses=["dismissed"])
    assert (result.articles, result.claims) == (1, 1)


def test_progress_counts_articles_then_the_write(sample: Sample, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    export(sample.store, "md", tmp_path / "r.md", progress=lambda d, t: calls.append((d, t)))
    assert calls == [(0, 3), (1, 3), (2, 3), (3, 3)]


@pytest.mark.parametrize("fmt", ["html", "csv", "json"])
def test_cancel_midway_leaves_no_file_and_no_temporary(
    sample: Sample, tmp_path: Path, fmt: str
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    out = folder / f"report.{fmt}"
    out.write_text("the previous report")
    progress: list[int] = []
    with pytest.raises(OperationCancelled):
        export(
            sample.store,
            fmt,
            out,
            progress=lambda done, total: progress.append(done),
            is_cancelled=lambda: len(progress) >= 2,  # after the first article
        )
    assert progress == [0, 1]
    assert [p.name for p in folder.iterdir()] == [out.name]
    assert out.read_text() == "the previous report"


def test_new_reports_get_ordinary_permissions(sample: Sample, tmp_path: Path) -> None:
    out = export(sample.store, "json", tmp_path / "r.json").path
    assert out.stat().st_mode & 0o644 == 0o644


@pytest.mark.parametrize(
    ("fmt", "name"), [("html", "r.html"), ("json", "R.JSON"), ("md", "notes.txt"), ("csv", "r")]
)
def test_a_killed_exports_temporary_is_recognised_as_ours(
    sample: Sample, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, name: str
) -> None:
    """Whatever the target is called, the temporary file an export writes carries a report
    suffix, so the next export removes it if a kill left it behind."""
    folder = tmp_path / "out"
    folder.mkdir()
    seen: list[str] = []
    fsync = os.fsync

    def look(fd: int) -> None:  # the temporary exists, complete, while it is flushed
        seen.extend(p.name for p in folder.iterdir() if p.name.startswith("."))
        fsync(fd)

    monkeypatch.setattr(os, "fsync", look)
    export(sample.store, fmt, folder / name)
    monkeypatch.undo()
    [temporary] = seen
    assert temporary.startswith(f".{name}.") and temporary.endswith(".part")
    left = folder / temporary  # as a kill after the write would have left it
    left.write_text("killed")
    _age(left)
    export(sample.store, "csv", folder / "next.csv")
    assert sorted(p.name for p in folder.iterdir()) == sorted({name, "next.csv"})


def test_look_alikes_of_other_programs_are_never_removed(sample: Sample, tmp_path: Path) -> None:
    """Only our own ".NAME.<report suffix>.XXXXXXXX.part" go, however old the others are."""
    folder = tmp_path / "out"
    folder.mkdir()
    ours = [".r.html.0123abcd.part", ".R.PDF.89abcdef.part", ".a.b.jsonld.00000000.part"]
    others = [
        ".thesis.docx.0123abcd.part",
        ".photo.jpg.deadbeef.part",
        ".r.htmlx.0123abcd.part",
        ".r.html-0123abcd.part",
        ".r.html.0123ABCD.part",
        ".html.0123abcd.part",
        "r.html.0123abcd.part",
        ".r.html.0123abcd.part.bak",
    ]
    for name in ours + others:
        (folder / name).write_text("old")
        _age(folder / name)
    export(sample.store, "json", folder / "r.json")
    assert sorted(p.name for p in folder.iterdir()) == sorted([*others, "r.json"])


def _age(path: Path) -> None:
    past = time.time() - STALE_PART_SECONDS - 60
    os.utime(path, (past, past))


@pytest.mark.parametrize(
    "target",
    [
        "{folder}/LIBRARY.SQLITE3",
        "{folder}/library.sqlite3-JOURNAL",
        "{folder}/Library.Sqlite3-Wal",
        "{folder}/sub/../LIBRARY.sqlite3-shm",
        "{elsewhere}/link-to-folder/library.SQLITE3-journal",
        "{folder}/Caf\u00e9.sqlite3-WAL",
    ],
)
def test_the_library_in_another_case_is_never_a_target(tmp_path: Path, target: str) -> None:
    """On a case-insensitive disk (macOS, Windows) these names are the library's files; the
    journal exists only while SQLite writes, so no path or inode gives it away beforehand."""
    folder = tmp_path / "libraries"
    folder.mkdir()
    (folder / "sub").mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "link-to-folder").symlink_to(folder, target_is_directory=True)
    name = "Cafe\u0301.sqlite3" if "Caf" in target else "library.sqlite3"  # decomposed é
    store = open_store(folder / name)
    try:
        out = Path(target.format(folder=folder, elsewhere=elsewhere))
        with pytest.raises(ExportError, match=r"is the library .* choose another file name"):
            export(store, "html", out)
        assert not out.exists()
        assert export(store, "csv", folder / "library.sqlite3.csv").claims == 0
    finally:
        store.close()
