"""What the calendar's pictures share: the colours of the states (done, running, upcoming,
late) and of the plans, the names of the kinds of items, the little markers that tell a
key date from a meeting or an action item, the legend, and the babel names of months and
week days (ar_JO: "كانون الثاني … حزيران، تموز", the week from Saturday; en_GB from Monday).

Digits stay Western everywhere, as the secretariat writes them."""

from __future__ import annotations

import datetime as dt
from functools import cache

from babel.dates import format_date as babel_format_date
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from ogp_desktop.core import formatting
from ogp_desktop.core.calendar import CalendarItem, CalendarKind, StepState
from ogp_desktop.core.i18n import N_
from ogp_desktop.ui import common
from ogp_desktop.ui.common import _, short_date

STATE_COLOURS: dict[StepState, str] = {
    StepState.DONE: "#5f8a68",      # muted green: finished
    StepState.RUNNING: "#1a6fc9",   # blue: under way
    StepState.UPCOMING: "#a9b6e8",  # pale indigo: planned
    StepState.LATE: "#cf2e2e",      # red: past its end and not done
}
STATE_LABELS: dict[StepState, str] = {
    StepState.DONE: N_("Done"),
    StepState.RUNNING: N_("Running"),
    StepState.UPCOMING: N_("Upcoming"),
    StepState.LATE: N_("Late"),
}
STATE_HINTS: dict[StepState, str] = {
    StepState.DONE: N_("Marked done"),
    StepState.RUNNING: N_("Running today"),
    StepState.UPCOMING: N_("Starts later"),
    StepState.LATE: N_("Past its end and not done"),
}
KIND_LABELS: dict[CalendarKind, str] = {
    CalendarKind.STEP: N_("Step"),
    CalendarKind.KEY_DATE: N_("Key date"),
    CalendarKind.MEETING: N_("Meeting"),
    CalendarKind.ACTION_DUE: N_("Action item due"),
}
# A plan's colour is a stripe at the start of its bars and the ring of its markers; chosen
# away from the state colours (no blue, no red).
PLAN_COLOURS = ("#8e24aa", "#ef6c00", "#00897b", "#6d4c41", "#c2185b", "#7cb342", "#5e35b1")
TODAY_COLOUR = "#e65100"
TODAY_FILL = "#fff4e0"
GRID_COLOUR = "#c9ccd1"
OTHER_MONTH_FILL = "#f1f2f4"
WEEKEND_FILL = "#f8f9fb"
MEETING_STATUS_COLOURS = {"draft": "#9e9e9e", "approved": "#1a6fc9", "signed": "#2e7d32"}


def state_colour(state: StepState | str) -> QColor:
    return QColor(STATE_COLOURS[StepState(state)])


def state_label(state: StepState | str) -> str:
    return _(STATE_LABELS[StepState(state)])


def kind_label(kind: CalendarKind | str) -> str:
    return _(KIND_LABELS[CalendarKind(kind)])


def plan_colour(ordinal: int | None) -> QColor:
    if ordinal is None:
        return QColor("#757575")
    return QColor(PLAN_COLOURS[(ordinal - 1) % len(PLAN_COLOURS)])


def text_colour_on(fill: QColor) -> QColor:
    """Black or white, whichever reads better on `fill`."""
    luminance = 0.2126 * fill.redF() + 0.7152 * fill.greenF() + 0.0722 * fill.blueF()
    return QColor("#1b1b1b") if luminance > 0.6 else QColor("#ffffff")


# --- months and week days (babel) -----------------------------------------------------------


def _locale():
    return formatting.locale_for(common.current_language())


def first_weekday() -> int:
    """The locale's first day of the week as Python counts (Monday 0 … Sunday 6):
    Saturday (5) for ar_JO, Monday (0) for en_GB."""
    return int(_locale().first_week_day)


def weekend_days() -> set[int]:
    loc = _locale()
    start, end = int(loc.weekend_start), int(loc.weekend_end)
    days, d = {start}, start
    while d != end:
        d = (d + 1) % 7
        days.add(d)
    return days


@cache
def _month_names(language: str, width: str) -> tuple[str, ...]:
    months = formatting.locale_for(language).months["stand-alone"][width]
    return tuple(months[m] for m in range(1, 13))


def month_name(month: int, *, short: bool = False) -> str:
    """"تموز" / "July" (stand-alone, as a calendar's title names it)."""
    language = common.current_language()
    width = "abbreviated" if short and language != "ar" else "wide"
    return _month_names(language, width)[month - 1]


def month_title(year: int, month: int) -> str:
    """"تموز 2021" / "July 2021"."""
    return babel_format_date(dt.date(year, month, 1), "LLLL y", locale=_locale())


def weekday_name(weekday: int, *, short: bool = False) -> str:
    """The name of a Python weekday (Monday 0) in the user's language."""
    width = "abbreviated" if short else "wide"
    return _locale().days["stand-alone"][width][weekday]


def quarter_title(day: dt.date) -> str:
    """"Q3 2021" / "الربع الثالث 2021"."""
    return babel_format_date(day, "QQQ y", locale=_locale())


# --- items ------------------------------------------------------------------------------------


def item_text(item: CalendarItem) -> str:
    """What a grid cell or a list line says of an item."""
    if item.kind == CalendarKind.STEP:
        return f"{item.number}. {item.title}" if item.number is not None else item.title
    if item.kind == CalendarKind.MEETING and item.start_time is not None:
        return f"{formatting.time_short(item.start_time, common.current_language())} {item.title}"
    return item.title


def date_range_text(start: dt.date | None, end: dt.date | None) -> str:
    if start is None:
        return _("no dates")
    if end is None or end == start:
        return short_date(start)
    return f"{short_date(start)} – {short_date(end)}"


def item_tooltip(item: CalendarItem, plan_names: dict[int, str]) -> str:
    lines = [f"{kind_label(item.kind)}: {item_text(item)}"]
    if item.context:
        if item.kind == CalendarKind.KEY_DATE:
            lines.append(_("Step {n}: {title}").format(n=item.number, title=_short(item.context)))
        else:
            lines.append(_("Meeting: {title}").format(title=_short(item.context)))
    lines.append(date_range_text(item.start, item.end))
    lines.append(_("State: {state}").format(state=state_label(item.state)))
    if item.plan_id is not None and item.plan_id in plan_names:
        lines.append(plan_names[item.plan_id])
    return "\n".join(lines)


def _short(text: str, n: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


# --- markers -----------------------------------------------------------------------------------


def draw_marker(painter: QPainter, kind: CalendarKind | str, rect: QRectF, fill: QColor,
                ring: QColor | None = None) -> None:
    """A key date is a diamond, a meeting a circle, an action item a square; a step is a
    small bar. Filled with the state's colour, ringed with the plan's."""
    kind = CalendarKind(kind)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    pen = QPen(ring if ring is not None else fill.darker(140))
    pen.setWidthF(1.6 if ring is not None else 1.0)
    painter.setPen(pen)
    painter.setBrush(fill)
    r = rect.adjusted(1, 1, -1, -1)
    if kind == CalendarKind.KEY_DATE:
        c = r.center()
        h = min(r.width(), r.height()) / 2
        painter.drawPolygon(QPolygonF([QPointF(c.x(), c.y() - h), QPointF(c.x() + h, c.y()),
                                       QPointF(c.x(), c.y() + h), QPointF(c.x() - h, c.y())]))
    elif kind == CalendarKind.MEETING:
        side = min(r.width(), r.height())
        painter.drawEllipse(QRectF(r.center().x() - side / 2, r.center().y() - side / 2, side, side))
    elif kind == CalendarKind.ACTION_DUE:
        side = min(r.width(), r.height()) * 0.85
        painter.drawRect(QRectF(r.center().x() - side / 2, r.center().y() - side / 2, side, side))
    else:
        path = QPainterPath()
        bar = QRectF(r.left(), r.center().y() - r.height() * 0.3, r.width(), r.height() * 0.6)
        path.addRoundedRect(bar, 2, 2)
        painter.drawPath(path)
    painter.restore()


def _swatch(kind: CalendarKind | str, fill: QColor, ring: QColor | None = None) -> QPixmap:
    size = QSize(16, 16)
    pixmap = QPixmap(size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    draw_marker(painter, kind, QRectF(0, 0, size.width(), size.height()), fill, ring)
    painter.end()
    return pixmap


class Legend(QWidget):
    """The colours of the states and plans and the shapes of the kinds, in one line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self.set_plans([])

    def _add(self, pixmap: QPixmap, text: str, tip: str = "") -> None:
        icon = QLabel()
        icon.setPixmap(pixmap)
        label = QLabel(text)
        if tip:
            icon.setToolTip(tip)
            label.setToolTip(tip)
        self._layout.addWidget(icon)
        self._layout.addWidget(label)
        self._layout.addSpacing(10)

    def set_plans(self, plans: list[tuple[int, str]]) -> None:
        """`plans`: (ordinal, short name) of the plans shown."""
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:  # hidden now: deleted only when the loop runs
                widget.hide()
                widget.deleteLater()
        grey = QColor("#b0b4ba")
        for state in StepState:
            self._add(_swatch(CalendarKind.STEP, state_colour(state)), state_label(state),
                      _(STATE_HINTS[state]))
        self._layout.addSpacing(12)
        for kind in (CalendarKind.KEY_DATE, CalendarKind.MEETING, CalendarKind.ACTION_DUE):
            self._add(_swatch(kind, grey), kind_label(kind))
        if plans:
            self._layout.addSpacing(12)
        for ordinal, name in plans:
            self._add(_swatch(CalendarKind.MEETING, QColor("#ffffff"), plan_colour(ordinal)), name)
        self._layout.addStretch(1)


def plan_short_name(ordinal: int) -> str:
    return _("Plan {n}").format(n=ordinal)
