"""Settings → Keys and signatures, driven through its real widgets (offscreen, Arabic): the
list of the certificates the records know, creating the unit's authority, issuing a
signing key and trusting another authority, each checked in the records and on disk (the
key file exists, only its owner may read it, it opens with its password); each bad input
shows one line in the dialog's error strip and writes nothing (no key file, no row)."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QWidget
from sqlalchemy import func, insert, select, text
from typing_helpers import modal_steps, show_section, type_into_focus, while_modal

from ogp_desktop.core import i18n
from ogp_desktop.core.errors import CertificateError, KeyFileError
from ogp_desktop.core.integrity import check_database
from ogp_desktop.core.keys import certificates, keyfiles, operations, trust
from ogp_desktop.core.models import AuditEntry, Certificate, CertificateKind, CommitmentPartner
from ogp_desktop.ui import errors
from ogp_desktop.ui.common import _
from ogp_desktop.ui.views.keys import AuthorityDialog, IssueKeyDialog, TrustDialog, write_keys
from ogp_desktop.ui.views.settings import SettingsView

pytestmark = pytest.mark.usefixtures("qapp")

UNIT = "وحدة الحكومة المنفتحة"
PERSON, ROLE = "مي عليمات", "منسقة وحدة الحكومة الشفافة"
CA_PASSWORD, KEY_PASSWORD = "كلمة-سر-الجهة-1", "my key password"


# --- helpers ----------------------------------------------------------------------------------


def show(qtbot, view: SettingsView) -> SettingsView:
    return show_section(qtbot, view, height=900)


def click(qtbot, widget) -> None:
    assert widget.isEnabled()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def fill(qtbot, *steps: tuple[QWidget, str | None]) -> None:
    """Walk the form as a person does: type into the field that has the focus (what it
    held selected first, so the typing replaces it), Tab to the next; each step names the
    widget that must have the focus then."""
    for widget, typed in steps:
        qtbot.waitUntil(lambda w=widget: QApplication.focusWidget() is w, timeout=3000)
        if typed is not None:
            qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            type_into_focus(qtbot, typed)
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)


def authority_steps(dialog: AuthorityDialog, name: str, output: Path, password: str,
                    again: str, years: int | None = None) -> list[tuple[QWidget, str | None]]:
    return [(dialog.name, name), (dialog.output.edit, str(output)),
            (dialog.output.choose_button, None), (dialog.password_edit, password),
            (dialog.again_edit, again),
            (dialog.years, None if years is None else str(years))]


def issue_steps(dialog: IssueKeyDialog, ca: Path, ca_password: str, output: Path,
                password: str, again: str | None = None) -> list[tuple[QWidget, str | None]]:
    return [(dialog.authority.edit, str(ca)), (dialog.authority.choose_button, None),
            (dialog.authority_password, ca_password), (dialog.name, PERSON),
            (dialog.role, ROLE), (dialog.output.edit, str(output)),
            (dialog.output.choose_button, None), (dialog.password_edit, password),
            (dialog.again_edit, password if again is None else again)]


def in_dialog(qtbot, kind: type, act, button) -> dict:
    """Click `button`, run `act(dialog)` while the modal `kind` it opens is up; returns
    what act kept."""
    seen: dict = {}
    problems = while_modal(qtbot, kind, lambda dialog: act(dialog, seen))
    click(qtbot, button)
    assert not problems, problems
    return seen


def arabic(error) -> str:
    assert i18n.translator("ar")(error.msgid) != error.msgid  # the catalog has it
    return errors.error_text(error)


def rows(db) -> list[Certificate]:
    with db.session(write=False) as s:
        found = list(s.scalars(select(Certificate).order_by(Certificate.id)))
        s.expunge_all()
        return found


def audit_count(db) -> int:
    with db.session(write=False) as s:
        return s.scalar(select(func.count()).select_from(AuditEntry))


def owner_only(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.fixture
def authority(db, tmp_path):
    """The unit's authority made as `authority init` makes it: (its key file, its pair)."""
    path = tmp_path / "unit.p12"
    pair = write_keys(db, lambda s: operations.init_authority(
        s, UNIT, path, CA_PASSWORD.encode("utf-8")))
    return path, pair


# --- the list ---------------------------------------------------------------------------------


def test_the_section_lists_the_authorities_and_the_issued_certificates(
        qtbot, arabic_ui, db, authority, tmp_path, screenshot_dir):
    _path, pair = authority
    write_keys(db, lambda s: operations.issue_key(s, pair, PERSON, ROLE, tmp_path / "p.p12",
                                                  KEY_PASSWORD.encode("utf-8")))
    view = show(qtbot, SettingsView(db))
    table = view.certificates
    assert table.rowCount() == 2
    cells = [[table.item(r, c).text() for c in range(table.columnCount())]
             for r in range(table.rowCount())]
    fingerprint = certificates.fingerprint(pair.certificate)
    assert cells[0][:3] == [UNIT, "", "جهة التصديق الخاصة بالوحدة"]
    assert cells[0][6] == "نعم" and fingerprint[:16] in cells[0][5]
    assert table.item(0, 5).toolTip() == fingerprint
    assert cells[1][:3] == [PERSON, ROLE, "مفتاح توقيع لشخص"] and cells[1][6] == "لا"
    until = certificates.valid_until(pair.certificate)
    assert cells[0][4] == f"{until.day}/{until.month}/{until.year}"
    assert until.year == dt.datetime.now(dt.UTC).year + 10
    assert view.isRightToLeft() and table.isRightToLeft()
    box = view.certificates.parentWidget()
    assert box.title() == "المفاتيح والتواقيع"
    assert box.grab().save(str(screenshot_dir / "i11_settings_keys_ar.png"))


# --- creating the unit's authority --------------------------------------------------------------


def test_creating_the_authority_writes_its_key_file_and_trusts_it(
        qtbot, arabic_ui, db, tmp_path, screenshot_dir):
    view = show(qtbot, SettingsView(db))
    output = tmp_path / "الوحدة.p12"

    def act(dialog: AuthorityDialog, seen: dict) -> None:
        seen["dialog"] = dialog
        assert dialog.isRightToLeft() and dialog.windowTitle() == "إنشاء جهة التصديق الخاصة بالوحدة"
        fill(qtbot, *authority_steps(dialog, UNIT, output, CA_PASSWORD, CA_PASSWORD, 5))
        dialog.grab().save(str(screenshot_dir / "i11_authority_dialog_ar.png"))
        click(qtbot, dialog.ok_button)

    seen = in_dialog(qtbot, AuthorityDialog, act, view.create_authority_button)
    dialog = seen["dialog"]
    assert dialog.result() == AuthorityDialog.DialogCode.Accepted
    assert dialog.password_edit.text() == dialog.again_edit.text() == ""  # emptied after use
    assert output.is_file() and owner_only(output)
    pair = keyfiles.load_key_file(output, CA_PASSWORD.encode("utf-8"))
    assert certificates.subject_name(pair.certificate) == UNIT
    assert certificates.is_authority(pair.certificate)
    years = certificates.valid_until(pair.certificate) - certificates.valid_from(pair.certificate)
    assert years.days == 365 * 5 + 1
    [row] = rows(db)
    assert (row.kind, row.trusted, row.subject_name) == (CertificateKind.UNIT_AUTHORITY, True, UNIT)
    assert row.sha256 == certificates.fingerprint(pair.certificate)
    assert view.certificates.rowCount() == 1 and view.certificates.item(0, 0).text() == UNIT
    assert UNIT in view.keys_message.text() and view.keys_message.isVisible()
    assert not view.keys_message.text().isascii()


def test_the_authority_dialog_starts_with_the_letterheads_unit(qtbot, arabic_ui, demo_db):
    from ogp_desktop.core.services import settings

    with demo_db.session(write=False) as s:
        unit = settings.get_letterhead(s).unit
    assert unit
    dialog = AuthorityDialog(demo_db)
    qtbot.addWidget(dialog)
    assert dialog.name.text() == unit


@pytest.mark.parametrize(("password", "again", "error"), [
    ("one password", "another one", KeyFileError("The two passwords differ; nothing was written")),
    ("short", "short", KeyFileError("A key file's password must have at least {n} characters; "
                                    "nothing was written", n=8)),
])
def test_new_passwords_that_differ_or_are_short_write_nothing(
        qtbot, arabic_ui, db, tmp_path, password, again, error, screenshot_dir):
    view = show(qtbot, SettingsView(db))
    output = tmp_path / "unit.p12"

    def act(dialog: AuthorityDialog, seen: dict) -> None:
        fill(qtbot, *authority_steps(dialog, UNIT, output, password, again))
        click(qtbot, dialog.ok_button)
        seen["message"] = dialog.message()
        seen["focus"] = QApplication.focusWidget() is dialog.password_edit
        seen["emptied"] = dialog.password_edit.text() == dialog.again_edit.text() == ""
        seen["open"] = dialog.isVisible()
        if again != password:
            dialog.grab().save(str(screenshot_dir / "i11_authority_mismatch_ar.png"))

    seen = in_dialog(qtbot, AuthorityDialog, act, view.create_authority_button)
    assert seen["message"] == arabic(error)
    assert seen["focus"] and seen["emptied"] and seen["open"]
    assert not output.exists() and list(tmp_path.glob("*.p12*")) == []
    assert rows(db) == [] and audit_count(db) == 0


@pytest.mark.parametrize("name", ["وحدة\u202eالحكومة", ""])
def test_a_name_with_a_direction_mark_or_none_writes_nothing(qtbot, arabic_ui, db, tmp_path,
                                                               name):
    view = show(qtbot, SettingsView(db))
    output = tmp_path / "unit.p12"

    def act(dialog: AuthorityDialog, seen: dict) -> None:
        fill(qtbot, *authority_steps(dialog, "x", output, CA_PASSWORD, CA_PASSWORD))
        dialog.name.setText(name)  # pasted: a direction mark is not typed
        click(qtbot, dialog.ok_button)
        seen["message"] = dialog.message()
        seen["focus"] = QApplication.focusWidget() is dialog.name
        seen["passwords kept"] = dialog.password_edit.text() == CA_PASSWORD

    seen = in_dialog(qtbot, AuthorityDialog, act, view.create_authority_button)
    assert seen["message"].startswith("اسم الوحدة: ")  # the form's own label
    if name:
        assert "\\u202e" in seen["message"] and "محارف تحكم" in seen["message"]
    else:
        assert seen["message"] == "اسم الوحدة: مطلوب"
    assert seen["focus"] and seen["passwords kept"]
    assert not output.exists() and rows(db) == []


def test_an_existing_key_file_is_replaced_only_when_the_person_says_so(
        qtbot, arabic_ui, db, tmp_path):
    view = show(qtbot, SettingsView(db))
    output = tmp_path / "unit.p12"
    output.write_bytes(b"an older key file")
    answers = iter([_("Cancel"), _("Replace")])

    def answer(box: QMessageBox) -> None:
        assert str(output) in box.text() and box.isRightToLeft()
        wanted = next(answers)
        click(qtbot, next(b for b in box.buttons() if b.text() == wanted))

    def act(dialog: AuthorityDialog, seen: dict) -> None:
        fill(qtbot, *authority_steps(dialog, UNIT, output, CA_PASSWORD, CA_PASSWORD))
        asked = while_modal(qtbot, QMessageBox, answer)
        click(qtbot, dialog.ok_button)  # "Cancel": refused, said in the strip
        assert not asked, asked
        seen["refused"] = dialog.message()
        seen["rows after refusal"] = len(rows(db))
        seen["file after refusal"] = output.read_bytes()
        for field in (dialog.password_edit, dialog.again_edit):
            field.setFocus()
            type_into_focus(qtbot, CA_PASSWORD) if not field.text() else None
        asked = while_modal(qtbot, QMessageBox, answer)
        click(qtbot, dialog.ok_button)  # "Replace"
        assert not asked, asked

    seen = in_dialog(qtbot, AuthorityDialog, act, view.create_authority_button)
    assert seen["refused"] == arabic(KeyFileError(
        "{path} exists already; nothing was written. Choose another file name.",
        path=str(output)))
    assert seen["rows after refusal"] == 0 and seen["file after refusal"] == b"an older key file"
    pair = keyfiles.load_key_file(output, CA_PASSWORD.encode("utf-8"))
    assert owner_only(output)
    assert [r.sha256 for r in rows(db)] == [certificates.fingerprint(pair.certificate)]


def test_a_failed_commit_removes_the_key_file_just_written(db, tmp_path):
    """As on the command line: no key file whose certificate the records do not know."""
    output = tmp_path / "unit.p12"

    def make(session):
        result = operations.init_authority(session, UNIT, output, CA_PASSWORD.encode("utf-8"))
        assert output.is_file()  # written before the commit
        # a reference to no row, checked only at the commit: the commit fails
        session.execute(text("PRAGMA defer_foreign_keys = ON"))
        session.execute(insert(CommitmentPartner).values(commitment_id=987654,
                                                         organisation_id=987654))
        return result

    with pytest.raises(Exception):  # noqa: B017 - whatever the store calls it
        write_keys(db, make)
    assert not output.exists() and rows(db) == []


# --- issuing a signing key -------------------------------------------------------------------------


def test_issuing_a_key_writes_the_persons_key_file_and_keeps_the_certificate(
        qtbot, arabic_ui, db, authority, tmp_path, screenshot_dir):
    ca, ca_pair = authority
    view = show(qtbot, SettingsView(db))
    output = tmp_path / "mai.p12"

    def act(dialog: IssueKeyDialog, seen: dict) -> None:
        seen["dialog"] = dialog
        fill(qtbot, *issue_steps(dialog, ca, CA_PASSWORD, output, KEY_PASSWORD))
        dialog.grab().save(str(screenshot_dir / "i11_issue_dialog_ar.png"))
        click(qtbot, dialog.ok_button)

    seen = in_dialog(qtbot, IssueKeyDialog, act, view.issue_key_button)
    dialog = seen["dialog"]
    assert dialog.result() == IssueKeyDialog.DialogCode.Accepted
    assert all(f.text() == "" for f in (dialog.authority_password, dialog.password_edit,
                                        dialog.again_edit))
    assert output.is_file() and owner_only(output)
    pair = keyfiles.load_key_file(output, KEY_PASSWORD.encode("utf-8"))
    assert certificates.subject_name(pair.certificate) == PERSON
    assert certificates.subject_role(pair.certificate) == ROLE
    assert pair.chain == (ca_pair.certificate,)
    years = certificates.valid_until(pair.certificate) - certificates.valid_from(pair.certificate)
    assert years.days == 365 * 3
    person = [r for r in rows(db) if r.kind == CertificateKind.PERSON]
    assert [(r.subject_name, r.role, r.trusted, r.issuer_sha256) for r in person] == [
        (PERSON, ROLE, False, certificates.fingerprint(ca_pair.certificate))]
    with db.session(write=False) as s:
        path = trust.check_certificate(s, pair.certificate, chain=pair.chain)
    assert path[-1] == ca_pair.certificate
    assert view.certificates.rowCount() == 2 and PERSON in view.keys_message.text()


def test_a_wrong_authority_password_writes_nothing(qtbot, arabic_ui, db, authority, tmp_path,
                                                   screenshot_dir):
    ca, _pair = authority
    view = show(qtbot, SettingsView(db))
    output = tmp_path / "mai.p12"
    before = audit_count(db)

    def act(dialog: IssueKeyDialog, seen: dict) -> None:
        fill(qtbot, *issue_steps(dialog, ca, "not the password", output, KEY_PASSWORD))
        click(qtbot, dialog.ok_button)
        seen["message"] = dialog.message()
        seen["focus"] = QApplication.focusWidget() is dialog.authority_password
        seen["emptied"] = dialog.authority_password.text() == ""
        dialog.grab().save(str(screenshot_dir / "i11_issue_wrong_password_ar.png"))

    seen = in_dialog(qtbot, IssueKeyDialog, act, view.issue_key_button)
    assert seen["message"] == arabic(KeyFileError("The password for {path} is wrong",
                                                  path=str(ca)))
    assert seen["message"] == f"كلمة المرور لـ \u2068{ca}\u2069 خاطئة"
    assert seen["focus"] and seen["emptied"]
    assert not output.exists() and len(rows(db)) == 1 and audit_count(db) == before


def test_a_file_that_is_not_a_key_file_is_told_apart(qtbot, arabic_ui, db, authority, tmp_path):
    view = show(qtbot, SettingsView(db))
    not_a_key = tmp_path / "notes.p12"
    not_a_key.write_text("hello")
    output = tmp_path / "mai.p12"

    def act(dialog: IssueKeyDialog, seen: dict) -> None:
        fill(qtbot, *issue_steps(dialog, not_a_key, CA_PASSWORD, output, KEY_PASSWORD))
        click(qtbot, dialog.ok_button)
        seen["message"] = dialog.message()
        seen["focus"] = QApplication.focusWidget() is dialog.authority.edit

    seen = in_dialog(qtbot, IssueKeyDialog, act, view.issue_key_button)
    assert seen["message"] == arabic(KeyFileError("{path} is not a key file (PKCS#12, .p12)",
                                                  path=str(not_a_key)))
    assert seen["focus"] and not output.exists() and len(rows(db)) == 1


def test_an_authority_the_records_do_not_trust_issues_nothing(qtbot, arabic_ui, db, tmp_path):
    stranger = certificates.create_authority("جهة أخرى")
    ca = tmp_path / "stranger.p12"
    keyfiles.write_new_file(ca, keyfiles.key_file_bytes(stranger, CA_PASSWORD.encode("utf-8")))
    view = show(qtbot, SettingsView(db))
    output = tmp_path / "mai.p12"

    def act(dialog: IssueKeyDialog, seen: dict) -> None:
        fill(qtbot, *issue_steps(dialog, ca, CA_PASSWORD, output, KEY_PASSWORD))
        click(qtbot, dialog.ok_button)
        seen["message"] = dialog.message()

    seen = in_dialog(qtbot, IssueKeyDialog, act, view.issue_key_button)
    assert seen["message"] == arabic(CertificateError(
        "The authority {name} is not one these records trust; add its certificate first "
        "(Trust another authority…)", name="جهة أخرى"))
    assert not output.exists() and rows(db) == [] and audit_count(db) == 0


def test_new_passwords_that_differ_issue_nothing(qtbot, arabic_ui, db, authority, tmp_path):
    ca, _pair = authority
    view = show(qtbot, SettingsView(db))
    output = tmp_path / "mai.p12"

    def act(dialog: IssueKeyDialog, seen: dict) -> None:
        fill(qtbot, *issue_steps(dialog, ca, CA_PASSWORD, output, KEY_PASSWORD, "typo password"))
        click(qtbot, dialog.ok_button)
        seen["message"] = dialog.message()
        seen["ca password kept"] = dialog.authority_password.text() == CA_PASSWORD

    seen = in_dialog(qtbot, IssueKeyDialog, act, view.issue_key_button)
    assert seen["message"] == arabic(KeyFileError("The two passwords differ; nothing was written"))
    assert seen["ca password kept"]
    assert not output.exists() and len(rows(db)) == 1


def test_the_new_key_file_can_not_be_the_authoritys_own(qtbot, arabic_ui, db, authority):
    ca, _pair = authority
    kept = ca.read_bytes()
    view = show(qtbot, SettingsView(db))

    def act(dialog: IssueKeyDialog, seen: dict) -> None:
        fill(qtbot, *issue_steps(dialog, ca, CA_PASSWORD, ca, KEY_PASSWORD))
        click(qtbot, dialog.ok_button)  # no question asked: no_message_box would fail it
        seen["message"] = dialog.message()

    seen = in_dialog(qtbot, IssueKeyDialog, act, view.issue_key_button)
    assert seen["message"] == arabic(KeyFileError(
        "The new key file can not replace the authority's own key file"))
    assert ca.read_bytes() == kept and len(rows(db)) == 1


# --- trusting another authority ------------------------------------------------------------------


def national_pem(tmp_path: Path) -> Path:
    other = certificates.create_authority("المركز الوطني للمصادقة")
    pem = tmp_path / "national.pem"
    pem.write_bytes(keyfiles.certificate_pem(other.certificate))
    return pem


def register_count(db, action: str) -> int:
    with db.session(write=False) as s:
        return s.execute(text("select count(*) from register where action = :a"),
                         {"a": action}).scalar_one()


def endorse_steps(dialog: TrustDialog, ca: Path, password: str) -> list[tuple[QWidget, str | None]]:
    return [(dialog.authority.edit, str(ca)), (dialog.authority.choose_button, None),
            (dialog.authority_password, password)]


def test_trusting_another_authority_takes_the_unit_authoritys_key(
        qtbot, arabic_ui, db, authority, tmp_path, screenshot_dir):
    """Chosen in the program's file dialog; the records have the unit's authority, so its
    key file and password are asked, and its key signs the register's entry."""
    ca, ca_pair = authority
    pem = national_pem(tmp_path)
    view = show(qtbot, SettingsView(db))
    before = register_count(db, "trust")
    seen: dict = {}

    def endorse(dialog: TrustDialog) -> None:
        seen["dialog"] = dialog
        assert dialog.isRightToLeft() and UNIT in dialog.explain.text()
        assert "المركز الوطني للمصادقة" in dialog.explain.text()
        fill(qtbot, *endorse_steps(dialog, ca, CA_PASSWORD))
        dialog.grab().save(str(screenshot_dir / "i11_trust_dialog_ar.png"))
        click(qtbot, dialog.ok_button)

    def choose(dialog: QFileDialog) -> None:
        field = QApplication.focusWidget()
        type_into_focus(qtbot, str(pem))
        seen["problems"] = modal_steps(qtbot, (TrustDialog, endorse))
        qtbot.keyClick(field, Qt.Key.Key_Return)

    problems = while_modal(qtbot, QFileDialog, choose)
    click(qtbot, view.trust_button)
    assert not problems, problems
    qtbot.waitUntil(lambda: "dialog" in seen and not seen["dialog"].isVisible(), timeout=5000)
    assert not seen["problems"], seen["problems"]
    assert seen["dialog"].authority_password.text() == ""  # emptied after use
    imported = [r for r in rows(db) if r.kind == CertificateKind.IMPORTED_AUTHORITY]
    assert [(r.trusted, r.subject_name) for r in imported] == [(True, "المركز الوطني للمصادقة")]
    assert register_count(db, "trust") == before + 1
    with db.session(write=False) as s:
        entry = s.execute(text("select signatures from register where action = 'trust' "
                               "order by seq desc limit 1")).scalar_one()
    assert certificates.fingerprint(ca_pair.certificate) in entry  # signed by the unit's key
    assert check_database(db).ok
    assert view.certificates.rowCount() == 2
    assert view.certificates.item(1, 2).text() == "جهة تصديق أخرى"
    assert view.keys_message.text() == "أصبحت \u2068المركز الوطني للمصادقة\u2069 موثوقة."
    assert view.trust_certificate(pem)  # again: said so, nothing asked, nothing added
    assert "موثوقة من قبل" in view.keys_message.text() and len(rows(db)) == 2


def test_without_the_units_authority_no_key_is_asked(qtbot, arabic_ui, db, tmp_path):
    pem = national_pem(tmp_path)
    view = show(qtbot, SettingsView(db))
    assert view.trust_certificate(pem)  # no modal: a TrustDialog would block here
    [row] = rows(db)
    assert (row.kind, row.trusted) == (CertificateKind.IMPORTED_AUTHORITY, True)
    assert view.trust_dialog is None


def _refused_endorsement(qtbot, db, view, pem, key: Path, password: str) -> dict:
    seen: dict = {}

    def act(dialog: TrustDialog) -> None:
        fill(qtbot, *endorse_steps(dialog, key, password))
        click(qtbot, dialog.ok_button)
        seen["message"] = dialog.message()
        seen["open"] = dialog.isVisible()
        seen["focus"] = QApplication.focusWidget()
        seen["password"] = dialog.authority_password.text()
        seen["dialog"] = dialog

    problems = while_modal(qtbot, TrustDialog, act)
    assert not view.trust_certificate(pem)  # the dialog was refused, then closed
    assert not problems, problems
    return seen


def test_a_wrong_unit_authority_password_trusts_nothing(qtbot, arabic_ui, db, authority,
                                                        tmp_path, screenshot_dir):
    ca, _pair = authority
    pem = national_pem(tmp_path)
    view = show(qtbot, SettingsView(db))
    before = (audit_count(db), register_count(db, "trust"), len(rows(db)))
    seen = _refused_endorsement(qtbot, db, view, pem, ca, "not the password")
    assert seen["message"] == arabic(KeyFileError("The password for {path} is wrong",
                                                  path=str(ca)))
    assert seen["open"] and seen["password"] == ""
    assert seen["focus"] is seen["dialog"].authority_password
    assert (audit_count(db), register_count(db, "trust"), len(rows(db))) == before
    assert not any(r.kind == CertificateKind.IMPORTED_AUTHORITY for r in rows(db))


def test_a_key_that_is_not_the_unit_authoritys_trusts_nothing(qtbot, arabic_ui, db, authority,
                                                              tmp_path):
    _ca, ca_pair = authority
    pem = national_pem(tmp_path)
    person = tmp_path / "mai.p12"
    write_keys(db, lambda s: operations.issue_key(s, ca_pair, PERSON, ROLE, person,
                                                  KEY_PASSWORD.encode("utf-8")))
    not_a_key = tmp_path / "notes.p12"
    not_a_key.write_text("hello")
    view = show(qtbot, SettingsView(db))
    before = (audit_count(db), register_count(db, "trust"), len(rows(db)))
    seen = _refused_endorsement(qtbot, db, view, pem, person, KEY_PASSWORD)
    assert seen["message"] == arabic(CertificateError(
        "The key file of {name} is not the key of the unit's authority {unit}; nothing was "
        "trusted", name=PERSON, unit=UNIT))
    assert seen["focus"] is seen["dialog"].authority.edit
    seen = _refused_endorsement(qtbot, db, view, pem, not_a_key, KEY_PASSWORD)
    assert seen["message"] == arabic(KeyFileError("{path} is not a key file (PKCS#12, .p12)",
                                                  path=str(not_a_key)))
    assert (audit_count(db), register_count(db, "trust"), len(rows(db))) == before


def test_a_certificate_that_is_not_an_authoritys_is_not_trusted(qtbot, arabic_ui, db,
                                                                 authority, tmp_path):
    _ca, ca_pair = authority
    person = certificates.issue(ca_pair, PERSON, ROLE)
    pem = tmp_path / "person.pem"
    pem.write_bytes(keyfiles.certificate_pem(person.certificate))
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n")
    view = show(qtbot, SettingsView(db))
    assert not view.trust_certificate(pem)
    assert view.keys_message.text() == arabic(CertificateError(
        "The certificate of {name} is not an authority's; only an authority's certificate "
        "can be trusted", name=PERSON))
    assert not view.trust_certificate(garbage)
    assert view.keys_message.text() == arabic(KeyFileError(
        "{path} holds no certificate (PEM or DER)", path=str(garbage)))
    assert len(rows(db)) == 1


def test_no_password_reaches_the_settings_or_the_log(qtbot, arabic_ui, db, tmp_path, caplog):
    from ogp_desktop.ui.common import settings

    view = show(qtbot, SettingsView(db))
    output = tmp_path / "unit.p12"

    def act(dialog: AuthorityDialog, seen: dict) -> None:
        fill(qtbot, *authority_steps(dialog, UNIT, output, CA_PASSWORD, CA_PASSWORD))
        click(qtbot, dialog.ok_button)

    in_dialog(qtbot, AuthorityDialog, act, view.create_authority_button)
    assert output.is_file()
    store = settings()
    store.sync()
    values = " ".join(str(store.value(k)) for k in store.allKeys())
    assert CA_PASSWORD not in values and CA_PASSWORD not in caplog.text


def test_the_key_file_is_chosen_in_the_programs_file_dialog(qtbot, arabic_ui, db, tmp_path):
    view = show(qtbot, SettingsView(db))
    folder = tmp_path / "keys"
    folder.mkdir()
    target = folder / "unit.p12"

    def save_as(dialog: QFileDialog) -> None:
        assert dialog.isRightToLeft() and dialog.property("purpose") == "key-files"
        assert dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave
        field = QApplication.focusWidget()
        field.selectAll()
        type_into_focus(qtbot, str(target))
        qtbot.keyClick(field, Qt.Key.Key_Return)

    def act(dialog: AuthorityDialog, seen: dict) -> None:
        chosen = while_modal(qtbot, QFileDialog, save_as)
        click(qtbot, dialog.output.choose_button)
        assert not chosen, chosen
        seen["path"] = dialog.output.edit.text()

    seen = in_dialog(qtbot, AuthorityDialog, act, view.create_authority_button)
    assert seen["path"] == str(target), seen
    assert not target.exists()  # chosen, not written: the dialog was cancelled
