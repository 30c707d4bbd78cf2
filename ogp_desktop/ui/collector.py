"""Python's cyclic garbage collector, run on the GUI thread only.

The collector runs in whichever thread happens to allocate when a generation fills up. When
that is a worker thread (a PDF export, a records check) and the garbage holds Qt objects
(a closed dialog or editor caught in a reference cycle), Qt objects are destroyed off the
GUI thread and the process can crash (seen here: a segmentation fault in a worker thread
"Garbage-collecting" during a report export). Like other large PySide/PyQt applications,
the automatic collector is switched off and the same thresholds are checked on a timer in
the GUI thread instead."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class MainThreadCollector(QObject):
    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        gc.disable()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.check)
        self.timer.start(INTERVAL_MS)

    def check(self) -> None:
        """Collect the generations whose thresholds are reached, as the automatic collector
        would have done, but here, on the GUI thread."""
        counts = gc.get_count()
        thresholds = gc.get_threshold()
        generation = -1
        for gen in range(3):
            if counts[gen] > thresholds[gen]:
                generation = gen
        if generation >= 0:
            gc.collect(generation)


def install(app: QObject) -> MainThreadCollector:
    """Once per application (idempotent)."""
    existing = app.findChild(MainThreadCollector)
    return existing or MainThreadCollector(app)
