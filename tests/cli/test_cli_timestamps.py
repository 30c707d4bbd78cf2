"""The unit's timestamp server kept with the records (Settings → Seal and timestamp, or
core.services.settings.set_timestamp_url), as `sign` and `export-minutes --seal` use it:
the setting gives B-T signatures and seals from a real RFC 3161 server on 127.0.0.1;
`--timestamp-url` (and OGP_DESKTOP_TIMESTAMP_URL) overrides it. A server that does not
answer leaves the signatures without a timestamp (B-B), says so on stderr, and the
command still succeeds. The setting kept with the records is also read from a database of
the private PostgreSQL server (the first test); the other cases, about the option, the
environment and the warnings, on the SQLite file (each case starts Python)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from timestamp_server import silent_url, timestamp_server

from ogp_desktop.core.db import open_database
from ogp_desktop.core.keys import operations, trust
from ogp_desktop.core.models import Meeting, MinutesStatus, SignedPdf
from ogp_desktop.core.services import settings, signing
from ogp_desktop.pdf import pades

UNIT, NAME, ROLE = "وحدة الحكومة المنفتحة", "مي عليمات", "مقررة اللجنة"
ENV = {"OGP_DESKTOP_KEY_PASSWORD": "key-password-1",
       "OGP_DESKTOP_SEAL_PASSWORD": "seal-password-1", "OGP_DESKTOP_TIMESTAMP_URL": ""}
NO_ANSWER = "the timestamp server did not answer"


def cli(*argv, env: dict | None = None, lang: str = "en"):
    """The real command, as a person types it (no terminal: passwords never prompted)."""
    proc = subprocess.run(
        [sys.executable, "-m", "ogp_desktop.cli", *map(str, argv)], capture_output=True,
        text=True, encoding="utf-8", timeout=120, stdin=subprocess.DEVNULL,
        env={**os.environ, "OGP_DESKTOP_LANG": lang, **ENV, **(env or {})})
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc.returncode, proc.stdout, proc.stderr


class Records:
    """Demo records with the unit's authority, Mai's signing key and the unit's seal key,
    one approved draft (to sign) and minutes signed on paper (to seal)."""

    def __init__(self, path, folder):
        self.path, self.folder = path, folder
        self.mai, self.seal = folder / "mai.p12", folder / "seal.p12"
        db = open_database(path)
        try:
            with db.session() as s:
                self.unit, _ = operations.init_authority(s, UNIT, folder / "unit.p12",
                                                         b"ca-password-1")
                operations.issue_key(s, self.unit, NAME, ROLE, self.mai, b"key-password-1")
                operations.issue_key(s, self.unit, UNIT, "ختم الوحدة", self.seal,
                                     b"seal-password-1")
                draft = s.query(Meeting).filter(Meeting.status == MinutesStatus.DRAFT).first()
                signing.approve(s, draft.id)
                self.approved = draft.id
                self.signed = s.query(Meeting).filter(
                    Meeting.status == MinutesStatus.SIGNED).first().id
        finally:
            db.close()

    def set_timestamp_url(self, url: str | None) -> None:
        db = open_database(self.path)
        try:
            with db.session() as s:
                settings.set_timestamp_url(s, url)
        finally:
            db.close()

    def check(self, pdf: bytes) -> pades.PdfCheck:
        db = open_database(self.path)
        try:
            with db.session(write=False) as s:
                return pades.verify_pdf(pdf, trust.anchor_certificates(s))
        finally:
            db.close()

    def signed_pdf(self, meeting_id: int) -> bytes:
        db = open_database(self.path)
        try:
            with db.session(write=False) as s:
                return s.get(SignedPdf, meeting_id).data
        finally:
            db.close()


@pytest.fixture
def records(tmp_path, demo_target) -> Records:
    return Records(demo_target, tmp_path)


def sign(records: Records, *extra, env: dict | None = None, lang: str = "en"):
    return cli("--db", records.path, "sign", records.approved, "--key", records.mai, *extra,
               env=env, lang=lang)


def export_sealed(records: Records, out, *extra, env: dict | None = None):
    return cli("--db", records.path, "export-minutes", records.signed, "--format", "pdf",
               "-o", out, "--seal", records.seal, *extra, env=env)


def test_sign_asks_the_timestamp_server_kept_with_the_records(records):
    with timestamp_server(records.unit) as server:
        records.set_timestamp_url(server.url)
        code, out, err = sign(records)
    assert code == 0, err
    assert err == "", (err, server.failures)  # the server answered: no warning
    assert set(server.requests) == {"application/timestamp-query"} and not server.failures
    check = records.check(records.signed_pdf(records.approved))
    assert check.ok
    [signature] = check.signatures
    assert signature.signer_name == NAME and signature.timestamp_at is not None  # B-T


@pytest.mark.sqlite_only(reason="the option and the environment, not the records; the "
                                "setting on the server is read in the test above")
def test_the_option_and_the_environment_override_the_setting(records, tmp_path):
    kept, given = silent_url(), silent_url()
    assert kept != given
    records.set_timestamp_url(kept)
    code, out, err = sign(records, "--timestamp-url", given)
    assert code == 0, err  # signed all the same, without a timestamp
    assert NO_ANSWER in err and given in err and kept not in err
    assert "the signatures carry no timestamp" in err
    assert len(err.strip().splitlines()) == 1  # told once
    check = records.check(records.signed_pdf(records.approved))
    assert check.ok and check.signatures[0].timestamp_at is None  # B-B

    sealed = tmp_path / "sealed.pdf"
    code, out, err = export_sealed(records, sealed, env={"OGP_DESKTOP_TIMESTAMP_URL": given})
    assert code == 0, err
    assert NO_ANSWER in err and given in err and kept not in err
    assert "the seal carries no timestamp" in err
    check = records.check(sealed.read_bytes())
    assert check.ok and check.signatures[-1].field == pades.SEAL_FIELD
    assert check.signatures[-1].timestamp_at is None


@pytest.mark.sqlite_only(reason="the option, not the records")
def test_an_empty_option_asks_no_server(records, tmp_path):
    records.set_timestamp_url(silent_url())
    code, out, err = export_sealed(records, tmp_path / "sealed.pdf", "--timestamp-url", "")
    assert code == 0 and err == "", err


@pytest.mark.sqlite_only(reason="the seal from the records' setting: as the signing of the "
                                "first test, which runs on the server too")
def test_the_seal_is_timestamped_by_the_setting_and_the_warning_is_arabic(records, tmp_path):
    with timestamp_server(records.unit) as server:
        records.set_timestamp_url(server.url)
        code, out, err = export_sealed(records, tmp_path / "sealed.pdf")
    assert code == 0 and err == "", err
    check = records.check((tmp_path / "sealed.pdf").read_bytes())
    assert check.ok
    [seal] = check.signatures  # minutes signed on paper: the seal is their only signature
    assert seal.field == pades.SEAL_FIELD and seal.timestamp_at is not None

    url = silent_url()
    records.set_timestamp_url(url)
    code, out, err = sign(records, lang="ar")
    assert code == 0, err
    assert "الختم الزمني" in err and url in err and NO_ANSWER not in err


@pytest.mark.sqlite_only(reason="the option is refused before the records are written")
@pytest.mark.parametrize("url", ["timestamp.example.org", "ftp://timestamp.example.org",
                                 "http://", "http://exa mple.org"])
def test_a_timestamp_url_that_is_not_http_is_one_line_and_signs_nothing(records, url):
    code, out, err = sign(records, "--timestamp-url", url)
    assert code == 1 and out == ""
    [line] = err.strip().splitlines()
    line = line.replace("\u2068", "").replace("\u2069", "")  # the addresses isolated
    assert line == ("error: Timestamp server: must be an address that starts with http:// or "
                    "https://, such as http://timestamp.example.org")
    db = open_database(records.path)
    try:
        with db.session(write=False) as s:
            assert s.get(Meeting, records.approved).status == MinutesStatus.APPROVED
    finally:
        db.close()


@pytest.mark.sqlite_only(reason="a usage error, before the records are opened")
def test_a_timestamp_url_without_a_seal_is_a_usage_error(records, tmp_path):
    code, out, err = cli("--db", records.path, "export-minutes", records.signed, "--format",
                         "pdf", "-o", tmp_path / "x.pdf", "--timestamp-url", silent_url())
    assert code == 2 and "--timestamp-url goes with --seal" in err
    assert not (tmp_path / "x.pdf").exists()
