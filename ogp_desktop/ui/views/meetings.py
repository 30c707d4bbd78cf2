"""Meetings: the table of minutes with filters (plan, committee, status, dates, words in
the title), and new / open / duplicate as template / delete draft / export PDF / import
Word minutes (files, a folder, or dropped on the table; reviewed before anything is saved:
ui/views/import_review.py).

The minutes editor is another window (ogp_desktop.ui.editors); this section asks the main
window to open it through signals, so it works on its own in tests."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import func, select

from ogp_desktop.core.db import Database
from ogp_desktop.core.keys.tokens import SignerKey
from ogp_desktop.core.models import Meeting, MinutesStatus
from ogp_desktop.core.server.permissions import may
from ogp_desktop.core.services import meetings as meetings_svc
from ogp_desktop.export import formats
from ogp_desktop.export.signing import SigningOptions
from ogp_desktop.ui import common, file_dialogs, tasks
from ogp_desktop.ui.common import _, ngettext, short_date
from ogp_desktop.ui.editors.widgets import first_problem
from ogp_desktop.ui.models.labels import choices
from ogp_desktop.ui.models.meetings import MeetingFilters, MeetingsModel
from ogp_desktop.ui.views import keys
from ogp_desktop.ui.views.base import FAILED, Section
from ogp_desktop.ui.views.import_review import ImportReview, ReadResult, read_word_files
from ogp_desktop.ui.views.widgets import (
    ChoiceBox,
    DateEdit,
    button_row,
    fill_plan_and_committee_filters,
    select_row,
    selected_rows,
    setup_table,
    shortcut,
)

DEBOUNCE_MS = 300


def export_meetings(db: Database, ids: list[int] | None, filters: MeetingFilters, folder: Path,
                    *, progress, cancelled, seal: SignerKey | None = None,
                    seal_options: SigningOptions | None = None) -> tuple[list[Path], int]:
    """Worker side of a batch export: its own unit of work, in the worker's thread.
    `ids` None means every meeting the filters select; the signed ones are sealed with
    `seal` when one is given. Returns (files written, total)."""
    with db.session(write=False) as session:
        if ids is None:
            ids = [r.id for r in meetings_svc.list_meetings(session, **filters.as_kwargs())]
        written = formats.write_each(formats.get("minutes", "pdf"), session, ids, folder,
                                     progress=progress, cancelled=cancelled, seal=seal,
                                     seal_options=seal_options)
    return written, len(ids)


def signed_count(session, ids: list[int] | None, filters: MeetingFilters) -> int:
    """How many of the meetings a batch export writes (`ids`, or those the filters
    select) are signed: the ones it seals."""
    if ids is None:
        return sum(1 for r in meetings_svc.list_meetings(session, **filters.as_kwargs())
                   if r.status == MinutesStatus.SIGNED.value)
    return int(session.scalar(select(func.count()).select_from(Meeting).where(
        Meeting.id.in_(ids), Meeting.status == MinutesStatus.SIGNED)) or 0)


class MeetingsView(Section):
    key = "meetings"
    newRequested = Signal()
    openRequested = Signal(int)        # meeting id
    duplicateRequested = Signal(int)   # meeting id used as the template
    exportFinished = Signal(str)       # the message shown to the user

    def __init__(self, db: Database, parent: QWidget | None = None) -> None:
        super().__init__(db, parent)
        self.export_task: tasks.Task | None = None

        # actions
        self.new_button = QPushButton(_("New meeting"))
        self.new_button.setToolTip(_("Write the minutes of a new meeting (Ctrl+N)"))
        self.open_button = QPushButton(_("Open minutes"))
        self.open_button.setToolTip(_("Open the selected minutes (Enter or double-click)"))
        self.duplicate_button = QPushButton(_("Duplicate as template"))
        self.duplicate_button.setToolTip(
            _("Start new minutes filled in from the selected meeting, as a new draft"))
        self.delete_button = QPushButton(_("Delete draft"))
        self.delete_button.setToolTip(_("Only drafts can be deleted; approved and signed "
                                        "minutes are kept"))
        self.export_button = QPushButton(_("Export PDF"))
        menu = QMenu(self.export_button)
        self.export_selected_action = menu.addAction(_("Export the selected meetings…"))
        self.export_all_action = menu.addAction(_("Export all meetings shown…"))
        self.export_button.setMenu(menu)
        self.import_button = QPushButton(_("Import Word minutes…"))
        self.import_button.setToolTip(_("Read the unit's minutes from Word files (.docx) and "
                                        "review them before they are saved as drafts; you can "
                                        "also drop the files or a folder on the list"))
        import_menu = QMenu(self.import_button)
        self.import_files_action = import_menu.addAction(_("Word files…"))
        self.import_folder_action = import_menu.addAction(_("A whole folder…"))
        self.import_button.setMenu(import_menu)
        self.import_task: tasks.Task | None = None
        self.review: ImportReview | None = None
        self._imported_last: int | None = None

        actions = button_row(self.new_button, self.import_button, self.open_button,
                             self.duplicate_button, self.delete_button, self.export_button)

        # filters
        self.words = QLineEdit()
        self.words.setPlaceholderText(_("Words in the title"))
        self.words.setClearButtonEnabled(True)
        self.status_filter = ChoiceBox()
        self.plan_filter = ChoiceBox()
        self.committee_filter = ChoiceBox()
        self.since = DateEdit()
        self.until = DateEdit()
        self.clear_button = QPushButton(_("Clear filters"))

        filters = QGridLayout()
        filters.addWidget(QLabel(_("Search")), 0, 0)
        filters.addWidget(self.words, 0, 1)
        filters.addWidget(QLabel(_("Status")), 0, 2)
        filters.addWidget(self.status_filter, 0, 3)
        filters.addWidget(QLabel(_("From")), 0, 4)
        filters.addWidget(self.since, 0, 5)
        filters.addWidget(QLabel(_("To")), 0, 6)
        filters.addWidget(self.until, 0, 7)
        filters.addWidget(self.clear_button, 0, 8)
        filters.addWidget(QLabel(_("Plan")), 1, 0)
        filters.addWidget(self.plan_filter, 1, 1, 1, 3)
        filters.addWidget(QLabel(_("Committee")), 1, 4)
        filters.addWidget(self.committee_filter, 1, 5, 1, 4)
        filters.setColumnStretch(1, 3)
        filters.setColumnStretch(5, 1)

        # table
        self.model = MeetingsModel(db, self, load=False)
        self.table = QTableView()
        self.table.setModel(self.model)
        setup_table(self.table, stretch=1, fit=(0, 4, 5), widths={2: 300, 3: 300}, multi=True)

        layout = QVBoxLayout(self)
        layout.addLayout(actions)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.apply_filters)

        self.words.textChanged.connect(self._debounce.start)
        self.since.dateChanged.connect(self._debounce.start)
        self.until.dateChanged.connect(self._debounce.start)
        for box in (self.status_filter, self.plan_filter, self.committee_filter):
            box.currentIndexChanged.connect(self.apply_filters)
        self.clear_button.clicked.connect(self.clear_filters)

        self.new_button.clicked.connect(self.newRequested)
        self.open_button.clicked.connect(self.open_selected)
        self.duplicate_button.clicked.connect(self.duplicate_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.export_selected_action.triggered.connect(self.export_selected)
        self.export_all_action.triggered.connect(self.export_all)
        self.import_files_action.triggered.connect(self.choose_word_files)
        self.import_folder_action.triggered.connect(self.choose_word_folder)
        self.table.viewport().setAcceptDrops(self.may_write)
        self.table.viewport().installEventFilter(self)
        self.offer_writing([self.import_button], [])
        self.table.activated.connect(lambda index: self.open_row(index.row()))
        self.table.selectionModel().selectionChanged.connect(self.update_actions)
        self.model.modelReset.connect(self.update_actions)
        self.model.modelReset.connect(self.emit_status)
        self.model.rowsInserted.connect(self.emit_status)
        shortcut(self.table, QKeySequence(QKeySequence.StandardKey.Delete), self.delete_selected)
        self._fill_status_choices()
        self.update_actions()

    # --- loading ----------------------------------------------------------------------

    def _fill_status_choices(self) -> None:
        self.status_filter.set_choices(choices(MinutesStatus), none=_("Any status"))

    def refresh(self) -> None:
        fill_plan_and_committee_filters(self.read, self.plan_filter, self.committee_filter)
        self.reload(keep=True)

    def reload(self, *, keep: bool = True, select_id: int | None = None) -> None:
        """Reload the table (first page), keeping the selected meeting selected."""
        if keep and select_id is None:
            current = self.selected_meetings()
            select_id = current[0].id if len(current) == 1 else None
        self.model.set_filters(self.current_filters())
        if select_id is not None:
            row = self.model.find(lambda r: r.id == select_id)
            if row >= 0:
                select_row(self.table, row)

    def current_filters(self) -> MeetingFilters:
        status = self.status_filter.value()
        return MeetingFilters(
            plan_id=self.plan_filter.value(),
            committee_id=self.committee_filter.value(),
            status=MinutesStatus(status) if status else None,
            since=self.since.value(),
            until=self.until.value(),
            words=self.words.text().strip() or None,
        )

    def apply_filters(self) -> None:
        self._debounce.stop()
        if first_problem([self.since, self.until]):
            return  # a date half typed or not a date (shown at its field): the list stays
        if self.current_filters() != self.model.filters:
            self.reload(keep=True)

    def clear_filters(self) -> None:
        for widget in (self.words, self.status_filter, self.plan_filter, self.committee_filter,
                       self.since, self.until):
            widget.blockSignals(True)
        self.words.clear()
        for box in (self.status_filter, self.plan_filter, self.committee_filter):
            box.setCurrentIndex(0)
        self.since.set_value(None)
        self.until.set_value(None)
        for widget in (self.words, self.status_filter, self.plan_filter, self.committee_filter,
                       self.since, self.until):
            widget.blockSignals(False)
        self.apply_filters()

    def status_text(self) -> str:
        n = self.model.rowCount()
        if self.model.has_more():
            return _("Meetings shown: {n} (more load as you scroll)").format(n=n)
        return _("Meetings shown: {n}").format(n=n)

    def focus_first(self) -> None:
        self.table.setFocus()

    def focus_filter(self) -> None:
        self.words.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.words.selectAll()

    # --- selection and actions -------------------------------------------------------------

    def selected_meetings(self) -> list[meetings_svc.MeetingRow]:
        return [self.model.row(i) for i in selected_rows(self.table)]

    def _single(self) -> meetings_svc.MeetingRow | None:
        rows = self.selected_meetings()
        return rows[0] if len(rows) == 1 else None

    def update_actions(self) -> None:
        single = self._single()
        writes = may(self.db.role, "write")  # a viewer on the office's server reads only
        self.new_button.setEnabled(writes)
        self.open_button.setEnabled(single is not None)
        self.duplicate_button.setEnabled(single is not None and writes)
        self.delete_button.setEnabled(single is not None and writes
                                      and single.status == MinutesStatus.DRAFT.value)
        self.export_selected_action.setEnabled(bool(self.selected_meetings()))
        self.export_all_action.setEnabled(self.model.rowCount() > 0)

    def open_row(self, row: int) -> None:
        meeting = self.model.row(row)
        if meeting is not None:
            self.openRequested.emit(meeting.id)

    def open_selected(self) -> None:
        single = self._single()
        if single is not None:
            self.openRequested.emit(single.id)

    def duplicate_selected(self) -> None:
        single = self._single()
        if single is not None:
            self.duplicateRequested.emit(single.id)

    def delete_selected(self) -> None:
        single = self._single()
        if single is None or single.status != MinutesStatus.DRAFT.value \
                or not may(self.db.role, "write"):  # the Delete key too
            return
        answer = QMessageBox.question(
            self, _("Delete draft"),
            _("Delete the draft minutes “{title}” of {date}? This can not be undone.").format(
                title=single.title, date=short_date(single.date)),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        row = selected_rows(self.table)[0]
        if self.write(lambda s: meetings_svc.delete_draft(s, single.id)) is FAILED:
            return
        self.reload(keep=False)
        select_row(self.table, min(row, self.model.rowCount() - 1))

    # --- export ----------------------------------------------------------------------------

    def choose_export_folder(self) -> Path | None:
        return file_dialogs.choose_folder(self, "export-pdf-folder",
                                          _("Export PDF files into folder"))

    def export_selected(self) -> None:
        ids = [m.id for m in self.selected_meetings()]
        if ids:
            folder = self.choose_export_folder()
            if folder is not None:
                self.export_pdfs(ids, folder)

    def export_all(self) -> None:
        if self.model.rowCount():
            folder = self.choose_export_folder()
            if folder is not None:
                self.export_pdfs(None, folder)

    def export_pdfs(self, ids: list[int] | None, folder: Path) -> tasks.Task | None:
        """Export one PDF per meeting (`ids`, or every meeting the filters select) into
        `folder` on a worker thread, behind a progress dialog that can cancel. When this
        computer has a seal key and some of them are signed, its password is asked once
        first and each signed one is sealed; Cancel there exports nothing (None)."""
        filters = self.model.filters
        signed = self.read(lambda s: signed_count(s, ids, filters)) if keys.seal_setting() else 0
        answer = keys.ask_seal(self.db, self, signed, batch=True)
        if not answer.go:
            message = _("Export cancelled: nothing was written.")
            self.exportFinished.emit(message)
            self.notice.emit(message)
            return None
        options = keys.seal_options(self.db) if answer.key is not None else None

        def done(result: tuple[list[Path], int], cancelled: bool) -> None:
            written, total = result
            if cancelled and len(written) < total:
                # "{n} of {total}" needs no plural form ("حُفظ {n} من {total} من ملفات PDF")
                text = _("Export cancelled: {n} of {total} PDF files were written to {folder}.")
            else:
                text = ngettext("{n} PDF file was written to {folder}.",
                                "{n} PDF files were written to {folder}.", len(written))
            message = text.format(n=len(written), total=total, folder=common.ltr(folder))
            if options is not None:
                message += " " + _("The PDFs of signed minutes are sealed with the unit's seal.")
                if options.unanswered:
                    message += " " + _("The timestamp server {url} did not answer: the seals "
                                       "carry no timestamp.").format(
                        url=common.ltr(options.timestamp_url))
            self.exportFinished.emit(message)
            self.notice.emit(message)
            box = QMessageBox(QMessageBox.Icon.Information, _("Export PDF"), message,
                              QMessageBox.StandardButton.Ok, self)
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            self.last_message_box = box

        self.export_task = tasks.run_with_progress(
            self, export_meetings, self.db, ids, filters, folder,
            label=_("Exporting PDF files…"), on_success=done, seal=answer.key,
            seal_options=options,
        )
        self.export_task.finished.connect(answer.close)  # a card is logged out after
        return self.export_task

    # --- import of Word minutes ---------------------------------------------------------------

    def choose_word_files(self) -> None:
        paths = file_dialogs.open_files(self, "import-docx", _("Import Word minutes"),
                                        _("Word files (*.docx *.doc)"))
        if paths:
            self.import_word(paths)

    def choose_word_folder(self) -> None:
        folder = file_dialogs.choose_folder(self, "import-docx",
                                            _("Import every Word file of a folder"))
        if folder is not None:
            self.import_word([folder])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        """Word files or a folder dropped on the list of minutes are imported (reviewed
        first), for a login that may write."""
        if watched is self.table.viewport() and self.may_write:
            if event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
                assert isinstance(event, QDragEnterEvent)
                if _dropped_paths(event):
                    event.acceptProposedAction()
                    return True
            elif event.type() == QEvent.Type.Drop:
                assert isinstance(event, QDropEvent)
                paths = _dropped_paths(event)
                if paths:
                    event.acceptProposedAction()
                    QTimer.singleShot(0, lambda: self.import_word(paths))
                    return True
        return super().eventFilter(watched, event)

    def import_word(self, paths: list[Path]) -> tasks.Task | None:
        """Read `paths` on a worker behind a progress bar that can cancel, then open the
        review; nothing is written before the person confirms there."""
        if not self.may_write:
            return None

        def read(result: ReadResult, cancelled: bool) -> None:
            if not result.files:
                text = (_("Import cancelled: nothing was read or saved.") if cancelled
                        else _("No Word files (.docx) were found in {path}.").format(
                            path=common.ltr(paths[0])))
                self.notice.emit(text)
                if not cancelled:
                    box = QMessageBox(QMessageBox.Icon.Information, _("Import Word minutes"),
                                      text, QMessageBox.StandardButton.Ok, self)
                    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
                    box.open()
                    self.last_message_box = box
                return
            self.open_review(result)

        self.import_task = tasks.run_with_progress(
            self, read_word_files, paths, label=_("Reading the Word files…"), on_success=read)
        return self.import_task

    def open_review(self, result: ReadResult) -> ImportReview:
        review = ImportReview(self.db, result, self)
        review.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        review.imported.connect(self._imported)
        review.finished.connect(lambda _code: self._review_closed(review))
        self.review = review
        review.open()
        return review

    def _imported(self, meeting_id: int) -> None:
        """A draft was written: the list shows it once the review's writing is over (one
        reload for a whole "Import all")."""
        self._imported_last = meeting_id
        QTimer.singleShot(0, self._show_imported)

    def _show_imported(self) -> None:
        meeting_id, self._imported_last = self._imported_last, None
        if meeting_id is None:
            return
        self.recordsChanged.emit()  # the other sections: new plans, committees, people
        self.refresh()  # the filters may name a new plan or committee
        self.reload(keep=False, select_id=meeting_id)

    def _review_closed(self, review: ImportReview) -> None:
        n = len(review.meeting_ids)
        text = (ngettext("{n} Word file was imported as draft minutes.",
                         "{n} Word files were imported as draft minutes.", n).format(n=n)
                if n else _("Import cancelled: nothing was saved."))
        self.notice.emit(text)
        if self.review is review:
            self.review = None


def _dropped_paths(event: QDropEvent | QDragEnterEvent) -> list[Path]:
    """The Word files and folders among what is dragged (local files only)."""
    mime = event.mimeData()
    if mime is None or not mime.hasUrls():
        return []
    out = []
    for url in mime.urls():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if path.is_dir() or path.suffix.lower() in (".docx", ".doc"):
                out.append(path)
    return out
