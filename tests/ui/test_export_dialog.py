"""The export dialog used as a person would: pick a format, type a path, Export, Cancel."""

from __future__ import annotations

import csv
import gc
import json
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QUrl
from sqlalchemy import event, select

from claimdesk.core.importing import ArticleDraft
from claimdesk.core.models import Article, Claim, Meta
from claimdesk.core.seeding import SEEDED_KEY
from claimdesk.core.services import articles, claims
from claimdesk.core.store import Store
from claimdesk.reports import SUFFIXES
from claimdesk.ui.dialogs.export_dialog import ExportDialog
from claimdesk.ui.gateway import Gateway
from claimdesk.ui.workers import Worker

LEFT = Qt.MouseButton.LeftButton
FIRST = "Acme sold 12 trains in 2024. The mayor said the deal was fair.\n"
SECOND = "Globex hired 300 engineers, according to its report.\n"


@pytest.fixture(autouse=True)
def collect_garbage() -> Iterator[None]:
    """Free this test's widgets now, so a later timing-sensitive test does not pay for them."""
    yield
    gc.collect()


@pytest.fixture
def library(store: Store) -> dict[str, str]:
    """Two small articles, one claim disputed: enough for every format, no spaCy needed."""
    with store.transaction() as s:
        first = articles.import_draft(s, ArticleDraft("Acme trains", FIRST, "acme.txt")).article
        second = articles.import_draft(s, ArticleDraft("Globex jobs", SECOND, "gx.txt")).article
        trains = claims.add_claim(s, first.id, 0, 28, actor="ana")
        claims.add_claim(s, first.id, 29, 62, actor="ana")
        claims.add_claim(s, second.id, 0, 52, actor="ben")
        claims.set_status(s, trains.id, "disputed", actor="ana")
    return {"first": first.id, "second": second.id}


@pytest.fixture
def worker() -> Iterator[Worker]:
    running = Worker()
    yield running
    running.shutdown()


class Opened:
    """Stands in for QDesktopServices.openUrl, so tests never launch a viewer."""

    def __init__(self) -> None:
        self.urls: list[QUrl] = []

    def __call__(self, url: QUrl) -> bool:
        self.urls.append(url)
        return True


def make_dialog(qtbot, store, worker, **kwargs) -> ExportDialog:
    gateway = Gateway(store, "eve", worker)
    articles = [(a.id, a.title) for a in gateway.articles()]
    dialog = ExportDialog(gateway, articles, open_url=kwargs.pop("open_url", Opened()), **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def type_path(qtbot, dialog: ExportDialog, path: Path) -> None:
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(path))


def pick_format(dialog: ExportDialog, fmt: str) -> None:
    dialog.format.setCurrentIndex(dialog.format.findData(fmt))


def test_export_json_writes_a_file_that_parses_and_opens_it(
    qtbot, store, library, worker, tmp_path
) -> None:
    opened = Opened()
    dialog = make_dialog(qtbot, store, worker, open_url=opened)
    pick_format(dialog, "json")
    assert dialog.path.text().endswith(SUFFIXES["json"])  # the default name follows the format
    out = tmp_path / "out" / "report.json"
    out.parent.mkdir()
    type_path(qtbot, dialog, out)
    dialog.include_dismissed.setChecked(True)  # every status: an unfiltered report
    qtbot.keyClicks(dialog.organisation, "Desk One")
    assert dialog.open_when_done.isChecked()
    with qtbot.waitSignal(dialog.sig_exported) as done:
        qtbot.mouseClick(dialog.export_button, LEFT)
    assert done.args[0].path == out
    data = json.loads(out.read_text("utf-8"))
    assert {a["title"] for a in data["articles"]} == {"Acme trains", "Globex jobs"}
    assert str(out) in dialog.message.text() and "Saved 2 articles, 3 claims" in (
        dialog.message.text()
    )
    assert opened.urls == [QUrl.fromLocalFile(str(out))]
    qtbot.waitUntil(lambda: dialog.task is None)
    assert dialog.export_button.isEnabled()
    # The organisation is remembered for the next export.
    assert QSettings().value("export/organisation") == "Desk One"
    again = make_dialog(qtbot, store, worker)
    assert again.organisation.text() == "Desk One"
    assert again.chosen_format() == "json"
    assert Path(again.path.text()).parent == out.parent
    # A bare name goes into that same folder.
    type_path(qtbot, again, Path("second.json"))
    assert again.target() == out.parent / "second.json"


def test_current_article_and_status_checkboxes_narrow_the_csv(
    qtbot, store, library, worker, tmp_path
) -> None:
    dialog = make_dialog(qtbot, store, worker, current_article=(library["first"], "Acme trains"))
    assert dialog.scope.current.isChecked()
    pick_format(dialog, "csv")
    for status, check in dialog.statuses.checks.items():
        if check.isChecked() != (status == "disputed"):
            qtbot.mouseClick(check, LEFT)
    assert dialog.chosen_statuses() == ["disputed"]
    qtbot.mouseClick(dialog.include_unreviewed, LEFT)  # ticked for CSV data at first
    out = tmp_path / "disputed.csv"
    type_path(qtbot, dialog, out)
    dialog.open_when_done.setChecked(False)
    with qtbot.waitSignal(dialog.sig_exported):
        qtbot.mouseClick(dialog.export_button, LEFT)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 1
    assert "Acme sold 12 trains" in json.dumps(rows[0])


def test_chosen_articles_need_at_least_one_tick(qtbot, store, library, worker) -> None:
    dialog = make_dialog(qtbot, store, worker)
    qtbot.mouseClick(dialog.scope.chosen, LEFT)
    assert not dialog.export_button.isEnabled()
    assert "Tick at least one article" in dialog.export_button.toolTip()
    dialog.scope.list.item(1).setCheckState(Qt.CheckState.Checked)
    assert dialog.export_button.isEnabled()
    assert dialog.chosen_article_ids() == [library["second"]]


def test_cancel_leaves_no_file(qtbot, store, library, worker, tmp_path) -> None:
    gate = threading.Event()
    busy = worker.job("Something before", lambda **_: gate.wait(10))  # the export must queue
    dialog = make_dialog(qtbot, store, worker)
    out = tmp_path / "never.html"
    type_path(qtbot, dialog, out)
    qtbot.mouseClick(dialog.export_button, LEFT)
    assert dialog.close_button.text() == "Cancel"
    assert not dialog.format.isEnabled()  # the form is locked while exporting
    task = dialog.task
    with qtbot.waitSignal(task.sig_cancelled):
        qtbot.mouseClick(dialog.close_button, LEFT)
        gate.set()
    qtbot.waitUntil(lambda: dialog.task is None and worker.is_idle())
    assert busy is not None
    assert not out.exists()
    assert list(tmp_path.glob("*.part")) == list(tmp_path.glob(".*.part")) == []
    assert "cancelled" in dialog.message.text()
    assert dialog.isVisible()  # Cancel stops the export, not the dialog
    assert dialog.close_button.text() == "Close"


def test_a_missing_folder_is_named_inline(qtbot, store, library, worker, tmp_path) -> None:
    dialog = make_dialog(qtbot, store, worker)
    out = tmp_path / "nowhere" / "report.md"
    type_path(qtbot, dialog, out)
    assert "no such folder" in dialog.path_hint.text()
    with qtbot.waitSignal(worker.sig_job_ended):
        qtbot.mouseClick(dialog.export_button, LEFT)
    assert str(out.parent) in dialog.message.text()
    assert "no such folder" in dialog.message.text()
    assert dialog.message.property("tone") == "error"
    assert not out.exists()


def test_browse_uses_the_given_save_dialog_and_adds_the_suffix(
    qtbot, store, library, worker, tmp_path
) -> None:
    asked: list[tuple[str, str]] = []

    def ask_path(parent, title, start, filters) -> str:
        asked.append((start, filters))
        return str(tmp_path / "picked")

    dialog = make_dialog(qtbot, store, worker, ask_path=ask_path)
    pick_format(dialog, "claimreview")
    assert dialog.report_url.isVisible()  # only ClaimReview needs the published URL
    qtbot.mouseClick(dialog.browse, LEFT)
    assert asked and "*.jsonld" in asked[0][1]
    assert dialog.path.text() == str(tmp_path / "picked.jsonld")
    pick_format(dialog, "md")
    assert dialog.path.text() == str(tmp_path / "picked.md")
    assert not dialog.report_url.isVisible()


def test_a_fresh_account_is_offered_a_folder_that_exists(
    qtbot, store, library, worker, tmp_path, monkeypatch
) -> None:
    """No remembered folder, no Documents folder: the home folder, and no red hint."""
    QSettings().remove("export/folder")
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    dialog = make_dialog(qtbot, store, worker)
    assert Path(dialog.path.text()).parent == home
    assert dialog.path_hint.property("tone") != "error" and not dialog.path_hint.isVisible()
    assert dialog.export_button.isEnabled()


def test_the_claimdesk_folder_is_made_only_when_the_user_exports(
    qtbot, store, library, worker, tmp_path, monkeypatch
) -> None:
    QSettings().remove("export/folder")
    home = tmp_path / "home"
    (home / "Documents").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    dialog = make_dialog(qtbot, store, worker)
    proposed = home / "Documents" / "Claimdesk"
    assert Path(dialog.path.text()).parent == proposed
    assert not proposed.exists()  # not made by opening the dialog
    assert dialog.path_hint.property("tone") != "error" and "will be made" in (
        dialog.path_hint.text()
    )
    dialog.open_when_done.setChecked(False)
    with qtbot.waitSignal(dialog.sig_exported) as done:
        qtbot.mouseClick(dialog.export_button, LEFT)
    assert done.args[0].path.parent == proposed and done.args[0].path.is_file()


def test_claimreview_asks_for_the_organisation_and_the_report_url(
    qtbot, store, library, worker, tmp_path
) -> None:
    dialog = make_dialog(qtbot, store, worker)
    pick_format(dialog, "claimreview")
    dialog.organisation.clear()
    type_path(qtbot, dialog, tmp_path / "r.jsonld")
    assert not dialog.export_button.isEnabled()
    assert "organisation" in dialog.export_button.toolTip()
    qtbot.keyClicks(dialog.organisation, "Desk")
    assert not dialog.export_button.isEnabled() and "report URL" in dialog.export_button.toolTip()
    qtbot.keyClicks(dialog.report_url, "https://desk.example/r.html")
    assert dialog.export_button.isEnabled()
    qtbot.mouseClick(dialog.include_unapproved, LEFT)  # the disputed claim is not approved
    dialog.open_when_done.setChecked(False)
    with qtbot.waitSignal(dialog.sig_exported) as done:
        qtbot.mouseClick(dialog.export_button, LEFT)
    (item,) = json.loads((tmp_path / "r.jsonld").read_text("utf-8"))
    assert item["author"]["name"] == "Desk" and item["url"].startswith("https://desk.example/")
    assert done.args[0].claims == 1 and "Saved 1 article, 1 claim" in dialog.message.text()


def _cli_export(db: Path, out: Path, *options: str) -> None:
    command = [sys.executable, "-m", "claimdesk", "--db", str(db), "export", "--out", str(out)]
    result = subprocess.run(
        [*command, *options], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("fmt", "ticks", "options"),
    [
        ("html", {}, ()),  # a publication: verdicts only
        ("html", {"include_unreviewed": True}, ("--include-unreviewed",)),
        ("json", {"include_dismissed": True}, ("--include-dismissed",)),
    ],
)
def test_the_window_and_the_command_line_export_the_same_claims(
    qtbot, store, library, worker, tmp_path, fmt, ticks, options
) -> None:
    with store.transaction() as s:
        (dismissed,) = [c for c in s.scalars(select(Claim)) if c.quote.startswith("Globex")]
        claims.set_status(s, dismissed.id, "dismissed", actor="ana")
        s.add(Meta(key=SEEDED_KEY, value="test"))  # the command line adds no sample articles
    dialog = make_dialog(qtbot, store, worker)
    pick_format(dialog, fmt)
    for name, ticked in ticks.items():
        getattr(dialog, name).setChecked(ticked)
    window = tmp_path / f"window.{fmt}"
    type_path(qtbot, dialog, window)
    dialog.open_when_done.setChecked(False)
    with qtbot.waitSignal(dialog.sig_exported):
        qtbot.mouseClick(dialog.export_button, LEFT)
    qtbot.waitUntil(lambda: dialog.task is None)
    command_line = tmp_path / f"cli.{fmt}"
    _cli_export(store.path, command_line, "--format", fmt, *options)
    assert _claim_ids(window) == _claim_ids(command_line) != set()


def _claim_ids(path: Path) -> set[str]:
    text = path.read_text("utf-8")
    if path.suffix == ".json":
        return {c["id"] for a in json.loads(text)["articles"] for c in a["claims"]}
    return set(re.findall(r'id="note-([^"]+)"', text))


def test_cancel_mid_export_stops_it_and_leaves_no_file(
    qtbot, store, library, worker, tmp_path, monkeypatch
) -> None:
    """The export is held while reading its second article (one article per chunk), after
    the first was written to the temporary file; Cancel then stops it and nothing is left."""
    monkeypatch.setattr("claimdesk.reports.collect.CHUNK", 1)
    reached, gate = threading.Event(), threading.Event()
    loads: list[str] = []

    def hold_second(target: Article, _context: object) -> None:
        if threading.current_thread() is threading.main_thread():
            return  # the dialog's own reads
        loads.append(target.id)
        if len(loads) == 2:
            reached.set()
            gate.wait(10)

    event.listen(Article, "load", hold_second)
    try:
        dialog = make_dialog(qtbot, store, worker)
        pick_format(dialog, "csv")  # every claim: both articles
        out = tmp_path / "stopped.csv"
        type_path(qtbot, dialog, out)
        qtbot.mouseClick(dialog.export_button, LEFT)
        qtbot.waitUntil(reached.is_set)
        qtbot.waitUntil(lambda: dialog.progress.value() == 1)  # one article of two written
        assert list(tmp_path.glob(".stopped.csv.*.part"))  # being written
        task = dialog.task
        with qtbot.waitSignal(task.sig_cancelled):
            qtbot.mouseClick(dialog.close_button, LEFT)
            gate.set()
    finally:
        gate.set()
        event.remove(Article, "load", hold_second)
    qtbot.waitUntil(lambda: dialog.task is None and worker.is_idle())
    assert not out.exists()
    assert list(tmp_path.glob("*.part")) == list(tmp_path.glob(".*.part")) == []
    assert "cancelled" in dialog.message.text()
