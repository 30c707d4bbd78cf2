"""Signing a statement with a person's key and checking it with their certificate.

ECDSA with SHA-256 for the unit's EC keys; RSA PKCS#1 v1.5 with SHA-256 for keys a licensed
authority issued (often RSA). The value is what `cryptography` gives (DER for ECDSA)."""

from __future__ import annotations

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from ogp_desktop.core.keys.certificates import KeyPair
from ogp_desktop.core.keys.tokens import TokenKey

__all__ = ["sign_statement", "statement_holds"]


def sign_statement(pair: KeyPair | TokenKey, data: bytes) -> bytes:
    if isinstance(pair, TokenKey):  # the card signs
        return pair.sign(data)
    key = pair.key
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return key.sign(data, ec.ECDSA(hashes.SHA256()))
    return key.sign(data, padding.PKCS1v15(), hashes.SHA256())


def statement_holds(certificate: x509.Certificate, data: bytes, value: bytes | None) -> bool:
    """Whether `value` is a signature over `data` by the key of `certificate`."""
    if not value:
        return False
    public = certificate.public_key()
    try:
        if isinstance(public, ec.EllipticCurvePublicKey):
            public.verify(value, data, ec.ECDSA(hashes.SHA256()))
        elif isinstance(public, rsa.RSAPublicKey):
            public.verify(value, data, padding.PKCS1v15(), hashes.SHA256())
        else:
            return False
    except InvalidSignature:
        return False
    return True
