"""One identity per person, through the window: the name chosen there is the one the command
line records, and People… merges two names of one person, the dashboard following."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QInputDialog, QMessageBox
from sqlalchemy import select

from claimdesk.cli import main
from claimdesk.core import identity
from claimdesk.core.importing import ArticleDraft
from claimdesk.core.models import ClaimEvent, LibraryEvent
from claimdesk.core.seeding import ensure_seeded
from claimdesk.core.services import articles, claims
from claimdesk.core.store import open_store
from claimdesk.ui.app import REVIEWER_KEY, ask_reviewer, reviewer_identity
from claimdesk.ui.dialogs.people_dialog import PeopleDialog
from claimdesk.ui.main_window import MainWindow

TEXT = "Sales rose 12% in 2025. Exports fell by half in May.\n"


@dataclass(frozen=True)
class TwoNames:
    db: Path
    claim_by_window: str  # tagged as "ana", the name the window tests preset
    claim_by_cli: str  # tagged as "Ana Lima", the command line's name for the same person
    article: str


@pytest.fixture
def two_names(db_path: Path) -> TwoNames:
    store = open_store(db_path)
    try:
        ensure_seeded(store, extract_claims=False)
        with store.transaction() as session:
            draft = ArticleDraft("Sales", TEXT, "sales.txt")
            article = articles.import_draft(session, draft).article
            first = claims.add_claim(session, article.id, 0, 23, actor="ana").id
            second = claims.add_claim(session, article.id, 24, 52, actor="Ana Lima").id
            claims.set_status(session, second, "disputed", actor="Ana Lima")
    finally:
        store.close()
    return TwoNames(db_path, first, second, article.id)


class Modals:
    """Answers the modal dialogs a step opens, in turn, as a person would; says what they said.

    Static dialogs (QInputDialog.getText) run their own event loop: a timer reaches them.
    """

    def __init__(self) -> None:
        self.said: list[str] = []
        self._pending: list[Callable[[object], None]] = []
        self._timer = QTimer(interval=20)
        self._timer.timeout.connect(self._poll)

    def answer(self, *answers: Callable[[object], None]) -> list[str]:
        self._pending = list(answers)
        self._timer.start()
        return self.said

    def _poll(self) -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or not self._pending:
            return
        if isinstance(dialog, QInputDialog):
            self.said.append(dialog.labelText())
        elif isinstance(dialog, QMessageBox):
            self.said.append(dialog.text())
        self._pending.pop(0)(dialog)
        if not self._pending:
            self._timer.stop()

    def stop(self) -> None:
        self._timer.stop()
        assert not self._pending, "a dialog the test expected never opened"


@pytest.fixture
def modals(qtbot) -> Iterator[Modals]:
    answering = Modals()
    yield answering
    answering.stop()


def type_name(name: str) -> Callable[[object], None]:
    def answer(dialog: object) -> None:
        assert isinstance(dialog, QInputDialog), type(dialog).__name__
        dialog.setTextValue(name)
        dialog.accept()

    return answer


def dismiss(dialog: object) -> None:
    assert isinstance(dialog, QMessageBox), type(dialog).__name__
    dialog.accept()


def _actors(db: Path, claim_id: str) -> list[str]:
    store = open_store(db)
    try:
        with store.reading() as session:
            query = select(ClaimEvent.actor).where(ClaimEvent.claim_id == claim_id)
            return list(session.scalars(query.order_by(ClaimEvent.seq)))
    finally:
        store.close()


def _cli_json(capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_the_name_changed_in_the_window_is_the_one_the_command_line_records(
    open_workspace: Callable[..., MainWindow], two_names: TwoNames, modals: Modals
) -> None:
    window = open_workspace(two_names.db)
    said = modals.answer(type_name("Ana\nApproved"), dismiss, type_name("  Ana Lima  "))
    window.actions.change_reviewer.trigger()  # returns when the dialogs are answered
    assert said[1] == "reviewer: the name holds a control or formatting character"
    assert "command line" in said[2]
    assert window.controller.gateway.reviewer == "Ana Lima"
    assert window.where.text().endswith("reviewer: Ana Lima")
    window.close()

    assert main(["--db", str(two_names.db), "tag", two_names.claim_by_window, "sourced"]) == 0
    assert _actors(two_names.db, two_names.claim_by_window) == ["ana", "Ana Lima"]


def test_the_first_run_question_is_the_command_line_name_too(
    two_names: TwoNames, modals: Modals, capsys: pytest.CaptureFixture[str]
) -> None:
    identity.settings_path().unlink()  # as on a first run: nobody named yet
    assert reviewer_identity().source is identity.Source.SYSTEM
    said = modals.answer(type_name("Bea"))
    assert ask_reviewer() == "Bea"
    assert "Your name" in said[0]
    assert reviewer_identity() == identity.Identity("Bea", identity.Source.SETTING)
    assert main(["--db", str(two_names.db), "tag", two_names.claim_by_cli, "sourced"]) == 0
    assert _actors(two_names.db, two_names.claim_by_cli)[-1] == "Bea"
    who = _cli_json(capsys, "--reviewer", "Cy", "whoami", "--json")
    assert (who["name"], who["source"]) == ("Cy", "option")


def test_a_damaged_setting_is_said_at_start_and_replaced_by_the_answer(modals: Modals) -> None:
    path = identity.settings_path()
    path.write_text("{oops", encoding="utf-8")
    who = reviewer_identity()
    assert who.source is identity.Source.SYSTEM
    said = modals.answer(type_name("Bea"))
    assert ask_reviewer(who.problem) == "Bea"
    assert f"Your saved name could not be read ({path}: not valid JSON" in said[0]
    assert identity.saved_reviewer() == "Bea"


def test_a_name_kept_by_an_older_window_is_shared_once(
    qtbot, capsys: pytest.CaptureFixture[str]
) -> None:
    identity.settings_path().unlink()
    QSettings().setValue(REVIEWER_KEY, "Dora")
    assert reviewer_identity() == identity.Identity("Dora", identity.Source.SETTING)
    assert QSettings().value(REVIEWER_KEY) is None  # moved, not copied: asked nowhere else
    who = _cli_json(capsys, "whoami", "--json")
    assert (who["name"], who["source"]) == ("Dora", "setting")
    QSettings().setValue(REVIEWER_KEY, "stale")  # a second window of the old version
    assert reviewer_identity().name == "Dora"  # the shared name wins


def _open_people(qtbot, window: MainWindow) -> PeopleDialog:
    window.actions.people.trigger()
    dialog = window.findChild(PeopleDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.table.rowCount() > 0)
    return dialog


def _table(dialog: PeopleDialog) -> list[list[str]]:
    table = dialog.table
    return [[table.item(row, col).text() for col in range(5)] for row in range(table.rowCount())]


def _merge(qtbot, dialog: PeopleDialog, old: str, into: str) -> None:
    row = next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, 0).text() == old)
    dialog.table.selectRow(row)
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
    choice = dialog.choice
    assert choice is not None and choice.isVisible()
    assert [choice.into.itemText(i) for i in range(choice.into.count())] == [
        p.name for p in dialog.people if p.name != old
    ]
    choice.into.setCurrentText(into)
    merge = choice.buttons.button(QDialogButtonBox.StandardButton.Ok)
    qtbot.mouseClick(merge, Qt.MouseButton.LeftButton)


def _reviewer_filter(window: MainWindow) -> list[str]:
    combo = window.dashboard.filters.reviewer
    return [combo.itemText(i) for i in range(1, combo.count())]  # after "Anyone"


def test_people_merges_two_names_and_the_dashboard_follows(
    qtbot,
    open_workspace: Callable[..., MainWindow],
    two_names: TwoNames,
    capsys: pytest.CaptureFixture[str],
) -> None:
    window = open_workspace(two_names.db)
    window.actions.dashboard.trigger()
    qtbot.waitUntil(lambda: _reviewer_filter(window) == ["ana", "Ana Lima"])

    dialog = _open_people(qtbot, window)
    assert _table(dialog) == [["ana", "1", "1", "0", "0"], ["Ana Lima", "2", "1", "0", "0"]]
    assert not dialog.merge_button.isEnabled()  # nothing selected yet
    _merge(qtbot, dialog, "Ana Lima", "ana")

    assert dialog.message.text() == "Ana Lima is now ana everywhere in this library (1 claim)."
    qtbot.waitUntil(lambda: _table(dialog) == [["ana", "3", "2", "0", "0"]])
    assert dialog.selected_name() is None  # the merged-away row is gone, none selected
    qtbot.waitUntil(lambda: _reviewer_filter(window) == ["ana"])
    assert window.controller.gateway.reviewer == "ana"
    assert _actors(two_names.db, two_names.claim_by_cli) == ["ana", "ana"]
    people = _cli_json(capsys, "--db", str(two_names.db), "reviewers", "--json")
    assert [p["name"] for p in people] == ["ana"]
    store = open_store(two_names.db)
    try:
        with store.reading() as session:
            (record,) = session.scalars(select(LibraryEvent))
            assert (record.actor, record.subject, record.after["name"]) == (
                "ana",
                "Ana Lima",
                "ana",
            )
    finally:
        store.close()


def test_merging_the_windows_own_name_moves_the_window_and_the_setting(
    qtbot, open_workspace: Callable[..., MainWindow], two_names: TwoNames
) -> None:
    window = open_workspace(two_names.db)
    window.controller.open_article(two_names.article)
    qtbot.waitUntil(lambda: window.controller.shows_claim(two_names.claim_by_window))
    dialog = _open_people(qtbot, window)
    _merge(qtbot, dialog, "ana", "Ana Lima")

    assert window.controller.gateway.reviewer == "Ana Lima"
    assert window.where.text().endswith("reviewer: Ana Lima")
    assert identity.saved_reviewer() == "Ana Lima"
    assert dialog.message.text().endswith("Your saved name is now this one too.")
    # The open article's claim shows the new name without reopening anything.
    gateway = window.controller.gateway
    qtbot.waitUntil(lambda: gateway.recorded(two_names.claim_by_window).reviewer == "Ana Lima")


def test_a_refused_merge_is_said_in_the_dialog_and_changes_nothing(
    qtbot, open_workspace: Callable[..., MainWindow], two_names: TwoNames
) -> None:
    window = open_workspace(two_names.db)
    dialog = _open_people(qtbot, window)
    assert dialog.merge("ana", "nobody") is None
    assert dialog.message.text() == (
        "Not merged: new name: 'nobody' is not a name anyone worked under here"
    )
    assert _actors(two_names.db, two_names.claim_by_window) == ["ana"]
