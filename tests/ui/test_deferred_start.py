"""The app's start paints its main window before it opens the records (ui/app.py,
DeferredStart): the window first says it is opening them, with its sections and shortcuts
off; after its first paint the models are imported on a worker thread and the records open
on the GUI thread, with the same messages as before; SQLAlchemy is not even imported when
the window first paints (issue 10 §7a)."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from ogp_desktop.ui import app as app_mod
from ogp_desktop.ui import errors
from ogp_desktop.ui.common import _
from ogp_desktop.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def start(qapp, db_path: Path) -> tuple[app_mod.Application, app_mod.DeferredStart]:
    """What app.run does from the window on, without its event loop (the test's waits run
    the events)."""
    args = argparse.Namespace(db=str(db_path), demo=False)
    application = app_mod.Application(qapp, None)
    deferred = app_mod.DeferredStart(application, app_mod.SingleInstance(db_path), args,
                                     first_run=False)
    window = application.show_main_window()
    app_mod.FirstPaint(window, deferred.begin)
    return application, deferred


def finish(application: app_mod.Application, deferred: app_mod.DeferredStart) -> None:
    deferred.wait()
    if deferred.instance.server is not None:
        deferred.instance.server.close()
    if application.window is not None:
        application.window.close()
    if application.db is not None:
        application.db.close()


def test_the_window_paints_opening_then_shows_the_records(qtbot, arabic_ui, demo_db_path,
                                                          monkeypatch, no_message_box):
    monkeypatch.setattr(app_mod, "install_excepthook", lambda *a: None)  # not the test's hook
    # the models are imported in this process already: the worker waits until told, so the
    # window stays in its opening state while the test looks at it
    go = threading.Event()
    load = app_mod.load_models_and_services
    monkeypatch.setattr(app_mod, "load_models_and_services",
                        lambda **kw: (go.wait(20), load(**kw)) and None)
    application, deferred = start(arabic_ui, demo_db_path)
    window = application.window
    qtbot.addWidget(window)
    try:
        # before its first paint has been handled: the opening state, nothing of the records
        assert not window.is_open()
        assert window.opening_label is not None
        assert window.opening_label.text() == "جارٍ فتح السجلات…" == _("Opening the records…")
        assert window.count_label.text() == _("Opening the records…")
        assert not window.nav.isEnabled()
        assert window.sections.built() == []
        assert _("Records file: {path}").split("{")[0] not in window.about_text()
        # the keys that need the records do nothing yet
        for key, modifier in ((Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier),
                              (Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier),
                              (Qt.Key.Key_F5, Qt.KeyboardModifier.NoModifier)):
            QTest.keyClick(window, key, modifier)
        assert window.open_editors() == [] and window.sections.built() == []
        qtbot.waitExposed(window)
        qtbot.wait(50)  # painted: the worker has started and waits
        assert not window.is_open() and window.sections.built() == []
        # a SIGTERM now (a logout) waits until the records are open, then leaves the loop
        quits: list[int] = []
        monkeypatch.setattr(arabic_ui, "quit", lambda: quits.append(1))
        deferred.request_quit()
        assert quits == []

        go.set()
        qtbot.waitUntil(window.is_open, timeout=20_000)
        assert quits == [1]
        assert deferred.exit_code is None and deferred.error is None
        assert window.windowTitle() == _("OGP Desktop — {file}").format(file=demo_db_path.name)
        assert window.nav.isEnabled() and window.opening_label is None
        assert window.stack.currentWidget() is window.sections["home"]  # opens first
        meetings = window.show_section("meetings")
        # the same list MainWindow(db) shows
        other = MainWindow(application.db)
        qtbot.addWidget(other)
        shown = other.show_section("meetings").model.rowCount()
        assert shown > 0 and meetings.model.rowCount() == shown
        assert window.count_label.text() == meetings.status_text()
        assert deferred.instance.server is not None  # a second launch finds this one now
        assert _("Records file: {path}").split("{")[0] in window.about_text()
        # the sections open now
        QTest.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
        assert window.current_key() == "actions"
    finally:
        go.set()
        finish(application, deferred)


def test_a_damaged_database_gives_its_message_and_nothing_is_lost(qtbot, arabic_ui, tmp_path,
                                                                  monkeypatch):
    (tmp_path / "records").mkdir()
    damaged = tmp_path / "records" / "records.sqlite"
    damaged.write_bytes(b"not a database at all, but somebody's records" * 100)
    before = damaged.read_bytes()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()) or 0)

    from ogp_desktop.core.db import open_database
    from ogp_desktop.core.errors import DomainError

    try:  # the message the start showed before it painted a window
        open_database(damaged)
    except DomainError as exc:
        expected = errors.error_text(exc)
    else:
        raise AssertionError("a damaged file opened")
    application, deferred = start(arabic_ui, damaged)
    window = application.window
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: deferred.exit_code is not None, timeout=20_000)
    finish(application, deferred)
    assert shown == [expected]
    assert deferred.exit_code == 1 and deferred.error is None  # run() returns 1, as before
    assert not window.isVisible() and not window.is_open()
    assert damaged.read_bytes() == before
    assert [p.name for p in damaged.parent.iterdir()] == ["records.sqlite"]  # no leftovers


# Starts the real program (ogp_desktop.cli.main) offscreen and reports, at the main window's
# first Paint, which SQLAlchemy modules are loaded; then, when its records are shown, how many
# meetings its list has.
PROBE = r"""
import json, sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
from ogp_desktop.ui import main_window

report = {}


class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and "paint" not in report:
            report["paint"] = {"sqlalchemy": sorted(m for m in sys.modules
                                                    if m.split(".")[0] == "sqlalchemy"),
                               "models": "ogp_desktop.core.models" in sys.modules,
                               "title": obj.windowTitle(), "open": obj.is_open()}
        return False


watcher = FirstPaint()
built = main_window.MainWindow.__init__


def init(self, *args, **kwargs):
    built(self, *args, **kwargs)
    self.installEventFilter(watcher)

    def attached():
        report["records"] = {"meetings": self.show_section("meetings").model.rowCount(),
                             "title": self.windowTitle()}
        print("REPORT " + json.dumps(report), flush=True)
        QTimer.singleShot(0, QApplication.quit)

    self.databaseAttached.connect(attached)


main_window.MainWindow.__init__ = init
from ogp_desktop.cli import main

sys.exit(main(["--db", sys.argv[1]]))
"""


def test_no_sqlalchemy_is_loaded_when_the_real_app_first_paints(tmp_path, demo_db_path):
    env = {k: v for k, v in os.environ.items() if k != "OGP_DESKTOP_DB"}
    env.update(QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), OGP_DESKTOP_LANG="en")
    proc = subprocess.run([sys.executable, "-c", PROBE, str(demo_db_path)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("REPORT ")), None)
    assert proc.returncode == 0 and line is not None, proc.stdout + proc.stderr
    report = json.loads(line.removeprefix("REPORT "))
    paint = report["paint"]
    assert paint["sqlalchemy"] == [] and not paint["models"], paint
    assert not paint["open"] and paint["title"] == "OGP Desktop"
    assert report["records"]["meetings"] > 0
    assert report["records"]["title"] == f"OGP Desktop — {demo_db_path.name}"


def test_an_unexpected_error_while_opening_ends_the_start_and_is_raised_again(
        qtbot, arabic_ui, demo_db_path, monkeypatch):
    def broken(**_kw):
        raise RuntimeError("models broken")

    monkeypatch.setattr(app_mod, "load_models_and_services", broken)
    application, deferred = start(arabic_ui, demo_db_path)
    window = application.window
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: deferred.exit_code is not None, timeout=20_000)
    finish(application, deferred)
    # run() raises it once its event loop ended, as the start raised it before
    assert isinstance(deferred.error, RuntimeError) and deferred.exit_code == 1
    assert not window.isVisible() and not window.is_open()
