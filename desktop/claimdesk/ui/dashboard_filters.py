"""The dashboard's filter bar: words, status, sign-off, reviewer, earlier checks and two
quick checks."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.enums import ClaimStatus, ReviewState
from claimdesk.core.services.dashboard import ClaimFilter
from claimdesk.core.statuses import REVIEW_LABELS
from claimdesk.ui.palette import STYLES, status_icon

STATUS_CHOICES: list[tuple[str, frozenset[str] | None]] = [
    ("Any status", None),
    ("Not dismissed", frozenset(s for s in STYLES if s != ClaimStatus.DISMISSED)),
    *((style.label, frozenset({status})) for status, style in STYLES.items()),
]
REVIEW_CHOICES: list[tuple[str, frozenset[str] | None]] = [
    ("Any sign-off", None),
    *((label, frozenset({state})) for state, label in REVIEW_LABELS.items()),
    ("Not approved yet", frozenset({ReviewState.DRAFT.value, ReviewState.NEEDS_REVIEW.value})),
]
EARLIER_CHOICES: list[tuple[str, bool | None]] = [
    ("Checked before or not", None),
    ("Checked before", True),
    ("Not checked before", False),
]
TEXT_DEBOUNCE_MS = 150


def _combo(name: str, choices: Sequence[tuple[str, object]], tip: str) -> QComboBox:
    combo = QComboBox(objectName=name)
    for label, value in choices:
        combo.addItem(label, value)
    combo.setToolTip(tip)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


class FilterBar(QWidget):
    """Emits `sig_changed` whenever the filter changes (typing is debounced a little)."""

    sig_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardFilters")
        self.search = QLineEdit(objectName="dashboardSearch", clearButtonEnabled=True)
        self.search.setPlaceholderText("Filter by words in the claim, its note or article title")
        self.status = _combo("dashboardStatus", STATUS_CHOICES, "Only claims with this verdict")
        for n, (_label, statuses) in enumerate(STATUS_CHOICES):
            if statuses is not None and len(statuses) == 1:
                self.status.setItemIcon(n, status_icon(next(iter(statuses))))
        self.review = _combo("dashboardReview", REVIEW_CHOICES, "Only claims with this sign-off")
        self.reviewer = _combo(
            "dashboardReviewer", [("Anyone", None)], "Only claims this person changed"
        )
        self.earlier = _combo(
            "dashboardEarlier",
            EARLIER_CHOICES,
            "Claims with an earlier check at or above the suggest score: an imported "
            "fact-check, or a verdict in another article (Claims › Matching settings…)",
        )
        self.pending = QLabel(objectName="matchPending")
        self.pending.setToolTip(
            "Claims not matched yet count as not checked before until they are; matching "
            "runs in the background (the status bar shows it)"
        )
        self.pending.hide()
        self.attention = QCheckBox("Disputed, or sourced without evidence", objectName="attention")
        self.attention.setToolTip("The claims an editor should look at first")
        self.unreviewed = QCheckBox("Unreviewed only", objectName="unreviewedOnly")
        self.unreviewed.setToolTip("Claims nobody has given a verdict yet")
        self.clear_button = QPushButton("Clear filters", objectName="clearFilters")
        self.match_count = QLabel(objectName="matchCount")

        first = QHBoxLayout()
        first.setContentsMargins(0, 0, 0, 0)
        first.addWidget(QLabel("Claims", objectName="panelTitle"))
        first.addWidget(self.search, 1)
        for combo in (self.status, self.review, self.reviewer):
            first.addWidget(combo)
        second = QHBoxLayout()
        second.setContentsMargins(0, 0, 0, 0)
        for widget in (self.earlier, self.pending, self.attention, self.unreviewed):
            second.addWidget(widget)
        second.addWidget(self.clear_button)
        second.addStretch(1)
        second.addWidget(self.match_count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(first)
        layout.addLayout(second)

        self._timer = QTimer(self, singleShot=True, interval=TEXT_DEBOUNCE_MS)
        self._timer.timeout.connect(self.sig_changed)
        self.search.textChanged.connect(self._timer.start)
        for combo in (self.status, self.review, self.reviewer, self.earlier):
            combo.currentIndexChanged.connect(self._on_choice_changed)
        for check in (self.attention, self.unreviewed):
            check.toggled.connect(self._on_choice_changed)
        self.clear_button.clicked.connect(self.clear)

    def claim_filter(self, article_ids: Sequence[str] = ()) -> ClaimFilter:
        return ClaimFilter(
            statuses=self.status.currentData(),
            review_states=self.review.currentData(),
            reviewer=self.reviewer.currentData(),
            text=self.search.text(),
            needs_attention=self.attention.isChecked(),
            unreviewed=self.unreviewed.isChecked(),
            checked_before=self.earlier.currentData(),
            article_ids=frozenset(article_ids) if article_ids else None,
        )

    def set_reviewers(self, names: Sequence[str]) -> None:
        """Offer these people, keeping the one chosen if they are still there."""
        chosen = self.reviewer.currentData()
        blocked = self.reviewer.blockSignals(True)
        self.reviewer.clear()
        self.reviewer.addItem("Anyone", None)
        for name in names:
            self.reviewer.addItem(name, name)
        self.reviewer.setCurrentIndex(max(0, self.reviewer.findData(chosen)) if chosen else 0)
        self.reviewer.blockSignals(blocked)
        if chosen and self.reviewer.currentData() != chosen:
            self.sig_changed.emit()

    def clear(self) -> None:
        """Back to every claim, with one change signal rather than six."""
        combos = (self.status, self.review, self.reviewer, self.earlier)
        checks = (self.attention, self.unreviewed)
        for widget in (self.search, *combos, *checks):
            widget.blockSignals(True)
        self.search.clear()
        for combo in combos:
            combo.setCurrentIndex(0)
        for check in checks:
            check.setChecked(False)
        for widget in (self.search, *combos, *checks):
            widget.blockSignals(False)
        self._timer.stop()
        self.sig_changed.emit()

    def set_pending(self, claims: int) -> None:
        """Say beside the earlier-checks filter how many claims are still to be matched."""
        self.pending.setText(f"matching {claims:,} claim{'s' if claims != 1 else ''}…")
        self.pending.setVisible(claims > 0)

    def focus(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _on_choice_changed(self, *_: object) -> None:
        self._timer.stop()
        self.sig_changed.emit()
