"""Reports written as they are read: a chunk of articles at a time, the same bytes as a report
written whole, and a cancel or Ctrl+C at any point leaves no file."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event

import claimdesk.reports.collect as collecting
from claimdesk.cli import main as cli_main
from claimdesk.core.errors import OperationCancelled
from claimdesk.core.importing import ArticleDraft
from claimdesk.core.models import Article
from claimdesk.core.services import articles, claims
from claimdesk.core.store import Store, open_store
from claimdesk.reports import FORMATS, export
from claimdesk.reports.claimreview import _HTML_ESCAPES

ARTICLES = 12
CHUNK = 3
TEXT = (
    "Acme sold {n} trains in 2024. The mayor said the deal was fair.\nGlobex hired {n}00 staff.\n"
)
CLAIMREVIEW = {"organisation": "Desk", "report_url": "https://example.org/r.html"}
STAMP = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d(:\d\d(\.\d+)?\+00:00)?( UTC)?")


@pytest.fixture
def library(db_path: Path) -> Iterator[Store]:
    """Twelve small articles, each with a disputed claim and an unreviewed one (no spaCy)."""
    store = open_store(db_path)
    with store.transaction() as s:
        for n in range(ARTICLES):
            text = TEXT.format(n=n)
            draft = ArticleDraft(f"Article {n:02}", text, f"a{n}.txt")
            article = articles.import_draft(s, draft).article
            first = claims.add_claim(s, article.id, 0, text.index(".") + 1, actor="ana")
            claims.add_claim(s, article.id, text.index("\n") + 1, len(text) - 2, actor="ben")
            claims.set_status(s, first.id, "disputed", actor="ana")
    try:
        yield store
    finally:
        store.close()


def _options(fmt: str) -> dict[str, object]:
    if fmt == "claimreview":
        return {**CLAIMREVIEW, "include_unapproved": True}
    return {"kind": "working"} if fmt in ("html", "pdf", "md") else {}


class ArticleReads:
    """Counts the articles the export reads (ORM loads) against the articles it has written
    (its progress), at every progress step."""

    def __init__(self) -> None:
        self.loaded = 0
        self.ahead: list[int] = []  # articles read but not yet written, at each step

    def on_load(self, target: Article, _context: object) -> None:
        self.loaded += 1

    def progress(self, done: int, total: int) -> None:
        self.ahead.append(self.loaded - done)


@pytest.mark.parametrize("fmt", FORMATS)
def test_at_most_one_chunk_of_articles_is_held(
    library: Store, tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch, qapp: object
) -> None:
    """Memory is bounded by what the code holds: never more than a chunk of articles read
    ahead of what is written, and each article read once."""
    monkeypatch.setattr(collecting, "CHUNK", CHUNK)
    reads = ArticleReads()
    event.listen(Article, "load", reads.on_load)
    try:
        result = export(
            library, fmt, tmp_path / f"r.{fmt}", progress=reads.progress, **_options(fmt)
        )
    finally:
        event.remove(Article, "load", reads.on_load)
    assert result.articles == ARTICLES
    assert reads.loaded == ARTICLES
    assert max(reads.ahead) <= CHUNK
    assert len(reads.ahead) == ARTICLES + 2  # the start, one step per article, the file done


@pytest.mark.parametrize("fmt", ["html", "md", "csv", "json", "claimreview"])
def test_chunks_do_not_change_a_byte(
    library: Store, tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A report read one article at a time is the report read all at once (times aside)."""
    outputs = []
    for chunk in (1, ARTICLES):
        monkeypatch.setattr(collecting, "CHUNK", chunk)
        out = export(library, fmt, tmp_path / f"{chunk}.{fmt}", **_options(fmt)).path
        outputs.append(STAMP.sub("T", out.read_text(encoding="utf-8-sig")))
    assert outputs[0] == outputs[1]


def test_streamed_json_is_what_one_dump_of_the_whole_document_gives(
    library: Store, tmp_path: Path
) -> None:
    text = export(library, "json", tmp_path / "r.json").path.read_text(encoding="utf-8")
    document = json.loads(text)
    assert len(document["articles"]) == ARTICLES
    assert text == json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    empty = export(library, "json", tmp_path / "e.json", statuses=["sourced"]).path
    assert json.loads(empty.read_text())["articles"] == []


def test_streamed_claimreview_is_what_one_dump_of_all_items_gives(
    library: Store, tmp_path: Path
) -> None:
    path = export(library, "claimreview", tmp_path / "r.jsonld", **_options("claimreview")).path
    text = path.read_text(encoding="utf-8")
    items = json.loads(text)
    assert len(items) == ARTICLES  # the disputed claims; unreviewed ones have no verdict
    assert text == json.dumps(items, ensure_ascii=False, indent=2).translate(_HTML_ESCAPES) + "\n"
    none = export(library, "claimreview", tmp_path / "n.jsonld", **CLAIMREVIEW).path
    assert none.read_text() == "[]\n"  # nothing approved


def test_streamed_csv_has_one_header_and_a_row_per_claim(library: Store, tmp_path: Path) -> None:
    raw = export(library, "csv", tmp_path / "r.csv").path.read_bytes()
    assert raw.count(b"\xef\xbb\xbf") == 1 and raw.startswith(b"\xef\xbb\xbf")  # one BOM
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][0] == "article_id" and len(rows) == 1 + 2 * ARTICLES


def _no_report_left(folder: Path) -> None:
    assert [p.name for p in folder.iterdir()] == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_cancel_mid_export_leaves_no_file(
    library: Store, tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch, qapp: object
) -> None:
    """Cancelled after a few articles were written to the temporary file: it goes too."""
    monkeypatch.setattr(collecting, "CHUNK", CHUNK)
    folder = tmp_path / "out"
    folder.mkdir()
    parts: list[int] = []

    def progress(done: int, total: int) -> None:
        parts.extend(p.stat().st_size for p in folder.glob(".*.part"))

    def is_cancelled() -> bool:
        return len(parts) > 5

    with pytest.raises(OperationCancelled):
        export(
            library,
            fmt,
            folder / f"r.{fmt}",
            progress=progress,
            is_cancelled=is_cancelled,
            **_options(fmt),
        )
    assert parts  # the report was being written when the cancel came
    _no_report_left(folder)


@pytest.mark.parametrize("fmt", ["pdf", "json"])
def test_ctrl_c_on_the_command_line_says_interrupted_and_leaves_no_file(
    library: Store,
    tmp_path: Path,
    fmt: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Ctrl+C raises KeyboardInterrupt wherever the main thread is: here, in the progress
    bar's drawing after a few articles, through the real command and exporter."""
    monkeypatch.setattr(collecting, "CHUNK", CHUNK)
    steps = []

    def bar(label: str):
        def draw(done: int, total: int) -> None:
            steps.append((done, total))
            if done == 5:
                raise KeyboardInterrupt

        return draw

    monkeypatch.setattr("claimdesk.cli.export.progress_bar", bar)
    folder = tmp_path / "out"
    folder.mkdir()
    db = library.path
    library.close()
    code = cli_main(["--db", str(db), "export", "--format", fmt, "--out", str(folder / "r")])
    assert code != 0 and "interrupted" in capsys.readouterr().err
    assert steps[-1][0] == 5 and steps[-1][1] > 5  # stopped part way (the CLI adds the seeds)
    _no_report_left(folder)


def test_the_pdf_holds_every_article_in_order_after_the_summary(
    library: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qapp: object
) -> None:
    pypdf = pytest.importorskip("pypdf")
    monkeypatch.setattr(collecting, "CHUNK", CHUNK)
    out = export(library, "pdf", tmp_path / "r.pdf", kind="working").path
    reader = pypdf.PdfReader(out, strict=True)
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    body = text[text.index("All articles") :]
    files = re.findall(r"a(\d+)\.txt", body)  # each article's details line: "file a3.txt"
    assert files == [str(n) for n in range(ARTICLES)]
