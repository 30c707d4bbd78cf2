"""The timeline of a plan: its phases and steps as horizontal bars on a time axis, the
meetings of the plan and its committees as marks on a lane of their own, and a line for
today. The axis runs right-to-left in Arabic (earlier dates on the right): the canvas
paints itself and mirrors itself when `common.is_rtl()`.

Zoom by month, quarter or year changes the scale and what the axis names (months,
quarters, years); the year zoom spans the plan's years. A step bar is labelled with its
number and title — inside the bar when it fits, else after its end — elided to the room
there is. A click on a bar (or a key date on it) opens the step, on a mark the meeting
(`openRequested(kind, id)`); with the keyboard, Up/Down choose a bar or mark and Enter
opens it. `bar_rects()`, `mark_rects()` and `item_at(pos)` map drawing to records."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
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
    QPolygonF,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ogp_desktop.core.calendar import CalendarKind, Timeline, TimelinePhase, TimelineStep
from ogp_desktop.core.i18n import N_
from ogp_desktop.ui import common
from ogp_desktop.ui.common import _, short_date
from ogp_desktop.ui.views.widgets import heading

from . import style

ZOOMS: dict[str, tuple[str, float]] = {  # key: (label, pixels per day)
    "month": (N_("Month"), 7.0),
    "quarter": (N_("Quarter"), 2.6),
    "year": (N_("Year"), 0.55),
}
MARGIN = 24
AXIS_H = 40  # the units' names, then a band where today is named
LABEL_H = 24
LANE_H = 22
PHASE_H = 26
STEP_H = 20
LABEL_MAX = 440  # at most this wide, a label beside its bar


def _unit_start(day: dt.date, zoom: str) -> dt.date:
    if zoom == "year":
        return dt.date(day.year, 1, 1)
    if zoom == "quarter":
        return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return dt.date(day.year, day.month, 1)


def _next_unit(day: dt.date, zoom: str) -> dt.date:
    months = {"year": 12, "quarter": 3}.get(zoom, 1)
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


class TimelineCanvas(QWidget):
    openRequested = Signal(str, int)  # ("step" | "meeting", id)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelineCanvas")
        self.setAccessibleName(_("Timeline"))
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.timeline: Timeline | None = None
        self.zoom = "quarter"
        self.min_width = 600
        self.range_start = dt.date.today()
        self.range_end = dt.date.today()
        self.ppd = 1.0
        self._bars: dict[int, QRect] = {}
        self._labels: dict[int, QRect] = {}
        self._phases: dict[int, QRect] = {}
        self._marks: dict[int, QRect] = {}
        self._key_dates: list[tuple[QRect, int, str, dt.date]] = []
        self._rows: list[tuple[str, TimelinePhase | TimelineStep, int]] = []  # (kind, record, y)
        self._order: list[tuple[str, int]] = []  # keyboard order: ("step"|"meeting", id)
        self.current: tuple[str, int] | None = None
        self.today_in_range = False

    # --- data -----------------------------------------------------------------------------

    def set_timeline(self, timeline: Timeline | None, zoom: str | None = None) -> None:
        self.timeline = timeline
        if zoom is not None:
            self.zoom = zoom
        self.current = None
        self.relayout()

    def set_zoom(self, zoom: str) -> None:
        self.zoom = zoom
        self.relayout()

    def set_min_width(self, width: int) -> None:
        if width != self.min_width:
            self.min_width = width
            self.relayout()

    def step_ids(self) -> list[int]:
        return list(self._bars)

    def bar_rects(self) -> dict[int, QRect]:
        """Step id → its bar (steps without dates have a zero-width bar at the start)."""
        return {k: QRect(v) for k, v in self._bars.items()}

    def label_rects(self) -> dict[int, QRect]:
        return {k: QRect(v) for k, v in self._labels.items()}

    def phase_rects(self) -> dict[int, QRect]:
        return {k: QRect(v) for k, v in self._phases.items()}

    def mark_rects(self) -> dict[int, QRect]:
        """Meeting id → its mark."""
        return {k: QRect(v) for k, v in self._marks.items()}

    def item_at(self, pos: QPoint) -> tuple[str, int] | None:
        for mid, rect in self._marks.items():
            if rect.contains(pos):
                return ("meeting", mid)
        for rect, step_id, _label, _day in self._key_dates:
            if rect.contains(pos):
                return ("step", step_id)
        for sid, rect in self._bars.items():
            if rect.contains(pos) or self._labels.get(sid, QRect()).contains(pos):
                return ("step", sid)
        return None

    # --- geometry ---------------------------------------------------------------------------

    def x_for(self, day: dt.date) -> float:
        """x of the start of `day`; earlier dates on the right in Arabic."""
        offset = MARGIN + (day - self.range_start).days * self.ppd
        return self.width() - offset if common.is_rtl() else offset

    def _span(self, start: dt.date, end: dt.date) -> tuple[int, int]:
        """Left and right x of the days start..end (inclusive)."""
        a, b = self.x_for(start), self.x_for(end + dt.timedelta(days=1))
        left, right = min(a, b), max(a, b)
        if right - left < 6:  # a single day stays visible at every zoom
            mid = (left + right) / 2
            left, right = mid - 3, mid + 3
        return round(left), round(right)

    def _fonts(self) -> tuple[QFont, QFont, QFont]:
        base = QFont(self.font())
        small = QFont(base)
        small.setPointSizeF(max(7.0, base.pointSizeF() * 0.9))
        bold = QFont(base)
        bold.setBold(True)
        return base, small, bold

    def relayout(self) -> None:
        tl = self.timeline
        self._bars, self._labels, self._phases, self._marks = {}, {}, {}, {}
        self._key_dates, self._rows, self._order = [], [], []
        if tl is None or tl.start is None or tl.end is None:  # nothing dated
            self.setFixedSize(max(self.min_width, 300), 120)
            self.update()
            return
        first, last = tl.start, tl.end
        if self.zoom == "year":  # the plan's whole period
            first = min(first, dt.date(tl.first_year, 1, 1))
            last = max(last, dt.date(tl.last_year, 12, 31))
        today = tl.today
        self.today_in_range = first - dt.timedelta(days=62) <= today <= last + dt.timedelta(days=92)
        if self.today_in_range:
            first, last = min(first, today), max(last, today)
        self.range_start = _unit_start(first, self.zoom)
        end = _unit_start(last, self.zoom)
        self.range_end = _next_unit(end, self.zoom)
        days = (self.range_end - self.range_start).days
        ppd = ZOOMS[self.zoom][1]
        self.ppd = max(ppd, (self.min_width - 2 * MARGIN) / max(days, 1))
        width = round(2 * MARGIN + days * self.ppd)
        rows = sum(1 + len(p.steps) for p in tl.phases)
        height = AXIS_H + LANE_H + 6 + len(tl.phases) * PHASE_H + (rows - len(tl.phases)) * STEP_H + 6
        self.setFixedSize(max(width, self.min_width), height)

        _base, small, _bold = self._fonts()
        fm = QFontMetrics(small)
        rtl = common.is_rtl()
        # meetings lane
        y = AXIS_H + 3
        for mark in tl.meetings:
            x = self.x_for(mark.date) + (-self.ppd / 2 if rtl else self.ppd / 2)
            self._marks[mark.meeting_id] = QRect(round(x) - 7, y + 3, 14, LANE_H - 6)
            self._order.append(("meeting", mark.meeting_id))
        y = AXIS_H + LANE_H + 6
        for phase in tl.phases:
            if phase.start is not None and phase.end is not None:  # both or neither
                left, right = self._span(phase.start, phase.end)
                self._phases[phase.id] = QRect(left, y + 3, right - left, PHASE_H - 6)
            else:
                self._phases[phase.id] = QRect(self._start_x(), y + 3, 0, PHASE_H - 6)
            self._rows.append(("phase", phase, y))
            y += PHASE_H
            for step in phase.steps:
                if step.start is not None and step.end is not None:  # both or neither
                    left, right = self._span(step.start, step.end)
                else:
                    left = right = self._start_x()
                bar = QRect(left, y + 3, right - left, STEP_H - 6)
                self._bars[step.id] = bar
                self._labels[step.id] = self._label_rect(bar, self._step_label(step), fm)
                for kd in step.key_dates:
                    cx = self.x_for(kd.date) + (-self.ppd / 2 if rtl else self.ppd / 2)
                    self._key_dates.append((QRect(round(cx) - 5, y + 2, 10, STEP_H - 4),
                                            step.id, kd.label, kd.date))
                self._rows.append(("step", step, y))
                self._order.append(("step", step.id))
                y += STEP_H
        self.update()

    def _start_x(self) -> int:
        return self.width() - MARGIN if common.is_rtl() else MARGIN

    @staticmethod
    def _step_label(step) -> str:
        return f"{step.number}. {' '.join(step.title.split())}"

    def _label_rect(self, bar: QRect, text: str, fm: QFontMetrics) -> QRect:
        """Inside the bar when the whole label fits; else beside it, after its end (to its
        left in Arabic) or, when there is more room there, before its start; as wide as
        the label needs, up to LABEL_MAX and the canvas's edge."""
        needed = fm.horizontalAdvance(text) + 12
        if bar.width() >= needed:
            return bar.adjusted(4, 0, -4, 0)
        want = min(needed, LABEL_MAX)
        room_left = bar.left() - 8
        room_right = self.width() - bar.right() - 9
        after_left = common.is_rtl()  # the reading direction goes on to the left in Arabic
        room_after, room_before = (room_left, room_right) if after_left else (room_right, room_left)
        go_left = after_left if (room_after >= want or room_after >= room_before) else not after_left
        if go_left:
            right = bar.left() - 4
            left = max(4, right - want)
        else:
            left = bar.right() + 5
            right = min(self.width() - 4, left + want)
        return QRect(left, bar.top() - 2, max(0, right - left), bar.height() + 4)

    def sizeHint(self) -> QSize:
        return self.size()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.LayoutDirectionChange):
            self.relayout()

    # --- painting ---------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        # each text in its own direction (an Arabic title reads right-to-left in the English
        # interface too); where it goes is set by the explicit alignments below
        painter.setLayoutDirection(Qt.LayoutDirection.LayoutDirectionAuto)
        pal = self.palette()
        painter.fillRect(self.rect(), pal.base())
        tl = self.timeline
        _base, small, bold = self._fonts()
        if tl is None or tl.start is None:
            painter.setPen(pal.placeholderText().color())
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter,
                             _("This plan has no dated steps yet.") if tl is not None
                             else _("There is no plan to show."))
            painter.end()
            return
        rtl = common.is_rtl()
        start_align = (Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft) \
            | Qt.AlignmentFlag.AlignAbsolute | Qt.AlignmentFlag.AlignVCenter
        h = self.height()

        # axis: a band of units (months, quarters or years), alternately shaded
        painter.fillRect(QRect(0, 0, self.width(), AXIS_H), pal.alternateBase())
        painter.setFont(bold)
        unit, shade = self.range_start, False
        while unit < self.range_end:
            nxt = _next_unit(unit, self.zoom)
            a, b = self.x_for(unit), self.x_for(nxt)
            left, right = round(min(a, b)), round(max(a, b))
            if shade:
                painter.fillRect(QRect(left, AXIS_H, right - left, h - AXIS_H), QColor("#f7f8fa"))
            shade = not shade
            painter.setPen(QPen(QColor(style.GRID_COLOUR)))
            painter.drawLine(round(a), 0, round(a), h)
            if self.zoom == "month":
                text = style.month_title(unit.year, unit.month)
            elif self.zoom == "quarter":
                text = style.quarter_title(unit)
            else:
                text = str(unit.year)
            painter.setPen(pal.text().color())
            fmb = QFontMetrics(bold)
            if fmb.horizontalAdvance(text) > right - left - 6 and self.zoom == "month":
                text = f"{style.month_name(unit.month, short=True)} {unit.year % 100:02d}"
            painter.drawText(QRect(left, 0, right - left, LABEL_H), Qt.AlignmentFlag.AlignCenter,
                             fmb.elidedText(text, Qt.TextElideMode.ElideRight, right - left - 4))
            # month ticks inside quarters and years
            if self.zoom != "month":
                m = unit
                while m < nxt:
                    x = round(self.x_for(m))
                    painter.setPen(QPen(QColor(style.GRID_COLOUR)))
                    painter.drawLine(x, AXIS_H - 5, x, AXIS_H)
                    m = _next_unit(m, "month")
            unit = nxt
        painter.setPen(QPen(QColor(style.GRID_COLOUR)))
        painter.drawLine(0, AXIS_H, self.width(), AXIS_H)

        # meetings lane
        lane = QRect(0, AXIS_H + 3, self.width(), LANE_H)
        painter.setFont(small)
        fm = QFontMetrics(small)
        painter.setPen(pal.placeholderText().color())
        name = _("Meetings")
        name_rect = QRect(lane.right() - fm.horizontalAdvance(name) - 8, lane.top(),
                          fm.horizontalAdvance(name) + 4, lane.height()) if rtl \
            else QRect(4, lane.top(), fm.horizontalAdvance(name) + 4, lane.height())
        if not any(r.intersects(name_rect) for r in self._marks.values()):
            painter.drawText(name_rect, start_align, name)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for mark in tl.meetings:
            rect = self._marks[mark.meeting_id]
            colour = QColor(style.MEETING_STATUS_COLOURS.get(mark.status, "#757575"))
            painter.setPen(QPen(colour.darker(130), 1, Qt.PenStyle.DotLine))
            painter.drawLine(rect.center().x(), rect.bottom(), rect.center().x(), h)
            painter.setPen(QPen(colour.darker(140), 1.2))
            painter.setBrush(colour)
            c = QPointF(rect.center())
            r = rect.height() / 2 - 1
            painter.drawPolygon(QPolygonF([QPointF(c.x(), c.y() + r), QPointF(c.x() - r, c.y() - r * 0.6),
                                           QPointF(c.x() + r, c.y() - r * 0.6)]))
            if self.current == ("meeting", mark.meeting_id) and self.hasFocus():
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.setPen(QPen(pal.highlight().color(), 2))
                painter.drawRect(rect.adjusted(-2, -2, 2, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)

        # phases and steps
        for _kind, record, y in self._rows:
            if isinstance(record, TimelinePhase):
                rect = self._phases[record.id]
                painter.fillRect(QRect(0, y, self.width(), PHASE_H), QColor(238, 240, 244, 160))
                if record.start is not None:
                    painter.setPen(QPen(QColor("#37474f"), 2))
                    yy = y + PHASE_H - 3
                    painter.drawLine(rect.left(), yy, rect.right(), yy)
                    painter.drawLine(rect.left(), yy - 5, rect.left(), yy)
                    painter.drawLine(rect.right(), yy - 5, rect.right(), yy)
                painter.setFont(bold)
                painter.setPen(pal.text().color())
                text = _("Phase {n}: {title}").format(n=record.number, title=record.title)
                label = self._phase_label_rect(rect, y, text, QFontMetrics(bold))
                painter.drawText(label, start_align,
                                 QFontMetrics(bold).elidedText(text, Qt.TextElideMode.ElideRight,
                                                               label.width()))
                continue
            step = record
            bar = self._bars[step.id]
            painter.setFont(small)
            label = self._labels[step.id]
            text = self._step_label(step)
            if step.start is None:
                painter.setPen(pal.placeholderText().color())
                no_dates = _("no dates")
                text = f"{text} ({no_dates})"
                painter.drawText(label, start_align,
                                 fm.elidedText(text, Qt.TextElideMode.ElideRight, label.width()))
                continue
            fill = style.state_colour(step.state)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            path = QPainterPath()
            path.addRoundedRect(QRectF(bar), 3, 3)
            painter.fillPath(path, fill)
            if self.current == ("step", step.id) and self.hasFocus():
                painter.setPen(QPen(pal.highlight().color(), 2))
                painter.drawRoundedRect(QRectF(bar).adjusted(-2, -2, 2, 2), 3, 3)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            inside = bar.contains(label.center()) and label.height() <= bar.height()
            painter.setPen(style.text_colour_on(fill) if inside else pal.text().color())
            painter.drawText(label, start_align,
                             fm.elidedText(text, Qt.TextElideMode.ElideRight, label.width()))
        for rect, _sid, _label, _day in self._key_dates:
            style.draw_marker(painter, CalendarKind.KEY_DATE, QRectF(rect), QColor("#ffd54f"),
                              QColor("#5d4037"))

        # today
        if self.today_in_range:
            x = round(self.x_for(tl.today) + (-self.ppd / 2 if rtl else self.ppd / 2))
            painter.setPen(QPen(QColor(style.TODAY_COLOUR), 2))
            painter.drawLine(x, AXIS_H, x, h)
            painter.setFont(small)
            text = _("Today")
            width = fm.horizontalAdvance(text) + 8
            # in the axis's lower band, under the units' names
            box = QRect(x - width // 2, AXIS_H - fm.height() - 3, width, fm.height() + 2)
            painter.fillRect(box, QColor(style.TODAY_COLOUR))
            painter.setPen(QColor("#ffffff"))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
        painter.end()

    def _phase_label_rect(self, rect: QRect, y: int, text: str, fm: QFontMetrics) -> QRect:
        """A phase's title from where the phase starts, in the reading direction, moved
        back inside the canvas when it would run past its edge."""
        width = min(fm.horizontalAdvance(text) + 8, max(60, self.width() - 8))
        if common.is_rtl():
            right = max(rect.right() if rect.width() else rect.left(), 4 + width)
            left = right - width
        else:
            left = min(rect.left(), self.width() - 4 - width)
            right = left + width
        return QRect(left, y, right - left, PHASE_H - 8)

    # --- interaction ------------------------------------------------------------------------

    def _tooltip(self, target: tuple[str, int], pos: QPoint) -> str:
        tl = self.timeline
        if tl is None:
            return ""
        kind, rid = target
        if kind == "meeting":
            mark = next(m for m in tl.meetings if m.meeting_id == rid)
            lines = [_("Meeting: {title}").format(title=mark.title), short_date(mark.date)]
            if mark.committee:
                lines.append(mark.committee)
            return "\n".join(lines)
        for rect, sid, label, day in self._key_dates:
            if sid == rid and rect.contains(pos):
                return f"{style.kind_label(CalendarKind.KEY_DATE)}: {label}\n{short_date(day)}"
        step = next(s for s in tl.steps if s.id == rid)
        return "\n".join([
            f"{style.kind_label(CalendarKind.STEP)}: {self._step_label(step)}",
            style.date_range_text(step.start, step.end),
            _("State: {state}").format(state=style.state_label(step.state)),
        ])

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            target = self.item_at(event.pos())
            if target is not None:
                QToolTip.showText(event.globalPos(), self._tooltip(target, event.pos()), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        over = self.item_at(event.position().toPoint()) is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return super().mousePressEvent(event)
        target = self.item_at(event.position().toPoint())
        if target is not None:
            self.current = target
            self.update()
            self.openRequested.emit(*target)
        return None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self._order:
            index = self._order.index(self.current) if self.current in self._order else -1
            index += 1 if key == Qt.Key.Key_Down else -1
            self.current = self._order[max(0, min(index, len(self._order) - 1))]
            self.update()
            rect = self._marks.get(self.current[1]) if self.current[0] == "meeting" \
                else self._bars.get(self.current[1])
            if rect is not None:
                self.currentMoved(rect)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self.current:
            self.openRequested.emit(*self.current)
        else:
            super().keyPressEvent(event)

    def currentMoved(self, rect: QRect) -> None:
        """Keep the chosen bar in view (the scroll area connects to this)."""
        viewport = self.parentWidget()
        scroll = viewport.parentWidget() if viewport else None
        if isinstance(scroll, QScrollArea):
            scroll.ensureVisible(rect.center().x(), rect.center().y(), 60, 30)


class TimelinePage(QWidget):
    """The plan's title, the zoom buttons and the canvas in a scroll area."""

    openRequested = Signal(str, int)
    zoomChanged = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = heading("", elide=True)
        self.zoom_buttons: dict[str, QPushButton] = {}
        self.zoom_group = QButtonGroup(self)
        self.zoom_group.setExclusive(True)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Zoom:")))
        for key, (text, _ppd) in ZOOMS.items():
            button = QPushButton(_(text))
            button.setCheckable(True)
            button.setToolTip(_("Show the plan by {unit}").format(unit=_(text).lower()))
            self.zoom_group.addButton(button)
            self.zoom_buttons[key] = button
            bar.addWidget(button)
            button.clicked.connect(lambda _checked=False, k=key: self.set_zoom(k))
        bar.addSpacing(16)
        self.today_button = QPushButton(_("Go to today"))
        bar.addWidget(self.today_button)
        bar.addSpacing(16)
        bar.addWidget(self.title, 1)

        self.canvas = TimelineCanvas()
        self.scroll_area = QScrollArea()
        self.scroll_area.setFrameShape(QFrame.Shape.StyledPanel)
        self.scroll_area.setWidget(self.canvas)
        self.scroll_area.setWidgetResizable(False)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.scroll_area.viewport().installEventFilter(self)
        self.legend = style.Legend()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.legend)
        self.canvas.openRequested.connect(self.openRequested)
        self.today_button.clicked.connect(self.scroll_to_today)
        self.zoom_buttons[self.canvas.zoom].setChecked(True)

    def eventFilter(self, obj, event: QEvent) -> bool:
        if obj is self.scroll_area.viewport() and event.type() == QEvent.Type.Resize:
            self.canvas.set_min_width(self.scroll_area.viewport().width())
        return False

    def set_timeline(self, timeline: Timeline | None) -> None:
        self.canvas.set_min_width(self.scroll_area.viewport().width())
        self.canvas.set_timeline(timeline)
        if timeline is None:
            self.title.setText("")
        else:
            self.title.setText(timeline.title)
        self.today_button.setEnabled(timeline is not None and self.canvas.today_in_range)
        self.scroll_to_start()

    def set_zoom(self, zoom: str) -> None:
        self.zoom_buttons[zoom].setChecked(True)
        self.canvas.set_zoom(zoom)
        self.today_button.setEnabled(self.canvas.timeline is not None and self.canvas.today_in_range)
        self.scroll_to_start()
        self.zoomChanged.emit(zoom)

    def scroll_to_x(self, x: float) -> None:
        """Bring canvas x into view (near the reading start of the viewport)."""
        bar = self.scroll_area.horizontalScrollBar()
        if common.is_rtl():
            # the scroll bar counts from the right-hand end in a right-to-left layout
            value = round(self.canvas.width() - x - 80)
        else:
            value = round(x - 80)
        bar.setValue(max(bar.minimum(), min(bar.maximum(), value)))

    def scroll_to_start(self) -> None:
        """The beginning of the axis: its right-hand end in Arabic (where the scroll bar
        counts from), its left-hand end in English."""
        bar = self.scroll_area.horizontalScrollBar()
        bar.setValue(bar.minimum())

    def scroll_to_today(self) -> None:
        tl = self.canvas.timeline
        if tl is not None and self.canvas.today_in_range:
            self.scroll_to_x(self.canvas.x_for(tl.today) + (200 if common.is_rtl() else -200))


__all__ = ["TimelineCanvas", "TimelinePage", "ZOOMS"]
