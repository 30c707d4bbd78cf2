"""The minutes editor's window: one per meeting. It composes the form (form.py), the
autosave (autosave.py), the lifecycle bar (lifecycle.py) and the export actions
(export.py) and the photos and files (attachments.py); it saves, changes the status
and closes.

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
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCompleter,
    QInputDialog,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import select
from sqlalchemy.orm import Session

from ogp_desktop.core.db import Database
from ogp_desktop.core.errors import ConflictError, DomainError, ValidationError
from ogp_desktop.core.models import Certificate, Meeting, MinutesStatus, Signature, SignatureKind
from ogp_desktop.core.server.permissions import may
from ogp_desktop.core.services import autosave, committees, signing
from ogp_desktop.core.services import meetings as meetings_svc
from ogp_desktop.core.services.common import name_key
from ogp_desktop.core.services.meetings import MinutesData, load_meeting, minutes_data
from ogp_desktop.core.storage.postgresql import NO_ANSWER
from ogp_desktop.ui import common, editor_registry, errors, placement
from ogp_desktop.ui.common import _
from ogp_desktop.ui.editors.field_errors import FieldErrors
from ogp_desktop.ui.editors.minutes.attachments import AttachmentActions, attachment_infos
from ogp_desktop.ui.editors.minutes.autosave import AUTOSAVE_DELAY_MS, Autosaver, ask_recovery
from ogp_desktop.ui.editors.minutes.export import ExportActions
from ogp_desktop.ui.editors.minutes.form import (
    FormProblem,
    MinutesForm,
    blank_state,
    field_labels,
    read_lookups,
    role_label,
    state_from_data,
    template_state,
)
from ogp_desktop.ui.editors.minutes.lease import LeaseKeeper
from ogp_desktop.ui.editors.minutes.lifecycle import LifecycleBar
from ogp_desktop.ui.editors.panels import SignatureInfo
from ogp_desktop.ui.editors.sign_dialog import SignDialog
from ogp_desktop.ui.editors.widgets import EDITOR_STYLE, Banner

log = logging.getLogger("ogp_desktop.editor")
RESAVE_INTERVAL_MS = 10_000  # how often a save the office's server did not answer is retried

# Editors open in this process, by editor key (their autosave rows are not crash leftovers).
_OPEN: dict[str, MinutesEditor] = {}
editor_registry.register(_OPEN)  # so the application sees them without importing this


def pending_recoveries(db: Database) -> list[autosave.PendingAutosave]:
    """Autosaves left behind by editors that did not close (a crash, a power cut), newest
    first; the application offers them at start (see `MinutesEditor.recover`)."""
    return editor_registry.pending_recoveries(db)


def signature_info(session: Session, sig: Signature) -> SignatureInfo:
    """What the signatures panel shows of one signature, with how it was made: a key
    signature's certificate and the authority that issued it, a paper one's recorder."""
    cert = sig.certificate
    authority = None
    if cert is not None and cert.issuer_sha256:
        authority = session.scalar(select(Certificate.subject_name).where(
            Certificate.sha256 == cert.issuer_sha256))
    return SignatureInfo(sig.signer_name, sig.role, sig.meaning.value, sig.signed_at, sig.image,
                         kind=sig.kind.value, certificate=cert.subject_name if cert else None,
                         authority=authority, recorded_by=sig.recorded_by)


def open_editors() -> list[MinutesEditor]:
    return list(_OPEN.values())


class _PartWidget:
    """A widget of one of the window's parts, reachable from the window by its name (the
    main window, the self-test and the tests drive the editor through them)."""

    def __init__(self, part: str) -> None:
        self.part = part

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, editor: Any, owner: type | None = None) -> Any:
        if editor is None:
            return self
        return getattr(getattr(editor, self.part), self.name)


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

    # the form's fields, lists and panels
    title_edit = _PartWidget("form")
    language_combo = _PartWidget("form")
    committee_combo = _PartWidget("form")
    committee_hint = _PartWidget("form")
    plan_combo = _PartWidget("form")
    commitment_combo = _PartWidget("form")
    sequence_spin = _PartWidget("form")
    date_edit = _PartWidget("form")
    start_edit = _PartWidget("form")
    end_edit = _PartWidget("form")
    mode_combo = _PartWidget("form")
    location_label = _PartWidget("form")
    location_edit = _PartWidget("form")
    objective_edit = _PartWidget("form")
    fill_members_button = _PartWidget("form")
    all_present_button = _PartWidget("form")
    attendees = _PartWidget("form")
    new_person_edit = _PartWidget("form")
    new_org_edit = _PartWidget("form")
    add_person_button = _PartWidget("form")
    other_spin = _PartWidget("form")
    discussion = _PartWidget("form")
    discussion_box = _PartWidget("form")
    add_discussion_button = _PartWidget("form")
    outputs = _PartWidget("form")
    outputs_box = _PartWidget("form")
    add_output_button = _PartWidget("form")
    action_items = _PartWidget("form")
    actions_box = _PartWidget("form")
    add_action_button = _PartWidget("form")
    follow_up_box = _PartWidget("form")
    follow_up_panel = _PartWidget("form")
    notes = _PartWidget("form")
    notes_box = _PartWidget("form")
    add_note_button = _PartWidget("form")
    next_meeting_edit = _PartWidget("form")
    photos_box = _PartWidget("form")
    photos_panel = _PartWidget("form")
    files_box = _PartWidget("form")
    files_panel = _PartWidget("form")
    signatures_box = _PartWidget("form")
    signatures_panel = _PartWidget("form")
    # the lifecycle bar's banner, buttons and actions
    banner = _PartWidget("lifecycle")
    reopen_button = _PartWidget("lifecycle")
    sign_button = _PartWidget("lifecycle")
    amend_button = _PartWidget("lifecycle")
    save_action = _PartWidget("lifecycle")
    approve_action = _PartWidget("lifecycle")
    reopen_action = _PartWidget("lifecycle")
    sign_action = _PartWidget("lifecycle")
    amend_action = _PartWidget("lifecycle")
    # the export actions
    export_action = _PartWidget("exporter")
    preview_action = _PartWidget("exporter")
    print_action = _PartWidget("exporter")
    # the scrolled form (not `scroll`, which would hide QWidget.scroll(dx, dy))
    scroll_area: QScrollArea

    def __init__(self, db: Database, meeting_id: int | None = None, *,
                 template_from: int | None = None, parent: QWidget | None = None,
                 offer_recovery: bool = True,
                 autosave_delay_ms: int = AUTOSAVE_DELAY_MS,
                 resave_interval_ms: int = RESAVE_INTERVAL_MS) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.db = db
        self.status: MinutesStatus | None = None
        self.version = 1
        self.row_version: int | None = None  # what was opened: a save over a newer one is refused
        self.fingerprint: str | None = None
        self.levels: list[SignatureKind] = []  # how each signature was made
        self.amends_id: int | None = None
        self.amended_by: int | None = None
        self.amendment_editor: MinutesEditor | None = None
        self.uuid: str | None = None

        pending: list[autosave.PendingAutosave] = []
        with db.session() as s:
            lookups = read_lookups(s)
            if meeting_id is not None:
                record = self._read_meeting(s, meeting_id)
            elif template_from is not None:
                template = minutes_data(load_meeting(s, template_from))
            if offer_recovery:
                pending = autosave.pending(s, meeting_id=meeting_id, new_only=meeting_id is None)
        self._build_window(lookups)
        self.meeting_id = meeting_id
        self.autosaver = Autosaver(db, self.form, autosave_delay_ms, self)
        # while the office's server does not answer, Save is tried again on this timer
        self.resave_timer = QTimer(self)
        self.resave_timer.setSingleShot(True)
        self.resave_timer.setInterval(resave_interval_ms)
        self.resave_timer.timeout.connect(self._save_again)
        self.resave_attempts = 0  # retries made since the server stopped answering
        self._connect_parts()
        self.setStyleSheet(EDITOR_STYLE)

        if meeting_id is not None:
            self._apply_record(record)
        elif template_from is not None:
            self.form.load(template_state(template))
        else:
            self.form.load(blank_state())
        self._update_lifecycle()
        self.update_tab_order()
        self.refresh_follow_up()
        self._update_title()

        self._register(self.autosaver.editor_key)
        # the laptops' 1366×768, or less: frame and status line stay on the screen
        placement.fit_and_remember(self, "minutes-editor", (1366, 768))

        pending = [p for p in pending if p.editor_key not in _OPEN]
        if pending and self.editable and template_from is None:
            self.offer_recovery(pending[0])

    # ---------------------------------------------------------------- composing the parts

    def _build_window(self, lookups: dict[str, Any]) -> None:
        """Toolbar, banner, error strip and the scrolled form, in that order."""
        self.toolbar = QToolBar(_("Minutes"), self)
        self.toolbar.setMovable(False)
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(self.toolbar)
        central = QWidget(self)
        self.lifecycle = LifecycleBar(self.toolbar, central)
        self.toolbar.addSeparator()
        self.exporter = ExportActions(self, self.toolbar)
        self.attachments_actions = AttachmentActions(self)

        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        QShortcut(QKeySequence("Ctrl+Return"), self, self.add_item_at_focus)
        QShortcut(QKeySequence("Ctrl+Enter"), self, self.add_item_at_focus)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self._escape)
        QShortcut(QKeySequence.StandardKey.Close, self, self.close)
        QShortcut(QKeySequence.StandardKey.Print, self, self.print_minutes)
        QShortcut(QKeySequence("Ctrl+F"), self, self._search_everything)

        outer = QVBoxLayout(central)
        outer.setContentsMargins(8, 6, 8, 4)
        self.error_bar = Banner("error", central)
        self.error_bar.hide()
        self.errors = FieldErrors(self.error_bar)
        # someone else has this draft open: said first, above where the minutes stand
        self.lease = LeaseKeeper(self.db, central)
        outer.addWidget(self.lease.banner)
        outer.addWidget(self.lifecycle.banner)
        outer.addWidget(self.error_bar)

        self.scroll_area = QScrollArea(central)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form = MinutesForm(self.db, lookups, self.scroll_area)
        outer.addWidget(self.scroll_area, 1)
        self.setCentralWidget(central)
        self.statusBar()  # from the start, so its line is reserved inside the window

    def _connect_parts(self) -> None:
        form, lifecycle, autosaver = self.form, self.lifecycle, self.autosaver
        form.title_edit.textChanged.connect(self._update_title)
        form.changed.connect(self._form_changed)
        form.message.connect(self.statusBar().showMessage)
        form.structure_changed.connect(self.update_tab_order)
        form.follow_up_checked.connect(self.follow_up_checked)
        form.photos_panel.addRequested.connect(lambda: self.add_photos())
        form.files_panel.addRequested.connect(lambda: self.add_files())
        for panel in (form.photos_panel, form.files_panel):
            panel.removeRequested.connect(self.remove_attachment)
            panel.saveRequested.connect(self.save_attachment_copy)
        autosaver.autosaved.connect(self.autosaved)
        autosaver.modified_changed.connect(self.setWindowModified)
        autosaver.message.connect(self.statusBar().showMessage)
        lifecycle.save_requested.connect(self.save)
        lifecycle.approve_requested.connect(self.approve)
        lifecycle.reopen_requested.connect(self.reopen)
        lifecycle.sign_requested.connect(self.open_sign_dialog)
        lifecycle.amend_requested.connect(self.amend)

    def _form_changed(self) -> None:
        self.errors.recheck()  # a field shown wrong and now changed is no longer marked
        self.autosaver.note_change()

    def _register(self, key: str) -> None:
        """This editor is open under `key` (its autosave rows are not crash leftovers)."""
        for k in [k for k, v in _OPEN.items() if v is self]:
            _OPEN.pop(k, None)
        _OPEN[key] = self
        self.destroyed.connect(lambda *_a, key=key: _OPEN.pop(key, None))

    @property
    def meeting_id(self) -> int | None:
        return self.form.meeting_id

    @meeting_id.setter
    def meeting_id(self, meeting_id: int | None) -> None:
        self.form.meeting_id = meeting_id

    def stored_meeting_id(self) -> int:
        """The id of the stored minutes, for what needs them saved first (a change of status,
        signing, photos and files, export: each after `ensure_saved` or on stored minutes)."""
        meeting_id = self.meeting_id
        assert meeting_id is not None, "the minutes are not saved yet"
        return meeting_id

    @property
    def editor_key(self) -> str:
        return self.autosaver.editor_key

    # ---------------------------------------------------------------- reading the records

    def _read_meeting(self, s, meeting_id: int) -> dict[str, Any]:
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
            "row_version": meeting.row_version,
            "fingerprint": meeting.snapshot_sha256,
            "amends_id": meeting.amends_id,
            "amended_by": amended_by,
            "uuid": meeting.uuid,
            "attachments": attachment_infos(meeting),
            "signatures": [signature_info(s, sig) for sig in meeting.signatures],
        }

    def _apply_record(self, record: dict[str, Any]) -> None:
        self.status = record["status"]
        self.version = record["version"]
        self.row_version = record["row_version"]
        self.fingerprint = record["fingerprint"]
        self.amends_id = record["amends_id"]
        self.amended_by = record["amended_by"]
        self.uuid = record["uuid"]
        self.form.load(record["state"])
        self.form.set_attachments(record["attachments"])
        self.levels = [SignatureKind(sig.kind) for sig in record["signatures"]]
        self.form.set_signatures(record["signatures"], self.fingerprint)

    # ---------------------------------------------------------------- the form, from outside

    def state(self) -> dict[str, Any]:
        """Every field as entered (valid or not): what the autosave keeps."""
        return self.form.state()

    def apply_state(self, state: dict[str, Any]) -> None:
        self.form.load(state)

    def collect(self) -> MinutesData:
        return self.form.collect()

    def text_direction(self) -> Qt.LayoutDirection:
        return self.form.text_direction()

    def add_item_at_focus(self) -> bool:
        return self.form.add_item_at_focus()

    def add_new_person(self) -> bool:
        return self.form.add_new_person()

    def fill_attendees_from_committee(self) -> int:
        return self.form.fill_attendees_from_committee()

    def refresh_follow_up(self) -> None:
        self.form.refresh_follow_up()

    def add_follow_up_items(self, items: list) -> int:  # list[OpenItem]
        return self.form.add_follow_up_items(items)

    def tab_chain(self) -> list[QWidget]:
        return self.lifecycle.focus_widgets() + self.form.focus_widgets()

    def update_tab_order(self) -> None:
        chain = self.tab_chain()
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)

    # ---------------------------------------------------------------- autosave and recovery

    @property
    def dirty(self) -> bool:
        return self.autosaver.dirty

    @property
    def editable(self) -> bool:
        return self.status in (None, MinutesStatus.DRAFT) and may(self.db.role, "write")

    @property
    def read_only(self) -> bool:
        return not self.editable

    def autosave_now(self) -> bool:
        return self.autosaver.autosave_now()

    def discard_autosave(self) -> None:
        self.autosaver.discard()

    def offer_recovery(self, pending: autosave.PendingAutosave) -> bool:
        """Ask whether to recover an autosave left behind; True when recovered."""
        answer = ask_recovery(pending, self)
        if answer == QMessageBox.StandardButton.Yes:
            self.recover_from(pending)
            return True
        if answer == QMessageBox.StandardButton.Discard:
            self.autosaver.discard_pending(pending)
        return False

    def recover_from(self, pending: autosave.PendingAutosave) -> None:
        """Fill the form from the autosave and take it over (it is replaced by this
        editor's autosaves and removed when the minutes are saved or discarded)."""
        self.form.load(pending.payload)
        self.autosaver.take_over(pending.editor_key)
        self._register(pending.editor_key)
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
        self.errors.show(message, widget, self.form.value_behind(widget))
        if widget is not None:
            self.scroll_area.ensureWidgetVisible(widget, 50, 80)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _search_everything(self) -> None:
        """Ctrl+F here too: the main window's search of every record."""
        host = self.parentWidget()
        if host is not None and hasattr(host, "focus_search"):
            host.focus_search()

    def show_field(self, field: str | None) -> QWidget | None:
        """Scroll to the widget of `field` (a search's hit) and give it the focus."""
        widget = self.form.widget_at(field)
        if widget is not None:
            self.scroll_area.ensureWidgetVisible(widget, 50, 80)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return widget

    def widget_for_field(self, field: str | None) -> QWidget | None:
        return self.form.widget_for_field(field)

    def _error_message(self, exc: DomainError) -> str:
        message = errors.error_text(exc, with_field=False)
        field = exc.field
        if not field:
            return message
        base = re.split(r"[\[.]", field, maxsplit=1)[0]
        label = field_labels().get(base, field)
        match = re.match(r"\w+\[(\d+)\]", field)
        if match and base not in ("attendees", "apologies", "absent"):
            label = f"{label} {int(match.group(1)) + 1}"
        return _("{field}: {message}").format(field=label, message=message)

    # ---------------------------------------------------------------- save

    def save(self) -> int | None:
        """Save the minutes; the meeting id, or None with the error shown at the field
        (nothing is written then)."""
        self.clear_errors()
        try:
            data = self.form.collect()
        except FormProblem as problem:
            self.show_error(problem.message, problem.widget)
            return None
        try:
            with self.db.session() as s:
                meeting = meetings_svc.save_minutes(
                    s, data, self.meeting_id,
                    expected_version=self.row_version if self.meeting_id is not None else None)
                autosave.discard(s, self.editor_key)
                meeting_id, sequence, uuid = meeting.id, meeting.sequence, meeting.uuid
                status, version = meeting.status, meeting.version
            with self.db.session(write=False) as s:  # as committed (the counter is the row's)
                self.row_version = s.scalar(
                    select(Meeting.row_version).where(Meeting.id == meeting_id))
        except ConflictError as exc:
            self._conflict(exc)
            return None
        except ValidationError as exc:
            self.show_error(self._error_message(exc), self.widget_for_field(exc.field))
            return None
        except DomainError as exc:
            if self._server_away(exc):
                return None
            self.show_error(errors.error_text(exc, with_field=False))
            return None
        self.resave_timer.stop()
        self.meeting_id, self.uuid, self.status, self.version = meeting_id, uuid, status, version
        self.form.set_sequence(sequence or 0)
        with self.db.session() as s:
            self.form.set_lookups(read_lookups(s))
        self.autosaver.mark_saved()
        self._update_lifecycle()
        self._update_title()
        self.statusBar().showMessage(
            _("Saved at {time}").format(time=dt.datetime.now().strftime("%H:%M")), 5000)
        self.saved.emit(meeting_id)
        return meeting_id

    def _server_away(self, exc: DomainError) -> bool:
        """The office's server did not answer the save: nothing reached it (the save is one
        transaction). The text stays in the editor and on this computer, and the save is
        tried again until the server answers. False for any other refusal."""
        if self.db.store.file is not None or getattr(exc, "msgid", None) != NO_ANSWER:
            return False
        self.autosaver.autosave_now()  # the server is away: kept in a file here
        self.show_error(errors.error_text(exc, with_field=False) + "\n" + _(
            "Your text stays here and is kept on this computer; it is saved as soon as the "
            "server answers again."))
        self.resave_timer.start()
        return True

    def _save_again(self) -> None:
        """The retry of a save the server did not answer (see _server_away)."""
        if not self.autosaver.dirty or not self.editable:
            return
        self.resave_attempts += 1
        if self.save() is not None:
            self.resave_attempts = 0
            self.statusBar().showMessage(
                _("The office's server answers again: the minutes were saved at {time}.").format(
                    time=dt.datetime.now().strftime("%H:%M")), 15_000)

    def _conflict(self, exc: ConflictError) -> None:
        """Someone else saved these minutes since they were opened: say who and when, and
        let the person reload theirs or keep their own text (the next Save replaces theirs,
        knowingly). Nothing was saved; the autosave still holds what was typed."""
        from ogp_desktop.ui.editors.minutes.conflict import ConflictDialog

        with self.db.session(write=False) as s:
            theirs = state_from_data(minutes_data(load_meeting(s, self.stored_meeting_id())))
        dialog = ConflictDialog(errors.error_text(exc, with_field=False), theirs,
                                self.form.state(), self)
        dialog.exec()
        if dialog.chosen == "reload":
            self._reload()
            return
        with self.db.session(write=False) as s:  # theirs is seen now: the next save is mine
            self.row_version = s.scalar(
                select(Meeting.row_version).where(Meeting.id == self.stored_meeting_id()))
        self.show_error(_("Your text is kept. Save again to replace their version with it."))

    def ensure_saved(self) -> bool:
        """Photos, files, approval and export need the minutes saved: save first."""
        if self.read_only:
            return self.meeting_id is not None
        if self.meeting_id is None or self.autosaver.dirty:
            return self.save() is not None
        return True

    # ---------------------------------------------------------------- lifecycle

    def _update_lifecycle(self) -> None:
        self.form.set_read_only(not self.editable)
        self.lifecycle.show_status(self.status, version=self.version, fingerprint=self.fingerprint,
                                   amends_id=self.amends_id, amended_by=self.amended_by,
                                   levels=self.levels, role=self.db.role)
        self.form.show_signatures(self.status == MinutesStatus.SIGNED)
        self.update_tab_order()
        self._keep_lease()

    def _keep_lease(self) -> None:
        """A stored draft this login may write is leased while it is open here ("being
        edited by NAME" to others); minutes no longer editable give it back."""
        if self.editable and self.meeting_id is not None:
            self.lease.keep(self.meeting_id)
        else:
            self.lease.release()

    def _update_title(self) -> None:
        title = self.form.title_text().strip() or _("New minutes")
        self.setWindowTitle(_("{title}[*] — Minutes").format(title=title))

    def _reload(self) -> None:
        """Read the meeting again after a change of status."""
        with self.db.session() as s:
            record = self._read_meeting(s, self.stored_meeting_id())
        self._apply_record(record)
        self.autosaver.reloaded()
        self._update_lifecycle()
        self.refresh_follow_up()

    def approve(self) -> bool:
        """Draft → approved (saved first); the form turns read-only."""
        if not self.editable or not self.ensure_saved():
            return False

        def change(s):
            signing.approve(s, self.stored_meeting_id())
            autosave.discard(s, self.editor_key)

        return self._change_status(change)

    def reopen(self) -> bool:
        if self.status != MinutesStatus.APPROVED:
            return False
        return self._change_status(lambda s: signing.reopen(s, self.stored_meeting_id()))

    def _change_status(self, change) -> bool:
        """Run `change(session)` as one unit of work, then show the minutes as they now
        are; a domain error is shown instead (False)."""
        try:
            with self.db.session() as s:
                change(s)
        except DomainError as exc:
            self.show_error(errors.error_text(exc, with_field=False))
            return False
        self.after_signing()
        return True

    def make_sign_dialog(self) -> SignDialog:
        return SignDialog(self.db, self.stored_meeting_id(), self)

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
                    new_id = signing.amend(s, self.stored_meeting_id()).id
            except DomainError as exc:
                self.show_error(errors.error_text(exc, with_field=False))
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

    # ---------------------------------------------------------------- photos and files (attachments.py)

    def add_photos(self, paths: list[Path] | None = None,
                   captions: list[str | None] | None = None) -> list[int]:
        return self.attachments_actions.add_photos(paths, captions)

    def make_caption_dialog(self, name: str) -> QInputDialog:
        return self.attachments_actions.make_caption_dialog(name)

    def ask_caption(self, name: str) -> str | None:
        return self.attachments_actions.ask_caption(name)

    def add_files(self, paths: list[Path] | None = None) -> list[int]:
        return self.attachments_actions.add_files(paths)

    def remove_attachment(self, attachment_id: int, *, confirm: bool = True) -> bool:
        return self.attachments_actions.remove_attachment(attachment_id, confirm=confirm)

    def save_attachment_copy(self, attachment_id: int, path: Path | None = None) -> Path | None:
        return self.attachments_actions.save_attachment_copy(attachment_id, path)

    # ---------------------------------------------------------------- PDF (export.py)

    def suggested_filename(self) -> str:
        return self.exporter.suggested_filename()

    def export_pdf(self, path: Path | str) -> Path:
        return self.exporter.export_pdf(path)

    def choose_export(self) -> Path | None:
        return self.exporter.choose_export()

    def make_preview(self):  # PdfPreviewDialog
        return self.exporter.make_preview()

    def preview(self) -> None:
        self.exporter.preview()

    def print_minutes(self, *, printer=None, ask: bool = True) -> bool:
        return self.exporter.print_minutes(printer=printer, ask=ask)

    # ---------------------------------------------------------------- closing

    def _escape(self) -> None:
        """Escape closes what is on top: an open completion list or calendar first (the
        window's shortcut would otherwise take the key from it), then the editor."""
        popup = QApplication.activePopupWidget()
        if popup is None:
            for completer in self.findChildren(QCompleter):
                shown = completer.popup()
                if shown is not None and shown.isVisible():
                    popup = shown
                    break
        if popup is not None:
            popup.hide()
            return
        self.close()

    def ask_unsaved(self) -> QMessageBox.StandardButton:
        return common.ask_unsaved_changes(
            self, _("Save the changes to these minutes before closing?"))

    def closeEvent(self, event: QCloseEvent) -> None:  # Qt override
        if self.autosaver.dirty and self.editable:
            answer = self.ask_unsaved()
            if answer == QMessageBox.StandardButton.Save:
                if self.save() is None:
                    event.ignore()
                    return
            elif answer != QMessageBox.StandardButton.Discard:
                event.ignore()
                return
        self.autosaver.stop()
        self.resave_timer.stop()
        self.form.stop_timers()
        try:
            if self.autosaver.kept or self.autosaver.dirty:
                self.discard_autosave()
        except Exception:  # closing must not fail
            log.exception("discarding the autosave failed")
        self.autosaver.mark_clean()
        self.lease.release()
        _OPEN.pop(self.editor_key, None)
        self.closed.emit()
        event.accept()


__all__ = ["AUTOSAVE_DELAY_MS", "MinutesEditor", "open_editors", "pending_recoveries",
           "state_from_data"]
