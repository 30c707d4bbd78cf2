"""The minutes' own words are laid out in the minutes' language, not the UI's: Arabic minutes
right to left and aligned on the right in an English UI, English minutes left to right in
the Arabic UI, every paragraph (typed ones included) of every text field; choosing the other
language in the editor re-aligns them at once. Driven as a person types: a click into a
field or Tab from the previous one, then key presses on the focused widget."""

from __future__ import annotations

import datetime as dt
import functools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit
from sqlalchemy import select
from typing_helpers import type_into_focus

from ogp_desktop.core.models import Meeting
from ogp_desktop.core.services import meetings
from ogp_desktop.core.services.meetings import MinutesData, Participant

pytestmark = pytest.mark.usefixtures("qapp")

RTL = Qt.LayoutDirection.RightToLeft
LTR = Qt.LayoutDirection.LeftToRight
ARABIC = "مناقشة معايير التقييم"
ENGLISH = "Review of the survey"


@pytest.fixture
def open_editor(editor_windows, no_message_box):
    return functools.partial(editor_windows, size=(1366, 768))


def click_into(qtbot, widget) -> None:
    target = widget.viewport() if isinstance(widget, QPlainTextEdit) else widget
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=target.rect().center())
    qtbot.waitUntil(widget.hasFocus)


def tab_to(qtbot, widget) -> None:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    qtbot.waitUntil(widget.hasFocus)


def line_extent(widget) -> tuple[int, int]:
    """Where the current line lies on screen, from the cursor at its two ends (Home, End),
    as painted (a line edit places its text when it paints)."""
    xs = []
    for key in (Qt.Key.Key_Home, Qt.Key.Key_End):
        QTest.keyClick(widget, key)
        widget.repaint()
        xs.append(widget.cursorRect().center().x())
    return min(xs), max(xs)


def assert_laid_out(widget, direction: Qt.LayoutDirection) -> None:
    """The widget's text runs in `direction` and its lines start on that side."""
    if isinstance(widget, QPlainTextEdit):
        option = widget.document().defaultTextOption()
        assert option.textDirection() == direction
        block = widget.textCursor().block()
        assert block.layout().textOption().textDirection() == direction
        width = widget.viewport().width()
    else:
        assert isinstance(widget, QLineEdit)
        width = widget.width()
    assert widget.layoutDirection() == direction
    side = Qt.AlignmentFlag.AlignRight if direction == RTL else Qt.AlignmentFlag.AlignLeft
    alignment = (widget.document().defaultTextOption().alignment()
                 if isinstance(widget, QPlainTextEdit) else widget.alignment())
    assert alignment & side
    left, right = line_extent(widget)
    if direction == RTL:
        assert right > width - 20, (left, right, width)  # starts at the right edge
    else:
        assert left < 20, (left, right, width)


def text_fields_typed_into(qtbot, editor, text: str):
    """Type `text` into every text field of the minutes as a person does; yields each
    field right after typing into it."""
    click_into(qtbot, editor.title_edit)
    type_into_focus(qtbot, text)
    yield editor.title_edit
    click_into(qtbot, editor.location_edit)
    type_into_focus(qtbot, text)
    yield editor.location_edit
    tab_to(qtbot, editor.objective_edit)
    type_into_focus(qtbot, text)
    qtbot.keyClick(editor.objective_edit, Qt.Key.Key_Return)  # a new paragraph, typed
    type_into_focus(qtbot, text)
    yield editor.objective_edit
    click_into(qtbot, editor.new_person_edit)
    type_into_focus(qtbot, text)
    yield editor.new_person_edit
    tab_to(qtbot, editor.new_org_edit)
    type_into_focus(qtbot, text)
    yield editor.new_org_edit
    qtbot.keyClick(editor.new_org_edit, Qt.Key.Key_Return)  # the person joins the attendees
    qtbot.waitUntil(lambda: len(editor.attendees) == 1)
    row = editor.attendees.rows()[0]
    yield row.name
    yield row.organisation
    for rows, button in ((editor.discussion, editor.add_discussion_button),
                         (editor.outputs, editor.add_output_button),
                         (editor.notes, editor.add_note_button)):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        edit = rows.editors()[-1]
        qtbot.waitUntil(edit.hasFocus)
        type_into_focus(qtbot, text)
        qtbot.keyClick(edit, Qt.Key.Key_Return)
        type_into_focus(qtbot, text)
        yield edit
    qtbot.mouseClick(editor.add_action_button, Qt.MouseButton.LeftButton)
    action = editor.action_items.rows()[-1]
    qtbot.waitUntil(action.text.hasFocus)
    type_into_focus(qtbot, text)
    yield action.text
    tab_to(qtbot, action.owner_edit)
    type_into_focus(qtbot, text)
    yield action.owner_edit


@pytest.mark.parametrize(("ui", "language", "words", "direction"), [
    ("english_ui", "ar", ARABIC, RTL),   # Arabic minutes in an English UI
    ("english_ui", "ar", ENGLISH, RTL),  # ... a line in English still starts on the right
    ("arabic_ui", "en", ENGLISH, LTR),   # English minutes in the Arabic UI
    ("arabic_ui", "en", ARABIC, LTR),    # ... an Arabic name in them starts on the left
    ("arabic_ui", "ar", ARABIC, RTL),    # and the usual case
])
def test_text_follows_the_language_of_the_minutes(qtbot, db, open_editor, request,
                                                  ui, language, words, direction):
    request.getfixturevalue(ui)
    editor = open_editor(db)
    if language != "ar":
        editor.language_combo.setFocus()
        qtbot.keyClick(editor.language_combo, Qt.Key.Key_Down)  # Arabic → English
        qtbot.waitUntil(lambda: editor.language_combo.currentData() == language)
    checked = []
    for field in text_fields_typed_into(qtbot, editor, words):
        assert_laid_out(field, direction)
        checked.append(field)
    assert len(checked) == 12
    assert editor.committee_combo.lineEdit().alignment() & (
        Qt.AlignmentFlag.AlignRight if direction == RTL else Qt.AlignmentFlag.AlignLeft)


def test_choosing_the_language_realigns_at_once(qtbot, db, open_editor, english_ui):
    with db.session() as s:
        meeting_id = meetings.save_minutes(s, MinutesData(
            title="محضر الاجتماع", date=dt.date(2021, 7, 28), objective="مراجعة النتائج",
            attendees=[Participant("مي عليمات", None)], discussion=["أولا", "ثانيا"],
            notes=["ملاحظة"])).id
    editor = open_editor(db, meeting_id)
    fields = [editor.title_edit, editor.objective_edit, *editor.discussion.editors(),
              *editor.notes.editors(), editor.attendees.rows()[0].name]
    for field in fields:
        click_into(qtbot, field)
        assert_laid_out(field, RTL)
    editor.language_combo.setFocus()
    qtbot.keyClick(editor.language_combo, Qt.Key.Key_Down)  # English minutes now
    qtbot.waitUntil(lambda: editor.language_combo.currentData() == "en")
    for field in fields:
        click_into(qtbot, field)
        assert_laid_out(field, LTR)
    qtbot.mouseClick(editor.add_discussion_button, Qt.MouseButton.LeftButton)
    added = editor.discussion.editors()[-1]
    qtbot.waitUntil(added.hasFocus)
    type_into_focus(qtbot, ENGLISH)
    assert_laid_out(added, LTR)
    editor.language_combo.setFocus()
    qtbot.keyClick(editor.language_combo, Qt.Key.Key_Up)  # and back to Arabic
    qtbot.waitUntil(lambda: editor.language_combo.currentData() == "ar")
    for field in [*fields, added]:
        click_into(qtbot, field)
        assert_laid_out(field, RTL)
    with db.session() as s:
        assert s.scalar(select(Meeting.language).where(Meeting.id == meeting_id)) == "ar"


def test_a_photo_caption_is_typed_in_the_minutes_direction(qtbot, db, open_editor,
                                                           english_ui):
    editor = open_editor(db)
    dialog = editor.make_caption_dialog("photo.png")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    edit = dialog.findChild(QLineEdit)
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    type_into_focus(qtbot, ENGLISH)
    assert_laid_out(edit, RTL)
    assert dialog.layoutDirection() == LTR  # the dialog itself is the UI's
    assert editor.photos_panel.list.layoutDirection() == RTL


@pytest.mark.parametrize("ui", ["english_ui", "arabic_ui"])
def test_screenshot_of_arabic_minutes(qtbot, demo_db, open_editor, request, ui, screenshot_dir):
    """For people to look at: Arabic minutes in both UIs, paragraphs on the right."""
    request.getfixturevalue(ui)
    with demo_db.session() as s:
        meeting_id = s.scalar(select(Meeting.id).where(Meeting.date == dt.date(2021, 7, 28)))
    editor = open_editor(demo_db, meeting_id)
    editor.scroll_area.ensureWidgetVisible(editor.discussion, 0, 0)
    path = screenshot_dir / f"editor_arabic_minutes_{ui}.png"
    assert editor.grab().save(str(path))
    for edit in [editor.objective_edit, *editor.discussion.editors()]:
        assert_laid_out(edit, RTL)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)),
                    max_size=200),
       direction=st.sampled_from([RTL, LTR]))
def test_any_text_keeps_the_minutes_direction(qtbot, text, direction):
    """Whatever is pasted (Latin first, digits, bidi controls, NUL, line and paragraph
    separators), every paragraph is laid out in the minutes' direction from its side."""
    from ogp_desktop.ui.editors.text_direction import set_text_direction
    from ogp_desktop.ui.editors.widgets import GrowingTextEdit

    edit = GrowingTextEdit(min_lines=2)
    qtbot.addWidget(edit)
    set_text_direction(edit, direction)
    edit.setPlainText(text)
    side = Qt.AlignmentFlag.AlignRight if direction == RTL else Qt.AlignmentFlag.AlignLeft
    layout = edit.document().documentLayout()
    block = edit.document().firstBlock()
    while block.isValid():
        layout.ensureBlockLayout(block)
        option = block.layout().textOption()
        assert option.textDirection() == direction
        assert option.alignment() & side
        block = block.next()
