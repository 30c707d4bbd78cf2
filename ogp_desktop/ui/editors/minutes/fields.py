"""How the minutes form shows each declared field (`core.minutes_fields`): a field's key
names the form's widget and the way its value is read, shown and collected, so the form's
state, load and collect are loops over the declaration instead of a line per field."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QSpinBox, QWidget

from ogp_desktop.core.minutes_fields import MEETING_FIELDS, Field


def iso_date(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def hhmm(t: dt.time | None) -> str | None:
    return t.strftime("%H:%M") if t else None


def parse_hhmm(value: str | None) -> dt.time | None:
    if not value:
        return None
    hours, minutes = value.split(":")[:2]
    return dt.time(int(hours), int(minutes))


class Shown:
    """A kind of widget. `state` is what the autosave keeps (JSON, as typed); `typed` is
    what `MinutesData` holds; `plain` turns a `MinutesData` value into a state value."""

    def state(self, w: Any) -> Any:
        raise NotImplementedError

    def load(self, w: Any, value: Any, f: Field) -> None:
        raise NotImplementedError

    def typed(self, w: Any, f: Field) -> Any:
        return self.state(w)

    def plain(self, value: Any) -> Any:
        return value


class Line(Shown):
    """A one-line text (QLineEdit); an empty optional text is none."""

    def state(self, w: QLineEdit) -> str:
        return w.text()

    def load(self, w: QLineEdit, value: Any, f: Field) -> None:
        w.setText(value or "")

    def typed(self, w: QLineEdit, f: Field) -> str | None:
        text = w.text().strip()
        return text if f.required else text or None

    def plain(self, value: Any) -> str:
        return value or ""


class Paragraphs(Line):
    """A text of several lines (QPlainTextEdit)."""

    def state(self, w: QPlainTextEdit) -> str:  # type: ignore[override]
        return w.toPlainText()

    def load(self, w: QPlainTextEdit, value: Any, f: Field) -> None:  # type: ignore[override]
        w.setPlainText(value or "")

    def typed(self, w: QPlainTextEdit, f: Field) -> str | None:  # type: ignore[override]
        text = w.toPlainText().strip()
        return text if f.required else text or None


class Day(Shown):
    """An OptionalDateEdit; a required date that was never given starts as today."""

    def state(self, w: Any) -> str | None:
        return iso_date(w.value())

    def load(self, w: Any, value: Any, f: Field) -> None:
        day = dt.date.fromisoformat(value) if value else None
        w.set_value(day or (dt.date.today() if f.required else None))

    def typed(self, w: Any, f: Field) -> dt.date | None:
        return w.value()

    def plain(self, value: Any) -> str | None:
        return iso_date(value)


class Clock(Shown):
    """An OptionalTimeEdit, kept as HH:MM."""

    def state(self, w: Any) -> str | None:
        return hhmm(w.value())

    def load(self, w: Any, value: Any, f: Field) -> None:
        w.set_value(parse_hhmm(value))

    def typed(self, w: Any, f: Field) -> dt.time | None:
        return w.value()

    def plain(self, value: Any) -> str | None:
        return hhmm(value)


@dataclass(frozen=True)
class Count(Shown):
    """A QSpinBox whose lowest value (`none`, shown as a blank) means not given."""

    none: int = 0

    def state(self, w: QSpinBox) -> int | None:
        value = w.value()
        return None if value <= self.none else value

    def load(self, w: QSpinBox, value: Any, f: Field) -> None:
        w.setValue(self.none if value is None else int(value))


class Choice(Shown):
    """A QComboBox whose items carry the values; the declared default when none is kept."""

    def state(self, w: QComboBox) -> Any:
        return w.currentData()

    def load(self, w: QComboBox, value: Any, f: Field) -> None:
        default = f.default.value if hasattr(f.default, "value") else f.default
        w.setCurrentIndex(max(w.findData(value or default), 0))

    def typed(self, w: QComboBox, f: Field) -> Any:
        value = w.currentData()
        return f.choices(value) if f.choices is not None else value

    def plain(self, value: Any) -> Any:
        return value.value if hasattr(value, "value") else value


LINE, PARAGRAPHS, DAY, CLOCK, CHOICE = Line(), Paragraphs(), Day(), Clock(), Choice()


@dataclass(frozen=True)
class FormField:
    """A declared field of the meeting and the form's widget (an attribute of the form)."""

    field: Field
    widget: str
    shown: Shown

    def of(self, form: QWidget) -> Any:
        return getattr(form, self.widget)


def form_fields(widgets: dict[str, tuple[str, Shown]]) -> tuple[FormField, ...]:
    """The declared editable fields in `widgets` ({key: (widget attribute, kind)}), in the
    declaration's order."""
    return tuple(FormField(f, *widgets[f.key]) for f in MEETING_FIELDS if f.key in widgets)
