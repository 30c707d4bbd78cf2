"""Run core work off the GUI thread, with progress and cancel turned into Qt signals.

The core's long operations (batch PDF export, the records check) take two plain callables,
`progress(done, total)` and `cancelled() -> bool`; they never see Qt. A `Task` wraps such a
callable: it runs on a QThreadPool worker, and the GUI thread gets `progressed`,
`succeeded`, `failed` and `finished` signals. Cancelling only sets a flag the core polls
between units of work, so a cancelled export stops cleanly after the current file.

The worker must not touch the GUI thread's database session: the callable opens its own
`db.session()` inside the worker (SQLite in WAL mode lets it read while the GUI reads).

How signals cross threads: the worker emits private signals of the Task object, which
lives in the GUI thread; their queued connections to the Task's own methods run in the
GUI thread, which then emits the public signals. So every slot connected to the public
signals runs in the GUI thread, whatever kind of callable it is.

    task = tasks.run(lambda progress, cancelled: work(db, progress=progress,
                                                      cancelled=cancelled))
    task.succeeded.connect(show_result)
    task.failed.connect(show_error)

or, with a progress dialog that can cancel, `run_with_progress(parent, fn, label=...)`."""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from ogp_desktop.core.errors import DomainError
from ogp_desktop.ui import errors
from ogp_desktop.ui.common import _

log = logging.getLogger("ogp_desktop")

Work = Callable[..., Any]  # fn(*args, progress=..., cancelled=..., **kwargs)

_running: set[Task] = set()  # tasks are kept alive here until they finish


class Task(QObject):
    """One call of `fn(*args, progress=…, cancelled=…, **kwargs)` on a worker thread."""

    progressed = Signal(int, int)  # done, total
    succeeded = Signal(object)     # the return value (also when cancelled part-way)
    failed = Signal(object)        # the exception
    finished = Signal()            # after succeeded or failed

    _worker_progress = Signal(int, int)
    _worker_done = Signal(object, object)  # result, exception

    def __init__(self, fn: Work, *args: Any, parent: QObject | None = None, **kwargs: Any) -> None:
        super().__init__(parent)
        self._fn, self._args, self._kwargs = fn, args, kwargs
        self._cancel = threading.Event()
        self._done = threading.Event()
        self.result: Any = None
        self.error: BaseException | None = None
        self.traceback: str | None = None
        self.dialog: QProgressDialog | None = None  # run_with_progress's, while it runs
        self._worker_progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._worker_done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)

    # --- GUI thread ---------------------------------------------------------------------

    def start(self, pool: QThreadPool | None = None) -> Task:
        _running.add(self)
        (pool or QThreadPool.globalInstance()).start(_Runnable(self))
        return self

    def cancel(self) -> None:
        """Ask the work to stop at its next check; `succeeded` still reports what was done."""
        self._cancel.set()

    @property
    def cancel_requested(self) -> bool:
        return self._cancel.is_set()

    def is_done(self) -> bool:
        return self._done.is_set()

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progressed.emit(done, total)

    @Slot(object, object)
    def _on_done(self, result: Any, error: BaseException | None) -> None:
        self.result, self.error = result, error
        try:
            if error is None:
                self.succeeded.emit(result)
            else:
                self.failed.emit(error)
        finally:
            self.finished.emit()
            _running.discard(self)

    # --- worker thread ------------------------------------------------------------------

    def _run(self) -> None:
        result, error = None, None
        try:
            result = self._fn(*self._args, progress=self._report, cancelled=self._cancel.is_set,
                              **self._kwargs)
        except BaseException as exc:
            error = exc
            if not isinstance(exc, DomainError):
                self.traceback = "".join(traceback.format_exception(exc))
                log.error("background task failed\n%s", self.traceback)
        finally:
            self._done.set()
        self._worker_done.emit(result, error)

    def _report(self, done: int, total: int) -> None:
        self._worker_progress.emit(int(done), int(total))


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self._task = task

    def run(self) -> None:
        self._task._run()


def run(fn: Work, *args: Any, **kwargs: Any) -> Task:
    """Start `fn(*args, progress=…, cancelled=…, **kwargs)` on the global thread pool."""
    return Task(fn, *args, **kwargs).start()


def run_with_progress(
    parent: QWidget | None,
    fn: Work,
    *args: Any,
    label: str,
    on_success: Callable[[Any, bool], None] | None = None,
    on_failure: Callable[[BaseException], None] | None = None,
    cancellable: bool = True,
    **kwargs: Any,
) -> Task:
    """Run `fn` as a Task behind a window-modal progress dialog.

    `on_success(result, cancelled)` gets the return value and whether the user cancelled;
    failures go to `on_failure`, or are shown as a message (domain errors in the user's
    language, anything else as a plain "something went wrong" with the details logged)."""
    dialog = QProgressDialog(label, _("Cancel") if cancellable else "", 0, 0, parent)
    dialog.setWindowTitle(_("OGP Desktop"))
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setMinimumDuration(400)
    if not cancellable:
        dialog.setCancelButton(None)
    task = Task(fn, *args, **kwargs)
    task.dialog = dialog  # for tests and for callers that want to watch it

    def progressed(done: int, total: int) -> None:
        if total > 0 and shiboken6.isValid(dialog):  # its window may be gone already
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))

    def close_dialog() -> None:
        if not shiboken6.isValid(dialog):  # deleted with its window: nothing to close
            return
        try:
            dialog.canceled.disconnect(task.cancel)
        except (RuntimeError, TypeError):
            pass
        dialog.hide()
        dialog.deleteLater()

    def succeeded(result: Any) -> None:
        close_dialog()
        if on_success is not None:
            on_success(result, task.cancel_requested)

    def failed(error: BaseException) -> None:
        close_dialog()
        if on_failure is not None:
            on_failure(error)
        else:
            show_failure(parent, error)

    dialog.canceled.connect(task.cancel)
    task.progressed.connect(progressed)
    task.succeeded.connect(succeeded)
    task.failed.connect(failed)
    return task.start()


def show_failure(parent: QWidget | None, error: BaseException) -> None:
    """A task's failure through the one presenter (a bug's traceback was logged in `_run`)."""
    errors.show_error(parent, error)
