"""The search in the main window (issue 13, item 6), driven as a person does: Ctrl+F from
anywhere, the words typed into the focused box, Enter; the results grouped by kind with the
hit in bold; a result opened with the keyboard opens the minutes at the hit's field, or the
person in the directory; a filter narrows the results; Ctrl+F in a minutes editor comes back
to the search; a word too short is said in Arabic. Offscreen, on the demo records."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from typing_helpers import type_into_focus

from ogp_desktop.core.models import Meeting, MinutesStatus
from ogp_desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("qapp", "arabic_ui")


@pytest.fixture
def window(qtbot, demo_db):
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    yield window
    from ogp_desktop.ui.editors import open_editors

    for editor in open_editors():
        editor.autosaver.mark_clean()
        editor.close()


def _search(qtbot, window, words: str):
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_F,
                   Qt.KeyboardModifier.ControlModifier)
    view = window.sections["search"]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.box)
    type_into_focus(qtbot, words)
    qtbot.keyClick(view.box, Qt.Key.Key_Return)
    return view


def _open_with_keyboard(qtbot, view, hit) -> None:
    """Down through the results to `hit`, then Enter (as a person does)."""
    view.results.setFocus()
    qtbot.waitUntil(view.results.hasFocus)
    for _step in range(400):
        if view.current_hit() is hit:
            break
        qtbot.keyClick(view.results, Qt.Key.Key_Down)
    assert view.current_hit() is hit
    qtbot.keyClick(view.results, Qt.Key.Key_Return)


def test_typing_a_word_shows_the_records_grouped_by_kind(qtbot, window, screenshot_dir):
    window.show_section("plans", focus=True)
    view = _search(qtbot, window, "استبيان")
    qtbot.waitUntil(lambda: view.results.topLevelItemCount() > 1)
    groups = [view.results.topLevelItem(i).text(0) for i in range(view.results.topLevelItemCount())]
    assert any(g.startswith("المخرجات") for g in groups)
    assert any(g.startswith("الإجراءات المطلوبة") for g in groups)
    first = view.results.topLevelItem(0).child(0)
    label = view.results.itemWidget(first, 1)
    assert "<b>" in label.text() and "الاستبيان" in label.text()
    assert "سجلات" in view.message.text() or "سجلًا" in view.message.text()
    window.grab().save(str(screenshot_dir / "i13_search_ar.png"))


def test_enter_on_a_hit_opens_the_minutes_at_its_field(qtbot, window, demo_db):
    view = _search(qtbot, window, "اغلاق الاستبيان")
    qtbot.waitUntil(lambda: bool(view.hits))
    hit = next(h for h in view.hits if h.kind == "output")
    _open_with_keyboard(qtbot, view, hit)
    from ogp_desktop.ui.editors import MinutesEditor

    qtbot.waitUntil(lambda: MinutesEditor.find_open(hit.meeting_id) is not None)
    editor = MinutesEditor.find_open(hit.meeting_id)
    focused = editor.form.widget_at(hit.field)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is focused or focused.hasFocus())
    assert "الاستبيان" in focused.toPlainText() if hasattr(focused, "toPlainText") else focused.text()

    # Ctrl+F in the editor: back to the search, its words selected
    qtbot.keyClick(focused, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.box)
    assert view.box.selectedText() == "اغلاق الاستبيان"


def test_a_person_found_opens_in_the_directory(qtbot, window):
    view = _search(qtbot, window, "مي عليمات")
    qtbot.waitUntil(lambda: any(h.kind == "person" for h in view.hits))
    person = next(h for h in view.hits if h.kind == "person")
    _open_with_keyboard(qtbot, view, person)
    qtbot.waitUntil(lambda: window.current_key() == "people")
    people = window.sections["people"]
    assert people.people.selected().id == person.id
    assert people.person_name.text() == "مي عليمات"


def test_the_status_filter_narrows_the_results(qtbot, window, demo_db):
    view = _search(qtbot, window, "الالتزام")
    qtbot.waitUntil(lambda: bool(view.hits))
    every = len(view.hits)
    qtbot.mouseClick(view.status_filter, Qt.MouseButton.LeftButton)
    index = view.status_filter.findData(MinutesStatus.SIGNED.value)
    if index < 0:
        index = view.status_filter.findData(MinutesStatus.SIGNED)
    view.status_filter.hidePopup()
    view.status_filter.setFocus()
    for _step in range(index):
        qtbot.keyClick(view.status_filter, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: 0 < len(view.hits) < every)
    with demo_db.session(write=False) as s:
        assert {s.get(Meeting, h.meeting_id).status for h in view.hits} == {MinutesStatus.SIGNED}


def test_a_word_too_short_is_said_in_arabic(qtbot, window):
    view = _search(qtbot, window, "في")
    qtbot.waitUntil(lambda: view.message.text() != "")
    assert "ثلاثة أحرف" in view.message.text()
    assert view.results.topLevelItemCount() == 0
