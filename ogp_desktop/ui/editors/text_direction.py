"""The direction of the minutes' own text. What a person types into the minutes is read in
the minutes' language, whatever the UI's: Arabic minutes are right to left and aligned on
the right in an English UI too, English minutes left to right in the Arabic UI.

Qt needs this said per kind of widget: a plain-text edit lays out each paragraph with its
document's default text option (left-aligned, direction guessed per paragraph, unless told),
and a line edit aligns by the direction of its first letter, not by its layoutDirection."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

RIGHT_TO_LEFT_LANGUAGES = frozenset({"ar"})


def minutes_direction(language: str | None) -> Qt.LayoutDirection:
    """Arabic (and any minutes without a language yet: the default is Arabic) are RTL."""
    if (language or "ar") in RIGHT_TO_LEFT_LANGUAGES:
        return Qt.LayoutDirection.RightToLeft
    return Qt.LayoutDirection.LeftToRight


def start_alignment(direction: Qt.LayoutDirection) -> Qt.AlignmentFlag:
    """Where a line of text in `direction` starts, as an absolute side (Qt would otherwise
    mirror it again by the widget's or the text's own direction)."""
    side = (Qt.AlignmentFlag.AlignRight if direction == Qt.LayoutDirection.RightToLeft
            else Qt.AlignmentFlag.AlignLeft)
    return Qt.AlignmentFlag.AlignAbsolute | side


def set_text_direction(widget: QWidget, direction: Qt.LayoutDirection) -> None:
    """Lay out the text of `widget` (every paragraph, including those typed later) in
    `direction`, aligned at its start. Other widgets (a list of photo captions) take
    `direction` as their layout direction."""
    if isinstance(widget, QComboBox):
        line_edit = widget.lineEdit()
        if line_edit is not None:  # the typed text only; the arrow stays put
            set_text_direction(line_edit, direction)
        return
    widget.setLayoutDirection(direction)
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        document = widget.document()
        option = document.defaultTextOption()
        option.setTextDirection(direction)
        option.setAlignment(start_alignment(direction))
        document.setDefaultTextOption(option)  # relays out the paragraphs already there
    elif isinstance(widget, QLineEdit):
        widget.setAlignment(start_alignment(direction) | Qt.AlignmentFlag.AlignVCenter)


__all__ = ["minutes_direction", "set_text_direction", "start_alignment"]
