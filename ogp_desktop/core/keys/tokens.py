"""Signing keys on a PKCS#11 token or smart card (a licensed authority's card, a USB token).

The private key never leaves the card: the card signs. A key on a token is named by an
RFC 7512 URI, ``pkcs11:token=LABEL;object=KEY-LABEL`` (the certificate is the object of
the same label, or of the same id, on the token), and reached through the card's PKCS#11
library (its driver: OpenSC's ``opensc-pkcs11.so`` for most national ID and signature
cards, the vendor's for others); the PIN is asked for as a key file's password is.

`open_token_key` gives a `TokenKey`, used wherever a key file's `KeyPair` is: the
signature rows' statement signature (`sign`), and the PDF's PAdES signature through
pyHanko's PKCS11Signer (`pkcs11_session`, `key_label`). Every failure is a KeyFileError
that says what to do: no library, no such token (insert the card), wrong PIN, no key or
no certificate of that label."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from ogp_desktop.core.errors import KeyFileError, Plain
from ogp_desktop.core.i18n import N_
from ogp_desktop.core.keys.certificates import KeyPair

__all__ = ["DEFAULT_LIBRARIES", "ENV_PKCS11_LIB", "WRONG_PIN", "SignerKey", "TokenKey",
           "TokenURI", "find_library", "is_token_uri", "open_token_key", "parse_uri"]

ENV_PKCS11_LIB = "OGP_DESKTOP_PKCS11_LIB"
WRONG_PIN = N_("The PIN of the card {token} is wrong; nothing was signed (several wrong PINs "
               "lock the card)")  # the msgid, for a dialog that puts the focus on the PIN
# where Debian, Fedora, macOS (Homebrew) and Windows put OpenSC's PKCS#11 module
DEFAULT_LIBRARIES = (
    "/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so", "/usr/lib/aarch64-linux-gnu/opensc-pkcs11.so",
    "/usr/lib64/opensc-pkcs11.so", "/usr/lib/opensc-pkcs11.so",
    "/opt/homebrew/lib/opensc-pkcs11.so", "/usr/local/lib/opensc-pkcs11.so",
    r"C:\Windows\System32\opensc-pkcs11.dll",
)


@dataclass(frozen=True)
class TokenURI:
    token: str
    object: str


def is_token_uri(text: str) -> bool:
    return text.startswith("pkcs11:")


def parse_uri(text: str) -> TokenURI:
    """``pkcs11:token=…;object=…`` (RFC 7512; values percent-encoded)."""
    if not is_token_uri(text):
        raise KeyFileError("{uri} is not a token's key: write pkcs11:token=CARD;object=KEY",
                           uri=text)
    parts: dict[str, str] = {}
    for item in text[len("pkcs11:"):].split("?", 1)[0].split(";"):
        name, sep, value = item.partition("=")
        if sep:
            parts[name.strip()] = unquote(value)
    if not parts.get("token") or not parts.get("object"):
        raise KeyFileError(
            "{uri} does not name both the token and the key: write pkcs11:token=CARD;object=KEY "
            "(the labels the card's software shows)", uri=text)
    return TokenURI(parts["token"], parts["object"])


def find_library(given: str | None = None) -> str:
    """The PKCS#11 library to load: `given`, else $OGP_DESKTOP_PKCS11_LIB, else OpenSC's
    where it is usually installed."""
    chosen = given or os.environ.get(ENV_PKCS11_LIB)
    if chosen:
        return chosen
    for path in DEFAULT_LIBRARIES:
        if os.path.exists(path):
            return path
    raise KeyFileError(
        "No PKCS#11 library was found for the card: install the card's driver (OpenSC for "
        "most cards) or give its library with --pkcs11-lib (or {env})", env=Plain(ENV_PKCS11_LIB))


@dataclass(frozen=True)
class TokenKey:
    """A private key on an open token session, with its certificate (and the certificates
    above it that the token holds, issuer first)."""

    certificate: x509.Certificate
    chain: tuple[x509.Certificate, ...]
    token_label: str
    key_label: str
    pkcs11_session: Any = field(repr=False, compare=False)  # pkcs11.Session
    _key: Any = field(repr=False, compare=False)  # pkcs11 PrivateKey

    @property
    def is_ec(self) -> bool:
        return isinstance(self.certificate.public_key(), ec.EllipticCurvePublicKey)

    @staticmethod
    def is_card_error(exc: BaseException) -> bool:
        import pkcs11

        return isinstance(exc, pkcs11.PKCS11Error) or isinstance(exc.__cause__, pkcs11.PKCS11Error)

    def refused(self, exc: BaseException) -> KeyFileError:
        """What to say when the card fails while signing."""
        error = exc.__cause__ if self.is_card_error(exc) and exc.__cause__ is not None else exc
        return KeyFileError("The card {token} refused to sign ({error}): check that it is "
                            "still inserted and unlocked", token=self.token_label,
                            error=Plain(type(error).__name__))

    def sign(self, data: bytes) -> bytes:
        """A signature over `data` with SHA-256, as core.keys.statements makes with a key
        file: DER ECDSA for an EC key, PKCS#1 v1.5 for RSA. The card does the signing."""
        import pkcs11

        public = self.certificate.public_key()
        try:
            if isinstance(public, ec.EllipticCurvePublicKey):
                # the card signs the digest (CKM_ECDSA): what every card can; few have
                # CKM_ECDSA_SHA256, which hashes on the card
                raw = self._key.sign(hashlib.sha256(data).digest(), mechanism=pkcs11.Mechanism.ECDSA)
                half = len(raw) // 2
                return encode_dss_signature(int.from_bytes(raw[:half], "big"),
                                            int.from_bytes(raw[half:], "big"))
            if isinstance(public, rsa.RSAPublicKey):
                return bytes(self._key.sign(data, mechanism=pkcs11.Mechanism.SHA256_RSA_PKCS))
        except pkcs11.PKCS11Error as exc:
            raise self.refused(exc) from exc
        raise KeyFileError("The key {label} on the card {token} is neither EC nor RSA; "
                           "it can not sign minutes", label=self.key_label,
                           token=self.token_label)

    def close(self) -> None:
        try:
            self.pkcs11_session.close()
        except Exception:  # already closed, or the card was pulled out: nothing to keep
            pass


# what signs: a key file's key, or a key on a card
SignerKey = KeyPair | TokenKey


def open_token_key(uri: str, pin: bytes | str, library: str | None = None) -> TokenKey:
    """Log in to the token `uri` names with `pin` and find its key and certificate."""
    import pkcs11
    from pkcs11 import Attribute, ObjectClass

    where = parse_uri(uri)
    path = find_library(library)
    try:
        lib = pkcs11.lib(path)
    except (pkcs11.PKCS11Error, OSError) as exc:
        raise KeyFileError("The PKCS#11 library {path} can not be loaded: install the card's "
                           "driver, or give the right library with --pkcs11-lib", path=path) from exc
    try:
        token = lib.get_token(token_label=where.token)
    except pkcs11.NoSuchToken as exc:
        present = [t.label.strip() for t in lib.get_tokens() if t.label.strip()]
        raise KeyFileError(
            "No card or token labelled {token} is present: insert it (or check the label; "
            "present: {present})", token=where.token,
            present=Plain("، ".join(present) if present else "-")) from exc
    except pkcs11.MultipleTokensReturned as exc:
        raise KeyFileError("Several tokens are labelled {token}: leave only one inserted",
                           token=where.token) from exc
    text_pin = pin.decode("utf-8") if isinstance(pin, bytes) else pin
    try:
        session = token.open(user_pin=text_pin)
    except (pkcs11.PinIncorrect, pkcs11.PinLenRange, pkcs11.PinInvalid) as exc:
        raise KeyFileError(WRONG_PIN, token=where.token) from exc
    except pkcs11.PinLocked as exc:
        raise KeyFileError("The card {token} is locked after too many wrong PINs: unlock it "
                           "with its PUK or ask whoever issued it", token=where.token) from exc
    except pkcs11.PKCS11Error as exc:
        raise KeyFileError("The card {token} can not be opened ({error})", token=where.token,
                           error=Plain(type(exc).__name__)) from exc
    try:
        try:
            key = session.get_key(object_class=ObjectClass.PRIVATE_KEY, label=where.object)
        except pkcs11.NoSuchKey as exc:
            raise KeyFileError("The card {token} holds no key labelled {label}",
                               token=where.token, label=where.object) from exc
        except pkcs11.MultipleObjectsReturned as exc:
            raise KeyFileError("The card {token} holds several keys labelled {label}",
                               token=where.token, label=where.object) from exc
        certs = [x509.load_der_x509_certificate(bytes(o[Attribute.VALUE])) for o in
                 session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE})]
        mine = _certificate_of(session, key, where.object)
        if mine is None:
            raise KeyFileError("The card {token} holds no certificate for the key {label}: "
                               "have it written to the card with the key", token=where.token,
                               label=where.object)
        chain = tuple(c for c in certs if c != mine)
        return TokenKey(mine, chain, where.token, where.object, session, key)
    except BaseException:
        session.close()
        raise


def _certificate_of(session: Any, key: Any, label: str) -> x509.Certificate | None:
    """The certificate of the key: the one labelled like it, else the one with its id."""
    from pkcs11 import Attribute, ObjectClass

    for attrs in ({Attribute.LABEL: label}, {Attribute.ID: _attr(key, Attribute.ID)}):
        if any(v is None for v in attrs.values()):
            continue
        found = list(session.get_objects({Attribute.CLASS: ObjectClass.CERTIFICATE, **attrs}))
        if found:
            return x509.load_der_x509_certificate(bytes(found[0][Attribute.VALUE]))
    return None


def _attr(obj: Any, attribute: Any) -> Any:
    try:
        return obj[attribute]
    except Exception:  # the token does not give that attribute
        return None
