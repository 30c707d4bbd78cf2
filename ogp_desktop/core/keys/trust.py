"""The authorities the records trust, and checking a certificate against them.

A trust anchor is an authority's certificate kept in the records: the unit's own (made by
`authority init`) or another's (`trust add`, e.g. a licensed authority's). A certificate
is good for signing when a path leads from it to an anchor (pyhanko-certvalidator builds
and checks it: signatures, validity periods, CA constraints), it is inside its validity
period at the moment asked about, and its key usage allows signing."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterable, Sequence

from cryptography import x509
from sqlalchemy import select
from sqlalchemy.orm import Session

from ogp_desktop.core.errors import CertificateError, Plain
from ogp_desktop.core.keys.certificates import (
    KeyPair,
    der,
    fingerprint,
    is_authority,
    subject_name,
    subject_role,
    valid_from,
    valid_until,
)
from ogp_desktop.core.models import Certificate, CertificateKind
from ogp_desktop.core.register import append_register
from ogp_desktop.core.services.common import audit, login

AUTHORITY_KINDS = (CertificateKind.UNIT_AUTHORITY, CertificateKind.IMPORTED_AUTHORITY)
SIGNING_USAGE = frozenset({"digital_signature", "non_repudiation"})


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _naive(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(tzinfo=None)


def _when(moment: dt.datetime) -> Plain:
    return Plain(moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"))


def check_period(certificate: x509.Certificate, at: dt.datetime | None = None) -> None:
    """Refuse a certificate outside its validity period at `at` (now by default)."""
    at = at or _now()
    name = subject_name(certificate)
    if at > valid_until(certificate):
        raise CertificateError("The certificate of {name} expired on {date}; it can not be used",
                               name=name, date=_when(valid_until(certificate)))
    if at < valid_from(certificate):
        raise CertificateError("The certificate of {name} is not valid yet: it is valid from "
                               "{date}", name=name, date=_when(valid_from(certificate)))


TRUST_ADD = "ogp-desktop trust add"  # quoted as a value: a command, typed as it is


def _untrusted(certificate: x509.Certificate) -> CertificateError:
    return CertificateError(
        "The certificate of {name} was not issued by an authority these records trust; add "
        "the authority's certificate with {command}",
        name=subject_name(certificate), command=TRUST_ADD)


def _row(session: Session, certificate: x509.Certificate) -> Certificate | None:
    return session.scalar(select(Certificate).where(Certificate.sha256 == fingerprint(certificate)))


def _new_row(certificate: x509.Certificate, kind: CertificateKind, *, trusted: bool,
             issuer: x509.Certificate | None) -> Certificate:
    return Certificate(
        kind=kind, trusted=trusted, subject_name=subject_name(certificate),
        role=subject_role(certificate), serial=format(certificate.serial_number, "x"),
        sha256=fingerprint(certificate),
        issuer_sha256=fingerprint(issuer) if issuer is not None else None,
        not_before=_naive(valid_from(certificate)), not_after=_naive(valid_until(certificate)),
        der=der(certificate))


def unit_authority(session: Session) -> Certificate | None:
    """The unit's own authority, when the records have one."""
    return session.scalar(select(Certificate).where(
        Certificate.kind == CertificateKind.UNIT_AUTHORITY, Certificate.trusted.is_(True))
        .order_by(Certificate.id).limit(1))


def add_anchor(session: Session, certificate: x509.Certificate,
               kind: CertificateKind = CertificateKind.IMPORTED_AUTHORITY,
               *, at: dt.datetime | None = None,
               endorsed_by: KeyPair | None = None) -> tuple[Certificate, bool]:
    """Trust the authority whose certificate this is; (its row, whether it is new).
    Only an authority's certificate inside its validity period can be trusted. Once the
    unit has its own authority, another one is trusted only with the unit authority's key
    (`endorsed_by`), which signs the register's entry: whoever can write the database can
    not make the records trust an authority of their own."""
    if kind not in AUTHORITY_KINDS:
        raise ValueError(kind)
    if not is_authority(certificate):
        raise CertificateError("The certificate of {name} is not an authority's; only an "
                               "authority's certificate can be trusted",
                               name=subject_name(certificate))
    check_period(certificate, at)
    unit = unit_authority(session)
    if kind == CertificateKind.IMPORTED_AUTHORITY and unit is not None and (
            endorsed_by is None or fingerprint(endorsed_by.certificate) != unit.sha256):
        raise CertificateError(
            "Trusting another authority needs the key of the unit's authority {name}: give "
            "its key file with --ca", name=unit.subject_name)
    row = _row(session, certificate)
    if row is not None and row.trusted:
        return row, False
    if row is None:
        row = _new_row(certificate, kind, trusted=True, issuer=None)
        session.add(row)
    else:
        row.kind, row.trusted = kind, True
    session.flush()
    audit(session, "trust", "certificate", entity_id=row.id, entity_uuid=row.uuid,
          details={"subject": row.subject_name, "sha256": row.sha256, "kind": kind.value})
    append_register(session, "trust", "certificate", row.uuid,
                    {"certificate": row.sha256, "kind": kind.value, "subject": row.subject_name},
                    os_user=login(session), signers=[endorsed_by] if endorsed_by else [])
    return row, True


def record_issued(session: Session, certificate: x509.Certificate,
                  issuer: x509.Certificate, *, issued_by: KeyPair | None = None) -> Certificate:
    """Keep a signer's certificate (issued by `issuer`) in the records; when the issuer's
    key is at hand (`authority issue`), the register's entry is signed with it."""
    row = _row(session, certificate)
    if row is None:
        row = _new_row(certificate, CertificateKind.PERSON, trusted=False, issuer=issuer)
        session.add(row)
        session.flush()
        audit(session, "issue", "certificate", entity_id=row.id, entity_uuid=row.uuid,
              details={"subject": row.subject_name, "role": row.role, "sha256": row.sha256,
                       "issuer_sha256": row.issuer_sha256})
        append_register(session, "issue", "certificate", row.uuid,
                        {"certificate": row.sha256, "issuer": row.issuer_sha256,
                         "subject": row.subject_name, "role": row.role},
                        os_user=login(session), signers=[issued_by] if issued_by else [])
    return row


def trust_anchors(session: Session) -> list[Certificate]:
    return list(session.scalars(select(Certificate).where(Certificate.trusted.is_(True))
                                .order_by(Certificate.id)))


def anchor_certificates(session: Session) -> list[x509.Certificate]:
    return [x509.load_der_x509_certificate(row.der) for row in trust_anchors(session)]


def check_authority(session: Session, certificate: x509.Certificate,
                    *, at: dt.datetime | None = None) -> Certificate:
    """The trust anchor row of the authority `certificate` (to issue with it): refused
    when these records do not trust it or it is outside its validity period."""
    row = _row(session, certificate)
    if row is None or not row.trusted:
        raise CertificateError(
            "The authority {name} is not one these records trust; add its certificate with "
            "{command}", name=subject_name(certificate), command=TRUST_ADD)
    check_period(certificate, at)
    return row


def check_certificate(session: Session, certificate: x509.Certificate, *,
                      chain: Iterable[x509.Certificate] = (), at: dt.datetime | None = None,
                      usage: frozenset[str] = SIGNING_USAGE) -> list[x509.Certificate]:
    """Whether `certificate` may sign at `at` (now by default): the path from it to a trust
    anchor (returned, the certificate first), or a CertificateError saying why not."""
    at = at or _now()
    check_period(certificate, at)
    anchors = anchor_certificates(session)
    if not anchors:  # an empty list would make the validator fall back to the system's
        raise _untrusted(certificate)
    return validate_path(certificate, anchors, chain=chain, at=at, usage=usage)


def validate_path(certificate: x509.Certificate, anchors: Sequence[x509.Certificate], *,
                  chain: Iterable[x509.Certificate] = (), at: dt.datetime,
                  usage: frozenset[str] = SIGNING_USAGE) -> list[x509.Certificate]:
    """pyhanko-certvalidator's path validation with these anchors only, offline."""
    from asn1crypto import x509 as asn1_x509
    from pyhanko_certvalidator import CertificateValidator, ValidationContext
    from pyhanko_certvalidator import errors as cv

    def load(cert: x509.Certificate) -> asn1_x509.Certificate:
        return asn1_x509.Certificate.load(der(cert))

    context = ValidationContext(trust_roots=[load(a) for a in anchors], moment=at,
                                allow_fetching=False, revocation_mode="soft-fail")
    validator = CertificateValidator(load(certificate), [load(c) for c in chain], context)
    name = subject_name(certificate)
    try:
        # pyhanko-certvalidator leaves this method's parameters unannotated
        path = asyncio.run(validator.async_validate_usage(set(usage)))  # type: ignore[no-untyped-call]
    except cv.PathBuildingError as exc:
        raise _untrusted(certificate) from exc
    except (cv.ExpiredError, cv.NotYetValidError) as exc:
        raise CertificateError("An authority above the certificate of {name} is outside its "
                               "validity period", name=name) from exc
    except cv.InvalidCertificateError as exc:
        raise CertificateError("The certificate of {name} is not meant for signing (its key "
                               "usage)", name=name) from exc
    except cv.PathValidationError as exc:
        raise CertificateError("The certificate of {name} can not be relied on: {detail}",
                               name=name, detail=Plain(str(exc))) from exc
    return [x509.load_der_x509_certificate(c.dump()) for c in reversed(list(path))]
