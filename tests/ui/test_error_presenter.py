"""The one error presenter (ogp_desktop/ui/errors.py): real failures in Arabic reach the
user through each place that shows errors — the sections' message box, the forms' error
lines, the sign dialog, background tasks, the records check — with the status and record
words translated and no English left; and whatever a user typed stays one isolated,
escaped run inside the message."""

from __future__ import annotations

import datetime as dt
import errno
import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from ogp_desktop.core.errors import (
    BIDI_CONTROLS,
    ENTITY_WORDS,
    FIELD_LABELS,
    FSI,
    PDI,
    VALUE_WORDS,
    LifecycleError,
    Message,
    NotFoundError,
    ValidationError,
    escape_text,
)
from ogp_desktop.core.models import Meeting, MinutesStatus
from ogp_desktop.core.services import meetings, signing
from ogp_desktop.core.services.meetings import MinutesData
from ogp_desktop.ui import common, errors, tasks

LRI = "\u2066"
_ISOLATED = re.compile(f"[{FSI}{LRI}][^{PDI}]*{PDI}")


def english_left(text: str) -> list[str]:
    """Latin words outside the isolated values (a path, a title the user typed)."""
    return re.findall(r"[A-Za-z]{2,}", _ISOLATED.sub("", text))


def assert_arabic(text: str) -> None:
    assert text, "nothing was shown"
    assert re.search(r"[\u0600-\u06ff]", text), text
    assert english_left(text) == [], text
    words = set(re.findall(r"[a-z]+", text))
    assert not words & (VALUE_WORDS | ENTITY_WORDS), text


@pytest.fixture
def boxes(monkeypatch):
    """Message boxes shown (text, title, parent) instead of waiting for a click."""
    shown: list[tuple[str, str, QWidget | None]] = []

    def exec_(box):
        shown.append((box.text(), box.windowTitle(), box.parent()))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


@pytest.fixture
def approved(db):
    with db.session() as s:
        meeting = meetings.save_minutes(s, MinutesData(
            title="محضر اجتماع لجنة التنفيذ", date=dt.date(2021, 6, 14),
            committee="لجنة تنفيذ الالتزام الأول", discussion=["عرض المنهجية"],
            attendees=[meetings.Participant("مي عليمات", "وزارة التخطيط")]))
        signing.approve(s, meeting.id)
        return meeting.id


@pytest.fixture
def draft(db):
    with db.session() as s:
        meeting = meetings.save_minutes(s, MinutesData(
            title="مسودة محضر", date=dt.date(2021, 7, 1), committee="لجنة التنفيذ",
            discussion=["بند"], attendees=[meetings.Participant("مي عليمات", None)]))
        return meeting.id


# --- each place that shows an error, with a real failure, in Arabic --------------------------


def test_a_sections_failed_write_shows_the_status_in_arabic(qtbot, arabic_ui, db, approved, boxes):
    """views/base.Section.write without a form: the presenter's message box, over the view."""
    from ogp_desktop.ui.views.meetings import MeetingsView

    view = MeetingsView(db)
    qtbot.addWidget(view)
    assert view.write(lambda s: meetings.delete_draft(s, approved)) is not None
    [(text, title, parent)] = boxes
    assert parent is view and title == common._("OGP Desktop")
    assert common._("approved") in text and str(approved) in text
    assert_arabic(text)
    with db.session() as s:
        assert s.get(Meeting, approved) is not None


def test_a_forms_error_lines_speak_arabic(qtbot, arabic_ui, db, approved, tmp_path):
    """views/widgets.FormErrors: the form's own line (no field of the form named) and the
    line at a field (an unreadable logo: the system's reason in the catalog's words)."""
    from ogp_desktop.ui.views.settings import SettingsView

    view = SettingsView(db)
    qtbot.addWidget(view)
    view.write(lambda s: signing.sign(s, approved + 1000, []), errors=view.letterhead_errors)
    general = view.letterhead_errors.general.text()
    assert_arabic(general)
    assert common._("meeting") in general

    view.write(lambda s: meetings.delete_draft(s, approved), errors=view.letterhead_errors)
    general = view.letterhead_errors.general.text()
    assert common._("approved") in general
    assert_arabic(general)

    missing = tmp_path / "no such logo.png"
    assert not view.set_logo_file(missing)
    at_logo = view.letterhead_errors.label_for("logo").text()
    assert common._("there is no such file or folder") in at_logo
    assert str(missing) in at_logo
    assert_arabic(at_logo)


def test_the_sign_dialog_shows_the_status_and_file_errors_in_arabic(qtbot, arabic_ui, db, draft,
                                                                      tmp_path):
    from ogp_desktop.ui.editors.sign_dialog import SignDialog

    dialog = SignDialog(db, draft)
    qtbot.addWidget(dialog)
    dialog.rows[0].name.setText("مي عليمات")
    dialog.rows[0].role.setText("منسقة")
    assert not dialog.sign()
    text = dialog.error.label.text()
    assert common._("draft") in text
    assert_arabic(text)

    assert not dialog.rows[0].load_image(tmp_path / "signature.png")  # no such file
    tip = dialog.rows[0].choose.toolTip()
    assert common._("there is no such file or folder") in tip
    assert_arabic(tip)


def _sign_in_worker(db, meeting_id, progress, cancelled):
    with db.session() as s:
        return signing.sign(s, meeting_id, [signing.Signatory("مي عليمات", "منسقة")])


def test_a_failed_background_task_shows_the_status_in_arabic(qtbot, arabic_ui, db, draft, boxes):
    """ui/tasks.show_failure: the core's error from the worker thread, over its parent."""
    parent = QLabel()
    qtbot.addWidget(parent)
    task = tasks.run_with_progress(parent, _sign_in_worker, db, draft, label=common._("Sign"))
    qtbot.waitUntil(lambda: bool(boxes), timeout=30_000)
    [(text, _title, shown_over)] = boxes
    assert shown_over is parent and isinstance(task.error, LifecycleError)
    assert common._("draft") in text
    assert_arabic(text)


def test_a_bug_in_a_task_shows_the_apology_not_its_english(qtbot, arabic_ui, boxes):
    def broken(progress, cancelled):
        raise KeyError("internal detail")

    tasks.run_with_progress(None, broken, label="…")
    qtbot.waitUntil(lambda: bool(boxes), timeout=30_000)
    [(text, _title, _parent)] = boxes
    assert text == common._(errors.SOMETHING_WENT_WRONG)
    assert "internal" not in text
    assert_arabic(text)


def test_the_records_checks_failure_line_speaks_arabic(qtbot, arabic_ui, db):
    from ogp_desktop.ui.views.settings import SettingsView

    view = SettingsView(db)
    qtbot.addWidget(view)
    view._failed(OSError(errno.ENOSPC, "No space left on device", str(db.path)))
    text = view.result.text()
    assert common._("the disk is full") in text and "space" not in text
    assert_arabic(text)


# --- the presenter's text --------------------------------------------------------------------

USER_TEXT = st.text(
    st.one_of(st.characters(), st.sampled_from(sorted(BIDI_CONTROLS) + ["\x00", "\n", "ب", "ش"])),
    max_size=60)


@pytest.fixture(scope="module")
def arabic():
    before = common.current_language()
    common.set_language("ar")
    yield common._
    common.set_language(before)


def _one_isolated_value(text: str, value: str) -> None:
    """`value` appears once, escaped and between FSI and PDI; nothing else of it leaks."""
    inner = escape_text(value)
    assert text.count(FSI + inner + PDI) == 1, (text, value)
    rest = text.replace(FSI + inner + PDI, "", 1)
    assert not any(ch in BIDI_CONTROLS for ch in rest), rest
    assert not any(unicodedata.category(ch) == "Cc" for ch in text), text


def _outside_value(text: str, value: str) -> str:
    """The message without the user's isolated value: the program's own words (a user may
    type 'committee' or 'English' too)."""
    return text.replace(FSI + escape_text(value) + PDI, "", 1)


@settings(max_examples=150, deadline=None)
@given(value=USER_TEXT)
def test_a_users_value_stays_one_escaped_isolated_run(arabic, value):
    error = ValidationError("{value} is not a time of day", field="start", value=value)
    text = errors.error_text(error)
    _one_isolated_value(text, value)
    assert text.startswith(arabic(FIELD_LABELS["start"]))
    assert arabic("{value} is not a time of day").split("{value}")[-1].strip() in text
    at_field = errors.error_text(error, with_field=False)
    assert not at_field.startswith(arabic(FIELD_LABELS["start"]))
    _one_isolated_value(at_field, value)


@settings(max_examples=100, deadline=None)
@given(value=USER_TEXT, meeting=st.integers(1, 10**6))
def test_a_finding_of_verify_is_translated_with_its_values(arabic, value, meeting):
    text = errors.error_text(Message("meeting {id}: attachment {name} was altered",
                                     id=meeting, name=value))
    _one_isolated_value(text, value)
    assert str(meeting) in text
    assert english_left(text) == []


@settings(max_examples=100, deadline=None)
@given(value=USER_TEXT)
def test_a_missing_record_names_its_kind_in_arabic_and_the_users_value_isolated(arabic, value):
    text = errors.error_text(NotFoundError("There is no {what} with id {ref}", what="committee",
                                           ref=value))
    _one_isolated_value(text, value)
    own_words = _outside_value(text, value)
    assert arabic("committee") in own_words and "committee" not in own_words
    assert english_left(text) == []


@settings(max_examples=100, deadline=None)
@given(path=USER_TEXT.filter(bool), code=st.sampled_from([errno.ENOENT, errno.EACCES, errno.ENOSPC]))
def test_a_system_refusal_is_in_the_catalogs_words(arabic, path, code):
    text = errors.error_text(OSError(code, "English words of the system", path))
    _one_isolated_value(text, path)
    assert "English" not in _outside_value(text, path)


@settings(max_examples=50, deadline=None)
@given(detail=st.text(max_size=40))
def test_a_bug_never_shows_its_own_text(arabic, detail):
    assert errors.error_text(RuntimeError(detail)) == arabic(errors.SOMETHING_WENT_WRONG)


@pytest.mark.parametrize("status", list(MinutesStatus))
def test_every_minutes_status_is_translated_in_a_lifecycle_error(arabic, status):
    error = LifecycleError("Minutes {id} are {status}; only drafts can be deleted.", id=3,
                           status=status.value)
    text = errors.error_text(error)
    assert arabic(status.value) in text and status.value not in text
    assert_arabic(text)


def test_text_already_translated_is_shown_as_it_is(arabic):
    text = arabic("The minutes editor is not available in this version of OGP Desktop.")
    assert errors.error_text(text) == text


def test_the_message_box_has_its_parent_title_and_direction(qtbot, arabic_ui, boxes):
    parent = QLabel()
    qtbot.addWidget(parent)
    box = errors.message_box(parent, LifecycleError(
        "Minutes {id} are {status}; only drafts can be deleted.", id=7, status="signed"),
        common._("Delete draft"))
    assert box.parent() is parent and box.windowTitle() == common._("Delete draft")
    assert box.layoutDirection() == common.layout_direction()
    assert box.icon() == QMessageBox.Icon.Warning
    shown = errors.show_error(parent, NotFoundError("There is no {what} with id {ref}",
                                                    what="meeting", ref=9))
    assert boxes == [(shown, common._("OGP Desktop"), parent)]
    assert_arabic(shown)
