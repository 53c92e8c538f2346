"""What goes into a report: which articles (all, the current one, chosen ones) and verdicts,
and whether unreviewed or dismissed claims are added (the same choices as the command line's
--status and --include-* options)."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.statuses import VERDICTS
from claimdesk.ui.palette import STYLES, status_icon

_TITLE_CHARS = 60


def _one_line(text: str) -> str:
    return " ".join(text.split())


class ArticleScope(QWidget):
    """All articles, the one open in the workspace, or those ticked in a list."""

    sig_changed = Signal()

    def __init__(
        self,
        articles: Sequence[tuple[str, str]],  # (id, title), in library order
        current: tuple[str, str] | None,
        chosen: Collection[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.current_id = current[0] if current else None
        self.all = QRadioButton(f"All articles ({len(articles)})", objectName="scopeAll")
        title = _one_line(current[1]) if current else ""
        short = title if len(title) <= _TITLE_CHARS else title[: _TITLE_CHARS - 1] + "…"
        self.current = QRadioButton(
            f"Current article: {short}" if current else "Current article (none open)",
            objectName="scopeCurrent",
        )
        self.current.setToolTip(title)
        self.current.setEnabled(current is not None)
        self.chosen = QRadioButton("Chosen articles:", objectName="scopeChosen")
        self._group = QButtonGroup(self)
        for button in (self.all, self.current, self.chosen):
            self._group.addButton(button)
            # Sized to the label, so only a click on the words or the dot picks it.
            button.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)

        self.list = QListWidget(objectName="exportArticles")
        for article_id, article_title in articles:
            item = QListWidgetItem(_one_line(article_title))
            item.setData(Qt.ItemDataRole.UserRole, article_id)
            item.setToolTip(article_title)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = article_id in chosen
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        rows = max(2, min(5, len(articles)))
        self.list.setFixedHeight(rows * self.fontMetrics().height() * 3 // 2 + 8)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        for widget in (self.all, self.current, self.chosen, self.list):
            layout.addWidget(widget)
        (self.chosen if chosen else self.current if current else self.all).setChecked(True)
        self._group.buttonToggled.connect(self._on_changed)
        self.list.itemChanged.connect(self._on_changed)
        self._on_changed()

    def article_ids(self) -> list[str] | None:
        """None for every article, otherwise the current one or those ticked (maybe none)."""
        if self.current.isChecked() and self.current_id:
            return [self.current_id]
        if self.chosen.isChecked():
            items = (self.list.item(n) for n in range(self.list.count()))
            return [
                str(i.data(Qt.ItemDataRole.UserRole))
                for i in items
                if i.checkState() == Qt.CheckState.Checked
            ]
        return None

    def _on_changed(self, *_: object) -> None:
        self.list.setEnabled(self.chosen.isChecked())
        self.sig_changed.emit()


class StatusChecks(QWidget):
    """One tick box per verdict, with its icon: the claims with a verdict a report holds."""

    sig_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.checks: dict[str, QCheckBox] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for status, style in STYLES.items():
            if status not in VERDICTS:
                continue
            check = QCheckBox(style.label, objectName=f"exportStatus_{status}")
            check.setIcon(status_icon(status))
            check.setChecked(True)
            check.toggled.connect(self.sig_changed)
            self.checks[status] = check
            layout.addWidget(check)
        layout.addStretch(1)

    def statuses(self) -> list[str] | None:
        """None when every verdict is ticked, so the report says it is unfiltered."""
        ticked = [s for s, check in self.checks.items() if check.isChecked()]
        return None if len(ticked) == len(self.checks) else ticked
