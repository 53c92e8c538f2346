"""While the window is open Python's cycle collector runs only on the GUI thread's timer.

An automatic collection set off by a worker thread holds the lock the GUI needs (see
ui/garbage.py and bench_responsiveness); closing the window gives the process its
ordinary collector back.
"""

from __future__ import annotations

import gc


def test_the_window_collects_on_its_timer_and_gives_automatic_collection_back(
    qtbot, open_workspace
) -> None:
    window = open_workspace()
    assert not gc.isenabled()  # no collection in whichever thread allocates
    assert gc.get_freeze_count() > 0  # start-up's objects are out of the collector's sight

    young = gc.get_count()[0]
    garbage = [[] for _ in range(5_000)]
    for item in garbage:
        item.append(item)  # cycles only the collector can free
    del garbage, item
    assert gc.get_count()[0] > young
    qtbot.waitUntil(lambda: gc.get_count()[0] < 1000, timeout=10_000)  # the timer collected

    window.close()
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
