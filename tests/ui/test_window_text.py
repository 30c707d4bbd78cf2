"""What a person reads in the Arabic windows: fingerprints and paths in the order they are
written (left-to-right isolates inside Arabic text), Qt's own dialogs in Arabic and opening
in the Documents folder, buttons that say what they do, and toolbar icons that are told
apart. Everything is driven by clicks and key presses on the real widgets."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QFileInfo, Qt
from PySide6.QtGui import QTextLayout, QTextOption
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QFileDialog,
    QFileSystemModel,
    QLabel,
    QMessageBox,
    QToolButton,
    QTreeView,
    QWidget,
)
from sqlalchemy import select
from typing_helpers import type_text, while_modal

from ogp_desktop.core.models import Meeting
from ogp_desktop.core.services import signing
from ogp_desktop.ui.common import _

pytestmark = pytest.mark.usefixtures("qapp")

LRI, PDI = "\u2066", "\u2069"  # Unicode's left-to-right isolate and its end
ENGLISH = ("Look in", "Files of type", "Folder", "Cancel", "Open", "Save", "Discard",
           "File name", "Directory")


# --- helpers -----------------------------------------------------------------------------


def visual_order(text: str, widget: QWidget) -> str:
    """The characters of `text` as the widget draws them from left to right (glyph positions
    of a QTextLayout in the widget's font and direction); spaces and invisible controls
    left out."""
    layout = QTextLayout(text, widget.font())
    option = QTextOption()
    option.setTextDirection(widget.layoutDirection())
    layout.setTextOption(option)
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(100_000)
    layout.endLayout()
    placed = []
    for i, ch in enumerate(text):
        if ch.isspace() or unicodedata.category(ch) == "Cf":
            continue
        rects = [run.boundingRect() for run in layout.glyphRuns(i, 1) if run.glyphIndexes()]
        if rects:
            placed.append((min(r.x() for r in rects), ch))
    return "".join(ch for _x, ch in sorted(placed, key=lambda p: p[0]))


def bare(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf")


def dialog_texts(dialog: QWidget) -> list[str]:
    """Every text the dialog shows a person: title, labels, buttons, tool tips, choices,
    column headers."""
    texts = [dialog.windowTitle()]
    texts += [w.text() for w in dialog.findChildren(QLabel)]
    texts += [w.text() for w in dialog.findChildren(QAbstractButton)]
    texts += [w.toolTip() for w in dialog.findChildren(QToolButton)]
    for combo in dialog.findChildren(QComboBox):
        if combo.objectName() != "lookInCombo":  # folder paths
            texts += [combo.itemText(i) for i in range(combo.count())]
    for view in dialog.findChildren(QTreeView):
        model = view.model()
        texts += [str(model.headerData(c, Qt.Orientation.Horizontal))
                  for c in range(model.columnCount())]
    return [t for t in texts if t]


def english_left(texts: list[str]) -> list[str]:
    return [t for t in texts
            if any(word.lower() in t.replace("&", "").lower() for word in ENGLISH)]


@pytest.fixture
def signed_editor(qtbot, demo_db, arabic_ui):
    from ogp_desktop.ui.editors import MinutesEditor

    with demo_db.session() as s:
        meeting_id = s.scalar(select(Meeting.id).where(Meeting.date == dt.date(2021, 7, 28)))
        signing.approve(s, meeting_id)
        signing.sign(s, meeting_id, [signing.Signatory("مي عليمات", "منسقة الوحدة")])
    editor = MinutesEditor(demo_db, meeting_id, offer_recovery=False)
    editor.show()
    qtbot.waitExposed(editor)
    yield editor
    if shiboken6.isValid(editor):
        editor.close()


@pytest.fixture
def draft_editor(qtbot, demo_db, arabic_ui):
    from ogp_desktop.ui.editors import MinutesEditor

    with demo_db.session() as s:
        meeting_id = s.scalar(select(Meeting.id).where(Meeting.date == dt.date(2021, 7, 28)))
    editor = MinutesEditor(demo_db, meeting_id, offer_recovery=False)
    editor.show()
    qtbot.waitExposed(editor)
    editor.activateWindow()
    yield editor
    if shiboken6.isValid(editor):
        editor.autosaver.mark_clean()  # no prompt while the test ends
        editor.close()


def click_action(qtbot, toolbar, action) -> None:
    button = toolbar.widgetForAction(action)
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)


# --- item 3: fingerprints and paths keep their order -------------------------------------


def test_signed_banner_shows_the_fingerprint_in_its_written_order(
        qtbot, signed_editor, screenshot_dir):
    editor = signed_editor
    fingerprint = editor.fingerprint
    assert re.fullmatch(r"[0-9a-f]{64}", fingerprint)
    label = editor.banner.label
    assert label.isRightToLeft()
    shown = " ".join(fingerprint[i:i + 4] for i in range(0, 16, 4)) + "…"
    assert LRI + shown + PDI in label.text()
    # drawn left to right exactly as on the paper: 6475 e379 1bad 1efa…
    assert fingerprint[:16] + "…" in visual_order(label.text(), label)
    assert label.toolTip() == LRI + fingerprint + PDI

    panel = editor.signatures_panel.fingerprint
    assert fingerprint in visual_order(panel.text(), panel)

    path = screenshot_dir / "i9_signed_banner_ar.png"
    assert editor.banner.grab().save(str(path))
    assert editor.grab().save(str(screenshot_dir / "i9_signed_editor_ar.png"))


def test_status_line_keeps_an_exported_path_in_order(
        qtbot, draft_editor, _isolated_user_data, screenshot_dir):
    editor = draft_editor
    documents = Path(_isolated_user_data) / "Documents"
    documents.mkdir()
    target = documents / "minutes-28-7.pdf"

    def save_as(dialog: QFileDialog) -> None:
        field = QApplication.focusWidget()
        field.selectAll()
        QTest.keyClicks(field, str(target))
        QTest.keyClick(field, Qt.Key.Key_Return)

    errors = while_modal(qtbot, QFileDialog, save_as)
    click_action(qtbot, editor.toolbar, editor.export_action)
    assert not errors, errors
    qtbot.waitUntil(target.is_file)
    message = editor.statusBar().currentMessage()
    assert str(target) in message
    bar = editor.statusBar()
    assert bar.isRightToLeft()
    assert bare(str(target)) in visual_order(message, bar)  # "/home/…" stays "/home/…"
    assert editor.statusBar().grab().save(str(screenshot_dir / "i9_status_path_ar.png"))


# --- item 4: Qt's dialogs in Arabic, in the Documents folder, explicit buttons, icons -----


def test_file_dialog_is_arabic_and_starts_in_documents_then_the_folder_last_used(
        qtbot, draft_editor, _isolated_user_data, tmp_path, screenshot_dir):
    editor = draft_editor
    documents = Path(_isolated_user_data) / "Documents"
    (documents / "old minutes").mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    seen: dict = {}

    def first(dialog: QFileDialog) -> None:
        seen["directory"] = Path(dialog.directory().absolutePath())
        model = dialog.findChild(QFileSystemModel)
        folder = str(documents / "old minutes")
        qtbot.waitUntil(lambda: model.index(folder).isValid()
                        and model.index(folder, 2).data() not in (None, ""))
        seen["type"] = model.index(folder, 2).data()
        seen["texts"] = dialog_texts(dialog)
        dialog.setViewMode(QFileDialog.ViewMode.Detail)
        dialog.grab().save(str(screenshot_dir / "i9_file_dialog_ar.png"))
        field = QApplication.focusWidget()
        QTest.keyClicks(field, str(elsewhere / "first.pdf"))
        QTest.keyClick(field, Qt.Key.Key_Return)

    errors = while_modal(qtbot, QFileDialog, first)
    click_action(qtbot, editor.toolbar, editor.export_action)
    assert not errors, errors
    assert seen["directory"] == documents  # not the program's working folder
    assert english_left(seen["texts"]) == []
    assert seen["type"] == _("Folder") != "Folder"
    assert any(_("&Look in:") == t for t in seen["texts"])
    qtbot.waitUntil((elsewhere / "first.pdf").is_file)

    def second(dialog: QFileDialog) -> None:
        seen["again"] = Path(dialog.directory().absolutePath())

    errors = while_modal(qtbot, QFileDialog, second)
    click_action(qtbot, editor.toolbar, editor.export_action)
    assert not errors, errors
    assert seen["again"] == elsewhere


def test_unsaved_changes_buttons_say_what_happens(qtbot, draft_editor):
    editor = draft_editor
    type_text(qtbot, editor.location_edit, " ")
    assert editor.dirty
    seen: dict = {}

    def look_then_cancel(box: QMessageBox) -> None:
        seen["buttons"] = sorted(b.text() for b in box.buttons())
        cancel = next(b for b in box.buttons() if b.text() == _("Cancel"))
        QTest.mouseClick(cancel, Qt.MouseButton.LeftButton)

    errors = while_modal(qtbot, QMessageBox, look_then_cancel)
    QTest.keyClick(editor.location_edit, Qt.Key.Key_Escape)
    assert not errors, errors
    assert seen["buttons"] == sorted([_("Save"), _("Discard changes"), _("Cancel")])
    assert seen["buttons"] == sorted(["حفظ", "تجاهل التغييرات", "إلغاء"])
    assert editor.isVisible()  # cancelled

    def discard(box: QMessageBox) -> None:
        button = next(b for b in box.buttons() if b.text() == _("Discard changes"))
        QTest.mouseClick(button, Qt.MouseButton.LeftButton)

    editor.activateWindow()  # as the window manager does when the box closes
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    errors = while_modal(qtbot, QMessageBox, discard)
    QTest.keyClick(editor.location_edit, Qt.Key.Key_Escape)
    assert not errors, errors
    qtbot.waitUntil(lambda: not shiboken6.isValid(editor) or not editor.isVisible())


def test_print_export_and_save_have_their_own_icons(draft_editor):
    editor = draft_editor

    def image(action):
        icon = action.icon()
        assert not icon.isNull()
        return icon.pixmap(32, 32).toImage()

    save, export, print_ = (image(a) for a in (editor.save_action, editor.export_action,
                                               editor.print_action))
    assert export != save
    assert print_ != save
    assert print_ != export
    computer = editor.style().standardIcon(editor.style().StandardPixmap.SP_ComputerIcon)
    assert print_ != computer.pixmap(32, 32).toImage()


def test_every_file_dialog_goes_through_the_one_helper():
    """No QFileDialog anywhere else in the UI: each one is Arabic and starts in Documents."""
    root = Path(__file__).resolve().parents[2] / "ogp_desktop" / "ui"
    users = sorted(str(p.relative_to(root)) for p in root.rglob("*.py")
                   if "QFileDialog" in p.read_text(encoding="utf-8"))
    assert users == ["app.py", "file_dialogs.py"]  # app.py: the translations of its texts


def test_qt_type_names_are_translated(arabic_ui, tmp_path):
    from PySide6.QtWidgets import QFileIconProvider

    assert QFileIconProvider().type(QFileInfo(str(tmp_path))) == _("Folder") != "Folder"


def test_main_window_status_line_keeps_a_saved_path_in_order(
        qtbot, demo_db, arabic_ui, _isolated_user_data, screenshot_dir):
    """The calendar file saved from the main window: its path on the status line, "/" first."""
    from ogp_desktop.ui.main_window import MainWindow

    window = MainWindow(demo_db)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    view = window.show_section("calendar")
    documents = Path(_isolated_user_data) / "Documents"
    documents.mkdir()
    target = documents / "plan-5.ics"

    def save_as(dialog: QFileDialog) -> None:
        assert Path(dialog.directory().absolutePath()) == documents
        field = QApplication.focusWidget()
        field.selectAll()
        QTest.keyClicks(field, str(target))
        QTest.keyClick(field, Qt.Key.Key_Return)

    errors = while_modal(qtbot, QFileDialog, save_as)
    QTest.mouseClick(view.ics_button, Qt.MouseButton.LeftButton)
    assert not errors, errors
    bar = window.statusBar()
    qtbot.waitUntil(lambda: str(target) in bar.currentMessage(), timeout=30_000)
    assert bar.isRightToLeft()
    assert bare(str(target)) in visual_order(bar.currentMessage(), bar)
    assert bar.grab().save(str(screenshot_dir / "i9_main_status_path_ar.png"))
    window.close()


# --- the helper itself, on any value -------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PATHLIKE = st.text(st.sampled_from("abcXYZ0123456789/\\-_.:@~ "), min_size=1, max_size=60)


@settings(max_examples=60, deadline=None)
@given(value=PATHLIKE, before=st.sampled_from(["صُدِّر إلى", "البصمة", "الملف:"]))
def test_any_latin_value_is_drawn_in_its_written_order_inside_arabic(qapp, value, before):
    from ogp_desktop.ui.common import ltr

    label = QLabel()
    label.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    text = f"{before} {ltr(value)}"
    assert text.endswith(LRI + value + PDI)
    drawn = visual_order(text, label)
    # after the Arabic words, so to their left, whole and in order: "/home/…" not "home/…/"
    assert drawn.startswith(bare(value))


@settings(max_examples=200, deadline=None)
@given(value=st.text(max_size=200))
def test_ltr_keeps_any_text_and_escapes_it_for_rich_text(value):
    from ogp_desktop.ui.common import ltr, ltr_html

    assert ltr(value) == (LRI + value + PDI if value else "")
    marked = ltr_html(value)
    assert "<" not in marked and (">" not in marked)
    if value:
        assert marked.startswith(LRI) and marked.endswith(PDI)
