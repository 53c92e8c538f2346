"""A claim's change history in words: who did what, and when in local time, newest first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.reviewer import EXTRACTOR_ACTOR
from claimdesk.ui.gateway import Gateway

if TYPE_CHECKING:
    from claimdesk.core.models import ClaimEvent

_REVIEW_VERBS = {
    "approved": "approved",
    "needs_review": "asked for review",
    "draft": "moved back to draft",
}
_SHORT = 60
_PAD = 5
_WHEN = QColor("#7B8794")
_RULE = QColor("#E4E7EB")


@dataclass(frozen=True, slots=True)
class EventLine:
    """One history entry, ready to show: what happened (with who) and when."""

    what: str
    when: str
    detail: str  # the tooltip: exact time and the values involved
    actor: str
    at: dt.datetime


def when_text(at: dt.datetime, now: dt.datetime | None = None) -> str:
    """A stored UTC time in the reader's own time zone: 'today 14:05', '3 May 2026, 09:12'."""
    local = at.astimezone()
    today = (now or dt.datetime.now(dt.UTC)).astimezone().date()
    clock = f"{local:%H:%M}"
    if local.date() == today:
        return f"today {clock}"
    if local.date() == today - dt.timedelta(days=1):
        return f"yesterday {clock}"
    return f"{local.day} {local:%b %Y}, {clock}"


def _short(text: Any) -> str:
    words = " ".join(str(text or "").split())
    return words if len(words) <= _SHORT else words[: _SHORT - 1] + "…"


def _url(value: Any) -> str:
    return str(value.get("url", "")) if isinstance(value, dict) else ""


def describe(actor: str, action: str, before: Any, after: Any) -> str:
    """Say in words what one ClaimEvent changed, e.g. 'ana set status unreviewed → disputed'."""
    if action == "status":
        return f"{actor} set status {before} → {after}"
    if action == "review_state":
        return f"{actor} {_REVIEW_VERBS.get(str(after), f'set sign-off to {after}')}"
    if action == "evidence_added":
        return f"{actor} added evidence {_url(after)}".rstrip()
    if action == "evidence_removed":
        return f"{actor} removed evidence {_url(before)}".rstrip()
    if action == "evidence_changed":
        return f"{actor} edited evidence {_url(after)}".rstrip()
    if action == "note":
        if not after:
            return f"{actor}: note cleared"
        return f"{actor}: note changed — “{_short(after)}”"
    if action == "span":
        return f"{actor}: span moved"
    if action == "reopen":
        return f"{actor} reopened it — “{_short(after)}”"
    if action == "note_public":
        return f"{actor} made the note {'public' if after else 'private'}"
    if action == "created":
        if actor == EXTRACTOR_ACTOR:
            return "Detected by the claim extractor"
        return f"{actor} added the claim by hand"
    if action == "rescored":
        return "Rescored by the claim extractor"
    return f"{actor}: {action.replace('_', ' ')}"


def event_lines(events: Sequence[ClaimEvent], now: dt.datetime | None = None) -> list[EventLine]:
    """A claim's history (oldest first) as lines to show, newest first."""
    lines = [
        EventLine(
            what=describe(e.actor, e.action, e.before, e.after),
            when=when_text(e.at, now),
            detail=f"{e.at.astimezone():%Y-%m-%d %H:%M:%S %Z} · {e.actor} · {e.action}",
            actor=e.actor,
            at=e.at,
        )
        for e in events
    ]
    return lines[::-1]


class _EventDelegate(QStyledItemDelegate):
    """What happened on the first line; when, smaller and grey, on the second."""

    def sizeHint(  # noqa: N802 - Qt override
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        font: QFont = option.font  # type: ignore[attr-defined]
        lines = QFontMetrics(font).height() + QFontMetrics(_small(font)).height()
        return QSize(200, 2 * _PAD + lines + 2)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        line: EventLine = index.data(Qt.ItemDataRole.UserRole)
        rect: QRect = option.rect.adjusted(2, _PAD, -4, -_PAD)  # type: ignore[attr-defined]
        font: QFont = option.font  # type: ignore[attr-defined]
        metrics = QFontMetrics(font)
        painter.save()
        painter.setPen(option.palette.text().color())  # type: ignore[attr-defined]
        what = metrics.elidedText(line.what, Qt.TextElideMode.ElideRight, rect.width())
        painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, what)
        painter.setFont(_small(font))
        painter.setPen(_WHEN)
        when = rect.adjusted(0, metrics.height() + 2, 0, 0)
        painter.drawText(when, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, line.when)
        painter.setPen(_RULE)
        whole: QRect = option.rect  # type: ignore[attr-defined]
        painter.drawLine(whole.left(), whole.bottom(), whole.right(), whole.bottom())
        painter.restore()


def _small(font: QFont) -> QFont:
    small = QFont(font)
    small.setPointSizeF(font.pointSizeF() * 0.88)
    return small


class HistoryPane(QWidget):
    """Shown in the inspector; `show_claim` reads the history on the gateway's read lane."""

    sig_shown = Signal()  # the lines of the claim last asked for are on screen

    def __init__(self, gateway: Gateway, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("historyPane")
        self._gateway = gateway
        self._claim_id: str | None = None  # the claim last asked for
        self._shown_id: str | None = None  # the claim whose lines are on screen
        self.list = QListWidget(objectName="historyList")
        self.list.setItemDelegate(_EventDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.empty = QLabel("No changes yet.", objectName="historyEmpty")  # styled in app.qss
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.empty)
        layout.addWidget(self.list, 1)
        self.show_claim(None)

    def claim_id(self) -> str | None:
        """The claim whose history is on screen (a newer one asked for may still be read)."""
        return self._shown_id

    def show_claim(self, claim_id: str | None) -> None:
        """List this claim's events (None clears the pane)."""
        self._claim_id = claim_id
        if claim_id is None:
            self._show(None, [])
            return
        task = self._gateway.fetch("Reading the history", lambda: self._gateway.history(claim_id))
        task.sig_finished.connect(lambda found: self._on_history_read(claim_id, found))

    def _on_history_read(self, claim_id: str, found: Sequence[ClaimEvent]) -> None:
        if claim_id == self._claim_id:  # not moved on to another claim meanwhile
            self._show(claim_id, event_lines(found))

    def _show(self, claim_id: str | None, lines: list[EventLine]) -> None:
        self._shown_id = claim_id
        self.list.clear()
        for line in lines:
            item = QListWidgetItem(f"{line.what}\n{line.when}")
            item.setToolTip(f"{line.what}\n{line.detail}")
            item.setData(Qt.ItemDataRole.UserRole, line)
            self.list.addItem(item)
        self.empty.setVisible(not lines)
        self.list.setVisible(bool(lines))
        self.sig_shown.emit()

    def refresh(self) -> None:
        """Read again after the claim changed (an edit, undo or redo)."""
        self.show_claim(self._claim_id)

    def lines(self) -> list[EventLine]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]
