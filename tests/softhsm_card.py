"""A real software smart card for the tests of signing with a card: a SoftHSM2 token
(the PKCS#11 token Debian ships for testing) in the test's own folder, holding a person's
key and certificate as an issuer writes them onto a card."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from required_tools import missing, require_tool

from ogp_desktop.core.keys.certificates import KeyPair

LIBRARY = "/usr/lib/softhsm/libsofthsm2.so"


def make_card(folder: Path, monkeypatch: pytest.MonkeyPatch, label: str, pin: str,
              key_label: str, person: KeyPair) -> None:
    """A token `label` with `person`'s key and certificate (both `key_label`), found by the
    program through OGP_DESKTOP_PKCS11_LIB."""
    require_tool("softhsm2-util")
    if not os.path.exists(LIBRARY):
        missing(LIBRARY, "softhsm2")
    store = folder / "softhsm"
    store.mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {store}\nobjectstore.backend = file\n"
                    "log.level = ERROR\n", encoding="utf-8")
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    monkeypatch.setenv("OGP_DESKTOP_PKCS11_LIB", LIBRARY)
    subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", label, "--pin", pin,
                    "--so-pin", "13579246"], check=True, capture_output=True)
    _write_to_card(label, pin, key_label, person)


def _write_to_card(label: str, pin: str, key_label: str, person: KeyPair) -> None:
    import pkcs11
    from cryptography.hazmat.primitives.serialization import Encoding
    from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass
    from pkcs11.util.ec import encode_named_curve_parameters

    assert isinstance(person.key, ec.EllipticCurvePrivateKey)
    library = pkcs11.lib(LIBRARY)  # loaded once per process, and SoftHSM2 reads its
    library.reinitialize()  # SOFTHSM2_CONF when initialized: this test's store, not the last's
    token = library.get_token(token_label=label)
    with token.open(user_pin=pin, rw=True) as session:
        session.create_object({
            Attribute.CLASS: ObjectClass.PRIVATE_KEY, Attribute.KEY_TYPE: KeyType.EC,
            Attribute.LABEL: key_label, Attribute.ID: b"\x01", Attribute.TOKEN: True,
            Attribute.PRIVATE: True, Attribute.SENSITIVE: True, Attribute.SIGN: True,
            Attribute.EC_PARAMS: encode_named_curve_parameters("secp256r1"),
            Attribute.VALUE: person.key.private_numbers().private_value.to_bytes(32, "big")})
        session.create_object({
            Attribute.CLASS: ObjectClass.CERTIFICATE,
            Attribute.CERTIFICATE_TYPE: CertificateType.X_509, Attribute.LABEL: key_label,
            Attribute.ID: b"\x01", Attribute.TOKEN: True,
            Attribute.SUBJECT: person.certificate.subject.public_bytes(),
            Attribute.VALUE: person.certificate.public_bytes(Encoding.DER)})
