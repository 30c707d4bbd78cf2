"""Settings → Keys and signatures → Seal and timestamp, and what it changes (issue 11, item
3), driven through the real widgets (offscreen, Arabic): the seal key file kept on this
computer once its password opens it and the records trust its certificate (a wrong
password keeps nothing); the timestamp server typed, saved, read back from the records;
the editor's Export PDF… of signed minutes sealed after the seal's password (Cancel writes
nothing); a batch export asking once and sealing each signed PDF, never a draft; the sign
dialog asking the timestamp server (B-T), and saying so when it did not answer (B-B)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget
from sqlalchemy import select
from timestamp_server import silent_url, timestamp_server
from typing_helpers import modal_steps, type_into_focus

from ogp_desktop.core import i18n
from ogp_desktop.core.errors import KeyFileError, user_text
from ogp_desktop.core.keys import certificates, keyfiles, operations, trust
from ogp_desktop.core.models import AuditEntry, Meeting, MinutesStatus, SignatureMeaning, SignedPdf
from ogp_desktop.core.services import meetings, settings, signing
from ogp_desktop.core.services.meetings import MinutesData
from ogp_desktop.export.minutes import meeting_filename
from ogp_desktop.export.signing import sign_minutes
from ogp_desktop.pdf import pades
from ogp_desktop.ui import errors
from ogp_desktop.ui.common import settings as preferences
from ogp_desktop.ui.editors.sign_dialog import KEY, SignDialog
from ogp_desktop.ui.views import keys
from ogp_desktop.ui.views.keys import SealDialog
from ogp_desktop.ui.views.settings import SettingsView

pytestmark = pytest.mark.usefixtures("qapp", "arabic_ui")

UNIT, SEAL_ROLE = "وحدة الحكومة المنفتحة", "ختم الوحدة"
SIGNER, SIGNER_ROLE = "مي عليمات", "منسقة وحدة الحكومة الشفافة"
CA_PW, SEAL_PW, KEY_PW = b"ca-password-1", "كلمة سر الختم 1", "كلمة سر مي 1"


# --- records and helpers -----------------------------------------------------------------------


@pytest.fixture
def unit(db, tmp_path):
    """The unit's authority (as `authority init` makes it), its seal key file and Mai's
    signing key file: (authority pair, SEAL.p12, MAI.p12)."""
    with db.session() as s:
        authority, _ = operations.init_authority(s, UNIT, tmp_path / "unit.p12", CA_PW)
    with db.session() as s:
        operations.issue_key(s, authority, UNIT, SEAL_ROLE, tmp_path / "seal.p12",
                             SEAL_PW.encode("utf-8"))
        operations.issue_key(s, authority, SIGNER, SIGNER_ROLE, tmp_path / "mai.p12",
                             KEY_PW.encode("utf-8"))
    return authority, tmp_path / "seal.p12", tmp_path / "mai.p12"


def new_minutes(db, title: str, day: dt.date) -> int:
    with db.session() as s:
        return meetings.save_minutes(s, MinutesData(
            title=title, date=day, committee="لجنة تنفيذ الالتزام الأول",
            discussion=["عرض منهجية الاستراتيجية"],
            attendees=[meetings.Participant(SIGNER, "وزارة التخطيط والتعاون الدولي")])).id


def approved(db, title="محضر اجتماع لجنة تنفيذ الالتزام الأول", day=dt.date(2021, 6, 14)) -> int:
    meeting_id = new_minutes(db, title, day)
    with db.session() as s:
        signing.approve(s, meeting_id)
    return meeting_id


def signed(db, mai: Path, **kwargs) -> int:
    """Approved minutes signed with Mai's key (as the sign dialog signs them)."""
    meeting_id = approved(db, **kwargs)
    pair = keyfiles.load_key_file(mai, KEY_PW.encode("utf-8"))
    with db.session() as s:
        sign_minutes(s, meeting_id, [signing.Signatory("", "", SignatureMeaning.APPROVED,
                                                       key=pair)])
    return meeting_id


def check_pdf(db, data: bytes) -> pades.PdfCheck:
    with db.session(write=False) as s:
        return pades.verify_pdf(data, trust.anchor_certificates(s))


def show(qtbot, widget: QWidget, size=(1150, 900)) -> QWidget:
    qtbot.addWidget(widget)
    widget.resize(*size)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget.window())
    return widget


def focus_is(qtbot, widget) -> None:
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=3000)


def click(qtbot, widget) -> None:
    assert widget.isEnabled()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def click_into(qtbot, field) -> None:
    """A click into a line edit, then what it holds selected (typing replaces it)."""
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    focus_is(qtbot, field)
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)


def arabic(error) -> str:
    assert i18n.translator("ar")(error.msgid) != error.msgid  # the catalog has it
    return errors.error_text(error, with_field=False)


def stored_preferences() -> str:
    store = preferences()
    store.sync()
    return " ".join(f"{k}={store.value(k)}" for k in store.allKeys())


def type_password_and(qtbot, password: str, then: str = "ok", seen: dict | None = None,
                      shot: Path | None = None):
    """A step for the seal's password dialog: the password typed where the focus is,
    then the dialog's OK or Cancel clicked; what the dialog said is kept in `seen` (and,
    with `shot`, how it looked then)."""
    def act(dialog: SealDialog) -> None:
        assert dialog.isRightToLeft()
        focus_is(qtbot, dialog.password_edit)
        assert dialog.password_edit.echoMode() == dialog.password_edit.EchoMode.Password
        type_into_focus(qtbot, password)
        if seen is not None:
            seen["dialog"], seen["explain"] = dialog, dialog.explain.text()
        click(qtbot, dialog.ok_button if then == "ok" else dialog.cancel_button)
        if seen is not None:
            seen["message"] = dialog.message()
            seen["open"] = dialog.isVisible()
        if shot is not None:
            assert dialog.grab().save(str(shot))
    return SealDialog, act


def choose_file(qtbot, target: Path):
    """A step for the program's file dialog: the file name typed, Return."""
    def act(dialog: QFileDialog) -> None:
        assert dialog.isRightToLeft()
        field = QApplication.focusWidget()
        field.selectAll()
        type_into_focus(qtbot, str(target))
        qtbot.keyClick(field, Qt.Key.Key_Return)
    return QFileDialog, act


# --- Settings: the seal key file -----------------------------------------------------------------


def test_the_seal_key_is_kept_once_its_password_opens_it(qtbot, db, unit, screenshot_dir):
    _authority, seal, _mai = unit
    view = show(qtbot, SettingsView(db))
    view.ensure_fresh()
    assert view.seal_box.title() == "ختم الوحدة والختم الزمني"
    assert view.seal_state.text() == "لا مفتاح ختم على هذا الحاسوب: ملفات PDF المصدَّرة غير مختومة."
    assert not view.clear_seal_button.isEnabled()
    view.seal_box.grab().save(str(screenshot_dir / "i11_settings_seal_empty_ar.png"))

    click_into(qtbot, view.seal_file.edit)
    type_into_focus(qtbot, str(seal))
    qtbot.keyClick(view.seal_file.edit, Qt.Key.Key_Tab)
    focus_is(qtbot, view.seal_file.choose_button)
    qtbot.keyClick(view.seal_file.choose_button, Qt.Key.Key_Tab)
    focus_is(qtbot, view.save_seal_button)

    wrong: dict = {}
    problems = modal_steps(qtbot, type_password_and(
        qtbot, "not the password", seen=wrong,
        shot=screenshot_dir / "i11_seal_dialog_wrong_password_ar.png"))
    click(qtbot, view.save_seal_button)  # a wrong password: refused, the dialog stays open
    assert not problems, problems
    assert wrong["message"] == arabic(KeyFileError("The password for {path} is wrong",
                                                   path=str(seal)))
    assert wrong["open"]  # (closed by the helper since: Cancel)
    assert keys.seal_setting() is None and "seal/" not in stored_preferences()
    assert view.seal_file.edit.text() == str(seal) and not view.seal_done.isVisible()

    right: dict = {}
    problems = modal_steps(qtbot, type_password_and(qtbot, SEAL_PW, seen=right))
    click(qtbot, view.save_seal_button)
    assert not problems, problems
    dialog = right["dialog"]
    assert dialog.result() == SealDialog.DialogCode.Accepted and not right["open"]
    assert dialog.password_edit.text() == "" and dialog.pair is None  # nothing kept
    setting = keys.seal_setting()
    assert setting is not None and setting.key_file == str(seal) and setting.name == UNIT
    kept = stored_preferences()
    assert SEAL_PW not in kept and "password" not in kept.lower()
    assert UNIT in view.seal_state.text() and "الصالح حتى" in view.seal_state.text()
    assert view.seal_done.isVisible()
    name = user_text(UNIT)  # direction-isolated, as names are in messages
    assert view.seal_done.text() == (f"حُفظ على هذا الحاسوب مفتاح ختم {name} الصادر عن {name}: "
                                     "تُختم به المحاضر الموقّعة المصدَّرة.")
    assert view.clear_seal_button.isEnabled()
    qtbot.waitUntil(lambda: view.seal_done.height() >= view.seal_done.heightForWidth(
        view.seal_done.width()))  # laid out again for its new text
    assert view.seal_box.grab().save(str(screenshot_dir / "i11_settings_seal_kept_ar.png"))
    assert view.grab().save(str(screenshot_dir / "i11_settings_keys_and_seal_ar.png"))

    # shown again as kept, in a new view (another start of the program)
    again = show(qtbot, SettingsView(db))
    again.ensure_fresh()
    assert again.seal_file.edit.text() == str(seal) and UNIT in again.seal_state.text()
    click(qtbot, again.clear_seal_button)
    assert keys.seal_setting() is None and again.seal_file.edit.text() == ""
    assert again.seal_done.text() == "لم يعد على هذا الحاسوب مفتاح ختم: ملفات PDF المصدَّرة غير مختومة."


def test_a_seal_key_the_records_do_not_trust_or_no_file_is_not_kept(qtbot, db, unit, tmp_path):
    _authority, _seal, _mai = unit
    stranger = certificates.create_authority("جهة أخرى")
    other = tmp_path / "other-seal.p12"
    other.write_bytes(keyfiles.key_file_bytes(certificates.issue(stranger, UNIT, SEAL_ROLE),
                                              SEAL_PW.encode("utf-8")))
    view = show(qtbot, SettingsView(db))
    view.ensure_fresh()

    click_into(qtbot, view.seal_file.edit)
    type_into_focus(qtbot, str(tmp_path / "missing.p12"))
    click(qtbot, view.save_seal_button)  # no dialog: the file can not be read
    shown = view.seal_errors.label_for("seal")
    assert shown.isVisible() and str(tmp_path / "missing.p12") in shown.text()
    assert shown.text().startswith("تعذّرت قراءة")

    click_into(qtbot, view.seal_file.edit)
    type_into_focus(qtbot, str(other))
    seen: dict = {}
    problems = modal_steps(qtbot, type_password_and(qtbot, SEAL_PW, seen=seen))
    click(qtbot, view.save_seal_button)
    assert not problems, problems
    untrusted = trust._untrusted(keyfiles.load_key_file(other, SEAL_PW.encode()).certificate)
    assert seen["open"] and seen["message"] == arabic(untrusted), seen["message"]
    assert keys.seal_setting() is None


# --- Settings: the timestamp server ----------------------------------------------------------------


def test_the_timestamp_server_is_typed_saved_and_read_back_from_the_records(qtbot, db,
                                                                            screenshot_dir):
    view = show(qtbot, SettingsView(db))
    view.ensure_fresh()
    assert view.timestamp_url.text() == ""
    click_into(qtbot, view.timestamp_url)
    type_into_focus(qtbot, "timestamp.example.org")
    qtbot.keyClick(view.timestamp_url, Qt.Key.Key_Tab)
    focus_is(qtbot, view.save_timestamp_button)
    qtbot.keyClick(view.save_timestamp_button, Qt.Key.Key_Space)  # refused, at the field
    shown = view.seal_errors.label_for("timestamp_url")
    assert shown.isVisible()
    assert shown.text() == ("يجب أن يكون عنوانًا يبدأ بـ {} أو {}، مثل {}".format(
        *map(user_text, ("http://", "https://", "http://timestamp.example.org"))))
    with db.session(write=False) as s:
        assert settings.get_timestamp_url(s) is None
    view.seal_box.grab().save(str(screenshot_dir / "i11_settings_timestamp_refused_ar.png"))

    click_into(qtbot, view.timestamp_url)
    type_into_focus(qtbot, "https://tsa.example.jo/tsr")
    qtbot.keyClick(view.timestamp_url, Qt.Key.Key_Return)  # Return saves too
    assert not shown.isVisible()
    with db.session(write=False) as s:
        assert settings.get_timestamp_url(s) == "https://tsa.example.jo/tsr"
        line = s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert (line.action, line.entity) == ("update", "settings")
    assert "https://tsa.example.jo/tsr" in view.seal_done.text()
    assert view.seal_done.text().startswith("حُفظ خادم الختم الزمني")
    qtbot.waitUntil(lambda: view.seal_done.height() >= view.seal_done.heightForWidth(
        view.seal_done.width()))  # laid out again for its new text
    assert view.seal_box.grab().save(str(screenshot_dir / "i11_settings_timestamp_saved_ar.png"))

    again = show(qtbot, SettingsView(db))
    again.ensure_fresh()
    assert again.timestamp_url.text() == "https://tsa.example.jo/tsr"
    click_into(qtbot, again.timestamp_url)
    qtbot.keyClick(again.timestamp_url, Qt.Key.Key_Delete)  # emptied: no server
    click(qtbot, again.save_timestamp_button)
    with db.session(write=False) as s:
        assert settings.get_timestamp_url(s) is None
    assert again.seal_done.text() == "لا خادم ختم زمني: التواقيع والأختام بلا ختم زمني."


# --- the editor's Export PDF… ------------------------------------------------------------------------


def export_button(editor):
    return editor.toolbar.widgetForAction(editor.exporter.export_action)


def test_exporting_signed_minutes_seals_them_with_a_timestamp(qtbot, db, unit, tmp_path,
                                                              editor_windows):
    authority, seal, mai = unit
    meeting_id = signed(db, mai)
    keys.keep_seal(str(seal), keyfiles.load_key_file(seal, SEAL_PW.encode("utf-8")))
    target = tmp_path / "out" / "محضر موقّع.pdf"
    target.parent.mkdir()
    editor = editor_windows(db, meeting_id)
    assert editor.status == MinutesStatus.SIGNED
    seen: dict = {}
    with timestamp_server(authority) as server:
        with db.session() as s:
            settings.set_timestamp_url(s, server.url)
            problems = modal_steps(qtbot, choose_file(qtbot, target),
                               type_password_and(qtbot, SEAL_PW, seen=seen))
        click(qtbot, export_button(editor))
        assert not problems, problems
    assert not server.failures, server.failures
    assert "هذا المحضر موقّع" in seen["explain"] and "الإعدادات" in seen["explain"]
    assert seen["dialog"].windowTitle() == "ختم الوحدة"
    check = check_pdf(db, target.read_bytes())
    assert check.ok, check
    assert [s.field for s in check.signatures] == ["approved-1", pades.SEAL_FIELD]
    key_signature, seal_signature = check.signatures
    assert key_signature.signer_name == SIGNER
    assert seal_signature.signer_name == UNIT and seal_signature.timestamp_at is not None  # B-T
    assert UNIT in editor.statusBar().currentMessage()
    assert editor.exporter.last_notice is None
    with db.session(write=False) as s:  # the PDF kept as signed is not changed by the seal
        assert pades.SEAL_FIELD not in [
            x.field for x in pades.verify_pdf(s.get(SignedPdf, meeting_id).data,
                                              trust.anchor_certificates(s)).signatures]


def test_cancel_on_the_seal_password_exports_nothing(qtbot, db, unit, tmp_path, editor_windows):
    _authority, seal, mai = unit
    meeting_id = signed(db, mai)
    keys.keep_seal(str(seal), keyfiles.load_key_file(seal, SEAL_PW.encode("utf-8")))
    target = tmp_path / "cancelled.pdf"
    editor = editor_windows(db, meeting_id)
    problems = modal_steps(qtbot, choose_file(qtbot, target),
                           type_password_and(qtbot, SEAL_PW, then="cancel"))
    click(qtbot, export_button(editor))
    assert not problems, problems
    assert not target.exists() and list(tmp_path.glob("*.pdf*")) == []
    assert list(tmp_path.glob(".*.part")) == []
    assert editor.statusBar().currentMessage() == "أُلغي التصدير: لم يُحفظ أي ملف."


def test_a_silent_timestamp_server_seals_all_the_same_and_says_so(qtbot, db, unit, tmp_path,
                                                                  editor_windows):
    _authority, seal, mai = unit
    meeting_id = signed(db, mai)
    keys.keep_seal(str(seal), keyfiles.load_key_file(seal, SEAL_PW.encode("utf-8")))
    url = silent_url()
    with db.session() as s:
        settings.set_timestamp_url(s, url)
    target = tmp_path / "sealed.pdf"
    editor = editor_windows(db, meeting_id)
    told: dict = {}

    def read_box(box: QMessageBox) -> None:
        told["text"], told["rtl"] = box.text(), box.isRightToLeft()
        click(qtbot, box.button(QMessageBox.StandardButton.Ok))

    problems = modal_steps(qtbot, choose_file(qtbot, target),
                           type_password_and(qtbot, SEAL_PW), (QMessageBox, read_box))
    click(qtbot, export_button(editor))
    assert not problems, problems
    assert told["rtl"] and url in told["text"] and "بلا ختم زمني" in told["text"]
    check = check_pdf(db, target.read_bytes())
    assert check.ok and check.signatures[-1].field == pades.SEAL_FIELD
    assert check.signatures[-1].timestamp_at is None  # B-B


def test_drafts_are_exported_without_asking_for_the_seal(qtbot, db, unit, tmp_path,
                                                        editor_windows, no_message_box):
    _authority, seal, _mai = unit
    draft = new_minutes(db, "محضر مسودة", dt.date(2021, 7, 1))
    keys.keep_seal(str(seal), keyfiles.load_key_file(seal, SEAL_PW.encode("utf-8")))
    target = tmp_path / "draft.pdf"
    editor = editor_windows(db, draft)
    problems = modal_steps(qtbot, choose_file(qtbot, target))
    click(qtbot, export_button(editor))
    assert not problems, problems
    assert target.read_bytes().startswith(b"%PDF")
    assert check_pdf(db, target.read_bytes()).signatures == []  # never sealed


# --- the batch export -----------------------------------------------------------------------------


def test_a_batch_export_asks_once_and_seals_each_signed_pdf(qtbot, db, unit, tmp_path,
                                                            screenshot_dir):
    from ogp_desktop.ui.views.meetings import MeetingsView

    _authority, seal, mai = unit
    first = signed(db, mai, title="المحضر الموقّع الأول", day=dt.date(2021, 6, 1))
    second = signed(db, mai, title="المحضر الموقّع الثاني", day=dt.date(2021, 6, 8))
    draft = new_minutes(db, "محضر مسودة", dt.date(2021, 6, 15))
    keys.keep_seal(str(seal), keyfiles.load_key_file(seal, SEAL_PW.encode("utf-8")))
    view = show(qtbot, MeetingsView(db))
    view.ensure_fresh()
    folder = tmp_path / "pdf"

    cancelled = modal_steps(qtbot, type_password_and(qtbot, SEAL_PW, then="cancel"))
    assert view.export_pdfs(None, folder) is None  # Cancel: nothing exported
    assert not cancelled, cancelled
    assert not folder.exists()

    seen: dict = {}
    asked = modal_steps(qtbot, type_password_and(
        qtbot, "wrong password", seen=seen,
        shot=screenshot_dir / "i11_seal_dialog_batch_ar.png"),
                        type_password_and(qtbot, SEAL_PW))
    task = view.export_pdfs(None, folder)  # a wrong password, closed; then asked again
    assert task is None and not folder.exists()
    task = view.export_pdfs(None, folder)
    assert task is not None
    assert not asked, asked
    assert "محضران موقّعان" in seen["explain"]  # Arabic's dual: two of the three are signed
    assert seen["message"] == arabic(KeyFileError("The password for {path} is wrong",
                                                  path=str(seal)))
    with qtbot.waitSignal(task.finished, timeout=120_000):
        pass
    assert task.error is None, task.error
    written, total = task.result
    assert total == 3 and len(written) == 3
    with db.session(write=False) as s:
        path = {m: folder / meeting_filename(s, m) for m in (first, second, draft)}
    assert sorted(written) == sorted(path.values())
    for meeting_id in (first, second):
        check = check_pdf(db, path[meeting_id].read_bytes())
        assert check.ok and [x.field for x in check.signatures] == ["approved-1", pades.SEAL_FIELD]
    assert check_pdf(db, path[draft].read_bytes()).signatures == []  # a draft: never sealed
    assert "مختومة بختم الوحدة" in view.last_message_box.text()
    view.last_message_box.close()


# --- the sign dialog and the timestamp server ---------------------------------------------------------


def sign_with_key_by_keyboard(qtbot, dialog: SignDialog, key_file: Path) -> None:
    row = dialog.rows[0]
    row.how.setFocus()
    focus_is(qtbot, row.how)
    qtbot.keyClick(row.how, Qt.Key.Key_Down)  # on paper → with a key
    assert row.mode == KEY
    qtbot.keyClick(row.how, Qt.Key.Key_Tab)
    focus_is(qtbot, row.key_file.edit)
    type_into_focus(qtbot, str(key_file))
    qtbot.keyClick(row.key_file.edit, Qt.Key.Key_Tab)
    qtbot.keyClick(row.key_file.choose_button, Qt.Key.Key_Tab)
    focus_is(qtbot, row.password)
    type_into_focus(qtbot, KEY_PW)
    qtbot.keyClick(row.password, Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: row.unlocked is not None)


def signed_pdf_check(db, meeting_id: int) -> pades.PdfCheck:
    with db.session(write=False) as s:
        return pades.verify_pdf(s.get(SignedPdf, meeting_id).data, trust.anchor_certificates(s))


def test_the_sign_dialog_asks_the_timestamp_server_of_the_settings(qtbot, db, unit,
                                                                   no_message_box):
    authority, _seal, mai = unit
    meeting_id = approved(db)
    with timestamp_server(authority) as server:
        with db.session() as s:
            settings.set_timestamp_url(s, server.url)
        dialog = show(qtbot, SignDialog(db, meeting_id), size=(1100, 480))
        sign_with_key_by_keyboard(qtbot, dialog, mai)
        click(qtbot, dialog.sign_button)
    assert dialog.result() == SignDialog.DialogCode.Accepted, dialog.error.label.text()
    assert not server.failures and server.requests
    assert dialog.timestamp_notice is None
    [signature] = signed_pdf_check(db, meeting_id).signatures
    assert signature.signer_name == SIGNER and signature.timestamp_at is not None  # B-T


def test_a_silent_timestamp_server_signs_all_the_same_and_says_so(qtbot, db, unit,
                                                                 screenshot_dir):
    _authority, _seal, mai = unit
    meeting_id = approved(db)
    url = silent_url()
    with db.session() as s:
        settings.set_timestamp_url(s, url)
    dialog = show(qtbot, SignDialog(db, meeting_id), size=(1100, 480))
    sign_with_key_by_keyboard(qtbot, dialog, mai)
    told: dict = {}

    def read_box(box: QMessageBox) -> None:
        told["text"], told["rtl"] = box.text(), box.isRightToLeft()
        box.grab().save(str(screenshot_dir / "i11_sign_no_timestamp_ar.png"))
        click(qtbot, box.button(QMessageBox.StandardButton.Ok))

    problems = modal_steps(qtbot, (QMessageBox, read_box))
    click(qtbot, dialog.sign_button)
    assert not problems, problems
    assert dialog.result() == SignDialog.DialogCode.Accepted, dialog.error.label.text()
    assert dialog.timestamp_notice and url in dialog.timestamp_notice
    assert told["rtl"] and told["text"].startswith("وُقّع المحضر، لكن خادم الختم الزمني")
    assert url in told["text"] and "التواقيع بلا ختم زمني" in told["text"]
    with db.session(write=False) as s:
        assert s.get(Meeting, meeting_id).status == MinutesStatus.SIGNED
    [signature] = signed_pdf_check(db, meeting_id).signatures
    assert signature.signer_name == SIGNER and signature.timestamp_at is None  # B-B


def test_no_seal_password_or_key_reaches_the_preferences(qtbot, db, unit):
    _authority, seal, _mai = unit
    setting = keys.keep_seal(str(seal), keyfiles.load_key_file(seal, SEAL_PW.encode("utf-8")))
    assert setting.valid_until is not None
    kept = stored_preferences()
    assert str(seal) in kept and SEAL_PW not in kept and "PRIVATE" not in kept


def test_an_expired_seal_is_said_in_settings(qtbot, db, tmp_path):
    store = preferences()  # as an earlier "Save seal key…" left them, years ago
    store.setValue(keys.SEAL_KEY_FILE, str(tmp_path / "old-seal.p12"))
    store.setValue(keys.SEAL_NAME, UNIT)
    store.setValue(keys.SEAL_UNTIL, "2020-03-31")
    view = show(qtbot, SettingsView(db))
    view.ensure_fresh()
    assert view.seal_state.text() == (f"انتهت صلاحية ختم {user_text(UNIT)} في 31/3/2020: احفظ "
                                      "مفتاح ختم آخر، أو امسحه.")
    assert view.clear_seal_button.isEnabled()


def test_publishing_asks_the_seal_password_and_every_published_pdf_verifies(qtbot, db, unit,
                                                                          tmp_path):
    """Settings → Publish with a seal key on this computer: its password is asked once,
    the PDF of minutes signed on paper is sealed, so the site's every PDF verifies."""


    _authority, seal, mai = unit
    by_key = signed(db, mai, title="محضر موقّع بالمفتاح", day=dt.date(2021, 6, 1))
    on_paper = approved(db, title="محضر موقّع على الورق", day=dt.date(2021, 6, 8))
    with db.session() as s:
        sign_minutes(s, on_paper, [signing.Signatory("مي عليمات", "رئيسة اللجنة",
                                                     SignatureMeaning.APPROVED)])
    keys.keep_seal(str(seal), keyfiles.load_key_file(seal, SEAL_PW.encode("utf-8")))
    view = show(qtbot, SettingsView(db))
    site = tmp_path / "site"

    cancelled = modal_steps(qtbot, type_password_and(qtbot, SEAL_PW, then="cancel"))
    assert view.publish_to(site) is None and not cancelled  # Cancel: nothing published
    assert not site.exists()
    asked = modal_steps(qtbot, type_password_and(qtbot, SEAL_PW))
    task = view.publish_to(site)
    assert task is not None and not asked, asked
    qtbot.waitUntil(lambda: task.is_done(), timeout=120_000)
    assert task.error is None, task.error
    pdfs = sorted(site.glob("files/minutes-*.pdf"))
    assert len(pdfs) == 2
    for pdf in pdfs:
        check = check_pdf(db, pdf.read_bytes())
        assert check.ok and check.signatures, pdf
    assert by_key and "without a digital signature" not in view.problems.toPlainText()
