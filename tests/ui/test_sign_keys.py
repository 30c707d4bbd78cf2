"""Signing with a key and on paper in the sign dialog (issue 11), driven through its real
widgets (offscreen, Arabic): a key row is unlocked with its file and password and signs
with the certificate's name and role; a paper row is recorded by the login; a wrong
password signs nothing. And the level of each signature, said plainly wherever the signed
minutes show their signatures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import quote

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from softhsm_card import make_card
from sqlalchemy import select, text
from typing_helpers import type_into_focus

from ogp_desktop.core import i18n
from ogp_desktop.core.errors import KeyFileError
from ogp_desktop.core.integrity import check_database
from ogp_desktop.core.keys import certificates, operations, trust
from ogp_desktop.core.models import (
    Meeting,
    MinutesStatus,
    Signature,
    SignatureKind,
    SignatureMeaning,
    SignedPdf,
)
from ogp_desktop.core.services import meetings, signing
from ogp_desktop.core.services.common import os_user
from ogp_desktop.core.services.meetings import MinutesData
from ogp_desktop.export.signing import sign_minutes
from ogp_desktop.pdf import pades
from ogp_desktop.ui import errors
from ogp_desktop.ui.editors.sign_dialog import KEY, PAPER, SignDialog

pytestmark = pytest.mark.usefixtures("qapp", "arabic_ui")

UNIT = "وحدة الحكومة المنفتحة"
SIGNER, SIGNER_ROLE = "مي عليمات", "منسقة وحدة الحكومة الشفافة"
PAPER_NAME, PAPER_ROLE = "عامر الحديدي", "أمين عام وزارة التخطيط"
CA_PW, KEY_PW = b"ca-password-1", "كلمة سر مي 1"


@pytest.fixture
def approved(db):
    with db.session() as s:
        meeting = meetings.save_minutes(s, MinutesData(
            title="محضر اجتماع لجنة تنفيذ الالتزام الأول", date=dt.date(2021, 6, 14),
            committee="لجنة تنفيذ الالتزام الأول", discussion=["عرض منهجية الاستراتيجية"],
            attendees=[meetings.Participant("مي عليمات", "وزارة التخطيط والتعاون الدولي")]))
        signing.approve(s, meeting.id)
        return meeting.id


@pytest.fixture
def key_file(db, tmp_path) -> Path:
    """Mai's signing key, issued by the unit's authority (as `authority issue` does)."""
    with db.session() as s:
        authority, _ = operations.init_authority(s, UNIT, tmp_path / "unit.p12", CA_PW)
    path = tmp_path / "mai.p12"
    with db.session() as s:
        operations.issue_key(s, authority, SIGNER, SIGNER_ROLE, path, KEY_PW.encode("utf-8"))
    return path


def shown(qtbot, dialog: SignDialog) -> SignDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def focus_is(qtbot, widget) -> None:
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=3000)


def tab(qtbot) -> None:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)


def key_row_by_keyboard(qtbot, dialog: SignDialog, row, path: Path, password: str) -> None:
    """"With a key" chosen in the row's first field, then the key file typed, Tab past
    Choose…, the password typed, Tab: the key is unlocked as the focus leaves it."""
    row.how.setFocus()
    focus_is(qtbot, row.how)
    qtbot.keyClick(row.how, Qt.Key.Key_Down)  # on paper → with a key
    assert row.mode == KEY and row.who.currentIndex() == 1
    tab(qtbot)
    focus_is(qtbot, row.key_file.edit)
    type_into_focus(qtbot, str(path))
    tab(qtbot)
    focus_is(qtbot, row.key_file.choose_button)
    tab(qtbot)
    focus_is(qtbot, row.password)
    assert row.password.echoMode() == row.password.EchoMode.Password
    type_into_focus(qtbot, password)
    tab(qtbot)


def register_signings(db) -> int:
    with db.session(write=False) as s:
        return s.execute(text("select count(*) from register where action = 'sign'")).scalar_one()


def test_one_key_and_one_paper_signature(qtbot, db, approved, key_file, screenshot_dir):
    dialog = shown(qtbot, SignDialog(db, approved))
    first = dialog.rows[0]
    key_row_by_keyboard(qtbot, dialog, first, key_file, KEY_PW)
    focus_is(qtbot, first.meaning)  # Tab went on past the password
    assert first.unlocked is not None and first.password.text() == ""  # emptied after use
    note = first.key_note.text()
    assert SIGNER in note and SIGNER_ROLE in note and UNIT in note
    assert first.meaning.currentData() == SignatureMeaning.PREPARED.value

    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    second = dialog.rows[1]
    focus_is(qtbot, second.name)
    assert second.mode == PAPER
    type_into_focus(qtbot, PAPER_NAME)
    tab(qtbot)
    focus_is(qtbot, second.role)
    type_into_focus(qtbot, PAPER_ROLE)
    assert os_user() in second.paper_note.text()
    assert "بالحبر" in second.paper_note.text()
    qtbot.waitUntil(lambda: second.name.height() >= second.name.minimumSizeHint().height())
    assert dialog.grab().save(str(screenshot_dir / "i11_sign_dialog_key_and_paper_ar.png"))
    dialog.resize(1280, 560)  # a laptop's screen (the offscreen one is 800 wide)
    qtbot.waitUntil(lambda: dialog.width() == 1280)
    qtbot.wait(100)  # the scroll area lays out again
    assert dialog.grab().save(str(screenshot_dir / "i11_sign_dialog_key_and_paper_wide_ar.png"))

    before = register_signings(db)
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == SignDialog.DialogCode.Accepted, dialog.error.label.text()
    assert first.unlocked is None  # the key is not kept past the dialog
    with db.session(write=False) as s:
        meeting = s.get(Meeting, approved)
        assert meeting.status == MinutesStatus.SIGNED
        key_sig, paper_sig = sorted(meeting.signatures, key=lambda r: r.position)
        assert (key_sig.kind, key_sig.signer_name, key_sig.role, key_sig.meaning) == (
            SignatureKind.KEY, SIGNER, SIGNER_ROLE, SignatureMeaning.PREPARED)
        assert key_sig.certificate is not None and key_sig.certificate.subject_name == SIGNER
        assert key_sig.value  # the signature made with the key
        assert (paper_sig.kind, paper_sig.signer_name, paper_sig.role, paper_sig.recorded_by,
                paper_sig.certificate, paper_sig.value) == (
            SignatureKind.PAPER, PAPER_NAME, PAPER_ROLE, os_user(), None, None)
        verification = signing.verify_meeting(s, meeting)
        assert verification.ok, verification.problems
        assert verification.levels == [SignatureKind.KEY, SignatureKind.PAPER]
    assert register_signings(db) == before + 1
    assert check_database(db).ok


def test_a_wrong_password_signs_nothing(qtbot, db, approved, key_file, screenshot_dir):
    dialog = shown(qtbot, SignDialog(db, approved))
    first = dialog.rows[0]
    key_row_by_keyboard(qtbot, dialog, first, key_file, "not my password")
    wrong = errors.error_text(KeyFileError("The password for {path} is wrong",
                                           path=str(key_file)), with_field=False)
    assert i18n.translator("ar")("Signatory {n}: {message}") != "Signatory {n}: {message}"
    expected = f"الموقِّع 1: {wrong}"
    assert dialog.error.label.text() == expected
    assert first.unlocked is None and first.password.text() == ""
    focus_is(qtbot, first.password)  # back at the field to fix
    dialog.grab().save(str(screenshot_dir / "i11_sign_wrong_password_ar.png"))

    # a paper row besides: still nothing signed, the same error on Sign
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    focus_is(qtbot, dialog.rows[1].name)
    type_into_focus(qtbot, PAPER_NAME)
    tab(qtbot)
    type_into_focus(qtbot, PAPER_ROLE)
    before = register_signings(db)
    first.password.setFocus()
    type_into_focus(qtbot, "still wrong")
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.result() != SignDialog.DialogCode.Accepted
    assert dialog.error.label.text() == expected
    with db.session(write=False) as s:
        assert s.get(Meeting, approved).status == MinutesStatus.APPROVED
        assert s.scalars(select(Signature)).all() == []
    assert register_signings(db) == before


def test_a_file_that_is_not_a_key_file_names_the_signatory(qtbot, db, approved, tmp_path):
    notes = tmp_path / "notes.p12"
    notes.write_text("hello")
    dialog = shown(qtbot, SignDialog(db, approved))
    dialog.add_signatory(PAPER_NAME, PAPER_ROLE)
    second = dialog.add_signatory(key_file=notes)
    assert second.mode == KEY
    second.password.setText(KEY_PW)
    assert not dialog.sign()
    assert dialog.error.label.text() == "الموقِّع 3: " + errors.error_text(KeyFileError(
        "{path} is not a key file (PKCS#12, .p12)", path=str(notes)), with_field=False)
    assert QApplication.focusWidget() is second.key_file.edit
    assert second.password.text() == ""
    with db.session(write=False) as s:
        assert s.scalars(select(Signature)).all() == []


def test_the_default_signatories_are_paper_rows(qtbot, db, approved):
    from ogp_desktop.core.services import settings

    with db.session() as s:
        settings.set_default_signatories(s, [{"name": PAPER_NAME, "role": PAPER_ROLE,
                                               "meaning": "approved"}])
    dialog = shown(qtbot, SignDialog(db, approved))
    [row] = dialog.rows
    assert row.mode == PAPER and row.name.text() == PAPER_NAME
    assert dialog.sign()
    with db.session(write=False) as s:
        [sig] = s.scalars(select(Signature)).all()
        assert sig.kind == SignatureKind.PAPER and sig.recorded_by == os_user()


# --- the level, where the signatures are shown ----------------------------------------------


@pytest.fixture
def editor_for(qtbot, monkeypatch):
    from ogp_desktop.ui.editors import MinutesEditor

    monkeypatch.setattr(QMessageBox, "exec", lambda box: pytest.fail(box.text()))
    made = []

    def make(db, meeting_id):
        editor = MinutesEditor(db, meeting_id)
        made.append(editor)
        editor.show()
        qtbot.waitExposed(editor)
        return editor

    yield make
    for editor in made:
        if shiboken6.isValid(editor):
            editor.autosaver.mark_clean()
            editor.close()


def panel_texts(editor) -> list[str]:
    return [label.text() for label in editor.signatures_panel.labels if label.text()]


def test_the_level_of_each_signature_is_said_plainly(qtbot, db, approved, key_file, editor_for,
                                                     screenshot_dir):
    from ogp_desktop.core.keys import keyfiles

    pair = keyfiles.load_key_file(key_file, KEY_PW.encode("utf-8"))
    with db.session() as s:
        sign_minutes(s, approved, [
            signing.Signatory("", "", SignatureMeaning.PREPARED, key=pair),
            signing.Signatory(PAPER_NAME, PAPER_ROLE)])
    editor = editor_for(db, approved)
    assert editor.signatures_box.isVisible()
    key_text, paper_text = panel_texts(editor)
    assert "موقّع بمفتاح" in key_text and UNIT in key_text and SIGNER in key_text
    assert "على الورق" in paper_text and os_user() in paper_text
    assert "بمفتاح" not in paper_text  # a paper signature is never shown as a key's
    assert "بمفتاح" in editor.banner.label.text() and "على الورق" in editor.banner.label.text()
    qtbot.waitUntil(lambda: editor.signatures_panel.height() > 60)
    assert editor.signatures_box.grab().save(str(screenshot_dir / "i11_signatures_panel_ar.png"))
    assert editor.signatures_panel.labels[1].property("level") == "key"


def test_a_fingerprint_only_signature_says_it_is_the_weaker_level(qtbot, db, approved,
                                                                   editor_for, screenshot_dir):
    with db.session() as s:
        sign_minutes(s, approved, [signing.Signatory(PAPER_NAME, PAPER_ROLE)])
    # as migration 0005 leaves the minutes signed before keys existed
    with db.session() as s:
        stored = s.execute(text("select kind from signatures")).scalar_one()
        s.execute(text("update signatures set kind = :k, recorded_by = null"),
                  {"k": stored.replace("paper", "fingerprint").replace("PAPER", "FINGERPRINT")})
    with db.session(write=False) as s:
        assert signing.verify_meeting(s, s.get(Meeting, approved)).fingerprint_only
    editor = editor_for(db, approved)
    [level_text] = panel_texts(editor)
    assert "البصمة فقط" in level_text and "الأضعف" in level_text
    assert "بمفتاح" not in level_text.replace("بلا مفتاح", "")
    assert "البصمة فقط" in editor.banner.label.text()
    assert editor.signatures_box.grab().save(
        str(screenshot_dir / "i11_signatures_panel_fingerprint_ar.png"))


CARD, CARD_KEY, PIN = "بطاقة مي", "توقيع", "246810"


@pytest.fixture
def card_uri(db, tmp_path, monkeypatch) -> str:
    """Mai's key on a card (a SoftHSM2 token), issued by the unit's authority that these
    records trust; the URI a person types in the key field."""
    with db.session() as s:
        authority, _ = operations.init_authority(s, UNIT, tmp_path / "unit.p12", CA_PW)
    person = certificates.issue(authority, SIGNER, SIGNER_ROLE)
    with db.session() as s:
        trust.record_issued(s, person.certificate, authority.certificate, issued_by=authority)
    make_card(tmp_path, monkeypatch, CARD, PIN, CARD_KEY, person)
    return f"pkcs11:token={quote(CARD)};object={quote(CARD_KEY)}"


def test_a_key_on_a_card_signs_with_its_pin(qtbot, db, approved, card_uri, screenshot_dir):
    dialog = shown(qtbot, SignDialog(db, approved))
    first = dialog.rows[0]
    key_row_by_keyboard(qtbot, dialog, first, card_uri, "000000")  # a wrong PIN first
    assert first.unlocked is None and first.password.text() == ""
    assert "PIN" in dialog.error.label.text() and CARD in dialog.error.label.text()
    focus_is(qtbot, first.password)  # back at the PIN
    type_into_focus(qtbot, PIN)
    tab(qtbot)
    qtbot.waitUntil(lambda: first.unlocked is not None)
    assert SIGNER in first.key_note.text() and UNIT in first.key_note.text()
    dialog.grab().save(str(screenshot_dir / "i11_sign_dialog_card_ar.png"))
    qtbot.mouseClick(dialog.sign_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == SignDialog.DialogCode.Accepted, dialog.error.label.text()
    with db.session(write=False) as s:
        meeting = s.get(Meeting, approved)
        (sig,) = meeting.signatures
        assert (sig.kind, sig.signer_name, sig.role) == (SignatureKind.KEY, SIGNER, SIGNER_ROLE)
        assert signing.verify_meeting(s, meeting).ok
        pdf = s.scalars(select(SignedPdf).where(SignedPdf.meeting_id == approved)).one().data
        check = pades.verify_pdf(pdf, trust.anchor_certificates(s))
        assert check.ok and check.signatures[0].signer_name == SIGNER
