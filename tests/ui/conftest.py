"""GUI tests run offscreen on real widgets and a real (temporary) database."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest


@pytest.fixture(autouse=True, scope="session")
def _qt_test_settings():
    """QSettings and standard paths go to Qt's test locations, never the user's."""
    from PySide6.QtCore import QStandardPaths

    QStandardPaths.setTestModeEnabled(True)


@pytest.fixture(autouse=True)
def _fresh_window_places_and_folders(qapp):
    """Each test starts as a first use: no remembered window places, dialog folders,
    office server or seal key file (QSettings' file is per process, not per test HOME)."""
    from ogp_desktop.ui.common import settings
    from ogp_desktop.ui.file_dialogs import SETTINGS_GROUP as FOLDERS
    from ogp_desktop.ui.placement import SETTINGS_GROUP as WINDOWS
    from ogp_desktop.ui.views.keys import SETTINGS_GROUP as SEAL
    from ogp_desktop.ui.views.office_server import SETTINGS_SERVER as SERVER

    for group in (WINDOWS, FOLDERS, SEAL, SERVER):
        settings().remove(group)
    yield
    settings().remove(SEAL)  # no other test exports with this one's seal


@pytest.fixture(autouse=True)
def _collect_garbage_on_the_gui_thread(qapp):
    """As the application does (ogp_desktop/ui/collector.py): a worker thread must never
    be the one that frees Qt objects."""
    from ogp_desktop.ui import collector

    collector.install(qapp)


@pytest.fixture
def arabic_ui(qapp):
    """The application as users start it: Arabic, right-to-left."""
    from ogp_desktop.ui.app import apply_language

    apply_language(qapp, "ar")
    yield qapp
    apply_language(qapp, "ar")


@pytest.fixture
def english_ui(qapp):
    from ogp_desktop.ui.app import apply_language

    apply_language(qapp, "en")
    yield qapp
    apply_language(qapp, "ar")


@pytest.fixture
def screenshot_dir():
    """Screenshots for people to look at; the folder is ignored by git."""
    from pathlib import Path

    folder = Path(__file__).resolve().parents[2] / "screenshots"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture
def editor_windows(qtbot):
    """Opens minutes editors as windows of their own, exposed and active (so keys go where
    a person's would); at the end closes those still open, without the unsaved question."""
    import shiboken6
    from PySide6.QtWidgets import QApplication

    from ogp_desktop.ui.editors import MinutesEditor

    made = []

    def make(db, meeting_id=None, *, size=None, **kwargs):
        editor = MinutesEditor(db, meeting_id, **kwargs)
        made.append(editor)
        if size is not None:
            editor.resize(*size)
        editor.show()
        qtbot.waitExposed(editor)
        editor.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is editor, timeout=3000)
        return editor

    yield make
    for editor in made:
        if shiboken6.isValid(editor):
            editor.autosaver.mark_clean()  # no prompt while the test ends
            editor.close()


@pytest.fixture
def no_message_box(monkeypatch):
    """Any message box the test did not expect fails it, naming the box's text."""
    from PySide6.QtWidgets import QMessageBox

    def unexpected(box):
        raise AssertionError(f"unexpected message box: {box.text()!r}")

    monkeypatch.setattr(QMessageBox, "exec", unexpected)


# --- the office's server, logged in as each role (tests/pg_server.py) ----------------------

OFFICE_PASSWORD = "a-long-password-1"


@pytest.fixture(scope="module")
def office(pg, demo_template):
    """A database of the private PostgreSQL server with the demo records and one login of
    each role: (pg, database name, {role: login}, a draft meeting's id). One per module."""
    import uuid

    from ogp_desktop.core.db import open_database
    from ogp_desktop.core.models import Meeting, MinutesStatus
    from ogp_desktop.core.server import admin

    name = "ui_" + uuid.uuid4().hex[:8]
    logins = {"admin": f"admin_{name[-8:]}"}
    admin.init_server(pg.url(name), logins["admin"], "مي عليمات", OFFICE_PASSWORD)
    db = open_database(pg.url(name))
    try:
        admin.import_sqlite(db, demo_template)
        for role in ("viewer", "editor", "approver"):
            logins[role] = f"{role}_{name[-8:]}"
            admin.add_user(db, logins[role], role, role, OFFICE_PASSWORD)
        with db.session(write=False) as s:
            draft = s.query(Meeting.id).filter(Meeting.status == MinutesStatus.DRAFT).first()[0]
    finally:
        db.close()
    yield pg, name, logins, draft
    pg.drop_database(name)


@pytest.fixture
def as_login(office):
    """open_as(role): the office's records opened as that role's login (closed at the end)."""
    from ogp_desktop.core.db import open_database

    opened = []

    def open_as(role: str):
        pg, name, logins, _ = office
        db = open_database(pg.url(name, logins[role], OFFICE_PASSWORD))
        opened.append(db)
        return db

    yield open_as
    for db in opened:
        db.close()
