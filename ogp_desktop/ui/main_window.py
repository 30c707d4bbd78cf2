"""The main window: a side bar of sections (meetings, action items, plans and commitments,
committees, people and organisations, calendar, settings) over a stack of pages.

Right-to-left comes from the application (app.apply_language): in Arabic the side bar is
on the right and tables read from the right, without any widget setting a direction.

Sections load their records when first shown, so start-up reads only the first page of
meetings; when a section or the minutes editor writes records, the other sections are
marked stale and reload when next shown.

Keyboard: Ctrl+1…7 open the sections in side-bar order, Ctrl+N writes new minutes,
Ctrl+F goes to the meetings filter, F5 reloads the current section."""

from __future__ import annotations

import logging

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

from ogp_desktop.core.db import Database
from ogp_desktop.core.i18n import N_
from ogp_desktop.ui import common, errors, placement
from ogp_desktop.ui.common import _
from ogp_desktop.ui.views.actions import ActionItemsView
from ogp_desktop.ui.views.base import Section
from ogp_desktop.ui.views.calendar import CalendarView
from ogp_desktop.ui.views.committees import CommitteesView
from ogp_desktop.ui.views.meetings import MeetingsView
from ogp_desktop.ui.views.people import PeopleView
from ogp_desktop.ui.views.plans import PlansView
from ogp_desktop.ui.views.settings import SettingsView

log = logging.getLogger("ogp_desktop")

# key, side-bar label (msgid), page
SECTIONS: tuple[tuple[str, str, type[Section]], ...] = (
    ("meetings", N_("Meetings"), MeetingsView),
    ("actions", N_("Action items"), ActionItemsView),
    ("plans", N_("Plans and commitments"), PlansView),
    ("committees", N_("Committees"), CommitteesView),
    ("people", N_("People and organisations"), PeopleView),
    ("calendar", N_("Calendar"), CalendarView),
    ("settings", N_("Settings"), SettingsView),
)
EDITOR_MODULES = ("ogp_desktop.ui.editors", "ogp_desktop.ui.editors.minutes")


class MainWindow(QMainWindow):
    languageChanged = Signal(str)

    def __init__(self, db: Database) -> None:
        super().__init__()
        self.db = db
        self.setWindowTitle(_("OGP Desktop — {file}").format(file=db.path.name))
        self.sections: dict[str, QWidget] = {}
        self._keys: list[str] = []
        self._editors: list[QWidget] = []

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName(_("Sections"))
        self.nav.setSpacing(2)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        font = self.nav.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.nav.setFont(font)
        self.stack = QStackedWidget()

        for number, (key, title, page) in enumerate(SECTIONS, 1):
            view = page(db, self)
            self.sections[key] = view
            self._keys.append(key)
            self.stack.addWidget(view)
            item = QListWidgetItem(_(title))
            item.setToolTip(_("{section} (Ctrl+{n})").format(section=_(title), n=number))
            self.nav.addItem(item)
            view.statusChanged.connect(lambda text, k=key: self._section_status(k, text))
            view.recordsChanged.connect(lambda k=key: self.records_changed(k))
            view.notice.connect(lambda text: self.statusBar().showMessage(text, 10_000))
            QShortcut(QKeySequence(f"Ctrl+{number}"), self,
                      activated=lambda k=key: self.show_section(k, focus=True))
        self.nav.setFixedWidth(self._nav_width())

        meetings: MeetingsView = self.sections["meetings"]
        meetings.newRequested.connect(self.new_meeting)
        meetings.openRequested.connect(lambda mid: self.open_editor(meeting_id=mid))
        meetings.duplicateRequested.connect(lambda mid: self.open_editor(template_from=mid))
        self.sections["actions"].openRequested.connect(lambda mid: self.open_editor(meeting_id=mid))
        self.sections["settings"].languageChanged.connect(self._language_chosen)

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
        QShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents), self,
                  activated=self.show_about)
        QShortcut(QKeySequence("Ctrl+N"), self, activated=self.new_meeting)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.focus_meetings_filter)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, activated=self.reload_current)

        placement.fit_and_remember(self, "main", (1280, 720))
        self.show_section("meetings")

    def about_text(self) -> str:
        from PySide6 import __version__ as pyside_version

        from ogp_desktop import __version__

        return "\n".join([
            _("OGP Desktop {version}").format(version=__version__),
            _("Records of the Open Government Partnership secretariat: plans, commitments, "
              "committees, meetings and minutes, and the calendar of plan phases."),
            "",
            _("Records file: {path}").format(path=common.ltr(self.db.path)),
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
        for key, view in self.sections.items():
            if key != source:
                view.mark_stale()
        current = self.sections[self.current_key()]
        if source != self.current_key():
            current.ensure_fresh()
            self.count_label.setText(current.status_text())

    def reload_current(self) -> None:
        view = self.sections[self.current_key()]
        view.mark_stale()
        view.ensure_fresh()
        self.count_label.setText(view.status_text())

    def focus_meetings_filter(self) -> None:
        self.show_section("meetings")
        self.sections["meetings"].focus_filter()

    # --- the minutes editor -----------------------------------------------------------------

    def new_meeting(self) -> QWidget | None:
        self.show_section("meetings")
        return self.open_editor()

    def open_editor(self, meeting_id: int | None = None,
                    template_from: int | None = None) -> QWidget | None:
        """Open the minutes editor (another window) on a meeting, on a copy of one as a new
        draft (`template_from`), or on new minutes. A meeting already open is brought to
        the front rather than opened twice."""
        if meeting_id is not None:
            for editor in self.open_editors():
                if getattr(editor, "_ogp_meeting_id", None) == meeting_id:
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
        editor._ogp_meeting_id = meeting_id  # noqa: SLF001 - which meeting it shows
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
        editor._ogp_meeting_id = meeting_id  # noqa: SLF001 - new minutes have an id now
        for view in self.sections.values():
            view.mark_stale()
        meetings: MeetingsView = self.sections["meetings"]
        if self.current_key() == "meetings":
            meetings._stale = False  # noqa: SLF001 - reloaded right here, on the saved row
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
                self.sections["settings"].show_language()
                return
        self.languageChanged.emit(language)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        # Editor windows close first, each asking about unsaved changes; one that stays
        # open keeps the program open.
        for editor in self.open_editors():
            if not editor.close():
                event.ignore()
                return
        super().closeEvent(event)
