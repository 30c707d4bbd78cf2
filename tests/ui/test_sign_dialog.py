"""Approve → sign through the dialog → read-only editor; the core refuses any change of the
signed minutes; amend opens version 2 in a new editor; screenshots of the sign dialog."""

from __future__ import annotations

import datetime as dt

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from sqlalchemy import select
from typing_helpers import type_text

from ogp_desktop.core.errors import ImmutableRecordError, LifecycleError
from ogp_desktop.core.models import Meeting, MinutesStatus, Signature, SignatureMeaning
from ogp_desktop.core.services import meetings, settings, signing
from ogp_desktop.core.services.meetings import MinutesData
from ogp_desktop.ui.common import _

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def answers(monkeypatch):
    queue: list = []

    def exec_(box):
        if not queue:
            raise AssertionError(f"unexpected message box: {box.text()!r}")
        return queue.pop(0)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return queue


@pytest.fixture
def open_editor(qtbot, answers, arabic_ui):
    from ogp_desktop.ui.editors import MinutesEditor

    made = []

    def make(db, meeting_id=None, **kwargs):
        editor = MinutesEditor(db, meeting_id, **kwargs)
        made.append(editor)
        editor.show()
        qtbot.waitExposed(editor)
        return editor

    yield made, make
    from ogp_desktop.ui.editors.minutes import open_editors

    for editor in made + open_editors():
        if shiboken6.isValid(editor):
            editor.autosaver.mark_clean()  # no prompt while the test ends
            editor.close()


@pytest.fixture
def draft(db):
    with db.session() as s:
        meeting = meetings.save_minutes(s, MinutesData(
            title="محضر اجتماع لجنة تنفيذ الالتزام الأول", date=dt.date(2021, 6, 14),
            committee="لجنة تنفيذ الالتزام الأول", discussion=["عرض منهجية الاستراتيجية"],
            attendees=[meetings.Participant("مي عليمات", "وزارة التخطيط والتعاون الدولي")]))
        return meeting.id


def test_approve_sign_with_two_signatories_then_read_only(
        qtbot, db, draft, open_editor, dbtools, tmp_path, monkeypatch):
    from ogp_desktop.ui.editors.sign_dialog import SignDialog

    made, make = open_editor
    editor = make(db, draft)
    assert editor.editable and not editor.sign_action.isVisible()

    # approve: locked with a banner, Reopen offered; reopen and approve again
    assert editor.approve()
    assert editor.status == MinutesStatus.APPROVED
    assert editor.title_edit.isReadOnly() and editor.reopen_button.isVisible()
    assert editor.banner.property("banner") == "approved"
    assert editor.reopen() and editor.editable and not editor.title_edit.isReadOnly()
    assert editor.approve()

    signature_png = tmp_path / "signature.png"
    signature_png.write_bytes(dbtools.png(30, 10))
    seen = {}

    def fill_and_sign(dialog: SignDialog) -> int:
        seen["dialog"] = dialog
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        first = dialog.rows[0]
        type_text(qtbot, first.name, "مي عليمات")
        type_text(qtbot, first.role, "منسقة وحدة الحكومة الشفافة")
        first.meaning.setCurrentIndex(first.meaning.findData("prepared"))
        assert first.load_image(signature_png)
        assert not first.preview.pixmap().isNull()
        qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
        second = dialog.rows[1]
        assert second.name.hasFocus()
        type_text(qtbot, second.name, "عامر الحديدي")
        # a role left empty: the dialog shows it at the field, nothing is signed
        qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
        assert dialog.isVisible() and second.role.property("invalid") == "true"
        assert second.role.hasFocus()
        assert dialog.error.label.text() == _("Signatory {n}, {field}: {message}").format(
            n=2, field=_("Role"), message=_("is required"))
        with db.session() as s:
            assert s.scalar(select(Meeting.status).where(Meeting.id == draft)) == \
                MinutesStatus.APPROVED
        type_text(qtbot, second.role, "أمين عام وزارة التخطيط")
        qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(SignDialog, "exec", fill_and_sign)
    assert editor.sign_action.isVisible()
    editor.sign_action.trigger()
    assert editor.status == MinutesStatus.SIGNED
    assert seen["dialog"].fingerprint == editor.fingerprint

    with db.session() as s:
        meeting = meetings.load_meeting(s, draft)
        assert [(x.signer_name, x.role, x.meaning, x.image is not None)
                for x in meeting.signatures] == [
            ("مي عليمات", "منسقة وحدة الحكومة الشفافة", SignatureMeaning.PREPARED, True),
            ("عامر الحديدي", "أمين عام وزارة التخطيط", SignatureMeaning.APPROVED, False)]
        assert meeting.signatures[0].image == signature_png.read_bytes()
        assert signing.verify_meeting(s, meeting).ok

    # the whole editor is read-only, with the signed banner and the signatures
    assert editor.read_only
    assert editor.banner.property("banner") == "signed"
    assert editor.banner.label.text().startswith(
        _("Signed version {version} — fingerprint {fingerprint}").split("{fingerprint}")[0]
        .format(version=1))
    assert editor.fingerprint[:4] in editor.banner.label.text()
    for w in (editor.title_edit, editor.location_edit, editor.objective_edit,
              editor.discussion.rows()[0].edit):
        assert w.isReadOnly()
    assert not editor.committee_combo.isEnabled()
    assert not editor.add_discussion_button.isVisible()
    assert not editor.save_action.isEnabled()
    assert editor.signatures_box.isVisible()
    assert "عامر الحديدي" in "".join(label.text() for label in editor.signatures_panel.labels
                                     if hasattr(label, "text"))
    assert editor.fingerprint in editor.signatures_panel.fingerprint.text()

    # typing does nothing; Ctrl+Enter adds nothing; no autosave
    type_text(qtbot, editor.title_edit, "x")
    editor.discussion.rows()[0].edit.setFocus()
    assert not editor.add_item_at_focus()
    assert not editor.dirty and len(editor.discussion) == 1

    # and the core refuses any change, from the editor or directly
    assert editor.save() is None
    assert editor.error_bar.label.text() == _(
        "Minutes {id} are signed (version {version}) and can not be changed; make an "
        "amendment instead.").format(id=draft, version=1)
    with pytest.raises(ImmutableRecordError), db.session() as s:
        data = meetings.minutes_data(meetings.load_meeting(s, draft))
        data.title = "تعديل"
        meetings.save_minutes(s, data, draft)
    with db.session() as s:
        assert s.scalar(select(Meeting.title).where(Meeting.id == draft)) == \
            "محضر اجتماع لجنة تنفيذ الالتزام الأول"


def test_amend_opens_version_two_in_a_new_editor(qtbot, db, draft, open_editor):
    made, make = open_editor
    with db.session() as s:
        signing.approve(s, draft)
        signing.sign(s, draft, [signing.Signatory("مي عليمات", "منسقة الوحدة")])
    editor = make(db, draft)
    assert editor.read_only and editor.amend_button.isVisible()
    amended = []
    editor.amended.connect(amended.append)
    qtbot.mouseClick(editor.amend_button, Qt.MouseButton.LeftButton)
    second = editor.amendment_editor
    assert second is not None and second is not editor and second.isVisible()
    assert amended == [second.meeting_id]
    assert second.version == 2 and second.editable
    assert second.banner.label.text() == _(
        "Draft of version {version}: an amendment of signed version {previous}.").format(
        version=2, previous=1)
    assert second.title_edit.text() == editor.title_edit.text()
    with db.session() as s:
        new = s.get(Meeting, second.meeting_id)
        assert (new.amends_id, new.version, new.status) == (draft, 2, MinutesStatus.DRAFT)

    # the correction is saved in version 2; version 1 stays as signed
    second.title_edit.setText("محضر اجتماع لجنة تنفيذ الالتزام الأول (مصحح)")
    assert second.save() == second.meeting_id
    with db.session() as s:
        assert s.get(Meeting, draft).title == "محضر اجتماع لجنة تنفيذ الالتزام الأول"
        assert s.get(Meeting, second.meeting_id).title.endswith("(مصحح)")

    # amending again opens the existing newer version, not a third one
    assert editor.amend_action.text() == _("Open the newer version")
    assert editor.amend() is second
    with db.session() as s:
        assert len(s.scalars(select(Meeting.id)).all()) == 2


def test_signing_a_draft_is_refused_by_the_core(qtbot, db, draft):
    from ogp_desktop.ui.editors.sign_dialog import SignDialog

    dialog = SignDialog(db, draft)
    qtbot.addWidget(dialog)
    dialog.rows[0].name.setText("مي عليمات")
    dialog.rows[0].role.setText("منسقة")
    assert not dialog.sign()
    assert not dialog.error.isHidden() and dialog.error.label.text()
    with db.session() as s:
        assert s.get(Meeting, draft).status == MinutesStatus.DRAFT
        assert s.scalars(select(Signature)).all() == []
    with pytest.raises(LifecycleError), db.session() as s:
        signing.sign(s, draft, [signing.Signatory("x", "y")])


def test_defaults_come_from_the_settings_and_bad_images_are_refused(qtbot, db, draft, tmp_path):
    from ogp_desktop.ui.editors.sign_dialog import SignDialog

    with db.session() as s:
        settings.set_default_signatories(s, [
            {"name": "مي عليمات", "role": "منسقة الوحدة", "meaning": "prepared"},
            {"name": "عامر الحديدي", "role": "الأمين العام", "meaning": "approved"}])
        signing.approve(s, draft)
    dialog = SignDialog(db, draft)
    qtbot.addWidget(dialog)
    assert [(r.name.text(), r.role.text(), r.meaning.currentData()) for r in dialog.rows] == [
        ("مي عليمات", "منسقة الوحدة", "prepared"), ("عامر الحديدي", "الأمين العام", "approved")]
    fake = tmp_path / "signature.png"
    fake.write_bytes(b"GIF89a not a png")
    assert not dialog.rows[0].load_image(fake)
    assert dialog.rows[0].image is None
    assert dialog.rows[0].choose.property("invalid") == "true"
    dialog.signatories.remove_row(dialog.rows[1])
    assert dialog.sign()
    with db.session() as s:
        assert [x.signer_name for x in s.scalars(select(Signature))] == ["مي عليمات"]


def signature_drawing():
    """A handwritten-looking signature: a blue stroke on white (PNG through QImage)."""
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen

    image = QImage(300, 90, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(20, 40, 140), 4))
    path = QPainterPath(QPointF(20, 60))
    path.cubicTo(60, -10, 90, 120, 130, 40)
    path.cubicTo(160, 0, 190, 90, 220, 45)
    path.cubicTo(240, 25, 260, 70, 285, 35)
    painter.drawPath(path)
    painter.end()
    return image


@pytest.mark.parametrize("language", ["ar", "en"])
def test_screenshot(qtbot, demo_db, screenshot_dir, language, request, dbtools, tmp_path):
    from ogp_desktop.ui.editors.sign_dialog import SignDialog

    request.getfixturevalue("arabic_ui" if language == "ar" else "english_ui")
    with demo_db.session() as s:
        meeting_id = s.scalar(select(Meeting.id).where(Meeting.date == dt.date(2021, 7, 28)))
        signing.approve(s, meeting_id)
        settings.set_default_signatories(s, [
            {"name": "مي عليمات", "role": "منسقة وحدة الحكومة الشفافة", "meaning": "prepared"},
            {"name": "دانه مرعي", "role": "وحدة الحكومة الشفافة", "meaning": "approved"}])
    dialog = SignDialog(demo_db, meeting_id)
    qtbot.addWidget(dialog)
    png = tmp_path / "sig.png"
    assert signature_drawing().save(str(png))
    assert dialog.rows[0].load_image(png)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.rows[1].name.height() >= dialog.rows[1].name.minimumSizeHint().height())
    assert dialog.width() <= 1366 and dialog.height() <= 768
    assert dialog.isRightToLeft() == (language == "ar")
    path = screenshot_dir / f"sign_dialog_{language}.png"
    assert dialog.grab().save(str(path))
    assert path.stat().st_size > 5_000
    QApplication.processEvents()


# A deferred foreign key fails at COMMIT: the change is made, then the commit is refused.
_BLOCK_COMMIT = """
CREATE TABLE commit_blocker (ref INTEGER REFERENCES meetings(id) DEFERRABLE INITIALLY DEFERRED);
CREATE TRIGGER block_commit AFTER {event} BEGIN INSERT INTO commit_blocker VALUES (-1); END;
"""


def _block_commits(path, event: str) -> None:
    import sqlite3

    con = sqlite3.connect(path)
    con.executescript(_BLOCK_COMMIT.format(event=event))
    con.close()


def test_a_failed_commit_shows_no_fingerprint_and_nothing_signed(
        qtbot, db, draft, open_editor, monkeypatch):
    from ogp_desktop.ui.editors.sign_dialog import SignDialog

    made, make = open_editor
    editor = make(db, draft)
    assert editor.approve()
    _block_commits(db.path, "INSERT ON signatures")
    seen = {}

    def fill_and_sign(dialog: SignDialog) -> int:
        seen["dialog"] = dialog
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
        type_text(qtbot, dialog.rows[0].name, "مي عليمات")
        type_text(qtbot, dialog.rows[0].role, "منسقة وحدة الحكومة الشفافة")
        qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    monkeypatch.setattr(SignDialog, "exec", fill_and_sign)
    editor.sign_action.trigger()
    dialog = seen["dialog"]
    assert dialog.result() != SignDialog.DialogCode.Accepted
    assert dialog.fingerprint is None  # nothing of a signature was shown as done
    assert "لم يُخزَّن شيء" in dialog.error.label.text()
    assert editor.status == MinutesStatus.APPROVED and not editor.fingerprint
    with db.session() as s:
        assert s.scalar(select(Meeting.status).where(Meeting.id == draft)) == \
            MinutesStatus.APPROVED
        assert s.scalars(select(Signature).where(Signature.meeting_id == draft)).all() == []


def test_a_failed_commit_of_approve_leaves_a_draft_and_says_so(qtbot, db, draft, open_editor):
    made, make = open_editor
    editor = make(db, draft)
    _block_commits(db.path, "UPDATE OF status ON meetings")
    qtbot.mouseClick(editor.toolbar.widgetForAction(editor.approve_action),
                     Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.error_bar.isVisible())
    assert "لم يُخزَّن شيء" in editor.error_bar.label.text()
    assert editor.status == MinutesStatus.DRAFT and editor.editable
    with db.session() as s:
        assert s.scalar(select(Meeting.status).where(Meeting.id == draft)) == MinutesStatus.DRAFT
