"""Benchmark: time and peak memory of every report format, on 400 articles and whole libraries.

Run by hand:

    python tools/make_library.py /tmp/lib1k.sqlite3 --articles 1000
    python tests/benchmarks/bench_export_scale.py /tmp/lib1k.sqlite3 [/tmp/lib10k.sqlite3 ...]
        [--formats html,pdf] [--kind working] [--include-dismissed] [--whole-pdf]

Targets (issue 15): every text format under 300 MB whatever the library's size; the PDF of
400 articles under 15 s, its memory bounded. Each export runs in a fresh child process, which
reports its own peak resident size (ru_maxrss) and the export's time; beside it, in the same
run, a baseline child does the bare work on the same articles: a plain `json.dump` of their
rows read with one SQL query each (for the text formats), or a bare QPdfWriter painting their
texts page by page (for the PDF). The ratio is export / baseline, by wall-clock time and by
CPU time (the child's own `time.process_time`, less disturbed by other work on a shared
machine); the load average is printed before each library.

`--kind working` (the default here) keeps unreviewed claims, as every report did before the
publication kind existed, so figures compare with the ones measured before;
`--include-dismissed` adds the dismissed claims too (the issue's 4,000 claims in 400
articles). The PDF of a whole library is skipped unless --whole-pdf is given (it takes
minutes at 10,000 articles).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SUBSET = 400
FORMATS = ("html", "pdf", "md", "csv", "json", "claimreview")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def chosen_ids(library: Path, subset: int | None) -> list[str] | None:
    """The first `subset` articles in report order (None: the whole library)."""
    if subset is None:
        return None
    import sqlite3

    with sqlite3.connect(library) as db:
        rows = db.execute(
            "SELECT id FROM articles ORDER BY imported_at, title LIMIT ?", (subset,)
        ).fetchall()
    return [r[0] for r in rows]


# -- what a child process runs --------------------------------------------------------------


def child_export(
    library: Path, fmt: str, ids: list[str] | None, kind: str, dismissed: bool, out: Path
) -> dict:
    from claimdesk.core.store import open_store
    from claimdesk.reports import export

    store = open_store(library)
    options: dict = {"kind": kind} if fmt in ("html", "pdf", "md") else {}
    options["include_dismissed"] = dismissed
    if fmt == "claimreview":
        options = {
            "organisation": "Bench",
            "report_url": "https://example.org/report.html",
            "include_unapproved": True,
        }
    began, cpu = time.perf_counter(), time.process_time()
    result = export(store, fmt, out, article_ids=ids, **options)
    seconds = time.perf_counter() - began
    return {
        "seconds": seconds,
        "cpu": time.process_time() - cpu,
        "articles": result.articles,
        "claims": result.claims,
    }


def child_json_baseline(library: Path, ids: list[str] | None, out: Path) -> dict:
    """The rows a report holds, read with plain SQL and written with one json.dump."""
    import sqlite3

    began, cpu = time.perf_counter(), time.process_time()
    db = sqlite3.connect(library)
    db.row_factory = sqlite3.Row
    db.execute("CREATE TEMP TABLE wanted (id TEXT PRIMARY KEY)")
    if ids is None:
        db.execute("INSERT INTO wanted SELECT id FROM articles")
    else:
        db.executemany("INSERT INTO wanted VALUES (?)", [(i,) for i in ids])
    in_claims = "claim_id IN (SELECT id FROM claims WHERE article_id IN (SELECT id FROM wanted))"
    articles = db.execute("SELECT * FROM articles WHERE id IN (SELECT id FROM wanted)").fetchall()
    claims = db.execute(
        "SELECT * FROM claims WHERE article_id IN (SELECT id FROM wanted)"
    ).fetchall()
    evidence = db.execute(f"SELECT * FROM evidence WHERE {in_claims}").fetchall()
    events = db.execute(f"SELECT * FROM claim_events WHERE {in_claims}").fetchall()
    document = {
        name: [dict(r) for r in rows]
        for name, rows in (
            ("articles", articles),
            ("claims", claims),
            ("evidence", evidence),
            ("events", events),
        )
    }
    with out.open("w", encoding="utf-8") as handle:
        json.dump(document, handle, ensure_ascii=False, indent=2, default=str)
    return {
        "seconds": time.perf_counter() - began,
        "cpu": time.process_time() - cpu,
        "articles": len(articles),
        "claims": len(claims),
    }


def child_pdf_baseline(library: Path, ids: list[str] | None, out: Path) -> dict:
    """The articles' plain texts painted on A4 pages by a bare QPdfWriter, one at a time."""
    import sqlite3

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QMarginsF, QRectF, QSizeF
    from PySide6.QtGui import (
        QGuiApplication,
        QPageLayout,
        QPageSize,
        QPainter,
        QPdfWriter,
        QTextDocument,
    )

    app = QGuiApplication([])
    began, cpu = time.perf_counter(), time.process_time()
    db = sqlite3.connect(library)
    query = "SELECT id, title, text FROM articles ORDER BY imported_at, title"
    wanted = set(ids) if ids is not None else None
    writer = QPdfWriter(str(out))
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(20, 20, 20, 20),
            QPageLayout.Unit.Millimeter,
        )
    )
    painter = QPainter(writer)
    size = QSizeF(writer.width(), writer.height())
    first, count = True, 0
    for article_id, title, text in db.execute(query):
        if wanted is not None and article_id not in wanted:
            continue
        count += 1
        document = QTextDocument()
        document.documentLayout().setPaintDevice(writer)
        document.setPlainText(f"{title}\n\n{text}")
        document.setPageSize(size)
        for page in range(document.pageCount()):
            if not first:
                writer.newPage()
            first = False
            painter.save()
            painter.translate(0, -page * size.height())
            document.drawContents(
                painter, QRectF(0, page * size.height(), size.width(), size.height())
            )
            painter.restore()
    painter.end()
    del app
    return {
        "seconds": time.perf_counter() - began,
        "cpu": time.process_time() - cpu,
        "articles": count,
        "claims": 0,
    }


def run_child(argv: list[str]) -> None:
    mode, library, fmt, ids_file, kind, dismissed, out = argv
    ids = json.loads(Path(ids_file).read_text()) if ids_file != "-" else None
    if mode == "export":
        figures = child_export(Path(library), fmt, ids, kind, dismissed == "1", Path(out))
    elif fmt == "pdf":
        figures = child_pdf_baseline(Path(library), ids, Path(out))
    else:
        figures = child_json_baseline(Path(library), ids, Path(out))
    figures["peak_mb"] = peak_mb()
    figures["bytes"] = Path(out).stat().st_size
    print(json.dumps(figures))


# -- the parent -----------------------------------------------------------------------------


def measure(mode: str, library: Path, fmt: str, ids_file: str, options: list[str]) -> dict:
    """Run one export or baseline in a child process; `options`: kind, dismissed, folder."""
    kind, dismissed, folder = options
    out = Path(folder) / f"{mode}-{fmt}.out"
    argv = [mode, str(library), fmt, ids_file, kind, dismissed, str(out)]
    done = subprocess.run(
        [sys.executable, __file__, "--child", *argv],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise SystemExit(f"{mode} {fmt} failed:\n{done.stderr}")
    out.unlink(missing_ok=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        run_child(sys.argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("libraries", nargs="+", type=Path)
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--kind", default="working", choices=("working", "publication"))
    parser.add_argument("--include-dismissed", action="store_true")
    parser.add_argument("--whole-pdf", action="store_true")
    parser.add_argument("--subset-only", action="store_true")
    args = parser.parse_args()
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    print(
        f"{'library':<18} {'scope':<9} {'format':<12} {'seconds':>8} {'base s':>7} "
        f"{'ratio':>6} {'cpu s':>6} {'base':>5} {'ratio':>6} {'peak MB':>8} {'base MB':>8} "
        f"{'claims':>7}"
    )
    with tempfile.TemporaryDirectory(prefix="claimdesk-bench-export-") as scratch:
        folder = Path(scratch)
        options = [args.kind, "1" if args.include_dismissed else "0", scratch]
        for library in args.libraries:
            print(f"load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}", flush=True)
            scopes: list[tuple[str, int | None]] = [(f"{SUBSET}", SUBSET)]
            if not args.subset_only:
                scopes.append(("whole", None))
            for scope, subset in scopes:
                ids = chosen_ids(library, subset)
                ids_file = "-"
                if ids is not None:
                    ids_file = str(folder / "ids.json")
                    Path(ids_file).write_text(json.dumps(ids))
                for fmt in formats:
                    if fmt == "pdf" and subset is None and not args.whole_pdf:
                        continue
                    got = measure("export", library, fmt, ids_file, options)
                    base = measure("baseline", library, fmt, ids_file, options)
                    print(
                        f"{library.name:<18} {scope:<9} {fmt:<12} {got['seconds']:8.2f} "
                        f"{base['seconds']:7.2f} {got['seconds'] / base['seconds']:5.1f}x "
                        f"{got['cpu']:6.2f} {base['cpu']:5.2f} {got['cpu'] / base['cpu']:5.1f}x "
                        f"{got['peak_mb']:8.0f} {base['peak_mb']:8.0f} {got['claims']:7d}",
                        flush=True,
                    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
