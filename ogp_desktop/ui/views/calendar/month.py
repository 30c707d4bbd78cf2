"""The month grid: seven columns from the locale's first day of the week (Saturday in
Arabic, Monday in English), laid out right-to-left in Arabic — the grid paints itself, so
it mirrors itself when `common.is_rtl()`.

Each week row has lanes: steps are bars across the days they run (one bar per week row;
a single-day step is a bar of one day), then each day's key dates, meetings and action
items due, one line each. What does not fit is counted in "+N more", which opens the
list of the day. Bars are coloured by state with a stripe of the plan's colour where they
start; markers by state, ringed with the plan's colour. Today has its own colour.

Mouse: a click on an item opens it (`openRequested(kind, id)`: ("step", id) for steps and
key dates, ("meeting", id) for meetings and action items). Keyboard: the arrows move the
current day (mirrored in Arabic), Page Up/Down the month, Home today; Enter opens the day's
item, or lists the day's items when there are several.

For tests and for the view, `items_for_day(day)`, `item_rect(item, day)`, `rects_for(item)`
and `item_at(pos)` give the mapping between what is drawn and the records."""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import QMenu, QToolTip, QWidget

from ogp_desktop.core.calendar import CalendarItem, CalendarKind
from ogp_desktop.ui import common
from ogp_desktop.ui.common import _, ngettext

from . import style

ONE_DAY = dt.timedelta(days=1)


def month_range(year: int, month: int, first_weekday: int) -> tuple[dt.date, int]:
    """First day shown and number of week rows for a month grid whose weeks start on
    `first_weekday` (Python's numbering: Monday 0)."""
    first = dt.date(year, month, 1)
    start = first - dt.timedelta(days=(first.weekday() - first_weekday) % 7)
    last = dt.date(year, month, pycalendar.monthrange(year, month)[1])
    return start, (last - start).days // 7 + 1


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


@dataclass
class Placed:
    """An item drawn in the grid: its rectangle and the days it covers there."""

    item: CalendarItem
    rect: QRect
    first: dt.date  # first and last day this rectangle covers (a bar: a week's run)
    last: dt.date
    bar: bool
    starts: bool = True  # the rectangle begins on the item's first day (the plan stripe)

    def covers(self, day: dt.date) -> bool:
        return self.first <= day <= self.last


class MonthGrid(QWidget):
    openRequested = Signal(str, int)    # ("step" | "meeting", id)
    currentDayChanged = Signal(object)  # dt.date, from the keyboard or a click
    monthRequested = Signal(int, int)   # the keyboard left the month: (year, month)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("monthGrid")
        self.setAccessibleName(_("Month"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setMinimumSize(560, 320)
        today = dt.date.today()
        self.year, self.month = today.year, today.month
        self.first_weekday = 0
        self.today = today
        self.current: dt.date = today
        self._items: list[CalendarItem] = []
        self._days: dict[dt.date, list[CalendarItem]] = {}
        self._plan_ordinals: dict[int, int] = {}
        self._plan_names: dict[int, str] = {}
        self._weekend: set[int] = set()
        self._placed: list[Placed] = []
        self._more: dict[dt.date, QRect] = {}
        self._hidden: dict[dt.date, int] = {}
        self._start = today
        self._weeks = 5
        self.last_menu: QMenu | None = None

    # --- data -----------------------------------------------------------------------------

    def set_month(self, year: int, month: int, items: list[CalendarItem],
                  days: dict[dt.date, list[CalendarItem]], *, today: dt.date,
                  first_weekday: int, plan_ordinals: dict[int, int] | None = None,
                  plan_names: dict[int, str] | None = None, current: dt.date | None = None) -> None:
        """Show a month. `items`/`days` cover the whole grid (`grid_range`), so days of the
        neighbouring months show their items too, greyed."""
        self.year, self.month = year, month
        self.first_weekday = first_weekday
        self.today = today
        self._items = list(items)
        self._days = days
        self._plan_ordinals = dict(plan_ordinals or {})
        self._plan_names = dict(plan_names or {})
        self._weekend = style.weekend_days()
        self._start, self._weeks = month_range(year, month, first_weekday)
        if current is not None:
            self.current = current
        elif not (self.current.year == year and self.current.month == month):
            self.current = today if (today.year, today.month) == (year, month) \
                else dt.date(year, month, 1)
        self._relayout()
        self.update()

    def grid_range(self) -> tuple[dt.date, dt.date]:
        return self._start, self._start + dt.timedelta(days=7 * self._weeks - 1)

    def items(self) -> list[CalendarItem]:
        return list(self._items)

    def items_for_day(self, day: dt.date) -> list[CalendarItem]:
        """Everything on the calendar that day (drawn or counted in "+N more")."""
        return list(self._days.get(day, []))

    def visible_items(self, day: dt.date) -> list[CalendarItem]:
        """The items drawn in the day's cell, top to bottom."""
        placed = sorted((p for p in self._placed if p.covers(day)), key=lambda p: p.rect.top())
        return [p.item for p in placed]

    def item_rect(self, item: CalendarItem | str, day: dt.date | None = None) -> QRect | None:
        """Where `item` (or its uuid) is drawn — in the cell of `day` when given (for a bar:
        the run that covers it); None when it is not drawn there."""
        uuid = item if isinstance(item, str) else item.uuid
        for p in self._placed:
            if p.item.uuid == uuid and (day is None or p.covers(day)):
                if day is not None and p.bar:
                    # the part of the bar over that day's cell, so a click lands on that day
                    cell = self.cell_rect(day)
                    return QRect(cell.left() + 1, p.rect.top(), cell.width() - 2, p.rect.height())
                return QRect(p.rect)
        return None

    def rects_for(self, item: CalendarItem | str) -> list[QRect]:
        uuid = item if isinstance(item, str) else item.uuid
        return [QRect(p.rect) for p in self._placed if p.item.uuid == uuid]

    def placed(self) -> list[Placed]:
        return list(self._placed)

    def item_at(self, pos: QPoint) -> CalendarItem | None:
        for p in reversed(self._placed):
            if p.rect.contains(pos):
                return p.item
        return None

    def more_rect(self, day: dt.date) -> QRect | None:
        return QRect(self._more[day]) if day in self._more else None

    # --- geometry ---------------------------------------------------------------------------

    def _fonts(self) -> tuple[QFont, QFont, QFont]:
        base = QFont(self.font())
        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() * 0.9))
        bold = QFont(base)
        bold.setBold(True)
        return base, small, bold

    def header_height(self) -> int:
        return QFontMetrics(self._fonts()[2]).height() + 10

    def _metrics(self) -> tuple[int, int, float, float]:
        """(day label height, line height, column width, row height)."""
        _base, small, bold = self._fonts()
        day_h = QFontMetrics(bold).height() + 4
        line_h = QFontMetrics(small).height() + 3
        cw = self.width() / 7
        rh = (self.height() - self.header_height()) / max(1, self._weeks)
        return day_h, line_h, cw, rh

    def column_of(self, day: dt.date) -> int:
        return (day.weekday() - self.first_weekday) % 7

    def _col_x(self, col: int) -> tuple[int, int]:
        """Left and right x of a column: column 0 is on the right in Arabic."""
        cw = self.width() / 7
        if common.is_rtl():
            left, right = self.width() - (col + 1) * cw, self.width() - col * cw
        else:
            left, right = col * cw, (col + 1) * cw
        return round(left), round(right)

    def cell_rect(self, day: dt.date) -> QRect:
        index = (day - self._start).days
        week, col = divmod(index, 7)
        left, right = self._col_x(col)
        hh = self.header_height()
        rh = (self.height() - hh) / max(1, self._weeks)
        top, bottom = round(hh + week * rh), round(hh + (week + 1) * rh)
        return QRect(left, top, right - left, bottom - top)

    def day_rect(self, day: dt.date) -> QRect:
        return self.cell_rect(day)

    def day_at(self, pos: QPoint) -> dt.date | None:
        first, last = self.grid_range()
        day = first
        while day <= last:
            if self.cell_rect(day).contains(pos):
                return day
            day += ONE_DAY
        return None

    def sizeHint(self) -> QSize:
        return QSize(900, 560)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._relayout()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.LayoutDirectionChange):
            self._relayout()

    def _relayout(self) -> None:
        """Place bars in lanes and the day's events below them; count what does not fit."""
        self._placed, self._more, self._hidden = [], {}, {}
        if self.width() <= 0 or self.height() <= 0:
            return
        day_h, line_h, _cw, rh = self._metrics()
        capacity = max(1, int((rh - day_h - 3) // line_h))
        for week in range(self._weeks):
            w_first = self._start + dt.timedelta(days=7 * week)
            w_last = w_first + dt.timedelta(days=6)
            week_days = [w_first + dt.timedelta(days=i) for i in range(7)]
            # bars: steps, packed into lanes
            bars = [i for i in self._items if i.kind == CalendarKind.STEP
                    and i.start <= w_last and i.end >= w_first]
            bars.sort(key=lambda i: (max(i.start, w_first),
                                     -(min(i.end, w_last) - max(i.start, w_first)).days,
                                     i.sort_key()))
            lane_ends: list[dt.date] = []
            lanes: dict[str, int] = {}
            for item in bars:
                s = max(item.start, w_first)
                for lane, end in enumerate(lane_ends):
                    if end < s:
                        lane_ends[lane] = min(item.end, w_last)
                        lanes[item.uuid] = lane
                        break
                else:
                    lanes[item.uuid] = len(lane_ends)
                    lane_ends.append(min(item.end, w_last))
            # each day's limit: one line less when "+N more" is needed
            limit: dict[dt.date, int] = {}
            events: dict[dt.date, list[CalendarItem]] = {}
            for day in week_days:
                on_day = self._days.get(day, [])
                events[day] = [i for i in on_day if i.kind != CalendarKind.STEP]
                used = [lanes[i.uuid] for i in on_day if i.kind == CalendarKind.STEP and i.uuid in lanes]
                # events fill the lanes left empty by bars first, then go below them
                needed = max(max(used, default=-1) + 1, len(used) + len(events[day]))
                limit[day] = capacity if needed <= capacity else capacity - 1
            # bars, split into runs of days where their lane is within the day's limit
            for item in bars:
                lane = lanes[item.uuid]
                run: list[dt.date] = []
                for run_day in [*week_days, None]:  # None ends the last run
                    if run_day is not None and item.on(run_day) and lane < limit[run_day]:
                        run.append(run_day)
                        continue
                    if run:
                        self._place_bar(item, run[0], run[-1], lane, day_h, line_h)
                        run = []
            # events in the free lines of their day, then "+N more"
            for day in week_days:
                cell = self.cell_rect(day)
                taken = {lanes[i.uuid] for i in self._days.get(day, [])
                         if i.kind == CalendarKind.STEP and i.uuid in lanes and lanes[i.uuid] < limit[day]}
                shown_bars = len(taken)
                slot = 0
                shown_events = 0
                for item in events[day]:
                    while slot in taken:
                        slot += 1
                    if slot >= limit[day]:
                        break
                    rect = QRect(cell.left() + 3, cell.top() + day_h + slot * line_h,
                                 cell.width() - 6, line_h - 2)
                    self._placed.append(Placed(item, rect, day, day, bar=False))
                    shown_events += 1
                    slot += 1
                hidden = len(self._days.get(day, [])) - shown_bars - shown_events
                if hidden > 0:
                    self._hidden[day] = hidden
                    self._more[day] = QRect(cell.left() + 3, cell.top() + day_h + (capacity - 1) * line_h,
                                            cell.width() - 6, line_h - 2)

    def _place_bar(self, item: CalendarItem, first: dt.date, last: dt.date, lane: int,
                   day_h: int, line_h: int) -> None:
        a, b = self.cell_rect(first), self.cell_rect(last)
        left, right = min(a.left(), b.left()), max(a.right(), b.right())
        inset_start = 3 if first == item.start else 0
        inset_end = 3 if last == item.end else 0
        if common.is_rtl():  # the bar starts on the right
            left, right = left + inset_end, right - inset_start
        else:
            left, right = left + inset_start, right - inset_end
        rect = QRect(left, a.top() + day_h + lane * line_h, right - left + 1, line_h - 2)
        self._placed.append(Placed(item, rect, first, last, bar=True, starts=first == item.start))

    # --- painting ---------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rtl = common.is_rtl()
        # each text in its own direction (an Arabic title reads right-to-left in the English
        # interface too); where it goes is set by the explicit alignments below
        painter.setLayoutDirection(Qt.LayoutDirection.LayoutDirectionAuto)
        base, small, bold = self._fonts()
        pal = self.palette()
        painter.fillRect(self.rect(), pal.base())
        start_align = (Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft) \
            | Qt.AlignmentFlag.AlignAbsolute

        # week-day names
        hh = self.header_height()
        painter.fillRect(QRect(0, 0, self.width(), hh), pal.alternateBase())
        painter.setFont(bold)
        painter.setPen(pal.text().color())
        short = self.width() / 7 < QFontMetrics(bold).horizontalAdvance("Wednesday") + 12
        for col in range(7):
            left, right = self._col_x(col)
            weekday = (self.first_weekday + col) % 7
            painter.drawText(QRect(left, 0, right - left, hh), Qt.AlignmentFlag.AlignCenter,
                             style.weekday_name(weekday, short=short))

        # cells
        first, last = self.grid_range()
        day_h = QFontMetrics(bold).height() + 4
        day = first
        grid_pen = QPen(QColor(style.GRID_COLOUR))
        while day <= last:
            cell = self.cell_rect(day)
            in_month = day.month == self.month
            if day == self.today:
                painter.fillRect(cell, QColor(style.TODAY_FILL))
            elif not in_month:
                painter.fillRect(cell, QColor(style.OTHER_MONTH_FILL))
            elif day.weekday() in self._weekend:
                painter.fillRect(cell, QColor(style.WEEKEND_FILL))
            painter.setPen(grid_pen)
            painter.drawRect(cell)
            # the day's number at the start corner; the 1st also names its month
            label = str(day.day)
            if day.day == 1 or day == first:
                label = f"{day.day} {style.month_name(day.month, short=True)}"
            text_rect = QRect(cell.left() + 5, cell.top() + 2, cell.width() - 10, day_h - 2)
            painter.setFont(bold if in_month else base)
            colour = pal.text().color() if in_month else pal.placeholderText().color()
            if day == self.today:
                width = QFontMetrics(bold).horizontalAdvance(label) + 10
                circle = QRect(text_rect.right() - width + 1 if rtl else text_rect.left() - 3,
                               text_rect.top(), width, text_rect.height())
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(QColor(style.TODAY_COLOUR))
                painter.drawRoundedRect(circle, circle.height() / 2, circle.height() / 2)
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(QColor("#ffffff"))
                painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, label)
            else:
                painter.setPen(colour)
                painter.drawText(text_rect, start_align | Qt.AlignmentFlag.AlignVCenter, label)
            day += ONE_DAY

        # the today frame and the keyboard's current day
        if first <= self.today <= last:
            painter.setPen(QPen(QColor(style.TODAY_COLOUR), 2))
            painter.drawRect(self.cell_rect(self.today).adjusted(1, 1, -1, -1))
        if self.hasFocus() and first <= self.current <= last:
            pen = QPen(pal.highlight().color(), 2, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawRect(self.cell_rect(self.current).adjusted(3, 3, -3, -3))

        # items
        painter.setFont(small)
        fm = QFontMetrics(small)
        for p in self._placed:
            if p.bar:
                self._paint_bar(painter, p, fm, rtl, start_align)
            else:
                self._paint_event(painter, p, fm, rtl, start_align)
        painter.setPen(pal.link().color())
        for day, rect in self._more.items():
            painter.drawText(rect, start_align | Qt.AlignmentFlag.AlignVCenter,
                             ngettext("+{n} more", "+{n} more", self._hidden[day]).format(
                                 n=self._hidden[day]))
        painter.end()

    def _paint_bar(self, painter: QPainter, p: Placed, fm: QFontMetrics, rtl: bool,
                   start_align: Qt.AlignmentFlag) -> None:
        fill = style.state_colour(p.item.state)
        rect = QRectF(p.rect)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        path = QPainterPath()
        path.addRoundedRect(rect, 3, 3)
        painter.fillPath(path, fill)
        if p.starts:  # the plan's stripe where the step begins
            stripe = QRectF(rect.right() - 4, rect.top(), 4, rect.height()) if rtl \
                else QRectF(rect.left(), rect.top(), 4, rect.height())
            ordinal = self._plan_ordinals.get(p.item.plan_id) if p.item.plan_id is not None else None
            painter.fillRect(stripe, style.plan_colour(ordinal))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(style.text_colour_on(fill))
        text_rect = p.rect.adjusted(7, 0, -7, 0)
        text = fm.elidedText(style.item_text(p.item), Qt.TextElideMode.ElideRight, text_rect.width())
        painter.drawText(text_rect, start_align | Qt.AlignmentFlag.AlignVCenter, text)

    def _paint_event(self, painter: QPainter, p: Placed, fm: QFontMetrics, rtl: bool,
                     start_align: Qt.AlignmentFlag) -> None:
        rect = p.rect
        side = rect.height()
        marker = QRectF(rect.right() - side + 1, rect.top(), side, side) if rtl \
            else QRectF(rect.left(), rect.top(), side, side)
        ring = style.plan_colour(self._plan_ordinals.get(p.item.plan_id)) \
            if p.item.plan_id is not None else None
        style.draw_marker(painter, p.item.kind, marker.adjusted(1, 1, -1, -1),
                          style.state_colour(p.item.state), ring)
        text_rect = rect.adjusted(0, 0, -(side + 3), 0) if rtl else rect.adjusted(side + 3, 0, 0, 0)
        colour = self.palette().text().color()
        if p.item.state == "late":
            colour = QColor(style.STATE_COLOURS[p.item.state]).darker(115)
        painter.setPen(colour)
        text = fm.elidedText(style.item_text(p.item), Qt.TextElideMode.ElideRight, text_rect.width())
        painter.drawText(text_rect, start_align | Qt.AlignmentFlag.AlignVCenter, text)

    # --- interaction ------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            pos = event.pos()
            item = self.item_at(pos)
            if item is not None:
                QToolTip.showText(event.globalPos(), style.item_tooltip(item, self._plan_names), self)
            else:
                day = self.day_at(pos)
                if day is not None and self._hidden.get(day) and self._more[day].contains(pos):
                    QToolTip.showText(event.globalPos(), _("Show everything on this day"), self)
                else:
                    QToolTip.hideText()
            return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position().toPoint()
        over = self.item_at(pos) is not None or any(r.contains(pos) for r in self._more.values())
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        pos = event.position().toPoint()
        day = self.day_at(pos)
        if day is not None:
            self.set_current(day)
        item = self.item_at(pos)
        if item is not None:
            self.open(item)
            return None
        if day is not None and day in self._more and self._more[day].contains(pos):
            self.show_day_menu(day)
        return None

    def open(self, item: CalendarItem) -> None:
        kind, record_id = item.target
        if record_id is not None:
            self.openRequested.emit(kind, record_id)

    def set_current(self, day: dt.date) -> None:
        if day != self.current:
            self.current = day
            self.currentDayChanged.emit(day)
            self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        forward = -1 if common.is_rtl() else 1  # in Arabic the next day is to the left
        moves: dict[int, int] = {Qt.Key.Key_Right: forward, Qt.Key.Key_Left: -forward,
                 Qt.Key.Key_Down: 7, Qt.Key.Key_Up: -7}
        if key in moves:
            self._move_to(self.current + dt.timedelta(days=moves[key]))
        elif key in (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
            y, m = shift_month(self.current.year, self.current.month,
                               -1 if key == Qt.Key.Key_PageUp else 1)
            last = pycalendar.monthrange(y, m)[1]
            self._move_to(dt.date(y, m, min(self.current.day, last)))
        elif key == Qt.Key.Key_Home:
            self._move_to(self.today)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.activate_day(self.current)
        else:
            super().keyPressEvent(event)

    def _move_to(self, day: dt.date) -> None:
        self.set_current(day)
        if (day.year, day.month) != (self.year, self.month):
            self.monthRequested.emit(day.year, day.month)

    def activate_day(self, day: dt.date) -> QMenu | None:
        """Enter on a day: open its one item, or list its items to choose from."""
        items = self.items_for_day(day)
        if len(items) == 1:
            self.open(items[0])
            return None
        if items:
            return self.show_day_menu(day)
        return None

    def show_day_menu(self, day: dt.date) -> QMenu:
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        title = menu.addAction(common.format_date(day, weekday=True))
        title.setEnabled(False)
        menu.addSeparator()
        fm = menu.fontMetrics()
        for item in self.items_for_day(day):
            text = f"{style.kind_label(item.kind)}: {style.item_text(item)}"
            action = menu.addAction(fm.elidedText(text, Qt.TextElideMode.ElideRight, 520))
            action.setToolTip(style.item_tooltip(item, self._plan_names))
            action.triggered.connect(lambda _checked=False, it=item: self.open(it))
        cell = self.cell_rect(day)
        menu.popup(self.mapToGlobal(cell.center()))
        self.last_menu = menu
        return menu
