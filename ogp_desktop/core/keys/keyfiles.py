"""Key files (password-protected PKCS#12) and certificate files (PEM or DER).

A private key lives only in its file, encrypted with its holder's password (AES-256,
PBKDF2), never in the records. A file that is not PKCS#12 and a wrong password are told
apart (cryptography reports both alike), so the user hears which one it is."""

from __future__ import annotations

import os
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12

from ogp_desktop.core.errors import KeyFileError, os_reason
from ogp_desktop.core.keys.certificates import KeyPair, subject_name

MIN_PASSWORD = 8


def check_new_password(password: bytes) -> bytes:
    """A password to protect a new key file with: at least MIN_PASSWORD characters."""
    if len(password.decode("utf-8", "replace")) < MIN_PASSWORD:
        raise KeyFileError("A key file's password must have at least {n} characters; "
                           "nothing was written", n=MIN_PASSWORD)
    return password


def key_file_bytes(pair: KeyPair, password: bytes) -> bytes:
    """`pair` (key, certificate, chain) as a PKCS#12 file protected by `password`."""
    check_new_password(password)
    return pkcs12.serialize_key_and_certificates(
        subject_name(pair.certificate).encode("utf-8"), pair.key, pair.certificate,
        list(pair.chain) or None, serialization.BestAvailableEncryption(password))


def _read(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise KeyFileError("{path} can not be read: {error}", path=str(path),
                           error=os_reason(exc)) from exc


def is_pkcs12(data: bytes) -> bool:
    """Whether `data` is a PKCS#12 structure (its contents still locked by a password)."""
    from asn1crypto import pkcs12 as asn1_pkcs12

    try:
        _ = asn1_pkcs12.Pfx.load(data, strict=True).native  # parses the whole structure
    except Exception:  # asn1crypto raises ValueError, TypeError, … on bytes of another kind
        return False
    return True


def load_key_file(path: Path, password: bytes) -> KeyPair:
    """The key, certificate and chain in the PKCS#12 file at `path`."""
    data = _read(path)
    if not is_pkcs12(data):
        raise KeyFileError("{path} is not a key file (PKCS#12, .p12)", path=str(path))
    try:
        loaded = pkcs12.load_pkcs12(data, password)
    except ValueError as exc:
        raise KeyFileError("The password for {path} is wrong", path=str(path)) from exc
    key = loaded.key
    if loaded.cert is None or not isinstance(key, (ec.EllipticCurvePrivateKey, rsa.RSAPrivateKey)):
        raise KeyFileError("{path} holds no signing key with its certificate", path=str(path))
    chain = tuple(c.certificate for c in loaded.additional_certs)
    return KeyPair(key, loaded.cert.certificate, chain)


def read_certificates(path: Path) -> list[x509.Certificate]:
    """The certificates in a PEM (one or more) or DER file."""
    data = _read(path)
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificates(data)
        return [x509.load_der_x509_certificate(data)]
    except ValueError as exc:
        raise KeyFileError("{path} holds no certificate (PEM or DER)", path=str(path)) from exc


def certificate_pem(certificate: x509.Certificate) -> bytes:
    return certificate.public_bytes(serialization.Encoding.PEM)


def check_new_file(path: Path, *, overwrite: bool = False) -> None:
    """Refuse a file that exists already (unless `overwrite`), before any work is done."""
    if Path(path).exists() and not overwrite:
        raise KeyFileError("{path} exists already; nothing was written. Give another file "
                           "name, or --force to replace it.", path=str(path))


def write_new_file(path: Path, data: bytes, *, overwrite: bool = False) -> Path:
    """Write `data` to `path` whole or not at all (a file beside it, renamed), readable by
    its owner only: a key file, even encrypted, is nobody else's to copy."""
    path = Path(path)
    check_new_file(path, overwrite=overwrite)
    tmp = path.with_name(f".{path.name}.part")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        discard(tmp)
        raise KeyFileError("{path} can not be written: {error}", path=str(path),
                           error=os_reason(exc)) from exc
    except BaseException:
        discard(tmp)
        raise
    return path


def discard(path: Path) -> None:
    """Remove a file written by write_new_file when what it belongs to was not stored."""
    try:
        Path(path).unlink()
    except FileNotFoundError:
        pass
