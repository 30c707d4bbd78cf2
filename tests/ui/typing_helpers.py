"""Typing into real widgets the way a person does, Arabic letters included: into the widget
that has the focus, reached by Tab from the field before it or by a click on it."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def type_keys(qtbot, widget, text: str) -> None:
    """qtbot.keyClicks for ASCII; other characters (Arabic, Arabic-Indic digits) as key
    events carrying text, since no key code exists for them."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch,
                               Qt.KeyboardModifier.NoModifier)


def type_text(qtbot, widget, text: str) -> None:
    """Focus `widget` and type `text` at its cursor."""
    widget.setFocus()
    type_keys(qtbot, widget, text)


def type_into_focus(qtbot, text: str) -> None:
    """Type where the keyboard focus is, as a keyboard does."""
    focused = QApplication.focusWidget()
    assert focused is not None, "nothing has the keyboard focus"
    type_keys(qtbot, focused, text)


def tab_into(qtbot, before, target) -> None:
    """Put the focus on the field before `target` and press Tab, as a person walks a form."""
    before.setFocus()
    qtbot.waitUntil(before.hasFocus)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is target, QApplication.focusWidget()


def click_at(qtbot, widget, pos: QPoint) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)
    qtbot.waitUntil(widget.hasFocus)


def middle_of(widget) -> QPoint:
    return widget.rect().center()


def show_section(qtbot, view, width: int = 1150, height: int = 720):
    """A section of the main window shown on its own, at a window's size, and filled as the
    main window fills it when the section is shown (ensure_fresh)."""
    qtbot.addWidget(view)
    view.resize(width, height)
    view.show()
    qtbot.waitExposed(view)
    view.ensure_fresh()
    return view


def click_row(qtbot, table, row: int) -> None:
    """Click the first cell of `row` of a table, as a person picks a record."""
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def select_all_in(qtbot, widget) -> None:
    """Click the field and select what it holds (Ctrl+A), as a person does."""
    click_at(qtbot, widget, middle_of(widget))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)


def type_over(qtbot, widget, text: str) -> None:
    """Type `text` over what the field holds."""
    select_all_in(qtbot, widget)
    type_into_focus(qtbot, text)


def end_of_text(line_edit) -> QPoint:
    """Just after the last character of a line edit's text (where a person clicks to add)."""
    metrics = line_edit.fontMetrics()
    width = metrics.horizontalAdvance(line_edit.text())
    rect = line_edit.rect()
    if line_edit.alignment() & Qt.AlignmentFlag.AlignRight:
        # right-aligned text ends at the right edge of the text area
        return QPoint(rect.right() - 3, rect.center().y())
    left = line_edit.textMargins().left() + line_edit.contentsMargins().left() + 2
    return QPoint(min(rect.right() - 3, left + width + 6), rect.center().y())


def modal_ready(kind: type) -> bool:
    """A modal `kind` is open, active, and holds the keyboard focus (keys go to it)."""
    modal, focus = QApplication.activeModalWidget(), QApplication.focusWidget()
    return (isinstance(modal, kind) and QApplication.activeWindow() is modal
            and focus is not None and modal.isAncestorOf(focus))


def while_modal(qtbot, kind: type, act) -> list:
    """Run `act(dialog)` once a modal `kind` is open and has the keyboard focus (the click
    that opens it blocks until it closes); the dialog is closed even when `act` fails.
    Returns the errors seen."""
    errors: list = []

    def check() -> None:
        try:
            qtbot.waitUntil(lambda: modal_ready(kind), timeout=5000)
        except Exception as exc:
            errors.append(exc)
            return
        dialog = QApplication.activeModalWidget()
        try:
            act(dialog)
        except Exception as exc:
            errors.append(exc)
        finally:
            if shiboken6.isValid(dialog) and dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, check)
    return errors


def modal_steps(qtbot, *steps, timeout: float = 10.0) -> list:
    """`(kind, act)` steps, in turn: `act(dialog)` once a modal `kind` is open and has the
    keyboard focus, then the next step waits for the next modal (a file dialog that, once
    closed, leads to a password dialog). Polls on whatever event loop runs, never waiting
    inside a dialog's own loop, so one dialog closing can let the next open. A dialog that
    `act` left open is closed (rejected). Returns the errors seen; a modal that never came
    is one."""
    import time

    errors: list = []
    pending = list(steps)
    deadline = time.monotonic() + timeout

    def poll() -> None:
        if not pending:
            return
        kind, act = pending[0]
        if not modal_ready(kind):
            if time.monotonic() > deadline:
                errors.append(TimeoutError(f"no {kind.__name__} was opened"))
                pending.clear()
                return
            QTimer.singleShot(20, poll)
            return
        pending.pop(0)
        dialog = QApplication.activeModalWidget()
        try:
            act(dialog)
        except Exception as exc:
            errors.append(exc)
        finally:
            if shiboken6.isValid(dialog) and dialog.isVisible():
                dialog.reject()
        QTimer.singleShot(0, poll)

    QTimer.singleShot(0, poll)
    return errors
