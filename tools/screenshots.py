"""Render the real window offscreen into docs/screenshots/ (run: python tools/screenshots.py).

A reviewer, ana, part-way through the first sample article: the workspace at 1920×1080 and
1280×800, the inspector scrolled to its history, the evidence form, the cheat-sheet, find in
the article, the faint "more candidates", "Already checked" with a small ClaimReview feed
imported first, and Learn from our decisions… on a library with enough decisions.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QPoint, QSettings
from PySide6.QtWidgets import QApplication, QLabel, QWidget

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
LARGE = (1920, 1080)
SMALL = (1280, 800)

# Earlier fact-checks close to the sample claim "Fujitsu plans to have approximately 100,000
# of its own employees use Claude…", as a fact-check archive publishes them (a DataFeed).
FEED = {
    "@context": "https://schema.org",
    "@type": "DataFeed",
    "dataFeedElement": [
        {
            "@type": "DataFeedItem",
            "item": {
                "@type": "ClaimReview",
                "url": "https://factcheck.example.org/2026/06/fujitsu-100000-employees-claude",
                "claimReviewed": "Fujitsu will have 100,000 employees use Anthropic's Claude",
                "reviewRating": {"@type": "Rating", "alternateName": "Mostly true"},
                "author": {"@type": "Organization", "name": "Tokyo Fact Desk"},
                "datePublished": "2026-06-02",
                "inLanguage": "en",
            },
        },
        {
            "@type": "DataFeedItem",
            "item": {
                "@type": "ClaimReview",
                "url": "https://checks.example.net/claude-rollout-japan",
                "claimReviewed": "All of Fujitsu's employees in Japan now use Claude every day",
                "reviewRating": {"@type": "Rating", "alternateName": "False"},
                "author": {"@type": "Organization", "name": "Pacific Verify"},
                "datePublished": "2026-06-10",
                "inLanguage": "en",
            },
        },
        {
            "@type": "DataFeedItem",
            "item": {
                "@type": "ClaimReview",
                "url": "https://news-check.example.com/fujitsu-secure-ai-practices",
                "claimReviewed": "Fujitsu staff are testing secure AI usage practices with Claude",
                "reviewRating": {"@type": "Rating", "alternateName": "Unproven"},
                "author": {"@type": "Organization", "name": "AI Claims Watch"},
                "datePublished": "2026-05-30",
                "inLanguage": "en",
            },
        },
    ],
}


def wait_until(condition: Callable[[], bool], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        QApplication.processEvents()
        time.sleep(0.01)


def settle(seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


@contextmanager
def temporary_user(reviewer: str) -> Iterator[tuple[QApplication, Path]]:
    """An application whose settings (QSettings and the shared settings file) live in a
    temporary folder, with `reviewer` saved as this user's name; yields it and the folder."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["CLAIMDESK_CONFIG_DIR"] = str(folder / "config")
        os.environ.pop("CLAIMDESK_REVIEWER", None)
        from claimdesk.core.identity import save_reviewer

        save_reviewer(reviewer)
        app = QApplication.instance() or QApplication(sys.argv[:1])
        QSettings.setDefaultFormat(QSettings.Format.IniFormat)
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        from claimdesk.ui.app import application

        application()
        yield app, folder  # type: ignore[misc]


def open_ready(db: Path, size: tuple[int, int]) -> object:
    """The real window on `db`, at `size`, once the first article and its claims are in."""
    from claimdesk.ui.app import open_window

    window = open_window(db)
    window.resize(*size)
    wait_until(lambda: window.controller.article is not None and window.controller.worker.is_idle())
    settle()
    return window


def resize(window: QWidget, size: tuple[int, int]) -> None:
    window.resize(*size)
    settle()


def save(widget: QWidget, name: str) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(OUT / f"{name}.png"))
    print(OUT / f"{name}.png")


def stage_reviewer(window: object) -> str:
    """Tag the first five claims (three of them adjacent in the text) through the window, as
    ana would; the second gets refuting evidence and a note. Returns the disputed claim's id."""
    w = window  # type: ignore[assignment]
    rows = w.claims.model.rows()  # type: ignore[attr-defined]
    statuses = ("sourced", "disputed", "speculative", "dismissed", "sourced")
    for claim, status in zip(rows, statuses, strict=False):
        w.controller.select_claim(claim.id)  # type: ignore[attr-defined]
        w.controller.tag_current(status, advance=False)  # type: ignore[attr-defined]
    disputed = rows[1].id
    w.controller.select_claim(disputed)  # type: ignore[attr-defined]
    evidence = w.inspector.evidence  # type: ignore[attr-defined]
    evidence.start_new()
    evidence.url.setText("www.fujitsu.com/global/about/resources/news/press-releases/2026/")
    evidence.title.setText("Fujitsu press release, 27 May 2026")
    evidence.note.setText("Announced on 26 May, not 27 May")
    evidence.stance.setCurrentIndex(evidence.stance.findText("Refutes"))
    evidence._on_save_clicked()
    settle()
    w.inspector.note.setPlainText(  # type: ignore[attr-defined]
        "The press release is dated 26 May; the article says 27 May. Asked the press office."
    )
    w.inspector.flush_note()  # type: ignore[attr-defined]
    wait_until(w.controller.worker.is_idle)  # type: ignore[attr-defined]
    w.controller.select_claim(disputed)  # type: ignore[attr-defined]
    settle()
    return disputed


def scroll_inspector_to(window: object, text: str) -> None:
    """Scroll the inspector's lower part so the section headed `text` is at its top."""
    inspector = window.inspector  # type: ignore[attr-defined]
    page = inspector.scroll.widget()
    label = next(x for x in page.findChildren(QLabel) if x.text() == text)
    inspector.scroll.verticalScrollBar().setValue(label.mapTo(page, QPoint()).y() - 4)
    settle()


def shoot_workspace(window: object) -> None:
    w = window  # type: ignore[assignment]
    disputed = stage_reviewer(w)
    resize(w, LARGE)  # type: ignore[arg-type]
    save(w, "workspace")  # type: ignore[arg-type]
    resize(w, SMALL)  # type: ignore[arg-type]
    w.controller.select_claim(disputed)  # type: ignore[attr-defined]
    settle()
    save(w, "workspace-1280")  # type: ignore[arg-type]

    # The same claim's inspector: quote and buttons pinned, the rest scrolled to History.
    scroll_inspector_to(w, "History")
    save(w.inspector, "inspector-history")  # type: ignore[attr-defined]

    # The evidence form refusing an address that is not a web link: the inspector alone, at
    # the large size, where the form and the evidence above it both fit.
    resize(w, LARGE)  # type: ignore[arg-type]
    w.inspector.scroll.verticalScrollBar().setValue(0)  # type: ignore[attr-defined]
    w.inspector.evidence.start_new()  # type: ignore[attr-defined]
    w.inspector.evidence.url.setText("javascript:alert(1)")  # type: ignore[attr-defined]
    settle()
    save(w.inspector, "evidence-editor")  # type: ignore[attr-defined]
    w.inspector.evidence.close_form()  # type: ignore[attr-defined]
    resize(w, SMALL)  # type: ignore[arg-type]
    w.inspector.scroll.verticalScrollBar().setValue(0)  # type: ignore[attr-defined]

    # View › More candidates (C): the claims below the highlight budget, listed faint.
    w.actions.more_candidates.trigger()  # type: ignore[attr-defined]
    w.controller.select_claim(disputed)  # type: ignore[attr-defined]
    settle()
    save(w, "more-candidates")  # type: ignore[arg-type]
    w.actions.more_candidates.trigger()  # type: ignore[attr-defined]  # remembered: off again

    # Find in the article (Ctrl+Shift+F), moved on to the third match.
    w.actions.find_in_article.trigger()  # type: ignore[attr-defined]
    bar = w.find_bar  # type: ignore[attr-defined]
    bar.field.setText("Fujitsu")
    wait_until(lambda: "…" not in bar.count.text() and " of " in bar.count.text())
    bar.find_next()
    bar.find_next()
    settle()
    save(w, "find-in-article")  # type: ignore[arg-type]
    bar.close_bar()

    sheet = w.show_cheat_sheet()  # type: ignore[attr-defined]
    settle()
    save(sheet, "cheat-sheet")
    sheet.close()


def import_feed(store: object, folder: Path) -> None:
    """Import FEED, written as a file into `folder`, into the (seeded) library `store`."""
    from claimdesk.core.factchecks.library import import_file

    feed = folder / "earlier-checks.jsonld"
    feed.write_text(json.dumps(FEED, indent=2), encoding="utf-8")
    summary = import_file(store, feed)  # type: ignore[arg-type]
    assert summary.added == len(FEED["dataFeedElement"]), summary


def shoot_already_checked(db: Path, folder: Path) -> None:
    """Import a small ClaimReview feed, then show the matching claim's "Already checked"."""
    from claimdesk.core.seeding import ensure_seeded
    from claimdesk.core.store import open_store

    store = open_store(db)
    ensure_seeded(store)
    import_feed(store, folder)
    store.close()

    window = open_ready(db, LARGE)  # the claim's matches all in view
    w = window  # type: ignore[assignment]
    claim = next(
        c
        for c in w.claims.model.rows()  # type: ignore[attr-defined]
        if c.quote.startswith("Fujitsu plans to have approximately 100,000")
    )
    w.controller.select_claim(claim.id)  # type: ignore[attr-defined]
    panel = w.inspector.matches  # type: ignore[attr-defined]
    wait_until(lambda: panel.claim_id == claim.id and panel.earlier is not None)
    settle()
    scroll_inspector_to(w, "Already checked")
    save(w, "already-checked")  # type: ignore[arg-type]
    w.close()  # type: ignore[attr-defined]
    settle()


def shoot_learn_dialog(folder: Path) -> None:
    """Claims › Learn from our decisions… on a library ana reviewed with a policy of her own
    (tests/learning_library.py: 13 articles, real extraction, over 40 decisions), once the
    comparison is in and before anything is adopted."""
    sys.path.append(str(ROOT / "tests"))
    from learning_library import build

    db = folder / "reviewed.sqlite3"
    build(db, folder / "reviewed-articles")
    window = open_ready(db, SMALL)
    w = window  # type: ignore[assignment]
    dialog = w.controller.show_learning()  # type: ignore[attr-defined]
    wait_until(dialog.adopt.isEnabled, timeout=600)
    settle()
    save(dialog, "learn-dialog")
    dialog.close()
    w.close()  # type: ignore[attr-defined]
    settle()


def main() -> int:
    with temporary_user("ana") as (_app, folder):
        window = open_ready(folder / "screenshots.sqlite3", LARGE)
        shoot_workspace(window)
        window.close()  # type: ignore[attr-defined]
        settle()
        shoot_already_checked(folder / "earlier.sqlite3", folder)
        shoot_learn_dialog(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
