"""Python's cycle collector run on the GUI thread in small steps, never as one long pause.

An automatic full collection stops every thread while it walks the whole heap; with spaCy's
pipeline loaded that froze the window for longer than 100 ms. So, as Anki does, automatic
collection is off while the window is open: a timer collects the young generations often,
the old one rarely, and what start-up and the pipeline load leave behind is frozen (moved
out of the collector's sight) because it lives as long as the process anyway.
"""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QObject, QTimer

_TICK_MS = 1000
_MIDDLE_EVERY = 10  # ticks
_FULL_EVERY = 300


class GarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ticks = 0
        self._spacy_frozen = False
        self._timer = QTimer(self, interval=_TICK_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    def start(self) -> None:
        gc.disable()
        gc.freeze()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        gc.unfreeze()
        gc.enable()

    def freeze_long_lived(self) -> None:
        """After background work: the spaCy pipeline, once loaded, stays for good."""
        if not self._spacy_frozen and "spacy" in sys.modules:
            self._spacy_frozen = True
            gc.freeze()

    def _on_timer_timeout(self) -> None:
        self._ticks += 1
        if self._ticks % _FULL_EVERY == 0:
            gc.collect(2)
        elif self._ticks % _MIDDLE_EVERY == 0:
            gc.collect(1)
        else:
            gc.collect(0)
