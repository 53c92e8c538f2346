"""Export a report: choose format, kind, claims and file, then write it in the background.

The choices map one to one onto `claimdesk export`'s options, and both call reports.export,
so the window and the command line write the same claims for the same choices.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from claimdesk.core.errors import ClaimdeskError
from claimdesk.reports import EXPORT_FORMATS, SUFFIXES, ExportResult, export
from claimdesk.reports.exporter import missing_for_claimreview
from claimdesk.reports.selection import KIND_LABELS, ReportKind
from claimdesk.ui.dialogs.export_choices import ArticleScope, StatusChecks
from claimdesk.ui.gateway import Gateway
from claimdesk.ui.workers import Task

AskPath = Callable[[QWidget, str, str, str], str]  # parent, title, start path, filter -> path
OpenUrl = Callable[[QUrl], object]
DEFAULT_NAME = "claimdesk-report"
DEFAULT_FOLDER = "Claimdesk"  # made inside the Documents folder when the first export runs
_KEY = "export/"
_STYLE = """
QLabel#exportMessage { padding: 6px 8px; border-radius: 4px; }
QLabel#exportMessage[tone="ok"] { background: #E3F5EE; color: #0B5E43; }
QLabel#exportMessage[tone="error"] { background: #FFF4E5; color: #5C3A00; }
QLabel#exportHint { color: #7B8794; }
QLabel#exportHint[tone="error"] { color: #B34700; }
"""


def proposed_folder(last_used: str) -> tuple[Path, Path | None]:
    """Where the first export goes, and the folder to make there if the user exports.

    The last folder used if it still exists; else a Claimdesk folder in the Documents folder
    (made on export, so a fresh account never sees a missing folder); else the home folder.
    """
    if last_used and Path(last_used).is_dir():
        return Path(last_used), None
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    for folder in (Path(documents) if documents else None, Path.home() / "Documents"):
        if folder is not None and folder.is_dir():
            proposed = folder / DEFAULT_FOLDER
            return proposed, None if proposed.is_dir() else proposed
    return Path.home(), None


def ask_save_path(parent: QWidget, title: str, start: str, filters: str) -> str:
    """The platform's own Save dialog (tests pass their own `ask_path` instead)."""
    from PySide6.QtWidgets import QFileDialog

    path, _chosen = QFileDialog.getSaveFileName(parent, title, start, filters)
    return path


class ExportDialog(QDialog):
    sig_exported = Signal(object)  # ExportResult

    def __init__(
        self,
        gateway: Gateway,
        articles: Sequence[tuple[str, str]],  # (id, title) of every article, in list order
        *,
        current_article: tuple[str, str] | None = None,  # (id, title) open in the workspace
        chosen_ids: Sequence[str] = (),
        parent: QWidget | None = None,
        ask_path: AskPath = ask_save_path,
        open_url: OpenUrl = QDesktopServices.openUrl,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("exportDialog")
        self.setWindowTitle("Export report")
        self.setStyleSheet(_STYLE)
        self.gateway = gateway
        self._ask_path, self._open_url = ask_path, open_url
        self._settings = QSettings()
        self.task: Task | None = None
        self._close_when_done = False
        self.result_path: Path | None = None
        self._build(articles, current_article, set(chosen_ids))
        self._restore()
        self._connect()
        self._on_choice_changed()

    # -- building ------------------------------------------------------------------------

    def _build(
        self,
        articles: Sequence[tuple[str, str]],
        current: tuple[str, str] | None,
        chosen: set[str],
    ) -> None:
        self.format = QComboBox(objectName="exportFormat")
        self.format.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        for fmt in EXPORT_FORMATS.values():
            self.format.addItem(f"{fmt.label} — {fmt.blurb}  ({fmt.suffix})", fmt.name)
        self.kind = QComboBox(objectName="exportKind")
        for kind, label in KIND_LABELS.items():
            self.kind.addItem(label, kind.value)
        self.kind.setItemData(
            0, "Verdicts, evidence, public notes and sign-off", Qt.ItemDataRole.ToolTipRole
        )
        self.kind.setItemData(
            1,
            "Everything, detector details and private notes included",
            Qt.ItemDataRole.ToolTipRole,
        )
        self.scope = ArticleScope(articles, current, chosen)
        self.statuses = StatusChecks()
        self.include_unreviewed = QCheckBox("Unreviewed claims", objectName="exportUnreviewed")
        self.include_dismissed = QCheckBox("Dismissed claims", objectName="exportDismissed")
        self.include_unapproved = QCheckBox(
            "Verdicts not yet approved", objectName="exportUnapproved"
        )
        includes = QWidget(objectName="exportIncludes")
        include_line = QHBoxLayout(includes)
        include_line.setContentsMargins(0, 0, 0, 0)
        include_line.addWidget(QLabel("Also include:"))
        for check in (self.include_unreviewed, self.include_dismissed, self.include_unapproved):
            include_line.addWidget(check)
        include_line.addStretch(1)
        claims_row = QVBoxLayout()
        claims_row.setSpacing(2)
        claims_row.addWidget(self.statuses)
        claims_row.addWidget(includes)

        self.path = QLineEdit(objectName="exportPath", clearButtonEnabled=True)
        self.browse = QPushButton("Browse…", objectName="exportBrowse")
        self.path_hint = QLabel(objectName="exportHint")
        path_line = QHBoxLayout()
        path_line.addWidget(self.path, 1)
        path_line.addWidget(self.browse)
        path_row = QVBoxLayout()
        path_row.setSpacing(2)
        path_row.addLayout(path_line)
        path_row.addWidget(self.path_hint)
        self.organisation = QLineEdit(objectName="exportOrganisation")
        self.organisation.setPlaceholderText("Shown in the report header; ClaimReview needs it")
        self.report_url = QLineEdit(objectName="exportReportUrl")
        self.report_url.setPlaceholderText("https://… where the HTML report will be published")
        self.open_when_done = QCheckBox("Open the result when done", objectName="exportOpen")

        self.form = QWidget(objectName="exportForm")
        form = QFormLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.addRow("Format", self.format)
        form.addRow("Kind", self.kind)
        self._kind_label = form.labelForField(self.kind)
        form.addRow("Articles", self.scope)
        form.addRow("Claims", claims_row)
        form.addRow("Save as", path_row)
        form.addRow("Organisation", self.organisation)
        form.addRow("Report URL", self.report_url)
        self._url_label = form.labelForField(self.report_url)
        form.addRow("", self.open_when_done)

        self.progress = QProgressBar(objectName="exportProgress", textVisible=False)
        self.progress.setMaximumHeight(10)
        self.progress.hide()
        self.message = QLabel(objectName="exportMessage", wordWrap=True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self.export_button = QPushButton("Export", objectName="exportButton", default=True)
        self.close_button = QPushButton("Close", objectName="exportClose")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.addWidget(self.form)
        layout.addWidget(self.progress)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.setMinimumWidth(760)

    def _restore(self) -> None:
        s = self._settings
        fmt = str(s.value(_KEY + "format", "html"))
        self.format.setCurrentIndex(max(0, self.format.findData(fmt)))
        self.organisation.setText(str(s.value(_KEY + "organisation", "") or ""))
        self.open_when_done.setChecked(str(s.value(_KEY + "open", "true")).lower() == "true")
        kind = str(s.value(_KEY + "kind", ReportKind.PUBLICATION.value))
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))
        self._folder, self._new_folder = proposed_folder(str(s.value(_KEY + "folder", "") or ""))
        suffix = SUFFIXES[self.chosen_format()]
        self.path.setText(str(self._folder / f"{DEFAULT_NAME}{suffix}"))

    def target(self) -> Path:
        """The file to write: a bare name goes into the last folder used, not the current one."""
        path = Path(self.path.text().strip()).expanduser()
        return path if path.is_absolute() else self._folder / path

    def _connect(self) -> None:
        self.format.currentIndexChanged.connect(self._on_format_changed)
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self.organisation.textChanged.connect(self._on_choice_changed)
        self.report_url.textChanged.connect(self._on_choice_changed)
        self.scope.sig_changed.connect(self._on_choice_changed)
        self.statuses.sig_changed.connect(self._on_choice_changed)
        self.path.textChanged.connect(self._on_path_changed)
        self.browse.clicked.connect(self._on_browse_clicked)
        self.export_button.clicked.connect(self.start_export)
        self.close_button.clicked.connect(self._on_close_clicked)
        self._on_format_changed()
        self._on_path_changed()

    # -- choices -------------------------------------------------------------------------

    def chosen_format(self) -> str:
        return str(self.format.currentData())

    def chosen_article_ids(self) -> list[str] | None:
        return self.scope.article_ids()

    def chosen_statuses(self) -> list[str] | None:
        return self.statuses.statuses()

    def chosen_kind(self) -> str | None:
        """The report kind, for the formats that have one."""
        return str(self.kind.currentData()) if EXPORT_FORMATS[self.chosen_format()].kinds else None

    def export_options(self) -> dict[str, object]:
        """The choices as reports.export's keyword arguments (and `claimdesk export`'s
        options: --article, --status, --kind, --include-*, --organisation, --report-url)."""
        fmt = EXPORT_FORMATS[self.chosen_format()]
        return {
            "article_ids": self.chosen_article_ids(),
            "statuses": self.chosen_statuses(),
            "kind": self.chosen_kind(),
            "include_unreviewed": self.include_unreviewed.isChecked(),
            "include_dismissed": self.include_dismissed.isChecked(),
            "include_unapproved": fmt.claimreview and self.include_unapproved.isChecked(),
            "organisation": self.organisation.text().strip(),
            "report_url": (self.report_url.text().strip() or None) if fmt.claimreview else None,
        }

    def _problem(self) -> str:
        """Why Export cannot run yet, or '' when it can."""
        if self.task is not None:
            return "An export is running."
        if self.chosen_article_ids() == []:
            return "Tick at least one article, or choose another scope."
        if self.chosen_statuses() == []:
            return "Tick at least one status of claims to include."
        if not self.path.text().strip():
            return "Choose where to save the report."
        if EXPORT_FORMATS[self.chosen_format()].claimreview:
            missing = missing_for_claimreview(self.organisation.text(), self.report_url.text())
            if missing:
                return f"ClaimReview needs the {' and the '.join(missing)}: search engines ask."
        return ""

    def _on_choice_changed(self, *_: object) -> None:
        problem = self._problem()
        self.export_button.setEnabled(not problem)
        self.export_button.setToolTip(problem)

    def _on_format_changed(self, *_: object) -> None:
        fmt = self.chosen_format()
        chosen = EXPORT_FORMATS[fmt]
        for widget in (self.report_url, self._url_label, self.include_unapproved):
            if widget is not None:
                widget.setVisible(chosen.claimreview)
        for widget in (self.kind, self._kind_label):
            if widget is not None:
                widget.setVisible(chosen.kinds)
        for check in (self.include_unreviewed, self.include_dismissed):
            check.setVisible(not chosen.claimreview)  # ClaimReview holds verdicts only
        self._on_kind_changed()
        text = self.path.text().strip()
        if text:
            path = Path(text)
            if path.suffix.lower() in SUFFIXES.values() or not path.suffix:
                self.path.setText(str(path.with_suffix(SUFFIXES[fmt])))
        self.adjustSize()

    def _on_kind_changed(self, *_: object) -> None:
        """A working copy (and CSV or JSON data) holds unreviewed claims unless unticked."""
        working = self.chosen_kind() in (None, ReportKind.WORKING.value)
        self.include_unreviewed.setChecked(working)
        self._on_choice_changed()

    def _on_path_changed(self, *_: object) -> None:
        path = self.target()
        typed = bool(self.path.text().strip())
        made_on_export = path.parent == self._new_folder and path.parent.parent.is_dir()
        missing = typed and not path.parent.is_dir() and not made_on_export
        if typed and path.is_file():
            self.path_hint.setText("A file of this name exists: Export replaces it.")
        elif typed and made_on_export and not path.parent.is_dir():
            self.path_hint.setText(f"The folder {path.parent} will be made when you export.")
        elif missing:
            self.path_hint.setText(f"{path.parent}: no such folder.")
        else:
            self.path_hint.setText("")
        self.path_hint.setProperty("tone", "error" if missing else "")
        self.path_hint.style().polish(self.path_hint)
        self.path_hint.setVisible(bool(self.path_hint.text()))
        self._on_choice_changed()

    def _on_browse_clicked(self) -> None:
        fmt = self.chosen_format()
        filters = f"{EXPORT_FORMATS[fmt].label} (*{SUFFIXES[fmt]});;All files (*)"
        chosen = self._ask_path(self, "Save the report as", self.path.text(), filters)
        if chosen:
            path = Path(chosen)
            self.path.setText(str(path if path.suffix else path.with_suffix(SUFFIXES[fmt])))

    # -- running -------------------------------------------------------------------------

    def start_export(self) -> Task | None:
        """Write the report on the worker's job lane; progress and result show inline."""
        if self._problem():
            return None
        fmt = self.chosen_format()
        out = self.target()
        if not out.suffix:
            out = out.with_suffix(SUFFIXES[fmt])
        if out.parent == self._new_folder and out.parent.parent.is_dir():
            try:  # the proposed folder, made only now that the user exports to it
                out.parent.mkdir(exist_ok=True)
            except OSError as exc:
                self._say(f"Not exported. {out.parent}: cannot make the folder ({exc})", False)
                return None
        options = self.export_options()
        self._remember(fmt, out, str(options["organisation"]))
        run = functools.partial(export, fmt=fmt, out=out, **options)
        task = self.gateway.job(f"Exporting {out.name}", run)
        task.setProperty("inline_errors", True)  # failures are shown here, not in a popup
        self.task = task
        task.sig_progress.connect(self._on_task_progress)
        task.sig_finished.connect(self._on_task_finished)
        task.sig_failed.connect(lambda error: self._on_task_failed(out, error))
        task.sig_cancelled.connect(self._on_task_cancelled)
        task.sig_ended.connect(self._on_task_ended)
        self._set_running(True)
        return task

    def _remember(self, fmt: str, out: Path, organisation: str) -> None:
        s = self._settings
        s.setValue(_KEY + "format", fmt)
        s.setValue(_KEY + "kind", str(self.kind.currentData()))
        s.setValue(_KEY + "folder", str(out.parent))
        s.setValue(_KEY + "organisation", organisation)
        s.setValue(_KEY + "open", "true" if self.open_when_done.isChecked() else "false")

    def _set_running(self, running: bool) -> None:
        self.form.setEnabled(not running)
        self.export_button.setEnabled(not running)
        self.close_button.setText("Cancel" if running else "Close")
        self.close_button.setEnabled(True)
        self.progress.setRange(0, 0)
        self.progress.setVisible(running)
        if running:
            self._say("Exporting…", None)
        else:
            self._on_choice_changed()

    def _on_task_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    def _on_task_finished(self, result: ExportResult) -> None:
        self.result_path = result.path
        self._say(f"Saved {result.summary} to {result.path}", True)
        self.sig_exported.emit(result)
        if self.open_when_done.isChecked():
            self._open_url(QUrl.fromLocalFile(str(result.path)))

    def _on_task_failed(self, out: Path, error: BaseException) -> None:
        if isinstance(error, ClaimdeskError):
            self._say(f"Not exported. {error}", False)
        else:
            self._say(f"Not exported. {out}: {type(error).__name__}: {error}", False)

    def _on_task_cancelled(self) -> None:
        self._say("Export cancelled; nothing was written.", False)

    def _on_task_ended(self) -> None:
        self.task = None
        self._set_running(False)
        self._on_path_changed()
        if self._close_when_done:
            super().reject()

    def _say(self, text: str, ok: bool | None) -> None:
        self.message.setText(text)
        self.message.setProperty("tone", {True: "ok", False: "error", None: ""}[ok])
        self.message.style().polish(self.message)
        self.message.show()

    def _on_close_clicked(self) -> None:
        """The button reads Cancel while exporting: stop, and stay open to say so."""
        if self.task is not None:
            self.task.cancel()
            self.close_button.setEnabled(False)
        else:
            self.reject()

    def reject(self) -> None:
        """Escape or closing the window stops a running export, then closes once it stopped."""
        if self.task is not None:
            self._close_when_done = True
            self.task.cancel()
            return
        super().reject()
