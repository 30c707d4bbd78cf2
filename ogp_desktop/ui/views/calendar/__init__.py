"""The calendar section of the main window: the month grid, the timeline of a plan, the
upcoming days, and the plan's phases and steps (view.py has the overview)."""

from ogp_desktop.ui.views.calendar.view import CalendarView

__all__ = ["CalendarView"]
