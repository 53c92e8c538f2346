"""Issue 12 item 2 in the window: the inspector shows how much of a detected claim's score
came from the features and how much from the sentence model, as a bar with the figures
written out; a claim scored by the features alone says why; a hand-made claim shows none."""

from __future__ import annotations

import os
import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from claimdesk.ui.share_bar import FEATURES, SENTENCE_MODEL

ARTICLE = (
    "Ministry figures show unemployment fell to 4.1% in March, the lowest rate since 2008.\n\n"
    "The minister said the government would cut taxes for 2 million households next year.\n"
)


def share_of(claim) -> tuple[int, int]:
    """(features, sentence model) in percent, as the detector recorded them."""
    (text,) = [text for kind, text in claim.reasons if kind == "share"]
    features, model = (int(part.split()[-1].rstrip("%")) for part in text.split(", "))
    return features, model


def bar_split(bar) -> float:
    """The share of the bar's width painted in the features' colour."""
    image = bar.grab().toImage()
    y = image.height() // 2
    row = [QColor(image.pixel(x, y)) for x in range(image.width())]
    assert all(p in (FEATURES, SENTENCE_MODEL) for p in row)
    return sum(p == FEATURES for p in row) / len(row)


def test_a_detected_claim_shows_its_two_parts_as_recorded(qtbot, open_workspace):
    window = open_workspace()
    inspector = window.inspector
    claims = window.claims.model.rows()
    seen = set()
    for claim in claims[:6]:
        window.controller.select_claim(claim.id)
        features, model = share_of(claim)
        text = f"Score: features {features}% · sentence model {model}%"
        share = inspector.share
        assert share.isVisibleTo(inspector) and share.text.text() == text
        assert share.accessibleName() == text and share.toolTip().startswith(text)
        assert abs(bar_split(share.bar) - features / 100) <= 0.02
        # The share is the bar's: the reasons listed under "Why" are the features'.
        assert "sentence model" not in inspector.reasons.text()
        assert inspector.why.text() == f"Why it was detected ({len(claim.reasons) - 1})"
        seen.add(features)
    assert len(seen) > 1, "every claim showed the same share"


def test_features_alone_say_why_and_a_hand_made_claim_shows_nothing(
    qtbot, open_workspace, db_path, tmp_path
):
    article = tmp_path / "ministry.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    # Imported as a newsroom without the sentence encoder would: by the command line.
    env = {**os.environ, "CLAIMDESK_ENCODER": "off"}
    done = subprocess.run(
        [sys.executable, "-m", "claimdesk", "--db", str(db_path), "import", str(article)],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    window = open_workspace()
    model = window.articles.articles()
    ministry = next(i for i, title in model.titles() if "Ministry" in title or "ministry" in title)
    window.controller.open_article(ministry)
    qtbot.waitUntil(lambda: window.controller.article.id == ministry)
    assert window.controller.article.extractor_version.endswith("+features-only")
    claim = window.controller.current_claim()
    assert claim is not None and claim.origin == "extracted"
    assert not [kind for kind, _ in claim.reasons if kind == "share"]
    share = window.inspector.share
    assert share.text.text() == (
        "Score: features 100% (sentence model not used: it could not be loaded when this "
        "article was extracted)"
    )
    assert bar_split(share.bar) == 1.0

    view = window.view
    start = view.text().index("The minister said")
    view.select_text(start, start + len("The minister said"))
    qtbot.keyClick(view, Qt.Key.Key_N)
    made = window.controller.current_claim()
    assert made.origin == "manual"
    assert not share.isVisibleTo(window.inspector)
