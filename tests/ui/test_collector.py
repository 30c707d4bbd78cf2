"""Garbage collection happens on the GUI thread, never in a worker thread."""

from __future__ import annotations

import gc
import threading

from ogp_desktop.ui import collector


def test_automatic_collection_is_off_and_the_timer_collects_on_the_gui_thread(qapp, qtbot):
    installed = collector.install(qapp)
    assert collector.install(qapp) is installed  # once per application
    assert not gc.isenabled()

    collected_in = []

    class Cycle:
        def __init__(self) -> None:
            self.me = self

        def __del__(self) -> None:
            collected_in.append(threading.current_thread() is threading.main_thread())

    Cycle()
    worker = threading.Thread(target=lambda: [[] for _ in range(50_000)])
    worker.start()
    worker.join()
    assert collected_in == []  # the worker's allocations did not trigger a collection
    assert installed.timer.isActive()
    old = gc.get_threshold()
    gc.set_threshold(1, 1, 1)  # every generation due: what the timer finds sooner or later
    try:
        keep = []
        for _ in range(4):  # as successive timer ticks do, the older generations come due too
            keep.extend([] for _ in range(5))
            installed.check()  # what the timer calls, on the GUI thread
    finally:
        gc.set_threshold(*old)
    assert collected_in == [True]
    assert len(keep) == 20
