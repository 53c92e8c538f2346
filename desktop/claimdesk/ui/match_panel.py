"""The inspector's "Already checked" section: earlier fact-checks and library verdicts.

Each match is a card: who checked it, the rating, the date, the link, the claim as checked
with the words that matched in bold, and the score. M attaches the first match still on
offer as evidence, Shift+M says it is not the same claim; the cards' buttons do the same for
any match. Everything shown comes from files and other people: it is always escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from claimdesk.core.factchecks.match_types import Match
from claimdesk.core.factchecks.stances import stance_for
from claimdesk.core.statuses import LOOKS
from claimdesk.ui.gateway_types import EarlierChecks

LOOKING = "Looking for earlier checks…"
NOTHING_FOUND = "No earlier fact-checks found"
NOTHING_IMPORTED = "Import fact-checks with File › Import fact-checks… to see earlier checks"
_WORD = re.compile(r"[^\W_]+")
_LINK_CHARS = 60


class MatchPanel(QWidget):
    """Shows one claim's matches; what to do with them is asked for by signal."""

    sig_attach_requested = Signal(object)  # Match
    sig_reject_requested = Signal(object)  # Match
    sig_open_requested = Signal(object)  # Match of a library claim: go to it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alreadyChecked")
        self.claim_id: str | None = None
        self.earlier: EarlierChecks | None = None
        self._attached: frozenset[str] = frozenset()  # the claim's evidence addresses
        self._locked = False
        self.message = QLabel(LOOKING, objectName="matchMessage", wordWrap=True)
        self.cards: list[MatchCard] = []
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self._column.setSpacing(6)
        self._column.addWidget(self.message)

    def follow(self, claim_id: str, attached: Iterable[str], locked: bool) -> None:
        """The claim on show, its evidence and lock; another claim's matches go at once."""
        if claim_id != self.claim_id:
            self.claim_id, self.earlier = claim_id, None
            self._clear()
            self.message.setText(LOOKING)
            self.message.show()
        self._attached, self._locked = frozenset(attached), locked
        self._show_states()

    def show_matches(self, claim_id: str, earlier: EarlierChecks) -> None:
        """The matches read for `claim_id`; dropped if another claim is on show by now."""
        if claim_id != self.claim_id:
            return
        self.earlier = earlier
        self._clear()
        matches = earlier.result.matches
        auto = {m.key for m in earlier.result.auto_links}
        for match in matches:
            card = MatchCard(match, match.key in auto, self)
            card.attach.clicked.connect(lambda _=False, m=match: self.sig_attach_requested.emit(m))
            card.reject.clicked.connect(lambda _=False, m=match: self.sig_reject_requested.emit(m))
            card.go.clicked.connect(lambda _=False, m=match: self.sig_open_requested.emit(m))
            self._column.addWidget(card)
            self.cards.append(card)
        self._show_states()
        self.message.setText(
            NOTHING_IMPORTED if not matches and not earlier.factchecks else NOTHING_FOUND
        )
        self.message.setVisible(not matches)

    def show_failure(self, claim_id: str, message: str) -> None:
        if claim_id == self.claim_id:
            self._clear()
            self.message.setText(f"Earlier checks could not be read: {message}")
            self.message.show()

    def first_on_offer(self, *, attachable: bool) -> Match | None:
        """What M (attachable) or Shift+M acts on: the best match not yet attached."""
        return next(
            (
                c.match
                for c in self.cards
                if c.match.url not in self._attached and (c.match.url or not attachable)
            ),
            None,
        )

    def _show_states(self) -> None:
        """Attached or not, locked or not, and the keys on the cards they act on."""
        attach, reject = (self.first_on_offer(attachable=a) for a in (True, False))
        for card in self.cards:
            card.show_state(
                card.match.url in self._attached,
                self._locked,
                keys=(card.match is attach, card.match is reject),
            )

    def _clear(self) -> None:
        for card in self.cards:
            card.hide()
            card.deleteLater()
        self.cards = []


class MatchCard(QFrame):
    """One earlier verdict with what can be done with it."""

    def __init__(self, match: Match, auto_link: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("matchCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.match = match
        self.auto_link = auto_link
        self.stance = stance_for(match.kind, match.rating)
        self.source = _label(_source_html(match), "matchSource")
        score = _label(f"score {match.score:.2f}", "matchScore")
        score.setToolTip("How close the wording is, from 0 to 1")
        head = QHBoxLayout()
        head.addWidget(self.source, 1)
        head.addWidget(score, 0, Qt.AlignmentFlag.AlignTop)
        self.claim = _label(f"“{bold_words(match.claim, match.matched_words)}”", "matchClaim")
        self.claim.setToolTip(
            "Words in bold matched: " + ", ".join(match.matched_words)
            if match.matched_words
            else ""
        )
        self.link = _label(_link_html(match.url), "matchLink")
        self.link.setOpenExternalLinks(True)  # only http(s) addresses ever get here
        self.link.setToolTip(match.url or "")
        self.attach = _button("attachMatch")
        self.reject = _button("rejectMatch", "Not the same claim")
        self.reject.setToolTip("Never suggest this match for this claim again (Shift+M)")
        self.go = _button("openMatch", "Go to claim")
        self.go.setToolTip("Open the article of this earlier verdict")
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.attach)
        buttons.addWidget(self.go)
        buttons.addWidget(self.reject)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 6, 8, 6)
        column.setSpacing(3)
        column.addLayout(head)
        column.addWidget(self.claim)
        column.addWidget(self.link)
        column.addLayout(buttons)
        # Only once they have a parent: a parentless widget made visible is a window of its own.
        self.link.setVisible(match.url is not None)
        self.attach.setVisible(match.url is not None)
        self.go.setVisible(match.kind == "claim")

    def show_state(self, attached: bool, locked: bool, keys: tuple[bool, bool]) -> None:
        """`keys`: whether M, and Shift+M, act on this card."""
        verb = "Attach (auto-link)" if self.auto_link else "Attach as evidence"
        key = "   M" if keys[0] and not locked else ""
        self.attach.setText(
            "✓ Attached as evidence" if attached else f"{verb} · {self.stance}{key}"
        )
        self.reject.setText("Not the same claim" + ("   Shift+M" if keys[1] else ""))
        self.attach.setEnabled(not attached and not locked)
        self.attach.setToolTip(
            "Reopen… the approved claim to add evidence"
            if locked
            else f"Add it to the claim's evidence, {self.stance} (M for the first on offer)"
        )


def bold_words(text: str, words: Iterable[str]) -> str:
    """`text` escaped, with the words FTS5 matched (lower-cased) in bold."""
    wanted = {w.lower() for w in words}
    out, at = [], 0
    for found in _WORD.finditer(text):
        out.append(html.escape(text[at : found.start()]))
        word = html.escape(found.group())
        out.append(f"<b>{word}</b>" if found.group().lower() in wanted else word)
        at = found.end()
    out.append(html.escape(text[at:]))
    return "".join(out)


def _source_html(match: Match) -> str:
    when = match.date.isoformat() if match.date else "undated"
    if match.kind == "claim":
        look = LOOKS.get(match.rating)
        verdict = look.label if look else match.rating
        title = html.escape(match.publisher or "another article")
        return f"<b>{verdict}</b> in <i>{title}</i>, {when}"
    who = html.escape(match.publisher or "Unknown publisher")
    return f"<b>{who}</b> · rated <b>{html.escape(match.rating)}</b> · {when}"


def _link_html(url: str | None) -> str:
    if url is None:
        return ""
    shown = url.split("://", 1)[-1]
    shown = shown if len(shown) <= _LINK_CHARS else shown[: _LINK_CHARS - 1] + "…"
    return f'<a href="{html.escape(url, quote=True)}">{html.escape(shown)}</a>'


def _label(text: str, name: str) -> QLabel:
    label = QLabel(text, objectName=name, wordWrap=True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.LinksAccessibleByMouse
    )
    return label


def _button(name: str, text: str = "") -> QPushButton:
    button = QPushButton(text, objectName=name)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys keep working after a click
    return button
