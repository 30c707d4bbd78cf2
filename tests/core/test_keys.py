"""Keys outside the records (#11, items 1 and 7): the unit's authority, people's signing
keys in password-protected PKCS#12 files, trust anchors in the records, and bad input
refused with one clear message and nothing written."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ogp_desktop.core.errors import BIDI_CONTROLS, CertificateError, KeyFileError, ValidationError
from ogp_desktop.core.keys import certificates, keyfiles, operations, trust
from ogp_desktop.core.models import Certificate, CertificateKind

UNIT = "وحدة الحكومة المنفتحة"
NAME, ROLE = "أحمد محمد العبدالله", "رئيس اللجنة التوجيهية"
CA_PW, PW = b"ca-password-1", b"person-password-1"
NOW = dt.datetime.now(dt.UTC)


@pytest.fixture
def unit(db, tmp_path):
    """The unit's authority made through init_authority: (key pair, its key file)."""
    with db.session() as session:
        pair, _ = operations.init_authority(session, UNIT, tmp_path / "unit.p12", CA_PW)
    return pair, tmp_path / "unit.p12"


def test_init_issue_load_and_validate(db, unit, tmp_path):
    _, ca_file = unit
    authority = keyfiles.load_key_file(ca_file, CA_PW)
    with db.session() as session:
        issued, _ = operations.issue_key(session, authority, NAME, ROLE, tmp_path / "p.p12", PW)
    loaded = keyfiles.load_key_file(tmp_path / "p.p12", PW)
    assert loaded.certificate == issued.certificate
    assert loaded.chain == (authority.certificate,)
    assert certificates.subject_name(loaded.certificate) == NAME
    assert certificates.subject_role(loaded.certificate) == ROLE
    with db.session(write=False) as session:
        path = trust.check_certificate(session, loaded.certificate, chain=loaded.chain)
        assert [certificates.subject_name(c) for c in path] == [NAME, UNIT]
        rows = {r.kind: r for r in session.query(Certificate)}
        assert rows[CertificateKind.UNIT_AUTHORITY].trusted
        assert rows[CertificateKind.PERSON].subject_name == NAME
        assert not rows[CertificateKind.PERSON].trusted
        assert [a.subject_name for a in trust.trust_anchors(session)] == [UNIT]
    usage = loaded.certificate.extensions.get_extension_for_class(
        certificates.x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    assert (tmp_path / "p.p12").stat().st_mode & 0o077 == 0  # the owner's only


def test_arabic_names_are_utf8strings_in_the_certificate():
    ca = certificates.create_authority(UNIT)
    person = certificates.issue(ca, NAME, ROLE)
    attr = person.certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0]
    assert attr.value == NAME
    assert attr._type.name == "UTF8String"  # the ASN.1 string type (cryptography keeps it here)
    der = certificates.der(person.certificate)
    assert NAME.encode("utf-8") in der and ROLE.encode("utf-8") in der


def test_a_long_arabic_name_up_to_64_letters_fits():
    name = "ع" * 64  # 128 bytes of UTF-8: X.520 counts characters
    person = certificates.issue(certificates.create_authority(UNIT), name, ROLE)
    assert certificates.subject_name(person.certificate) == name
    with pytest.raises(ValidationError):
        certificates.issue(certificates.create_authority(UNIT), name + "ع", ROLE)


def test_wrong_password_and_not_pkcs12_are_told_apart(unit, tmp_path):
    _, ca_file = unit
    with pytest.raises(KeyFileError, match="password .* is wrong"):
        keyfiles.load_key_file(ca_file, b"not-the-password")
    for name, data in (("text.p12", "محضر".encode()), ("empty.p12", b""),
                       ("cert.p12", keyfiles.certificate_pem(unit[0].certificate)),
                       ("der.p12", certificates.der(unit[0].certificate))):
        (tmp_path / name).write_bytes(data)
        with pytest.raises(KeyFileError, match="is not a key file"):
            keyfiles.load_key_file(tmp_path / name, CA_PW)
    with pytest.raises(KeyFileError, match="can not be read"):
        keyfiles.load_key_file(tmp_path / "missing.p12", CA_PW)


def test_wrong_authority_password_writes_nothing(db, unit, tmp_path, dbtools):
    before = dbtools.dump(db)
    with pytest.raises(KeyFileError):
        keyfiles.load_key_file(unit[1], b"wrong-password")
    assert dbtools.dump(db) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".p12") == ["unit.p12"]


def _issued(unit, *, not_before, days):
    return certificates.issue(unit[0], NAME, ROLE, not_before=not_before, days=days)


def test_expired_and_not_yet_valid_certificates_are_refused(db, unit):
    expired = _issued(unit, not_before=NOW - dt.timedelta(days=30), days=10)
    future = _issued(unit, not_before=NOW + dt.timedelta(days=10), days=10)
    with db.session(write=False) as session:
        with pytest.raises(CertificateError, match="expired on"):
            trust.check_certificate(session, expired.certificate)
        with pytest.raises(CertificateError, match="not valid yet"):
            trust.check_certificate(session, future.certificate)
        # at a moment inside their windows, both are good
        trust.check_certificate(session, expired.certificate, at=NOW - dt.timedelta(days=25))
        trust.check_certificate(session, future.certificate, at=NOW + dt.timedelta(days=15))


def test_an_untrusted_authority_is_refused_until_added(db, unit, tmp_path):
    other = certificates.create_authority("جهة أخرى")
    person = certificates.issue(other, NAME, ROLE)
    with db.session(write=False) as session:
        with pytest.raises(CertificateError, match="not issued by an authority these records"):
            trust.check_certificate(session, person.certificate, chain=person.chain)
    pem = tmp_path / "other.pem"
    pem.write_bytes(keyfiles.certificate_pem(other.certificate))
    with db.session() as session:  # the unit has an authority: only its key endorses another
        with pytest.raises(CertificateError, match="needs the key of the unit's authority"):
            operations.add_trusted(session, pem)
        with pytest.raises(CertificateError, match="needs the key of the unit's authority"):
            operations.add_trusted(session, pem, endorsed_by=other)
    with db.session() as session:
        [(row, added)] = operations.add_trusted(session, pem, endorsed_by=unit[0])
        assert added and row.kind == CertificateKind.IMPORTED_AUTHORITY
        [(_, added)] = operations.add_trusted(session, pem, endorsed_by=unit[0])
        assert not added
    with db.session(write=False) as session:
        trust.check_certificate(session, person.certificate)
        assert len(trust.trust_anchors(session)) == 2


def test_issuing_needs_a_trusted_authority(db, tmp_path):
    stranger = certificates.create_authority("جهة غير موثوقة")
    with db.session() as session:
        with pytest.raises(CertificateError, match="not one these records trust"):
            operations.issue_key(session, stranger, NAME, ROLE, tmp_path / "p.p12", PW)
    assert not (tmp_path / "p.p12").exists()


def test_no_authority_in_the_records_trusts_nothing(db):
    person = certificates.issue(certificates.create_authority(UNIT), NAME, ROLE)
    with db.session(write=False) as session:
        with pytest.raises(CertificateError, match="not issued by"):
            trust.check_certificate(session, person.certificate)


def test_only_an_authoritys_certificate_can_be_trusted(db, unit, tmp_path):
    person = certificates.issue(unit[0], NAME, ROLE)
    (tmp_path / "p.pem").write_bytes(keyfiles.certificate_pem(person.certificate))
    (tmp_path / "junk.pem").write_text("-----BEGIN CERTIFICATE-----\nnope\n")
    with db.session() as session:
        with pytest.raises(CertificateError, match="not an authority's"):
            operations.add_trusted(session, tmp_path / "p.pem")
        with pytest.raises(KeyFileError, match="holds no certificate"):
            operations.add_trusted(session, tmp_path / "junk.pem")
        with pytest.raises(KeyFileError, match="can not be read"):
            operations.add_trusted(session, tmp_path / "missing.pem")


def test_a_der_certificate_is_trusted_too(db, tmp_path):
    other = certificates.create_authority("Licensed CA")
    (tmp_path / "ca.der").write_bytes(certificates.der(other.certificate))
    with db.session() as session:
        [(row, added)] = operations.add_trusted(session, tmp_path / "ca.der")
    assert added and row.subject_name == "Licensed CA"


def test_an_existing_output_is_refused_and_kept(db, unit, tmp_path):
    _, ca_file = unit
    digest = ca_file.read_bytes()
    with db.session() as session:
        with pytest.raises(KeyFileError, match="exists already"):
            operations.init_authority(session, "x", ca_file, CA_PW)
    assert ca_file.read_bytes() == digest
    with db.session() as session:  # explicitly replaced
        operations.init_authority(session, "y", ca_file, CA_PW, overwrite=True)
    assert ca_file.read_bytes() != digest


def test_a_short_new_password_is_refused(db, tmp_path):
    with db.session() as session:
        with pytest.raises(KeyFileError, match="at least 8"):
            operations.init_authority(session, UNIT, tmp_path / "u.p12", b"short")
    assert not (tmp_path / "u.p12").exists()


_KEY_MARKERS = (
    b"PRIVATE KEY",  # a PEM key
    b"\x06\x0b\x2a\x86\x48\x86\xf7\x0d\x01\x0c\x0a\x01\x02",  # pkcs8ShroudedKeyBag's OID
    b"\x06\x0a\x2a\x86\x48\x86\xf7\x0d\x01\x0c\x0a\x01",  # PKCS#12 bag types' OID arc
)


def test_the_database_never_holds_private_key_material(db, unit, tmp_path, dbtools):
    authority = keyfiles.load_key_file(unit[1], CA_PW)
    with db.session() as session:
        person, _ = operations.issue_key(session, authority, NAME, ROLE, tmp_path / "p.p12", PW)
    secrets = [_key_der(authority.key), _key_der(person.key), unit[1].read_bytes(),
               (tmp_path / "p.p12").read_bytes()]
    raw = _every_value(dbtools.dump(db))
    for blob in raw:
        for marker in _KEY_MARKERS:
            assert marker not in blob
        for secret in secrets:
            assert secret not in blob
    scalars = [k.private_numbers().private_value.to_bytes(32, "big")
               for k in (authority.key, person.key)]
    assert not any(s in blob for s in scalars for blob in raw)
    if db.store.file is not None:  # the file as a whole too (the WAL checkpointed by closing)
        db.close()
        whole = db.path.read_bytes()
        assert not any(s in whole for s in scalars + secrets[:2])


def _key_der(key) -> bytes:
    return key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _every_value(tables: dict[str, list[tuple]]) -> list[bytes]:
    """Every value of every row of the records, as bytes."""
    return [bytes(v) if isinstance(v, bytes | memoryview) else str(v).encode()
            for rows in tables.values() for row in rows for v in row]


def test_the_unit_authority_is_a_ca_limited_to_issuing():
    ca = certificates.create_authority(UNIT)
    bc = ca.certificate.extensions.get_extension_for_class(certificates.x509.BasicConstraints)
    assert bc.value.ca and bc.value.path_length == 0 and bc.critical
    with pytest.raises(ValidationError, match="not a certificate authority"):
        certificates.issue(certificates.issue(ca, NAME, ROLE), "x", "y")


# --- names -----------------------------------------------------------------------------------

@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.one_of(
    st.characters(min_codepoint=0x600, max_codepoint=0x6ff),  # Arabic
    st.characters(min_codepoint=0x20, max_codepoint=0x7e),  # Latin
    st.sampled_from(sorted(BIDI_CONTROLS) + ["\x00", "\n", "\u2028", "\t"]),
    st.characters()), min_size=0, max_size=70))
def test_any_name_round_trips_or_is_refused_clearly(name):
    import unicodedata

    ca = _AUTHORITY
    try:
        person = certificates.issue(ca, name, ROLE)
    except ValidationError as exc:
        text = unicodedata.normalize("NFC", name).strip()
        assert (not text or len(text) > certificates.MAX_NAME
                or any(ch in BIDI_CONTROLS or unicodedata.category(ch) in ("Cc", "Zl", "Zp", "Cs")
                       for ch in text)), name
        assert "\n" not in exc.render() and "\x00" not in exc.render()
        return
    kept = certificates.subject_name(person.certificate)
    assert kept == unicodedata.normalize("NFC", name).strip()
    assert "\x00" not in kept and not (set(kept) & BIDI_CONTROLS)
    reloaded = certificates.x509.load_der_x509_certificate(certificates.der(person.certificate))
    assert certificates.subject_name(reloaded) == kept


_AUTHORITY = certificates.create_authority(UNIT)


def test_nul_in_a_name_is_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as caught:
        certificates.issue(_AUTHORITY, "أحمد\x00محمد", ROLE)
    assert "\\x00" in caught.value.render()
    assert caught.value.field == "name"


# --- the foundation fits: pyHanko signs with an issued key, pdfsig says valid ------------------

@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="pdfsig (poppler-utils) not installed")
def test_pyhanko_signs_with_an_issued_key_and_pdfsig_says_valid(db, unit, tmp_path):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from reportlab.pdfgen import canvas

    authority = keyfiles.load_key_file(unit[1], CA_PW)
    with db.session() as session:
        operations.issue_key(session, authority, NAME, ROLE, tmp_path / "p.p12", PW)
    buf = io.BytesIO()
    page = canvas.Canvas(buf)
    page.drawString(100, 700, "minutes")
    page.save()
    signer = signers.SimpleSigner.load_pkcs12(str(tmp_path / "p.p12"), passphrase=PW)
    assert signer is not None
    signed = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(buf.getvalue())),
                              signers.PdfSignatureMetadata(field_name="Signature1"), signer=signer)
    (tmp_path / "signed.pdf").write_bytes(signed.getvalue())
    out = subprocess.run(["pdfsig", str(tmp_path / "signed.pdf")], capture_output=True,
                         text=True, encoding="utf-8").stdout
    assert "Signature is Valid." in out
    assert NAME in out and "Total document signed" in out
