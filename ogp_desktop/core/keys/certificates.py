"""Making the unit's certificate authority and issuing people's signing certificates.

Keys are EC P-256: quick to make (a test suite makes dozens), accepted by pyHanko, Poppler
and Adobe Reader for PDF signatures. Names are UTF8String (cryptography's default for these
attributes), so Arabic names are kept as typed; they are checked first, so a control
character or direction mark can not hide in a certificate that a PDF reader will show."""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from ogp_desktop.core.errors import BIDI_CONTROLS, ValidationError, escape_text

AUTHORITY_YEARS = 10
PERSON_YEARS = 3
# X.520's upper bound for a common name and a title (ub-common-name, ub-title): characters.
MAX_NAME = 64


# The keys a signer may hold: the unit's (EC) and a licensed authority's (often RSA).
SigningKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


@dataclass(frozen=True)
class KeyPair:
    """A private key with its certificate and the certificates above it (issuer first)."""

    key: SigningKey
    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...] = field(default=())


def check_name(value: str, field_name: str = "name") -> str:
    """`value` as a certificate keeps it (NFC, trimmed), or a ValidationError saying why
    not: empty, too long, or holding a control character, a line break or a direction mark
    (NUL among them: it would end the name in C programs reading the certificate)."""
    text = unicodedata.normalize("NFC", str(value)).strip()
    if not text:
        raise ValidationError("is required", field=field_name)
    for ch in text:
        if ch in BIDI_CONTROLS or unicodedata.category(ch) in ("Cc", "Zl", "Zp", "Cs"):
            raise ValidationError(
                "A name in a certificate can not contain control characters or direction "
                "marks ({char})", field=field_name, char=escape_text(ch))
    if len(text) > MAX_NAME:
        raise ValidationError("A name in a certificate can have at most {n} characters",
                              field=field_name, n=MAX_NAME)
    return text


def _attribute(oid: x509.ObjectIdentifier, value: str) -> x509.NameAttribute[str]:
    # check_name has bounded the value to 64 characters, X.520's limit; cryptography counts
    # UTF-8 bytes for the common name instead, which would cut Arabic names at 32 letters
    # (and warns about a longer one, here and wherever it reads one: _quiet).
    with _quiet():
        return x509.NameAttribute(oid, value, _validate=False)


@contextmanager
def _quiet() -> Iterator[None]:
    """cryptography's warning about a common name over 64 bytes (not characters), muted."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Attribute's length must be",
                                category=UserWarning)
        yield


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _window(not_before: dt.datetime | None, days: int) -> tuple[dt.datetime, dt.datetime]:
    start = not_before if not_before is not None else _now() - dt.timedelta(minutes=5)
    if start.tzinfo is None:
        start = start.replace(tzinfo=dt.UTC)
    return start, start + dt.timedelta(days=days)


def _key_ids(key: SigningKey) -> x509.SubjectKeyIdentifier:
    return x509.SubjectKeyIdentifier.from_public_key(key.public_key())


def create_authority(name: str, *, years: int = AUTHORITY_YEARS,
                     not_before: dt.datetime | None = None) -> KeyPair:
    """A self-signed certificate authority for the unit called `name`: it signs people's
    certificates (and revocation lists, later), nothing else."""
    name = check_name(name)
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([_attribute(NameOID.COMMON_NAME, name)])
    start, end = _window(not_before, 365 * years + years // 4)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject).issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start).not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=False, content_commitment=False, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(_key_ids(key), critical=False)
        .sign(key, hashes.SHA256())
    )
    return KeyPair(key, certificate)


def issue(authority: KeyPair, name: str, role: str, *, years: int = PERSON_YEARS,
          not_before: dt.datetime | None = None, days: int | None = None) -> KeyPair:
    """A signing certificate for the person `name` in `role`, issued by `authority`: its
    key signs documents (digitalSignature) and commits its holder to them
    (nonRepudiation). `not_before` and `days` set another validity window (tests make
    expired and future certificates with them)."""
    name, role = check_name(name), check_name(role, "role")
    if not is_authority(authority.certificate):
        raise ValidationError("The key file of {name} is not a certificate authority's",
                              name=subject_name(authority.certificate))
    key = ec.generate_private_key(ec.SECP256R1())
    issuer = authority.certificate.subject
    attributes = [_attribute(NameOID.COMMON_NAME, name), _attribute(NameOID.TITLE, role)]
    unit = subject_name(authority.certificate)
    if unit:
        attributes.append(_attribute(NameOID.ORGANIZATION_NAME, unit))
    start, end = _window(not_before, days if days is not None else 365 * years + years // 4)
    ca_ski = authority.certificate.extensions.get_extension_for_class(x509.SubjectKeyIdentifier)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(x509.Name(attributes)).issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start).not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=True, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(_key_ids(key), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(
            ca_ski.value), critical=False)
        .sign(authority.key, hashes.SHA256())
    )
    return KeyPair(key, certificate, (authority.certificate, *authority.chain))


def _attribute_text(name: x509.Name, oid: x509.ObjectIdentifier) -> str:
    with _quiet():
        values = name.get_attributes_for_oid(oid)
    if not values:
        return ""
    value = values[0].value
    return value if isinstance(value, str) else value.decode("utf-8", "replace")


def subject_name(certificate: x509.Certificate) -> str:
    """Who the certificate is of: its common name (or the whole subject when it has none)."""
    with _quiet():
        return (_attribute_text(certificate.subject, NameOID.COMMON_NAME)
                or certificate.subject.rfc4514_string())


def subject_role(certificate: x509.Certificate) -> str | None:
    with _quiet():
        return _attribute_text(certificate.subject, NameOID.TITLE) or None


def is_authority(certificate: x509.Certificate) -> bool:
    try:
        return certificate.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    except x509.ExtensionNotFound:
        return False


def fingerprint(certificate: x509.Certificate) -> str:
    """SHA-256 of the certificate's DER, in hex: how the records name a certificate."""
    return hashlib.sha256(der(certificate)).hexdigest()


def der(certificate: x509.Certificate) -> bytes:
    from cryptography.hazmat.primitives.serialization import Encoding

    return certificate.public_bytes(Encoding.DER)


def valid_from(certificate: x509.Certificate) -> dt.datetime:
    return certificate.not_valid_before_utc


def valid_until(certificate: x509.Certificate) -> dt.datetime:
    return certificate.not_valid_after_utc
