"""Escape closes what is on top: a completion popup first, then (a second Escape) the
minutes editor, asking when there are unsaved changes."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from typing_helpers import type_into_focus

from ogp_desktop.core.services import directory

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def editor(qtbot, monkeypatch, demo_db, request):
    from ogp_desktop.ui.editors import MinutesEditor

    asked: list[str] = []

    def exec_(box):
        asked.append(box.text())
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    request.getfixturevalue(request.param if hasattr(request, "param") else "arabic_ui")
    window = MinutesEditor(demo_db)
    window.asked = asked
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    yield window
    if shiboken6.isValid(window):
        window.autosaver.mark_clean()  # no prompt while the test ends
        window.close()


def first_word(db) -> str:
    with db.session() as s:
        name = directory.list_people_rows(s)[0].name
    return name.split()[0]


@pytest.mark.parametrize("editor", ["arabic_ui", "english_ui"], indirect=True)
def test_escape_closes_the_completion_popup_only(qtbot, editor, demo_db):
    editor.title_edit.setFocus()
    type_into_focus(qtbot, "اجتماع")  # an unsaved change
    field = editor.new_person_edit
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    word = first_word(demo_db)
    type_into_focus(qtbot, word)
    popup = field.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(QApplication.focusWidget() or field, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not popup.isVisible())
    assert editor.isVisible() and editor.asked == []  # not closed, nothing asked
    assert field.text() == word and field.hasFocus()  # nothing lost
    # the second Escape closes the editor as before: unsaved, it asks (Cancel: stays open)
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: len(editor.asked) == 1)
    assert editor.isVisible() and field.text() == word
    assert editor.title_edit.text() == "اجتماع"


@pytest.mark.parametrize("editor", ["arabic_ui"], indirect=True)
def test_escape_closes_an_attendees_name_popup_only(qtbot, editor, demo_db):
    qtbot.mouseClick(editor.add_person_button, Qt.MouseButton.LeftButton)  # nothing typed: no row
    editor.attendees.add_row()
    row = editor.attendees.rows()[0]
    qtbot.waitUntil(row.name.hasFocus)
    type_into_focus(qtbot, first_word(demo_db))
    popup = row.name.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not popup.isVisible())
    assert editor.isVisible() and editor.asked == []
    assert row.name.text() == first_word(demo_db)


@pytest.mark.parametrize("editor", ["arabic_ui"], indirect=True)
def test_escape_closes_the_calendar_popup_only(qtbot, editor):
    field = editor.next_meeting_edit
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = field.calendar_popup()
    qtbot.waitUntil(lambda: popup is not None and popup.isVisible())
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not popup.isVisible())
    assert editor.isVisible() and editor.asked == []
    assert field.value() is None
