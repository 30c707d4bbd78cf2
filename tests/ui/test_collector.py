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
    keep = [[] for _ in range(gc.get_threshold()[0] * 2)]  # generation 0 past its threshold
    qtbot.waitUntil(lambda: collected_in == [True], timeout=3000)
    assert len(keep) > 0
