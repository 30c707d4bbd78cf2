"""Small pieces every section's forms use: date and year fields with Western digits,
choice boxes over the records' enums, inline errors at the field a domain error names,
and the table set-up shared by the sections.

Digits: the secretariat's documents write 14/6/2021 and 2021 with Western digits, and
`common.short_date` shows dates that way. Qt's ar_JO locale would draw ١٤/٦/٢٠٢١ in date
and number fields, so those fields (only those) use the locale of
`editors.widgets.western_digits_locale`. Direction is never set here: the application
sets it once."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from enum import Enum
from typing import Any

from PySide6.QtCore import QDate, QItemSelectionModel, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ogp_desktop.core.errors import DomainError
from ogp_desktop.ui import errors
from ogp_desktop.ui.common import _
from ogp_desktop.ui.editors.widgets import OptionalDateEdit, western_digits_locale
from ogp_desktop.ui.models.labels import choices

NO_DATE = QDate(1900, 1, 1)  # the "no date" value of an optional date field
ERROR_STYLE = "color: #b00020;"


def digits_locale():
    """Western digits in number fields, as in date fields (one rule: western_digits_locale)."""
    return western_digits_locale()


# --- fields --------------------------------------------------------------------------------


class DateEdit(OptionalDateEdit):
    """The one date field of the program (see ui/editors/widgets.py): 14/6/2021 with Western
    digits in both directions, typed as written, optional ones empty until set."""

    def __init__(self, parent: QWidget | None = None, *, optional: bool = True) -> None:
        super().__init__(None, parent, optional=optional)


class NumberSpin(QSpinBox):
    """Whole numbers with Western digits and no thousands separator (years, ordinals)."""

    def __init__(self, minimum: int, maximum: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setLocale(digits_locale())
        self.setRange(minimum, maximum)
        self.setGroupSeparatorShown(False)


class ChoiceBox(QComboBox):
    """A combo box of (value, label) pairs; `value()` is the chosen value (None = none)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(12)

    def set_choices(self, items: Iterable[tuple[Any, str]], *, none: str | None = None,
                    keep: bool = True) -> None:
        current = self.value() if keep else None
        self.blockSignals(True)
        self.clear()
        if none is not None:
            self.addItem(none, None)
        for value, text in items:
            self.addItem(text, value)
        self.blockSignals(False)
        self.set_value(current)

    def set_enum(self, enum_cls: type[Enum], *, none: str | None = None) -> None:
        self.set_choices(choices(enum_cls), none=none)

    def value(self) -> Any:
        return self.currentData() if self.currentIndex() >= 0 else None

    def set_value(self, value: Any) -> None:
        for i in range(self.count()):
            if self.itemData(i) == value:
                self.setCurrentIndex(i)
                return
        self.setCurrentIndex(0 if self.count() else -1)


def name_completer(names: Sequence[str], parent: QObject) -> QCompleter:
    """Completion anywhere in the name, case-insensitive (Arabic names are typed in part)."""
    completer = QCompleter(list(names), parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setMaxVisibleItems(12)
    return completer


class NameBox(QComboBox):
    """An editable combo box of known names (organisations): pick one or type a new one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(16)

    def set_names(self, names: Sequence[str]) -> None:
        text = self.currentText()
        self.blockSignals(True)
        self.clear()
        self.addItem("")
        self.addItems(list(names))
        self.setCompleter(name_completer(names, self))
        self.setEditText(text)
        self.blockSignals(False)

    def text(self) -> str:
        return self.currentText().strip()

    def set_text(self, text: str | None) -> None:
        self.setEditText(text or "")


# --- inline errors -------------------------------------------------------------------------


def error_message(exc: DomainError) -> str:
    """The error in the user's language, without the field name (it is shown at the field)."""
    return errors.error_text(exc, with_field=False)


class FormErrors(QObject):
    """Shows a domain error at the field it names (`ValidationError.field`), or in the
    form's own message line when no field of the form has that name."""

    shown = Signal(str, str)  # field, message

    def __init__(self, general: QLabel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.general = general
        general.setStyleSheet(ERROR_STYLE)
        general.setWordWrap(True)
        general.hide()
        self._labels: dict[str, QLabel] = {}
        self._widgets: dict[str, QWidget] = {}

    def field(self, widget: QWidget, *names: str) -> QWidget:
        """`widget` with an error line below it, for a form layout; `names` are the field
        names the services use for it."""
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(widget)
        error = QLabel()
        error.setStyleSheet(ERROR_STYLE)
        error.setWordWrap(True)
        error.hide()
        layout.addWidget(error)
        for name in names:
            self._labels[name] = error
            self._widgets[name] = widget
        return box

    def label_for(self, name: str) -> QLabel | None:
        return self._labels.get(name)

    def clear(self) -> None:
        for error in set(self._labels.values()) | {self.general}:
            error.clear()
            error.hide()

    def note(self, text: str) -> None:
        """A line of the program's own (already translated) in the form's message line."""
        self.clear()
        self.general.setText(text)
        self.general.show()
        self.shown.emit("", text)

    def _resolve(self, field: str | None) -> str | None:
        if not field:
            return None
        if field in self._labels:
            return field
        base = field.split("[")[0].split(".")[0]
        return base if base in self._labels else None

    def show(self, exc: DomainError) -> str | None:
        """Show `exc`; returns the field it was shown at (None: the form's message line)."""
        self.clear()
        name = self._resolve(exc.field)
        if name is None:
            self.general.setText(errors.error_text(exc))
            self.general.show()
            self.shown.emit("", self.general.text())
            return None
        error = self._labels[name]
        error.setText(error_message(exc))
        error.show()
        widget = self._widgets[name]
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        scroll = _scroll_area_of(widget)
        if scroll is not None:
            scroll.ensureWidgetVisible(widget)
        self.shown.emit(name, error.text())
        return name


def _scroll_area_of(widget: QWidget) -> QScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea):
            return parent
        parent = parent.parentWidget()
    return None


# --- tables --------------------------------------------------------------------------------


def setup_table(view: QTableView, *, stretch: int | None = None,
                fit: Iterable[int] = (), widths: dict[int, int] | None = None,
                multi: bool = False) -> None:
    """Rows selected whole, no row numbers, one stretching column, others sized."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if multi
                          else QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(False)
    model = view.model()
    count = model.columnCount() if model is not None else 0
    for col in range(count):
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
    for col, width in (widths or {}).items():
        header.resizeSection(col, width)
    for col in fit:
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


def selected_rows(view: QTableView) -> list[int]:
    selection = view.selectionModel()
    if selection is None:
        return []
    return sorted(index.row() for index in selection.selectedRows())


def selected_record(view: QTableView, model):
    """The model's record of the first selected row, or None."""
    rows = selected_rows(view)
    return model.row(rows[0]) if rows else None


def reselect(view: QTableView, model, record_id: int | None) -> bool:
    """After a reload, select (quietly) the row of `record_id`, or the first row when no
    record was chosen; False when there is no such row (the form shows a new record)."""
    if record_id:
        row = model.find(lambda r: r.id == record_id)
    else:
        row = 0 if model.rowCount() else -1
    if row < 0:
        return False
    select_row(view, row, quiet=True)
    return True


def select_row(view: QTableView, row: int, *, quiet: bool = False) -> None:
    """Select a whole row (and make it current); `quiet` without selectionChanged, for a
    caller that loads the row's form itself."""
    selection = view.selectionModel()
    if quiet:
        selection.blockSignals(True)
    try:
        if 0 <= row < view.model().rowCount():
            # Not QTableView.selectRow: in a right-to-left layout it looks for the column at
            # x = viewport width, finds none and selects nothing.
            index = view.model().index(row, 0)
            flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                     | QItemSelectionModel.SelectionFlag.Rows
                     | QItemSelectionModel.SelectionFlag.Current)
            selection.setCurrentIndex(index, flags)
            view.scrollTo(index)
        else:
            view.clearSelection()
    finally:
        if quiet:
            selection.blockSignals(False)
            view.viewport().update()


def shortcut(widget: QWidget, keys: QKeySequence | QKeySequence.StandardKey | str,
             slot: Callable[[], Any], *, context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetShortcut
             ) -> QShortcut:
    sc = QShortcut(QKeySequence(keys), widget)
    sc.setContext(context)
    sc.activated.connect(slot)
    return sc


class ElidedLabel(QLabel):
    """One line that ends in "…" when it does not fit (the whole text in its tooltip),
    for titles that show a record's name: a long name neither widens the panel nor is cut
    off mid-letter. One line, so it follows the layout direction like any label."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setText(text)

    def full_text(self) -> str:
        return self._full

    def setText(self, text: str) -> None:
        self._full = text or ""
        self._elide()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight,
                                              max(self.width(), 1))
        super().setText(shown)
        self.setToolTip(self._full if shown != self._full else "")

    def minimumSizeHint(self):
        hint = super().minimumSizeHint()
        hint.setWidth(min(hint.width(), 60))
        return hint


def heading(text: str, *, elide: bool = False) -> QLabel:
    """A section's or a panel's title. `elide` for titles that show a record's name."""
    label = ElidedLabel(text) if elide else QLabel(text)
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.15)
    label.setFont(font)
    return label


def panel_box() -> tuple[QWidget, QVBoxLayout]:
    """A widget for one side of a section, with its column layout (no margins)."""
    panel = QWidget()
    layout = QVBoxLayout(panel)
    layout.setContentsMargins(0, 0, 0, 0)
    return panel, layout


def title_row(title: QWidget, button: QWidget) -> QHBoxLayout:
    """A panel's title with its button (New …) at the end of the line."""
    row = QHBoxLayout()
    row.addWidget(title)
    row.addStretch(1)
    row.addWidget(button)
    return row


def fill_plan_and_committee_filters(read: Callable[[Callable[[Any], Any]], Any],
                                    plan_box: ChoiceBox, committee_box: ChoiceBox) -> None:
    """A list's plan and committee filters: "All plans" and every plan ("N. title"), "All
    committees" and every committee, the choice kept, quietly (no filtering meanwhile).
    `read` is the section's read (a read-only unit of work)."""
    from ogp_desktop.core.services import committees as committees_svc
    from ogp_desktop.core.services import plans as plans_svc

    def load(session):
        plans = [(p.id, f"{p.ordinal}. {p.title}") for p in plans_svc.list_plans(session)]
        committees = [(c.id, c.name) for c in committees_svc.list_committees(session)]
        return plans, committees

    plans, committees = read(load)
    for box, items, none in ((plan_box, plans, _("All plans")),
                             (committee_box, committees, _("All committees"))):
        box.blockSignals(True)
        box.set_choices(items, none=none)
        box.blockSignals(False)


def button_row(*buttons: QWidget) -> QHBoxLayout:
    """Buttons side by side at the start of a line."""
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


def hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setEnabled(False)  # drawn in the palette's disabled colour: a quiet hint
    return label


def set_read_only(*widgets: QWidget) -> None:
    """Fields a person may read but not change (a viewer on the office's server): text
    stays selectable and readable where Qt allows it, other inputs are switched off."""
    from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit, QPlainTextEdit

    for widget in widgets:
        if isinstance(widget, (QLineEdit, QPlainTextEdit, QAbstractSpinBox)):
            widget.setReadOnly(True)
        elif isinstance(widget, QAbstractItemView):
            widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            widget.setDragDropMode(QAbstractItemView.DragDropMode.NoDragDrop)
        else:
            widget.setEnabled(False)


def confirm(parent: QWidget, title: str, text: str) -> bool:
    """A yes/no question with "no" as the default answer (for deletions)."""
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(
        parent, title, text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes


def commit_open_editor(view: QAbstractItemView) -> None:
    """Keep what is being typed in a table cell when the form is saved without leaving the
    cell first (Enter commits only after the event loop runs; a click may not move focus)."""
    if view.state() == QAbstractItemView.State.EditingState:
        editor = view.indexWidget(view.currentIndex())
        if editor is not None:
            view.commitData(editor)
