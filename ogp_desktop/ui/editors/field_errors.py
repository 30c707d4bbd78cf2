"""Errors shown at the fields of a form and in its red banner, gone as soon as the person
changes the field that was wrong: a person who ticks the attendee named in the banner must
not see the banner until the next save.

Each marked field remembers its value when it was marked; `recheck()`, called on every
change of the form, clears the fields whose value is no longer that one, and hides the
banner once no field it spoke of is still marked. A message about no field (the database
is busy) stays until the next attempt."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from ogp_desktop.ui.editors.widgets import Banner, is_invalid, set_invalid


def field_value(widget: QWidget) -> Any:
    """What the person has entered in `widget`, to tell whether it changed; None for a
    widget without a value (a button), which then needs a `value` callable."""
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        return widget.currentIndex(), widget.currentText()
    if isinstance(widget, QAbstractButton) and widget.isCheckable():
        group = widget.group()  # a choice among radio buttons: any of them fixes it
        buttons = group.buttons() if group is not None else [widget]
        return tuple(b.isChecked() for b in buttons)
    for getter in ("value", "text"):  # spin boxes, date and time fields
        method = getattr(widget, getter, None)
        if callable(method):
            return method()
    return None


class FieldErrors:
    """The marked fields of one form and its error banner."""

    def __init__(self, banner: Banner) -> None:
        self.banner = banner
        self._marked: list[tuple[QWidget, Callable[[], Any], Any]] = []
        self._banner_for_fields = False

    def show(self, message: str, widget: QWidget | None = None,
             value: Callable[[], Any] | None = None) -> None:
        """The message in the banner and, when given, at `widget` (cleared when `value()`,
        by default what the widget holds, changes)."""
        self.banner.label.setText(message)
        self.banner.show()
        self._banner_for_fields = widget is not None
        if widget is not None:
            set_invalid(widget, message)
            read: Callable[[], Any] = value or partial(field_value, widget)
            self._marked.append((widget, read, read()))

    def clear(self) -> None:
        for widget, _read, _before in self._marked:
            try:
                set_invalid(widget, None)
            except RuntimeError:  # its row was removed meanwhile
                pass
        self._marked = []
        self._banner_for_fields = False
        self.banner.hide()

    def recheck(self) -> None:
        """After a change of the form: clear what was fixed, and the banner when nothing
        it spoke of is left."""
        if not self._marked:
            return
        left = []
        for widget, read, before in self._marked:
            try:
                if widget.parentWidget() is None:  # its row was removed: nothing to fix
                    continue
                still = is_invalid(widget) and read() == before
                if not still:
                    set_invalid(widget, None)
            except RuntimeError:  # deleted with its row
                continue
            if still:
                left.append((widget, read, before))
        self._marked = left
        if not left and self._banner_for_fields:
            self._banner_for_fields = False
            self.banner.hide()


__all__ = ["FieldErrors", "field_value"]
