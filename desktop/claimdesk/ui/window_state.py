"""What the window remembers between runs (QSettings): layout, text size, last article and claim,
whether the faint "more candidates" are listed."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter

DEFAULT_SIZE = (1360, 860)


class WindowState:
    def __init__(self, db_key: str) -> None:
        self.settings = QSettings()
        self._db_key = db_key  # the last article is only reopened on the same database

    def restore_layout(self, window: QMainWindow, splitters: dict[str, QSplitter]) -> None:
        s = self.settings
        geometry = s.value("window/geometry")
        if isinstance(geometry, QByteArray):
            window.restoreGeometry(geometry)
        else:
            window.resize(*DEFAULT_SIZE)
        state = s.value("window/state")
        if isinstance(state, QByteArray):
            window.restoreState(state)
        self.restore_splitters(splitters)

    def restore_splitters(self, splitters: dict[str, QSplitter]) -> None:
        """Also for a page built after the window (the dashboard, on first use)."""
        for name, splitter in splitters.items():
            value = self.settings.value(f"window/{name}")
            if isinstance(value, QByteArray):
                splitter.restoreState(value)

    def save_layout(self, window: QMainWindow, splitters: dict[str, QSplitter]) -> None:
        s = self.settings
        s.setValue("window/geometry", window.saveGeometry())
        s.setValue("window/state", window.saveState())
        for name, splitter in splitters.items():
            s.setValue(f"window/{name}", splitter.saveState())
        s.sync()

    def text_size(self) -> int | None:
        value = self.settings.value("view/text_size")
        return None if value is None else int(value)

    def set_text_size(self, size: int) -> None:
        self.settings.setValue("view/text_size", size)

    def candidates_shown(self) -> bool:
        """Whether claims not highlighted are listed too (off until the reviewer asks)."""
        return str(self.settings.value("view/more_candidates", "false")).lower() == "true"

    def set_candidates_shown(self, shown: bool) -> None:
        self.settings.setValue("view/more_candidates", shown)

    def remember(self, article_id: str, claim_id: str | None) -> None:
        self.settings.setValue("session/db", self._db_key)
        self.settings.setValue("session/article", article_id)
        self.settings.setValue("session/claim", claim_id or "")

    def last_opened(self) -> tuple[str | None, str | None]:
        """The article and claim open when this database was last closed."""
        if self.settings.value("session/db") != self._db_key:
            return None, None
        article, claim = (
            self.settings.value("session/article"),
            self.settings.value("session/claim"),
        )
        return (str(article) if article else None), (str(claim) if claim else None)

    def value(self, key: str, default: object = None) -> object:
        return self.settings.value(key, default)

    def set_value(self, key: str, value: object) -> None:
        self.settings.setValue(key, value)
