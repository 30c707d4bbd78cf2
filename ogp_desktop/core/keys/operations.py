"""What `authority init`, `authority issue` and `trust add` do, for the CLI and the GUI.

Each writes its key file and its records together or not at all: the file is written
(beside its place, then renamed) before the unit of work commits, and removed again when
the commit fails, so no key file exists whose certificate the records do not know."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from cryptography import x509
from sqlalchemy.orm import Session

from ogp_desktop.core.errors import CertificateError
from ogp_desktop.core.keys import certificates, keyfiles, trust
from ogp_desktop.core.keys.certificates import KeyPair
from ogp_desktop.core.models import Certificate, CertificateKind


def init_authority(session: Session, name: str, output: Path, password: bytes, *,
                   overwrite: bool = False, years: int = certificates.AUTHORITY_YEARS,
                   ) -> tuple[KeyPair, Callable[[], None]]:
    """The unit's authority: its key in `output`, its certificate a trust anchor in
    `session`. Returns the pair and an undo (removes the file) for a failed commit."""
    keyfiles.check_new_file(output, overwrite=overwrite)
    keyfiles.check_new_password(password)
    pair = certificates.create_authority(name, years=years)
    data = keyfiles.key_file_bytes(pair, password)
    trust.add_anchor(session, pair.certificate, CertificateKind.UNIT_AUTHORITY, endorsed_by=pair)
    session.flush()
    keyfiles.write_new_file(output, data, overwrite=overwrite)
    return pair, lambda: keyfiles.discard(output)


def issue_key(session: Session, authority: KeyPair, name: str, role: str, output: Path,
              password: bytes, *, overwrite: bool = False, years: int = certificates.PERSON_YEARS,
              not_before: dt.datetime | None = None, days: int | None = None,
              ) -> tuple[KeyPair, Callable[[], None]]:
    """A person's signing key from `authority` (trusted by these records) into `output`;
    their certificate is kept in the records."""
    keyfiles.check_new_file(output, overwrite=overwrite)
    keyfiles.check_new_password(password)
    trust.check_authority(session, authority.certificate)
    pair = certificates.issue(authority, name, role, years=years, not_before=not_before,
                              days=days)
    data = keyfiles.key_file_bytes(pair, password)
    trust.record_issued(session, pair.certificate, authority.certificate, issued_by=authority)
    session.flush()
    keyfiles.write_new_file(output, data, overwrite=overwrite)
    return pair, lambda: keyfiles.discard(output)


def add_trusted(session: Session, path: Path,
                endorsed_by: KeyPair | None = None) -> list[tuple[Certificate, bool]]:
    """Trust every authority certificate in the PEM/DER file at `path`; once the unit has
    its own authority, with that authority's key (`endorsed_by`, see trust.add_anchor)."""
    found = keyfiles.read_certificates(path)
    if not found:
        raise CertificateError("{path} holds no certificate (PEM or DER)", path=str(path))
    return [trust.add_anchor(session, cert, endorsed_by=endorsed_by) for cert in found]


def load_certificate_or_key(path: Path, password: Callable[[], bytes]) -> tuple[
        x509.Certificate, tuple[x509.Certificate, ...]]:
    """The certificate (and chain) in a certificate file, or in a key file (asking for its
    password only then)."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        data = b""  # read_certificates reports it
    if data and keyfiles.is_pkcs12(data):
        pair = keyfiles.load_key_file(path, password())
        return pair.certificate, pair.chain
    return keyfiles.read_certificates(path)[0], ()
