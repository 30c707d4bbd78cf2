"""The main window: a side bar of sections (home, meetings, action items, plans and
commitments, committees, people and organisations, calendar, settings, search) over a stack
of pages. The home screen opens first: what needs the coordinator today, each line a click
away from its record (ui/views/home.py), and the compliance page (ui/views/compliance.py).

Right-to-left comes from the application (app.apply_language): in Arabic the side bar is
on the right and tables read from the right, without any widget setting a direction.

Sections are built, and load their records, when first shown, so start-up imports and
builds only the home page and reads only what it lists (the calendar, the
plans' forms, the PDF and iCalendar code wait until asked for); when a section or the
minutes editor writes records, the other sections are marked stale and reload when next
shown.

The app's start builds the window before the records are opened (`MainWindow(None)`, then
`attach_database(db)`), so the window paints before SQLAlchemy is even imported: until then
it says it is opening the records, and its sections and shortcuts are switched off.

On the office's server, other users' saves reach the window as they are committed
(ui/live.py, LISTEN/NOTIFY): the sections that show the changed tables are marked stale,
and the one in front reloads at once when it is a list (meetings, action items, the
calendar: the selection stays); a section with a form says so in the status bar and
reloads on F5 or when next shown, so nothing typed in it is lost.

Keyboard: Ctrl+1…9 open the sections in side-bar order, Ctrl+N writes new minutes,
Ctrl+F goes to the search of every record (ui/views/search.py), F5 reloads the current
section."""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable, Iterator, Mapping
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ogp_desktop.core.i18n import N_
from ogp_desktop.ui import common, errors, placement
from ogp_desktop.ui.common import _

if TYPE_CHECKING:
    from ogp_desktop.core.db import Database
    from ogp_desktop.ui.live import LiveUpdates
    from ogp_desktop.ui.views.base import Section
    from ogp_desktop.ui.views.meetings import MeetingsView
    from ogp_desktop.ui.views.settings import SettingsView

log = logging.getLogger("ogp_desktop")

# key, side-bar label (msgid), page: "module:class", imported when the section is first shown
SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("home", N_("Home"), "ogp_desktop.ui.views.home:HomeView"),
    ("meetings", N_("Meetings"), "ogp_desktop.ui.views.meetings:MeetingsView"),
    ("actions", N_("Action items"), "ogp_desktop.ui.views.actions:ActionItemsView"),
    ("plans", N_("Plans and commitments"), "ogp_desktop.ui.views.plans:PlansView"),
    ("committees", N_("Committees"), "ogp_desktop.ui.views.committees:CommitteesView"),
    ("people", N_("People and organisations"), "ogp_desktop.ui.views.people:PeopleView"),
    ("calendar", N_("Calendar"), "ogp_desktop.ui.views.calendar:CalendarView"),
    ("settings", N_("Settings"), "ogp_desktop.ui.views.settings:SettingsView"),
    ("search", N_("Search"), "ogp_desktop.ui.views.search:SearchView"),
)
EDITOR_MODULES = ("ogp_desktop.ui.editors", "ogp_desktop.ui.editors.minutes")

# which tables each section shows (what other users' changes make it reload)
SHOWS: dict[str, frozenset[str]] = {
    "home": frozenset({"meetings", "action_items", "attendance", "attachments", "steps",
                       "phases", "plans", "committees", "committee_members", "settings"}),
    "meetings": frozenset({"meetings", "minute_items", "attendance", "attachments",
                           "signatures", "scanned_copies", "edit_leases", "committees",
                           "plans"}),
    "actions": frozenset({"action_items", "meetings", "committees", "people"}),
    "plans": frozenset({"plans", "commitments", "commitment_partners", "milestones",
                        "organisations"}),
    "committees": frozenset({"committees", "committee_members", "people", "organisations",
                             "plans", "commitments"}),
    "people": frozenset({"people", "organisations", "committee_members"}),
    "calendar": frozenset({"plans", "commitments", "milestones", "phases", "steps",
                           "key_dates", "meetings", "action_items"}),
    "search": frozenset({"meetings", "minute_items", "action_items", "attendance", "plans",
                         "commitments", "milestones", "steps", "committees", "people",
                         "organisations"}),
}
# sections that are lists only: reloaded while in front (the others have forms being typed in)
LIVE_SECTIONS = ("home", "meetings", "actions", "calendar")


def section_class(page: str) -> type[Section]:
    """The class a SECTIONS entry names ("module:class"), importing its module."""
    module, name = page.split(":")
    cls: type[Section] = getattr(importlib.import_module(module), name)
    return cls


class Sections(Mapping[str, "Section"]):
    """The window's sections by key, in side-bar order. A section is built the first time
    it is looked up (shown, or asked for by a test or the self-test); `built()` are those
    that exist, the ones to tell that records changed (the others load when built)."""

    def __init__(self, keys: list[str], build: Callable[[str], Section]) -> None:
        self._keys = keys
        self._build = build
        self._views: dict[str, Section] = {}

    def __getitem__(self, key: str) -> Section:
        view = self._views.get(key)
        if view is None:
            if key not in self._keys:
                raise KeyError(key)
            view = self._views[key] = self._build(key)
        return view

    def __contains__(self, key: object) -> bool:  # without building it
        return key in self._keys

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def built(self) -> list[tuple[str, Section]]:
        return [(key, self._views[key]) for key in self._keys if key in self._views]


class MainWindow(QMainWindow):
    languageChanged = Signal(str)
    databaseChosen = Signal(object)  # another database to show (Settings: the office's server)
    databaseAttached = Signal()  # attach_database: the records are open and shown

    def __init__(self, db: Database | None) -> None:
        """On `db`'s records; with None, in the "opening the records" state, until
        `attach_database`."""
        super().__init__()
        self.db: Database | None = None
        self.setWindowTitle(_("OGP Desktop"))
        self._keys: list[str] = [key for key, _title, _page in SECTIONS]
        self._pages = {key: page for key, _title, page in SECTIONS}
        self.sections = Sections(self._keys, self._build_section)
        self._editors: list[QWidget] = []
        self.live: LiveUpdates | None = None  # other users' saves, on a server's records
        self.opening_label: QLabel | None = None  # the text shown while the records open
        self.compliance_dialog: QWidget | None = None  # the compliance page, once opened

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName(_("Sections"))
        self.nav.setSpacing(2)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        font = self.nav.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.nav.setFont(font)
        self.stack = QStackedWidget()
        self._record_shortcuts: list[QShortcut] = []  # off until the records are open

        for number, (key, title, _page) in enumerate(SECTIONS, 1):
            self.stack.addWidget(QWidget())  # stands in for the section until it is built
            item = QListWidgetItem(_(title))
            item.setToolTip(_("{section} (Ctrl+{n})").format(section=_(title), n=number))
            self.nav.addItem(item)
            self._record_shortcuts.append(
                QShortcut(QKeySequence(f"Ctrl+{number}"), self,
                          lambda k=key: self.show_section(k, focus=True)))
        self.nav.setFixedWidth(self._nav_width())

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        side = QVBoxLayout()
        side.addWidget(self.nav, 1)
        self.about_button = QPushButton(_("About OGP Desktop"))
        self.about_button.clicked.connect(self.show_about)
        side.addWidget(self.about_button)
        layout.addLayout(side)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.count_label)
        self.nav.currentRowChanged.connect(
            lambda row: self.show_section(self._keys[row]) if 0 <= row < len(self._keys) else None)
        QShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents), self, self.show_about)
        self._record_shortcuts += [
            QShortcut(QKeySequence("Ctrl+N"), self, self.new_meeting),
            QShortcut(QKeySequence("Ctrl+F"), self, self.focus_search),
            QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.reload_current),
        ]

        placement.fit_and_remember(self, "main", (1280, 720))
        if db is not None:
            self.attach_database(db)
        else:
            self._show_opening()

    def _show_opening(self) -> None:
        """The window before its records are open: the home page's place says so, the
        sections and the shortcuts that need the records are off."""
        text = _("Opening the records…")
        self.opening_label = QLabel(text)
        self.opening_label.setObjectName("opening")
        self.opening_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        page = self.stack.widget(self._keys.index("home"))
        assert page is not None  # the stand-in page, made in __init__
        QVBoxLayout(page).addWidget(self.opening_label)
        self.stack.setCurrentWidget(page)
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(self._keys.index("home"))
        self.nav.blockSignals(False)
        self.nav.setEnabled(False)
        for shortcut in self._record_shortcuts:
            shortcut.setEnabled(False)
        self.count_label.setText(text)

    def is_open(self) -> bool:
        """Whether the records are open (attach_database was called)."""
        return self.db is not None

    def attach_database(self, db: Database) -> None:
        """Show `db`'s records: the home page, built and filled now; the sections and
        shortcuts on. Once per window."""
        if self.db is not None:
            raise RuntimeError("the window shows its records already")
        self.db = db
        # which records are open: the file's name, or the server's LOGIN@HOST:PORT/DB
        where = db.path.name if db.store.file is not None else db.display
        self.setWindowTitle(_("OGP Desktop — {file}").format(file=where))
        self.nav.setEnabled(True)
        for shortcut in self._record_shortcuts:
            shortcut.setEnabled(True)
        self.show_section("home")  # its page takes the place of the opening text
        self.opening_label = None
        if db.store.file is None:  # a server: other users' saves appear as they are made
            from ogp_desktop.ui.live import LiveUpdates

            self.live = LiveUpdates(db, self)
            self.live.changed.connect(self.others_changed)
            self.live.start()
        self.databaseAttached.emit()

    def stop_live(self) -> None:
        """Stop hearing of other users' saves (the window closes, or the application opens
        other records)."""
        live, self.live = self.live, None
        if live is not None:
            live.stop()

    def _build_section(self, key: str) -> Section:
        """Build a section's page in the place kept for it in the stack, and connect it."""
        if self.db is None:
            raise RuntimeError(f"section {key!r} asked for before the records are open")
        view = section_class(self._pages[key])(self.db, self)
        index = self._keys.index(key)
        placeholder = self.stack.widget(index)
        assert placeholder is not None  # every section has its place from the start
        current = self.stack.currentIndex()
        self.stack.insertWidget(index, view)
        self.stack.removeWidget(placeholder)
        placeholder.deleteLater()
        if current == index:
            self.stack.setCurrentIndex(index)
        view.statusChanged.connect(lambda text, k=key: self._section_status(k, text))
        view.recordsChanged.connect(lambda k=key: self.records_changed(k))
        view.notice.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        if key == "meetings":
            from ogp_desktop.ui.views.meetings import MeetingsView

            assert isinstance(view, MeetingsView)
            view.newRequested.connect(self.new_meeting)
            view.openRequested.connect(lambda mid: self.open_editor(meeting_id=mid))
            view.duplicateRequested.connect(lambda mid: self.open_editor(template_from=mid))
        elif key == "actions":
            from ogp_desktop.ui.views.actions import ActionItemsView

            assert isinstance(view, ActionItemsView)
            view.openRequested.connect(lambda mid: self.open_editor(meeting_id=mid))
        elif key == "settings":
            from ogp_desktop.ui.views.settings import SettingsView

            assert isinstance(view, SettingsView)
            view.languageChanged.connect(self._language_chosen)
            view.databaseChosen.connect(self._database_chosen)
        elif key == "home":
            from ogp_desktop.ui.views.home import HomeView

            assert isinstance(view, HomeView)
            view.openMeeting.connect(lambda mid: self.open_editor(meeting_id=mid))
            view.openStep.connect(self.open_step)
            view.openCompliance.connect(self.open_compliance)
        elif key == "search":
            from ogp_desktop.ui.views.search import SearchView

            assert isinstance(view, SearchView)
            view.openRequested.connect(self.open_hit)
        return view

    def about_text(self) -> str:
        from PySide6 import __version__ as pyside_version

        from ogp_desktop import __version__

        records = ([_("Records file: {path}").format(path=common.ltr(self.db.display))]
                   if self.db is not None else [])  # not known yet while opening
        return "\n".join([
            _("OGP Desktop {version}").format(version=__version__),
            _("Records of the Open Government Partnership secretariat: plans, commitments, "
              "committees, meetings and minutes, and the calendar of plan phases."),
            "",
            *records,
            _("Licence: GPL-3.0-or-later. Fonts: Amiri and DejaVu (SIL Open Font Licence, "
              "Bitstream Vera licence)."),
            f"Qt / PySide6 {pyside_version}",
        ])

    def show_about(self) -> None:
        QMessageBox.about(self, _("About OGP Desktop"), self.about_text())

    def _nav_width(self) -> int:
        metrics = self.nav.fontMetrics()
        widest = max(metrics.horizontalAdvance(self.nav.item(i).text())
                     for i in range(self.nav.count()))
        return max(170, min(300, widest + 40))

    # --- sections -------------------------------------------------------------------------------

    def current_key(self) -> str:
        return self._keys[self.stack.currentIndex()]

    def show_section(self, key: str, *, focus: bool = False) -> QWidget:
        """Bring a section to the front (loading its records if needed)."""
        view = self.sections[key]
        self.stack.setCurrentWidget(view)
        row = self._keys.index(key)
        if self.nav.currentRow() != row:
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(row)
            self.nav.blockSignals(False)
        view.ensure_fresh()
        self.count_label.setText(view.status_text())
        if focus:
            view.focus_first()
        return view

    def _section_status(self, key: str, text: str) -> None:
        if key == self.current_key():
            self.count_label.setText(text)

    def records_changed(self, source: str | None = None) -> None:
        """Records were written (by a section or the editor): others reload when shown."""
        for key, view in self.sections.built():
            if key != source:
                view.mark_stale()
        current = self.sections[self.current_key()]
        if source != self.current_key():
            current.ensure_fresh()
            self.count_label.setText(current.status_text())

    def others_changed(self, tables: frozenset[str]) -> None:
        """Other users changed `tables` (ui/live.py): the sections that show them reload
        when next shown; the one in front now, if it is a list (the selection stays),
        else the status bar says F5 shows the changes (a form keeps what is typed)."""
        touched = {key for key, shows in SHOWS.items() if shows & tables}
        for key, view in self.sections.built():
            if key in touched:
                view.mark_stale()
        current = self.current_key()
        if current not in touched:
            return
        if current in LIVE_SECTIONS:
            view = self.sections[current]
            view.ensure_fresh()
            self.count_label.setText(view.status_text())
        else:
            self.statusBar().showMessage(
                _("Other users changed these records: F5 shows their changes."), 10_000)

    def reload_current(self) -> None:
        view = self.sections[self.current_key()]
        view.mark_stale()
        view.ensure_fresh()
        self.count_label.setText(view.status_text())

    def focus_search(self) -> None:
        """Ctrl+F, from anywhere in the window (and from a minutes editor): the search."""
        from ogp_desktop.ui.views.search import SearchView

        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()
        self.show_section("search")
        view = self.sections["search"]
        assert isinstance(view, SearchView)
        view.focus_box()

    def open_hit(self, hit) -> QWidget | None:
        """A search result opened: minutes at the field of the hit, a step in its editor,
        other records selected in their section. Returns the window or section shown."""
        if hit.meeting_id is not None:
            editor = self.open_editor(meeting_id=hit.meeting_id)
            if editor is not None and hasattr(editor, "show_field"):
                editor.show_field(hit.field)
            return editor
        if hit.kind == "step":
            self.show_section("calendar")
            calendar = self.sections["calendar"]
            return calendar.open_step(hit.id)  # type: ignore[attr-defined]
        section = {"plan": "plans", "commitment": "plans", "milestone": "plans",
                   "committee": "committees", "person": "people",
                   "organisation": "people"}.get(hit.kind)
        if section is None:
            return None
        view = self.show_section(section, focus=True)
        show = getattr(view, "show_record", None)
        if show is not None:
            show(hit.kind, hit.id)
        return view

    def open_step(self, step_id: int) -> QWidget:
        """A plan step in its editor (over the calendar section)."""
        self.show_section("calendar")
        calendar = self.sections["calendar"]
        editor: QWidget = calendar.open_step(step_id)  # type: ignore[attr-defined]
        return editor

    def open_compliance(self, which: tuple[str, int | None] | None = None) -> QWidget | None:
        """The compliance page (a dialog over the window), at the check `which` names."""
        from ogp_desktop.ui.views.compliance import ComplianceDialog

        if self.db is None:
            return None
        dialog = ComplianceDialog(self.db, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.openMeeting.connect(lambda mid: self.open_editor(meeting_id=mid))
        dialog.openStep.connect(self.open_step)
        if which is not None:
            dialog.show_result(*which)
        self.compliance_dialog = dialog
        dialog.show()
        return dialog

    def focus_meetings_filter(self) -> None:
        self.show_section("meetings")
        self._meetings().focus_filter()

    def _meetings(self) -> MeetingsView:
        from ogp_desktop.ui.views.meetings import MeetingsView

        view = self.sections["meetings"]
        assert isinstance(view, MeetingsView)
        return view

    def _settings(self) -> SettingsView:
        from ogp_desktop.ui.views.settings import SettingsView

        view = self.sections["settings"]
        assert isinstance(view, SettingsView)
        return view

    # --- the minutes editor -----------------------------------------------------------------

    def new_meeting(self) -> QWidget | None:
        """New minutes (Ctrl+N); a login that may not write is told why instead."""
        from ogp_desktop.core.server.permissions import may

        self.show_section("meetings")
        if self.db is not None and not may(self.db.role, "write"):
            self.statusBar().showMessage(_("Your login ({role}) may read these records, not "
                                           "change them; an editor of the office's server "
                                           "can.").format(role=self.db.role), 10_000)
            return None
        return self.open_editor()

    def open_editor(self, meeting_id: int | None = None,
                    template_from: int | None = None) -> QWidget | None:
        """Open the minutes editor (another window) on a meeting, on a copy of one as a new
        draft (`template_from`), or on new minutes. A meeting already open is brought to
        the front rather than opened twice. Nothing while the records are not open yet."""
        if self.db is None:
            return None
        if meeting_id is not None:
            for editor in self.open_editors():
                if editor.property("ogp_meeting_id") == meeting_id:
                    editor.showNormal()
                    editor.raise_()
                    editor.activateWindow()
                    return editor
        try:
            from ogp_desktop.ui.editors.minutes import MinutesEditor
        except ModuleNotFoundError as exc:
            if exc.name not in EDITOR_MODULES:
                raise
            log.warning("minutes editor not available: %s", exc)
            errors.show_error(self, _("The minutes editor is not available in this version "
                                      "of OGP Desktop."))
            return None
        editor = MinutesEditor(self.db, meeting_id=meeting_id, template_from=template_from,
                               parent=self)
        editor.setProperty("ogp_meeting_id", meeting_id)
        editor.saved.connect(lambda mid, ed=editor: self._editor_saved(ed, mid))
        editor.destroyed.connect(lambda *_a, ed=editor: self._forget_editor(ed))
        self._editors.append(editor)
        editor.show()
        return editor

    def open_editors(self) -> list[QWidget]:
        from shiboken6 import isValid

        self._editors = [e for e in self._editors if isValid(e)]
        return [e for e in self._editors if e.isVisible()]

    def _forget_editor(self, editor: QWidget) -> None:
        self._editors = [e for e in self._editors if e is not editor]

    def _editor_saved(self, editor: QWidget, meeting_id: int) -> None:
        editor.setProperty("ogp_meeting_id", meeting_id)
        for _key, view in self.sections.built():
            view.mark_stale()
        meetings = self._meetings()
        if self.current_key() == "meetings":
            meetings._stale = False
            meetings.refresh()
            meetings.reload(select_id=meeting_id)
            self.count_label.setText(meetings.status_text())
        else:
            self.sections[self.current_key()].ensure_fresh()

    def _language_chosen(self, language: str) -> None:
        # The application rebuilds this window (and so its editor windows) in the new
        # language: editors close first, each asking about unsaved changes.
        for editor in self.open_editors():
            if not editor.close():
                self._settings().show_language()
                return
        self.languageChanged.emit(language)

    def _database_chosen(self, db: Database) -> None:
        """The application shows `db` in a new window: editors close first, each asking
        about unsaved changes; one that stays open keeps these records (`db` is closed)."""
        for editor in self.open_editors():
            if not editor.close():
                db.close()
                self.statusBar().showMessage(
                    _("The records stay open: close the minutes being edited first."), 10_000)
                return
        self.databaseChosen.emit(db)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Editor windows close first, each asking about unsaved changes; one that stays
        # open keeps the program open.
        for editor in self.open_editors():
            if not editor.close():
                event.ignore()
                return
        self.stop_live()
        super().closeEvent(event)
