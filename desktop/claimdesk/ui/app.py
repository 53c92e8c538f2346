"""Start the Qt application on a database; `open_window` is also the entry point for tests."""

from __future__ import annotations

import os
import sys

from PySide6.QtWidgets import QApplication, QListWidget, QMainWindow, QMessageBox

from claimdesk.core.errors import StoreError
from claimdesk.core.seeding import ensure_seeded
from claimdesk.core.services.articles import list_articles
from claimdesk.core.store import Store, open_store


class MainWindow(QMainWindow):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.setWindowTitle(f"Claimdesk — {store.display_name}")
        self.article_list = QListWidget()
        self.article_list.setObjectName("articleList")
        self.setCentralWidget(self.article_list)
        with store.reading() as session:
            for summary in list_articles(session):
                self.article_list.addItem(f"{summary.title}  ({summary.total} claims)")
        self.resize(900, 600)

    def closeEvent(self, event: object) -> None:  # noqa: N802 - Qt override
        self.store.close()
        super().closeEvent(event)  # type: ignore[arg-type]


def open_window(db: str | os.PathLike[str] | None = None) -> MainWindow:
    """Open the database (seeding a new one) and show the main window on it."""
    store = open_store(db)
    ensure_seeded(store)
    window = MainWindow(store)
    window.show()
    return window


def run(db: str | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Claimdesk")
    try:
        window = open_window(db)
    except StoreError as exc:
        QMessageBox.critical(None, "Claimdesk", str(exc))
        return 2
    window.raise_()
    return app.exec()
