"""The office's server goes away while a draft is open (#12 item 4): Save changes nothing on
the server (one transaction), the editor keeps the text, keeps it in a file on this
computer too (a crash meanwhile loses nothing: it is offered back at the next start), and
saves it by itself once the server answers again. A private server of its own
(tests/pg_server.py), stopped and started again under the open editor."""

from __future__ import annotations

import uuid

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from typing_helpers import type_into_focus

from ogp_desktop.core.db import open_database
from ogp_desktop.core.models import Meeting, MinutesStatus
from ogp_desktop.core.server import admin
from ogp_desktop.core.services import autosave
from ogp_desktop.ui import editor_registry

pytestmark = pytest.mark.usefixtures("qapp", "arabic_ui")
PASSWORD = "a-long-password-1"
ADDED = " – أُضيف أثناء انقطاع الخادم"


@pytest.fixture(scope="module")
def pausable(demo_template):
    """A server of this module only (it is stopped under the editor), with the demo
    records and an editor login."""
    from pg_server import PrivateServer

    server = PrivateServer()
    pg = server.start()
    try:
        admin.init_server(pg.url("office"), "admin_o", "مي عليمات", PASSWORD)
        db = open_database(pg.url("office"))
        try:
            admin.import_sqlite(db, demo_template)
            admin.add_user(db, "clerk_o", "سارة الخطيب", "editor", PASSWORD)
        finally:
            db.close()
        yield server, pg.url("office", "clerk_o", PASSWORD)
    finally:
        server.stop()


def _draft(db) -> tuple[int, str, int]:
    with db.session(write=False) as s:
        m = s.query(Meeting).filter(Meeting.status == MinutesStatus.DRAFT).order_by(Meeting.id).first()
        return m.id, m.title, m.row_version


def test_a_save_the_server_does_not_answer_is_kept_here_and_made_when_it_answers(
        pausable, editor_windows, qtbot, screenshot_dir):
    server, url = pausable
    db = open_database(url)
    try:
        meeting_id, title, version = _draft(db)
        editor = editor_windows(db, meeting_id, resave_interval_ms=300)
        qtbot.mouseClick(editor.title_edit, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: QApplication.focusWidget() is editor.title_edit)
        qtbot.keyClick(editor.title_edit, Qt.Key.Key_End)
        type_into_focus(qtbot, ADDED)

        server.pause()
        qtbot.keyClick(editor.title_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        message = editor.errors.banner.label.text()
        assert "لا يستجيب" in message, message
        assert editor.title_edit.text() == title + ADDED  # the text stays in the editor
        assert editor.autosaver.kept_here
        kept = autosave.pending_local(editor_registry.local_autosave_folder(), db.store.display)
        assert [p.meeting_id for p in kept] == [meeting_id]
        assert kept[0].payload["title"] == title + ADDED
        editor.grab().save(str(screenshot_dir / "i12_server_away_ar.png"))
        # retries while the server is still away: each refused, the text still unsaved
        qtbot.waitUntil(lambda: editor.resave_attempts >= 3, timeout=10_000)
        assert editor.autosaver.dirty and "لا يستجيب" in editor.errors.banner.label.text()

        server.resume()
        qtbot.waitUntil(lambda: not editor.autosaver.dirty, timeout=20_000)
        with db.session(write=False) as s:
            saved = s.get(Meeting, meeting_id)
            assert saved.title == title + ADDED
            assert saved.row_version == version + 1  # saved once, nothing partial before
            assert saved.updated_by == "clerk_o"
        assert autosave.pending_local(editor_registry.local_autosave_folder(),
                                      db.store.display) == []  # the file here is gone
        assert editor.errors.banner.isHidden() or not editor.errors.banner.isVisible()
    finally:
        db.close()


def test_what_was_kept_here_is_offered_back_at_the_next_start(pausable, tmp_path):
    """A crash while the server was away: the file kept here is a pending recovery of that
    server (and only of that server)."""
    _server, url = pausable
    db = open_database(url)
    try:
        meeting_id, title, _version = _draft(db)
        key = uuid.uuid4().hex
        folder = editor_registry.local_autosave_folder()
        autosave.store_local(folder, db.store.display, key, {"title": title + ADDED},
                             meeting_id=meeting_id, title=title + ADDED)
        autosave.store_local(folder, "someone@elsewhere:5432/other", uuid.uuid4().hex,
                             {"title": "x"}, meeting_id=1, title="x")
        pending = editor_registry.pending_recoveries(db)
        assert [(p.editor_key, p.meeting_id, p.payload["title"]) for p in pending] == [
            (key, meeting_id, title + ADDED)]
    finally:
        db.close()
