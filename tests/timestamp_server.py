"""A real RFC 3161 timestamp server on 127.0.0.1 for the tests of timestamped signatures
(pyHanko's DummyTimeStamper behind http.server), its key issued by the unit's authority;
and an address where nothing answers."""

from __future__ import annotations

import asyncio
import datetime as dt
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from ogp_desktop.core.keys.certificates import KeyPair


def tsa_pair(unit: KeyPair) -> KeyPair:
    """A timestamp authority's key and certificate, issued by the unit's authority (RSA:
    pyHanko's DummyTimeStamper signs with RSA only)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Test TSA")]))
            .issuer_name(unit.certificate.subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
            .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False),
                           critical=True)
            .sign(unit.key, hashes.SHA256()))
    return KeyPair(key, cert, (unit.certificate,))


@dataclass
class Server:
    url: str
    requests: list[str] = field(default_factory=list)  # the content types asked with
    failures: list[str] = field(default_factory=list)  # the server's own errors


@contextmanager
def timestamp_server(unit: KeyPair) -> Iterator[Server]:
    """A timestamp server whose authority `unit` issued, for as long as the block runs."""
    from asn1crypto import keys as asn1_keys
    from asn1crypto import tsp
    from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    from ogp_desktop.pdf import pades

    pades._asn1_tables()  # the stamper names tst_info, as a signer does (see there)
    tsa = tsa_pair(unit)
    stamper = DummyTimeStamper(
        tsa_cert=pades._asn1(tsa.certificate),
        tsa_key=asn1_keys.PrivateKeyInfo.load(
            tsa.key.private_bytes(Encoding.DER, PrivateFormat.PKCS8, NoEncryption())),
        certs_to_embed=[pades._asn1(unit.certificate)])
    server_ = Server("")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            try:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                server_.requests.append(self.headers["Content-Type"])
                req = tsp.TimeStampReq.load(body)
                reply = asyncio.run(stamper.async_request_tsa_response(req)).dump()
            except Exception as exc:  # said by the test, not lost in a server thread
                server_.failures.append(f"{type(exc).__name__}: {exc}")
                self.send_error(500)
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

        def log_message(self, *args):
            pass

    http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    server_.url = f"http://127.0.0.1:{http.server_address[1]}/tsa"
    try:
        yield server_
    finally:
        http.shutdown()
        http.server_close()


def silent_url() -> str:
    """An address on 127.0.0.1 where nothing listens (a timestamp server that is down)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}/tsa"
