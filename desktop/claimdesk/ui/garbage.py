"""Python's cycle collector run on the GUI thread in small steps, never as one long pause.

An automatic collection runs in whichever thread crosses the allocation threshold and holds
Python's lock while it walks the heap: a worker thread reading an article of 14,000 claims
set off collections that stalled the window for 130-140 ms (bench_responsiveness; 40-60 ms
with this). So, as Anki does, automatic collection is off while the window is open: a timer
collects the young generation every second, the middle one every 10 s and the whole heap
every 5 minutes, and what start-up leaves behind is frozen (moved out of the collector's
sight) because it lives as long as the process anyway.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

_TICK_MS = 1000
_MIDDLE_EVERY = 10  # ticks
_FULL_EVERY = 300


class GarbageCollector(QObject):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ticks = 0
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

    def _on_timer_timeout(self) -> None:
        self._ticks += 1
        if self._ticks % _FULL_EVERY == 0:
            gc.collect(2)
        elif self._ticks % _MIDDLE_EVERY == 0:
            gc.collect(1)
        else:
            gc.collect(0)
