"""The current claim: quote, status buttons, sign-off and its lock, earlier checks, evidence,
note, history."""

from __future__ import annotations

import html
from dataclasses import replace
from importlib.resources import files

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QIcon, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.enums import ClaimStatus, ReviewState
from claimdesk.core.rows import ClaimRow
from claimdesk.core.statuses import REVIEW_LABELS
from claimdesk.ui.edit_controller import locked_message
from claimdesk.ui.evidence_editor import EvidenceEditor
from claimdesk.ui.history_pane import when_text
from claimdesk.ui.key_cap import KeyCapButton
from claimdesk.ui.match_panel import MatchPanel
from claimdesk.ui.palette import STYLES, status_icon
from claimdesk.ui.share_bar import ShareBar, other_reasons

NOTE_DEBOUNCE_MS = 600
_QUOTE_CHARS = 280  # about five lines at the inspector's usual width; the rest in the tooltip
_QUOTE_CHARS_EDITING = 120  # about two lines, while the evidence form needs the room
_BUTTON_NAMES = {
    ClaimStatus.SOURCED: "statusSourced",
    ClaimStatus.DISPUTED: "statusDisputed",
    ClaimStatus.SPECULATIVE: "statusSpeculative",
    ClaimStatus.UNREVIEWED: "statusUnreviewed",
    ClaimStatus.DISMISSED: "dismissButton",
}


def is_locked(claim: ClaimRow) -> bool:
    """Approved claims are locked until reopened (the core refuses changes to them too)."""
    return claim.review_state == ReviewState.APPROVED


def _section(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "section")
    return label


class Inspector(QWidget):
    """The quote and the status buttons stay at the top; the rest scrolls below them.

    Approved claims are locked: the lock says who approved them, and every control that
    would change the claim is off until it is reopened.
    """

    sig_status_requested = Signal(str)
    sig_review_state_requested = Signal(str)
    sig_note_committed = Signal(str, str, int)  # claim id, note, the version typed over
    sig_note_public_requested = Signal(str, bool)  # claim id, public
    sig_reopen_requested = Signal()
    sig_refused = Signal(str)  # a change asked for on a locked claim: why it was not made
    sig_finished = Signal()  # Escape in a field: keyboard focus goes back to the article

    def __init__(self, parent: QWidget | None = None, history: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self._claim: ClaimRow | None = None
        self._position = ""  # "3 of 20", shown in the heading
        self._note_claim: str | None = None  # whose note the unsaved edit belongs to
        # The claim's version when typing began: a change made elsewhere meanwhile refuses the
        # note instead of overwriting it, though the claim on show follows that change.
        self._note_version = 0

        # Outside in, as the window is: the containers first, so each part is restyled once,
        # when it joins them (a move into a new parent restyles its whole subtree).
        self.empty = QLabel("Select a claim in the article or the list.", objectName="emptyHint")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.body = QWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.body)
        # What is read and pressed for every claim: never scrolled away.
        self.top = QWidget(objectName="inspectorTop")
        self.scroll = QScrollArea(objectName="inspectorScroll", widgetResizable=True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        column = QVBoxLayout(self.body)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.top)
        column.addWidget(_rule())
        column.addWidget(self.scroll, 1)
        page = QWidget(objectName="inspectorPage")
        self.scroll.setWidget(page)

        self.heading = QLabel(objectName="claimHeading")
        self.quote = QLabel(objectName="claimQuote", wordWrap=True)
        self.quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice = QLabel(objectName="staleBanner", wordWrap=True)
        self.notice.hide()
        self.lock = QLabel(objectName="lockText", wordWrap=True)
        padlock = QLabel(objectName="lockIcon")  # drawn: no font here is sure to have 🔒
        padlock.setPixmap(
            QIcon(str(files("claimdesk.resources") / "icons" / "lock.svg")).pixmap(16)
        )
        self.reopen_button = QPushButton("Reopen…", objectName="reopenButton")
        self.reopen_button.setToolTip("Unlock this approved claim to change it (asks why)")
        self.reopen_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.reopen_button.clicked.connect(self.sig_reopen_requested)
        self.lock_banner = QFrame(objectName="lockBanner")
        lock_row = QHBoxLayout(self.lock_banner)
        lock_row.setContentsMargins(8, 4, 4, 4)
        lock_row.addWidget(padlock)
        lock_row.addWidget(self.lock, 1)
        lock_row.addWidget(self.reopen_button)

        self.buttons: dict[str, KeyCapButton] = {}
        self._group = QButtonGroup(self)
        self._grid = grid = QGridLayout()
        grid.setSpacing(6)
        self._columns = 0
        for style in STYLES.values():
            verb = "Dismiss" if style.status == ClaimStatus.DISMISSED else style.label
            button = KeyCapButton(verb, style.key)
            button.setIcon(status_icon(style.status))
            button.setObjectName(_BUTTON_NAMES[ClaimStatus(style.status)])
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keys keep working after a click
            button.setToolTip(_button_tip(style.status, style.key))
            button.clicked.connect(lambda _=False, s=style.status: self._on_status_clicked(s))
            self._group.addButton(button)
            self.buttons[style.status] = button
            button.setMinimumWidth(1)  # the grid goes to two columns instead (resizeEvent)

        self.suggestion = QLabel(objectName="suggestion", wordWrap=True)
        self.share = ShareBar()
        self._extractor_version: str | None = None  # the open article's: see set_detector
        self.reasons = QLabel(objectName="reasons", wordWrap=True)
        self.reasons.setTextFormat(Qt.TextFormat.RichText)
        self.why = QToolButton(objectName="whyToggle", checkable=True)
        self.why.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.why.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.why.toggled.connect(self._on_why_toggled)

        self.review = QComboBox(objectName="reviewState")
        for value, label in REVIEW_LABELS.items():
            self.review.addItem(label, value)
        self.review.activated.connect(self._on_review_activated)
        self.reviewed_by = QLabel(objectName="reviewedBy")
        review_row = QHBoxLayout()
        review_row.addWidget(_section("Sign-off"))
        review_row.addWidget(self.review)
        review_row.addWidget(self.reviewed_by, 1)

        self.matches = MatchPanel()  # filled off the GUI thread (ui.already_checked)

        self.evidence = EvidenceEditor()
        self.evidence.sig_finished.connect(self.sig_finished)
        self.evidence.sig_form_opened.connect(self._on_evidence_form_grown)
        self.evidence.form.installEventFilter(self)  # shown or hidden: see _compact
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
        self.note_public = QCheckBox("Public (printed in publications)", objectName="notePublic")
        self.note_public.setToolTip(
            "Publication reports print only public notes; private notes stay in working copies"
        )
        self.note_public.clicked.connect(self._on_note_public_clicked)
        note_head = QHBoxLayout()
        note_head.addWidget(_section("Note"), 1)
        note_head.addWidget(self.note_public)

        top = QVBoxLayout(self.top)
        top.setContentsMargins(12, 10, 12, 6)
        top.setSpacing(6)
        top.addWidget(self.heading)
        top.addWidget(self.quote)
        top.addWidget(self.lock_banner)
        top.addWidget(self.notice)
        self.top_buttons = QWidget(objectName="statusButtons")
        self.top_buttons.setLayout(grid)
        grid.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.top_buttons)
        top.addWidget(self.suggestion)

        # The rest, in the order of the work: sign-off, was it checked before, evidence, note,
        # then the background.
        body = QVBoxLayout(page)
        body.setContentsMargins(12, 4, 12, 12)
        body.setSpacing(8)
        body.addLayout(review_row)
        body.addWidget(_section("Already checked"))
        body.addWidget(self.matches)
        body.addLayout(evidence_head)
        body.addWidget(self.evidence)
        body.addLayout(note_head)
        body.addWidget(self.note, 1)
        body.addWidget(self.share)
        body.addWidget(self.why)
        body.addWidget(self.reasons)
        if history is not None:  # the claim's change log, newest first (issue 5)
            body.addWidget(_section("History"))
            body.addWidget(history)
        self._on_why_toggled(False)
        self._lay_out_buttons()
        self.set_claim(None)

    def claim(self) -> ClaimRow | None:
        return self._claim

    def is_locked(self) -> bool:
        return self._claim is not None and is_locked(self._claim)

    def set_detector(self, extractor_version: str | None) -> None:
        """The open article's extractor version: it says why a claim may lack a share."""
        self._extractor_version = extractor_version

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
        if previous is None or claim.id != previous.id:
            self.scroll.verticalScrollBar().setValue(0)  # each claim is read from its top
        for status, button in self.buttons.items():
            button.setChecked(status == claim.status)
        self._show_suggestion()
        if position == self._position and previous is not None and _retagged(previous, claim):
            return  # a tag key press: nothing else on show has changed
        self._position = position
        origin = (
            "added by hand"
            if claim.origin == "manual"
            else "detected"
            if claim.highlighted
            else "more candidate (not highlighted)"
        )
        score = f", score {claim.score:.2f}" if claim.score is not None else ""
        self.heading.setText(f"Claim {position} · {origin}{score}".replace("Claim  ·", "Claim ·"))
        self._show_quote()
        self.suggestion.setText(_suggestion_text(claim))
        reasons = other_reasons(claim)
        self.reasons.setText(_reasons_html(claim, reasons))
        self.share.show_share(claim, self._extractor_version)
        self.why.setText(f"Why it was detected ({len(reasons)})")
        self.why.setVisible(claim.origin != "manual")
        self.review.setCurrentIndex(max(0, self.review.findData(claim.review_state)))
        self.reviewed_by.setText(_signed_off_by(claim))
        self.evidence.set_evidence(claim.evidence)
        self.matches.follow(claim.id, (e.url for e in claim.evidence), is_locked(claim))
        if self._note_claim is None and self.note.toPlainText() != claim.note:
            self.note.blockSignals(True)
            self.note.setPlainText(claim.note)
            self.note.blockSignals(False)
        self.note_public.setChecked(claim.note_public)
        self._show_lock(claim)

    def _show_quote(self) -> None:
        if self._claim is None:
            return
        quote = " ".join(self._claim.quote.split())
        limit = _QUOTE_CHARS_EDITING if self._editing_evidence() else _QUOTE_CHARS
        cut = len(quote) > limit
        self.quote.setText(f"“{quote[:limit] + '…' if cut else quote}”")
        self.quote.setToolTip(quote if cut else "")

    def _editing_evidence(self) -> bool:
        return not self.evidence.form.isHidden()  # shown, even while the tab is not

    def _compact(self) -> None:
        """While a link is typed in, the heading and tag buttons give the form their room and
        the quote shrinks to two lines: at 1100×700 the form's buttons were otherwise below
        the inspector's edge."""
        editing = self._editing_evidence()
        self.top_buttons.setVisible(not editing)
        self.heading.setVisible(not editing)
        self._show_suggestion()
        self._show_quote()

    def _show_suggestion(self) -> None:
        # A suggestion is for tagging: once there is a verdict it would only contradict it.
        claim = self._claim
        self.suggestion.setVisible(
            claim is not None
            and bool(claim.suggestion)
            and not claim.is_reviewed
            and not self._editing_evidence()
        )

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._lay_out_buttons()

    def _lay_out_buttons(self) -> None:
        """Three buttons a row where they fit, else two (their text is never cut)."""
        spacing = self._grid.horizontalSpacing()
        first_row = list(self.buttons.values())[:3]
        wanted = sum(b.sizeHint().width() for b in first_row) + 2 * spacing + 24
        columns = 3 if self.width() >= wanted else 2
        if columns == self._columns:
            return
        self._columns = columns
        for n, button in enumerate(self.buttons.values()):
            self._grid.addWidget(button, n // columns, n % columns)

    def _show_lock(self, claim: ClaimRow) -> None:
        locked = is_locked(claim)
        self.lock_banner.setVisible(locked)
        if locked:
            self.lock.setText(_lock_text(claim))
        for button in self.buttons.values():
            button.setEnabled(not locked)
        self.review.setEnabled(not locked)
        self.review.setToolTip(
            "Reopen… to change the sign-off of an approved claim"
            if locked
            else "The editor's sign-off, separate from the verdict (A approves)"
        )
        self.note.setReadOnly(locked)
        self.note_public.setEnabled(not locked)
        self.evidence.add_button.setEnabled(not locked)
        self.evidence.form.setEnabled(not locked)  # links still open with a double-click
        if locked:
            self.evidence.close_form()

    def refuse_if_locked(self) -> bool:
        """Say why a change asked for cannot be made: True if the current claim is locked."""
        if not self.is_locked():
            return False
        self.sig_refused.emit(locked_message())
        return True

    def start_evidence(self) -> None:
        """The E key: open the form for a new link, unless the claim is locked."""
        if self._claim is not None and not self.refuse_if_locked():
            self.evidence.start_new()

    def edit_note(self) -> None:
        if self._claim is not None and not self.refuse_if_locked():
            self.note.setFocus()

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
        if watched is self.evidence.form:
            if event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
                self._compact()
            return False
        if event.type() == QEvent.Type.FocusOut:
            self.flush_note()
        elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() == Qt.Key.Key_Escape:
                self.flush_note()
                self.sig_finished.emit()
                return True
            if self.note.isReadOnly() and event.text().strip():
                self.refuse_if_locked()  # typing into the note of an approved claim
        return super().eventFilter(watched, event)

    def _on_note_edited(self) -> None:
        if self._claim is not None:
            if self._note_claim is None:
                self._note_version = self._claim.version
            self._note_claim = self._claim.id
            self._note_timer.start()

    def _on_note_public_clicked(self, checked: bool) -> None:
        if self._claim is not None:
            self.note_public.setChecked(self._claim.note_public)  # until the edit lands
            self.sig_note_public_requested.emit(self._claim.id, checked)

    def _on_why_toggled(self, shown: bool) -> None:
        self.reasons.setVisible(shown)
        self.why.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    def _on_evidence_form_grown(self) -> None:
        # After the layout has made room for the form (or for an error in it), scroll it into
        # view: an error pushed Cancel and Add below the inspector's edge.
        QTimer.singleShot(0, self._show_evidence_form)

    def _show_evidence_form(self) -> None:
        """The form's buttons in view, then its URL field, which wins if both cannot be."""
        self.scroll.ensureWidgetVisible(self.evidence.save_button, 0, 6)
        self.scroll.ensureWidgetVisible(self.evidence.url, 0, 6)

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


def _rule() -> QFrame:
    line = QFrame(objectName="inspectorRule")
    line.setFrameShape(QFrame.Shape.HLine)
    line.setFrameShadow(QFrame.Shadow.Plain)
    return line


def _signed_off_by(claim: ClaimRow) -> str:
    if not claim.reviewed_by:
        return ""
    self_approved = " (self-approved)" if claim.self_approved else ""
    return f"by {claim.reviewed_by}{self_approved}"


def _lock_text(claim: ClaimRow) -> str:
    who = f" by {claim.reviewed_by}" if claim.reviewed_by else ""
    when = f", {when_text(claim.reviewed_at)}" if claim.reviewed_at else ""
    return f"Approved{who}{when} — reopen to change"


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


def _reasons_html(claim: ClaimRow, reasons: tuple[tuple[str, str], ...]) -> str:
    if claim.origin == "manual":
        return "<i>Added by hand.</i>"
    if not reasons:  # the share alone: no feature counted
        return (
            "<i>No feature stood out: the sentence model found it.</i>"
            if claim.reasons
            else "<i>No reasons recorded.</i>"
        )
    items = "".join(
        f"<li><b>{html.escape(kind)}</b>: {html.escape(_without_prefix(text, kind))}</li>"
        for kind, text in reasons
    )
    return f"<ul style='margin-left:-20px'>{items}</ul>"


def _without_prefix(text: str, kind: str) -> str:
    # The detector writes "number: USD 9.43 billion"; the kind is already shown in bold.
    prefix = f"{kind}:"
    return text[len(prefix) :].strip() if text.startswith(prefix) else text
