"""The GUI in each offered language: Qt's own translations (standard buttons) load for
Arabic, the layout direction follows the language, and no visible label, button, group
title, tab or table header of the main window, the minutes editor or the sign dialog is
left in English when the program runs in Arabic."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from sqlalchemy import select

from ogp_desktop.core.i18n import LANGUAGES
from ogp_desktop.core.models import Meeting
from ogp_desktop.ui import common
from ogp_desktop.ui.app import apply_language, installed_translators
from ogp_desktop.ui.main_window import SECTIONS, MainWindow
from ogp_desktop.ui.views.widgets import ElidedLabel

ARABIC = re.compile(r"[\u0600-\u06ff]")

# Latin words that stay Latin in the Arabic interface (as the secretariat writes them).
LATIN_TERMS = re.compile(
    r"OGP Desktop|OGP|SHA-256|PDF|ZOOM|Zoom|Google Form|Task Force|SQLite|JSON|UUID|PNG|"
    r"JPEG|UTF-8|ogp-desktop|Ctrl|Alt|Shift|Enter|Esc|YYYY-MM-DD|HH:MM|English")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
URL = re.compile(r"https?://[^\s]+")  # an address, as typed (the timestamp server's example)
PATH = re.compile(r"(^|\s)(~|[A-Za-z]:)?[\\/][^\s]*")
FILE_FILTER = re.compile(r"\(\*\.[^)]*\)")


def untranslated(text: str) -> bool:
    """A text a user reads that is English: Latin words and not one Arabic letter, once
    the known Latin terms, e-mail addresses, paths and file patterns are set aside."""
    text = (text or "").replace("&&", "").replace("&", "")
    if ARABIC.search(text):
        return False
    for pattern in (URL, EMAIL, PATH, FILE_FILTER, LATIN_TERMS):
        text = pattern.sub(" ", text)
    return re.search(r"[A-Za-z]{2,}", text) is not None


def visible_texts(root: QWidget) -> list[tuple[str, str]]:
    """(what, text) of everything the user reads on `root` as shown now."""
    found: list[tuple[str, str]] = []

    def add(kind: str, text: str | None) -> None:
        if text and text.strip():
            found.append((kind, text))

    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisibleTo(root):
            continue
        name = type(w).__name__
        if isinstance(w, ElidedLabel):
            add(name, w.full_text())
        elif isinstance(w, QLabel):
            add(name, w.text())
        elif isinstance(w, QAbstractButton):
            add(name, w.text())
            if getattr(w, "menu", None) and w.menu() is not None:
                for action in w.menu().actions():
                    add("QMenu item", action.text())
        elif isinstance(w, QGroupBox):
            add(name, w.title())
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                add(name, w.tabText(i))
        elif isinstance(w, QHeaderView) and w.orientation() == Qt.Orientation.Horizontal:
            model = w.model()
            for section in range(w.count()):
                if not w.isSectionHidden(section) and model is not None:
                    add("header", model.headerData(section, Qt.Orientation.Horizontal,
                                                   Qt.ItemDataRole.DisplayRole))
        elif isinstance(w, QLineEdit | QPlainTextEdit | QTextEdit):
            add(f"{name} placeholder", w.placeholderText())
        if isinstance(w, QGroupBox) and w.isCheckable():
            add(name, w.title())
        if isinstance(w, QComboBox) and not w.isEditable():
            add("QComboBox", w.currentText())
        if getattr(w, "specialValueText", None) and w.specialValueText():
            add(f"{name} empty value", w.specialValueText())
    return found


def english_left(root: QWidget) -> list[str]:
    return sorted({f"{kind}: {text!r}" for kind, text in visible_texts(root)
                   if untranslated(str(text))})


# --- language, direction, Qt's own catalog ----------------------------------------------------

QT_CANCEL = {"ar": {"إلغاء", "ألغِ", "إلغاء الأمر"}, "en": {"Cancel"}}


@pytest.mark.parametrize("language", LANGUAGES)
def test_apply_language_sets_direction_and_qt_translations(qapp, language):
    try:
        apply_language(qapp, language)
        assert common.current_language() == language
        expected = (Qt.LayoutDirection.RightToLeft if language == "ar"
                    else Qt.LayoutDirection.LeftToRight)
        assert qapp.layoutDirection() == expected

        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel
                               | QDialogButtonBox.StandardButton.Save)
        cancel = box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "")
        save = box.button(QDialogButtonBox.StandardButton.Save).text().replace("&", "")
        assert cancel in QT_CANCEL[language], cancel
        assert bool(ARABIC.search(save)) == (language == "ar"), save
        assert box.isRightToLeft() == (language == "ar")
        box.deleteLater()
    finally:
        apply_language(qapp, "ar")


def test_switching_back_to_english_removes_qt_arabic(qapp):
    try:
        apply_language(qapp, "ar")
        apply_language(qapp, "en")
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        assert box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Cancel"
        assert installed_translators == []
    finally:
        apply_language(qapp, "ar")


def test_the_scan_recognises_english():
    assert untranslated("Save committee") and untranslated("Add…")
    assert not untranslated("حفظ اللجنة") and not untranslated("تصدير PDF…")
    assert not untranslated("PDF") and not untranslated("ZOOM") and not untranslated("SHA-256")
    assert not untranslated("mai@example.jo") and not untranslated("/tmp/data/records.sqlite")
    assert not untranslated("14/6/2021") and not untranslated("—")


# --- nothing English in the Arabic interface --------------------------------------------------


def _show(qtbot, widget: QWidget, size=(1366, 768)) -> None:
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    QApplication.processEvents()


def _pages(view: QWidget):
    """Show each tab of each tab widget of `view` in turn (yields a prefix for messages)."""
    yield ""
    for tabs in view.findChildren(QTabWidget):
        current = tabs.currentIndex()
        for i in range(tabs.count()):
            if i != current:
                tabs.setCurrentIndex(i)
                QApplication.processEvents()
                yield f"(tab {tabs.tabText(i)!r}) "
        tabs.setCurrentIndex(current)


def test_main_window_in_arabic_has_no_english_left(qtbot, arabic_ui, demo_db):
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    _show(qtbot, window)
    assert window.isRightToLeft()
    problems: dict[str, list[str]] = {}
    nav = window.nav
    sidebar = [nav.item(i).text() for i in range(nav.count())]
    assert not [t for t in sidebar if untranslated(t)], sidebar
    for key, _title, _page in SECTIONS:
        view = window.show_section(key)
        QApplication.processEvents()
        found: list[str] = []
        for page in _pages(view):  # every tab of the section in turn
            # select the first row of every list, so the forms below them are filled and shown
            for table in view.findChildren(QWidget):
                if hasattr(table, "selectRow") and table.isVisibleTo(view) and table.model() \
                        and table.model().rowCount():
                    table.selectRow(0)
            QApplication.processEvents()
            found += [f"{page}{p}" for p in english_left(window)]  # side bar too
        status = window.count_label.text()
        if untranslated(status):
            found.append(f"status bar: {status!r}")
        if found:
            problems[key] = found
    assert problems == {}, "English left in the Arabic interface:\n" + "\n".join(
        f"  [{k}] {p}" for k, v in problems.items() for p in v)


def test_the_same_scan_finds_english_in_the_english_interface(qtbot, english_ui, demo_db):
    """The scan above is not blind: in English it finds the English it looks for."""
    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    _show(qtbot, window)
    assert not window.isRightToLeft()
    found = english_left(window.show_section("meetings"))
    assert len(found) >= 10 and any("'Search'" in f for f in found), found


@pytest.fixture
def meeting_of_28_7_2021(demo_db) -> int:
    with demo_db.session() as s:
        return s.scalar(select(Meeting.id).where(Meeting.date == dt.date(2021, 7, 28)))


def test_minutes_editor_in_arabic_has_no_english_left(qtbot, arabic_ui, demo_db,
                                                      meeting_of_28_7_2021):
    from ogp_desktop.ui.editors import MinutesEditor

    editor = MinutesEditor(demo_db, meeting_of_28_7_2021)  # deletes itself on close
    _show(qtbot, editor)
    try:
        assert editor.isRightToLeft()
        toolbar = [a.text() for a in editor.toolbar.actions() if a.text()]
        found = english_left(editor) + [f"toolbar: {t!r}" for t in toolbar if untranslated(t)]
        assert found == [], "\n".join(found)
    finally:
        if shiboken6.isValid(editor):
            editor.autosaver.mark_clean()  # no prompt while the test ends
            editor.close()


def test_sign_dialog_in_arabic_has_no_english_left(qtbot, arabic_ui, demo_db,
                                                   meeting_of_28_7_2021):
    from ogp_desktop.core.services import signing
    from ogp_desktop.ui.editors.sign_dialog import SignDialog

    with demo_db.session() as s:
        signing.approve(s, meeting_of_28_7_2021)
    dialog = SignDialog(demo_db, meeting_of_28_7_2021)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.isRightToLeft()
    found = english_left(dialog)
    assert found == [], "\n".join(found)
    assert dialog.windowTitle() == "توقيع المحضر"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_side_bar_speaks_the_language(qtbot, qapp, demo_db, language):
    try:
        apply_language(qapp, language)
        window = MainWindow(demo_db)
        qtbot.addWidget(window)
        texts = [window.nav.item(i).text() for i in range(window.nav.count())]
        assert all(bool(ARABIC.search(t)) == (language == "ar") for t in texts), texts
        assert isinstance(window.nav, QListWidget)
    finally:
        apply_language(qapp, "ar")
