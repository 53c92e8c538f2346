"""The reading view (issue 14 item 3): paragraphs apart, lines apart, a readable measure, and
two adjacent claims visibly two, in every status, checked on the rendered pixels."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QFontMetricsF, QTextCursor

from claimdesk.core.importing import ArticleDraft
from claimdesk.core.models import Claim, Meta
from claimdesk.core.services.articles import import_draft
from claimdesk.core.store import open_store
from claimdesk.ui.article_view import MEASURE
from claimdesk.ui.palette import STYLES

FIRST = 'The mayor said the city "will fix every pothole by 2028".'
SECOND = "Opposition leader Ana Ruiz called the plan unrealistic."
TEXT = (
    f"{FIRST} {SECOND}\n"
    "A second paragraph that is long enough to wrap over several lines of the article view, "
    "so that the space between its own lines can be told from the space between paragraphs. "
    "It goes on for a while longer, with nothing in it that anyone would call a claim at all."
)


def library_with_adjacent_claims(db_path, status: str, *, joined: bool) -> None:
    """One article whose first two sentences are claims, a space apart or touching."""
    text = TEXT if not joined else TEXT.replace(f"{FIRST} ", FIRST, 1)
    store = open_store(db_path)
    with store.transaction() as session:
        session.add(Meta(key="seeded", value="skipped in this test"))
        article = import_draft(session, ArticleDraft("Potholes", text, "potholes.txt")).article
        start = 0
        for sentence in (FIRST, SECOND):
            start = text.index(sentence, start)
            session.add(
                Claim(
                    article=article,
                    start=start,
                    end=start + len(sentence),
                    quote=sentence,
                    status=status,
                    origin="extracted",
                    score=0.95,  # highlighted: an unreviewed 0.5 is a faint candidate
                    reasons=[],
                    note="",
                )
            )
            start += len(sentence)
    store.close()


def caret(view, offset: int):
    cursor = QTextCursor(view.document())
    cursor.setPosition(offset)
    return view.cursorRect(cursor)


@pytest.mark.parametrize("joined", [False, True], ids=["a space apart", "touching"])
@pytest.mark.parametrize("status", list(STYLES))
def test_two_adjacent_claims_have_a_visible_boundary(
    qtbot, open_workspace, db_path, status, joined
):
    library_with_adjacent_claims(db_path, status, joined=joined)
    window = open_workspace()
    window.resize(1280, 800)
    view = window.view
    view.set_current_claim(None)  # the current claim's outline would mark it anyway
    text = view.text()
    second = text.index(SECOND)
    end_of_first = text.index(FIRST) + len(FIRST)
    qtbot.waitUntil(lambda: caret(view, end_of_first).top() == caret(view, second).top())
    view.viewport().repaint()
    image = view.viewport().grab().toImage()
    y = caret(view, second).top() + 2  # the band's top edge: above the letters

    def colour(x: int) -> QColor:
        return QColor(image.pixel(x, y))

    band_first = colour(caret(view, end_of_first - 10).left())
    band_second = colour(caret(view, second + 10).left())
    assert band_first == band_second  # one status: one band colour, as the issue saw it
    boundary = range(caret(view, end_of_first).left() - 2, caret(view, second).left() + 2)
    marks = {colour(x).name() for x in boundary} - {band_first.name()}
    assert QColor(STYLES[status].colour).name() in marks, (band_first.name(), marks)


def test_paragraphs_and_lines_are_spaced_and_lines_keep_a_readable_length(
    qtbot, open_workspace, db_path
):
    library_with_adjacent_claims(db_path, "unreviewed", joined=False)
    window = open_workspace()
    window.resize(1920, 1080)
    view = window.view
    qtbot.waitUntil(lambda: view.width() > 900)
    block = view.document().findBlockByNumber(1)
    layout = block.layout()
    view.viewport().repaint()
    assert layout.lineCount() >= 2
    pitch = layout.lineAt(1).y() - layout.lineAt(0).y()
    natural = QFontMetricsF(view.font()).lineSpacing()
    assert pitch >= natural * 1.25, "lines are set as tight as the font's own spacing"
    last_line = caret(view, block.position() - 1).top()  # the first paragraph's end
    between_paragraphs = caret(view, block.position()).top() - last_line
    assert between_paragraphs >= pitch * 1.4, "paragraphs are no further apart than lines"
    longest = max(layout.lineAt(n).textLength() for n in range(layout.lineCount()))
    assert MEASURE * 0.8 <= longest <= MEASURE * 1.15, longest  # about MEASURE characters
    assert view.viewport().width() < view.width() - 200, "the spare width is left blank"
