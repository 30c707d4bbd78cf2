"""The calendar section: a plan filter and the exports of a plan (progress report PDF,
iCalendar file) over four tabs — the month grid, the timeline of a plan, the upcoming
days, and the plan's phases and steps (where steps are edited, moved and renumbered).

Every item opens where it is edited: a step or key date in the step editor
(ogp_desktop.ui.editors.step_editor), a meeting or action item in the minutes editor
through the main window's `open_editor`, which brings an already open meeting forward.
`openRequested(kind, id)` is emitted for every item opened, so a host (or a test) can
follow.

"Today" is the system's date unless a test sets another (`set_today`, before the section is
first shown to fix where it opens).

The month grid opens on the month of the plan's next item (`calendar.focus_day`: the
first on or after today, else its last one; today's month when the plan has nothing), and
goes there again when another plan is chosen, so it never opens on an empty month while
there are records. The month's count in the status bar is the count of the grid's own
items — every item drawn in it, days of the neighbouring months included — so it equals
what is shown."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ogp_desktop.core import calendar
from ogp_desktop.core.db import Database
from ogp_desktop.core.services import plans as plans_svc
from ogp_desktop.export import formats
from ogp_desktop.ui import common, file_dialogs, tasks
from ogp_desktop.ui.common import _
from ogp_desktop.ui.views.base import Section
from ogp_desktop.ui.views.widgets import ChoiceBox, NumberSpin, shortcut

from . import style
from .month import MonthGrid, month_range, shift_month
from .phases import PhasesPage
from .timeline import TimelinePage
from .upcoming import UpcomingPage

TABS = ("month", "timeline", "upcoming", "phases")


def write_plan(db: Database, fmt: formats.Format, plan_id: int, path: Path, today: dt.date, *,
               progress, cancelled) -> Path:
    """Worker side of a plan's export: its own unit of work."""
    with db.session(write=False) as session:
        return fmt.write(session, [plan_id], path, today=today)


class MonthPage(QWidget):
    """The month grid with its navigation: previous / next month and year, a month and year
    chooser, Today, the month's name, and the legend."""

    navigated = Signal(int, int)  # year, month

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.prev_year_button = QPushButton(_("Previous year"))
        self.prev_month_button = QPushButton(_("Previous month"))
        self.today_button = QPushButton(_("Today"))
        self.next_month_button = QPushButton(_("Next month"))
        self.next_year_button = QPushButton(_("Next year"))
        self.month_box = ChoiceBox()
        self.month_box.setMinimumContentsLength(10)
        self.month_box.set_choices([(m, style.month_name(m)) for m in range(1, 13)])
        self.month_box.setAccessibleName(_("Month"))
        self.year_spin = NumberSpin(1990, 2200)
        self.year_spin.setAccessibleName(_("Year"))
        self.title = QLabel()
        self.title.setObjectName("monthTitle")
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.title.setFont(font)
        self.prev_month_button.setToolTip(_("Previous month (Page Up)"))
        self.next_month_button.setToolTip(_("Next month (Page Down)"))
        self.today_button.setToolTip(_("Back to this month (Home)"))

        bar = QHBoxLayout()
        bar.addWidget(self.title)
        bar.addStretch(1)
        for widget in (self.prev_year_button, self.prev_month_button, self.today_button,
                       self.next_month_button, self.next_year_button):
            bar.addWidget(widget)
        bar.addSpacing(12)
        bar.addWidget(self.month_box)
        bar.addWidget(self.year_spin)

        self.grid = MonthGrid()
        self.legend = style.Legend()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.legend)

        self.year, self.month = self.grid.year, self.grid.month
        self.prev_year_button.clicked.connect(lambda: self.step(-12))
        self.prev_month_button.clicked.connect(lambda: self.step(-1))
        self.next_month_button.clicked.connect(lambda: self.step(1))
        self.next_year_button.clicked.connect(lambda: self.step(12))
        self.month_box.currentIndexChanged.connect(self._chosen)
        self.year_spin.valueChanged.connect(self._chosen)
        self.grid.monthRequested.connect(self.go)

    def step(self, months: int) -> None:
        self.go(*shift_month(self.year, self.month, months))

    def go(self, year: int, month: int) -> None:
        self.year, self.month = year, month
        for widget in (self.month_box, self.year_spin):
            widget.blockSignals(True)
        self.month_box.set_value(month)
        self.year_spin.setValue(year)
        for widget in (self.month_box, self.year_spin):
            widget.blockSignals(False)
        self.title.setText(style.month_title(year, month))
        self.navigated.emit(year, month)

    def _chosen(self) -> None:
        month = self.month_box.value() or self.month
        self.go(self.year_spin.value(), month)


class CalendarView(Section):
    key = "calendar"
    openRequested = Signal(str, int)  # ("step" | "meeting", id), for every item opened

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self._host = parent  # the main window, whose open_editor opens minutes
        self._today: dt.date | None = None
        self.plans: list[tuple[int, int, str, bool]] = []  # id, ordinal, title, has phases
        self.step_editors: dict[int, QWidget] = {}
        self.last_editor: QWidget | None = None
        self.export_task: tasks.Task | None = None
        self._focused = False  # the month grid went to the plan's next item once
        self._focus_plan: int | None = None  # … for this plan (None: all plans)

        # plan filter and exports
        self.plan_filter = ChoiceBox()
        self.plan_filter.setMinimumContentsLength(34)
        self.plan_filter.setAccessibleName(_("Plan"))
        self.report_button = QPushButton(_("Progress report (PDF)…"))
        self.report_button.setToolTip(_("Export the plan's progress report: its phases and "
                                        "steps, done and upcoming"))
        self.ics_button = QPushButton(_("Calendar file (.ics)…"))
        self.ics_button.setToolTip(_("Export the plan's steps, key dates and meetings for "
                                     "Outlook or any calendar"))
        top = QHBoxLayout()
        top.addWidget(QLabel(_("Plan")))
        top.addWidget(self.plan_filter, 1)
        top.addSpacing(16)
        top.addWidget(self.report_button)
        top.addWidget(self.ics_button)

        self.month = MonthPage()
        self.timeline = TimelinePage()
        self.upcoming = UpcomingPage()
        self.phases = PhasesPage(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.month, _("Month"))
        self.tabs.addTab(self.timeline, _("Timeline"))
        self.tabs.addTab(self.upcoming, _("Upcoming activities"))
        self.tabs.addTab(self.phases, _("Phases and steps"))

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        self.add_role_line(layout)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)

        self.plan_filter.currentIndexChanged.connect(self._plan_changed)
        self.month.navigated.connect(self._load_month)
        self.month.today_button.clicked.connect(self.go_today)
        self.month.grid.openRequested.connect(self.open_item)
        self.timeline.openRequested.connect(self.open_item)
        self.upcoming.openRequested.connect(self.open_item)
        self.upcoming.daysChanged.connect(lambda _n: self._load_upcoming())
        self.phases.openStep.connect(self.open_step)
        self.phases.openPhase.connect(self.open_phase)
        self.phases.newStep.connect(self.new_step)
        self.phases.newPhase.connect(self.new_phase)
        self.phases.recordsWritten.connect(self.records_written)
        self.report_button.clicked.connect(self.export_report)
        self.ics_button.clicked.connect(self.export_ics)
        self.tabs.currentChanged.connect(lambda _i: self.emit_status())
        shortcut(self, "Ctrl+T", self.go_today, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        today = self.today()
        self.month.year, self.month.month = today.year, today.month

    # --- today ---------------------------------------------------------------------------------

    def today(self) -> dt.date:
        return self._today or dt.date.today()

    def set_today(self, day: dt.date | None) -> None:
        """Fix "today" (tests, screenshots); None goes back to the system's date."""
        self._today = day
        if not self._stale:
            self.reload()

    # --- loading -------------------------------------------------------------------------------

    def refresh(self) -> None:
        def load(s):
            return [(p.id, p.ordinal, p.title, bool(p.phases)) for p in plans_svc.list_plans(s)]

        self.plans = self.read(load)
        self.plan_filter.blockSignals(True)
        self.plan_filter.set_choices(
            [(pid, f"{style.plan_short_name(o)} — {title}") for pid, o, title, _ph in
             sorted(self.plans, key=lambda p: -p[1])],
            none=_("All plans"))
        self.plan_filter.blockSignals(False)
        if not self._focused:  # the first load; later ones keep the month the person chose
            self._focused = True
            self.go_to_focus()
        self.reload()

    def reload(self) -> None:
        self._load_month(self.month.year, self.month.month, quiet=True)
        self._load_timeline()
        self._load_upcoming()
        self._load_phases()
        self.emit_status()

    def _plan_changed(self) -> None:
        # the chooser also signals when `refresh` refills it with the same plan: the month
        # the person is looking at stays then
        if self.plan_id() != self._focus_plan:
            self.go_to_focus()
        self.reload()

    def focus_day(self) -> dt.date:
        """Where the month grid opens for the filter's plan (see the module's docstring)."""
        plan_id, today = self.plan_id(), self.today()
        return self.read(lambda s: calendar.focus_day(s, today, plan_id)) or today

    def go_to_focus(self) -> None:
        """Put the month grid (and its current day) on `focus_day`; the caller reloads."""
        self._focus_plan = self.plan_id()
        day = self.focus_day()
        self.month.year, self.month.month = day.year, day.month
        self.month.grid.current = day

    def plan_id(self) -> int | None:
        """The filter's plan (None: all plans)."""
        return self.plan_filter.value()

    def current_plan(self) -> tuple[int, int, str] | None:
        """The plan of the timeline, the phases and the exports: the filter's, or else the
        newest plan that has phases (the newest plan when none has)."""
        chosen = self.plan_id()
        for pid, ordinal, title, _ph in self.plans:
            if pid == chosen:
                return pid, ordinal, title
        with_phases = [p for p in self.plans if p[3]] or self.plans
        if not with_phases:
            return None
        pid, ordinal, title, _ph = max(with_phases, key=lambda p: p[1])
        return pid, ordinal, title

    def plan_ordinals(self) -> dict[int, int]:
        return {pid: ordinal for pid, ordinal, _t, _ph in self.plans}

    def plan_names(self) -> dict[int, str]:
        return {pid: style.plan_short_name(ordinal) for pid, ordinal, _t, _ph in self.plans}

    def show_month(self, year: int, month: int) -> None:
        self.month.go(year, month)

    def go_today(self) -> None:
        today = self.today()
        self.month.grid.current = today
        self.month.go(today.year, today.month)

    def _load_month(self, year: int, month: int, quiet: bool = False) -> None:
        first_weekday = style.first_weekday()
        start, weeks = month_range(year, month, first_weekday)
        end = start + dt.timedelta(days=7 * weeks - 1)
        plan_id, today = self.plan_id(), self.today()

        def load(s):
            return calendar.items_between(s, start, end, plan_id, today=today)

        items = self.read(load)
        days = calendar.by_day(items, start, end)
        self.month.year, self.month.month = year, month
        if quiet:  # the chooser and title follow without a second load
            self.month.blockSignals(True)
            self.month.go(year, month)
            self.month.blockSignals(False)
        self.month.grid.set_month(year, month, items, days, today=today,
                                  first_weekday=first_weekday, plan_ordinals=self.plan_ordinals(),
                                  plan_names=self.plan_names())
        shown = sorted({i.plan_id for i in items if i.plan_id is not None},
                       key=lambda p: self.plan_ordinals().get(p, 0))
        self.month.legend.set_plans([(self.plan_ordinals()[p], self.plan_names()[p]) for p in shown])
        if not quiet:
            self.emit_status()

    def _load_timeline(self) -> None:
        plan = self.current_plan()
        today = self.today()
        tl = self.read(lambda s: calendar.timeline(s, plan[0], today=today)) if plan else None
        self.timeline.set_timeline(tl)

    def _load_upcoming(self) -> None:
        days, plan_id, today = self.upcoming.days.value(), self.plan_id(), self.today()
        entries = self.read(lambda s: calendar.upcoming(s, today, days, plan_id))
        self.upcoming.set_entries(entries, today, self.plan_names())

    def _load_phases(self, keep: tuple[str, int] | None = None) -> None:
        plan = self.current_plan()
        title = f"{style.plan_short_name(plan[1])} — {plan[2]}" if plan else ""
        self.phases.set_plan(plan[0] if plan else None, title, self.today(), keep)

    def records_written(self) -> None:
        """After a change made here: reload every tab (the other sections were told)."""
        self.reload()

    def status_text(self) -> str:
        current = TABS[self.tabs.currentIndex()] if self.tabs.currentIndex() >= 0 else "month"
        if current == "timeline" and self.timeline.canvas.timeline is not None:
            return _("Steps on the timeline: {n}").format(n=len(self.timeline.canvas.step_ids()))
        if current == "upcoming":
            return _("Upcoming items: {n}").format(n=len(self.upcoming.entries()))
        if current == "phases":
            return _("Phases: {phases}; steps: {steps}").format(
                phases=len(self.phases.phases), steps=len(self.phases.step_numbers()))
        grid = self.month.grid  # what the grid draws (or counts in "+N more"), nothing else
        return _("{month}: {n} items on the calendar").format(
            month=style.month_title(grid.year, grid.month), n=len(grid.items()))

    def focus_first(self) -> None:
        self.month.grid.setFocus()

    def show_tab(self, key: str) -> QWidget:
        self.tabs.setCurrentIndex(TABS.index(key))
        return self.tabs.currentWidget()

    # --- opening items -------------------------------------------------------------------------

    def open_item(self, kind: str, record_id: int) -> QWidget | None:
        """A step (or key date) in the step editor, a meeting (or action item) in the minutes
        editor. Returns the editor window."""
        self.openRequested.emit(kind, record_id)
        if kind == "step":
            return self.open_step(record_id)
        if kind == "meeting":
            return self.open_meeting(record_id)
        return None

    def _main_window(self) -> Any:
        for candidate in (self.window(), self._host):
            if candidate is not None and hasattr(candidate, "open_editor"):
                return candidate
        return None

    def open_meeting(self, meeting_id: int) -> QWidget | None:
        host = self._main_window()
        if host is None:  # on its own (no main window): the signal is all there is
            return None
        editor = host.open_editor(meeting_id=meeting_id)
        self.last_editor = editor
        return editor

    def _show_editor(self, editor: QDialog) -> QWidget:
        editor.open()
        editor.raise_()
        editor.activateWindow()
        self.last_editor = editor
        return editor

    def open_step(self, step_id: int) -> QWidget:
        from shiboken6 import isValid

        editor = self.step_editors.get(step_id)
        if editor is not None and isValid(editor) and editor.isVisible():
            editor.raise_()
            editor.activateWindow()
            self.last_editor = editor
            return editor
        from ogp_desktop.ui.editors.step_editor import StepEditor

        editor = StepEditor(self.db, step_id, parent=self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(lambda sid: self._saved(("step", sid)))
        self.step_editors[step_id] = editor
        editor.destroyed.connect(lambda *_a, sid=step_id: self.step_editors.pop(sid, None))
        return self._show_editor(editor)

    def new_step(self, phase_id: int) -> QWidget | None:
        if not self.may_write:
            return None
        from ogp_desktop.ui.editors.step_editor import StepEditor

        editor = StepEditor(self.db, phase_id=phase_id, parent=self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(lambda sid: self._saved(("step", sid)))
        return self._show_editor(editor)

    def open_phase(self, phase_id: int) -> QWidget:
        from ogp_desktop.ui.editors.step_editor import PhaseEditor

        editor = PhaseEditor(self.db, phase_id, parent=self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(lambda pid: self._saved(("phase", pid)))
        return self._show_editor(editor)

    def new_phase(self) -> QWidget | None:
        plan = self.current_plan()
        if plan is None or not self.may_write:
            return None
        from ogp_desktop.ui.editors.step_editor import PhaseEditor

        editor = PhaseEditor(self.db, plan_id=plan[0], parent=self)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.saved.connect(lambda pid: self._saved(("phase", pid)))
        return self._show_editor(editor)

    def _saved(self, record: tuple[str, int]) -> None:
        self.recordsChanged.emit()
        self.reload()
        self.phases.select(*record)

    # --- exports -------------------------------------------------------------------------------

    def choose_save_path(self, title: str, suggested: str, filters: str) -> Path | None:
        """Where to save an export (a dialog; tests replace this)."""
        return file_dialogs.save_file(self, "calendar-export", title, suggested, filters)

    def export_report(self) -> tasks.Task | None:
        plan = self.current_plan()
        if plan is None:
            return None
        fmt = formats.get("plan", "pdf")
        path = self.choose_save_path(_("Save the progress report"),
                                     f"plan-{plan[1]}-progress-report{fmt.extension}", _(fmt.label))
        if path is None:
            return None
        return self._export(write_plan, fmt, plan[0], fmt.with_extension(path), self.today(),
                            label=_("Writing the progress report…"),
                            done=_("The progress report was saved: {path}"))

    def export_ics(self) -> tasks.Task | None:
        plan = self.current_plan()
        if plan is None:
            return None
        fmt = formats.get("plan", "ics")
        path = self.choose_save_path(_("Save the calendar file"), f"plan-{plan[1]}{fmt.extension}",
                                     _(fmt.label))
        if path is None:
            return None
        return self._export(write_plan, fmt, plan[0], fmt.with_extension(path), self.today(),
                            label=_("Writing the calendar file…"),
                            done=_("The calendar file was saved: {path}"))

    def _export(self, fn, *args: Any, label: str, done: str) -> tasks.Task:
        def succeeded(result: Path, _cancelled: bool) -> None:
            self.notice.emit(done.format(path=common.ltr(result)))

        self.export_task = tasks.run_with_progress(self, fn, self.db, *args, label=label,
                                                   on_success=succeeded, cancellable=False)
        return self.export_task


__all__ = ["CalendarView", "MonthPage"]
