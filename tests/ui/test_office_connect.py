"""Connecting to the office database from the GUI (#12 item 1): the form in Settings and on
the welcome screen, typed as a person types it; the server remembered without its password,
the password kept in the keyring only when asked (a real keyring backend held in memory:
the test machine has no desktop keyring) and asked at the next start when it is not; a
refused login said in the form, nothing remembered. A real PostgreSQL server
(tests/pg_server.py)."""

from __future__ import annotations

import argparse
import uuid

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.errors import PasswordDeleteError
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from ogp_desktop.core.db import open_database
from ogp_desktop.core.server import admin, credentials
from ogp_desktop.ui import app as app_mod
from ogp_desktop.ui.common import _, settings
from ogp_desktop.ui.views import office_server
from ogp_desktop.ui.views.office_server import ConnectDialog
from tests.ui.typing_helpers import modal_ready, modal_steps, type_into_focus

pytestmark = pytest.mark.usefixtures("qapp", "arabic_ui")
PASSWORD = "a-long-password-1"


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps passwords in this process, as a desktop's keyring would."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.kept: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.kept.get((service, username))

    def set_password(self, service, username, password):
        self.kept[(service, username)] = password

    def delete_password(self, service, username):
        if self.kept.pop((service, username), None) is None:
            raise PasswordDeleteError("not kept")


@pytest.fixture
def memory_keyring():
    before = keyring.get_keyring()
    kept = MemoryKeyring()
    keyring.set_keyring(kept)
    yield kept
    keyring.set_keyring(before)


@pytest.fixture
def no_keyring():
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(before)


@pytest.fixture(scope="module")
def office(pg):
    """A server database with one editor login."""
    name = "conn_" + uuid.uuid4().hex[:8]
    admin.init_server(pg.url(name), f"admin_{name[-8:]}", "مي عليمات", PASSWORD)
    db = open_database(pg.url(name))
    login = f"clerk_{name[-8:]}"
    try:
        admin.add_user(db, login, "سارة الخطيب", "editor", PASSWORD)
    finally:
        db.close()
    yield credentials.ServerAddress(pg.host, pg.port, name, login)
    pg.drop_database(name)


@pytest.fixture
def application(qapp, qtbot, fresh_db_path):
    """The application on a records file of this computer, as after a first start."""
    application = app_mod.Application(qapp, open_database(fresh_db_path))
    window = application.show_main_window()
    qtbot.waitExposed(window)
    yield application
    for w in QApplication.topLevelWidgets():
        w.close()
    application.db.close()


def _open_settings(qtbot, window):
    nav = window.nav
    item = nav.item(window._keys.index("settings"))
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton,
                     pos=nav.visualItemRect(item).center())
    qtbot.waitUntil(lambda: window.current_key() == "settings")
    return window._settings()


def _type_form(qtbot, dialog, address, password, *, keep: bool) -> None:
    """Server, Tab, port, Tab, database, Tab, login, Tab, password (Tab into a field
    selects what it holds, so typing replaces it), Tab, Space on the keyring box."""
    assert QApplication.focusWidget() is dialog.host
    for text in (address.host, str(address.port), address.database, address.login):
        type_into_focus(qtbot, text)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.password
    type_into_focus(qtbot, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.remember
    if keep:
        qtbot.keyClick(dialog.remember, Qt.Key.Key_Space)
        assert dialog.remember.isChecked()


def test_connect_in_settings_opens_the_server_and_remembers_it_without_the_password(
        application, office, memory_keyring, qtbot, screenshot_dir):
    old_window = application.window
    view = _open_settings(qtbot, old_window)
    qtbot.mouseClick(view.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: modal_ready(ConnectDialog))
    dialog = QApplication.activeModalWidget()
    _type_form(qtbot, dialog, office, PASSWORD, keep=True)
    dialog.grab().save(str(screenshot_dir / "connect-dialog-ar.png"))
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)

    qtbot.waitUntil(lambda: application.window is not old_window, timeout=15_000)
    window = application.window
    qtbot.waitExposed(window)
    assert application.db.store.file is None
    assert application.db.store.login == office.login
    assert f"{office.login}@{office.host}:{office.port}/{office.database}" in window.windowTitle()
    remembered = settings().value(office_server.SETTINGS_SERVER)
    assert remembered == f"postgresql://{office.login}@{office.host}:{office.port}/{office.database}"
    assert PASSWORD not in remembered
    assert memory_keyring.kept == {(credentials.KEYRING_SERVICE, office.key): PASSWORD}
    assert dialog.password.text() == ""  # not left in the form
    window.grab().save(str(screenshot_dir / "main-window-on-server-ar.png"))

    # Settings now says which server, and offers the file on this computer again
    view = _open_settings(qtbot, window)
    assert view.database_file.text() == application.db.display
    assert view.local_button.isVisibleTo(view)
    qtbot.mouseClick(view.local_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: application.db.store.file is not None, timeout=10_000)
    assert settings().value(office_server.SETTINGS_SERVER) is None
    assert memory_keyring.kept == {}  # its password forgotten with it


def test_a_refused_login_is_said_in_the_form_and_nothing_is_remembered(
        application, office, memory_keyring, qtbot):
    view = _open_settings(qtbot, application.window)
    qtbot.mouseClick(view.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: modal_ready(ConnectDialog))
    dialog = QApplication.activeModalWidget()
    _type_form(qtbot, dialog, office, "not-the-password", keep=True)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.message() != "")
    assert office.login in dialog.message() and "رفض" in dialog.message()
    assert "not-the-password" not in dialog.message()
    assert dialog.isVisible() and QApplication.focusWidget() is dialog.password
    assert settings().value(office_server.SETTINGS_SERVER) is None
    assert memory_keyring.kept == {}
    assert application.db.store.file is not None  # still the file's records

    # an empty server name is said at its field
    dialog.host.setFocus()
    qtbot.keyClick(dialog.host, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog.host, Qt.Key.Key_Delete)
    qtbot.mouseClick(dialog.connect_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _("Server") in dialog.message())
    assert QApplication.focusWidget() is dialog.host
    dialog.reject()


def test_the_next_start_opens_the_remembered_server_with_the_kept_password(
        office, memory_keyring, monkeypatch, qtbot):
    monkeypatch.delenv("OGP_DESKTOP_DB")
    office_server.remember_server(office)
    credentials.save_password(office, PASSWORD)

    def no_form(_self):
        raise AssertionError("the form was shown although the keyring keeps the password")

    monkeypatch.setattr(ConnectDialog, "exec", no_form)
    args = argparse.Namespace(db=None, demo=False)
    assert app_mod.start_target(args) == office.url()
    db = app_mod.open_records(args)
    try:
        assert db.store.file is None and db.store.login == office.login
    finally:
        db.close()


def test_without_a_keyring_the_password_is_asked_at_start(office, no_keyring, monkeypatch,
                                                           qtbot):
    monkeypatch.delenv("OGP_DESKTOP_DB")
    office_server.remember_server(office)
    seen = {}

    def type_password(dialog):
        seen["host"] = dialog.host.text()
        seen["keyring"] = dialog.remember.isEnabled()
        assert QApplication.focusWidget() is dialog.password
        type_into_focus(qtbot, PASSWORD)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    errors = modal_steps(qtbot, (ConnectDialog, type_password))
    db = app_mod.open_records(argparse.Namespace(db=None, demo=False))
    try:
        assert errors == []
        assert seen == {"host": office.host, "keyring": False}
        assert db.store.file is None and db.store.login == office.login
        assert credentials.saved_password(office) is None
    finally:
        db.close()


def test_the_form_at_start_also_offers_the_records_on_this_computer(
        office, no_keyring, monkeypatch, qtbot):
    from ogp_desktop import paths

    monkeypatch.delenv("OGP_DESKTOP_DB")
    office_server.remember_server(office)
    errors = modal_steps(qtbot, (ConnectDialog, lambda d: qtbot.mouseClick(
        d.local_button, Qt.MouseButton.LeftButton)))
    db = app_mod.open_records(argparse.Namespace(db=None, demo=False))
    try:
        assert errors == []
        assert db.path == paths.resolve_db_path(None)
    finally:
        db.close()


def test_the_welcome_screen_connects_to_the_office_database(
        qapp, office, memory_keyring, monkeypatch, qtbot, tmp_path):
    monkeypatch.delenv("OGP_DESKTOP_DB")
    args = argparse.Namespace(db=None, demo=False)
    application = app_mod.Application(qapp, None)
    window = application.show_main_window()
    qtbot.waitExposed(window)
    start = app_mod.DeferredStart(application, app_mod.SingleInstance(app_mod.start_target(args)),
                                  args, first_run=True)

    def choose_server(box):
        button = next(b for b in box.buttons() if b.text() == _("Connect to the office database…"))
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    errors = modal_steps(qtbot, (QMessageBox, choose_server),
                         (ConnectDialog, lambda d: (_type_form(qtbot, d, office, PASSWORD,
                                                               keep=False),
                                                    qtbot.mouseClick(d.connect_button,
                                                                     Qt.MouseButton.LeftButton))))
    try:
        start.open_records()
        assert errors == []
        assert application.db.store.login == office.login
        assert office.database in application.window.windowTitle()
        assert settings().value(office_server.SETTINGS_SERVER) == office.url()
        assert memory_keyring.kept == {}  # not asked to keep it
    finally:
        if start.instance.server is not None:
            start.instance.server.close()
        window.close()
        if application.db is not None:
            application.db.close()
