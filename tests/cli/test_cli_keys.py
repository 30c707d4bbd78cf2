"""`authority init|issue` and `trust add|list|check` as a person types them (#11, items 1
and 7): real files, a real database; each bad input is one line in the user's language,
exit 1, and nothing written. The authority and trust commands also run on a database of the
private PostgreSQL server (init, issue, list, check, add); the refusals of a key file, which
come before the records are written, on the SQLite file only (each case starts Python)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from command_line import cli, one_line

from ogp_desktop.core.keys import certificates, keyfiles

UNIT, NAME, ROLE = "وحدة الحكومة المنفتحة", "مي عليمات", "مقررة اللجنة"
ENV = {"OGP_DESKTOP_CA_PASSWORD": "ca-password-1", "OGP_DESKTOP_KEY_PASSWORD": "key-password-1"}




@pytest.fixture
def unit(tmp_path, fresh_target):
    """Records with the unit's authority made by `authority init`: (db, UNIT.p12)."""
    records = fresh_target
    code, out, err = cli("--db", records, "authority", "init", "--name", UNIT,
                         "-o", tmp_path / "unit.p12", env=ENV)
    assert code == 0, err
    assert UNIT in out
    return records, tmp_path / "unit.p12"


def test_init_issue_list_check(unit, tmp_path):
    records, ca = unit
    pw = tmp_path / "pw.txt"
    pw.write_text("another-password\n", encoding="utf-8")  # the newline is not the password's
    code, out, err = cli("--db", records, "authority", "issue", "--ca", ca, "--name", NAME,
                         "--role", ROLE, "-o", tmp_path / "mai.p12", "--password-file", pw, env=ENV)
    assert code == 0, err
    assert NAME in out and ROLE in out
    pair = keyfiles.load_key_file(tmp_path / "mai.p12", b"another-password")
    assert certificates.subject_name(pair.certificate) == NAME
    code, out, err = cli("--db", records, "trust", "list", "--json")
    assert code == 0 and [r["name"] for r in json.loads(out)] == [UNIT]
    code, out, err = cli("--db", records, "trust", "check", tmp_path / "mai.p12",
                         "--password-file", pw, lang="ar")
    assert code == 0, err
    assert "صالحة للتوقيع" in out and NAME in out


@pytest.mark.sqlite_only(reason="a refusal of the key file; the server's records are written "
                                "by test_init_issue_list_check")
@pytest.mark.parametrize("lang, words", [("en", "is wrong"), ("ar", "خاطئة")])
def test_a_wrong_authority_password_is_one_line_and_writes_nothing(unit, tmp_path, dbtools,
                                                                    lang, words):
    records, ca = unit
    before = dbtools.dump(records)
    code, out, err = cli("--db", records, "authority", "issue", "--ca", ca, "--name", NAME,
                         "--role", ROLE, "-o", tmp_path / "mai.p12", lang=lang,
                         env={**ENV, "OGP_DESKTOP_CA_PASSWORD": "not-the-password"})
    assert code == 1 and out == ""
    assert words in one_line(err)
    assert not (tmp_path / "mai.p12").exists()
    assert dbtools.dump(records) == before


@pytest.mark.sqlite_only(reason="a refusal of the key file, before the records")
def test_a_ca_that_is_not_pkcs12_is_refused(unit, tmp_path):
    records, _ = unit
    (tmp_path / "fake.p12").write_text("not a key", encoding="utf-8")
    code, out, err = cli("--db", records, "authority", "issue", "--ca", tmp_path / "fake.p12",
                         "--name", NAME, "--role", ROLE, "-o", tmp_path / "mai.p12", env=ENV)
    assert code == 1
    assert "is not a key file" in one_line(err)
    assert not (tmp_path / "mai.p12").exists()


@pytest.mark.sqlite_only(reason="about the key file written")
def test_an_existing_output_is_refused_unless_forced(unit, tmp_path):
    records, ca = unit
    kept = ca.read_bytes()
    code, out, err = cli("--db", records, "authority", "init", "--name", "x", "-o", ca, env=ENV)
    assert code == 1 and "exists already" in one_line(err) and "--force" in err
    assert ca.read_bytes() == kept
    code, out, err = cli("--db", records, "authority", "init", "--name", "x", "-o", ca,
                         "--force", env=ENV)
    assert code == 0, err
    assert ca.read_bytes() != kept


@pytest.mark.sqlite_only(reason="about the password prompt, before the records")
def test_no_password_and_no_terminal_is_one_line(unit, tmp_path):
    records, ca = unit
    code, out, err = cli("--db", records, "authority", "init", "--name", "y",
                         "-o", tmp_path / "y.p12",
                         env={"OGP_DESKTOP_CA_PASSWORD": "", "OGP_DESKTOP_KEY_PASSWORD": ""})
    assert code == 1
    line = one_line(err)
    assert "--password-file" in line and "OGP_DESKTOP_CA_PASSWORD" in line
    assert not (tmp_path / "y.p12").exists()


@pytest.mark.sqlite_only(reason="a refusal of the certificate file, before the records")
def test_trust_add_an_unreadable_or_bad_certificate(unit, tmp_path, dbtools):
    records, _ = unit
    before = dbtools.dump(records)
    (tmp_path / "bad.pem").write_text("hello", encoding="utf-8")
    for path, words in ((tmp_path / "missing.pem", "can not be read"),
                        (tmp_path / "bad.pem", "holds no certificate")):
        code, out, err = cli("--db", records, "trust", "add", path)
        assert code == 1 and words in one_line(err)
    assert dbtools.dump(records) == before


def test_untrusted_then_trusted_authority_and_expired_certificate(unit, tmp_path):
    records, ca = unit
    other = certificates.create_authority("Licensed CA")
    person = certificates.issue(other, NAME, ROLE)
    (tmp_path / "other.pem").write_bytes(keyfiles.certificate_pem(other.certificate))
    (tmp_path / "person.pem").write_bytes(keyfiles.certificate_pem(person.certificate))
    code, out, err = cli("--db", records, "trust", "check", tmp_path / "person.pem", lang="ar")
    assert code == 1 and "لم تصدر" in one_line(err)
    code, out, err = cli("--db", records, "trust", "add", tmp_path / "other.pem")
    assert code == 1 and "--ca" in one_line(err)  # the unit's authority must endorse it
    code, out, err = cli("--db", records, "trust", "add", tmp_path / "other.pem", "--ca", ca, env=ENV)
    assert code == 0 and "now trusted" in out
    code, out, err = cli("--db", records, "trust", "check", tmp_path / "person.pem")
    assert code == 0, err
    old = certificates.issue(other, NAME, ROLE, days=5,
                             not_before=dt.datetime.now(dt.UTC) - dt.timedelta(days=20))
    (tmp_path / "old.pem").write_bytes(keyfiles.certificate_pem(old.certificate))
    code, out, err = cli("--db", records, "trust", "check", tmp_path / "old.pem")
    assert code == 1 and "expired on" in one_line(err)
