"""Signing with a key on a card (PKCS#11, #11 item 1 and 7), on a real software token
(SoftHSM2, the PKCS#11 token Debian ships for testing): `sign ID --key pkcs11:…` as a
person types it, the card doing the signing of the records and of the PDF; a missing
card, a wrong PIN, a key or library that is not there: one clear line, nothing written.
Signing with the card runs on a SQLite file and on a database of the private PostgreSQL
server; the card's refusals (before the records are written) on the file only."""

from __future__ import annotations

import subprocess
from urllib.parse import quote

import pytest
from command_line import cli, one_line
from required_tools import require_tool
from softhsm_card import make_card

from ogp_desktop.core.keys import certificates

CARD, KEY_LABEL, PIN = "بطاقة مي", "توقيع", "246810"
UNIT, NAME, ROLE = "وحدة الحكومة المنفتحة", "مي عليمات", "رئيسة اللجنة"




def uri(card: str = CARD, key: str = KEY_LABEL) -> str:
    return f"pkcs11:token={quote(card)};object={quote(key)}"


@pytest.fixture
def token(tmp_path, monkeypatch):
    """A card labelled CARD holding NAME's EC key and certificate (issued by the unit's
    authority, as a licensed authority issues a card), and the authority."""
    unit = certificates.create_authority(UNIT)
    person = certificates.issue(unit, NAME, ROLE)
    make_card(tmp_path, monkeypatch, CARD, PIN, KEY_LABEL, person)
    return unit, person


@pytest.fixture
def records(tmp_path, token, demo_target):
    """Demo records that trust the card's authority, with one approved draft: (db, id)."""
    from ogp_desktop.core.db import open_database
    from ogp_desktop.core.keys import trust
    from ogp_desktop.core.models import CertificateKind, Meeting, MinutesStatus
    from ogp_desktop.core.services import signing

    unit, _ = token
    path = demo_target
    db = open_database(path)
    try:
        with db.session() as s:
            trust.add_anchor(s, unit.certificate, CertificateKind.UNIT_AUTHORITY, endorsed_by=unit)
            draft = s.query(Meeting).filter(Meeting.status == MinutesStatus.DRAFT).first()
            assert draft is not None
            signing.approve(s, draft.id)
            mid = draft.id
    finally:
        db.close()
    return path, mid


def test_signing_with_a_card_signs_records_and_pdf(records, tmp_path, dbtools):
    path, mid = records
    pin = tmp_path / "pin.txt"
    pin.write_text(PIN + "\n", encoding="utf-8")
    code, out, err = cli("--db", path, "sign", mid, "--key", uri(), "--password-file", pin)
    assert code == 0, err
    assert f"signed minutes {mid} version" in out
    row = dbtools.sql(path, "SELECT kind, signer_name, role, length(value) FROM signatures "
                            "WHERE meeting_id = ?", (mid,))
    assert row == [("key", NAME, ROLE, row[0][3])] and row[0][3] > 0  # the certificate's name
    code, out, err = cli("--db", path, "verify", mid)
    assert code == 0, err
    assert "with a key" in out and NAME in out

    pdf = tmp_path / "signed.pdf"
    code, _, err = cli("--db", path, "export-minutes", mid, "--format", "pdf", "-o", pdf)
    assert code == 0, err
    code, out, err = cli("--db", path, "verify", pdf)
    assert code == 0, err
    assert NAME in out and "unchanged since it was signed" in out
    require_tool("pdfsig")
    sig = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True)
    assert "Signature is Valid." in sig.stdout and "Total document signed" in sig.stdout


@pytest.mark.sqlite_only(reason="the card refuses before the records are written (10 whole "
                                "command lines); the server signs in the test above")
@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("case, expected", [
    ("wrong-pin", {"en": "PIN of the card", "ar": "رمز"}),
    ("no-card", {"en": "insert it", "ar": "أدخل"}),
    ("no-key", {"en": "holds no key labelled", "ar": "لا تحمل"}),
    ("no-library", {"en": "can not be loaded", "ar": "تعذر"}),
    ("not-a-uri", {"en": "does not name both", "ar": "لا يسمي"}),
])
def test_a_card_problem_is_one_line_and_nothing_is_written(records, tmp_path, dbtools, case,
                                                           expected, lang):
    path, mid = records
    before = dbtools.dump(path)
    key, env = uri(), {"OGP_DESKTOP_KEY_PASSWORD": PIN}
    if case == "wrong-pin":
        env["OGP_DESKTOP_KEY_PASSWORD"] = "000000"
    elif case == "no-card":
        key = uri(card="بطاقة أخرى")
    elif case == "no-key":
        key = uri(key="مفتاح آخر")
    elif case == "no-library":
        env["OGP_DESKTOP_PKCS11_LIB"] = str(tmp_path / "no-such-driver.so")
    elif case == "not-a-uri":
        key = f"pkcs11:token={quote(CARD)}"
    code, out, err = cli("--db", path, "sign", mid, "--key", key, env=env, lang=lang)
    assert code == 1 and out == ""
    line = one_line(err)
    assert expected[lang] in line, line
    if case == "no-card":
        assert CARD in line  # the cards that are present are named
    assert dbtools.dump(path) == before
