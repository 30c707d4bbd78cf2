"""PAdES signatures on exported minutes (pyHanko): signing, sealing, and checking them.

Why this exists: a fingerprint in the records proves nothing against someone who can write
the database file; a PDF signature made with a key that person does not hold does. Each
key signature becomes a PDF signature over the exported minutes, appended as an
incremental update, so several signatures follow one another (prepared, then approved)
and each earlier one still covers exactly the bytes its signer saw.

Levels (ETSI EN 319 142): B-B offline; B-T when a timestamp server is given and answers;
the certificates of the signer's path are embedded in a document security store (DSS) when
the trust anchors are given (B-LT "where available": the unit's own authority publishes no
CRL or OCSP, so there is no revocation data to embed, only certificates).

**Field names carry the meaning.** The program names the field of each signature
``<meaning>-<n>`` (``prepared-1``, ``approved-2``: the meaning, then the signature's place in
the sequence, from 1) and the unit's seal ``unit-seal``. The field name is inside the bytes
the signature covers, so the meaning read back (`EmbeddedSignature.meaning`) is the signed
one; /Reason is free text for people (pdfsig and Adobe Reader show it), never parsed.

pyHanko is imported inside the functions only: `ogp_desktop.pdf.minutes` does not import
this module, and the one-off export of an unsigned PDF must not pay pyHanko's import
(about a third of a second, aiohttp included)."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import io
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from ogp_desktop.core.keys.certificates import der, fingerprint, subject_name, subject_role
from ogp_desktop.core.keys.tokens import SignerKey, TokenKey

if TYPE_CHECKING:
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation.pdf_embedded import EmbeddedPdfSignature
    from pyhanko_certvalidator import ValidationContext

SEAL_FIELD = "unit-seal"
SEAL_MEANING = "seal"
_FIELD = re.compile(r"^(?P<meaning>[a-z][a-z_]*)-(?P<n>[1-9][0-9]{0,3})$")

#: seconds to wait for a timestamp server before giving up (the caller then signs B-B)
TIMESTAMP_TIMEOUT = 10.0


class TimestampUnavailable(Exception):
    """The timestamp server at `url` did not give a timestamp (unreachable, timed out, or
    answered with something that is not a timestamp). Nothing was signed; the caller
    decides whether to sign without a timestamp (B-B)."""

    def __init__(self, url: str, detail: str = "") -> None:
        self.url = url
        self.detail = detail
        super().__init__(f"The timestamp server {url} gave no timestamp" + (f": {detail}" if detail else ""))


@dataclass(frozen=True)
class SignatureBox:
    """Where a visible signature field goes: `page` (0-based), `box` = (x1, y1, x2, y2) in
    PDF points from the page's lower left corner, and the `field` that will hold it (the
    renderer lays out the signature block and says which box is whose)."""

    page: int
    box: tuple[float, float, float, float]
    field: str


@dataclass(frozen=True)
class EmbeddedSignature:
    """One signature found in a PDF, as `verify_pdf` judged it.

    `intact`: the digest of the signed bytes matches; `valid`: the cryptographic signature
    over it is good; `trusted`: the signer's certificate chains to one of the anchors (and
    was inside its validity period when it signed). `covers_whole_file`: the signature
    covers every byte of the file; `modified_after`: something was changed after this
    signature other than what signing allows (a later signature, validation data, a
    document timestamp). `signed_at` is the time the signer's computer claimed,
    `timestamp_at` the time a trusted timestamp authority vouches for. `problem` says
    in a few English words what is wrong (None when nothing is)."""

    field: str
    signer_name: str
    signer_role: str | None
    certificate_sha256: str
    issuer_name: str
    signed_at: dt.datetime | None
    timestamp_at: dt.datetime | None
    meaning: str | None
    intact: bool
    valid: bool
    trusted: bool
    covers_whole_file: bool
    modified_after: bool
    problem: str | None

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted and not self.modified_after


@dataclass(frozen=True)
class PdfCheck:
    """The signatures of a PDF in signing order, whether bytes were appended after the last
    one that no signature covers and that are not validation data or a timestamp, and the
    verdict: `ok` only with at least one signature, every one intact, valid and trusted,
    and nothing changed after the last but signature-compatible updates."""

    signatures: list[EmbeddedSignature]
    unsigned_changes_after_last: bool
    ok: bool


# --------------------------------------------------------------------------- field names


def field_name(meaning: str, number: int) -> str:
    """The field of the `number`-th signature (from 1) of a PDF, meaning `meaning`."""
    name = f"{meaning}-{number}"
    if not _FIELD.match(name) or meaning == SEAL_MEANING:
        raise ValueError(f"not a signature meaning and number: {meaning!r}, {number!r}")
    return name


def meaning_of(field: str) -> str | None:
    """The meaning a field name of this program carries (None for another program's)."""
    if field == SEAL_FIELD:
        return SEAL_MEANING
    m = _FIELD.match(field)
    return m.group("meaning") if m else None


# --------------------------------------------------------------------------- helpers


def _asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    from asn1crypto import x509 as asn1_x509

    return asn1_x509.Certificate.load(der(certificate))


def _from_asn1(certificate: Any) -> x509.Certificate:
    return x509.load_der_x509_certificate(certificate.dump())


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _context(anchors: Sequence[x509.Certificate], moment: dt.datetime | None = None,
             other_certs: Sequence[x509.Certificate] = ()) -> ValidationContext:
    """A validation context that trusts `anchors` only and never goes online: the unit's
    authority publishes no CRL or OCSP, so a missing revocation source is not a failure
    (soft-fail), and a signature check must not hang on the network."""
    from pyhanko_certvalidator import ValidationContext

    kwargs: dict[str, Any] = {}
    if moment is not None:
        kwargs["moment"] = moment
    return ValidationContext(trust_roots=[_asn1(a) for a in anchors],
                             other_certs=[_asn1(c) for c in other_certs],
                             allow_fetching=False, revocation_mode="soft-fail", **kwargs)


def _asn1_tables() -> None:
    """asn1crypto builds each name → OID table once, at its first use; a name that a module
    imported later adds (asn1crypto.tsp adds ``tst_info``) is then missing from it, and a
    timestamp fails ("invalid literal for int() … 'tst_info'") in a program that signed
    once without one. Imported before pyHanko is used, and the table completed if it was
    built already."""
    from asn1crypto import cms, tsp  # noqa: F401  # tsp: registers its content types

    built = cms.ContentType._reverse_map
    if built is not None:
        for oid, name in cms.ContentType._map.items():
            built.setdefault(name, oid)


def _reader(pdf: bytes) -> PdfFileReader:
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.reader import PdfFileReader

    _asn1_tables()  # every signing and verifying reads the PDF first

    if not pdf.lstrip()[:5] == b"%PDF-":
        raise ValueError("The file is not a PDF (it does not start with %PDF-)")
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        reader.root  # noqa: B018 - reads the catalog: a damaged file fails here, not later
    except (PdfError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise ValueError(f"The PDF is damaged and can not be read: {exc}") from exc
    return reader


class _QuietDssWarning(logging.Filter):
    """pyHanko warns on every signature that validation data is embedded while fetching
    is off: that is this module's choice (certificates only, no network), not news."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "fetching is not allowed" not in record.getMessage()


_quiet_installed = False


def _quiet_pyhanko() -> None:
    global _quiet_installed
    if not _quiet_installed:
        logging.getLogger("pyhanko.sign.signers.pdf_signer").addFilter(_QuietDssWarning())
        _quiet_installed = True


# --------------------------------------------------------------------------- the stamp


def _stamp_lines(key: SignerKey, signer_label: str, at: dt.datetime) -> list[tuple[str, bool, float]]:
    """(text, bold, relative size) of the lines the visible stamp shows."""
    role = subject_role(key.certificate)
    lines = [(signer_label, True, 1.0), (subject_name(key.certificate), True, 1.0)]
    if role:
        lines.append((role, False, 0.9))
    lines.append((_utc(at).strftime("%Y-%m-%d %H:%M UTC"), False, 0.75))
    lines.append(("SHA-256 " + fingerprint(key.certificate)[:16], False, 0.7))
    return [(t, b, s) for t, b, s in lines if t]


def render_stamp(width: float, height: float, lines: Sequence[tuple[str, bool, float]]) -> bytes:
    """A one-page PDF of `width` x `height` points showing `lines` centred, drawn with the
    program's own Arabic text engine (shaping, bidi, the bundled Amiri font): pyHanko's
    text stamps shape text only through HarfBuzz (uharfbuzz, not a dependency), so the
    stamp is drawn by ReportLab and pyHanko puts it in the signature field as its
    appearance. The text is real text (copyable, searchable), not a picture."""
    from reportlab.lib import colors
    from reportlab.pdfgen.canvas import Canvas

    from . import fonts
    from .bidi import LTR, RTL
    from .drawing import draw_line
    from .shaping import has_arabic

    fonts.register_fonts()
    buf = io.BytesIO()
    canv = Canvas(buf, pagesize=(width, height), pageCompression=1)
    canv.setFillColor(colors.Color(0.94, 0.96, 1.0))
    canv.setStrokeColor(colors.Color(0.12, 0.23, 0.37))
    canv.setLineWidth(0.8)
    canv.rect(0.4, 0.4, width - 0.8, height - 0.8, stroke=1, fill=1)
    pad = 4.0
    weights = sum(1.25 * s for _, _, s in lines) or 1.0
    base = min(10.0, (height - 2 * pad) / weights)
    for text, bold, scale in lines:  # shrink a line that is wider than the box
        font = fonts.BOLD if bold else fonts.REGULAR
        direction = RTL if has_arabic(text) else LTR
        w = fonts.text_width(text, font, base * scale)
        if w > width - 2 * pad:
            base = min(base, base * (width - 2 * pad) / w)
    total = sum(base * scale * 1.25 for _, _, scale in lines)
    y = height / 2 + total / 2
    canv.setFillColor(colors.Color(0.05, 0.1, 0.2))
    for text, bold, scale in lines:
        size = base * scale
        y -= size * 1.05
        font = fonts.BOLD if bold else fonts.REGULAR
        direction = RTL if has_arabic(text) else LTR
        draw_line(canv, text, width / 2, y + size * 0.2, font=font, size=size,
                  direction=direction, anchor="center")
        y -= size * 0.2
    canv.showPage()
    canv.save()
    return buf.getvalue()


def _stamp_style(stamp_pdf: bytes) -> Any:
    from pyhanko.pdf_utils import content, layout
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.stamp import StaticStampStyle

    class _ImportedStamp(content.PdfContent):
        """The first page of an in-memory PDF as a form XObject (pyHanko's own
        ImportedPdfPage reads a file by name)."""

        def render(self) -> bytes:
            writer = self._ensure_writer
            xobj = writer.import_page_as_xobject(PdfFileReader(io.BytesIO(stamp_pdf)), page_ix=0)
            self.resources.xobject["/OGPStamp"] = xobj
            x1, y1, x2, y2 = xobj.get_object()["/BBox"]
            self.box = layout.BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
            return b"/OGPStamp Do"

    return StaticStampStyle(
        background=_ImportedStamp(), background_opacity=1.0, border_width=0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(0)))  # type: ignore[no-untyped-call]  # pyHanko leaves it unannotated


# --------------------------------------------------------------------------- signing


def _check_can_sign(key: SignerKey, anchors: Sequence[x509.Certificate], at: dt.datetime) -> None:
    """Refuse, before anything is written, a certificate (or an authority above it)
    outside its validity period at `at`, and, when anchors are given, one that does not
    chain to them or is not meant for signing: a signature that no one can rely on is
    worse than none, it looks like one."""
    from ogp_desktop.core.keys.trust import check_period, validate_path

    check_period(key.certificate, at)
    if anchors:
        validate_path(key.certificate, anchors, chain=key.chain, at=at)
    else:
        for cert in key.chain:
            check_period(cert, at)


def sign_pdf(pdf: bytes, key: SignerKey, *, field: str, box: SignatureBox | None, meaning: str,
             reason: str, signer_label: str, timestamp_url: str | None = None,
             embed_validation: bool = True, anchors: Sequence[x509.Certificate] = (),
             at: dt.datetime | None = None,
             timestamp_timeout: float = TIMESTAMP_TIMEOUT) -> bytes:
    """`pdf` with one more PAdES signature by `key`, appended as an incremental update (the
    bytes of `pdf` are kept as they are, so signatures already in it stay valid).

    `field` is the signature's field, named after `meaning` (``field_name(meaning, n)``,
    or ``unit-seal`` for the seal: see the module's docstring). With `box`, the field is
    visible there, showing `signer_label` (e.g. the meaning in the document's language),
    the certificate's name and role, the signing time and the certificate's SHA-256
    prefix; without, it is invisible. The name in the signature is the certificate's,
    never typed. `reason` is the signature's /Reason, for people.

    `timestamp_url`: an RFC 3161 server for a signature timestamp (B-T); when it does not
    answer within `timestamp_timeout` seconds, TimestampUnavailable is raised and nothing
    is signed. `embed_validation` with `anchors`: the signer's path is checked against the
    anchors before signing and its certificates are embedded as validation data (DSS, in
    the signature's own revision, so the signature still covers the whole file).
    `at`: the signing time to claim (now by default; tests and the records pass theirs).

    A certificate outside its validity period at `at`, or one the anchors do not trust,
    is refused with a CertificateError before anything is signed."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.sign import fields, signers
    from pyhanko.sign.general import SigningError
    from pyhanko.sign.signers.pdf_signer import (
        DSSContentSettings,
        PdfCMSSignedAttributes,
        SigDSSPlacementPreference,
    )
    from pyhanko.sign.timestamps import HTTPTimeStamper
    from pyhanko.sign.timestamps.common_utils import TimestampRequestError

    if meaning_of(field) != meaning:
        raise ValueError(f"the field {field!r} does not carry the meaning {meaning!r}")
    if box is not None and box.field != field:
        raise ValueError(f"the box is for the field {box.field!r}, not {field!r}")
    at = _utc(at) if at is not None else dt.datetime.now(dt.UTC).replace(microsecond=0)
    _check_can_sign(key, anchors, at)

    reader_check = _reader(pdf)
    if box is not None and not 0 <= box.page < reader_check.root["/Pages"]["/Count"]:
        raise ValueError(f"the PDF has no page {box.page + 1}")
    if any(s.field_name == field for s in reader_check.embedded_signatures):
        raise ValueError(f"the PDF already has a signature in the field {field!r}")
    _quiet_pyhanko()

    from asn1crypto import keys as asn1_keys
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    signer: signers.Signer
    if isinstance(key, TokenKey):  # the card signs; its key never leaves it
        from pyhanko.sign.pkcs11 import PKCS11Signer

        signer = PKCS11Signer(key.pkcs11_session, key_label=key.key_label,
                              signing_cert=_asn1(key.certificate),
                              ca_chain=[_asn1(c) for c in key.chain], embed_roots=True,
                              # EC: the digest is made here and the card signs it
                              # (CKM_ECDSA), as core.keys.tokens does
                              use_raw_mechanism=key.is_ec)
    else:
        signer = signers.SimpleSigner(
            signing_cert=_asn1(key.certificate),
            signing_key=asn1_keys.PrivateKeyInfo.load(
                key.key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())),
            cert_registry=SimpleCertificateStore.from_certs([_asn1(c) for c in key.chain]),  # type: ignore[no-untyped-call]  # pyHanko leaves it unannotated
        )
    embed = embed_validation and bool(anchors)
    meta = signers.PdfSignatureMetadata(
        field_name=field, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason, name=subject_name(key.certificate),
        embed_validation_info=embed,
        validation_context=_context(anchors, at, key.chain) if embed else None,
        dss_settings=DSSContentSettings(
            placement=SigDSSPlacementPreference.TOGETHER_WITH_SIGNATURE, include_vri=False),
    )
    if box is not None:
        x1, y1, x2, y2 = box.box
        spec = fields.SigFieldSpec(sig_field_name=field, on_page=box.page,
                                   box=(round(x1), round(y1), round(x2), round(y2)))
        style = _stamp_style(render_stamp(abs(x2 - x1), abs(y2 - y1),
                                          _stamp_lines(key, signer_label, at)))
    else:
        spec = fields.SigFieldSpec(sig_field_name=field)
        style = None
    timestamper = (HTTPTimeStamper(timestamp_url, timeout=timestamp_timeout)
                   if timestamp_url else None)
    pdf_signer = signers.PdfSigner(meta, signer, timestamper=timestamper, stamp_style=style,
                                   new_field_spec=spec)

    async def run() -> bytes:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
        session = pdf_signer.init_signing_session(writer)
        session.system_time = at  # the claimed signing time (/M and the CMS signing-time)
        validation = await session.perform_presign_validation(writer)
        reserved = await session.estimate_signature_container_size(validation)
        tbs = session.prepare_tbs_document(validation_info=validation, bytes_reserved=reserved)
        digest, output = tbs.digest_tbs_document()
        post = await tbs.perform_signature(
            document_digest=digest.document_digest,
            pdf_cms_signed_attrs=PdfCMSSignedAttributes(
                signing_time=at,
                adobe_revinfo_attr=None if validation is None else validation.adobe_revinfo_attr))
        await post.post_signature_processing(output)
        output.seek(0)
        data: bytes = output.read()
        return data

    try:
        return asyncio.run(run())
    except TimestampRequestError as exc:
        raise TimestampUnavailable(timestamp_url or "", str(exc.__cause__ or exc)) from exc
    except SigningError as exc:
        if timestamp_url and isinstance(exc.__cause__, TimestampRequestError):
            raise TimestampUnavailable(timestamp_url, str(exc)) from exc
        raise ValueError(f"pyHanko refused to sign: {exc}") from exc
    except PdfReadError as exc:
        raise ValueError(f"The PDF is damaged and can not be signed: {exc}") from exc
    except Exception as exc:
        if isinstance(key, TokenKey) and key.is_card_error(exc):
            raise key.refused(exc) from exc
        raise


def seal_pdf(pdf: bytes, key: SignerKey, *, unit_name: str | None = None,
             timestamp_url: str | None = None, embed_validation: bool = True,
             anchors: Sequence[x509.Certificate] = (), at: dt.datetime | None = None,
             timestamp_timeout: float = TIMESTAMP_TIMEOUT) -> bytes:
    """`pdf` sealed with the unit's seal key: an invisible signature in the field
    ``unit-seal``, after every other signature. It makes any later change to the PDF
    detectable, also for minutes signed on paper (whose PDF has no key signature)."""
    unit = unit_name or subject_name(key.certificate)
    return sign_pdf(pdf, key, field=SEAL_FIELD, box=None, meaning=SEAL_MEANING,
                    reason=f"Sealed by {unit}", signer_label=unit, timestamp_url=timestamp_url,
                    embed_validation=embed_validation, anchors=anchors, at=at,
                    timestamp_timeout=timestamp_timeout)


# --------------------------------------------------------------------------- verifying


def _issuer_name(certificate: x509.Certificate) -> str:
    from cryptography.x509.oid import NameOID

    values = certificate.issuer.get_attributes_for_oid(NameOID.COMMON_NAME)
    if values:
        value = values[0].value
        return value if isinstance(value, str) else value.decode("utf-8", "replace")
    return certificate.issuer.rfc4514_string()


async def _check_one(sig: EmbeddedPdfSignature, anchors: Sequence[x509.Certificate],
                     extra: Sequence[x509.Certificate]) -> EmbeddedSignature:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko.sign.validation.errors import SignatureValidationError
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    cert = _from_asn1(sig.signer_cert)
    field = str(sig.field_name)
    base = dict(field=field, signer_name=subject_name(cert), signer_role=subject_role(cert),
                certificate_sha256=fingerprint(cert), issuer_name=_issuer_name(cert),
                meaning=meaning_of(field))
    try:
        status = await async_validate_pdf_signature(sig, _context(anchors, other_certs=extra))
    except (SignatureValidationError, ValueError, KeyError, TypeError) as exc:
        return EmbeddedSignature(**base, signed_at=sig.self_reported_timestamp,  # type: ignore[arg-type]  # the fields, each of its own type
                                 timestamp_at=None, intact=False, valid=False, trusted=False,
                                 covers_whole_file=False, modified_after=True,
                                 problem=f"the signature can not be read: {exc}")
    problems: list[str] = []
    trusted = bool(status.trusted)
    signed_at = status.signer_reported_dt
    ts = status.timestamp_validity
    timestamp_at = None
    if ts is not None:
        if ts.intact and ts.valid and ts.trusted:
            timestamp_at = ts.timestamp
        else:
            problems.append("its timestamp is not valid or not from a trusted authority")
    if status.intact and status.valid and not trusted and anchors:
        # a certificate that expired after signing: judged at the time of signing (the
        # timestamp's when there is one), as a signature of long ago must still verify
        when = timestamp_at or signed_at
        now = dt.datetime.now(dt.UTC)
        if when is not None and cert.not_valid_after_utc < now \
                and cert.not_valid_before_utc <= when <= cert.not_valid_after_utc:
            again = await async_validate_pdf_signature(
                sig, _context(anchors, moment=when, other_certs=extra), skip_diff=True)
            if again.trusted:
                trusted = True
                problems.append("the certificate has expired since it signed")
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    level = status.modification_level
    allowed = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, ModificationLevel.FORM_FILLING)
    modified = not whole and (level is None or level not in allowed or status.docmdp_ok is False)
    if not status.intact:
        problems.insert(0, "the signed content was changed (the digest does not match)")
    elif not status.valid:
        problems.insert(0, "the cryptographic signature is not valid")
    elif not trusted:
        problems.insert(0, "the signer's certificate does not chain to a trusted authority")
    if modified:
        problems.append("the document was changed after this signature")
    return EmbeddedSignature(**base, signed_at=signed_at, timestamp_at=timestamp_at,  # type: ignore[arg-type]  # the fields, each of its own type
                             intact=bool(status.intact), valid=bool(status.valid),
                             trusted=trusted, covers_whole_file=whole, modified_after=modified,
                             problem="; ".join(problems) or None)


def _allowed_tail(reader: PdfFileReader, after_revision: int) -> bool:
    """Whether every revision after `after_revision` (the last signature's) only adds
    validation data: objects reachable from the catalog's /DSS, and the catalog itself
    rewritten with nothing changed but /DSS and /Extensions; the trailer's /Root and /Info
    unchanged, nothing freed, no encryption. pyHanko's diff analysis judges changes
    against what a signature permits, and lets a new /Info (title, subject, keywords: what
    `verify` used to trust) through as harmless; this module allows less. A document
    timestamp added later by another tool is not allowed either (this program adds none)."""
    signed = reader.get_historical_resolver(after_revision)
    root_ref = signed.root_ref
    info = _serialised(signed.trailer_view.raw_get("/Info")) if "/Info" in signed.trailer_view else b""
    old_catalog = _catalog_rest(signed.get_object(root_ref))
    for rev in range(after_revision + 1, reader.xrefs.total_revisions):
        hist = reader.get_historical_resolver(rev)
        trailer = hist.trailer_view
        if hist.root_ref != root_ref or "/Encrypt" in trailer:
            return False
        if (_serialised(trailer.raw_get("/Info")) if "/Info" in trailer else b"") != info:
            return False
        if hist.refs_freed_in_revision():  # type: ignore[no-untyped-call]  # pyHanko leaves it unannotated
            return False
        catalog = hist.get_object(root_ref)
        if _catalog_rest(catalog) != old_catalog:
            return False
        dss = _reachable(catalog.raw_get("/DSS"), hist) if "/DSS" in catalog else set()
        for ref in hist.explicit_refs_in_revision():  # type: ignore[no-untyped-call]  # pyHanko leaves it unannotated
            if ref == root_ref or (ref.idnum, ref.generation) in dss:
                continue
            if not _only_dates_rewritten(signed, hist, ref):
                return False
    return True


# what a writer that adds validation data rewrites in the document's metadata (pyHanko's
# incremental writer stamps both): nothing that `verify` reads, as it reads the metadata
# of the signed revision
_WRITER_INFO_KEYS = frozenset({"/ModDate", "/Producer"})
_XMP_WRITER_FIELDS = re.compile(
    rb"<(xmp:ModifyDate|xmp:MetadataDate|pdf:Producer)>.*?</\1>"
    rb'|(xmp:ModifyDate|xmp:MetadataDate|pdf:Producer)="[^"]*"', re.S)


def _only_dates_rewritten(signed: Any, hist: Any, ref: Any) -> bool:
    """Whether the object `ref`, rewritten after the last signature, is the document
    information dictionary or the XMP metadata stream with nothing changed but the
    modification date and the producer."""
    from pyhanko.pdf_utils import generic

    def ref_of(container: Any, key: str) -> Any:
        value = container.raw_get(key) if key in container else None
        return value.reference if isinstance(value, generic.IndirectObject) else None

    try:
        old, new = signed.get_object(ref), hist.get_object(ref)
    except Exception:  # an object the signed revision does not have: a new object
        return False
    if ref == ref_of(signed.get_object(signed.root_ref), "/Metadata"):
        if not (isinstance(old, generic.StreamObject) and isinstance(new, generic.StreamObject)):
            return False
        return bool(_XMP_WRITER_FIELDS.sub(b"", old.data) == _XMP_WRITER_FIELDS.sub(b"", new.data))
    if ref == ref_of(signed.trailer_view, "/Info"):
        if not (isinstance(old, generic.DictionaryObject) and isinstance(new, generic.DictionaryObject)):
            return False
        keys = (set(old) | set(new)) - _WRITER_INFO_KEYS
        return all(k in old and k in new
                   and _serialised(old.raw_get(k)) == _serialised(new.raw_get(k)) for k in keys)
    return False


def _serialised(obj: Any) -> bytes:
    out = io.BytesIO()
    obj.write_to_stream(out, None)
    return out.getvalue()


def _catalog_rest(catalog: Any) -> dict[str, bytes]:
    return {str(k): _serialised(catalog.raw_get(k)) for k in catalog
            if k not in ("/DSS", "/Extensions")}


def _reachable(obj: Any, resolver: Any) -> set[tuple[int, int]]:
    """The indirect objects `obj` leads to, as (number, generation)."""
    from pyhanko.pdf_utils import generic

    seen: set[tuple[int, int]] = set()
    stack = [obj]
    while stack:
        item = stack.pop()
        if isinstance(item, generic.IndirectObject):
            key = (item.idnum, item.generation)
            if key in seen:
                continue
            seen.add(key)
            stack.append(resolver(item.reference))
        elif isinstance(item, generic.DictionaryObject):
            stack.extend(item.raw_get(k) for k in item)
        elif isinstance(item, generic.ArrayObject):
            stack.extend(item.raw_get(i) for i in range(len(item)))
    return seen


def verify_pdf(pdf: bytes, anchors: Sequence[x509.Certificate]) -> PdfCheck:
    """Check every signature in `pdf` against the trust `anchors` (offline: nothing is
    fetched), in signing order, and whether anything changed after the last one.

    A file that is not a PDF or can not be read raises ValueError (English). A PDF with
    no signature is not ok: copied metadata proves nothing."""
    reader = _reader(pdf)
    try:
        sigs = list(reader.embedded_regular_signatures)
    except Exception as exc:  # a broken AcroForm: pyHanko raises from several layers
        raise ValueError(f"The PDF's signature fields can not be read: {exc}") from exc
    extra = list(anchors)

    async def run() -> list[EmbeddedSignature]:
        return [await _check_one(s, anchors, extra) for s in sigs]

    checked = asyncio.run(run()) if sigs else []
    unsigned_after = False
    if sigs:
        last = sigs[-1]
        if not checked[-1].covers_whole_file:
            unsigned_after = not _allowed_tail(reader, last.signed_revision)
    if unsigned_after and checked and not checked[-1].modified_after:
        last_check = checked[-1]
        checked[-1] = EmbeddedSignature(**{
            **last_check.__dict__, "modified_after": True,
            "problem": "; ".join(p for p in (last_check.problem,
                                             "the document was changed after this signature") if p)})
    ok = bool(checked) and all(c.intact and c.valid and c.trusted for c in checked) \
        and not unsigned_after and not any(c.modified_after for c in checked)
    return PdfCheck(signatures=checked, unsigned_changes_after_last=unsigned_after, ok=ok)


def signed_revision_bytes(pdf: bytes, signature_index: int) -> bytes:
    """The bytes of `pdf` as the `signature_index`-th signature (0-based, signing order)
    signed them: the file up to the end of that signature's revision. The caller reads
    the metadata of what was signed from it (e.g. the minutes' UUID and fingerprint), not
    from whatever was appended later."""
    reader = _reader(pdf)
    sigs = reader.embedded_regular_signatures
    if not 0 <= signature_index < len(sigs):
        raise IndexError(f"the PDF has {len(sigs)} signature(s)")
    byte_range = sigs[signature_index].byte_range
    end = int(byte_range[2]) + int(byte_range[3])
    return pdf[:end]


def certificate_sha256(certificate: x509.Certificate) -> str:
    """SHA-256 of a certificate's DER (how `EmbeddedSignature.certificate_sha256` names it)."""
    return hashlib.sha256(der(certificate)).hexdigest()
