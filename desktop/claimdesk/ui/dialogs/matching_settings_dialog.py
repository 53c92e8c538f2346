"""The library's matching thresholds: suggest and auto-link, as in Meedan Check, and where a
stored match marks its claim "checked before" on the dashboard."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.errors import ClaimdeskError
from claimdesk.core.factchecks.matching import (
    AUTO_LINK_MIN_WORDS,
    DEFAULT_CHECKED_BEFORE,
    DEFAULT_SUGGEST,
    SUGGESTED_AUTO_LINK,
)
from claimdesk.ui.gateway import Gateway


def _score_box(name: str, value: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox(objectName=name, decimals=2, singleStep=0.01)
    box.setRange(0.01, 1.0)
    box.setValue(value)
    return box


class MatchingSettingsDialog(QDialog):
    """Kept in the library, so every reviewer of it sees the same suggestions."""

    def __init__(self, gateway: Gateway, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("matchingSettings")
        self.setWindowTitle("Matching settings")
        self.gateway = gateway
        now = gateway.thresholds()  # three rows of the library's settings
        intro = QLabel(
            "Earlier fact-checks and the library's own verdicts are matched to each claim by "
            "their wording, with a score from 0 to 1. These settings are kept in the library, "
            "for everyone who reviews in it.",
            wordWrap=True,
        )
        self.suggest = _score_box("suggestThreshold", now.suggest)
        self.suggest.setToolTip(f"Matches scoring less are not shown (default {DEFAULT_SUGGEST})")
        self.auto_on = QCheckBox("Auto-link from", objectName="autoLinkOn")
        self.auto_on.setChecked(now.auto_link is not None)
        self.auto_link = _score_box("autoLinkThreshold", now.auto_link or SUGGESTED_AUTO_LINK)
        self.auto_link.setEnabled(self.auto_on.isChecked())
        self.auto_on.toggled.connect(self.auto_link.setEnabled)
        self.checked_before = _score_box("checkedBeforeThreshold", now.checked_before)
        self.checked_before.setToolTip(
            "The dashboard marks and filters a claim as checked before only from this score "
            f"(default {DEFAULT_CHECKED_BEFORE}): lower, it marked most claims that were "
            "never checked, by a shared phrase"
        )
        for box in (self.auto_link, self.checked_before):
            self.suggest.valueChanged.connect(box.setMinimum)
            box.setMinimum(self.suggest.value())
        about_checked = QLabel(
            "The dashboard marks a claim <b>checked before</b>, and filters on it, only from "
            "its own score: matched from the suggest score, most claims never checked before "
            "would be marked for a phrase they share with an old fact-check.",
            wordWrap=True,
        )
        about_auto = QLabel(
            "A match scoring at least this much is marked <b>auto-link</b> and offered first: "
            "M attaches it. Nothing is attached without a key press or click. Never for claims "
            f"of fewer than {AUTO_LINK_MIN_WORDS} words: short claims share their few words with "
            "many different ones.",
            wordWrap=True,
        )
        self.error = QLabel(objectName="settingsError", wordWrap=True)
        self.error.hide()
        form = QFormLayout()
        form.addRow("Suggest from", self.suggest)
        form.addRow("Checked before from", self.checked_before)
        form.addRow(self.auto_on, self.auto_link)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(about_checked)
        layout.addWidget(about_auto)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def accept(self) -> None:
        """Save, or say why not and stay open."""
        auto_link = self.auto_link.value() if self.auto_on.isChecked() else None
        try:
            self.gateway.set_thresholds(
                self.suggest.value(), auto_link, self.checked_before.value()
            )
        except ClaimdeskError as exc:
            self.error.setText(f"Not saved: {exc}")
            self.error.show()
            return
        super().accept()
