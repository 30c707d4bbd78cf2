"""Start-up behaviour of the application: one instance per user and database, uncaught
errors logged and shown with their details, the language choice remembered."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget
from typing_helpers import while_modal

from ogp_desktop.ui import app as app_mod


def test_a_second_launch_brings_the_first_window_forward(qtbot, tmp_path):
    db_path = tmp_path / "records.sqlite"
    first = app_mod.SingleInstance(db_path)
    window = QWidget()
    qtbot.addWidget(window)
    raised = []
    window.raise_ = lambda: raised.append(True)
    first.window_getter = lambda: window
    first.listen()
    try:
        second = app_mod.SingleInstance(db_path)
        assert second.name == first.name
        assert second.already_running()
        qtbot.waitUntil(lambda: raised == [True], timeout=3000)
        # another database is another instance
        assert not app_mod.SingleInstance(tmp_path / "other.sqlite").already_running()
    finally:
        first.server.close()
    assert not app_mod.SingleInstance(db_path).already_running()


def test_uncaught_error_is_logged_and_shown_with_details(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    monkeypatch.setattr(app_mod.paths, "data_dir", lambda: tmp_path)
    for handler in list(app_mod.log.handlers):  # a fresh log file in tmp for this test
        app_mod.log.removeHandler(handler)
    log_path = app_mod.setup_logging()
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(
        (box.text(), box.detailedText())) or 0)
    previous = sys.excepthook
    app_mod.install_excepthook()
    try:
        try:
            raise RuntimeError("disk on fire")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = previous
        for handler in list(app_mod.log.handlers):
            handler.flush()
            handler.close()
            app_mod.log.removeHandler(handler)
    assert len(shown) == 1
    text, details = shown[0]
    assert "disk on fire" in details and "Traceback" in details
    assert "disk on fire" not in text  # the plain message, the details behind the button
    logged = log_path.read_text(encoding="utf-8")
    assert "uncaught error" in logged and "RuntimeError: disk on fire" in logged
    assert logging.getLogger("ogp_desktop") is app_mod.log


def test_domain_errors_are_shown_without_a_traceback(qtbot, monkeypatch):
    from ogp_desktop.core.errors import ValidationError

    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(
        (box.text(), box.detailedText())) or 0)
    previous = sys.excepthook
    app_mod.install_excepthook()
    try:
        err = ValidationError("is required", field="title")
        sys.excepthook(type(err), err, None)
    finally:
        sys.excepthook = previous
    assert len(shown) == 1 and shown[0][1] == ""
    assert shown[0][0] in ("العنوان: مطلوب", "Title: is required")  # the form's label


def test_language_choice_is_remembered(arabic_ui):
    app_mod.save_language("en")
    assert app_mod.saved_language() == "en"
    app_mod.save_language("ar")
    assert app_mod.saved_language() == "ar"


def _answer_with(monkeypatch, qtbot, label: str, seen: list, then=None) -> None:
    """The next message box is answered by clicking its button `label`; `then()` runs
    after the click (e.g. to answer the dialog the click opens)."""
    from PySide6.QtCore import Qt

    def exec_(box):
        box.show()
        qtbot.waitExposed(box)
        seen.append(box.text())
        button = next(b for b in box.buttons() if b.text() == label)
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        box.hide()
        if then is not None:
            then()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)


def test_a_missing_db_path_is_asked_about_and_created_only_when_chosen(
        qtbot, tmp_path, monkeypatch, head_template, dbtools):
    import argparse

    from ogp_desktop.ui.common import _

    missing = tmp_path / "recrods.sqlite"
    args = argparse.Namespace(db=str(missing), demo=False)
    seen: list = []
    _answer_with(monkeypatch, qtbot, _("Quit"), seen)
    assert app_mod.open_records(args) is None
    assert str(missing) in seen[-1] and not missing.exists()

    other = dbtools.copy(head_template, tmp_path / "other.sqlite")
    errors: list = []

    def type_the_other_file(dialog) -> None:
        # the program's own file dialog, opening in the folder of the path given
        assert Path(dialog.directory().absolutePath()) == tmp_path
        field = QApplication.focusWidget()
        QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(field, other.name)
        QTest.keyClick(field, Qt.Key.Key_Return)

    _answer_with(monkeypatch, qtbot, _("Open another file…"), seen,
                 then=lambda: errors.extend(while_modal(qtbot, QFileDialog, type_the_other_file)))
    db = app_mod.open_records(args)
    assert errors == []
    assert db.path == other and not missing.exists()
    db.close()

    _answer_with(monkeypatch, qtbot, _("Create a new database here"), seen)
    db = app_mod.open_records(args)
    assert db.path == missing and missing.exists()
    db.close()


def test_a_server_that_does_not_answer_offers_retry_or_a_local_file(
        qtbot, tmp_path, monkeypatch, head_template, dbtools):
    """#12 item 4: the office's server is unreachable at start: the message says so, and
    the person tries again (it still does not answer: asked again), then opens a records
    file on this computer instead, typed into the program's file dialog."""
    import argparse
    import socket

    from ogp_desktop.ui.common import _

    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    args = argparse.Namespace(db=f"postgresql://clerk:pw@127.0.0.1:{port}/office", demo=False)
    local = dbtools.copy(head_template, tmp_path / "laptop.sqlite")
    monkeypatch.chdir(tmp_path)
    answers = [_("Try again"), _("Open a records file on this computer…")]
    seen: list[str] = []
    errors: list = []

    def type_the_file(dialog) -> None:
        field = QApplication.focusWidget()
        QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(field, str(local))
        QTest.keyClick(field, Qt.Key.Key_Return)

    def exec_(box):
        box.show()
        qtbot.waitExposed(box)
        seen.append(box.text())
        label = answers.pop(0)
        button = next(b for b in box.buttons() if b.text() == label)
        if not answers:
            errors.extend(while_modal(qtbot, QFileDialog, type_the_file))
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        box.hide()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    db = app_mod.open_records(args)
    try:
        assert errors == [] and answers == []
        assert len(seen) == 2 and all(f"127.0.0.1:{port}" in t for t in seen)
        assert all("لا يستجيب" in t or "does not answer" in t for t in seen)
        assert "pw" not in seen[0].split("127.0.0.1")[0]  # never the password
        assert db.path == local
    finally:
        db.close()
