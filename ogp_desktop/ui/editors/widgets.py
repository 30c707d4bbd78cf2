"""Small widgets of the minutes editor: optional date and time fields with Western digits,
self-sizing multi-line text, and ordered row lists (numbered texts, attendees, action items)
that keep their columns aligned and are driven from the keyboard.

Keyboard in every row list: Ctrl+Enter adds a row after the current one (the editor routes
its window shortcut here), Alt+Up / Alt+Down move the current row, Alt+Delete removes it,
Backspace in an empty text row removes it. Row buttons are for the mouse and take no focus,
so Tab walks the fields only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, QPoint, QStringListModel, Qt, QTime, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QFocusEvent,
    QGuiApplication,
    QIcon,
    QKeyEvent,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QButtonGroup,
    QCalendarWidget,
    QComboBox,
    QCompleter,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QSizePolicy,
    QStyle,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ogp_desktop.core import typed_dates
from ogp_desktop.core.errors import ValidationError
from ogp_desktop.core.i18n import N_
from ogp_desktop.core.models import ActionStatus, AttendanceStatus
from ogp_desktop.core.services.common import name_key
from ogp_desktop.ui import common
from ogp_desktop.ui.common import _
from ogp_desktop.ui.editors.text_direction import set_text_direction


def _rtl() -> bool:
    return QGuiApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft


def align_numbers(widget: QAbstractSpinBox) -> None:
    """Numbers and dates sit at the start of the line, as text does: on the right in the
    Arabic UI (a line edit would otherwise align them by their own, left-to-right, digits)."""
    if _rtl():
        widget.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute
                            | Qt.AlignmentFlag.AlignVCenter)


def western_digits_locale() -> QLocale:
    """The UI locale for numeric input widgets, with Western digits as the documents write
    them. Qt's ar_JO uses Arabic-Indic digits, so Arabic uses ar_AE (Western digits,
    Arabic month and day names in the calendar popup)."""
    if common.is_rtl():
        return QLocale(QLocale.Language.Arabic, QLocale.Country.UnitedArabEmirates)
    return common.qlocale()


def set_invalid(widget: QWidget, message: str | None) -> None:
    """Mark a field wrong, with the message as its tooltip, or clear the mark (None).

    Text fields get a red border (the editor's style sheet); spin boxes, date and time
    fields, combo boxes and radio buttons keep their native look (a border through a
    style sheet would redraw their arrows) and are tinted through their palette."""
    invalid = message is not None
    widget.setProperty("invalid", "true" if invalid else "false")
    widget.setToolTip(message or "")
    if not isinstance(widget, (QLineEdit, QPlainTextEdit)):
        if invalid:
            palette = widget.palette()
            palette.setColor(QPalette.ColorRole.Base, QColor("#fde2e2"))
            palette.setColor(QPalette.ColorRole.Button, QColor("#f7c6c6"))
            palette.setColor(QPalette.ColorRole.WindowText, QColor("#b71c1c"))
            widget.setPalette(palette)
        else:
            widget.setPalette(QPalette())  # back to the inherited palette
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()


def show_placeholders(read_only: bool, *widgets: QLineEdit | QPlainTextEdit) -> None:
    """Read-only fields show no placeholder: an empty field must not look filled in."""
    for w in widgets:
        if read_only:
            if w.placeholderText():
                w.setProperty("placeholder", w.placeholderText())
            w.setPlaceholderText("")
        elif w.property("placeholder"):
            w.setPlaceholderText(w.property("placeholder"))


def is_invalid(widget: QWidget) -> bool:
    return widget.property("invalid") == "true"


# --- date and time fields ----------------------------------------------------------------

# Why a typed date or time is refused, in the user's words (msgids: views show them through
# ValidationError, the minutes editor at its error strip).
PROBLEM_MESSAGES = {
    typed_dates.Problem.FORMAT: N_("Not a date: type day/month/year, e.g. 25/11/2026"),
    typed_dates.Problem.YEAR: N_("Write the year with four digits, e.g. 25/11/2026"),
    typed_dates.Problem.MONTH: N_("There is no such month: months are 1 to 12"),
    typed_dates.Problem.DAY: N_("That month has no such day"),
    typed_dates.Problem.RANGE: N_("Only dates from 1/1/1900 to 31/12/2100"),
}
TIME_PROBLEM_MESSAGES = {
    typed_dates.Problem.FORMAT: N_("Not a time: type hours:minutes, e.g. 10:30"),
    typed_dates.Problem.HOUR: N_("Hours are 0 to 23"),
    typed_dates.Problem.MINUTE: N_("Minutes are 0 to 59"),
}
DATE_NEEDED = N_("A date is needed here: type day/month/year, e.g. 25/11/2026")


def _calendar_icon(size: int = 16) -> QIcon:
    """A small drawn calendar (Qt's standard icons have none)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(QPen(QColor("#4a5568"), 1.2))
    p.setBrush(QColor("white"))
    # whole pixels: PySide6 truncated the 1.5, 2.5 once written here to the int overload
    p.drawRoundedRect(1, 2, size - 3, size - 4, 2, 2)
    p.fillRect(2, 3, size - 4, 4, QColor("#c62828"))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#4a5568"))
    for row in range(2):
        for col in range(3):
            p.drawRect(4 + col * 3, 9 + row * 3, 2, 2)
    p.end()
    return QIcon(pixmap)


def _warning_icon(size: int = 16) -> QIcon:
    """A red disc with "!": the field holds what is not a date (hover or click: why)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QColor("#c62828"))
    p.drawEllipse(1, 1, size - 2, size - 2)
    p.setBrush(QColor("white"))
    p.drawRoundedRect(int(size / 2 - 1.2), 3, 2, size // 2, 1, 1)  # whole pixels, as drawn before
    p.drawEllipse(int(size / 2 - 1.5), size - 5, 3, 3)
    p.end()
    return QIcon(pixmap)


class _TypedField(QLineEdit):
    """A line edit holding a date or time typed as it is written (see core/typed_dates).

    Free text, not Qt's sections: what a person types after Tab, a click or Ctrl+A replaces
    the field (Tab and the first click select everything) and is read as a whole, in
    Western or Arabic-Indic digits. Focus-out or Enter rewrites it the program's way; what
    is not a date stays as typed, tinted, with the reason beside it, and `value()` is None
    (callers that save use `check()`, which refuses it: never another date)."""

    _messages: dict[typed_dates.Problem, str] = {}

    def __init__(self, parent: QWidget | None, *, optional: bool) -> None:
        super().__init__(parent)
        self.optional = optional
        self._value: Any = None
        self._problem: str | None = None  # msgid of the reason shown at the field
        self._select_on_release = False
        # Dates are left-to-right tokens: kept so in the Arabic UI ("25\11\2026" would be
        # drawn reversed), placed at the start of the line there.
        self.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        if _rtl():
            self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute
                              | Qt.AlignmentFlag.AlignVCenter)
        self._end = (QLineEdit.ActionPosition.LeadingPosition if _rtl()
                     else QLineEdit.ActionPosition.TrailingPosition)
        self.setMaxLength(typed_dates.MAX_LENGTH)
        self._warning = QAction(_warning_icon(), "", self)  # added while there is a problem
        self._warning.triggered.connect(self._tell)
        self.textChanged.connect(self._reparse)
        self.textEdited.connect(lambda _text: self._show_problem(None))
        self.editingFinished.connect(self.commit)

    # --- what subclasses define
    def _parse(self, text: str) -> Any:
        raise NotImplementedError

    def _show(self, value: Any) -> str:
        raise NotImplementedError

    def _emit(self, value: Any) -> None:
        raise NotImplementedError

    def _step(self, value: Any, steps: int) -> Any:
        raise NotImplementedError

    def _start_value(self) -> Any:
        raise NotImplementedError

    # --- value
    def value(self) -> Any:
        """What the text says; None when it is empty or not a date (see `problem`)."""
        return self._value

    def set_value(self, value: Any) -> None:
        self.setText(self._show(value) if value is not None else "")
        self._show_problem(None)

    def clear_value(self) -> None:
        if self.optional:
            self.set_value(None)

    def is_empty(self) -> bool:
        return not typed_dates.normalise(self.text())

    def problem(self) -> str | None:
        """Why the text can not be saved (a msgid), or None."""
        try:
            value = self._parse(self.text())
        except typed_dates.NotADate as exc:
            return self._messages[exc.problem]
        if value is None and not self.optional:
            return DATE_NEEDED
        return None

    def check(self, field: str | None = None) -> Any:
        """The value, or ValidationError (at `field`) shown at the field too."""
        problem = self.problem()
        if problem is not None:
            self._show_problem(problem)
            raise ValidationError(problem, field=field)
        return self._value

    def commit(self) -> None:
        """Enter or focus-out: the text the program's way, or the reason it is refused."""
        problem = self.problem()
        if problem is None:
            shown = self._show(self._value) if self._value is not None else ""
            if shown != self.text():
                self.setText(shown)
        self._show_problem(problem)  # what is not a date stays as typed, to be corrected

    def _reparse(self, text: str) -> None:
        try:
            value = self._parse(text)
        except typed_dates.NotADate:
            value = None
        if value != self._value:
            self._value = value
            self._emit(value)

    def _show_problem(self, problem: str | None) -> None:
        if problem == self._problem and is_invalid(self) == (problem is not None):
            return
        self._problem = problem
        message = _(problem) if problem else None
        # Added and removed, not hidden: a hidden action's icon keeps its place in the field
        if problem is None:
            self.removeAction(self._warning)
        elif self._warning not in self.actions():
            self.addAction(self._warning, self._end)
        self._warning.setToolTip(message or "")
        palette = QPalette()
        if problem is not None:
            palette = self.palette()
            palette.setColor(QPalette.ColorRole.Base, QColor("#fde2e2"))
            palette.setColor(QPalette.ColorRole.Text, QColor("#b71c1c"))
        self.setPalette(palette)
        set_invalid(self, message)
        if message and self.hasFocus():
            self._tell()

    def shown_problem(self) -> str | None:
        """The reason shown at the field now, translated (None: none shown)."""
        return _(self._problem) if self._problem else None

    def _tell(self) -> None:
        if self._problem:
            QToolTip.showText(self.mapToGlobal(QPoint(0, self.height())), _(self._problem), self)

    # --- typing
    def focusInEvent(self, event: QFocusEvent) -> None:  # Qt override
        super().focusInEvent(event)
        reason = event.reason()
        if reason == Qt.FocusReason.MouseFocusReason:
            self._select_on_release = True  # after the click has placed the cursor
        elif reason != Qt.FocusReason.ActiveWindowFocusReason and reason != Qt.FocusReason.PopupFocusReason:
            self.selectAll()

    def mouseReleaseEvent(self, event) -> None:  # Qt override
        super().mouseReleaseEvent(event)
        if self._select_on_release and not self.hasSelectedText():
            self.selectAll()  # the first click into the field: typing replaces it
        self._select_on_release = False

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        key, mods = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not self.isReadOnly() and not (
                mods & ~Qt.KeyboardModifier.KeypadModifier):
            steps = 1 if key == Qt.Key.Key_Up else -1
            value = self._start_value() if self._value is None else self._step(self._value, steps)
            if value is not None:
                self.set_value(value)
                self.selectAll()
            return
        super().keyPressEvent(event)

    def set_read_only(self, read_only: bool) -> None:
        self.setReadOnly(read_only)
        show_placeholders(read_only, self)


class _CalendarPopup(QFrame):
    """The month under a date field, for the mouse; a click picks the day."""

    def __init__(self, field: OptionalDateEdit) -> None:
        super().__init__(field, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.field = field
        self.calendar = QCalendarWidget(self)
        self.calendar.setLocale(western_digits_locale())
        self.calendar.setGridVisible(True)
        self.calendar.setMinimumDate(common.to_qdate(typed_dates.EARLIEST))
        self.calendar.setMaximumDate(common.to_qdate(typed_dates.LATEST))
        self.calendar.setLayoutDirection(QGuiApplication.layoutDirection())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(1, 1, 1, 1)
        layout.addWidget(self.calendar)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)

    def open(self) -> None:
        day = self.field.value() or common.from_qdate(self.field.fallback())
        if day is not None:
            self.calendar.setSelectedDate(common.to_qdate(day))
            self.calendar.setCurrentPage(day.year, day.month)
        self.adjustSize()
        below = self.field.mapToGlobal(QPoint(0, self.field.height()))
        if _rtl():
            below.setX(below.x() + self.field.width() - self.width())
        self.move(below)
        self.show()
        self.calendar.setFocus(Qt.FocusReason.PopupFocusReason)

    def _picked(self, day: QDate) -> None:
        self.hide()
        self.field.setDate(day)
        self.field.setFocus(Qt.FocusReason.PopupFocusReason)


class OptionalDateEdit(_TypedField):
    """The one date field of the program: 25/11/2026, day first, Western digits. Optional
    ones may stay empty; required ones (`optional=False`) refuse an empty text. The
    calendar button (or F4; Alt+Down outside row lists) opens the month, Up/Down step a
    day; from empty they start at `fallback()` (e.g. the meeting's date)."""

    dateChanged = Signal(QDate)  # the name QDateEdit had
    _messages = PROBLEM_MESSAGES

    def __init__(self, fallback: Callable[[], QDate] | None = None, parent: QWidget | None = None,
                 *, optional: bool = True) -> None:
        super().__init__(parent, optional=optional)
        self._fallback = fallback or QDate.currentDate
        self.setPlaceholderText(_("day/month/year"))
        self._popup: _CalendarPopup | None = None
        self.calendar_action = QAction(_calendar_icon(), "", self)  # an icon: no text
        self.calendar_action.setToolTip(_("Choose from the calendar (F4)"))
        self.calendar_action.triggered.connect(self.open_calendar)
        self.addAction(self.calendar_action, self._end)
        width = self.fontMetrics().horizontalAdvance("28/12/20000") + 2 * 22 + 12
        self.setMinimumWidth(width)
        if not optional:
            self.set_value(dt.date.today())

    def fallback(self) -> QDate:
        start = self._fallback()
        return start if start.isValid() else QDate.currentDate()

    def _parse(self, text: str) -> dt.date | None:
        return typed_dates.parse_date(text)

    def _show(self, value: dt.date) -> str:
        return typed_dates.show_date(value)

    def _emit(self, value: dt.date | None) -> None:
        self.dateChanged.emit(common.to_qdate(value))

    def _step(self, value: dt.date, steps: int) -> dt.date | None:
        day = value + dt.timedelta(days=steps)
        return day if typed_dates.EARLIEST <= day <= typed_dates.LATEST else None

    def _start_value(self) -> dt.date | None:
        return common.from_qdate(self.fallback())

    def date(self) -> QDate:
        """The date as a QDate; an invalid QDate when empty or not a date."""
        return common.to_qdate(self._value)

    def setDate(self, day: QDate) -> None:  # the name QDateEdit had
        self.set_value(common.from_qdate(day) if day is not None and day.isValid() else None)

    def open_calendar(self) -> None:
        if self.isReadOnly():
            return
        if self._popup is None:
            self._popup = _CalendarPopup(self)
        self._popup.open()

    def calendar_popup(self) -> _CalendarPopup | None:
        return self._popup

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Qt override
        if (event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier) \
                or event.key() == Qt.Key.Key_F4:
            self.open_calendar()
            return
        super().keyPressEvent(event)

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.calendar_action.setVisible(not read_only)


class OptionalTimeEdit(_TypedField):
    """A time of day, 10:30 (typed 10:30, 1030, ١٠:٣٠), that may be left empty. Up/Down
    step five minutes; from empty they start at `fallback()`."""

    timeChanged = Signal(QTime)  # the name QTimeEdit had
    _messages = TIME_PROBLEM_MESSAGES

    def __init__(self, fallback: Callable[[], QTime] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, optional=True)
        self._fallback = fallback or (lambda: QTime(10, 0))
        self.setPlaceholderText(_("hours:minutes"))
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("00:000") + 22 + 12)

    def _parse(self, text: str) -> dt.time | None:
        return typed_dates.parse_time(text)

    def _show(self, value: dt.time) -> str:
        return typed_dates.show_time(value)

    def _emit(self, value: dt.time | None) -> None:
        self.timeChanged.emit(common.to_qtime(value))

    def _step(self, value: dt.time, steps: int) -> dt.time:
        minutes = (value.hour * 60 + value.minute + 5 * steps) % (24 * 60)
        return dt.time(minutes // 60, minutes % 60)

    def _start_value(self) -> dt.time | None:
        return common.from_qtime(self._fallback())

    def set_value(self, value: dt.time | None) -> None:
        # 00:00 is how a missing time was kept: shown empty
        super().set_value(None if value == dt.time(0, 0) else value)

    def time(self) -> QTime:
        """The time as a QTime; an invalid QTime when empty or not a time."""
        return common.to_qtime(self._value)

    def setTime(self, t: QTime) -> None:  # the name QTimeEdit had
        self.set_value(common.from_qtime(t) if t is not None and t.isValid() else None)


def first_problem(fields: Iterable[QWidget]) -> tuple[_TypedField, str] | None:
    """The first date or time field whose text can not be saved, with the reason (msgid)."""
    for field in fields:
        if isinstance(field, _TypedField):
            problem = field.problem()
            if problem is not None:
                return field, problem
    return None


# --- multi-line text that grows with its content ---------------------------------------


class GrowingTextEdit(QPlainTextEdit):
    """Plain text that grows from `min_lines` to `max_lines` as it is typed, then scrolls.
    Tab moves to the next field (minutes never contain tabs); Enter starts a new line."""

    def __init__(self, min_lines: int = 1, max_lines: int = 14, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.min_lines = min_lines
        self.max_lines = max_lines
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().documentLayout().documentSizeChanged.connect(self._fit)
        self._fit()

    def text(self) -> str:
        return self.toPlainText()

    def setText(self, text: str | None) -> None:  # mirrors QLineEdit
        self.setPlainText(text or "")

    def _fit(self, *_args: Any) -> None:
        lines = self.document().documentLayout().documentSize().height()  # in lines here
        lines = max(self.min_lines, min(self.max_lines, int(round(lines)) or 1))
        margins = self.contentsMargins()
        height = (lines * self.fontMetrics().lineSpacing()
                  + 2 * self.document().documentMargin()
                  + margins.top() + margins.bottom() + 2)
        if self.height() != int(height):
            self.setFixedHeight(int(height))

    def resizeEvent(self, event) -> None:  # Qt override
        super().resizeEvent(event)
        self._fit()


# --- ordered row lists -----------------------------------------------------------------

BULLET = "\u2022"  # the printed minutes' bullet (ogp_desktop.pdf.flowables.BULLET)


def _tool_button(parent: QWidget, pixmap: QStyle.StandardPixmap, tip: str) -> QToolButton:
    button = QToolButton(parent)
    button.setIcon(parent.style().standardIcon(pixmap))
    button.setToolTip(tip)
    button.setAutoRaise(True)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button


# A row knows its list's type and a list its rows' type: a TextList's rows have `edit`, an
# AttendeeRow's owner has `knows`.
OwnerT = TypeVar("OwnerT", bound="RowList[Any]")
RowT = TypeVar("RowT", bound="Row[Any]")


class Row(QObject, Generic[OwnerT]):
    """One row of a RowList: its widgets (placed in the list's grid) and its value."""

    changed = Signal()

    def __init__(self, owner: OwnerT) -> None:
        super().__init__(owner)
        self.owner: OwnerT = owner
        self.number = QLabel(owner)
        self.number.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.number.setContentsMargins(0, 4, 0, 0)
        self.number.setMinimumWidth(owner.fontMetrics().horizontalAdvance("000."))
        self.up = _tool_button(owner, QStyle.StandardPixmap.SP_ArrowUp,
                               _("Move up (Alt+Up)"))
        self.down = _tool_button(owner, QStyle.StandardPixmap.SP_ArrowDown,
                                 _("Move down (Alt+Down)"))
        self.remove = _tool_button(owner, QStyle.StandardPixmap.SP_DialogDiscardButton,
                                   _("Remove (Alt+Delete)"))
        self.up.clicked.connect(lambda: owner.move_row(self, -1))
        self.down.clicked.connect(lambda: owner.move_row(self, +1))
        self.remove.clicked.connect(lambda: owner.remove_row(self))

    # what subclasses define
    def fields(self) -> list[QWidget]:
        """The editing widgets, in grid columns after the number (and in tab order)."""
        raise NotImplementedError

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def is_blank(self) -> bool:
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        for button in (self.up, self.down, self.remove):
            button.setVisible(not read_only)

    def text_fields(self) -> list[QWidget]:
        """The fields holding the minutes' own words (laid out in the minutes' direction)."""
        return [w for w in self.fields() if isinstance(w, (QLineEdit, QPlainTextEdit))]

    # shared
    def cells(self) -> list[QWidget]:
        return [self.number, *self.fields(), self.up, self.down, self.remove]

    def focus_widgets(self) -> list[QWidget]:
        return [w for w in self.fields() if w.focusPolicy() & Qt.FocusPolicy.TabFocus]

    def first_field(self) -> QWidget:
        return self.focus_widgets()[0]

    def owns(self, widget: QWidget | None) -> bool:
        while widget is not None:
            if widget in self.cells():
                return True
            widget = widget.parentWidget()
        return False

    def dispose(self) -> None:
        for w in self.cells():
            w.hide()
            w.setParent(None)
            w.deleteLater()
        self.deleteLater()


class RowList(QWidget, Generic[RowT]):
    """Rows in a grid with aligned columns; header labels optional."""

    changed = Signal()
    structureChanged = Signal()  # rows added, removed or moved: the editor redoes tab order

    # rows marked "1.", "2." or with a bullet, as the printed minutes mark the same list
    numbered = True
    stretch_columns: tuple[int, ...] = (1,)

    def __init__(self, parent: QWidget | None = None, *, headers: list[str] | None = None) -> None:
        super().__init__(parent)
        self._rows: list[RowT] = []
        self._read_only = False
        self._text_direction: Qt.LayoutDirection | None = None  # None: the UI's
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._grid.setHorizontalSpacing(6)
        self._grid.setVerticalSpacing(4)
        self._header_labels: list[QLabel] = []
        self._header_row = 0
        if headers:
            self._header_row = 1
            for col, text in enumerate(headers, start=1):
                label = QLabel(text, self)
                label.setProperty("role", "columnHeader")
                self._grid.addWidget(label, 0, col)
                self._header_labels.append(label)
        for col in self.stretch_columns:
            self._grid.setColumnStretch(col, 1)

    # --- to override
    def make_row(self) -> RowT:
        raise NotImplementedError

    # --- rows
    def rows(self) -> list[RowT]:
        return list(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def insert_row(self, index: int | None = None, value: Any = None, *, focus: bool = False,
                   relayout: bool = True) -> RowT:
        row = self.make_row()
        if self._text_direction is not None:
            for field in row.text_fields():
                set_text_direction(field, self._text_direction)
        if value is not None:
            row.set_value(value)
        row.set_read_only(self._read_only)
        row.changed.connect(self.changed)
        index = len(self._rows) if index is None else max(0, min(index, len(self._rows)))
        self._rows.insert(index, row)
        if relayout:
            self._relayout()
            self.changed.emit()
        if focus:
            row.first_field().setFocus(Qt.FocusReason.OtherFocusReason)
        return row

    def add_row(self, value: Any = None, *, focus: bool = True) -> RowT:
        return self.insert_row(None, value, focus=focus)

    def remove_row(self, row: RowT, *, focus: bool = True) -> None:
        if row not in self._rows or self._read_only:
            return
        index = self._rows.index(row)
        self._rows.remove(row)
        row.dispose()
        self._relayout()
        self.changed.emit()
        if focus and self._rows:
            if index > 0:
                field = self._rows[index - 1].focus_widgets()[0]
            else:
                field = self._rows[0].first_field()
            field.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(field, QPlainTextEdit):
                field.moveCursor(field.textCursor().MoveOperation.End)

    def move_row(self, row: RowT, delta: int) -> None:
        if row not in self._rows or self._read_only:
            return
        index = self._rows.index(row)
        target = index + delta
        if not 0 <= target < len(self._rows):
            return
        focused = self.focusWidget()
        self._rows.insert(target, self._rows.pop(index))
        self._relayout()
        self.changed.emit()
        if focused is not None and row.owns(focused):
            focused.setFocus(Qt.FocusReason.OtherFocusReason)

    def clear(self) -> None:
        for row in self._rows:
            row.dispose()
        self._rows = []
        self._relayout()

    def values(self) -> list[Any]:
        return [r.value() for r in self._rows]

    def set_values(self, values: list[Any]) -> None:
        for row in self._rows:
            row.dispose()
        self._rows = []
        for value in values:
            self.insert_row(None, value, relayout=False)
        self._relayout()

    def row_of(self, widget: QWidget | None) -> RowT | None:
        return next((r for r in self._rows if r.owns(widget)), None)

    def focus_widgets(self) -> list[QWidget]:
        return [w for r in self._rows for w in r.focus_widgets()]

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        for row in self._rows:
            row.set_read_only(read_only)

    def set_text_direction(self, direction: Qt.LayoutDirection) -> None:
        """The rows' text (and rows added later) in `direction`: the minutes' language."""
        self._text_direction = direction
        for row in self._rows:
            for field in row.text_fields():
                set_text_direction(field, direction)

    # --- keyboard (called by the editor's shortcuts and by the rows' key filter)
    def add_after(self, widget: QWidget | None) -> RowT | None:
        if self._read_only:
            return None
        row = self.row_of(widget)
        index = self._rows.index(row) + 1 if row is not None else len(self._rows)
        return self.insert_row(index, None, focus=True)

    def handle_key(self, widget: QWidget, event: QKeyEvent) -> bool:
        """Alt+Up/Down, Alt+Delete, Backspace in an empty row; True when handled."""
        row = self.row_of(widget)
        if row is None or self._read_only:
            return False
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods == Qt.KeyboardModifier.AltModifier:
            if event.key() == Qt.Key.Key_Up:
                self.move_row(row, -1)
                return True
            if event.key() == Qt.Key.Key_Down:
                self.move_row(row, +1)
                return True
            if event.key() == Qt.Key.Key_Delete:
                self.remove_row(row)
                return True
        if (mods == Qt.KeyboardModifier.NoModifier and event.key() == Qt.Key.Key_Backspace
                and isinstance(widget, QPlainTextEdit) and widget is row.first_field()
                and row.is_blank()):
            self.remove_row(row)
            return True
        return False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and isinstance(watched, QWidget)):
            if self.handle_key(watched, event):
                return True
        return False

    def watch(self, *widgets: QWidget) -> None:
        for w in widgets:
            w.installEventFilter(self)

    def marker(self, index: int) -> str:
        """What the row at `index` is marked with: "1." or a bullet."""
        return f"{index + 1}." if self.numbered else BULLET

    def _relayout(self) -> None:
        for row in self._rows:
            for w in row.cells():
                self._grid.removeWidget(w)
        for r, row in enumerate(self._rows):
            for c, w in enumerate(row.cells()):
                top = c > 0 and not isinstance(w, QPlainTextEdit)
                self._grid.addWidget(w, r + self._header_row, c,
                                     Qt.AlignmentFlag.AlignTop if top else Qt.AlignmentFlag(0))
                w.show()
            row.number.setText(self.marker(r))
            row.up.setEnabled(r > 0)
            row.down.setEnabled(r < len(self._rows) - 1)
        for label in self._header_labels:
            label.setVisible(bool(self._rows))
        self.structureChanged.emit()


class TextRow(Row["TextList"]):
    def __init__(self, owner: TextList) -> None:
        super().__init__(owner)
        self.edit = GrowingTextEdit(min_lines=owner.min_lines, parent=owner)
        self.edit.setPlaceholderText(owner.placeholder)
        self.edit.textChanged.connect(self.changed)
        owner.watch(self.edit)

    def fields(self) -> list[QWidget]:
        return [self.edit]

    def value(self) -> str:
        return self.edit.toPlainText()

    def set_value(self, value: str) -> None:
        self.edit.setPlainText(value or "")

    def is_blank(self) -> bool:
        return not self.edit.toPlainText().strip()

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.edit.setReadOnly(read_only)
        show_placeholders(read_only, self.edit)


class TextList(RowList[TextRow]):
    """An ordered list of multi-line texts: discussion points, outputs, numbered notes."""

    def __init__(self, placeholder: str = "", parent: QWidget | None = None, *,
                 min_lines: int = 2, numbered: bool = True) -> None:
        self.placeholder = placeholder
        self.min_lines = min_lines
        self.numbered = numbered
        super().__init__(parent)

    def make_row(self) -> TextRow:
        return TextRow(self)

    def texts(self) -> list[str]:
        return self.values()

    def editors(self) -> list[GrowingTextEdit]:
        return [r.edit for r in self._rows]


# --- attendees -------------------------------------------------------------------------

STATUS_ORDER = (AttendanceStatus.PRESENT, AttendanceStatus.APOLOGISED, AttendanceStatus.ABSENT)


def attendance_label(status: AttendanceStatus) -> str:
    return {
        AttendanceStatus.PRESENT: _("Present"),
        AttendanceStatus.APOLOGISED: _("Apologised"),
        AttendanceStatus.ABSENT: _("Absent"),
    }[status]


class AttendeeRow(Row["AttendeeList"]):
    def __init__(self, owner: AttendeeList) -> None:
        super().__init__(owner)
        self.name = QLineEdit(owner)
        self.name.setPlaceholderText(_("Name"))
        self.organisation = QLineEdit(owner)
        self.organisation.setPlaceholderText(_("Organisation"))
        self.name.setCompleter(owner.people_completer())
        self.organisation.setCompleter(owner.organisation_completer())
        self.name.completer().activated.connect(self._picked)
        self.status_group = QButtonGroup(self)
        self.status_buttons: dict[AttendanceStatus, QRadioButton] = {}
        for status in STATUS_ORDER:
            button = QRadioButton(attendance_label(status), owner)
            self.status_group.addButton(button)
            self.status_buttons[status] = button
            button.toggled.connect(self._status_toggled)
        self.new_mark = QLabel(owner)
        self.new_mark.setProperty("role", "hint")
        self.role = ""
        self.from_committee = False  # listed by choosing the committee, not by the user
        self.name.textChanged.connect(self._name_changed)
        self.organisation.textChanged.connect(self.changed)
        owner.watch(self.name, self.organisation, *self.status_buttons.values())

    def fields(self) -> list[QWidget]:
        return [self.name, self.organisation, *self.status_buttons.values(), self.new_mark]

    def focus_widgets(self) -> list[QWidget]:
        return [self.name, self.organisation, *self.status_buttons.values()]

    def _picked(self, text: str) -> None:
        org = self.owner.organisation_of(text)
        if org and not self.organisation.text().strip():
            self.organisation.setText(org)

    def _name_changed(self) -> None:
        self.update_new_mark()
        self.changed.emit()

    def _status_toggled(self, checked: bool) -> None:
        if checked:
            set_invalid(self.status_buttons[AttendanceStatus.PRESENT], None)
            self.changed.emit()

    def update_new_mark(self) -> None:
        text = self.name.text().strip()
        new = bool(text) and not self.owner.knows(text)
        self.new_mark.setText(_("new") if new else self.role)
        self.new_mark.setToolTip(
            _("Not in the directory yet: saved as a new person when the minutes are saved")
            if new else "")

    def status(self) -> AttendanceStatus | None:
        for status, button in self.status_buttons.items():
            if button.isChecked():
                return status
        return None

    def set_status(self, status: AttendanceStatus | str | None) -> None:
        if status:
            self.status_buttons[AttendanceStatus(status)].setChecked(True)
        else:
            self.status_group.setExclusive(False)
            for button in self.status_buttons.values():
                button.setChecked(False)
            self.status_group.setExclusive(True)

    def value(self) -> dict[str, Any]:
        status = self.status()
        return {"name": self.name.text(), "organization": self.organisation.text(),
                "status": status.value if status else None, "role": self.role}

    def set_value(self, value: dict[str, Any]) -> None:
        self.role = value.get("role") or ""
        self.name.setText(value.get("name") or "")
        self.organisation.setText(value.get("organization") or "")
        self.set_status(value.get("status"))
        self.update_new_mark()

    def is_blank(self) -> bool:
        return not self.name.text().strip() and not self.organisation.text().strip()

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.name.setReadOnly(read_only)
        self.organisation.setReadOnly(read_only)
        show_placeholders(read_only, self.name, self.organisation)
        for button in self.status_buttons.values():
            button.setEnabled(not read_only or button.isChecked())
            button.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents, read_only)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus if read_only else Qt.FocusPolicy.StrongFocus)


class AttendeeList(RowList[AttendeeRow]):
    """Invited people: name and organisation (completed from the directory; unknown ones
    are created on save) and present / apologised / absent."""

    numbered = False  # bulleted, as the minutes print the attendees and apologies
    stretch_columns = (1, 2)

    def __init__(self, people: list[tuple[str, str | None]], organisations: list[str],
                 parent: QWidget | None = None) -> None:
        self._people = {name_key(n): (n, o) for n, o in people}
        self._people_model = QStringListModel(sorted({n for n, _o in people}, key=name_key))
        self._org_model = QStringListModel(sorted(set(organisations), key=name_key))
        super().__init__(parent, headers=[_("Name"), _("Organisation"), _("Present"),
                                          _("Apologised"), _("Absent")])
        for label in self._header_labels[2:]:
            label.hide()  # the radio buttons carry their own words
        self._header_labels = self._header_labels[:2]

    def set_directory(self, people: list[tuple[str, str | None]], organisations: list[str]) -> None:
        """The people and organisations known now (after a save created new ones): the
        completions and each row's "new" mark follow."""
        self._people = {name_key(n): (n, o) for n, o in people}
        self._people_model.setStringList(sorted({n for n, _o in people}, key=name_key))
        self._org_model.setStringList(sorted(set(organisations), key=name_key))
        for row in self.rows():
            row.update_new_mark()

    def people_completer(self) -> QCompleter:
        completer = QCompleter(self._people_model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        return completer

    def organisation_completer(self) -> QCompleter:
        completer = QCompleter(self._org_model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        return completer

    def knows(self, name: str) -> bool:
        return name_key(name) in self._people

    def organisation_of(self, name: str) -> str | None:
        found = self._people.get(name_key(name))
        return found[1] if found else None

    def make_row(self) -> AttendeeRow:
        return AttendeeRow(self)

    def names(self) -> set[str]:
        return {name_key(r.name.text()) for r in self._rows if r.name.text().strip()}

    def add_person(self, name: str, organisation: str | None = None,
                   status: AttendanceStatus | str | None = AttendanceStatus.PRESENT,
                   role: str = "", *, from_committee: bool = False) -> AttendeeRow | None:
        """Add a row unless the person is listed already; returns the new row."""
        if not name.strip() or name_key(name) in self.names():
            return None
        org = organisation if organisation else self.organisation_of(name)
        row = self.insert_row(None, {"name": name, "organization": org or "",
                                     "status": status, "role": role})
        row.from_committee = from_committee
        return row

    def remove_untouched_members(self) -> int:
        """Rows listed from a committee and not ticked yet: gone when another committee
        is chosen (the user picked the wrong one first)."""
        untouched = [r for r in self._rows if r.from_committee and r.status() is None]
        for row in untouched:
            self._rows.remove(row)
            row.dispose()
        if untouched:
            self._relayout()
            self.changed.emit()
        return len(untouched)

    def mark_all_present(self) -> int:
        n = 0
        for row in self._rows:
            if row.status() is None and not row.is_blank():
                row.set_status(AttendanceStatus.PRESENT)
                n += 1
        return n


# --- action items ----------------------------------------------------------------------


def action_status_label(status: ActionStatus) -> str:
    return {
        ActionStatus.OPEN: _("Open"),
        ActionStatus.DONE: _("Done"),
        ActionStatus.CANCELLED: _("Cancelled"),
    }[status]


class ActionRow(Row["ActionList"]):
    def __init__(self, owner: ActionList) -> None:
        super().__init__(owner)
        self.text = GrowingTextEdit(min_lines=1, max_lines=8, parent=owner)
        self.text.setPlaceholderText(_("What is to be done"))
        self.owner_edit = QLineEdit(owner)
        self.owner_edit.setPlaceholderText(_("Who"))
        self.owner_edit.setCompleter(owner.owner_completer())
        self.due = OptionalDateEdit(owner.default_due, owner)
        self.status = QComboBox(owner)
        for status in ActionStatus:
            self.status.addItem(action_status_label(status), status.value)
        width = owner.fontMetrics().averageCharWidth()
        self.owner_edit.setMinimumWidth(width * 22)
        self.due.setMinimumWidth(width * 14)
        self.text.textChanged.connect(self.changed)
        self.owner_edit.textChanged.connect(self.changed)
        self.due.dateChanged.connect(self.changed)
        self.status.currentIndexChanged.connect(self.changed)
        owner.watch(self.text, self.owner_edit, self.due, self.status)

    def fields(self) -> list[QWidget]:
        return [self.text, self.owner_edit, self.due, self.status]

    def value(self) -> dict[str, Any]:
        due = self.due.value()
        return {"text": self.text.toPlainText(), "owner": self.owner_edit.text(),
                "due": due.isoformat() if due else None,
                "status": self.status.currentData()}

    def set_value(self, value: dict[str, Any]) -> None:
        self.text.setPlainText(value.get("text") or "")
        self.owner_edit.setText(value.get("owner") or "")
        due = value.get("due")
        if isinstance(due, str):
            due = dt.date.fromisoformat(due) if due else None
        self.due.set_value(due)
        index = self.status.findData(str(value.get("status") or ActionStatus.OPEN.value))
        self.status.setCurrentIndex(max(index, 0))

    def is_blank(self) -> bool:
        return not self.text.toPlainText().strip() and not self.owner_edit.text().strip()

    def set_read_only(self, read_only: bool) -> None:
        super().set_read_only(read_only)
        self.text.setReadOnly(read_only)
        self.owner_edit.setReadOnly(read_only)
        self.due.set_read_only(read_only)
        show_placeholders(read_only, self.text, self.owner_edit)
        self.status.setEnabled(not read_only)


class ActionList(RowList[ActionRow]):
    """Action items: what, who (completed from the directory), due date, status."""

    def __init__(self, owners: list[str], default_due: Callable[[], QDate],
                 parent: QWidget | None = None) -> None:
        self._owner_model = QStringListModel(sorted(set(owners), key=name_key))
        self.default_due = default_due
        super().__init__(parent, headers=[_("Action"), _("Owner"), _("Due"), _("Status")])

    def owner_completer(self) -> QCompleter:
        completer = QCompleter(self._owner_model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        return completer

    def make_row(self) -> ActionRow:
        return ActionRow(self)


class Banner(QFrame):
    """A coloured strip with a message (status of the minutes, or what is wrong) and
    optional buttons at its end."""

    def __init__(self, role: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("banner", role)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.label, 1)
        self._layout = layout

    def add_button(self, button: QAbstractButton) -> QAbstractButton:
        button.setParent(self)
        self._layout.addWidget(button)
        return button

    def set_role(self, role: str) -> None:
        self.setProperty("banner", role)
        self.style().unpolish(self)
        self.style().polish(self)


EDITOR_STYLE = """
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"] { border: 2px solid #c62828;
    border-radius: 3px; }
QFrame[banner="error"] { background: #fdecea; border: 1px solid #c62828; border-radius: 4px; }
QFrame[banner="new"], QFrame[banner="draft"] { background: #eef3fb; border: 1px solid #9fb3d6;
    border-radius: 4px; }
QFrame[banner="lease"] { background: #fde7c8; border: 1px solid #c77700; border-radius: 4px; }
QFrame[banner="approved"] { background: #fff4d6; border: 1px solid #d9a520; border-radius: 4px; }
QFrame[banner="signed"] { background: #e6f4ea; border: 1px solid #3c8d50; border-radius: 4px; }
QLabel[role="hint"] { color: #5f6368; }
QLabel[role="columnHeader"] { color: #3c4043; font-weight: bold; }
QLabel[role="signaturePreview"] { background: white; border: 1px solid #c0c0c0; }
QGroupBox { font-weight: bold; }
QGroupBox QLabel, QGroupBox QLineEdit, QGroupBox QPlainTextEdit, QGroupBox QComboBox,
QGroupBox QAbstractSpinBox, QGroupBox QRadioButton, QGroupBox QPushButton,
QGroupBox QListWidget, QGroupBox QCheckBox { font-weight: normal; }
QGroupBox QLabel[role="columnHeader"] { font-weight: bold; }
"""
