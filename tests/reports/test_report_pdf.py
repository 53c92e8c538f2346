"""The PDF report, read back: A4 pages, the report's text, and working evidence links."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from reportkit import Sample, add_hostile_links, parse_html

from claimdesk.reports import export
from claimdesk.reports.collect import collect
from claimdesk.reports.context import RenderContext
from claimdesk.reports.html import render_pdf_parts
from claimdesk.reports.selection import choose
from claimdesk.reports.templating import html_template

pypdf = pytest.importorskip("pypdf")


def read_pdf(path: Path) -> tuple[pypdf.PdfReader, str, list[str]]:
    """The document, its text with white space folded, and the addresses it links to."""
    reader = pypdf.PdfReader(path)
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in reader.pages
        for annotation in page.get("/Annots") or []
        if "/URI" in annotation.get_object().get("/A", {})
    ]
    return reader, text, links


def test_pdf_has_the_report_on_a4_pages(sample: Sample, tmp_path: Path, qapp: object) -> None:
    out = export(sample.store, "pdf", tmp_path / "r.pdf", organisation="Example Fact Desk").path
    assert out.read_bytes().startswith(b"%PDF-")
    reader, text, links = read_pdf(out)
    assert len(reader.pages) > 2
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    assert reader.metadata is not None and reader.metadata.title.startswith("Fact-check report")
    assert "Example Fact Desk" in text and "Summary" in text and "All articles" in text
    assert "Fujitsu and Palantir have been working together since 2020." in text
    assert re.search(r"Needs review by lena", text)
    assert "Sources disagree on whether this was a full withdrawal." not in text  # private
    assert "Date and scope match the company's own announcement." in text  # public
    assert "https://example.org/fund/statement" in links
    assert "https://doi.org/10.5555/market.2026.17" in links


# Where a page's text may go, in points from the bottom of A4 (2 cm margins; the page number
# sits below the bottom one).
PAGE_TOP, PAGE_BOTTOM = 842 - 56.7, 56.7


def text_lines(page: pypdf.PageObject) -> list[float]:
    """The heights (points from the bottom) of the page's lines of text, page number left out."""
    found: set[float] = set()

    def visit(text: str, cm: list[float], tm: list[float], *_: object) -> None:
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        if text.strip() and PAGE_BOTTOM - 1 < y < 842:
            found.add(round(y))

    page.extract_text(visitor_text=visit)
    return sorted(found)


@pytest.mark.parametrize("kind", ["publication", "working"])
def test_pdf_pages_have_no_large_blanks_and_no_stray_last_line(
    sample: Sample, tmp_path: Path, qapp: object, kind: str
) -> None:
    """Every page but the last is at least half full; the last holds more than one line.
    (Each article once began on a new page, leaving page 1 two-thirds blank.)"""
    out = export(sample.store, "pdf", tmp_path / "r.pdf", kind=kind, include_dismissed=True).path
    reader, _, _ = read_pdf(out)
    pages = [text_lines(page) for page in reader.pages]
    assert len(pages) > 1 and all(pages)
    for number, lines in enumerate(pages[:-1], start=1):
        filled = (PAGE_TOP - lines[0]) / (PAGE_TOP - PAGE_BOTTOM)
        assert filled > 0.5, f"page {number} is only {filled:.0%} full"
    assert len(pages[-1]) > 1, "the last page holds a single line"


def test_pdf_respects_filters(sample: Sample, tmp_path: Path, qapp: object) -> None:
    out = export(
        sample.store,
        "pdf",
        tmp_path / "r.pdf",
        article_ids=[sample.anthropic],
        statuses=["sourced"],
    ).path
    _, text, _ = read_pdf(out)
    assert "The deal, announced on May 27, 2026" in text
    assert "Palantir have been working together" not in text
    assert "Speculative · Needs review" not in text


@pytest.mark.parametrize(
    "display",
    [{}, {"DISPLAY": ":77"}],  # none, or one that cannot be reached (ssh without X forwarding)
)
def test_pdf_needs_no_display_and_no_running_application(
    sample: Sample, tmp_path: Path, display: dict[str, str]
) -> None:
    """As from the command line: a fresh process, no QApplication, no platform set. Nothing
    of a display is used: neither its X11 libraries nor a connection to it."""
    out = tmp_path / "cli.pdf"
    script = (
        "import sys; from pathlib import Path\n"
        "from claimdesk.core.store import open_store\n"
        "from claimdesk.reports import export\n"
        "export(open_store(sys.argv[1]), 'pdf', Path(sys.argv[2]))\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    env.update(display)
    db = sample.store.path
    sample.store.close()
    result = subprocess.run(
        [sys.executable, "-c", script, str(db), str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    _, text, _ = read_pdf(out)
    assert "Fujitsu and Palantir have been working together since 2020." in text


def test_pdf_stylesheet_names_every_element_its_classes_are_on(sample: Sample) -> None:
    """report-pdf.css names a class with its element (p.meta, not .meta) so that Qt tries
    fewer rules on each element; a template that put the class on another element would
    lose its style in the PDF without a word. Every part of a working copy with every
    claim, and with unsafe links, is checked against the stylesheet."""
    add_hostile_links(sample.store)
    css = re.sub(r"/\*.*?\*/", "", html_template("report-style.html").render(pdf=True), flags=re.S)
    styled: dict[str, set[str]] = {}
    for tag, name in re.findall(r"(?<![\w.-])([a-z][a-z0-9]*)\.([\w-]+)", css):
        styled.setdefault(name, set()).add(tag)
    assert {"p", "span", "a", "td", "blockquote", "ul"} <= {t for ts in styled.values() for t in ts}
    selection = choose(kinds=True, kind="working", include_dismissed=True)
    with collect(sample.store, selection=selection) as report:
        parts = list(render_pdf_parts(report, RenderContext()))
    seen: set[str] = set()
    for element in (e for part in parts for e in parse_html(part)):
        for name in element.classes & styled.keys():
            seen.add(name)
            assert element.tag in styled[name], f"<{element.tag} class={name!r}> is unstyled"
    assert {"meta", "field", "unsafe", "ref", "quote", "zero", "claim"} <= seen


def test_pdf_pagination_reads_each_block_about_once_however_many_breaks(
    qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The paginator reads a block's lines from the layout when the rules first ask; a break
    moves only what follows it, so that is read again up to the next break, not to the end
    (reading the rest after every break made a long article cost its breaks times its
    blocks). Counted, not timed: a long text of headed sections that needs many breaks."""
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QTextBlock, QTextDocument, QTextTable

    from claimdesk.reports import pdf
    from claimdesk.reports.pagination import Item

    pdf.ensure_gui_application()
    sections = "".join(
        f"<h3>Section {n}</h3><p>{'Words to fill the lines of the page. ' * (3 + n * 5 % 17)}</p>"
        for n in range(100)
    )
    reads = 0
    item = pdf._item

    def counted(document: QTextDocument, target: QTextBlock | QTextTable) -> Item:
        nonlocal reads
        reads += 1
        return item(document, target)

    monkeypatch.setattr(pdf, "_item", counted)
    sink = QBuffer()
    sink.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = pdf.QPdfWriter(sink)
    writer.setResolution(pdf.RESOLUTION_DPI)
    painter = pdf.QPainter(writer)
    try:
        flow = pdf._Flow(writer, painter)
        document = flow._document(f"<body>{sections}</body>")
        blocks = len(pdf._top_level(document))
        pdf.paginate(document, flow.page)
        breaks = sum(
            block.blockFormat().pageBreakPolicy() != pdf.QTextFormat.PageBreakFlag.PageBreak_Auto
            for block in pdf._top_level(document)
        )
    finally:
        painter.end()
    assert breaks >= 5, "the text must need breaks for this to measure anything"
    assert reads <= 1.5 * blocks, f"{reads} reads of {blocks} blocks for {breaks} breaks"
