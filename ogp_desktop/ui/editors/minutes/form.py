"""The form of the minutes editor: every field of the minutes, built section by section,
how the fields help each other (a committee fills its members, the plan its commitments),
and the one place where a record goes into the widgets (`load`) and comes back out as the
form state (`state`, what the autosave keeps) or as core's `MinutesData` (`collect`).

The form knows nothing of the window around it: it says what happened through signals
(`changed`, `message`, `structure_changed`, `follow_up_checked`)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt, QTime, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QCompleter,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ogp_desktop.core.db import Database
from ogp_desktop.core.errors import ValidationError
from ogp_desktop.core.models import (
    ActionStatus,
    AttachmentKind,
    AttendanceStatus,
    MeetingMode,
    MemberRole,
)
from ogp_desktop.core.services import committees, follow_up
from ogp_desktop.core.services.common import name_key
from ogp_desktop.core.services.meetings import ActionItemData, MinutesData, Participant
from ogp_desktop.core.services.minutes_lookups import editor_lookups
from ogp_desktop.ui import errors
from ogp_desktop.ui.common import _, ngettext
from ogp_desktop.ui.editors.minutes.fields import (
    CHOICE,
    CLOCK,
    DAY,
    LINE,
    PARAGRAPHS,
    Clock,
    Count,
    Day,
    Shown,
    form_fields,
    iso_date,
)
from ogp_desktop.ui.editors.panels import (
    AttachmentInfo,
    FilesPanel,
    FollowUpPanel,
    PhotosPanel,
    SignatureInfo,
    SignaturesPanel,
)
from ogp_desktop.ui.editors.text_direction import minutes_direction, set_text_direction
from ogp_desktop.ui.editors.widgets import (
    ActionList,
    AttendeeList,
    GrowingTextEdit,
    OptionalDateEdit,
    OptionalTimeEdit,
    RowList,
    TextList,
    align_numbers,
    show_placeholders,
    western_digits_locale,
)

STATE_FORMAT = "ogp-editor-state/1"


def mode_label(mode: MeetingMode) -> str:
    return {MeetingMode.IN_PERSON: _("In person"), MeetingMode.ONLINE: _("Online"),
            MeetingMode.HYBRID: _("In person and online")}[mode]


def role_label(role: MemberRole) -> str:
    return {MemberRole.CHAIR: _("Chair"), MemberRole.RAPPORTEUR: _("Rapporteur"),
            MemberRole.MEMBER: "", MemberRole.SECRETARIAT: _("Secretariat")}[role]


def field_labels() -> dict[str, str]:
    """Names of the form's fields in the user's language, for error messages."""
    return {
        "title": _("Title"), "language": _("Language of the minutes"),
        "committee": _("Committee"), "plan": _("Plan"), "commitment": _("Commitment"),
        "sequence": _("Meeting number"), "date": _("Date"), "start": _("Start time"),
        "end": _("End time"), "mode": _("Meeting type"), "location": _("Place or platform"),
        "objective": _("Objective"), "attendees": _("Attendees"),
        "apologies": _("Attendees"), "absent": _("Attendees"),
        "other_participants": _("Other participants"), "discussion": _("Main discussion points"),
        "outputs": _("Outputs and decisions"), "action_items": _("Action items"),
        "notes": _("Notes"), "next_meeting": _("Next meeting"), "attachments": _("Photos"),
        "uuid": _("Minutes"),
    }


class FormProblem(Exception):
    """A problem the form finds before the core sees the data (a choice not made)."""

    def __init__(self, widget: QWidget, message: str) -> None:
        super().__init__(message)
        self.widget = widget
        self.message = message


def read_lookups(s) -> dict[str, Any]:  # a Session
    """What the form completes and offers: people, organisations, plans, committees."""
    found = editor_lookups(s)
    return {"people": found.people, "organisations": found.organisations,
            "plans": found.plans, "committees": found.committees}


# The meeting's declared fields (core.minutes_fields) the form shows in one widget each:
# its state, load and collect loop over these. The references (plan, commitment,
# committee, with their completion and numbering) and the lists have widgets of their own.
WIDGETS: dict[str, tuple[str, Shown]] = {
    "title": ("title_edit", LINE), "language": ("language_combo", CHOICE),
    "sequence": ("sequence_spin", Count(0)), "date": ("date_edit", DAY),
    "start": ("start_edit", CLOCK), "end": ("end_edit", CLOCK), "mode": ("mode_combo", CHOICE),
    "location": ("location_edit", LINE), "objective": ("objective_edit", PARAGRAPHS),
    "other_participants": ("other_spin", Count(-1)), "next_meeting": ("next_meeting_edit", DAY),
}
FORM_FIELDS = form_fields(WIDGETS)
FILLED_BY_HAND = {"plan", "commitment", "committee", "uuid"}


def state_from_data(data: MinutesData, roles: dict[str, str] | None = None) -> dict[str, Any]:
    """The form state (what the autosave stores) of stored minutes."""
    roles = roles or {}

    def people(group: list[Participant], status: AttendanceStatus) -> list[dict[str, Any]]:
        return [{"name": p.name, "organization": p.organization or "", "status": status.value,
                 "role": roles.get(name_key(p.name), "")} for p in group]

    return {
        "format": STATE_FORMAT,
        **{ff.field.key: ff.shown.plain(getattr(data, ff.field.data_key)) for ff in FORM_FIELDS},
        "committee": data.committee or "",
        "plan": data.plan or "",
        "commitment": data.commitment or "",
        "attendees": (people(data.attendees, AttendanceStatus.PRESENT)
                      + people(data.apologies, AttendanceStatus.APOLOGISED)
                      + people(data.absent, AttendanceStatus.ABSENT)),
        "discussion": list(data.discussion),
        "outputs": list(data.outputs),
        "action_items": [{"text": a.text, "owner": a.owner or "", "due": iso_date(a.due),
                          "status": ActionStatus(a.status).value} for a in data.action_items],
        "notes": list(data.notes),
    }


def blank_state() -> dict[str, Any]:
    return {"format": STATE_FORMAT, "title": "", "language": "ar",
            "date": dt.date.today().isoformat(), "mode": MeetingMode.IN_PERSON.value,
            "attendees": [], "discussion": [], "outputs": [], "action_items": [],
            "notes": []}


def template_state(data: MinutesData) -> dict[str, Any]:
    """A new meeting like another: its heading, place and people (attendance to be
    ticked again); the content, numbering and date are this meeting's own."""
    state = state_from_data(data)
    for person in state["attendees"]:
        person["status"] = None
    state.update({"sequence": None, "date": dt.date.today().isoformat(),
                  "discussion": [], "outputs": [], "action_items": [], "notes": [],
                  "next_meeting": None})
    return state


class MinutesForm(QWidget):
    """Every field of one meeting's minutes, in the order they are printed.

    Signals: `changed()` when the person changes a field (never while loading, never when
    read-only); `message(text, ms)` for the status line; `structure_changed()` when rows
    or sections came or went (the tab order follows); `follow_up_checked()` once the
    previous meeting's open items were looked up."""

    changed = Signal()
    message = Signal(str, int)
    structure_changed = Signal()
    follow_up_checked = Signal()

    def __init__(self, db: Database, lookups: dict[str, Any], scroll: QScrollArea) -> None:
        super().__init__()
        self.db = db
        self.meeting_id: int | None = None
        self.read_only = False
        self._lookups = lookups
        self._loading = False
        self._last_committee: str | None = None
        self._row_fields: dict[str, QWidget] = {}
        self._follow_up_timer = QTimer(self)
        self._follow_up_timer.setSingleShot(True)
        self._follow_up_timer.setInterval(400)
        self._follow_up_timer.timeout.connect(self.refresh_follow_up)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 12)
        layout.setSpacing(10)
        # in the window's scroll area before any field is made: the fields are polished
        # and sized as the window's own (the layout is the same as when built in place)
        scroll.setWidget(self)
        layout.addWidget(self._build_meeting_box())
        layout.addWidget(self._build_attendees_box())
        self._build_content(layout)
        layout.addWidget(self._build_next_meeting_box())
        self._build_attachments(layout)
        self.signatures_box, self.signatures_panel = self._panel_box(
            _("Signatures"), SignaturesPanel, layout)
        layout.addStretch(1)

        self._field_widgets: dict[str, QWidget] = {
            **{ff.field.key: ff.of(self) for ff in FORM_FIELDS},
            "committee": self.committee_combo, "plan": self.plan_combo,
            "commitment": self.commitment_combo, "attendees": self.new_person_edit,
            "apologies": self.new_person_edit, "absent": self.new_person_edit,
            "discussion": self.add_discussion_button,
            "outputs": self.add_output_button, "action_items": self.add_action_button,
            "notes": self.add_note_button,
            "attachments": self.photos_panel.add_button, "uuid": self.title_edit,
        }
        self._connect_changes()
        self._mode_changed()
        self._fill_commitments()
        self._language_changed()

    # ---------------------------------------------------------------- building the sections

    def _make_meeting_fields(self, box: QGroupBox) -> None:
        lk = self._lookups
        self.title_edit = QLineEdit(box)
        self.title_edit.setPlaceholderText(
            _("e.g. Minutes of the meeting of the commitment's implementation committee"))
        self.language_combo = QComboBox(box)
        self.language_combo.addItem(_("Arabic"), "ar")
        self.language_combo.addItem(_("English"), "en")
        self.committee_combo = QComboBox(box)
        self.committee_combo.setEditable(True)
        self.committee_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.committee_combo.addItem("")
        for name, _plan, _commitment in lk["committees"]:
            self.committee_combo.addItem(name)
        completer = self.committee_combo.completer()
        assert completer is not None  # an editable combo box has one
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self._committee_line_edit().setPlaceholderText(_("Choose or type a committee"))
        self.committee_hint = QLabel(box)
        self.committee_hint.setProperty("role", "hint")
        self.plan_combo = QComboBox(box)
        self.plan_combo.addItem(_("(none)"), "")
        for title, _commitments in lk["plans"]:
            self.plan_combo.addItem(title, title)
        self.commitment_combo = QComboBox(box)
        self.sequence_spin = QSpinBox(box)
        self.sequence_spin.setRange(0, 9999)
        self.sequence_spin.setSpecialValueText(_("automatic"))
        self.sequence_spin.setToolTip(_("The meeting's number in the committee's series; "
                                        "left automatic, the next number is used"))
        self.date_edit = OptionalDateEdit(parent=box, optional=False)
        self.date_edit.setDate(QDate.currentDate())
        self.start_edit = OptionalTimeEdit(lambda: QTime(10, 0), box)
        self.end_edit = OptionalTimeEdit(self._end_fallback, box)
        self.mode_combo = QComboBox(box)
        for mode in MeetingMode:
            self.mode_combo.addItem(mode_label(mode), mode.value)
        self.location_label = QLabel(box)
        self.location_edit = QLineEdit(box)
        self.objective_edit = GrowingTextEdit(min_lines=2, max_lines=8, parent=box)
        for combo in (self.plan_combo, self.commitment_combo, self.language_combo, self.mode_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(12)
            combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.committee_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.committee_combo.setMinimumContentsLength(12)
        self.sequence_spin.setLocale(western_digits_locale())
        align_numbers(self.sequence_spin)

    def _build_meeting_box(self) -> QGroupBox:
        box = QGroupBox(_("The meeting"), self)
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self._make_meeting_fields(box)

        def label(text: str, buddy: QWidget) -> QLabel:
            lab = QLabel(text, box)
            lab.setBuddy(buddy)
            return lab

        committee_cell = QWidget(box)
        cc = QHBoxLayout(committee_cell)
        cc.setContentsMargins(0, 0, 0, 0)
        cc.addWidget(self.committee_combo, 1)
        cc.addWidget(self.committee_hint)
        grid.addWidget(label(_("Title"), self.title_edit), 0, 0)
        grid.addWidget(self.title_edit, 0, 1, 1, 3)
        grid.addWidget(label(_("Language of the minutes"), self.language_combo), 1, 0)
        grid.addWidget(self.language_combo, 1, 1)
        grid.addWidget(label(_("Committee"), self.committee_combo), 1, 2)
        grid.addWidget(committee_cell, 1, 3)
        for row, col, text, field in (
                (2, 0, _("Plan"), self.plan_combo), (2, 2, _("Commitment"), self.commitment_combo),
                (3, 0, _("Meeting number"), self.sequence_spin), (3, 2, _("Date"), self.date_edit),
                (4, 0, _("Start time"), self.start_edit), (4, 2, _("End time"), self.end_edit),
                (5, 0, _("Meeting type"), self.mode_combo)):
            grid.addWidget(label(text, field), row, col)
            grid.addWidget(field, row, col + 1)
        self.location_label.setBuddy(self.location_edit)
        grid.addWidget(self.location_label, 5, 2)
        grid.addWidget(self.location_edit, 5, 3)
        objective_label = label(_("Objective"), self.objective_edit)
        grid.addWidget(objective_label, 6, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.objective_edit, 6, 1, 1, 3)
        return box

    def _build_attendees_box(self) -> QGroupBox:
        box = QGroupBox(_("Attendees"), self)
        v = QVBoxLayout(box)
        top = QHBoxLayout()
        self.fill_members_button = QPushButton(_("Add the committee's members"), box)
        self.fill_members_button.setToolTip(
            _("Lists the members serving on the meeting's date who are not listed yet"))
        self.all_present_button = QPushButton(_("Mark the others present"), box)
        self.all_present_button.setToolTip(_("Everyone not yet marked is marked present"))
        self.fill_members_button.clicked.connect(lambda: self.fill_attendees_from_committee())
        self.all_present_button.clicked.connect(self._mark_all_present)
        top.addWidget(self.fill_members_button)
        top.addWidget(self.all_present_button)
        top.addStretch(1)
        v.addLayout(top)
        self.attendees = AttendeeList(self._lookups["people"], self._lookups["organisations"], box)
        v.addWidget(self.attendees)
        v.addLayout(self._build_add_person_row(box))
        other = QHBoxLayout()
        self.other_spin = QSpinBox(box)
        self.other_spin.setRange(-1, 1_000_000)
        self.other_spin.setSpecialValueText(_("not recorded"))
        self.other_spin.setValue(-1)
        self.other_spin.setLocale(western_digits_locale())
        align_numbers(self.other_spin)
        other_label = QLabel(_("Other participants (not named)"), box)
        other_label.setBuddy(self.other_spin)
        other.addWidget(other_label)
        other.addWidget(self.other_spin)
        other.addStretch(1)
        v.addLayout(other)
        return box

    def _build_add_person_row(self, box: QGroupBox) -> QHBoxLayout:
        add_row = QHBoxLayout()
        self.new_person_edit = QLineEdit(box)
        self.new_person_edit.setPlaceholderText(_("Another person (name)"))
        self.new_person_edit.setCompleter(self.attendees.people_completer())
        self.new_person_edit.completer().activated.connect(self._new_person_picked)
        self.new_org_edit = QLineEdit(box)
        self.new_org_edit.setPlaceholderText(_("Their organisation"))
        self.new_org_edit.setCompleter(self.attendees.organisation_completer())
        self.add_person_button = QPushButton(_("Add person"), box)
        self.add_person_button.setToolTip(
            _("Adds the person to the attendees; people and organisations not in the "
              "directory yet are added to it when the minutes are saved (Enter)"))
        self.add_person_button.clicked.connect(self.add_new_person)
        self.new_person_edit.returnPressed.connect(self.add_new_person)
        self.new_org_edit.returnPressed.connect(self.add_new_person)
        add_row.addWidget(self.new_person_edit, 1)
        add_row.addWidget(self.new_org_edit, 1)
        add_row.addWidget(self.add_person_button)
        return add_row

    def _build_content(self, layout: QVBoxLayout) -> None:
        # discussion points and outputs are bulleted, notes numbered: as the secretariat's
        # own minutes (shared/seeds) and the printed minutes (pdf/minutes.py) mark them
        self.discussion = TextList(_("A discussion point (Enter for a new line, Ctrl+Enter "
                                     "for the next point)"), self, numbered=False)
        self.discussion_box, self.add_discussion_button = self._list_box(
            _("Main discussion points"), self.discussion, _("Add a discussion point"), layout)
        self.outputs = TextList(_("An output or decision"), self, numbered=False)
        self.outputs_box, self.add_output_button = self._list_box(
            _("Outputs and decisions"), self.outputs, _("Add an output"), layout)
        lk = self._lookups
        self.action_items = ActionList(
            [p[0] for p in lk["people"]] + lk["organisations"], self._due_fallback, self)
        self.actions_box, self.add_action_button = self._list_box(
            _("Action items"), self.action_items, _("Add an action item"), layout)

        self.follow_up_box, self.follow_up_panel = self._panel_box(
            _("Follow-up from the previous meeting"), FollowUpPanel, layout)
        self.follow_up_panel.addRequested.connect(self.add_follow_up_items)

        self.notes = TextList(_("A note (printed numbered at the end of the minutes)"),
                              self, min_lines=1)
        self.notes_box, self.add_note_button = self._list_box(
            _("Notes"), self.notes, _("Add a note"), layout)

    def _build_next_meeting_box(self) -> QGroupBox:
        box = QGroupBox(_("Next meeting"), self)
        h = QHBoxLayout(box)
        self.next_meeting_edit = OptionalDateEdit(self._next_fallback, box)
        next_label = QLabel(_("Date of the next meeting"), box)
        next_label.setBuddy(self.next_meeting_edit)
        h.addWidget(next_label)
        h.addWidget(self.next_meeting_edit)
        h.addStretch(1)
        return box

    def _build_attachments(self, layout: QVBoxLayout) -> None:
        """The photos and files boxes; adding, removing and copying out are asked of the
        window through the panels' signals (they need the minutes saved)."""
        self.photos_box, self.photos_panel = self._panel_box(_("Photos"), PhotosPanel, layout)
        self.files_box, self.files_panel = self._panel_box(_("Attached files"), FilesPanel, layout)

    def _committee_line_edit(self) -> QLineEdit:
        line_edit = self.committee_combo.lineEdit()
        assert line_edit is not None  # the committee combo box is editable
        return line_edit

    def _panel_box(self, title: str, panel_cls: type[QWidget], layout: QVBoxLayout):
        """A titled box on the form holding one panel; (box, panel)."""
        box = QGroupBox(title, self)
        box_layout = QVBoxLayout(box)
        panel = panel_cls(box)
        box_layout.addWidget(panel)
        layout.addWidget(box)
        return box, panel

    def _list_box(self, title: str, rows: RowList, add_text: str, layout: QVBoxLayout):
        box = QGroupBox(title, self)
        v = QVBoxLayout(box)
        rows.setParent(box)
        v.addWidget(rows)
        add = QPushButton(add_text, box)
        add.setToolTip(add_text + " (Ctrl+Enter)")
        add.clicked.connect(lambda: rows.add_row())
        h = QHBoxLayout()
        h.addWidget(add)
        h.addStretch(1)
        v.addLayout(h)
        layout.addWidget(box)
        return box, add

    def _row_lists(self) -> tuple[RowList, ...]:
        return (self.attendees, self.discussion, self.outputs, self.action_items, self.notes)

    def _connect_changes(self) -> None:
        for w in (self.title_edit, self.location_edit):
            w.textChanged.connect(self._changed)
        self.objective_edit.textChanged.connect(self._changed)
        for combo in (self.language_combo, self.plan_combo, self.commitment_combo, self.mode_combo):
            combo.currentIndexChanged.connect(self._changed)
        self.committee_combo.currentTextChanged.connect(self._committee_text_changed)
        self.committee_combo.activated.connect(lambda _i: self._committee_chosen())
        self._committee_line_edit().editingFinished.connect(self._committee_chosen)
        self.plan_combo.currentIndexChanged.connect(self._fill_commitments)
        self.language_combo.currentIndexChanged.connect(self._language_changed)
        self.mode_combo.currentIndexChanged.connect(self._mode_changed)
        for spin in (self.sequence_spin, self.other_spin):
            spin.valueChanged.connect(self._changed)
        self.date_edit.dateChanged.connect(self._date_changed)
        self.next_meeting_edit.dateChanged.connect(self._changed)
        for t in (self.start_edit, self.end_edit):
            t.timeChanged.connect(self._changed)
        for rows in self._row_lists():
            rows.changed.connect(self._changed)
            rows.structureChanged.connect(self.structure_changed)

    def _changed(self, *_args: Any) -> None:
        if self._loading or self.read_only:
            return
        self.changed.emit()

    # ---------------------------------------------------------------- field behaviour

    def _end_fallback(self) -> QTime:
        start = self.start_edit.time()
        return start.addSecs(2 * 3600) if not self.start_edit.is_empty() else QTime(12, 0)

    def _due_fallback(self) -> QDate:
        if not self.next_meeting_edit.is_empty():
            return self.next_meeting_edit.date()
        return self.date_edit.date().addDays(7)

    def _next_fallback(self) -> QDate:
        return self.date_edit.date().addDays(14)

    def _mode_changed(self) -> None:
        mode = MeetingMode(self.mode_combo.currentData())
        self.location_label.setText({
            MeetingMode.IN_PERSON: _("Place"), MeetingMode.ONLINE: _("Platform"),
            MeetingMode.HYBRID: _("Place and platform"),
        }[mode])
        self.location_edit.setPlaceholderText({
            MeetingMode.IN_PERSON: _("e.g. Ministry of Planning, meeting room 2"),
            MeetingMode.ONLINE: _("e.g. Zoom"),
            MeetingMode.HYBRID: _("e.g. Ministry of Planning and Zoom"),
        }[mode])

    def text_direction(self) -> Qt.LayoutDirection:
        """The direction of the minutes' text: their language's, not the UI's."""
        return minutes_direction(self.language_combo.currentData())

    def _language_changed(self) -> None:
        """Every field of the minutes' own words follows their language at once."""
        direction = self.text_direction()
        for w in (self.title_edit, self.committee_combo, self.location_edit,
                  self.objective_edit, self.new_person_edit, self.new_org_edit,
                  self.photos_panel.list):
            set_text_direction(w, direction)
        for rows in self._row_lists():
            rows.set_text_direction(direction)

    def _fill_commitments(self) -> None:
        current = self.commitment_combo.currentData() or ""
        plan = self.plan_combo.currentData() or ""
        titles: list[str] = next((c for t, c in self._lookups["plans"] if t == plan), [])
        self.commitment_combo.blockSignals(True)
        self.commitment_combo.clear()
        self.commitment_combo.addItem(_("(none)"), "")
        for title in titles:
            self.commitment_combo.addItem(title, title)
        index = self.commitment_combo.findData(current)
        self.commitment_combo.setCurrentIndex(max(index, 0))
        self.commitment_combo.setEnabled(bool(titles) and not self.read_only)
        self.commitment_combo.blockSignals(False)

    def _known_committee(self, text: str) -> tuple[str, str | None, str | None] | None:
        key = name_key(text)
        return next((c for c in self._lookups["committees"] if name_key(c[0]) == key), None)

    def _committee_text_changed(self, text: str) -> None:
        known = self._known_committee(text) if text.strip() else None
        self.committee_hint.setText(_("new committee") if text.strip() and known is None else "")
        self.committee_hint.setToolTip(
            _("Not known yet: created when the minutes are saved") if text.strip() and not known
            else "")
        self._changed()

    def _committee_chosen(self) -> None:
        if self._loading or self.read_only:
            return
        text = self.committee_combo.currentText()
        if name_key(text) == self._last_committee:
            return
        self._last_committee = name_key(text)
        known = self._known_committee(text)
        if known is not None:
            _name, plan, commitment = known
            if plan and not self.plan_combo.currentData():
                self.plan_combo.setCurrentIndex(max(self.plan_combo.findData(plan), 0))
            if commitment and not self.commitment_combo.currentData():
                self.commitment_combo.setCurrentIndex(
                    max(self.commitment_combo.findData(commitment), 0))
            self.attendees.remove_untouched_members()
            self.fill_attendees_from_committee()
        self._follow_up_timer.start()

    def _date_changed(self) -> None:
        self._changed()
        if not self._loading:
            self._follow_up_timer.start()

    def fill_attendees_from_committee(self) -> int:
        """Add the committee's members serving on the meeting's date who are not listed
        yet (attendance left to tick); returns how many were added."""
        name = self.committee_combo.currentText().strip()
        day = self.date_edit.value() or dt.date.today()
        if not name or self.read_only:
            return 0
        with self.db.session() as s:
            committee = committees.find_committee(s, name)
            members = [] if committee is None else [
                (m.person.name, m.person.organisation.name if m.person.organisation else "",
                 role_label(m.role))
                for m in committees.members_on(committee, day)
            ]
        added = 0
        for person, org, role in members:
            if self.attendees.add_person(person, org, status=None, role=role,
                                         from_committee=True) is not None:
                added += 1
        if added:
            self.message.emit(
                ngettext("{n} member of the committee added; mark who attended.",
                         "{n} members of the committee added; mark who attended.",
                         added).format(n=added), 6000)
        return added

    def _mark_all_present(self) -> None:
        self.attendees.mark_all_present()

    def _new_person_picked(self, text: str) -> None:
        org = self.attendees.organisation_of(text)
        if org and not self.new_org_edit.text().strip():
            self.new_org_edit.setText(org)

    def add_new_person(self) -> bool:
        """The person typed in the "another person" fields joins the attendees (present)."""
        name = self.new_person_edit.text().strip()
        if not name or self.read_only:
            return False
        row = self.attendees.add_person(name, self.new_org_edit.text().strip() or None,
                                        status=AttendanceStatus.PRESENT)
        if row is None:
            self.message.emit(_("{name} is listed already.").format(name=name), 5000)
            return False
        self.new_person_edit.clear()
        self.new_org_edit.clear()
        self.new_person_edit.setFocus()
        return True

    def add_item_at_focus(self) -> bool:
        """Ctrl+Enter: a new item in the list that has the focus."""
        if self.read_only:
            return False
        focus = QApplication.focusWidget()
        if focus in (self.new_person_edit, self.new_org_edit, self.add_person_button):
            return self.add_new_person()
        buttons: dict[QWidget, RowList[Any]] = {self.add_discussion_button: self.discussion,
                   self.add_output_button: self.outputs,
                   self.add_action_button: self.action_items,
                   self.add_note_button: self.notes}
        if focus in buttons:
            buttons[focus].add_row()
            return True
        for rows in (self.discussion, self.outputs, self.action_items, self.notes, self.attendees):
            if rows.row_of(focus) is not None:
                rows.add_after(focus)
                return True
        self.message.emit(_("Ctrl+Enter adds an item to the list you are writing in."), 4000)
        return False

    def refresh_follow_up(self) -> None:
        self._refresh_follow_up()
        self.follow_up_checked.emit()

    def _refresh_follow_up(self) -> None:
        if self.read_only:
            self.follow_up_box.hide()
            return
        name = self.committee_combo.currentText().strip()
        day = self.date_edit.value()
        if not name or day is None:
            self.follow_up_box.hide()
            return
        texts = [v["text"] for v in self.action_items.values()]
        with self.db.session() as s:
            found = follow_up.open_items(s, name, day, meeting_id=self.meeting_id,
                                         exclude_texts=texts)
        self.follow_up_panel.set_follow_up(found)
        self.follow_up_box.setVisible(found is not None)
        self.structure_changed.emit()

    def add_follow_up_items(self, items: list) -> int:  # list[OpenItem]
        """Copy open items of the previous meeting into this meeting's action items."""
        if self.read_only:
            return 0
        for item in items:
            data = item.as_action_item()
            self.action_items.insert_row(None, {"text": data.text, "owner": data.owner or "",
                                               "due": iso_date(data.due),
                                               "status": ActionStatus.OPEN.value})
        self.refresh_follow_up()
        self.message.emit(
            ngettext("{n} action item carried over from the previous meeting.",
                     "{n} action items carried over from the previous meeting.",
                     len(items)).format(n=len(items)),
            5000)
        return len(items)

    def stop_timers(self) -> None:
        self._follow_up_timer.stop()

    # ---------------------------------------------------------------- what the window sets

    def focus_widgets(self) -> list[QWidget]:
        """The form's part of the window's tab chain, top to bottom."""
        return [self.title_edit, self.language_combo, self.committee_combo, self.plan_combo,
                self.commitment_combo, self.sequence_spin, self.date_edit, self.start_edit,
                self.end_edit, self.mode_combo, self.location_edit, self.objective_edit,
                self.fill_members_button, self.all_present_button,
                *self.attendees.focus_widgets(),
                self.new_person_edit, self.new_org_edit, self.add_person_button,
                self.other_spin,
                *self.discussion.focus_widgets(), self.add_discussion_button,
                *self.outputs.focus_widgets(), self.add_output_button,
                *self.action_items.focus_widgets(), self.add_action_button,
                self.follow_up_panel.list, self.follow_up_panel.add_button,
                *self.notes.focus_widgets(), self.add_note_button,
                self.next_meeting_edit,
                self.photos_panel.list, self.photos_panel.add_button,
                self.photos_panel.save_button, self.photos_panel.remove_button,
                self.files_panel.list, self.files_panel.add_button,
                self.files_panel.save_button, self.files_panel.remove_button]

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for text in (self.title_edit, self.location_edit, self.objective_edit, self.new_person_edit,
                     self.new_org_edit):
            text.setReadOnly(read_only)
        for combo in (self.language_combo, self.committee_combo, self.plan_combo, self.mode_combo):
            combo.setEnabled(not read_only)
        self.commitment_combo.setEnabled(not read_only and self.commitment_combo.count() > 1)
        show_placeholders(read_only, self.title_edit, self.location_edit, self.objective_edit)
        for typed in (self.date_edit, self.next_meeting_edit, self.start_edit, self.end_edit):
            typed.set_read_only(read_only)
        for spin in (self.sequence_spin, self.other_spin):
            spin.setReadOnly(read_only)
            spin.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons if read_only
                                  else QAbstractSpinBox.ButtonSymbols.UpDownArrows)
        for rows in self._row_lists():
            rows.set_read_only(read_only)
        for widget in (self.add_discussion_button, self.add_output_button, self.add_action_button,
                       self.add_note_button, self.fill_members_button, self.all_present_button,
                       self.new_person_edit, self.new_org_edit, self.add_person_button):
            widget.setVisible(not read_only)
        self.photos_panel.set_read_only(read_only)
        self.files_panel.set_read_only(read_only)
        for box, rows in ((self.discussion_box, self.discussion), (self.outputs_box, self.outputs),
                          (self.actions_box, self.action_items), (self.notes_box, self.notes)):
            box.setVisible(not read_only or len(rows) > 0)
        if read_only:
            self.follow_up_box.hide()

    def show_signatures(self, visible: bool) -> None:
        self.signatures_box.setVisible(visible)

    def set_signatures(self, signatures: list[SignatureInfo], fingerprint: str | None) -> None:
        self.signatures_panel.set_signatures(signatures, fingerprint)

    def set_attachments(self, infos: list[AttachmentInfo]) -> None:
        self.photos_panel.set_items([i for i in infos if i.kind == AttachmentKind.PHOTO.value])
        self.files_panel.set_items([i for i in infos if i.kind != AttachmentKind.PHOTO.value])

    def set_sequence(self, sequence: int) -> None:
        """The number the save gave the meeting (not a change of the person's)."""
        was_loading, self._loading = self._loading, True
        try:
            self.sequence_spin.setValue(sequence)
        finally:
            self._loading = was_loading

    def set_lookups(self, lookups: dict[str, Any]) -> None:
        """People, organisations and committees created by a save are known now."""
        was_loading, self._loading = self._loading, True
        try:
            self._lookups = lookups
            self.attendees.set_directory(lookups["people"], lookups["organisations"])
            self._committee_text_changed(self.committee_combo.currentText())
        finally:
            self._loading = was_loading

    def title_text(self) -> str:
        return self.title_edit.text()

    def meeting_date(self) -> dt.date | None:
        return self.date_edit.value()

    # ---------------------------------------------------------------- load and collect

    def state(self) -> dict[str, Any]:
        """Every field as entered (valid or not): what the autosave keeps."""
        return {
            "format": STATE_FORMAT,
            **{ff.field.key: ff.shown.state(ff.of(self)) for ff in FORM_FIELDS},
            "committee": self.committee_combo.currentText(),
            "plan": self.plan_combo.currentData() or "",
            "commitment": self.commitment_combo.currentData() or "",
            "attendees": self.attendees.values(),
            "new_person": {"name": self.new_person_edit.text(),
                           "organization": self.new_org_edit.text()},
            "discussion": self.discussion.values(),
            "outputs": self.outputs.values(),
            "action_items": self.action_items.values(),
            "notes": self.notes.values(),
        }

    def load(self, state: dict[str, Any]) -> None:
        """Fill the form from a state (stored minutes, a template or a recovered autosave)."""
        was_loading = self._loading
        self._loading = True
        try:
            self._load_heading(state)
            self._load_people_and_content(state)
            self._committee_text_changed(self.committee_combo.currentText())
        finally:
            self._loading = was_loading
        self.structure_changed.emit()

    def _load_heading(self, state: dict[str, Any]) -> None:
        for ff in FORM_FIELDS:
            ff.shown.load(ff.of(self), state.get(ff.field.key), ff.field)
        plan = state.get("plan") or ""
        if plan and self.plan_combo.findData(plan) < 0:
            self.plan_combo.addItem(plan, plan)  # a plan typed elsewhere, created on save
        self.plan_combo.setCurrentIndex(max(self.plan_combo.findData(plan), 0))
        self._fill_commitments()
        commitment = state.get("commitment") or ""
        if commitment and self.commitment_combo.findData(commitment) < 0:
            self.commitment_combo.addItem(commitment, commitment)
        self.commitment_combo.setCurrentIndex(max(self.commitment_combo.findData(commitment), 0))
        self.committee_combo.setEditText(state.get("committee") or "")
        self._last_committee = name_key(state.get("committee") or "")

    def _load_people_and_content(self, state: dict[str, Any]) -> None:
        self.attendees.set_values(list(state.get("attendees") or []))
        new_person = state.get("new_person") or {}
        self.new_person_edit.setText(new_person.get("name") or "")
        self.new_org_edit.setText(new_person.get("organization") or "")
        self.discussion.set_values(list(state.get("discussion") or []))
        self.outputs.set_values(list(state.get("outputs") or []))
        self.action_items.set_values(list(state.get("action_items") or []))
        self.notes.set_values(list(state.get("notes") or []))

    def _check_typed_fields(self) -> None:
        """A date or time field whose text is not one stops the save at that field: it is
        never saved as another date, nor as none."""
        labels = field_labels()
        fields = [(ff.of(self), labels.get(ff.field.key) or _(ff.field.label))
                  for ff in FORM_FIELDS if isinstance(ff.shown, (Day, Clock))]
        fields += [(row.due, f"{labels['action_items']} {n}") for n, row in enumerate(
            (r for r in self.action_items.rows() if not r.is_blank()), start=1)]
        for field, label in fields:
            try:
                field.check()
            except ValidationError as exc:
                raise FormProblem(field, _("{field}: {message}").format(
                    field=label, message=errors.error_text(exc, with_field=False))) from None

    def collect(self) -> MinutesData:
        """The form as minutes for `save_minutes`; blank rows are left out. Raises
        FormProblem for what the form itself checks (attendance not ticked, a date that is
        not one)."""
        self._check_typed_fields()
        self._row_fields = {}
        groups = self._collect_attendance()
        return MinutesData(
            **{ff.field.data_key: ff.shown.typed(ff.of(self), ff.field) for ff in FORM_FIELDS},
            plan=self.plan_combo.currentData() or None,
            commitment=self.commitment_combo.currentData() or None,
            committee=self.committee_combo.currentText().strip() or None,
            attendees=groups[AttendanceStatus.PRESENT],
            apologies=groups[AttendanceStatus.APOLOGISED],
            absent=groups[AttendanceStatus.ABSENT],
            discussion=self._collect_texts(self.discussion, "discussion"),
            outputs=self._collect_texts(self.outputs, "outputs"),
            action_items=self._collect_actions(),
            notes=self._collect_texts(self.notes, "notes"),
            uuid=None,
        )

    def _collect_attendance(self) -> dict[AttendanceStatus, list[Participant]]:
        groups: dict[AttendanceStatus, list[Participant]] = {s: [] for s in AttendanceStatus}
        group_names = {AttendanceStatus.PRESENT: "attendees",
                       AttendanceStatus.APOLOGISED: "apologies",
                       AttendanceStatus.ABSENT: "absent"}
        for row in self.attendees.rows():
            if row.is_blank():
                continue
            status = row.status()
            if status is None:
                raise FormProblem(row.status_buttons[AttendanceStatus.PRESENT],
                                  _("{name}: mark present, apologised or absent").format(
                                      name=row.name.text().strip() or _("Attendee")))
            group = groups[status]
            prefix = f"{group_names[status]}[{len(group)}]"
            self._row_fields[f"{prefix}.name"] = row.name
            self._row_fields[f"{prefix}.organization"] = row.organisation
            group.append(Participant(row.name.text().strip(),
                                     row.organisation.text().strip() or None))
        return groups

    def _collect_texts(self, rows: TextList, field: str) -> list[str]:
        out: list[str] = []
        for row in rows.rows():
            if row.is_blank():
                continue
            self._row_fields[f"{field}[{len(out)}]"] = row.edit
            out.append(row.value().strip())
        return out

    def _collect_actions(self) -> list[ActionItemData]:
        actions: list[ActionItemData] = []
        for row in self.action_items.rows():
            if row.is_blank():
                continue
            prefix = f"action_items[{len(actions)}]"
            self._row_fields[f"{prefix}.text"] = row.text
            self._row_fields[f"{prefix}.owner"] = row.owner_edit
            self._row_fields[f"{prefix}.status"] = row.status
            value = row.value()
            actions.append(ActionItemData(
                text=value["text"].strip(), owner=value["owner"].strip() or None,
                due=row.due.value(), status=ActionStatus(value["status"])))
        return actions

    # ---------------------------------------------------------------- errors at the field

    def widget_for_field(self, field: str | None) -> QWidget | None:
        """The widget a core error names (`attendees[2].name`, `date`), as last collected."""
        if not field:
            return None
        if field in self._row_fields:
            return self._row_fields[field]
        base = re.split(r"[\[.]", field, maxsplit=1)[0]
        return self._field_widgets.get(base)

    def widget_at(self, field: str | None) -> QWidget | None:
        """The widget holding `field` as the search names it ("discussion[2]", the third
        discussion point; "objective"), from the form as it is now (None: no such row)."""
        if not field:
            return None
        match = re.fullmatch(r"(\w+)\[(\d+)\]", field)
        if match is None:
            return self._field_widgets.get(field)
        lists: dict[str, Any] = {"discussion": self.discussion, "outputs": self.outputs,
                                 "notes": self.notes, "action_items": self.action_items,
                                 "attendees": self.attendees}
        found = lists.get(match.group(1))
        index = int(match.group(2))
        rows = found.rows() if found is not None else []
        if index >= len(rows):
            return None
        row = rows[index]
        for name in ("edit", "text", "name"):
            widget = getattr(row, name, None)
            if isinstance(widget, QWidget):
                return widget
        return None

    def value_behind(self, widget: QWidget | None) -> Callable[[], Any] | None:
        """For a button standing for a whole list (an error about the discussion points,
        the photos): the list's content, whose change clears the error."""
        lists = {self.add_discussion_button: self.discussion.values,
                 self.add_output_button: self.outputs.values,
                 self.add_action_button: self.action_items.values,
                 self.add_note_button: self.notes.values,
                 self.photos_panel.add_button: self.photos_panel.count}
        return lists.get(widget)
