"""Everything about the current claim: status buttons, reasons, review, evidence, note, history."""

from __future__ import annotations

import html
from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.models import ClaimStatus
from claimdesk.core.readmodels import ClaimRow
from claimdesk.core.statuses import REVIEW_LABELS
from claimdesk.ui.evidence_editor import EvidenceEditor
from claimdesk.ui.palette import STYLES, status_icon

NOTE_DEBOUNCE_MS = 600
_BUTTON_NAMES = {
    ClaimStatus.SOURCED: "statusSourced",
    ClaimStatus.DISPUTED: "statusDisputed",
    ClaimStatus.SPECULATIVE: "statusSpeculative",
    ClaimStatus.UNREVIEWED: "statusUnreviewed",
    ClaimStatus.DISMISSED: "dismissButton",
}


def _section(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "section")
    return label


class Inspector(QScrollArea):
    sig_status_requested = Signal(str)
    sig_review_state_requested = Signal(str)
    sig_note_committed = Signal(str, str, int)  # claim id, note, the version typed over
    sig_finished = Signal()  # Escape in a field: keyboard focus goes back to the article

    def __init__(self, parent: QWidget | None = None, history: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self._claim: ClaimRow | None = None
        self._position = ""  # "3 of 20", shown in the heading
        self._note_claim: str | None = None  # whose note the unsaved edit belongs to
        # The claim's version when typing began: a change made elsewhere meanwhile refuses the
        # note instead of overwriting it, though the claim on show follows that change.
        self._note_version = 0

        self.heading = QLabel(objectName="claimHeading")
        self.quote = QLabel(objectName="claimQuote", wordWrap=True)
        self.quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice = QLabel(objectName="staleBanner", wordWrap=True)
        self.notice.hide()

        self.buttons: dict[str, QPushButton] = {}
        self._group = QButtonGroup(self)
        grid = QGridLayout()
        grid.setSpacing(6)
        for n, style in enumerate(STYLES.values()):
            verb = "Dismiss" if style.status == ClaimStatus.DISMISSED else style.label
            button = QPushButton(status_icon(style.status), f"{verb}   {style.key}")
            button.setObjectName(_BUTTON_NAMES[ClaimStatus(style.status)])
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys keep working after a click
            button.setToolTip(_button_tip(style.status, style.key))
            button.clicked.connect(lambda _=False, s=style.status: self._on_status_clicked(s))
            self._group.addButton(button)
            self.buttons[style.status] = button
            grid.addWidget(button, n // 2, n % 2)

        self.suggestion = QLabel(objectName="suggestion", wordWrap=True)
        self.reasons = QLabel(objectName="reasons", wordWrap=True)
        self.reasons.setTextFormat(Qt.TextFormat.RichText)

        self.review = QComboBox(objectName="reviewState")
        for value, label in REVIEW_LABELS.items():
            self.review.addItem(label, value)
        self.review.setToolTip("The editor's sign-off, separate from the verdict")
        self.review.activated.connect(self._on_review_activated)
        self.reviewed_by = QLabel(objectName="reviewedBy")
        review_row = QHBoxLayout()
        review_row.addWidget(self.review)
        review_row.addWidget(self.reviewed_by, 1)

        self.evidence = EvidenceEditor()
        self.evidence.sig_finished.connect(self.sig_finished)
        self.evidence.sig_form_opened.connect(self._on_evidence_form_grown)
        self.evidence.sig_error_shown.connect(self._on_evidence_form_grown)
        evidence_head = QHBoxLayout()
        evidence_head.addWidget(_section("Evidence"), 1)
        evidence_head.addWidget(self.evidence.add_button)

        self.note = _NoteEdit(objectName="noteEdit")
        self.note.setPlaceholderText(
            "Your reasoning, sources checked, people asked… (saved as you type)"
        )
        self.note.setTabChangesFocus(True)
        self.note.setMinimumHeight(80)
        self.note.textChanged.connect(self._on_note_edited)
        self.note.installEventFilter(self)
        self._note_timer = QTimer(self, singleShot=True, interval=NOTE_DEBOUNCE_MS)
        self._note_timer.timeout.connect(self.flush_note)

        self.empty = QLabel("Select a claim in the article or the list.", objectName="emptyHint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)

        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(8)
        body.addWidget(self.heading)
        body.addWidget(self.quote)
        body.addWidget(self.notice)
        body.addLayout(grid)
        body.addWidget(self.suggestion)
        body.addWidget(_section("Why it was detected"))
        body.addWidget(self.reasons)
        body.addWidget(_section("Review"))
        body.addLayout(review_row)
        body.addLayout(evidence_head)
        body.addWidget(self.evidence)
        body.addWidget(_section("Note"))
        body.addWidget(self.note, 1)
        if history is not None:  # the claim's change log, newest first (issue 5)
            body.addWidget(_section("History"))
            body.addWidget(history)

        page = QWidget(objectName="inspectorPage")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 10, 12, 12)
        layout.addWidget(self.empty)
        layout.addWidget(self.body)
        self.setWidget(page)
        self.set_claim(None)

    def claim(self) -> ClaimRow | None:
        return self._claim

    def set_claim(self, claim: ClaimRow | None, position: str = "") -> None:
        """Show a claim (or none); a half-typed note of another claim is saved first."""
        previous, self._claim = self._claim, claim
        if claim is None or (previous is not None and claim.id != previous.id):
            self.flush_note()
            self.evidence.close_form()
            self.notice.hide()
        self.empty.setVisible(claim is None)
        self.body.setVisible(claim is not None)
        if claim is None:
            return
        for status, button in self.buttons.items():
            button.setChecked(status == claim.status)
        if position == self._position and previous is not None and _retagged(previous, claim):
            return  # a tag key press: nothing else on show has changed
        self._position = position
        origin = "added by hand" if claim.origin == "manual" else "detected"
        score = f", score {claim.score:.2f}" if claim.score is not None else ""
        self.heading.setText(f"Claim {position} · {origin}{score}".replace("Claim  ·", "Claim ·"))
        quote = " ".join(claim.quote.split())
        self.quote.setText(f"“{quote if len(quote) < 400 else quote[:400] + '…'}”")
        self.suggestion.setText(_suggestion_text(claim))
        self.suggestion.setVisible(bool(claim.suggestion))
        self.reasons.setText(_reasons_html(claim))
        self.review.setCurrentIndex(max(0, self.review.findData(claim.review_state)))
        self.reviewed_by.setText(f"by {claim.reviewed_by}" if claim.reviewed_by else "")
        self.evidence.set_evidence(claim.evidence)
        if self._note_claim is None and self.note.toPlainText() != claim.note:
            self.note.blockSignals(True)
            self.note.setPlainText(claim.note)
            self.note.blockSignals(False)

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.show()

    def flush_note(self) -> None:
        """Commit a pending note edit now (focus left the field, the claim or the window)."""
        claim_id, self._note_claim = self._note_claim, None
        self._note_timer.stop()
        if claim_id is not None:
            self.sig_note_committed.emit(claim_id, self.note.toPlainText(), self._note_version)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.FocusOut:
            self.flush_note()
        elif (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
        ):
            self.flush_note()
            self.sig_finished.emit()
            return True
        return super().eventFilter(watched, event)

    def _on_note_edited(self) -> None:
        if self._claim is not None:
            if self._note_claim is None:
                self._note_version = self._claim.version
            self._note_claim = self._claim.id
            self._note_timer.start()

    def _on_evidence_form_grown(self) -> None:
        # After the layout has made room for the form (or for an error in it), scroll it into
        # view: an error pushed Cancel and Add below the inspector's edge.
        QTimer.singleShot(0, self._show_evidence_form)

    def _show_evidence_form(self) -> None:
        """The form's buttons in view, then its URL field, which wins if both cannot be."""
        self.ensureWidgetVisible(self.evidence.save_button, 0, 12)
        self.ensureWidgetVisible(self.evidence.url, 0, 12)

    def _on_status_clicked(self, status: str) -> None:
        if self._claim is not None:
            self.buttons[self._claim.status].setChecked(True)  # stays until the edit lands
            self.sig_status_requested.emit(status)

    def _on_review_activated(self, index: int) -> None:
        self.sig_review_state_requested.emit(str(self.review.itemData(index)))


class _NoteEdit(QPlainTextEdit):
    """Asks for about five lines, not Qt's 192 px, so the History below it stays in view."""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        lines = self.fontMetrics().lineSpacing() * 5
        margins = self.contentsMargins()
        return QSize(super().sizeHint().width(), lines + margins.top() + margins.bottom() + 8)


def _retagged(before: ClaimRow, after: ClaimRow) -> bool:
    """Whether only the status changed (with the version and who changed it, not shown)."""
    rest = replace(before, status=after.status, reviewer=after.reviewer, version=after.version)
    return rest == after


def _button_tip(status: str, key: str) -> str:
    if status == ClaimStatus.DISMISSED:
        return f"Not a claim: a false detection ({key}). It stays dismissed on re-extraction."
    if status == ClaimStatus.UNREVIEWED:
        return f"Back to unreviewed ({key})"
    return f"Tag {status} and go to the next unreviewed claim ({key}); Shift+{key} stays here"


def _suggestion_text(claim: ClaimRow) -> str:
    if not claim.suggestion:
        return ""
    label = STYLES[claim.suggestion].label if claim.suggestion in STYLES else claim.suggestion
    cue = f" — cue “{html.escape(claim.suggestion_cue)}”" if claim.suggestion_cue else ""
    return f"Suggested: <b>{label}</b>{cue}"


def _reasons_html(claim: ClaimRow) -> str:
    if not claim.reasons:
        return (
            "<i>Added by hand.</i>" if claim.origin == "manual" else "<i>No reasons recorded.</i>"
        )
    items = "".join(
        f"<li><b>{html.escape(kind)}</b>: {html.escape(_without_prefix(text, kind))}</li>"
        for kind, text in claim.reasons
    )
    return f"<ul style='margin-left:-20px'>{items}</ul>"


def _without_prefix(text: str, kind: str) -> str:
    # The detector writes "number: USD 9.43 billion"; the kind is already shown in bold.
    prefix = f"{kind}:"
    return text[len(prefix) :].strip() if text.startswith(prefix) else text
