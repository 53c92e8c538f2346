"""How much of a detected claim's score came from the features and how much from the sentence
model: a two-part bar with the percentages written beside it (the bar alone says nothing to
a screen reader or in grey print)."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from claimdesk.core.extraction.score_labels import SHARE_KIND, feature_share
from claimdesk.core.rows import ClaimRow

FEATURES = QColor("#3E4C59")  # the explainable part: the reasons listed under "Why"
SENTENCE_MODEL = QColor("#9FB3C8")
_BAR = QSize(96, 8)
_TIP = (
    "How much of the score came from the features (the reasons listed under “Why it was "
    "detected”: numbers, attributions, comparisons…) and how much from the sentence model, "
    "which reads the whole sentence and has no reasons to show."
)


def without_model(extractor_version: str | None) -> str:
    """Why an article's claims were scored without the sentence model, from the mark a
    fallback leaves on its recorded extractor version (read as extractor.model_of reads it;
    nothing of the extraction package runs on the GUI thread)."""
    from claimdesk.core.extraction.extractor import FEATURES_ONLY_SUFFIX, RULE_ONLY_SUFFIX

    version = extractor_version or ""
    if version.startswith("1."):
        return "the article was extracted before it was added; Re-extract claims to use it"
    if version.endswith(FEATURES_ONLY_SUFFIX):
        return "it could not be loaded when this article was extracted"
    if version.endswith(RULE_ONLY_SUFFIX):
        return "the language model could not be loaded either, so rules alone scored it"
    return "no share was recorded for this claim"


def other_reasons(claim: ClaimRow) -> tuple[tuple[str, str], ...]:
    """The claim's reasons but the share, which the bar shows."""
    return tuple(reason for reason in claim.reasons if reason[0] != SHARE_KIND)


class _Bar(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.share = 1.0
        self.setFixedSize(_BAR)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        split = round(self.width() * self.share)
        painter.fillRect(QRectF(0, 0, split, self.height()), FEATURES)
        painter.fillRect(QRectF(split, 0, self.width() - split, self.height()), SENTENCE_MODEL)
        painter.end()


class ShareBar(QWidget):
    """The bar and "features 62% · sentence model 38%"; a note instead of the second part
    when the sentence model did not score the claim."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shareBar")
        self.bar = _Bar()
        self.text = QLabel(objectName="shareText", wordWrap=True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bar, 0, Qt.AlignmentFlag.AlignVCenter)
        row.addWidget(self.text, 1)

    def show_share(self, claim: ClaimRow, extractor_version: str | None) -> None:
        """Show the claim's share, or why the sentence model had none (from the version of
        the extractor that scored its article); nothing for a claim made by hand."""
        share = feature_share(claim.reasons)
        self.setVisible(claim.origin != "manual")
        if share is None:
            why = without_model(extractor_version)
            text = f"Score: features 100% (sentence model not used: {why})"
            share = 1.0
        else:
            features = round(share * 100)
            text = f"Score: features {features}% · sentence model {100 - features}%"
        self.bar.share = share
        self.bar.update()
        self.text.setText(text)
        self.setToolTip(f"{text}\n\n{_TIP}")
        self.setAccessibleName(text)
        self.bar.setAccessibleName(text)
