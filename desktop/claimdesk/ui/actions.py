"""Every command the window offers, with its keys, and the menus and toolbar that show them."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeySequence, QUndoStack
from PySide6.QtWidgets import QMainWindow, QMenu, QStyle, QToolBar

from claimdesk.core.enums import ClaimStatus, ReviewState
from claimdesk.core.statuses import REVIEW_LABELS
from claimdesk.ui.palette import STYLES, status_icon

TAG_STATUSES = (
    ClaimStatus.SOURCED,
    ClaimStatus.DISPUTED,
    ClaimStatus.SPECULATIVE,
    ClaimStatus.UNREVIEWED,
)


def _action(
    parent: QObject,
    text: str,
    keys: str | QKeySequence.StandardKey | list[str] = "",
    tip: str = "",
    icon: QIcon | None = None,
) -> QAction:
    action = QAction(text, parent)
    if isinstance(keys, list):
        action.setShortcuts([QKeySequence(k) for k in keys])
    elif keys:
        action.setShortcut(QKeySequence(keys))
    if tip:
        action.setStatusTip(tip)
        action.setToolTip(
            f"{text.replace('&', '').rstrip('…')}  ({action.shortcut().toString()})"
            if action.shortcuts()
            else tip
        )
    if icon is not None:
        action.setIcon(icon)
    # Menus show the keys; the Wayland/macOS default of hiding them would defeat the point.
    action.setShortcutVisibleInContextMenu(True)
    return action


class WindowActions:
    """The actions, created once and added to the window so their keys work everywhere in it."""

    def __init__(self, window: QMainWindow) -> None:
        icons = window.style()
        w = window
        self.import_files = _action(
            w,
            "&Import articles…",
            QKeySequence.StandardKey.Open,
            "Import .txt, .md or .html files (or drop them on the window)",
            icons.standardIcon(QStyle.StandardPixmap.SP_DialogOpenButton),
        )
        self.export = _action(
            w,
            "&Export report…",
            "Ctrl+E",
            "Export annotated reports: HTML, PDF, Markdown, CSV, JSON or ClaimReview",
            icons.standardIcon(QStyle.StandardPixmap.SP_DialogSaveButton),
        )
        self.import_factchecks = _action(
            w,
            "Import &fact-checks…",
            "",
            "Import earlier fact-checks (ClaimReview JSON-LD or CSV) to match claims against",
        )
        self.change_reviewer = _action(
            w, "Change &reviewer name…", "", "Who your changes are recorded as"
        )
        self.people = _action(
            w, "&People…", "", "Everyone who worked in this library; merge two names of one person"
        )
        self.quit = _action(
            w,
            "&Quit",
            QKeySequence.StandardKey.Quit,
            "Close Claimdesk; everything is already saved",
        )

        self.undo = _action(
            w,
            "&Undo",
            "Ctrl+Z",
            "Undo the last change",
            icons.standardIcon(QStyle.StandardPixmap.SP_ArrowBack),
        )
        self.redo = _action(
            w,
            "&Redo",
            ["Ctrl+Shift+Z", "Ctrl+Y"],
            "Redo the change just undone",
            icons.standardIcon(QStyle.StandardPixmap.SP_ArrowForward),
        )
        self.filter = _action(w, "&Filter claims", "Ctrl+F", "Type words to filter the claims")
        # Ctrl+Shift+F: Ctrl+F filters the claims wherever the focus is, as it always has.
        self.find_in_article = _action(
            w, "&Find in article…", "Ctrl+Shift+F", "Find words in the open article"
        )
        self.find_next = _action(w, "Find ne&xt", "F3", "Go to the next match in the article")
        self.find_previous = _action(
            w, "Find pre&vious", "Shift+F3", "Go to the previous match in the article"
        )
        self.add_evidence = _action(w, "Add &evidence", "E", "Attach an evidence link to the claim")
        self.edit_note = _action(w, "Edit &note", "Ctrl+Return", "Write in the claim's note")
        self.attach_match = _action(
            w,
            "Attach earlier &check as evidence",
            "M",
            "Attach the first earlier fact-check shown under Already checked",
        )
        self.reject_match = _action(
            w,
            "Not the same &claim",
            "Shift+M",
            "The first earlier check shown is about something else: never suggest it again",
        )
        self.matching_settings = _action(
            w,
            "&Matching settings…",
            "",
            "When earlier checks are suggested, mark a claim checked before, and are offered "
            "to attach (auto-link)",
        )
        self.learn = _action(
            w,
            "&Learn from our decisions…",
            "",
            "Adapt claim detection to what this library's reviewers decided (shown first)",
        )

        self.workspace = _action(w, "&Workspace", "Ctrl+1", "Back to the article and its claims")
        self.dashboard = _action(
            w,
            "&Dashboard",
            "Ctrl+2",
            "Claim status across all articles, and the editor's sign-off",
            icons.standardIcon(QStyle.StandardPixmap.SP_FileDialogDetailedView),
        )
        self.more_candidates = _action(
            w,
            "More &candidates",
            "C",
            "Also list the claims not highlighted by default, faint (remembered)",
        )
        self.more_candidates.setCheckable(True)
        self.more_candidates.setProperty("cheat", "List or hide the faint “more candidates”")
        self.zoom_in = _action(
            w, "Zoom &in", QKeySequence.StandardKey.ZoomIn, "Larger article text"
        )
        self.zoom_out = _action(
            w, "Zoom &out", QKeySequence.StandardKey.ZoomOut, "Smaller article text"
        )

        self.tag: dict[str, QAction] = {}
        self.tag_stay: dict[str, QAction] = {}
        for status in TAG_STATUSES:
            style = STYLES[status]
            moves = status != ClaimStatus.UNREVIEWED
            tip = f"Tag {style.label.lower()}" + (
                " and go to the next unreviewed claim" if moves else ""
            )
            self.tag[status] = _action(w, f"&{style.label}", style.key, tip, status_icon(status))
            self.tag_stay[status] = _action(
                w,
                f"{style.label}, stay on this claim",
                f"Shift+{style.key}",
                f"Tag {style.label.lower()} without moving on",
                status_icon(status),
            )
        self.dismiss = _action(
            w,
            "&Dismiss (not a claim)",
            "D",
            "Mark a false detection and move on",
            status_icon(ClaimStatus.DISMISSED),
        )
        self.next_claim = _action(w, "&Next claim", "J", "Go to the next claim in the list")
        self.previous_claim = _action(w, "&Previous claim", "K", "Go to the previous claim")
        self.next_unreviewed = _action(
            w, "Next &unreviewed claim", "U", "Skip to the next claim nobody has tagged"
        )
        self.new_claim = _action(
            w, "New claim from &selection", "N", "Make the selected text a claim"
        )
        self.set_span = _action(
            w,
            "Set claim &span to selection",
            "S",
            "Move the claim's boundaries to the selected text",
        )
        self.delete_claim = _action(
            w,
            "Delete claim added by hand",
            QKeySequence.StandardKey.Delete,
            "Detected claims are dismissed instead",
        )
        self.review: dict[str, QAction] = {
            state: _action(
                w, f"Review state: {label}", "", f"Set the editor's sign-off to {label.lower()}"
            )
            for state, label in REVIEW_LABELS.items()
        }
        self.review[ReviewState.APPROVED].setShortcut(QKeySequence("A"))
        self.reopen = _action(
            w,
            "&Reopen approved claim…",
            "",
            "Unlock an approved claim to change it; the reason goes into its history",
        )
        # The library's sign-off policy: None follows the number of reviewers.
        self.policy: dict[bool | None, QAction] = {
            None: _action(w, "&Automatic: on once the library has two reviewers"),
            True: _action(w, "&On: the approver must not be who set the verdict"),
            False: _action(w, "O&ff: self-approvals allowed, marked as such"),
        }
        self.policy_group = QActionGroup(w)
        for action in self.policy.values():
            action.setCheckable(True)
            self.policy_group.addAction(action)
        self.extract = _action(
            w,
            "Re-&extract claims",
            "Ctrl+Shift+E",
            "Detect claims again; reviewed, dismissed and hand-made claims are kept",
            icons.standardIcon(QStyle.StandardPixmap.SP_BrowserReload),
        )
        self.rename_article = _action(w, "Re&name article…", "F2", "Give the article a new title")
        self.edit_article = _action(
            w, "Edit article &details…", "", "Title, source address, author and date"
        )
        # Del deletes articles only in the article list (it deletes a claim elsewhere).
        self.delete_articles = _action(
            w, "&Delete article…\tDel", "", "Delete the selected articles (undoable)"
        )
        self.deleted_articles = _action(
            w, "Deleted a&rticles…", "", "Restore articles deleted earlier"
        )
        self.cheat_sheet = _action(w, "&Keyboard shortcuts", "F1", "Every key on one page")
        self.about = _action(w, "&About Claimdesk")
        # Their menu text names the edit they will undo; the cheat-sheet needs the plain verb.
        self.undo.setProperty("cheat", "Undo")
        self.redo.setProperty("cheat", "Redo")
        for action in self.all():
            window.addAction(action)

    def follow_undo_stack(self, stack: QUndoStack) -> None:
        """Undo and Redo are enabled, and named after the edit, as the stack says."""
        stack.canUndoChanged.connect(self.undo.setEnabled)
        stack.canRedoChanged.connect(self.redo.setEnabled)
        stack.undoTextChanged.connect(lambda t: self.undo.setText(f"&Undo {t}".strip()))
        stack.redoTextChanged.connect(lambda t: self.redo.setText(f"&Redo {t}".strip()))
        self.undo.setEnabled(stack.canUndo())
        self.redo.setEnabled(stack.canRedo())

    def all(self) -> list[QAction]:
        return [value for value in _flatten(vars(self).values())]

    def claim_actions(self) -> list[QAction]:
        """Actions that need a current claim."""
        return [
            *self.tag.values(),
            *self.tag_stay.values(),
            *self.review.values(),
            self.reopen,
            self.dismiss,
            self.add_evidence,
            self.edit_note,
            self.attach_match,
            self.reject_match,
            self.set_span,
            self.delete_claim,
        ]

    def workspace_actions(self) -> list[QAction]:
        """Actions on the workspace's article that need no current claim: off on the dashboard."""
        return [
            self.next_claim,
            self.previous_claim,
            self.next_unreviewed,
            self.more_candidates,
            self.new_claim,
            self.extract,
            self.zoom_in,
            self.zoom_out,
            self.find_in_article,
            self.find_next,
            self.find_previous,
        ]

    def sections(self) -> list[tuple[str, list[QAction]]]:
        """What the cheat-sheet lists, in the order people learn it."""
        return [
            ("Tag the current claim", [*self.tag.values(), self.dismiss, *self.tag_stay.values()]),
            (
                "Move",
                [self.next_claim, self.previous_claim, self.next_unreviewed, self.more_candidates],
            ),
            ("Find", [self.find_in_article, self.find_next, self.find_previous, self.filter]),
            (
                "Edit",
                [
                    self.add_evidence,
                    self.attach_match,
                    self.reject_match,
                    self.edit_note,
                    self.new_claim,
                    self.set_span,
                    self.review[ReviewState.APPROVED],
                    self.delete_claim,
                    self.undo,
                    self.redo,
                ],
            ),
            (
                "Window",
                [
                    self.workspace,
                    self.dashboard,
                    self.import_files,
                    self.export,
                    self.extract,
                    self.zoom_in,
                    self.zoom_out,
                    self.cheat_sheet,
                    self.quit,
                ],
            ),
        ]

    def build_menus(self, window: QMainWindow) -> None:
        bar = window.menuBar()
        file = bar.addMenu("&File")
        file.addActions([self.import_files, self.import_factchecks, self.export])
        file.addSeparator()
        file.addActions(
            [self.rename_article, self.edit_article, self.delete_articles, self.deleted_articles]
        )
        file.addSeparator()
        file.addActions([self.change_reviewer, self.people])
        file.addSeparator()
        file.addAction(self.quit)
        edit = bar.addMenu("&Edit")
        edit.addActions([self.undo, self.redo])
        edit.addSeparator()
        edit.addActions([self.add_evidence, self.attach_match, self.reject_match, self.edit_note])
        edit.addSeparator()
        edit.addActions([self.find_in_article, self.find_next, self.find_previous, self.filter])
        view = bar.addMenu("&View")
        view.addActions([self.workspace, self.dashboard])
        view.addSeparator()
        view.addAction(self.more_candidates)
        view.addSeparator()
        view.addActions([self.zoom_in, self.zoom_out])
        claims = bar.addMenu("&Claims")
        claims.addActions([*self.tag.values(), self.dismiss])
        stay = QMenu("Tag &without moving", claims)
        stay.addActions(list(self.tag_stay.values()))
        claims.addMenu(stay)
        claims.addSeparator()
        claims.addActions([self.next_claim, self.previous_claim, self.next_unreviewed])
        claims.addSeparator()
        claims.addActions([self.new_claim, self.set_span, self.delete_claim])
        claims.addSeparator()
        claims.addActions([*self.review.values(), self.reopen])
        policy = QMenu("A &second person must approve", claims)
        policy.setObjectName("policyMenu")
        policy.addActions(list(self.policy.values()))
        claims.addMenu(policy)
        claims.addAction(self.matching_settings)
        claims.addAction(self.learn)
        claims.addSeparator()
        claims.addAction(self.extract)
        help_menu = bar.addMenu("&Help")
        help_menu.addActions([self.cheat_sheet, self.about])

    def build_toolbar(self, window: QMainWindow) -> QToolBar:
        bar = QToolBar("Main", window)
        bar.setObjectName("mainToolbar")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        bar.addActions([self.import_files, self.extract, self.export, self.dashboard])
        bar.addSeparator()
        bar.addActions([self.undo, self.redo])
        bar.addSeparator()
        bar.addAction(self.cheat_sheet)
        window.addToolBar(bar)
        return bar


def _flatten(values: object) -> list[QAction]:
    found: list[QAction] = []
    for value in values:  # type: ignore[attr-defined]
        if isinstance(value, QAction):
            found.append(value)
        elif isinstance(value, dict):
            found.extend(v for v in value.values() if isinstance(v, QAction))
    return found
