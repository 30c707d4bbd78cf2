"""Typing into real widgets the way a person does, Arabic letters included."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest


def type_text(qtbot, widget, text: str) -> None:  # noqa: ANN001
    """qtbot.keyClicks for ASCII; other characters (Arabic) as key events carrying text,
    since no key code exists for them."""
    widget.setFocus()
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
        else:
            QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch,
                               Qt.KeyboardModifier.NoModifier)
