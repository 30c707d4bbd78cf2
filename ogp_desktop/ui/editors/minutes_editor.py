"""The minutes editor: one window per meeting, every field of the minutes, quick with the
keyboard, validated at the field that is wrong, autosaved a few seconds after typing stops,
and carried through draft → approved → signed → amended.

How it keeps typing safe:
* the whole form (every field as typed, valid or not) is written to the autosave table
  2.5 s after the last change, and at least every 30 s while typing goes on;
* saving writes the minutes and removes the autosave in the same transaction;
* closing with changes asks Save / Discard / Cancel; a failed save keeps the window open;
* an autosave left behind by a crash is offered back when the meeting (or a new editor)
  is opened again, and `pending_recoveries(db)` lists them for the application at start.

Keyboard: Tab walks the fields top to bottom; Ctrl+S saves; Ctrl+Enter adds an item to
the list that has the focus (discussion, outputs, notes, action items, attendees);
Alt+Up / Alt+Down move the current item, Alt+Delete removes it; Escape closes."""

from __future__ import annotations

import datetime as dt
import logging
import mimetypes
import re
import tempfile
import time
import uuid as uuid_mod
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QCompleter,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QStyle,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select

from ogp_desktop.core.db import Database
from ogp_desktop.core.errors import DomainError, ValidationError
from ogp_desktop.core.models import (
    ActionStatus,
    AttachmentKind,
    AttendanceStatus,
    Meeting,
    MeetingMode,
    MemberRole,
    MinutesStatus,
)
from ogp_desktop.core.services import autosave, committees, follow_up
from ogp_desktop.core.services import meetings as meetings_svc
from ogp_desktop.core.services import signing
from ogp_desktop.core.services.common import name_key
from ogp_desktop.core.services.minutes_lookups import editor_lookups
from ogp_desktop.core.services.meetings import (
    ActionItemData,
    MinutesData,
    Participant,
    load_meeting,
    minutes_data,
)
from ogp_desktop.export import minutes as exports
from ogp_desktop.resources import resource
from ogp_desktop.ui import common, file_dialogs, placement
from ogp_desktop.ui.common import _
from ogp_desktop.ui.editors.field_errors import FieldErrors
from ogp_desktop.ui.editors.panels import (
    AttachmentInfo,
    FilesPanel,
    FollowUpPanel,
    PhotosPanel,
    SignatureInfo,
    SignaturesPanel,
    local_time,
)
from ogp_desktop.ui.editors.sign_dialog import SignDialog, domain_message
from ogp_desktop.ui.editors.text_direction import minutes_direction, set_text_direction
from ogp_desktop.ui.editors.widgets import (
    EDITOR_STYLE,
    ActionList,
    AttendeeList,
    Banner,
    GrowingTextEdit,
    OptionalDateEdit,
    OptionalTimeEdit,
    RowList,
    TextList,
    align_numbers,
    show_placeholders,
    western_digits_locale,
)

log = logging.getLogger("ogp_desktop.editor")

AUTOSAVE_DELAY_MS = 2500  # after typing stops
AUTOSAVE_MAX_WAIT_S = 30.0  # while typing goes on without a pause
STATE_FORMAT = "ogp-editor-state/1"

# Editors open in this process, by editor key (their autosave rows are not crash leftovers).
_OPEN: dict[str, MinutesEditor] = {}


def pending_recoveries(db: Database) -> list[autosave.PendingAutosave]:
    """Autosaves left behind by editors that did not close (a crash, a power cut), newest
    first; the application offers them at start (see `MinutesEditor.recover`)."""
    with db.session() as s:
        rows = autosave.pending(s)
    return [r for r in rows if r.editor_key not in _OPEN]


def open_editors() -> list[MinutesEditor]:
    return list(_OPEN.values())


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


class _Problem(Exception):
    """A problem the form finds before the core sees the data (a choice not made)."""

    def __init__(self, widget: QWidget, message: str) -> None:
        super().__init__(message)
        self.widget = widget
        self.message = message


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _hhmm(t: dt.time | None) -> str | None:
    return t.strftime("%H:%M") if t else None


def state_from_data(data: MinutesData, roles: dict[str, str] | None = None) -> dict[str, Any]:
    """The form state (what the autosave stores) of stored minutes."""
    roles = roles or {}

    def people(group: list[Participant], status: AttendanceStatus) -> list[dict[str, Any]]:
        return [{"name": p.name, "organization": p.organization or "", "status": status.value,
                 "role": roles.get(name_key(p.name), "")} for p in group]

    return {
        "format": STATE_FORMAT,
        "title": data.title or "",
        "language": data.language,
        "committee": data.committee or "",
        "plan": data.plan or "",
        "commitment": data.commitment or "",
        "sequence": data.sequence,
        "date": _iso(data.date),
        "start": _hhmm(data.start),
        "end": _hhmm(data.end),
        "mode": MeetingMode(data.mode).value,
        "location": data.location or "",
        "objective": data.objective or "",
        "attendees": (people(data.attendees, AttendanceStatus.PRESENT)
                      + people(data.apologies, AttendanceStatus.APOLOGISED)
                      + people(data.absent, AttendanceStatus.ABSENT)),
        "other_participants": data.other_participants,
        "discussion": list(data.discussion),
        "outputs": list(data.outputs),
        "action_items": [{"text": a.text, "owner": a.owner or "", "due": _iso(a.due),
                          "status": ActionStatus(a.status).value} for a in data.action_items],
        "notes": list(data.notes),
        "next_meeting": _iso(data.next_meeting),
    }


class MinutesEditor(QMainWindow):
    """A window for one meeting's minutes (new when `meeting_id` is None; prefilled from
    meeting `template_from` when given).

    Signals: `saved(meeting_id)` after each save and each change of status (approve,
    reopen, sign, photos and files added or removed) and, with the new id, after an
    amendment; `amended(new_meeting_id)`; `closed()` when the window closes;
    `autosaved()` once the form is kept in the autosave table; `follow_up_checked()`
    once the previous meeting's open items were looked up for the chosen committee and date.

    `autosave_delay_ms`: how long after the last change the form is autosaved (tests
    pass a short one and wait on `autosaved`)."""

    saved = Signal(int)
    amended = Signal(int)
    closed = Signal()
    autosaved = Signal()
    follow_up_checked = Signal()

    def __init__(self, db: Database, meeting_id: int | None = None, *,
                 template_from: int | None = None, parent: QWidget | None = None,
                 offer_recovery: bool = True,
                 autosave_delay_ms: int = AUTOSAVE_DELAY_MS) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.db = db
        self.meeting_id = meeting_id
        self.editor_key = uuid_mod.uuid4().hex
        self.status: MinutesStatus | None = None
        self.version = 1
        self.fingerprint: str | None = None
        self.amends_id: int | None = None
        self.amended_by: int | None = None
        self.amendment_editor: MinutesEditor | None = None
        self.uuid: str | None = None
        self._dirty = False
        self._loading = False
        self._autosaved = False  # an autosave row of this editor exists
        self._first_unsaved: float | None = None
        self._last_committee: str | None = None
        self._field_widgets: dict[str, QWidget] = {}

        self._autosave_timer = QTimer(self)
        self._autosave_timer.setSingleShot(True)
        self._autosave_timer.setInterval(autosave_delay_ms)
        self._autosave_timer.timeout.connect(self.autosave_now)
        self._follow_up_timer = QTimer(self)
        self._follow_up_timer.setSingleShot(True)
        self._follow_up_timer.setInterval(400)
        self._follow_up_timer.timeout.connect(self.refresh_follow_up)

        pending: list[autosave.PendingAutosave] = []
        with db.session() as s:
            lookups = self._read_lookups(s)
            if meeting_id is not None:
                record = self._read_meeting(s, meeting_id)
            elif template_from is not None:
                record = None
                template = minutes_data(load_meeting(s, template_from))
            if offer_recovery:
                pending = autosave.pending(s, meeting_id=meeting_id, new_only=meeting_id is None)
        self._lookups = lookups
        self._build_ui()
        self.setStyleSheet(EDITOR_STYLE)

        self._loading = True
        try:
            if meeting_id is not None:
                self._apply_record(record)
            elif template_from is not None:
                self.apply_state(self._template_state(template))
            else:
                self.apply_state(self._blank_state())
        finally:
            self._loading = False
        self._last_committee = name_key(self.committee_combo.currentText())
        self._update_lifecycle()
        self._update_tab_order()
        self.refresh_follow_up()
        self._update_title()

        _OPEN[self.editor_key] = self
        key = self.editor_key
        self.destroyed.connect(lambda *_a, key=key: _OPEN.pop(key, None))
        # the laptops' 1366×768, or less: frame and status line stay on the screen
        placement.fit_and_remember(self, "minutes-editor", (1366, 768))

        pending = [p for p in pending if p.editor_key not in _OPEN]
        if pending and self.editable and template_from is None:
            self.offer_recovery(pending[0])

    # ---------------------------------------------------------------- reading the records

    def _read_lookups(self, s) -> dict[str, Any]:  # noqa: ANN001
        found = editor_lookups(s)
        return {"people": found.people, "organisations": found.organisations,
                "plans": found.plans, "committees": found.committees}

    def _read_meeting(self, s, meeting_id: int) -> dict[str, Any]:  # noqa: ANN001
        meeting = load_meeting(s, meeting_id)
        data = minutes_data(meeting)
        roles: dict[str, str] = {}
        if meeting.committee is not None:
            for m in committees.members_on(meeting.committee, meeting.date):
                roles[name_key(m.person.name)] = role_label(m.role)
        amended_by = s.scalar(select(Meeting.id).where(Meeting.amends_id == meeting.id))
        return {
            "state": state_from_data(data, roles),
            "status": meeting.status,
            "version": meeting.version,
            "fingerprint": meeting.snapshot_sha256,
            "amends_id": meeting.amends_id,
            "amended_by": amended_by,
            "uuid": meeting.uuid,
            "attachments": self._attachment_infos(meeting),
            "signatures": [SignatureInfo(sig.signer_name, sig.role, sig.meaning.value,
                                         sig.signed_at, sig.image)
                           for sig in meeting.signatures],
        }

    @staticmethod
    def _attachment_infos(meeting: Meeting) -> list[AttachmentInfo]:
        return [AttachmentInfo(a.id, a.kind.value, a.name, a.caption, a.media_type, a.size,
                               a.data if a.kind == AttachmentKind.PHOTO else None)
                for a in meeting.attachments]

    def _apply_record(self, record: dict[str, Any]) -> None:
        self.status = record["status"]
        self.version = record["version"]
        self.fingerprint = record["fingerprint"]
        self.amends_id = record["amends_id"]
        self.amended_by = record["amended_by"]
        self.uuid = record["uuid"]
        self.apply_state(record["state"])
        self._set_attachments(record["attachments"])
        self.signatures_panel.set_signatures(record["signatures"], self.fingerprint)

    def _set_attachments(self, infos: list[AttachmentInfo]) -> None:
        self.photos_panel.set_items([i for i in infos if i.kind == AttachmentKind.PHOTO.value])
        self.files_panel.set_items([i for i in infos if i.kind != AttachmentKind.PHOTO.value])

    def _blank_state(self) -> dict[str, Any]:
        return {"format": STATE_FORMAT, "title": "", "language": "ar",
                "date": dt.date.today().isoformat(), "mode": MeetingMode.IN_PERSON.value,
                "attendees": [], "discussion": [], "outputs": [], "action_items": [],
                "notes": []}

    def _template_state(self, data: MinutesData) -> dict[str, Any]:
        """A new meeting like another: its heading, place and people (attendance to be
        ticked again); the content, numbering and date are this meeting's own."""
        state = state_from_data(data)
        for person in state["attendees"]:
            person["status"] = None
        state.update({"sequence": None, "date": dt.date.today().isoformat(),
                      "discussion": [], "outputs": [], "action_items": [], "notes": [],
                      "next_meeting": None})
        return state

    # ---------------------------------------------------------------- building the form

    def _build_ui(self) -> None:
        lk = self._lookups
        self.toolbar = QToolBar(_("Minutes"), self)
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(self.toolbar)
        style = self.style()

        def action(text: str, slot, icon=None, shortcut=None, tip=None) -> QAction:  # noqa: ANN001
            act = QAction(text, self)
            if isinstance(icon, str):  # one of our own (resources/icons)
                act.setIcon(QIcon(str(resource("icons", icon))))
            elif icon is not None:
                act.setIcon(style.standardIcon(icon))
            if shortcut is not None:
                act.setShortcut(shortcut)
            act.setToolTip(tip or text)
            act.triggered.connect(lambda _checked=False: slot())
            self.toolbar.addAction(act)
            return act

        sp = QStyle.StandardPixmap
        self.save_action = action(_("Save"), self.save, sp.SP_DialogSaveButton,
                                  tip=_("Save the minutes (Ctrl+S)"))
        self.toolbar.addSeparator()
        self.approve_action = action(_("Approve"), self.approve, sp.SP_DialogApplyButton,
                                     tip=_("Approve the minutes: they are locked for signing"))
        self.reopen_action = action(_("Reopen"), self.reopen, sp.SP_BrowserReload,
                                    tip=_("Return approved minutes to draft to correct them"))
        self.sign_action = action(_("Sign…"), self.open_sign_dialog, sp.SP_DialogYesButton,
                                  tip=_("Sign approved minutes"))
        self.amend_action = action(_("Amend"), self.amend, sp.SP_FileDialogDetailedView,
                                   tip=_("Correct signed minutes: opens a new version"))
        self.toolbar.addSeparator()
        # Qt's style has a floppy (Save's) and a monitor, no PDF and no printer: our own.
        self.export_action = action(_("Export PDF…"), self.choose_export, "export-pdf.png")
        self.preview_action = action(_("Preview"), self.preview, sp.SP_FileDialogContentsView)
        self.print_action = action(_("Print…"), self.print_minutes, "print.png")

        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        QShortcut(QKeySequence("Ctrl+Return"), self, activated=self.add_item_at_focus)
        QShortcut(QKeySequence("Ctrl+Enter"), self, activated=self.add_item_at_focus)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, activated=self._escape)
        QShortcut(QKeySequence.StandardKey.Close, self, activated=self.close)
        QShortcut(QKeySequence.StandardKey.Print, self, activated=self.print_minutes)

        central = QWidget(self)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(8, 6, 8, 4)
        self.banner = Banner("draft", central)
        self.reopen_button = self.banner.add_button(QPushButton(_("Reopen"), central))
        self.reopen_button.clicked.connect(self.reopen)
        self.sign_button = self.banner.add_button(QPushButton(_("Sign…"), central))
        self.sign_button.clicked.connect(self.open_sign_dialog)
        self.amend_button = self.banner.add_button(QPushButton(_("Amend"), central))
        self.amend_button.clicked.connect(self.amend)
        self.error_bar = Banner("error", central)
        self.error_bar.hide()
        self.errors = FieldErrors(self.error_bar)
        outer.addWidget(self.banner)
        outer.addWidget(self.error_bar)

        self.scroll = QScrollArea(central)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form = QWidget()
        form = QVBoxLayout(self.form)
        form.setContentsMargins(4, 4, 4, 12)
        form.setSpacing(10)
        self.scroll.setWidget(self.form)
        outer.addWidget(self.scroll, 1)
        self.setCentralWidget(central)
        self.statusBar()  # from the start, so its line is reserved inside the window

        # --- the meeting
        box = QGroupBox(_("The meeting"), self.form)
        grid = QGridLayout(box)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
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
        self.committee_combo.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.committee_combo.completer().setCompletionMode(
            self.committee_combo.completer().CompletionMode.PopupCompletion)
        self.committee_combo.lineEdit().setPlaceholderText(_("Choose or type a committee"))
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
        form.addWidget(box)

        # --- who took part
        box = QGroupBox(_("Attendees"), self.form)
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
        self.attendees = AttendeeList(lk["people"], lk["organisations"], box)
        v.addWidget(self.attendees)
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
        v.addLayout(add_row)
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
        form.addWidget(box)

        # --- content
        # discussion points and outputs are bulleted, notes numbered: as the secretariat's
        # own minutes (shared/seeds) and the printed minutes (pdf/minutes.py) mark them
        self.discussion = TextList(_("A discussion point (Enter for a new line, Ctrl+Enter "
                                     "for the next point)"), self.form, numbered=False)
        self.discussion_box, self.add_discussion_button = self._list_box(
            _("Main discussion points"), self.discussion, _("Add a discussion point"), form)
        self.outputs = TextList(_("An output or decision"), self.form, numbered=False)
        self.outputs_box, self.add_output_button = self._list_box(
            _("Outputs and decisions"), self.outputs, _("Add an output"), form)
        self.action_items = ActionList(
            [p[0] for p in lk["people"]] + lk["organisations"], self._due_fallback, self.form)
        self.actions_box, self.add_action_button = self._list_box(
            _("Action items"), self.action_items, _("Add an action item"), form)

        self.follow_up_box, self.follow_up_panel = self._panel_box(
            _("Follow-up from the previous meeting"), FollowUpPanel, form)
        self.follow_up_panel.addRequested.connect(self.add_follow_up_items)

        self.notes = TextList(_("A note (printed numbered at the end of the minutes)"),
                              self.form, min_lines=1)
        self.notes_box, self.add_note_button = self._list_box(
            _("Notes"), self.notes, _("Add a note"), form)

        box = QGroupBox(_("Next meeting"), self.form)
        h = QHBoxLayout(box)
        self.next_meeting_edit = OptionalDateEdit(self._next_fallback, box)
        next_label = QLabel(_("Date of the next meeting"), box)
        next_label.setBuddy(self.next_meeting_edit)
        h.addWidget(next_label)
        h.addWidget(self.next_meeting_edit)
        h.addStretch(1)
        form.addWidget(box)

        self.photos_box, self.photos_panel = self._panel_box(_("Photos"), PhotosPanel, form)
        self.photos_panel.addRequested.connect(lambda: self.add_photos())
        self.files_box, self.files_panel = self._panel_box(
            _("Attached files"), FilesPanel, form)
        self.files_panel.addRequested.connect(lambda: self.add_files())
        for panel in (self.photos_panel, self.files_panel):
            panel.removeRequested.connect(self.remove_attachment)
            panel.saveRequested.connect(self.save_attachment_copy)

        self.signatures_box, self.signatures_panel = self._panel_box(
            _("Signatures"), SignaturesPanel, form)
        form.addStretch(1)

        self._field_widgets = {
            "title": self.title_edit, "language": self.language_combo,
            "committee": self.committee_combo, "plan": self.plan_combo,
            "commitment": self.commitment_combo, "sequence": self.sequence_spin,
            "date": self.date_edit, "start": self.start_edit, "end": self.end_edit,
            "mode": self.mode_combo, "location": self.location_edit,
            "objective": self.objective_edit, "attendees": self.new_person_edit,
            "apologies": self.new_person_edit, "absent": self.new_person_edit,
            "other_participants": self.other_spin, "discussion": self.add_discussion_button,
            "outputs": self.add_output_button, "action_items": self.add_action_button,
            "notes": self.add_note_button, "next_meeting": self.next_meeting_edit,
            "attachments": self.photos_panel.add_button, "uuid": self.title_edit,
        }
        self._connect_changes()
        self._mode_changed()
        self._fill_commitments()
        self._language_changed()

    def _panel_box(self, title: str, panel_cls: type[QWidget], form: QVBoxLayout):  # noqa: ANN202
        """A titled box on the form holding one panel; (box, panel)."""
        box = QGroupBox(title, self.form)
        layout = QVBoxLayout(box)
        panel = panel_cls(box)
        layout.addWidget(panel)
        form.addWidget(box)
        return box, panel

    def _list_box(self, title: str, rows: RowList, add_text: str, form: QVBoxLayout):  # noqa: ANN202
        box = QGroupBox(title, self.form)
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
        form.addWidget(box)
        return box, add

    def _connect_changes(self) -> None:
        for w in (self.title_edit, self.location_edit):
            w.textChanged.connect(self._changed)
        self.title_edit.textChanged.connect(self._update_title)
        self.objective_edit.textChanged.connect(self._changed)
        for combo in (self.language_combo, self.plan_combo, self.commitment_combo, self.mode_combo):
            combo.currentIndexChanged.connect(self._changed)
        self.committee_combo.currentTextChanged.connect(self._committee_text_changed)
        self.committee_combo.activated.connect(lambda _i: self._committee_chosen())
        self.committee_combo.lineEdit().editingFinished.connect(self._committee_chosen)
        self.plan_combo.currentIndexChanged.connect(self._fill_commitments)
        self.language_combo.currentIndexChanged.connect(self._language_changed)
        self.mode_combo.currentIndexChanged.connect(self._mode_changed)
        for spin in (self.sequence_spin, self.other_spin):
            spin.valueChanged.connect(self._changed)
        self.date_edit.dateChanged.connect(self._date_changed)
        self.next_meeting_edit.dateChanged.connect(self._changed)
        for t in (self.start_edit, self.end_edit):
            t.timeChanged.connect(self._changed)
        for rows in (self.attendees, self.discussion, self.outputs, self.action_items, self.notes):
            rows.changed.connect(self._changed)
            rows.structureChanged.connect(self._update_tab_order)

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
        for rows in (self.attendees, self.discussion, self.outputs, self.action_items, self.notes):
            rows.set_text_direction(direction)

    def _fill_commitments(self) -> None:
        current = self.commitment_combo.currentData() or ""
        plan = self.plan_combo.currentData() or ""
        titles = next((c for t, c in self._lookups["plans"] if t == plan), [])
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
            self.statusBar().showMessage(
                _("{n} members of the committee added; mark who attended.").format(n=added), 6000)
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
            self.statusBar().showMessage(_("{name} is listed already.").format(name=name), 5000)
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
        buttons = {self.add_discussion_button: self.discussion,
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
        self.statusBar().showMessage(
            _("Ctrl+Enter adds an item to the list you are writing in."), 4000)
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
        self._update_tab_order()

    def add_follow_up_items(self, items: list) -> int:  # noqa: ANN001 - list[OpenItem]
        """Copy open items of the previous meeting into this meeting's action items."""
        if self.read_only:
            return 0
        for item in items:
            data = item.as_action_item()
            self.action_items.insert_row(None, {"text": data.text, "owner": data.owner or "",
                                               "due": _iso(data.due),
                                               "status": ActionStatus.OPEN.value})
        self.refresh_follow_up()
        self.statusBar().showMessage(
            _("{n} action items carried over from the previous meeting.").format(n=len(items)),
            5000)
        return len(items)

    # ---------------------------------------------------------------- tab order

    def tab_chain(self) -> list[QWidget]:
        chain: list[QWidget] = []
        for button in (self.sign_button, self.reopen_button, self.amend_button):
            if not button.isHidden():
                chain.append(button)
        chain += [self.title_edit, self.language_combo, self.committee_combo, self.plan_combo,
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
        return chain

    def _update_tab_order(self) -> None:
        chain = self.tab_chain()
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)

    # ---------------------------------------------------------------- state

    def state(self) -> dict[str, Any]:
        """Every field as entered (valid or not): what the autosave keeps."""
        date = self.date_edit.value()
        nxt = self.next_meeting_edit.value()
        other = self.other_spin.value()
        return {
            "format": STATE_FORMAT,
            "title": self.title_edit.text(),
            "language": self.language_combo.currentData(),
            "committee": self.committee_combo.currentText(),
            "plan": self.plan_combo.currentData() or "",
            "commitment": self.commitment_combo.currentData() or "",
            "sequence": self.sequence_spin.value() or None,
            "date": _iso(date),
            "start": _hhmm(self.start_edit.value()),
            "end": _hhmm(self.end_edit.value()),
            "mode": self.mode_combo.currentData(),
            "location": self.location_edit.text(),
            "objective": self.objective_edit.toPlainText(),
            "attendees": self.attendees.values(),
            "new_person": {"name": self.new_person_edit.text(),
                           "organization": self.new_org_edit.text()},
            "other_participants": None if other < 0 else other,
            "discussion": self.discussion.values(),
            "outputs": self.outputs.values(),
            "action_items": self.action_items.values(),
            "notes": self.notes.values(),
            "next_meeting": _iso(nxt),
        }

    def apply_state(self, state: dict[str, Any]) -> None:
        """Fill the form from a state (stored minutes, a template or a recovered autosave)."""
        was_loading = self._loading
        self._loading = True
        try:
            self.title_edit.setText(state.get("title") or "")
            self.language_combo.setCurrentIndex(
                max(self.language_combo.findData(state.get("language") or "ar"), 0))
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
            self.sequence_spin.setValue(int(state.get("sequence") or 0))
            day = state.get("date")
            self.date_edit.set_value(dt.date.fromisoformat(day) if day else dt.date.today())
            self.start_edit.set_value(_time(state.get("start")))
            self.end_edit.set_value(_time(state.get("end")))
            self.mode_combo.setCurrentIndex(
                max(self.mode_combo.findData(state.get("mode") or MeetingMode.IN_PERSON.value), 0))
            self.location_edit.setText(state.get("location") or "")
            self.objective_edit.setPlainText(state.get("objective") or "")
            self.attendees.set_values(list(state.get("attendees") or []))
            new_person = state.get("new_person") or {}
            self.new_person_edit.setText(new_person.get("name") or "")
            self.new_org_edit.setText(new_person.get("organization") or "")
            other = state.get("other_participants")
            self.other_spin.setValue(-1 if other is None else int(other))
            self.discussion.set_values(list(state.get("discussion") or []))
            self.outputs.set_values(list(state.get("outputs") or []))
            self.action_items.set_values(list(state.get("action_items") or []))
            self.notes.set_values(list(state.get("notes") or []))
            nxt = state.get("next_meeting")
            self.next_meeting_edit.set_value(dt.date.fromisoformat(nxt) if nxt else None)
            self._committee_text_changed(self.committee_combo.currentText())
        finally:
            self._loading = was_loading
        self._update_tab_order()

    def _check_typed_fields(self) -> None:
        """A date or time field whose text is not one stops the save at that field: it is
        never saved as another date, nor as none."""
        labels = field_labels()
        fields = [(self.date_edit, labels["date"]), (self.start_edit, labels["start"]),
                  (self.end_edit, labels["end"])]
        fields += [(row.due, f"{labels['action_items']} {n}") for n, row in enumerate(
            (r for r in self.action_items.rows() if not r.is_blank()), start=1)]
        fields.append((self.next_meeting_edit, labels["next_meeting"]))
        for field, label in fields:
            try:
                field.check()
            except ValidationError as exc:
                raise _Problem(field, f"{label}: {_(exc.msgid)}") from None

    def collect(self) -> MinutesData:
        """The form as minutes for `save_minutes`; blank rows are left out. Raises _Problem
        for what the form itself checks (attendance not ticked, a date that is not one)."""
        self._check_typed_fields()
        self._row_fields: dict[str, QWidget] = {}
        groups: dict[AttendanceStatus, list[Participant]] = {s: [] for s in AttendanceStatus}
        group_names = {AttendanceStatus.PRESENT: "attendees",
                       AttendanceStatus.APOLOGISED: "apologies",
                       AttendanceStatus.ABSENT: "absent"}
        for row in self.attendees.rows():
            if row.is_blank():
                continue
            status = row.status()
            if status is None:
                raise _Problem(row.status_buttons[AttendanceStatus.PRESENT],
                               _("{name}: mark present, apologised or absent").format(
                                   name=row.name.text().strip() or _("Attendee")))
            group = groups[status]
            prefix = f"{group_names[status]}[{len(group)}]"
            self._row_fields[f"{prefix}.name"] = row.name
            self._row_fields[f"{prefix}.organization"] = row.organisation
            group.append(Participant(row.name.text().strip(),
                                     row.organisation.text().strip() or None))

        def texts(rows: TextList, field: str) -> list[str]:
            out = []
            for row in rows.rows():
                if row.is_blank():
                    continue
                self._row_fields[f"{field}[{len(out)}]"] = row.edit
                out.append(row.value().strip())
            return out

        actions = []
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
        other = self.other_spin.value()
        return MinutesData(
            title=self.title_edit.text().strip(),
            date=self.date_edit.value(),
            language=self.language_combo.currentData(),
            plan=self.plan_combo.currentData() or None,
            commitment=self.commitment_combo.currentData() or None,
            committee=self.committee_combo.currentText().strip() or None,
            sequence=self.sequence_spin.value() or None,
            start=self.start_edit.value(),
            end=self.end_edit.value(),
            mode=MeetingMode(self.mode_combo.currentData()),
            location=self.location_edit.text().strip() or None,
            objective=self.objective_edit.toPlainText().strip() or None,
            attendees=groups[AttendanceStatus.PRESENT],
            apologies=groups[AttendanceStatus.APOLOGISED],
            absent=groups[AttendanceStatus.ABSENT],
            other_participants=None if other < 0 else other,
            discussion=texts(self.discussion, "discussion"),
            outputs=texts(self.outputs, "outputs"),
            action_items=actions,
            next_meeting=self.next_meeting_edit.value(),
            notes=texts(self.notes, "notes"),
            uuid=None,
        )

    # ---------------------------------------------------------------- changes and autosave

    @property
    def dirty(self) -> bool:
        return self._dirty

    @property
    def editable(self) -> bool:
        return self.status in (None, MinutesStatus.DRAFT)

    @property
    def read_only(self) -> bool:
        return not self.editable

    def _changed(self, *_args: Any) -> None:
        if self._loading or self.read_only:
            return
        self.errors.recheck()  # a field shown wrong and now changed is no longer marked
        if not self._dirty:
            self._dirty = True
            self.setWindowModified(True)
            self._first_unsaved = time.monotonic()
        self._autosave_timer.start()
        if (self._first_unsaved is not None
                and time.monotonic() - self._first_unsaved > AUTOSAVE_MAX_WAIT_S):
            self.autosave_now()

    def autosave_now(self) -> bool:
        """Keep the form's state in the autosave table (no validation: half-typed minutes
        are kept as they are). Failures are logged, never shown while the user types."""
        self._autosave_timer.stop()
        if not self._dirty or self.read_only:
            return False
        try:
            with self.db.session() as s:
                autosave.store(s, self.editor_key, self.state(), meeting_id=self.meeting_id,
                               title=self.title_edit.text())
        except Exception:  # noqa: BLE001 - the next change tries again
            log.exception("autosave failed")
            return False
        self._autosaved = True
        self._first_unsaved = time.monotonic()
        self.statusBar().showMessage(
            _("Changes kept safe at {time} (not saved as minutes yet)").format(
                time=dt.datetime.now().strftime("%H:%M:%S")), 4000)
        self.autosaved.emit()
        return True

    def discard_autosave(self) -> None:
        self._autosave_timer.stop()
        with self.db.session() as s:
            autosave.discard(s, self.editor_key)
        self._autosaved = False

    def offer_recovery(self, pending: autosave.PendingAutosave) -> bool:
        """Ask whether to recover an autosave left behind; True when recovered."""
        when = local_time(pending.saved_at)
        box = QMessageBox(QMessageBox.Icon.Question, _("Recover unsaved changes"),
                          _("Recover unsaved changes from {time}?").format(
                              time=f"{common.format_date(when.date())} {when:%H:%M}"),
                          QMessageBox.StandardButton.NoButton, self)
        box.setInformativeText(
            _("The editor was not closed properly (the program stopped or the computer "
              "lost power). The text typed until then was kept. Recover it into this "
              "editor, or discard it for good?"))
        box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Discard
                               | QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText(_("Recover"))
        box.button(QMessageBox.StandardButton.Cancel).setText(_("Decide later"))
        box.button(QMessageBox.StandardButton.Discard).setText(_("Discard changes"))
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        answer = QMessageBox.StandardButton(box.exec())
        if answer == QMessageBox.StandardButton.Yes:
            self.recover_from(pending)
            return True
        if answer == QMessageBox.StandardButton.Discard:
            with self.db.session() as s:
                autosave.discard(s, pending.editor_key)
        return False

    def recover_from(self, pending: autosave.PendingAutosave) -> None:
        """Fill the form from the autosave and take it over (it is replaced by this
        editor's autosaves and removed when the minutes are saved or discarded)."""
        self.apply_state(pending.payload)
        self.editor_key = pending.editor_key
        old_keys = [k for k, v in _OPEN.items() if v is self]
        for k in old_keys:
            _OPEN.pop(k, None)
        _OPEN[self.editor_key] = self
        key = self.editor_key
        self.destroyed.connect(lambda *_a, key=key: _OPEN.pop(key, None))
        self._autosaved = True
        self._dirty = True
        self._first_unsaved = time.monotonic()
        self.setWindowModified(True)
        self.refresh_follow_up()
        self.statusBar().showMessage(
            _("Unsaved changes recovered. Check them and save the minutes."), 8000)

    @classmethod
    def recover(cls, db: Database, pending: autosave.PendingAutosave,
                parent: QWidget | None = None) -> MinutesEditor:
        """An editor on the autosave's meeting (or a new one) filled from the autosave."""
        editor = cls(db, pending.meeting_id, parent=parent, offer_recovery=False)
        editor.recover_from(pending)
        return editor

    @classmethod
    def pending_recoveries(cls, db: Database) -> list[autosave.PendingAutosave]:
        return pending_recoveries(db)

    @classmethod
    def find_open(cls, meeting_id: int) -> MinutesEditor | None:
        return next((e for e in _OPEN.values() if e.meeting_id == meeting_id), None)

    # ---------------------------------------------------------------- errors at the field

    def clear_errors(self) -> None:
        self.errors.clear()

    def show_error(self, message: str, widget: QWidget | None = None) -> None:
        """The message in the error strip; the field marked, scrolled to and focused. The
        mark (and the strip, once no marked field is left) goes when the field changes."""
        self.errors.show(message, widget, self._value_behind(widget))
        if widget is not None:
            self.scroll.ensureWidgetVisible(widget, 50, 80)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _value_behind(self, widget: QWidget | None):  # noqa: ANN202 - Callable | None
        """For a button standing for a whole list (an error about the discussion points,
        the photos): the list's content, whose change clears the error."""
        lists = {self.add_discussion_button: self.discussion.values,
                 self.add_output_button: self.outputs.values,
                 self.add_action_button: self.action_items.values,
                 self.add_note_button: self.notes.values,
                 self.photos_panel.add_button: self.photos_panel.count}
        return lists.get(widget)

    def widget_for_field(self, field: str | None) -> QWidget | None:
        if not field:
            return None
        rows = getattr(self, "_row_fields", {})
        if field in rows:
            return rows[field]
        base = re.split(r"[\[.]", field, maxsplit=1)[0]
        return self._field_widgets.get(base)

    def _error_message(self, exc: DomainError) -> str:
        message = domain_message(exc)
        field = exc.field
        if not field:
            return message
        base = re.split(r"[\[.]", field, maxsplit=1)[0]
        label = field_labels().get(base, field)
        match = re.match(r"\w+\[(\d+)\]", field)
        if match and base not in ("attendees", "apologies", "absent"):
            label = f"{label} {int(match.group(1)) + 1}"
        return f"{label}: {message}"

    # ---------------------------------------------------------------- save

    def save(self) -> int | None:
        """Save the minutes; the meeting id, or None with the error shown at the field
        (nothing is written then)."""
        self.clear_errors()
        try:
            data = self.collect()
        except _Problem as problem:
            self.show_error(problem.message, problem.widget)
            return None
        try:
            with self.db.session() as s:
                meeting = meetings_svc.save_minutes(s, data, self.meeting_id)
                autosave.discard(s, self.editor_key)
                meeting_id, sequence, uuid = meeting.id, meeting.sequence, meeting.uuid
                status, version = meeting.status, meeting.version
        except ValidationError as exc:
            self.show_error(self._error_message(exc), self.widget_for_field(exc.field))
            return None
        except DomainError as exc:
            self.show_error(domain_message(exc))
            return None
        self.meeting_id, self.uuid, self.status, self.version = meeting_id, uuid, status, version
        self._autosaved = False
        self._loading = True
        try:
            self.sequence_spin.setValue(sequence or 0)
            self._reload_lookups_after_save(data)
        finally:
            self._loading = False
        self._dirty = False
        self._first_unsaved = None
        self._autosave_timer.stop()
        self.setWindowModified(False)
        self._update_lifecycle()
        self._update_title()
        self.statusBar().showMessage(
            _("Saved at {time}").format(time=dt.datetime.now().strftime("%H:%M")), 5000)
        self.saved.emit(meeting_id)
        return meeting_id

    def _reload_lookups_after_save(self, data: MinutesData) -> None:
        """People, organisations and committees created by the save are known now."""
        with self.db.session() as s:
            self._lookups = self._read_lookups(s)
        people = self._lookups["people"]
        self.attendees._people = {name_key(n): (n, o) for n, o in people}  # noqa: SLF001
        self.attendees._people_model.setStringList(sorted({n for n, _o in people}, key=name_key))  # noqa: SLF001
        self.attendees._org_model.setStringList(sorted(self._lookups["organisations"], key=name_key))  # noqa: SLF001
        for row in self.attendees.rows():
            row._update_new_mark()  # noqa: SLF001
        self._committee_text_changed(self.committee_combo.currentText())

    def _ensure_saved(self) -> bool:
        """Photos, files, approval and export need the minutes saved: save first."""
        if self.read_only:
            return self.meeting_id is not None
        if self.meeting_id is None or self._dirty:
            return self.save() is not None
        return True

    # ---------------------------------------------------------------- lifecycle

    def _set_read_only(self, read_only: bool) -> None:
        for w in (self.title_edit, self.location_edit, self.objective_edit, self.new_person_edit,
                  self.new_org_edit):
            w.setReadOnly(read_only)
        for w in (self.language_combo, self.committee_combo, self.plan_combo, self.mode_combo):
            w.setEnabled(not read_only)
        self.commitment_combo.setEnabled(not read_only and self.commitment_combo.count() > 1)
        show_placeholders(read_only, self.title_edit, self.location_edit, self.objective_edit)
        for w in (self.date_edit, self.next_meeting_edit, self.start_edit, self.end_edit):
            w.set_read_only(read_only)
        for w in (self.sequence_spin, self.other_spin):
            w.setReadOnly(read_only)
            w.setButtonSymbols(QAbstractSpinBox.ButtonSymbols.NoButtons if read_only
                               else QAbstractSpinBox.ButtonSymbols.UpDownArrows)
        for rows in (self.attendees, self.discussion, self.outputs, self.action_items, self.notes):
            rows.set_read_only(read_only)
        for w in (self.add_discussion_button, self.add_output_button, self.add_action_button,
                  self.add_note_button, self.fill_members_button, self.all_present_button,
                  self.new_person_edit, self.new_org_edit, self.add_person_button):
            w.setVisible(not read_only)
        self.photos_panel.set_read_only(read_only)
        self.files_panel.set_read_only(read_only)
        for box, rows in ((self.discussion_box, self.discussion), (self.outputs_box, self.outputs),
                          (self.actions_box, self.action_items), (self.notes_box, self.notes)):
            box.setVisible(not read_only or len(rows) > 0)
        if read_only:
            self.follow_up_box.hide()

    def _update_lifecycle(self) -> None:
        status = self.status
        self._set_read_only(not self.editable)
        self.reopen_button.hide()
        self.sign_button.hide()
        self.amend_button.hide()
        if status is None:
            self.banner.set_role("new")
            self.banner.label.setText(_("New minutes, not saved yet. Ctrl+S saves; what you "
                                        "type is also kept safe every few seconds."))
        elif status == MinutesStatus.DRAFT:
            self.banner.set_role("draft")
            text = _("Draft minutes, version {version}.").format(version=self.version)
            if self.amends_id is not None:
                text = _("Draft of version {version}: an amendment of signed version "
                         "{previous}.").format(version=self.version, previous=self.version - 1)
            self.banner.label.setText(text)
        elif status == MinutesStatus.APPROVED:
            self.banner.set_role("approved")
            self.banner.label.setText(_("Approved: the minutes are locked for signing. Reopen "
                                        "them as a draft to make a correction."))
            self.reopen_button.show()
            self.sign_button.show()
        else:
            self.banner.set_role("signed")
            text = _("Signed version {version} — fingerprint {fingerprint}").format(
                version=self.version, fingerprint=common.ltr(_short(self.fingerprint)))
            if self.amended_by is not None:
                text += " · " + _("amended by a newer version")
            self.banner.label.setText(text)
            self.banner.label.setToolTip(common.ltr(self.fingerprint))
            self.amend_button.setText(_("Open the newer version") if self.amended_by
                                      else _("Amend"))
            self.amend_button.show()
        self.save_action.setEnabled(self.editable)
        self.approve_action.setVisible(self.editable)
        self.reopen_action.setVisible(status == MinutesStatus.APPROVED)
        self.sign_action.setVisible(status == MinutesStatus.APPROVED)
        self.amend_action.setVisible(status == MinutesStatus.SIGNED)
        self.amend_action.setText(_("Open the newer version") if self.amended_by else _("Amend"))
        self.signatures_box.setVisible(status == MinutesStatus.SIGNED)
        self._update_tab_order()

    def _update_title(self) -> None:
        title = self.title_edit.text().strip() or _("New minutes")
        self.setWindowTitle(_("{title}[*] — Minutes").format(title=title))

    def _reload(self) -> None:
        """Read the meeting again after a change of status."""
        with self.db.session() as s:
            record = self._read_meeting(s, self.meeting_id)
        self._loading = True
        try:
            self._apply_record(record)
        finally:
            self._loading = False
        self._dirty = False
        self.setWindowModified(False)
        self._update_lifecycle()
        self.refresh_follow_up()

    def approve(self) -> bool:
        """Draft → approved (saved first); the form turns read-only."""
        if not self.editable or not self._ensure_saved():
            return False

        def change(s):  # noqa: ANN001, ANN202
            signing.approve(s, self.meeting_id)
            autosave.discard(s, self.editor_key)

        return self._change_status(change)

    def reopen(self) -> bool:
        if self.status != MinutesStatus.APPROVED:
            return False
        return self._change_status(lambda s: signing.reopen(s, self.meeting_id))

    def _change_status(self, change) -> bool:  # noqa: ANN001
        """Run `change(session)` as one unit of work, then show the minutes as they now
        are; a domain error is shown instead (False)."""
        try:
            with self.db.session() as s:
                change(s)
        except DomainError as exc:
            self.show_error(domain_message(exc))
            return False
        self.after_signing()
        return True

    def make_sign_dialog(self) -> SignDialog:
        return SignDialog(self.db, self.meeting_id, self)

    def open_sign_dialog(self) -> bool:
        if self.status != MinutesStatus.APPROVED:
            return False
        dialog = self.make_sign_dialog()
        signed = dialog.exec() == SignDialog.DialogCode.Accepted
        if signed:
            self.after_signing()
        return signed

    def after_signing(self) -> None:
        self._reload()
        self.saved.emit(self.meeting_id)

    def amend(self) -> MinutesEditor | None:
        """Signed minutes: a new draft version in a new editor (or the existing newer
        version when there is one)."""
        if self.status != MinutesStatus.SIGNED:
            return None
        new_id = self.amended_by
        if new_id is None:
            try:
                with self.db.session() as s:
                    new_id = signing.amend(s, self.meeting_id).id
            except DomainError as exc:
                self.show_error(domain_message(exc))
                return None
            self.amended_by = new_id
            self._update_lifecycle()
            self.amended.emit(new_id)
            self.saved.emit(new_id)
        editor = MinutesEditor.find_open(new_id) or MinutesEditor(
            self.db, new_id, parent=self.parentWidget())
        editor.show()
        editor.raise_()
        editor.activateWindow()
        self.amendment_editor = editor
        return editor

    # ---------------------------------------------------------------- photos and files

    def add_photos(self, paths: list[Path] | None = None,
                   captions: list[str | None] | None = None) -> list[int]:
        """Add photos (PNG or JPEG) with captions; the minutes are saved first."""
        if self.read_only:
            return []
        if paths is None:
            paths = file_dialogs.open_files(self, "photos", _("Add photos"),
                                            _("Photos (*.png *.jpg *.jpeg)"))
        if not paths or not self._ensure_saved():
            return []
        entries = []
        for n, path in enumerate(paths):
            if captions is not None:
                caption = captions[n] if n < len(captions) else None
            else:
                caption = self.ask_caption(Path(path).name)
                if caption is None:
                    continue
            entries.append((Path(path), caption or None, AttachmentKind.PHOTO, None))
        return self._add_attachments(entries)

    def make_caption_dialog(self, name: str) -> QInputDialog:
        """Asks a photo's caption, typed in the minutes' direction."""
        dialog = QInputDialog(self)
        dialog.setInputMode(QInputDialog.InputMode.TextInput)
        dialog.setWindowTitle(_("Photo caption"))
        dialog.setLabelText(_("Caption for {name} (may be left empty):").format(name=common.ltr(name)))
        edit = dialog.findChild(QLineEdit)
        if edit is not None:
            set_text_direction(edit, self.text_direction())
        return dialog

    def ask_caption(self, name: str) -> str | None:
        """The caption typed (may be empty), or None when the person cancels."""
        dialog = self.make_caption_dialog(name)
        try:
            if dialog.exec() != QInputDialog.DialogCode.Accepted:
                return None
            return dialog.textValue()
        finally:
            dialog.deleteLater()

    def add_files(self, paths: list[Path] | None = None) -> list[int]:
        if self.read_only:
            return []
        if paths is None:
            paths = file_dialogs.open_files(self, "attachments", _("Attach files"))
        if not paths or not self._ensure_saved():
            return []
        return self._add_attachments([
            (Path(p), None, AttachmentKind.ATTACHMENT, mimetypes.guess_type(str(p))[0])
            for p in paths])

    def _add_attachments(self, entries: list) -> list[int]:  # noqa: ANN001
        self.clear_errors()
        ids = []
        try:
            blobs = [(p, c, k, m, Path(p).read_bytes()) for p, c, k, m in entries]
            with self.db.session() as s:
                for path, caption, kind, media_type, data in blobs:
                    att = meetings_svc.add_attachment(
                        s, self.meeting_id, name=path.name, data=data, caption=caption,
                        kind=kind, media_type=media_type)
                    ids.append(att.id)
        except OSError as exc:
            self.show_error(_("{path} can not be read: {error}").format(
                path=common.ltr(exc.filename), error=exc.strerror), self.photos_panel.add_button)
            return []
        except DomainError as exc:
            self.show_error(domain_message(exc), self.photos_panel.add_button)
            return []
        self._refresh_attachments()
        self.saved.emit(self.meeting_id)
        return ids

    def _refresh_attachments(self) -> None:
        with self.db.session() as s:
            infos = self._attachment_infos(load_meeting(s, self.meeting_id))
        self._set_attachments(infos)

    def remove_attachment(self, attachment_id: int, *, confirm: bool = True) -> bool:
        if self.read_only:
            return False
        if confirm:
            answer = QMessageBox.question(
                self, _("Remove"), _("Remove this file from the minutes? It is deleted from "
                                     "the records."),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return False
        try:
            with self.db.session() as s:
                meetings_svc.remove_attachment(s, attachment_id)
        except DomainError as exc:
            self.show_error(domain_message(exc))
            return False
        self._refresh_attachments()
        self.saved.emit(self.meeting_id)
        return True

    def save_attachment_copy(self, attachment_id: int, path: Path | None = None) -> Path | None:
        from ogp_desktop.core.models import Attachment

        with self.db.session() as s:
            att = s.get(Attachment, attachment_id)
            name, data = att.name, att.data
        if path is None:
            path = file_dialogs.save_file(self, "attachment-copy", _("Save a copy"), name)
            if path is None:
                return None
        try:
            Path(path).write_bytes(data)
        except OSError as exc:
            self.show_error(_("{path} can not be written: {error}").format(
                path=common.ltr(path), error=exc.strerror))
            return None
        return Path(path)

    # ---------------------------------------------------------------- PDF

    def suggested_filename(self) -> str:
        date = self.date_edit.value() or dt.date.today()
        return exports.safe_filename(date, self.title_edit.text() or "minutes", self.version,
                                     self.meeting_id or 0)

    def export_pdf(self, path: Path | str) -> Path:
        """Write the minutes' PDF to `path` (unsaved changes are saved first). Raises the
        DomainError when the minutes can not be saved or exported."""
        if not self._ensure_saved():
            raise ValidationError("the minutes can not be saved: {reason}", field="pdf",
                                  reason=self.error_bar.label.text())
        with self.db.session(write=False) as s:  # reads only: never queues for a writer
            return exports.export_meeting_pdf(s, self.meeting_id, Path(path))

    def choose_export(self) -> Path | None:
        chosen = file_dialogs.save_file(self, "export-pdf", _("Export PDF"),
                                        self.suggested_filename(), _("PDF files (*.pdf)"))
        if chosen is None:
            return None
        path = str(chosen)
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        try:
            written = self.export_pdf(Path(path))
        except DomainError as exc:
            self.show_error(domain_message(exc))
            return None
        self.statusBar().showMessage(_("Exported to {path}").format(path=common.ltr(written)), 8000)
        return written

    def make_preview(self):  # noqa: ANN201 - PdfPreviewDialog
        """The minutes exported to a temporary file, in a preview dialog (not yet shown)."""
        from ogp_desktop.ui.editors.pdf_preview import PdfPreviewDialog

        with tempfile.TemporaryDirectory(prefix="ogp-export-") as folder:
            path = self.export_pdf(Path(folder) / self.suggested_filename())
            return PdfPreviewDialog(path, self, title=self.title_edit.text())

    def preview(self) -> None:
        try:
            dialog = self.make_preview()
        except DomainError as exc:
            self.show_error(domain_message(exc))
            return
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def print_minutes(self, *, printer=None, ask: bool = True) -> bool:  # noqa: ANN001
        """Through the system print dialog (`ask`); tests pass a printer writing a file."""
        from ogp_desktop.ui.editors.pdf_preview import load_pdf, print_document

        try:
            with tempfile.TemporaryDirectory(prefix="ogp-print-") as folder:
                path = self.export_pdf(Path(folder) / "minutes.pdf")
                document = load_pdf(path, self)
                try:
                    return print_document(document, self, printer=printer, ask=ask)
                finally:
                    document.close()
        except DomainError as exc:
            self.show_error(domain_message(exc))
            return False

    # ---------------------------------------------------------------- closing

    def _escape(self) -> None:
        """Escape closes what is on top: an open completion list or calendar first (the
        window's shortcut would otherwise take the key from it), then the editor."""
        popup = QApplication.activePopupWidget()
        if popup is None:
            popup = next((c.popup() for c in self.findChildren(QCompleter)
                          if c.popup() is not None and c.popup().isVisible()), None)
        if popup is not None:
            popup.hide()
            return
        self.close()

    def ask_unsaved(self) -> QMessageBox.StandardButton:
        return common.ask_unsaved_changes(
            self, _("Save the changes to these minutes before closing?"))

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self._dirty and self.editable:
            answer = self.ask_unsaved()
            if answer == QMessageBox.StandardButton.Save:
                if self.save() is None:
                    event.ignore()
                    return
            elif answer == QMessageBox.StandardButton.Discard:
                pass
            else:
                event.ignore()
                return
        self._autosave_timer.stop()
        self._follow_up_timer.stop()
        try:
            if self._autosaved or self._dirty:
                self.discard_autosave()
        except Exception:  # noqa: BLE001 - closing must not fail
            log.exception("discarding the autosave failed")
        self._dirty = False
        _OPEN.pop(self.editor_key, None)
        self.closed.emit()
        event.accept()


def _time(value: str | None) -> dt.time | None:
    if not value:
        return None
    hours, minutes = value.split(":")[:2]
    return dt.time(int(hours), int(minutes))


def _short(fingerprint: str | None) -> str:
    if not fingerprint:
        return ""
    return " ".join(fingerprint[i:i + 4] for i in range(0, 16, 4)) + "…"


__all__ = ["AUTOSAVE_DELAY_MS", "MinutesEditor", "open_editors", "pending_recoveries",
           "state_from_data"]
