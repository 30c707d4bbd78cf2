"""Import Word minutes: the files are read on a worker (`read_word_files`: no database), then
the review screen shows, for each file, the document's text as it was read beside the
fields parsed from it. Each field says where it came from (its Origin) and whether it was
guessed (a colour and the word "Guessed"); every field can be corrected, the lists as text,
one item per line. The records the import would create (a plan, committee, people) are
listed with a tick each: untick one and it is not made (core/archive/importer's `accept`).

Nothing is written until the person confirms (Import this file / Import all): each file is
then written in its own unit of work on the GUI thread, through importer.import_parsed.
Cancel writes nothing. Files that could not be read are listed with their one-line reason."""

from __future__ import annotations

import dataclasses
import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QTextOption
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ogp_desktop.core.archive import importer
from ogp_desktop.core.archive import labels as L
from ogp_desktop.core.archive.matching import Match
from ogp_desktop.core.archive.parsing import (
    Attendee,
    Found,
    Origin,
    ParsedMinutes,
    parse_attendee,
)
from ogp_desktop.core.archive.reading import WordText
from ogp_desktop.core.db import Database
from ogp_desktop.core.errors import DomainError, Field, Message
from ogp_desktop.core.models import MeetingMode
from ogp_desktop.core.text.arabic import normalise
from ogp_desktop.ui import common, tasks
from ogp_desktop.ui.common import _, ngettext
from ogp_desktop.ui.editors.widgets import OptionalTimeEdit
from ogp_desktop.ui.errors import error_text
from ogp_desktop.ui.models.labels import choices
from ogp_desktop.ui.views.widgets import ERROR_STYLE, ChoiceBox, DateEdit, NumberSpin, heading, hint

GUESS_COLOUR = "#fff1c2"  # the field's background; the word "Guessed" says it too
GUESS_STYLE = "color: #7a4b00; font-weight: bold;"
DEBOUNCE_MS = 300


# --- the worker: read the files (no database) -----------------------------------------------


@dataclass
class ReadFile:
    """One file as the worker read it: its text and fields, or why it could not be read."""

    path: Path
    doc: WordText | None = None
    parsed: ParsedMinutes | None = None
    error: DomainError | None = None


@dataclass
class ReadResult:
    files: list[ReadFile]
    total: int  # the files there were to read (more than `files` when cancelled)


def read_word_files(paths: Sequence[Path | str], *, progress: Callable[[int, int], None],
                    cancelled: Callable[[], bool]) -> ReadResult:
    """Worker side: each Word file (a folder: the .docx/.doc inside it) read and parsed;
    `cancelled` is asked between files. Touches no database (a SQLite connection stays on
    the GUI thread, which resolves and writes)."""
    files = importer.word_files(paths)
    out: list[ReadFile] = []
    for n, path in enumerate(files, 1):
        if cancelled():
            break
        try:
            doc, parsed = importer.read(path)
            out.append(ReadFile(path, doc, parsed))
        except DomainError as exc:
            out.append(ReadFile(path, error=exc))
        progress(n, len(files))
    return ReadResult(out, len(files))


# --- a corrected field back into the parsed minutes -----------------------------------------

_YEARS = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*[-–/]\s*((?:19|20)\d\d)(?!\d)")


def _ordinal_in(text: str, *, feminine: bool) -> int | None:
    """The first ordinal of the kind a plan ("الخامسة") or a commitment ("الرابع") is named
    with, or a number written in digits."""
    for word in text.split():
        key = normalise(word)
        if (key in L.FEMININE) == feminine or key.isdigit():
            n = L.ordinal(word)
            if n is not None and not _YEARS.search(word):
                return n
    return None


def set_plan(out: ParsedMinutes, text: str, origin: Origin) -> None:
    """The plan as the person wrote it: its number and years read again from what they
    wrote (a plan is matched by its number first)."""
    for name in ("plan", "plan_ordinal", "plan_years"):
        out.fields.pop(name, None)
    if not text:
        return
    out.fields["plan"] = Found(text, origin)
    n = _ordinal_in(text, feminine=True)
    if n is not None:
        out.fields["plan_ordinal"] = Found(n, origin)
    years = _YEARS.search(text)
    if years:
        out.fields["plan_years"] = Found((int(years.group(1)), int(years.group(2))), origin)


def set_commitment(out: ParsedMinutes, text: str, origin: Origin) -> None:
    for name in ("commitment", "commitment_number"):
        out.fields.pop(name, None)
    if not text:
        return
    out.fields["commitment"] = Found(text, origin)
    n = _ordinal_in(text, feminine=False)
    if n is not None:
        out.fields["commitment_number"] = Found(n, origin)


def attendee_line(a: Attendee) -> str:
    """An attendee as one line of the list, in the unit's own way: "honorific name – org"."""
    name = f"{a.honorific} {a.name}" if a.honorific else a.name
    return f"{name} – {a.organisation}" if a.organisation else name


def people_from_lines(text: str, origin: Origin) -> list[Attendee]:
    out = []
    for line in text.splitlines():
        a = parse_attendee(L.strip_bullet(line), origin)
        if a is not None:
            a.guessed = False  # the person wrote (or kept) the line knowingly
            out.append(a)
    return out


# --- one field of the form ------------------------------------------------------------------


PEOPLE = ("attendees", "apologies", "absent")
POINTS = ("discussion", "outputs", "notes")
RESOLVED = ("plan", "commitment", "committee") + PEOPLE  # edits change what is matched


class FieldRow(QObject):
    """One field: its widget, where its value came from, whether it was guessed, and how
    a change of it is written back into the parsed minutes."""

    changed = Signal()

    def __init__(self, name: str, widget: QWidget, parsed: ParsedMinutes) -> None:
        super().__init__(widget)
        self.name, self.widget = name, widget
        self.origins = _origins(parsed, name)
        self.guessed = _guessed(parsed, name)
        self.tag = QLabel()
        self.tag.setObjectName(f"origin_{name}")
        self.tag.setWordWrap(True)
        self.initial = self.value()
        widget.setObjectName(f"field_{name}")
        widget.setProperty("guessed", self.guessed)
        if self.guessed:
            widget.setStyleSheet(f"background: {GUESS_COLOUR};")
        self.show_tag()

    def value(self) -> Any:
        w = self.widget
        if isinstance(w, (DateEdit, OptionalTimeEdit)):  # (QLineEdits too)
            return w.value() if not w.problem() else w.text()
        if isinstance(w, QLineEdit):
            return w.text().strip()
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText().strip()
        if isinstance(w, NumberSpin):  # its lowest value is "none" ("—")
            return None if w.value() == w.minimum() else w.value()
        if isinstance(w, ChoiceBox):
            return w.value()
        raise TypeError(w)

    def is_changed(self) -> bool:
        return bool(self.value() != self.initial)

    def show_tag(self) -> None:
        where = ", ".join(o.describe().render(common.translator()) for o in self.origins[:3])
        if len(self.origins) > 3:
            where += _(", …")
        if self.is_changed():
            text, style = _("Changed by you"), ""
            if where:
                text += " · " + _("read from {where}").format(where=where)
            self.widget.setStyleSheet("")
        elif not self.origins:
            text, style = _("Not in the document"), ""
        elif self.guessed:
            text = _("Guessed: check it · read from {where}").format(where=where)
            style = GUESS_STYLE
            self.widget.setStyleSheet(f"background: {GUESS_COLOUR};")
        else:
            text, style = _("Read from {where}").format(where=where), ""
        self.tag.setText(text)
        self.tag.setStyleSheet(style)
        self.tag.setEnabled(bool(style) or self.is_changed())  # quiet unless it asks a look

    def origin(self) -> Origin:
        return self.origins[0] if self.origins else Origin("text")

    def apply(self, out: ParsedMinutes) -> None:
        """Write the person's value into `out` (a copy of the parsed minutes)."""
        value, origin = self.value(), self.origin()
        if self.name in PEOPLE:
            setattr(out, self.name, people_from_lines(value, origin))
        elif self.name in POINTS:
            setattr(out, self.name, [Found(line.strip(), origin) for line in value.splitlines()
                                     if line.strip()])
        elif self.name == "plan":
            set_plan(out, value, origin)
        elif self.name == "commitment":
            set_commitment(out, value, origin)
        elif value is None or value == "":
            out.fields.pop(self.name, None)
        elif self.name == "mode":
            out.fields["mode"] = Found(MeetingMode(value), origin)
        else:
            out.fields[self.name] = Found(value, origin)


def _origins(parsed: ParsedMinutes, name: str) -> list[Origin]:
    found = parsed.fields.get(name)
    if found is not None:
        return [found.origin]
    items = getattr(parsed, name, None)
    if isinstance(items, list):
        return list(dict.fromkeys(i.origin for i in items))
    return []


def _guessed(parsed: ParsedMinutes, name: str) -> bool:
    found = parsed.fields.get(name)
    if found is not None:
        return found.guessed
    return any(getattr(i, "guessed", False) for i in getattr(parsed, name, None) or [])


# --- one file's page ------------------------------------------------------------------------

def _new_text(match: Match) -> str:
    texts = {
        "plan": _("New plan: {name}"), "commitment": _("New commitment: {name}"),
        "committee": _("New committee: {name}"), "person": _("New person: {name}"),
        "organisation": _("New organisation: {name}"),
    }
    return texts[match.kind].format(name=match.written)


class FilePage(QWidget):
    """One file: the document as read (left in reading order) and its fields (the other
    side), then the records that would be created, each with its tick."""

    def __init__(self, db: Database, item: ReadFile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        assert item.doc is not None and item.parsed is not None
        self.db, self.item = db, item
        self.doc, self.parsed = item.doc, item.parsed
        self.accepted: dict[tuple[str, str], bool] = {}  # (kind, written) → ticked
        self.boxes: dict[tuple[str, str], QCheckBox] = {}
        self.rows: dict[str, FieldRow] = {}

        self.original = QTextBrowser()
        self.original.setObjectName("original")
        self.original.setOpenLinks(False)
        if common.is_rtl():
            option = self.original.document().defaultTextOption()
            option.setTextDirection(Qt.LayoutDirection.RightToLeft)
            option.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.original.document().setDefaultTextOption(option)
        self._anchors = {origin: f"o{i}" for i, (origin, _t) in enumerate(self.parsed.text)}
        self.show_original(None)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(heading(_("The document as read")))
        left_layout.addWidget(self.original, 1)

        form_box = QWidget()
        form = QFormLayout(form_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        p = self.parsed
        date = DateEdit()
        date.set_value(p.value("date"))
        next_meeting = DateEdit()
        next_meeting.set_value(p.value("next_meeting"))
        sequence = NumberSpin(0, 999)
        sequence.setSpecialValueText("—")
        sequence.setValue(p.value("sequence") or 0)
        start, end = OptionalTimeEdit(), OptionalTimeEdit()
        start.set_value(p.value("start"))
        end.set_value(p.value("end"))
        others = NumberSpin(-1, 1_000_000)  # as the minutes editor: 0 is a count too
        others.setSpecialValueText("—")
        found_others = p.value("other_participants")
        others.setValue(-1 if found_others is None else found_others)
        mode = ChoiceBox()
        mode.set_choices(choices(MeetingMode))
        found_mode = p.value("mode")
        mode.set_value((found_mode or MeetingMode.IN_PERSON).value)
        widgets: list[tuple[str, QWidget]] = [
            ("title", _line(p.value("title"))),
            ("date", date),
            ("start", start),
            ("end", end),
            ("location", _line(p.value("location"))),
            ("mode", mode),
            ("plan", _line(p.value("plan"))),
            ("commitment", _line(p.value("commitment"))),
            ("committee", _line(p.value("committee"))),
            ("sequence", sequence),
            ("objective", _text(p.value("objective"), lines=2)),
            ("attendees", _text("\n".join(attendee_line(a) for a in p.attendees))),
            ("apologies", _text("\n".join(attendee_line(a) for a in p.apologies), lines=2)),
            ("absent", _text("\n".join(attendee_line(a) for a in p.absent), lines=2)),
            ("other_participants", others),
            ("discussion", _text("\n".join(f.value for f in p.discussion))),
            ("outputs", _text("\n".join(f.value for f in p.outputs))),
            ("notes", _text("\n".join(f.value for f in p.notes), lines=3)),
            ("next_meeting", next_meeting),
        ]
        for name, widget in widgets:
            row = FieldRow(name, widget, p)
            self.rows[name] = row
            cell = QWidget()
            cell_layout = QVBoxLayout(cell)
            cell_layout.setContentsMargins(0, 0, 0, 4)
            cell_layout.setSpacing(1)
            cell_layout.addWidget(widget)
            cell_layout.addWidget(row.tag)
            label = QLabel(Field(name).label(common.translator()))
            label.setBuddy(widget)
            form.addRow(label, cell)
            _connect_changed(widget, row)
            row.changed.connect(row.show_tag)
            widget.installEventFilter(self)
            if name in RESOLVED:
                row.changed.connect(self._records_later)
        extra = self._also_read()
        if extra:
            self.also_read = hint(extra)
            form.addRow(QLabel(_("Also read")), self.also_read)

        self.records_box = QWidget()
        self.records_layout = QVBoxLayout(self.records_box)
        self.records_layout.setContentsMargins(0, 0, 0, 0)
        self.error_line = QLabel()
        self.error_line.setObjectName("pageError")
        self.error_line.setWordWrap(True)
        self.error_line.setStyleSheet(ERROR_STYLE)
        self.error_line.hide()

        right_inner = QWidget()
        right_layout = QVBoxLayout(right_inner)
        right_layout.addWidget(heading(_("The minutes as they will be imported (a draft)")))
        right_layout.addWidget(self.error_line)
        right_layout.addWidget(form_box)
        right_layout.addWidget(heading(_("Records")))
        right_layout.addWidget(hint(_("Records the document names that are not in the program "
                                      "yet are created when ticked; an unticked one is left "
                                      "out (a person is kept as written in the notes).")))
        right_layout.addWidget(self.records_box)
        right_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(right_inner)
        self.scroll_area = scroll

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([400, 600])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.refresh_records)
        self.refresh_records()

    # --- the original's text ------------------------------------------------------------

    def show_original(self, marked: list[Origin] | None) -> None:
        """The document's text in reading order, each part headed by where it is (title
        line 2, table row 3 (الحضور), footnote 1); the parts `marked` are highlighted."""
        t = common.translator()
        parts = []
        for origin, text in self.parsed.text:
            where = html.escape(origin.describe().render(t))
            body = html.escape(text).replace("\n", "<br>") or "—"
            style = f' style="background:{GUESS_COLOUR}"' if marked and origin in marked else ""
            parts.append(f'<a name="{self._anchors[origin]}"></a><p{style}>'
                         f'<span style="color:#666">{where}</span><br>{body}</p>')
        for photo in self.parsed.photos:
            where = html.escape(photo.origin.describe().render(t))
            what = html.escape(_("Photo {name}").format(name=photo.image.name))
            parts.append(f'<p><span style="color:#666">{where}</span><br>{what}</p>')
        self.original.setHtml("".join(parts))
        if marked:
            anchor = next((self._anchors[o] for o in marked if o in self._anchors), None)
            if anchor:
                self.original.scrollToAnchor(anchor)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # Qt override
        if event.type() == QEvent.Type.FocusIn:
            for row in self.rows.values():
                if row.widget is watched:
                    self.show_original(row.origins)
        return False

    def _also_read(self) -> str:
        p = self.parsed
        t = common.translator()
        bits = []
        if p.photos:
            bits.append(ngettext("{n} photo, kept with the minutes",
                                 "{n} photos, kept with the minutes", len(p.photos))
                        .format(n=len(p.photos)))
        bits.append(_("The original file {name} is kept with the minutes").format(
            name=common.ltr(self.doc.name)))
        bits += [w.render(t) for w in p.warnings]
        return "\n".join(bits)

    # --- the records it would create ------------------------------------------------------

    def _records_later(self) -> None:
        self._debounce.start()

    def edited(self) -> ParsedMinutes:
        """The parsed minutes with the person's corrections (a copy)."""
        p = self.parsed
        out = dataclasses.replace(p, fields=dict(p.fields), attendees=list(p.attendees),
                                  apologies=list(p.apologies), absent=list(p.absent),
                                  discussion=list(p.discussion), outputs=list(p.outputs),
                                  notes=list(p.notes), warnings=list(p.warnings))
        for row in self.rows.values():
            if row.is_changed():
                row.apply(out)
        return out

    def refresh_records(self) -> None:
        """What the document names, matched against the records now (reads only)."""
        self._debounce.stop()
        edited = self.edited()
        resolution = self.db_read(lambda s: importer.resolve(s, edited))
        while self.records_layout.count():
            item = self.records_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.boxes = {}
        matches = resolution.all()
        for match in matches:
            key = (match.kind, match.written)
            if match.new:
                box = QCheckBox(_new_text(match))
                box.setChecked(self.accepted.get(key, True))
                box.toggled.connect(lambda on, k=key: self._ticked(k, on))
                self.boxes[key] = box
                self.records_layout.addWidget(box)
            elif match.how == "similar":
                line = QLabel(_("Guessed: {written} is taken to be the existing {name}").format(
                    written=match.written, name=match.record_name or ""))
                line.setWordWrap(True)
                line.setStyleSheet(GUESS_STYLE)
                self.records_layout.addWidget(line)
        if not any(m.new or m.how == "similar" for m in matches):
            self.records_layout.addWidget(hint(_("Every record it names is already in the "
                                                 "program: nothing new is created.")))
        self._commitment_follows_plan()

    def _ticked(self, key: tuple[str, str], on: bool) -> None:
        self.accepted[key] = on
        self._commitment_follows_plan()

    def _commitment_follows_plan(self) -> None:
        """A new commitment is made only inside its plan: not offered when the new plan is
        left out."""
        plan = next((on.isChecked() for (kind, _w), on in self.boxes.items() if kind == "plan"), True)
        for (kind, _w), box in self.boxes.items():
            if kind == "commitment":
                box.setEnabled(plan)

    def accept(self, match: Match) -> bool:
        return self.accepted.get((match.kind, match.written), True)

    def db_read(self, query: Callable[[Any], Any]) -> Any:
        with self.db.session(write=False) as session:
            return query(session)

    def problem(self) -> str | None:
        """Why the file can not be imported as it stands (asked before writing)."""
        date, later = self.rows["date"].widget, self.rows["next_meeting"].widget
        assert isinstance(date, DateEdit) and isinstance(later, DateEdit)
        if date.problem() or date.value() is None:
            return _("Write the meeting's date (day/month/year) before importing this file.")
        if later.problem():
            return _("The next meeting's date is not a date (day/month/year): correct it or "
                     "leave it empty.")
        for name in ("start", "end"):
            if self.rows[name].widget.problem():  # type: ignore[attr-defined]
                return _("{field} is not a time of day (hours:minutes): correct it or leave "
                         "it empty.").format(field=Field(name).label(common.translator()))
        if not self.rows["title"].value():
            return _("Write the meeting's title before importing this file.")
        return None

    def show_problem(self, text: str | None) -> None:
        self.error_line.setText(text or "")
        self.error_line.setVisible(bool(text))
        if text:
            self.scroll_area.ensureWidgetVisible(self.error_line)

    def guesses(self) -> int:
        return sum(1 for r in self.rows.values() if r.guessed and not r.is_changed())


def _line(value: Any) -> QLineEdit:
    edit = QLineEdit(" ".join(str(value).split()) if value else "")
    edit.setCursorPosition(0)
    return edit


def _text(value: Any, *, lines: int = 5) -> QPlainTextEdit:
    edit = QPlainTextEdit(str(value) if value else "")
    edit.setTabChangesFocus(True)
    edit.setWordWrapMode(QTextOption.WrapMode.WordWrap)
    height = edit.fontMetrics().lineSpacing() * lines + 12
    edit.setMinimumHeight(height)
    edit.setMaximumHeight(height * 2)
    return edit


def _connect_changed(widget: QWidget, row: FieldRow) -> None:
    if isinstance(widget, (QLineEdit, QPlainTextEdit)):  # a DateEdit is a QLineEdit
        widget.textChanged.connect(row.changed)
    elif isinstance(widget, NumberSpin):
        widget.valueChanged.connect(row.changed)
    elif isinstance(widget, ChoiceBox):
        widget.currentIndexChanged.connect(row.changed)


# --- the review screen ------------------------------------------------------------------------


class ImportReview(QDialog):
    """Every file read: those to review (a page each) and those that failed (their reason).
    `imported(meeting_id)` after each draft is written; nothing is written before."""

    imported = Signal(int)

    def __init__(self, db: Database, result: ReadResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setWindowTitle(_("Import Word minutes: review"))
        self.setLayoutDirection(common.layout_direction())
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.files = result.files
        self.pages: dict[int, FilePage] = {}
        self.written: dict[int, int] = {}  # file index → meeting id written
        self.meeting_ids: list[int] = []
        self.import_task: tasks.Task | None = None  # "Import all" while it writes
        self.refused: dict[int, str] = {}  # file index → why its last import was refused

        self.file_list = QListWidget()
        self.file_list.setObjectName("files")
        self.file_list.setWordWrap(True)
        self.file_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.file_list.setMinimumWidth(230)
        self.stack = QStackedWidget()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        read = len(result.files)
        failed = sum(1 for f in result.files if f.error is not None)
        text = ngettext("{n} file read", "{n} files read", read).format(n=read)
        text += " · " + ngettext("{n} failed", "{n} failed", failed).format(n=failed)
        if read < result.total:
            text += " · " + _("reading was stopped: {n} of {total} files were not read").format(
                n=result.total - read, total=result.total)
        text += " · " + _("Nothing is saved until you import.")
        self.summary.setText(text)

        for i in range(len(self.files)):
            item = QListWidgetItem()
            self.file_list.addItem(item)
            self.stack.addWidget(QWidget())  # a page is built when the file is first shown
            self._show_status(i)

        self.import_button = QPushButton(_("Import this file"))
        self.import_button.setObjectName("importOne")
        self.import_all_button = QPushButton(_("Import all"))
        self.import_all_button.setObjectName("importAll")
        self.cancel_button = QPushButton(_("Cancel"))
        self.cancel_button.setObjectName("cancel")
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.import_all_button)
        buttons.addWidget(self.cancel_button)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(heading(_("Files")))
        side_layout.addWidget(self.file_list, 1)
        splitter = self.splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(side)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 5)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([250, 1030])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)

        self.file_list.currentRowChanged.connect(self.show_file)
        self.import_button.clicked.connect(self.import_current)
        self.import_all_button.clicked.connect(self.import_all)
        self.cancel_button.clicked.connect(self.reject)
        self.resize(1280, 800)
        first = next((i for i, f in enumerate(self.files) if f.error is None), 0)
        if self.files:
            self.file_list.setCurrentRow(first)
        self._update_buttons()

    # --- files ------------------------------------------------------------------------------

    def _show_status(self, i: int) -> None:
        f, item = self.files[i], self.file_list.item(i)
        if f.error is not None:
            reason = failure_reason(f)
            item.setText(_("{name}\nFailed: {reason}").format(name=f.path.name, reason=reason))
            item.setToolTip(reason)
            item.setForeground(Qt.GlobalColor.darkRed)
        elif i in self.written:
            item.setText(_("{name}\nImported as a draft").format(name=f.path.name))
            item.setForeground(Qt.GlobalColor.darkGreen)
        elif i in self.refused:
            item.setText(_("{name}\nNot imported: {reason}").format(
                name=f.path.name, reason=self.refused[i]))
            item.setToolTip(self.refused[i])
            item.setForeground(Qt.GlobalColor.darkRed)
        else:
            page = self.pages.get(i)
            guesses = page.guesses() if page is not None else len(_guessed_fields(f))
            status = (ngettext("to review: {n} guess", "to review: {n} guesses", guesses)
                      .format(n=guesses) if guesses else _("ready to import"))
            item.setText(f"{f.path.name}\n{status}")

    def page(self, i: int) -> FilePage | None:
        """The page of file `i` (built on first use); None for a file that failed."""
        f = self.files[i]
        if f.error is not None:
            return None
        if i not in self.pages:
            page = FilePage(self.db, f)
            for row in page.rows.values():
                row.changed.connect(lambda i=i: self._show_status(i))
            self._replace_page(i, page)
            self.pages[i] = page
        return self.pages[i]

    def _replace_page(self, i: int, page: QWidget) -> None:
        old = self.stack.widget(i)
        self.stack.insertWidget(i, page)
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()

    def show_file(self, i: int) -> None:
        if i < 0:
            return
        f = self.files[i]
        if f.error is not None:
            old = self.stack.widget(i)
            if not isinstance(old, QLabel):
                failed = QLabel(_("{name} could not be read, and nothing of it will be "
                                  "imported:\n{reason}").format(
                    name=f.path.name, reason=failure_reason(f)))
                failed.setObjectName("failedReason")
                failed.setWordWrap(True)
                failed.setAlignment(Qt.AlignmentFlag.AlignTop)
                failed.setStyleSheet(ERROR_STYLE)
                self._replace_page(i, failed)
        else:
            self.page(i)
        self.stack.setCurrentIndex(i)
        self._update_buttons()

    def pending(self) -> list[int]:
        return [i for i, f in enumerate(self.files) if f.error is None and i not in self.written]

    def _update_buttons(self) -> None:
        i = self.file_list.currentRow()
        idle = self.import_task is None
        self.import_button.setEnabled(idle and i in self.pending())
        self.import_all_button.setEnabled(idle and bool(self.pending()))
        self.cancel_button.setEnabled(idle)
        self.cancel_button.setText(_("Close") if self.written else _("Cancel"))

    # --- writing ------------------------------------------------------------------------------

    def import_current(self) -> None:
        i = self.file_list.currentRow()
        if i in self.pending() and self._import(i):
            self._after_import()

    def import_all(self) -> None:
        """Every file still to import, written on a worker behind a progress dialog that
        stops between files when cancelled (100 files took ~8 s on the GUI thread). A file
        that can not be imported as it stands stays, with its reason, and is shown."""
        stuck: list[int] = []
        order: list[int] = []
        items: list[importer.Reviewed] = []
        for i in self.pending():
            item = self._reviewed(i)
            if item is None:
                stuck.append(i)
            else:
                order.append(i)
                items.append(item)
        if not items:
            self._all_imported(order, [], stuck)
            return
        n = len(items)
        outcomes: list[importer.Imported | importer.Failed] = []
        self.import_task = tasks.run_with_progress(
            self, importer.import_reviewed, self.db, items, outcomes=outcomes,
            label=ngettext("Importing {n} file as draft minutes…",
                           "Importing {n} files as draft minutes…", n).format(n=n),
            on_success=lambda _done, _cancelled: self._all_imported(order, outcomes, stuck),
            on_failure=lambda error: self._all_failed(error, order, outcomes, stuck))
        self._busy(True)

    def _busy(self, busy: bool) -> None:
        """While Import all writes, nothing of the review takes input: its progress bar
        shows at once (window-modal), and the files, pages and buttons are off besides, so
        no file is sent twice and the window is not closed under the worker."""
        self.splitter.setEnabled(not busy)
        self._update_buttons()
        if busy and self.import_task is not None and self.import_task.dialog is not None:
            self.import_task.dialog.show()

    def reject(self) -> None:  # Qt override: Esc and Cancel; closing the window comes here
        if self.import_task is not None:  # the progress bar's Cancel stops the worker
            return
        super().reject()

    def _reviewed(self, i: int) -> importer.Reviewed | None:
        """File `i` as it stands on its page (or as read, when its page was never opened);
        None, with the reason on its page, when it can not be imported so."""
        f = self.files[i]
        assert f.doc is not None and f.parsed is not None
        page = self.pages.get(i)
        if page is None and f.parsed.value("date") is not None \
                and (f.parsed.value("title") or "").strip():
            return importer.Reviewed(f.doc, f.parsed)  # what its page would send unchanged
        page = self.page(i)
        assert page is not None
        problem = page.problem()
        if problem is not None:
            self._refused(i, problem)
            return None
        page.refresh_records()  # the ticks of what the latest edits name
        ticks = dict(page.accepted)  # a copy: the worker never reads a widget's state
        return importer.Reviewed(page.doc, page.edited(),
                                 lambda m: ticks.get((m.kind, m.written), True))

    def _all_imported(self, order: list[int], outcomes: list, stuck: list[int]) -> None:
        """The outcomes of the files written or refused (fewer than `order` when cancelled:
        the rest stay to import)."""
        self.import_task = None
        self._busy(False)
        for i, outcome in zip(order, outcomes, strict=False):
            if isinstance(outcome, importer.Failed):
                self._refused(i, error_text(outcome.error))
                stuck.append(i)
            else:
                self._written(i, outcome.meeting_id)
        if stuck:
            self.file_list.setCurrentRow(min(stuck))
        self._after_import()

    def _all_failed(self, error: BaseException, order: list[int], outcomes: list,
                    stuck: list[int]) -> None:
        """The batch stopped on what is not a file's fault (a bug: the database's own
        failures are a file's outcome): the files written before it stay written, each
        its own unit of work, and the list says which."""
        tasks.show_failure(self, error)
        self._all_imported(order, outcomes, stuck)

    def _written(self, i: int, meeting_id: int) -> None:
        self.written[i] = meeting_id
        self.refused.pop(i, None)
        self.meeting_ids.append(meeting_id)
        page = self.pages.get(i)
        if page is not None:
            page.show_problem(None)
            page.setEnabled(False)
        self._show_status(i)
        self.imported.emit(meeting_id)

    def _import(self, i: int) -> bool:
        """File `i` as a draft in its own unit of work; False (and the reason on its page)
        when it can not be written: nothing of it is then written."""
        page = self.page(i)
        assert page is not None
        problem = page.problem()
        if problem is None:
            page.refresh_records()  # the ticks of what the latest edits name
            edited = page.edited()
            try:
                with self.db.session() as session:
                    done = importer.import_parsed(session, page.doc, edited, accept=page.accept)
            except DomainError as exc:
                problem = error_text(exc)
            else:
                self._written(i, done.meeting_id)
                return True
        self._refused(i, problem)
        self.file_list.setCurrentRow(i)
        return False

    def _refused(self, i: int, reason: str) -> None:
        """File `i` was not written: why, on its page and in the list of files."""
        page = self.page(i)
        assert page is not None
        page.show_problem(reason)
        self.refused[i] = reason
        self._show_status(i)

    def _after_import(self) -> None:
        for i, page in self.pages.items():  # what was just created is matched now
            if i not in self.written:
                page.refresh_records()
        left = self.pending()
        if not left:
            self.accept()
            return
        current = self.file_list.currentRow()
        if current not in left:
            self.file_list.setCurrentRow(left[0])
        self._update_buttons()


def failure_reason(f: ReadFile) -> str:
    """Why a file could not be read, in one line naming the file by its name (the list
    says which folder it came from; a long path would crowd the line)."""
    error = f.error
    assert error is not None
    if "path" in error.params:
        params = {**error.params, "path": f.path.name}
        return Message(error.msgid, **params).render(common.translator())
    return error_text(error, with_field=False)


def _guessed_fields(f: ReadFile) -> list[str]:
    assert f.parsed is not None
    return [g for g in dict.fromkeys(_shown(n) for n in f.parsed.guessed())
            if g in _SHOWN_FIELDS]


_SHOWN_FIELDS = {"title", "date", "start", "end", "location", "mode", "plan", "commitment",
                 "committee", "sequence", "objective", *PEOPLE, "other_participants", *POINTS,
                 "next_meeting"}


def _shown(name: str) -> str:
    return {"plan_ordinal": "plan", "plan_years": "plan", "commitment_number": "commitment"}.get(
        name, name)
