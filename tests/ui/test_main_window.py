"""The main window: its sections and side bar (on the right in Arabic), the status bar,
keyboard shortcuts, opening the minutes editor (a stand-in with the editor's API while the
real one is written elsewhere), and screenshots of every section in Arabic and English at
the laptops' 1366×768, with a check that no button, label or header is cut off."""

from __future__ import annotations

import sys
import types

import pytest
from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QTableView,
    QWidget,
)

from ogp_desktop.core import exchange
from ogp_desktop.ui import common, errors
from ogp_desktop.ui.main_window import SECTIONS, MainWindow
from ogp_desktop.ui.views.widgets import ElidedLabel

KEYS = ["home", "meetings", "actions", "plans", "committees", "people", "calendar", "settings",
        "search"]


class FakeEditor(QWidget):
    """What ogp_desktop.ui.editors.minutes.MinutesEditor offers the main window."""

    saved = Signal(int)
    instances: list[FakeEditor] = []

    def __init__(self, db, meeting_id=None, template_from=None, parent=None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.db, self.meeting_id, self.template_from = db, meeting_id, template_from
        self.refuse_close = False
        FakeEditor.instances.append(self)

    def closeEvent(self, event) -> None:
        if self.refuse_close:  # "unsaved changes" answered with Cancel
            event.ignore()
        else:
            event.accept()


@pytest.fixture
def fake_editor(monkeypatch):
    FakeEditor.instances = []
    package = types.ModuleType("ogp_desktop.ui.editors")
    package.__path__ = []
    module = types.ModuleType("ogp_desktop.ui.editors.minutes")
    module.MinutesEditor = FakeEditor
    monkeypatch.setitem(sys.modules, "ogp_desktop.ui.editors", package)
    monkeypatch.setitem(sys.modules, "ogp_desktop.ui.editors.minutes", module)
    yield FakeEditor
    for editor in FakeEditor.instances:
        editor.refuse_close = False
        editor.close()


def open_window(qtbot, db, size=(1366, 768)) -> MainWindow:
    window = MainWindow(db)
    qtbot.addWidget(window)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    QApplication.processEvents()
    return window


def x_in_window(widget: QWidget, window: QWidget) -> int:
    return widget.mapTo(window, QPoint(0, 0)).x()


# --- structure -----------------------------------------------------------------------------


def test_window_has_every_section_and_names_the_file(qtbot, arabic_ui, demo_db):
    window = open_window(qtbot, demo_db)
    assert list(window.sections) == KEYS == [key for key, _t, _p in SECTIONS]
    assert "demo.sqlite" in window.windowTitle()
    assert window.nav.count() == 9 and window.current_key() == "home"  # the home screen first
    assert window.count_label.text() == window.sections["home"].status_text()
    window.show_section("meetings")
    assert window.count_label.text() == common._("Meetings shown: {n}").format(n=4)
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert window.layoutDirection() == Qt.LayoutDirection.RightToLeft  # from the app, not set here
    # Arabic: the side bar is on the right, and tables start from the right.
    assert x_in_window(window.nav, window) > x_in_window(window.stack, window)
    table = window.sections["meetings"].table
    first, second = (table.visualRect(table.model().index(0, c)) for c in (0, 1))
    assert first.x() > second.x()


def test_english_is_left_to_right(qtbot, english_ui, demo_db):
    window = open_window(qtbot, demo_db)
    assert x_in_window(window.nav, window) < x_in_window(window.stack, window)
    assert window.nav.item(0).text() == "Home" and window.nav.item(1).text() == "Meetings"
    window.show_section("meetings")
    table = window.sections["meetings"].table
    first, second = (table.visualRect(table.model().index(0, c)) for c in (0, 1))
    assert first.x() < second.x()


def test_sections_load_when_first_shown_and_the_status_bar_follows(qtbot, arabic_ui, demo_db):
    window = open_window(qtbot, demo_db)
    people = window.sections["people"]
    assert people.people.model.rowCount() == 0  # not read at start-up
    for key in KEYS:
        view = window.show_section(key)
        assert window.stack.currentWidget() is view is window.sections[key]
        assert window.nav.currentRow() == KEYS.index(key)
        assert window.count_label.text() == view.status_text()
    assert people.people.model.rowCount() == 16


def test_clicking_the_side_bar_switches_section(qtbot, arabic_ui, demo_db):
    window = open_window(qtbot, demo_db)
    item = window.nav.item(KEYS.index("committees"))
    qtbot.mouseClick(window.nav.viewport(), Qt.MouseButton.LeftButton,
                     pos=window.nav.visualItemRect(item).center())
    assert window.current_key() == "committees"
    qtbot.keyClick(window.nav, Qt.Key.Key_Down)
    assert window.current_key() == "people"


def test_keyboard_shortcuts(qtbot, arabic_ui, demo_db, fake_editor):
    window = open_window(qtbot, demo_db)
    for number, key in enumerate(KEYS, 1):
        qtbot.keyClick(window, getattr(Qt.Key, f"Key_{number}"), Qt.KeyboardModifier.ControlModifier)
        assert window.current_key() == key
    window.show_section("plans")
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "search"
    assert window.sections["search"].box.hasFocus()
    window.show_section("plans")
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key() == "meetings"
    (editor,) = fake_editor.instances
    assert (editor.db, editor.meeting_id, editor.template_from) == (demo_db, None, None)
    assert editor.isVisible()


# --- the minutes editor ------------------------------------------------------------------------


def test_open_duplicate_and_saved_refreshes(qtbot, arabic_ui, demo_db, fake_editor):
    window = open_window(qtbot, demo_db)
    meetings = window.show_section("meetings")
    first = meetings.model.row(0).id
    rect = meetings.table.visualRect(meetings.model.index(0, 1))
    qtbot.mouseClick(meetings.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(meetings.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    (editor,) = fake_editor.instances
    assert editor.meeting_id == first and editor.template_from is None
    qtbot.keyClick(meetings.table, Qt.Key.Key_Return)  # open again: the same window comes forward
    assert len(fake_editor.instances) == 1

    qtbot.mouseClick(meetings.duplicate_button, Qt.MouseButton.LeftButton)
    duplicate = fake_editor.instances[-1]
    assert (duplicate.meeting_id, duplicate.template_from) == (None, first)

    window.show_section("actions")  # loaded now, stale after a save
    with demo_db.session() as s:  # what the editor's save would have written
        new_id = exchange.import_minutes(s, {
            "format": "ogp-minutes/1", "title": "اجتماع جديد", "date": "2030-01-01",
            "action_items": [{"text": "مهمة جديدة"}]}).id
    window.show_section("meetings")
    duplicate.saved.emit(new_id)
    assert meetings.model.row(0).id == new_id
    assert [r.id for r in meetings.selected_meetings()] == [new_id]
    assert window.count_label.text() == common._("Meetings shown: {n}").format(n=5)
    window.show_section("actions")
    assert "مهمة جديدة" in [r.text for r in window.sections["actions"].model.rows]


def test_open_meeting_from_an_action_item(qtbot, arabic_ui, demo_db, fake_editor):
    window = open_window(qtbot, demo_db)
    actions = window.show_section("actions")
    item = actions.model.row(0)
    rect = actions.table.visualRect(actions.model.index(0, 0))
    qtbot.mouseClick(actions.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseClick(actions.open_button, Qt.MouseButton.LeftButton)
    assert fake_editor.instances[-1].meeting_id == item.meeting_id


def test_closing_the_window_closes_editors_first(qtbot, arabic_ui, demo_db, fake_editor):
    window = open_window(qtbot, demo_db)
    editor = window.open_editor(meeting_id=1)
    editor.refuse_close = True
    assert not window.close()  # the editor kept its unsaved changes: the window stays
    assert window.isVisible() and editor.isVisible()
    editor.refuse_close = False
    assert window.close()
    assert not editor.isVisible()


def test_without_the_editor_module_a_message_is_shown(qtbot, arabic_ui, demo_db, monkeypatch):
    monkeypatch.setitem(sys.modules, "ogp_desktop.ui.editors.minutes", None)
    shown: list[str] = []
    monkeypatch.setattr(errors, "show_error", lambda parent, exc, title=None: shown.append(exc))
    window = open_window(qtbot, demo_db)
    assert window.new_meeting() is None
    assert shown == [common._("The minutes editor is not available in this version of "
                              "OGP Desktop.")]


def test_writing_in_one_section_refreshes_the_others(qtbot, arabic_ui, demo_db):
    window = open_window(qtbot, demo_db)
    committees = window.show_section("committees")
    people = window.show_section("people")
    people.new_person()
    people.person_name.setText("سارة الحديد")
    assert people.save_person()
    window.show_section("committees")
    labels = committees.person.completer().model().stringList()
    assert "سارة الحديد" in labels


def test_choosing_a_language_in_settings_is_the_window_signal(qtbot, arabic_ui, demo_db,
                                                              fake_editor):
    window = open_window(qtbot, demo_db)
    settings = window.show_section("settings")
    editor = window.open_editor(meeting_id=1)
    editor.refuse_close = True  # unsaved changes the user keeps: no rebuild, Arabic stays
    with qtbot.assertNotEmitted(window.languageChanged):
        settings.language_buttons["en"].click()
    assert settings.language_buttons["ar"].isChecked() and editor.isVisible()
    editor.refuse_close = False
    with qtbot.waitSignal(window.languageChanged) as changed:
        settings.language_buttons["en"].click()
    assert changed.args == ["en"]
    assert not editor.isVisible()


# --- screenshots ----------------------------------------------------------------------------


def clipped_widgets(root: QWidget) -> list[str]:
    """Visible buttons, labels, combo boxes and table headers narrower than their text."""
    problems = []
    for w in root.findChildren(QWidget):
        if not w.isVisibleTo(root) or w.width() <= 0:
            continue
        if isinstance(w, QAbstractButton) and w.text():
            if w.width() + 1 < w.sizeHint().width():
                problems.append(f"button {w.text()!r}: {w.width()} < {w.sizeHint().width()}")
        elif isinstance(w, ElidedLabel):
            continue  # shortened on purpose, with "…" and the whole text in its tooltip
        elif isinstance(w, QLabel) and w.text() and not w.wordWrap() and w.pixmap().isNull():
            if w.width() + 1 < w.sizeHint().width():
                problems.append(f"label {w.text()!r}: {w.width()} < {w.sizeHint().width()}")
        elif isinstance(w, QComboBox) and not w.isEditable() and w.currentText():
            needed = w.fontMetrics().horizontalAdvance(w.currentText()) + 30
            if w.width() < needed:
                problems.append(f"combo {w.currentText()!r}: {w.width()} < {needed}")
        elif isinstance(w, QHeaderView) and w.orientation() == Qt.Orientation.Horizontal:
            model = w.model()
            for section in range(w.count()):
                if w.isSectionHidden(section):
                    continue
                text = model.headerData(section, Qt.Orientation.Horizontal)
                needed = w.sectionSizeHint(section)  # the title with the style's margins
                if w.sectionSize(section) + 1 < needed:
                    problems.append(f"header {text!r}: {w.sectionSize(section)} < {needed}")
    return problems


@pytest.mark.parametrize("language", ["ar", "en"])
def test_screenshots_of_every_section(qtbot, qapp, demo_db, screenshot_dir, language):
    from ogp_desktop.ui.app import apply_language

    apply_language(qapp, language)
    try:
        window = open_window(qtbot, demo_db)
        window.resize(1366, 768)
        rtl = language == "ar"
        problems = {}
        for key in KEYS:
            view = window.show_section(key)
            QApplication.processEvents()
            image = window.grab()
            assert (image.width(), image.height()) == (1366, 768)
            path = screenshot_dir / f"main_window_{key}_{language}.png"
            assert image.save(str(path))
            assert path.stat().st_size > 10_000
            assert (x_in_window(window.nav, window) > x_in_window(view, window)) == rtl
            for table in view.findChildren(QTableView):
                if table.isVisible() and table.model().rowCount() and table.model().columnCount() > 1:
                    a, b = (table.visualRect(table.model().index(0, c)) for c in (0, 1))
                    assert (a.x() > b.x()) == rtl, (key, table)
            found = clipped_widgets(view) + clipped_widgets(window.nav)
            if found:
                problems[key] = found
        assert problems == {}
    finally:
        apply_language(qapp, "ar")


def test_the_real_minutes_editor_opens_and_its_saves_refresh_the_table(qtbot, arabic_ui, demo_db):
    pytest.importorskip("ogp_desktop.ui.editors.minutes")
    window = open_window(qtbot, demo_db)
    meetings = window.show_section("meetings")
    row = meetings.model.find(lambda r: r.status == "draft")
    meeting_id = meetings.model.row(row).id
    rect = meetings.table.visualRect(meetings.model.index(row, 1))
    qtbot.mouseClick(meetings.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseClick(meetings.open_button, Qt.MouseButton.LeftButton)
    (editor,) = window.open_editors()
    assert type(editor).__name__ == "MinutesEditor" and editor.meeting_id == meeting_id
    assert window.open_editor(meeting_id=meeting_id) is editor  # not opened twice
    editor.title_edit.setText("عنوان معدل للمسودة")
    with qtbot.waitSignal(editor.saved, timeout=10_000):
        assert editor.save() == meeting_id
    assert meetings.model.row(meetings.model.find(lambda r: r.id == meeting_id)).title == \
        "عنوان معدل للمسودة"
    assert window.close()
    assert window.open_editors() == []


def test_start_up_warns_when_the_database_is_in_a_cloud_folder(qtbot, tmp_path, monkeypatch):
    """A database inside a OneDrive folder gets a warning at start; a local one does not."""
    from PySide6.QtWidgets import QMessageBox

    from ogp_desktop.ui import app as app_mod

    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda self: shown.append(self.text()) or 0)
    synced = tmp_path / "OneDrive - Ministry" / "records" / "ogp-desktop.sqlite"
    synced.parent.mkdir(parents=True)
    reason = app_mod.warn_if_risky_location(synced, None)
    assert reason and shown == [reason]
    shown.clear()
    assert app_mod.warn_if_risky_location(tmp_path / "local.sqlite", None) is None
    assert shown == []


def test_about_shows_the_version_from_pyproject(qtbot, demo_db):
    """The About text carries the version of pyproject.toml and the records file."""
    import tomllib
    from pathlib import Path

    from ogp_desktop.ui.main_window import MainWindow

    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    root = Path(__file__).resolve().parents[2]
    version = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    text = window.about_text()
    assert version in text and str(demo_db.path) in text
